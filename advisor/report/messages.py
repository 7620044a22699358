"""Every sentence the report's Python code writes, in one place (templates hold their own).

The report is translated through a message catalogue: keeping the English text here, as
`str.format` templates with named fields, lets the catalogue replace it whole. Code picks a
message by key and fills in values; it never glues words together itself.
"""

from __future__ import annotations

from typing import Any

#: Facts from the answers that speak for one framework: (message key, criterion the fact moves).
#: The report's reasons and risks quote them in the team's terms.
FACTS: dict[str, str] = {
    "team_pytorch_strong": "your team knows PyTorch well",
    "team_tensorflow_strong": "your team knows TensorFlow well",
    "assets_pytorch": "your existing models and pipelines are in PyTorch, and moving them would"
                      " mean rewriting them",
    "assets_tensorflow": "your existing models and pipelines are in TensorFlow, and moving them"
                         " would mean rewriting them",
    "customization_high": "you change model internals a lot, which PyTorch's define-by-run"
                          " style makes easier",
    "stage_research": "the project is research, where the speed of trying ideas counts most",
    "stage_production": "the project is going to production, where mature serving and"
                        " pipelines count most",
    "target_mobile": "your models must run in {platform} apps, and LiteRT (formerly TF Lite) is"
                     " the most widely deployed on-device runtime",
    "target_edge": "your models must run on edge devices, where LiteRT and TF Lite Micro lead",
    "target_browser": "your models must run in the browser, where TensorFlow.js is the"
                      " mature path",
    "hardware_tpu": "you train on Google TPUs, where TensorFlow and JAX are best supported",
    "domain_nlp": "the project is NLP / LLM work, and Hugging Face Transformers v5 supports"
                  " PyTorch only",
    "domain_vision": "for computer vision, most new models appear in PyTorch first"
                     " (torchvision, timm)",
    "mlops_managed": "you want managed pipelines, where TFX is the most complete",
    "priority": "you rated {criterion} {priority} of 5, and {option} rates higher on it",
}

TEXT: dict[str, str] = {
    "and": "{first} and {last}",
    # Page one.
    "headline": "{chosen}",
    "headline_tie": "Tie: {chosen} and {runner_up} score the same",
    "headline_hybrid": "Hybrid: research in {research}, deployment with {deployment}",
    "runner_up": "Runner-up: {runner_up}, {runner_score} against {score} on a 1–5 scale"
                 " (margin {margin}).",
    "no_runner_up": "No other option could be recommended.",
    "reason_research_side": "Research in {option}: {facts}.",
    "reason_deployment_side": "Deployment with {option}: {facts}.",
    "reason_bridge": "A converter joins the two sides ({converter}); whether it handles this"
                     " project's models is the first thing the proof of concept tests.",
    "reason_plain": "{fact}.",
    "reason_criterion": "{option} rates higher on {criterion} ({mine} against {theirs}), which"
                        " carries {share} of the weight.",
    "confidence_meaning": "When your priorities and the ratings are varied at random ({samples}"
                          " plausible variations), {chosen} still comes first in {share} of them."
                          " This measures how much the priorities and the ratings could move; it"
                          " does not check the evidence itself.",
    "confidence_unknown": "No sensitivity analysis was run, so the confidence is not known.",
    "changes_none": "No change of one or two answers gives a different recommendation.",
    "changes_more": "{count} more in the record's JSON (recommendation.what_would_change_it).",
    # Evidence quality.
    "evidence_none": "Nothing was measured (the run used --no-probes): the ratings come from"
                     " the decision model and the answers only.",
    "evidence_measured": "Measured on {device}: {workloads} benchmark workloads in both"
                         " frameworks{budget}.",
    "evidence_no_benchmarks": "The probes ran on {device}, but no benchmark was measured.",
    "evidence_applies": "That is the project's target hardware, so the results apply.",
    "evidence_not_target": "The project targets {target}, so the speed results are only"
                           " indicative for it",
    "evidence_moved": "; they moved the Performance rating by at most {delta} points.",
    "evidence_not_moved": "; they did not move any rating.",
    "evidence_not_applied": "; they were not applied: {reason}.",
    "evidence_failures": "{count} probe(s) gave no result ({probes}).",
    "evidence_cut_short": "{count} measurement(s) were cut short ({what}; see the appendix).",
    "risk_close_call_settle": "Agree the weights of the decision drivers in the review.",
    "owner": "to be named",
    # Revisit.
    "revisit_stage": "The project's stage changes, or a deployment target is added or dropped.",
    "revisit_knowledge": "A major release of either framework appears: the decision model's"
                         " knowledge dates from {date}.",
    "revisit_team": "The team's framework experience changes substantially.",
    "revisit_poc": "A proof-of-concept gate fails.",
    # Pros and cons (the Markdown record).
    "pro_con": "it rates {mine} against {theirs} for {rival} on {criterion} ({share} of the"
               " weight).",
    "hybrid_pro": "each side of the project can use the framework that rates higher for it.",
    "hybrid_con_two": "two frameworks must be known, installed and kept up to date.",
    "hybrid_con_bridge": "the conversion step must be tested for every model: unsupported"
                         " operators and numerical drift are the usual failures.",
    # Consequences.
    "consequence_good": "{option} is stronger than {rival} on {criterion}.",
    "consequence_bad": "{option} is weaker than {rival} on {criterion}.",
    # Charts.
    "chart_difference_title": "Per-criterion difference: {chosen} minus {runner_up}",
    "chart_difference_axis": "contribution to the weighted score (points on the 1–5 scale)",
    "chart_difference_desc": "{chosen} against {runner_up}, per criterion (points): {values}."
                             " Positive values favour {chosen}.",
    "chart_ratio_title": "Benchmark speed ratio per workload",
    "chart_ratio_axis": "TensorFlow time ÷ PyTorch time (right of 1: PyTorch faster)",
    "chart_ratio_desc": "Speed ratio TensorFlow time over PyTorch time, with 95% intervals:"
                        " {values}.",
    "chart_eager": "eager",
    "chart_compiled": "compiled",
}

#: Two-part messages: (risk, mitigation) and (proof-of-concept step, measurable gate).
PAIRS: dict[str, tuple[str, str]] = {
    "risk_conversion": ("Some of the models' operators may not convert from {research} to"
                        " {deployment} ({converter}).",
                        "Convert the most complex model first, before other work depends on the"
                        " bridge; replace or re-implement the layers that fail."),
    "risk_parity": ("Converted models may not compute the same outputs as the trained ones.",
                    "Compare outputs of the trained and the converted model on held-out data in"
                    " CI for every model release."),
    "risk_two_toolchains": ("Two frameworks and a converter must be installed, pinned and"
                            " upgraded together.",
                            "Name one owner of the deployment toolchain and pin the versions of"
                            " both frameworks and the converter in one lock file."),
    "risk_skill_gap": ("The team has {level} {framework} experience, and {framework} is part"
                       " of the chosen path.",
                       "Pair the first {framework} model with someone experienced, or budget"
                       " training before the proof of concept."),
    "risk_evidence_off_target": ("Speed was measured on {measured}, not on the target"
                                 " ({target}).",
                                 "Run advisor probe on a machine with the target hardware before"
                                 " relying on the speed results."),
    "risk_no_evidence": ("Nothing was measured on the team's hardware.",
                         "Run advisor assess without --no-probes on the target machine."),
    "risk_close_call": ("The outcome is {kind}: it holds under {share} of plausible"
                        " weightings.",
                        "{settle}"),
    "risk_constraint": ("Requirement \"{description}\" is {status} for {option}{reason}.",
                        "Prove this requirement with a prototype before committing."),
    "risk_probe_failed": ("{count} probe(s) gave no result ({probes}), so part of the evidence"
                          " is missing.",
                          "Fix the cause shown in the appendix and run the probes again."),
    "risk_packages": ("Packages this project needs are missing or incompatible on the probed"
                      " machine: {packages}.",
                      "Pin compatible versions in the project's environment and re-probe"
                      " (advisor probe --only ecosystem)."),
    "poc_convert": ("Convert the most complex model with {converter}.",
                    "Every operator converts without custom-op fallbacks."),
    "poc_parity": ("Compare the converted model's outputs with the trained model's.",
                   "On 1,000 held-out inputs, top-1 agreement at least 99.5% and largest"
                   " absolute difference at most 1e-3 (agree the figures in the review)."),
    "poc_device": ("Measure on-device latency on a real {platform} phone (the slowest one"
                   " supported).",
                   "95th-percentile latency within the product's budget (write it in: ___ ms)."),
    "poc_skill": ("The team builds its first model in {framework}.",
                  "Trained, exported and reviewed by the team within two weeks."),
    "poc_target_benchmarks": ("Run the benchmarks on the target hardware ({target}).",
                              "advisor probe on the target machine; the verdicts hold or the"
                              " record is updated."),
}


def text(key: str, **values: Any) -> str:
    """The message `key` with its fields filled in."""
    return TEXT[key].format(**values)


def pair(key: str, **values: Any) -> tuple[str, str]:
    """A two-part message (risk and mitigation, step and gate) with its fields filled in."""
    first, second = PAIRS[key]
    return first.format(**values), second.format(**values)


def fact(key: str, **values: Any) -> str:
    """One fact from the answers, as a clause (no capital, no full stop)."""
    return FACTS[key].format(**values)

#: The converter named for a hybrid's bridge, by the deployment target it serves (first match).
CONVERTERS: dict[str, str] = {
    "mobile": "ai-edge-torch, or ONNX to LiteRT",
    "edge_embedded": "ai-edge-torch, or ONNX to LiteRT",
    "browser": "ONNX, then TensorFlow.js or ONNX Runtime Web",
    "default": "ONNX export, then ONNX Runtime or TF Serving",
}

#: Team experience answers as the skill-gap risk words them.
EXPERIENCE: dict[str, str] = {"none": "no", "some": "only some"}

#: A source title as the decision model's file writes it, and as a reader of the report needs it.
SOURCE_TITLES: dict[str, str] = {
    "(documented in this file)": "(documented in questionnaires/decision_model.yaml)",
}

#: Hardware answers as the evidence line names them.
HARDWARE_NAMES: dict[str, str] = {
    "nvidia_gpu": "NVIDIA GPUs", "amd_gpu": "AMD GPUs", "google_tpu": "Google TPUs",
    "apple_silicon": "Apple silicon", "intel_gpu": "Intel GPUs", "cpu_only": "CPUs only",
}

#: Confidence badges: (label, what it means in a few words).
BADGES: dict[str, tuple[str, str]] = {
    "robust": ("Robust", "the choice holds under most plausible weightings"),
    "sensitive": ("Sensitive", "other plausible weightings change the choice"),
    "close_call": ("Close call", "the options are nearly tied"),
}
