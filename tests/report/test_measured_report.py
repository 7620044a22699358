"""The report of a probe report recorded from a real `advisor probe --budget quick` run on a busy
machine (tests/assets/report/probe_report_quick_busy.json): the shapes the probes really write,
not hand-written ones, read as a reviewer needs them."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from advisor.assessment_io import load_probe_report
from advisor.pipeline import assess
from advisor.questionnaire import load_default_questionnaire, resolve_answers
from advisor.report.context import build_report_context
from advisor.report.ecosystem import catalogue_domains
from advisor.report.html import render_html
from advisor.report.ledger import FULL_LEDGER_NOTE, ledger_table
from tests.conftest import ASSETS, EXAMPLE_ANSWERS
from tests.report.conftest import FIXED_TIME

MEASURED = ASSETS / "report" / "probe_report_quick_busy.json"


def _context(*, charts: bool) -> dict[str, Any]:
    values = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    resolved = resolve_answers(load_default_questionnaire(), file_answers=values)
    assessment = assess(resolved, load_probe_report(MEASURED), created_at=FIXED_TIME,
                        command=["advisor", "assess"])
    return build_report_context(assessment, charts=charts)


@pytest.fixture(scope="module")
def measured_context() -> dict[str, Any]:
    return _context(charts=False)


def test_ledger_is_worded_settings_not_a_raw_dump(measured_context: dict[str, Any]) -> None:
    ledger = measured_context["evidence"]["benchmarks"]["ledger"]
    settings = [r["setting"] for r in ledger["rows"]]
    assert ledger["columns"] == ["PyTorch", "TensorFlow"]
    for wanted in ("Version", "Threads", "Thread variables set", "oneDNN", "Data type",
                   "Batch sizes", "Compiled mode", "Synchronisation", "Timing harness",
                   "Machine load", "Workload cnn_train_step"):
        assert wanted in settings
    # What the probes record for the JSON only stays out of the table...
    assert not {"Phases", "Framework", "Thread environment inherited"} & set(settings)
    assert ledger["note"] == FULL_LEDGER_NOTE
    # ...and no row is a dump of unset values.
    values = [v for r in ledger["rows"] for v in r["values"]]
    assert not any("not recorded" in v or "None" in v or "{" in v for v in values)
    rows = {r["setting"]: r["values"] for r in ledger["rows"]}
    assert rows["Thread variables set"][0] == "OMP_NUM_THREADS=2, MKL_NUM_THREADS=2"
    assert rows["Version"][1].startswith("2.21.0 (Keras 3.")
    assert "transformer_inference 16" in rows["Batch sizes"][0]
    assert "CUDA" not in rows  # neither side recorded one: no empty row


def test_ledger_words_the_harness_time_floors() -> None:
    plan = {"warmup_calls": 3, "min_samples": 10, "max_samples": 1000, "max_seconds": 2.0,
            "warmup_s": 0.5, "min_seconds": 1.5}
    table = ledger_table({"pytorch": {"harness": {"target_rel_iqr": 0.05, "plan": plan}}})
    assert table["rows"][0]["values"] == [
        "3 warm-up calls and at least 0.5 s; 10-1000 timed runs over at least 1.5 s;"
        " at most 2 s per workload; stops once IQR/median is under 5%"]


def test_ledger_says_what_each_side_compiled_per_workload() -> None:
    table = ledger_table({
        "pytorch": {"compile_mode": "torch.compile", "dtype": "float32",
                    "compile_scope": {"cnn_train_step": "the whole step", "matmul": "torch.mm"}},
        "tensorflow": {"compile_mode": "tf.function(jit_compile=True)",
                       "compile_scope": {"cnn_train_step": "one XLA cluster"}},
    })
    settings = [r["setting"] for r in table["rows"]]
    at = settings.index("Compiled mode")
    assert settings[at + 1:at + 3] == ["Compiles, cnn_train_step", "Compiles, matmul"]
    assert table["rows"][at + 1]["values"] == ["the whole step", "one XLA cluster"]
    assert table["rows"][at + 2]["values"] == ["torch.mm", "—"]
    assert "Compile scope" not in settings


def test_ledger_of_hand_written_and_odd_shapes() -> None:
    flat = ledger_table({"threads": 2, "onednn": True})
    assert flat["rows"] == [{"setting": "Threads", "values": ["2"]},
                            {"setting": "Onednn", "values": ["yes"]}]
    table = ledger_table({"pytorch": {"threads": 2, "gpu_sync": "n/a (cpu)", "new_knob": 1.5},
                          "tensorflow": {"threads": 2, "memory_growth": True}})
    rows = {r["setting"]: r["values"] for r in table["rows"]}
    assert rows["Threads"] == ["2", "2"]
    assert rows["Synchronisation"] == ["n/a (cpu)", "—"]
    assert rows["GPU memory growth"] == ["—", "yes"]
    assert rows["New knob"] == ["1.5", "—"]  # a setting of a newer probe is still shown
    assert table["note"] == ""
    assert ledger_table(None) == {"columns": [], "rows": [], "note": ""}


def test_a_busy_machine_is_said_once_not_in_every_verdict(
        measured_context: dict[str, Any]) -> None:
    bench = measured_context["evidence"]["benchmarks"]
    assert bench["run_notes"] and all("machine was busy" in n for n in bench["run_notes"])
    assert not any("machine was busy" in n for r in bench["rows"] for n in r["notes"])


def test_headline_names_the_faster_framework_never_a_ratio_below_one(
        measured_context: dict[str, Any]) -> None:
    bench = measured_context["evidence"]["benchmarks"]
    geomean = bench["summary"]["geomean_ratio"]
    headline = bench["summary_headline"]
    assert geomean < 1  # TensorFlow was faster in that run, on a busy machine: inconclusive
    assert headline.startswith("inconclusive overall, indicative only: TensorFlow ran "
                               f"{1 / geomean:.2f}x as fast as PyTorch")
    assert f"{geomean:.2f}x" not in headline


def test_packages_not_needed_are_listed_in_one_line(measured_context: dict[str, Any]) -> None:
    groups = {g["framework"]: g for g in measured_context["evidence"]["ecosystem"]["groups"]}
    torch_side = groups["PyTorch"]
    shown = {r["package"] for r in torch_side["rows"]}
    # The example project does vision and ships to servers and phones.
    assert {"torchvision", "timm", "executorch"} <= shown
    assert "torch_geometric" in torch_side["not_needed"] and "torch_geometric" not in shown
    # A package for every domain is specific to no project unless its targets say so.
    assert "accelerate" in torch_side["not_needed"]
    every = next(r for r in torch_side["rows"] if r["package"] == "executorch")
    assert every["scope"].startswith("every domain") and every["role"]
    assert catalogue_domains() >= {"vision", "nlp_llm", "graph"}
    assert torch_side["missing"] == len([*torch_side["not_needed"],
                                         *[r for r in torch_side["rows"]
                                           if r["status"] == "missing"]])


def test_measured_report_renders() -> None:
    context = _context(charts=True)
    html = render_html(context)
    assert "For the whole run: the machine was busy" in html
    # Each run note once, plus once where the performance evidence says why it was not applied.
    notes = context["evidence"]["benchmarks"]["run_notes"]
    assert html.count("the machine was busy") == len(notes) + html.count("not applied: the run")
    assert "Not installed and not specific to this project" in html


def test_only_incompatible_packages_of_the_chosen_framework_are_a_risk(
        measured_context: dict[str, Any]) -> None:
    # A package merely not installed on the probed machine says nothing about the project's
    # environment: the ecosystem section lists it, and it is no risk (timm is missing here).
    needed = measured_context["evidence"]["ecosystem"]["needed"]
    assert any(p["package"] == "timm" and p["status"] == "missing" for p in needed)
    assert not [r for r in measured_context["risks"] if "packages this project needs" in
                r["risk"].lower()]
    # A version that does not work with the chosen framework is one risk naming each package.
    from advisor.report.discussion import risks
    from tests.report.conftest import real_assessment

    assessment = real_assessment()
    evidence = dict(measured_context["evidence"])
    evidence["ecosystem"] = {**evidence["ecosystem"], "needed": [
        {**p, "status": "incompatible"} if p["package"] in ("timm", "keras") else p
        for p in needed]}
    found = [r["risk"] for r in risks(assessment, evidence)
             if "incompatible with the framework" in r["risk"]]
    assert found == ["Packages this project needs are incompatible with the framework on the"
                     " probed machine: timm (incompatible)."]  # keras is TensorFlow's


def test_matrix_evidence_is_in_the_appendix_under_its_criterion() -> None:
    """The body's matrix holds the numbers; the evidence of each criterion is in Appendix A,
    under the criterion's own heading (as table rows it made the body pages long)."""
    context = _context(charts=True)
    html = render_html(context)
    body, appendix = html.split('<section id="appendix"', 1)
    matrix = body.split('<table id="matrix" class="matrix">')[1].split("</table>")[0]
    assert matrix.count('<th scope="row">') == len(context["matrix"]["rows"]) + 1  # + total
    assert appendix.count('<div class="criterion">') == len(context["matrix"]["rows"])
    first = context["matrix"]["rows"][0]
    assert first["moves"] and first["moves"][0][:60] in appendix
    assert first["moves"][0][:60] not in body


def test_each_rule_is_said_once_and_the_matrix_cites_it_by_id() -> None:
    """A rule that moves a weight and a rating (target_mobile) had its sentence under both; now
    the lines carry the move and the rule's id, and the sentence is in the list of rules."""
    context = _context(charts=True)
    appendix = render_html(context).split('<section id="appendix"', 1)[1]
    rules = {r["id"]: r for r in context["matrix"]["rules"]}
    mobile = rules["target_mobile"]
    assert mobile["reason"].startswith("Mobile apps - LiteRT")
    assert mobile["condition"] == "Where will the trained models run? Mobile apps"
    assert mobile["source"] and mobile["source"].startswith("source S")
    assert appendix.count(mobile["reason"][:50]) == 1
    deployment = next(r for r in context["matrix"]["rows"] if r["id"] == "deployment_fit")
    assert "+2.0 (rule target_mobile)" in deployment["reasons"]
    assert "PyTorch +0.50, TensorFlow +1.50 (rule target_mobile)" in deployment["moves"]
    assert all("[rule " not in line for row in context["matrix"]["rows"]
               for line in (*row["reasons"], *row["moves"]))
    # Measured lines name their probe report once, and the same "not applied" reason once.
    assert context["matrix"]["probe_report"] == load_probe_report(MEASURED).created_at
    domain = next(r for r in context["matrix"]["rows"] if r["id"] == "domain_fit")
    assert len(domain["evidence"]) == 1 and domain["evidence"][0].count("not applied") == 1
    assert "TensorFlow ecosystem on the probed machine" in domain["evidence"][0]
    assert not any("[probe report of" in e for r in context["matrix"]["rows"]
                   for e in r["evidence"])


def test_ledger_words_the_sampling_rounds_and_the_training_data() -> None:
    plan = {"warmup_calls": 3, "min_samples": 10, "max_samples": 1000, "max_seconds": 2.0,
            "rounds": 6}
    table = ledger_table({
        "pytorch": {"harness": {"plan": plan}, "denormals": "kept",
                    "training_data": "cnn_train_step cycles 8 image and 7 label batches"},
        "tensorflow": {"harness": {"plan": plan}, "denormals": "flushed to zero"},
    })
    rows = {r["setting"]: r["values"] for r in table["rows"]}
    assert rows["Timing harness"][0].endswith(
        "at most 2 s per workload; taken in 6 rounds, every workload a window a round")
    assert rows["Denormal numbers"] == ["kept", "flushed to zero"]
    assert rows["Training data"] == ["cnn_train_step cycles 8 image and 7 label batches", "—"]
