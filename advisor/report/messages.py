"""Every sentence the report's Python code writes, in one place (templates hold their own).

The report is translated through a message catalogue: keeping the English text here, as
`str.format` templates with named fields, lets the catalogue replace it whole. Code picks a
message by key and fills in values; it never glues words together itself.
"""

from __future__ import annotations

from typing import Any

from advisor.i18n import N_, _

#: Facts from the answers that speak for one framework: (message key, criterion the fact moves).
#: The report's reasons and risks quote them in the team's terms.
FACTS: dict[str, str] = {
    "team_pytorch_strong": N_("your team knows PyTorch well"),
    "team_tensorflow_strong": N_("your team knows TensorFlow well"),
    "assets_pytorch": N_("your existing models and pipelines are in PyTorch, and moving them would"
                      " mean rewriting them"),
    "assets_tensorflow": N_("your existing models and pipelines are in TensorFlow, and moving them"
                         " would mean rewriting them"),
    "customization_high": N_("you change model internals a lot, which PyTorch's define-by-run"
                          " style makes easier"),
    "stage_research": N_("the project is research, where the speed of trying ideas counts most"),
    "stage_production": N_("the project is going to production, where mature serving and"
                        " pipelines count most"),
    "target_mobile": N_("your models must run in {platform} apps, and LiteRT (formerly TF Lite) is"
                     " the most widely deployed on-device runtime"),
    "target_edge": N_("your models must run on edge devices, where LiteRT and TF Lite Micro lead"),
    "target_browser": N_("your models must run in the browser, where TensorFlow.js is the"
                      " mature path"),
    "hardware_tpu": N_("you train on Google TPUs, where TensorFlow and JAX are best supported"),
    "domain_nlp": N_("the project is NLP / LLM work, and Hugging Face Transformers v5 supports"
                  " PyTorch only"),
    "domain_vision": N_("for computer vision, most new models appear in PyTorch first"
                     " (torchvision, timm)"),
    "mlops_managed": N_("you want managed pipelines, where TFX is the most complete"),
    "priority": N_("you rated {criterion} {priority} of 5, and {option} rates higher on it"),
}

TEXT: dict[str, str] = {
    "and": N_("{first} and {last}"),
    # Page one.
    "headline": "{chosen}",
    "headline_tie": N_("Tie: {chosen} and {runner_up} score the same"),
    "headline_hybrid": N_("Hybrid: research in {research}, deployment with {deployment}"),
    "runner_up": N_("Runner-up: {runner_up}, {runner_score} against {score} on a 1–5 scale"
                 " (margin {margin})."),
    "no_runner_up": N_("No other option could be recommended."),
    "no_eligible_runner_up": N_("No other option meets every hard constraint."),
    "excluded_by": N_("{option} is excluded by a hard constraint: {constraint}."),
    "wins_more": N_("But {leader} comes first in {leader_share} of the plausible variations,"
                    " {chosen} in {share}."),
    "why_against": N_("Why {chosen} rather than {rival}"),
    "why_against_excluded": N_("Why {chosen} rather than {rival} (excluded)"),
    "because_against": N_("Chosen option: \"{chosen}\" rather than {rival}, because:"),
    "because_against_excluded": N_("Chosen option: \"{chosen}\" rather than {rival} (excluded),"
                                   " because:"),
    "reason_research_side": N_("Research in {option}: {facts}."),
    "reason_deployment_side": N_("Deployment with {option}: {facts}."),
    "reason_bridge": N_("A converter joins the two sides ({converter}); whether it handles this"
                     " project's models is the first thing the proof of concept tests."),
    "reason_plain": N_("{fact}."),
    "reason_criterion": N_("{option} rates higher on {criterion} ({mine} against {theirs}), which"
                        " carries {share} of the weight."),
    "confidence_meaning": N_("When your priorities and the ratings are varied at random ({samples}"
                          " plausible variations), {chosen} still comes first in {share} of them."
                          " This measures how much the priorities and the ratings could move; it"
                          " does not check the evidence itself."),
    "confidence_unknown": N_("No sensitivity analysis was run, so the confidence is not known."),
    "change_lifts": N_("{change} (this lifts the hard constraint that excludes {options})"),
    "changes_none": N_("No change of one or two answers gives a different recommendation."),
    "changes_more": N_("{count} more in the record's JSON (recommendation.what_would_change_it)."),
    # Evidence quality.
    "evidence_none": N_("Nothing was measured (the run used --no-probes): the ratings come from"
                     " the decision model and the answers only."),
    "evidence_measured": N_("Measured on {device}: {workloads} benchmark workloads in both"
                         " frameworks{budget}."),
    "evidence_no_benchmarks": N_("The probes ran on {device}, but no benchmark was measured."),
    "evidence_applies": N_("That is the project's target hardware, so the results apply"),
    "evidence_on_target_not_applied": N_("That is the project's target hardware, but the results"
                                         " were not applied: {reason}."),
    "evidence_not_target": N_("The project targets {target}, so the speed results are only"
                           " indicative for it"),
    "evidence_moved": N_("; they moved the Performance rating by at most {delta} points."),
    "evidence_not_moved": N_("; they did not move any rating."),
    "evidence_not_applied": N_("; they were not applied: {reason}."),
    "evidence_failures": N_("{count} probe(s) gave no result ({probes})."),
    "evidence_cut_short": N_("{count} measurement(s) were cut short ({what}; see the appendix)."),
    "risk_close_call_settle": N_("Agree the weights of the decision drivers in the review."),
    "owner": N_("to be named"),
    # Revisit.
    "revisit_stage": N_("The project's stage changes, or a deployment target is added or dropped."),
    "revisit_knowledge": N_("A major release of either framework appears: the decision model's"
                         " knowledge dates from {date}."),
    "revisit_team": N_("The team's framework experience changes substantially."),
    "revisit_poc": N_("A proof-of-concept gate fails."),
    # Pros and cons (the Markdown record).
    "pro_con": N_("it rates {mine} against {theirs} for {rival} on {criterion} ({share} of the"
               " weight)."),
    "hybrid_pro": N_("each side of the project can use the framework that rates higher for it."),
    "hybrid_con_two": N_("two frameworks must be known, installed and kept up to date."),
    "hybrid_con_bridge": N_("the conversion step must be tested for every model: unsupported"
                         " operators and numerical drift are the usual failures."),
    # Consequences.
    "consequence_good": N_("{option} is stronger than {rival} on {criterion}."),
    "consequence_bad": N_("{option} is weaker than {rival} on {criterion}."),
    # Charts.
    "chart_difference_title": N_("Per-criterion difference: {chosen} minus {runner_up}"),
    "chart_difference_axis": N_("contribution to the weighted score (points on the 1–5 scale)"),
    "chart_difference_desc": N_("{chosen} against {runner_up}, per criterion (points): {values}."
                             " Positive values favour {chosen}."),
    "chart_ratio_title": N_("Benchmark speed ratio per workload"),
    "chart_ratio_axis": N_("TensorFlow time ÷ PyTorch time (right of 1: PyTorch faster)"),
    # The share is a field: "95% i" would read as a %-placeholder to the catalogue's checks.
    "chart_ratio_desc": N_("Speed ratio TensorFlow time over PyTorch time, with {level}"
                           " intervals: {values}."),
    "chart_eager": N_("eager"),
    "chart_compiled": N_("compiled"),
}

#: Two-part messages: (risk, mitigation) and (proof-of-concept step, measurable gate).
PAIRS: dict[str, tuple[str, str]] = {
    "risk_conversion": (N_("Some of the models' operators may not convert from {research} to"
                        " {deployment} ({converter})."),
                        N_("Convert the most complex model first, before other work depends on the"
                        " bridge; replace or re-implement the layers that fail.")),
    "risk_parity": (N_("Converted models may not compute the same outputs as the trained ones."),
                    N_("Compare outputs of the trained and the converted model on held-out data in"
                    " CI for every model release.")),
    "risk_two_toolchains": (N_("Two frameworks and a converter must be installed, pinned and"
                            " upgraded together."),
                            N_("Name one owner of the deployment toolchain and pin the versions of"
                            " both frameworks and the converter in one lock file.")),
    "risk_skill_gap": (N_("The team has {level} {framework} experience, and {framework} is part"
                       " of the chosen path."),
                       N_("Pair the first {framework} model with someone experienced, or budget"
                       " training before the proof of concept.")),
    "risk_evidence_off_target": (N_("Speed was measured on {measured}, not on the target"
                                 " ({target})."),
                                 N_("Run advisor probe on a machine with the target hardware before"
                                 " relying on the speed results.")),
    "risk_no_evidence": (N_("Nothing was measured on the team's hardware."),
                         N_("Run advisor assess without --no-probes on the target machine.")),
    "risk_close_call": (N_("The outcome is {kind}: it holds under {share} of plausible"
                        " weightings."),
                        N_("{settle}")),
    # The only option the hard requirements leave, held back only by its own warned ones.
    "risk_only_option": (N_("{option} is the only option that meets every hard requirement, and"
                         " it holds under {share} of the variations: where one of its warned"
                         " requirements fails ({requirements}), no option is left."),
                         N_("Prove {option}'s warned requirements first ({requirements}); if"
                            " one fails, revisit the requirement that excludes {excluded}.")),
    "risk_constraint": (N_("Requirement \"{description}\" is {status} for {option}{reason}."),
                        N_("Prove this requirement with a prototype before committing.")),
    "risk_probe_failed": (N_("{count} probe(s) gave no result ({probes}), so part of the evidence"
                          " is missing."),
                          N_("Fix the cause shown in the appendix and run the probes again.")),
    "risk_packages": (N_("Packages this project needs are incompatible with the framework on the"
                      " probed machine: {packages}."),
                      N_("Pin compatible versions in the project's environment and re-probe"
                      " (advisor probe --only ecosystem).")),
    "poc_convert": (N_("Convert the most complex model with {converter}."),
                    N_("Every operator converts without custom-op fallbacks.")),
    "poc_parity": (N_("Compare the converted model's outputs with the trained model's."),
                   N_("On 1,000 held-out inputs, top-1 agreement at least 99.5% and largest"
                   " absolute difference at most 1e-3 (agree the figures in the review).")),
    "poc_device": (N_("Measure on-device latency on a real {platform} phone (the slowest one"
                   " supported)."),
                   N_("95th-percentile latency within the product's budget (write it in:"
                      " ___ ms).")),
    "poc_skill": (N_("The team builds its first model in {framework}."),
                  N_("Trained, exported and reviewed by the team within two weeks.")),
    "poc_target_benchmarks": (N_("Run the benchmarks on the target hardware ({target})."),
                              N_("advisor probe on the target machine; the verdicts hold or the"
                              " record is updated.")),
}


def text(key: str, **values: Any) -> str:
    """The message `key` in the report's language with its fields filled in."""
    return _(TEXT[key]).format(**values)


def pair(key: str, **values: Any) -> tuple[str, str]:
    """A two-part message (risk and mitigation, step and gate) with its fields filled in."""
    first, second = PAIRS[key]
    return _(first).format(**values), _(second).format(**values)


def fact(key: str, **values: Any) -> str:
    """One fact from the answers, as a clause (no capital, no full stop)."""
    return _(FACTS[key]).format(**values)


def word(table: dict[str, str], key: str, default: str | None = None) -> str:
    """`table[key]` (a marked word such as a hardware name) in the report's language."""
    found = table.get(key)
    return _(found) if found is not None else (key if default is None else default)

#: The converter named for a hybrid's bridge, by the deployment target it serves (first match).
CONVERTERS: dict[str, str] = {
    "mobile": N_("ai-edge-torch, or ONNX to LiteRT"),
    "edge_embedded": N_("ai-edge-torch, or ONNX to LiteRT"),
    "browser": N_("ONNX, then TensorFlow.js or ONNX Runtime Web"),
    "default": N_("ONNX export, then ONNX Runtime or TF Serving"),
}

#: Team experience answers as the skill-gap risk words them.
EXPERIENCE: dict[str, str] = {"none": N_("no"), "some": N_("only some")}

#: A source title as the decision model's file writes it, and as a reader of the report needs it.
SOURCE_TITLES: dict[str, str] = {
    "(documented in this file)": N_("(documented in questionnaires/decision_model.yaml)"),
}

#: Hardware answers as the evidence line names them.
HARDWARE_NAMES: dict[str, str] = {
    "nvidia_gpu": N_("NVIDIA GPUs"), "amd_gpu": N_("AMD GPUs"), "google_tpu": N_("Google TPUs"),
    "apple_silicon": N_("Apple silicon"), "intel_gpu": N_("Intel GPUs"),
    "cpu_only": N_("CPUs only"),
}

#: Confidence badges: (label, what it means in a few words).
BADGES: dict[str, tuple[str, str]] = {
    "robust": (N_("Robust"), N_("the choice holds under most plausible weightings")),
    "sensitive": (N_("Sensitive"), N_("other plausible weightings change the choice")),
    "close_call": (N_("Close call"), N_("the options are nearly tied")),
}
