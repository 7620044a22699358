"""The report context: every section is present, and says so plainly when its data is missing."""

from __future__ import annotations

import json

import pytest
import yaml

from advisor.models import Assessment
from advisor.pipeline import assess
from advisor.questionnaire import load_default_questionnaire, resolve_answers
from advisor.report.context import build_report_context
from advisor.report.evidence import NO_PROBES, verdict_text
from tests.conftest import EXAMPLE_ANSWERS
from tests.report.conftest import FIXED_TIME, FIXTURES, fixture_assessment, unscored_assessment

SECTION_KEYS = ("meta", "summary", "project", "drivers", "constraints", "options", "evidence",
                "matrix", "sensitivity", "scoring", "pros_cons", "consequences", "risks", "poc",
                "revisit", "appendix", "charts")


@pytest.mark.parametrize("name", FIXTURES)
def test_context_has_every_section_and_is_plain_data(name: str) -> None:
    context = build_report_context(fixture_assessment(name), charts=False)
    assert set(SECTION_KEYS) <= set(context)
    json.dumps(context)  # plain data only: no models, no Markup


def test_page_one_of_a_scored_assessment(real_context: dict) -> None:
    summary = real_context["summary"]
    assert summary["scored"]
    assert summary["headline"] == "PyTorch"
    scores = {s["option"]: s["score"] for s in summary["scores"]}
    assert summary["runner_up"] == "Hybrid" and (
        f"Hybrid, {scores['Hybrid']:.2f} against {scores['PyTorch']:.2f}"
        in summary["runner_up_line"])
    assert len(summary["reasons"]) == 3
    # One set of reasons: the record's (learning curve, team fit, deployment fit against the
    # runner-up), in the team's terms where an answer speaks for it, and page one names the
    # option they are measured against. Existing PyTorch assets are a reason against
    # TensorFlow, not against a hybrid that keeps them (asset fit 5.00 against 4.90).
    assert summary["why"] == "Why PyTorch rather than Hybrid"
    assert summary["reasons"][0].startswith("PyTorch rates higher on learning curve (5.00 against")
    assert summary["reasons"][1] == "Your team knows PyTorch well."
    assert "deployment fit" in summary["reasons"][2]
    assert not any("existing models" in r for r in summary["reasons"])
    assert not any("points" in r for r in summary["reasons"])
    assert summary["confidence"]["badge"] in ("robust", "sensitive", "close_call")
    assert "1,000 plausible variations" in summary["confidence"]["meaning"]
    assert "targets NVIDIA GPUs" in summary["evidence_quality"]
    # The mismatch said once, in words: not again as scoring's reason with its answer keys.
    assert "did not move any rating" in summary["evidence_quality"]
    assert "nvidia_gpu" not in summary["evidence_quality"]
    # The top risk is the one the project's target puts on the choice (Android phones, for
    # PyTorch), with the decision model's mitigation; the evidence's gap comes after it.
    assert summary["top_risk"]["risk"].startswith("On phones PyTorch runs through ExecuTorch")
    assert "slowest supported phone" in summary["top_risk"]["mitigation"]
    # Measured off the target: a proof-of-concept step runs the benchmarks there, so that is
    # said once, as the step, not again as a risk.
    assert [r["key"] for r in real_context["risks"]] == ["rule_target_mobile"]
    assert real_context["poc"][-1]["key"] == "poc_target_benchmarks"
    # The one answer that flips it, as a team would say it, with the --set that checks it.
    assert summary["changes"]["shown"] == [{
        "text": "If the existing models were in TensorFlow, TensorFlow would be recommended.",
        "set": "--set existing_assets=tensorflow", "recommendation": "TensorFlow"}]


def test_no_probes_says_so_instead_of_disappearing() -> None:
    context = build_report_context(fixture_assessment("scored_no_probes"), charts=False)
    assert context["evidence"] == {"probed": False, "missing": NO_PROBES, "failures": []}
    assert any("Nothing was measured" in r["risk"] for r in context["risks"])
    assert context["appendix"]["versions"][-1]["version"] == "not probed"


def test_failed_probes_are_listed_and_benchmarks_are_not_measured() -> None:
    context = build_report_context(fixture_assessment("failed_probes"), charts=False)
    evidence = context["evidence"]
    assert [f["kind"] for f in evidence["failures"]] == ["timeout", "skipped", "failed"]
    assert not evidence["benchmarks"]["measured"]
    assert not evidence["ecosystem"]["measured"]
    tf = next(f for f in evidence["hardware"]["frameworks"] if f["id"] == "tensorflow")
    assert tf["installed"] is False


def test_unscored_assessment_renders_with_plain_notes() -> None:
    context = build_report_context(unscored_assessment(), charts=True)
    assert context["summary"]["scored"] is False
    assert "not been scored" in context["summary"]["headline"]
    assert context["drivers"]["missing"] and context["matrix"]["missing"]
    assert context["sensitivity"]["missing"]
    assert context["charts"]["difference"] is None


def test_benchmark_rows_carry_extra_keys_and_verdicts() -> None:
    context = build_report_context(fixture_assessment("scored_with_probes"), charts=False)
    bench = context["evidence"]["benchmarks"]
    first = bench["rows"][0]
    assert (first["workload"], first["mode"]) == ("mlp_inference", "eager")
    cell = first["cells"]["pytorch"]
    assert cell["n"] == 15 and cell["min_s"] is not None
    # The interval: bootstrap 1.22x-1.30x widened by the 15% run-to-run allowance.
    assert first["verdict"] == (
        "PyTorch is 1.25x faster (95% CI 1.06x-1.49x); measured on the CPU")
    assert round(bench["summary"]["geomean_ratio"], 2) == 1.17
    assert bench["ledger"]["columns"] == ["PyTorch", "TensorFlow"]
    assert bench["has_memory"] and bench["has_compile"]
    noisy = next(r for r in bench["rows"] if r["notes"])
    assert "IQR/median" in noisy["notes"][0]


def test_verdicts_come_from_the_analysis_of_the_probe_report() -> None:
    """The rows show the verdicts `advisor.benchmarking` wrote, matched by workload and mode."""
    assessment = fixture_assessment("scored_with_probes")
    assert assessment.probes is not None
    written = {(v.workload, v.mode): v.summary for v in assessment.probes.benchmark_verdicts}
    rows = build_report_context(assessment, charts=False)["evidence"]["benchmarks"]["rows"]
    shown = {(r["workload"], r["mode"]): r["verdict"] for r in rows if r["verdict"]}
    assert shown == written and len(shown) == 9


def test_verdict_text_of_a_bare_verdict_quotes_the_speedup() -> None:
    """Without the analysis' sentence, a TensorFlow win reads as its speed-up, never "0.80x"."""
    tf_faster = {"verdict": "tensorflow_faster", "ratio": 0.8, "ci_low": 0.75, "ci_high": 0.85}
    assert verdict_text(tf_faster) == "TensorFlow faster (1.25x, 95% CI 1.18-1.33)"
    assert verdict_text({"verdict": "no_meaningful_difference"}) == "no meaningful difference"
    assert verdict_text(None) == "no verdict"


def test_benchmarks_without_verdicts_or_ledger_are_still_shown() -> None:
    data = fixture_assessment("scored_with_probes").model_dump(mode="json")
    for key in ("benchmark_verdicts", "benchmark_summary", "benchmark_ledger"):
        del data["probes"][key]
    context = build_report_context(Assessment.model_validate(data), charts=False)
    bench = context["evidence"]["benchmarks"]
    assert bench["measured"] and bench["summary"] is None
    assert all(r["verdict"] is None for r in bench["rows"])
    assert bench["ledger"]["rows"] == []


def test_ecosystem_marks_what_the_project_needs() -> None:
    context = build_report_context(fixture_assessment("scored_with_probes"), charts=False)
    groups = {g["framework"]: g for g in context["evidence"]["ecosystem"]["groups"]}
    torchvision = next(r for r in groups["PyTorch"]["rows"] if r["package"] == "torchvision")
    assert torchvision["relevant"] and torchvision["status"] == "installed"
    ort = next(r for r in groups["Shared"]["rows"] if r["package"] == "onnxruntime")
    assert ort["status"] == "incompatible" and "opset" in ort["note"]


def test_regenerate_command_names_the_assessment_file(real_context: dict) -> None:
    command = real_context["appendix"]["report_command"]
    assert command.startswith("advisor report reports/a.json --format")
    assert real_context["appendix"]["assess_command"].startswith("advisor assess")


def test_matrix_contributions_add_up_to_the_scores(real_with_probes: Assessment) -> None:
    context = build_report_context(real_with_probes, charts=False)
    matrix = context["matrix"]
    for i, total in enumerate(matrix["totals"]):
        assert sum(r["contributions"][i] for r in matrix["rows"]) == pytest.approx(total, abs=0.01)
    assert sum(r["share"] for r in context["drivers"]["rows"]) == pytest.approx(1.0)


def test_probe_provenance_and_compatibility_checks_are_carried() -> None:
    context = build_report_context(fixture_assessment("scored_with_probes"), charts=False)
    evidence = context["evidence"]
    assert evidence["interpreter"] == "/work/main/.venv/bin/python"
    assert [r["probe"] for r in evidence["runs"]][:1] == ["hardware"]
    checks = evidence["ecosystem"]["checks"]
    assert [c["status"] for c in checks] == ["mismatch", "ok", "mismatch"]  # not_applicable out
    keras = next(r for g in evidence["ecosystem"]["groups"] for r in g["rows"]
                 if r["package"] == "keras")
    assert keras["status"] == "incompatible" and "minor band" in keras["note"]
    failed = build_report_context(fixture_assessment("failed_probes"), charts=False)
    assert "ModuleNotFoundError" in failed["evidence"]["failures"][2]["stderr"]


def test_priority_sources_are_read_per_criterion() -> None:
    """The resolver records `priorities.<criterion>`; defaults must not read as answered."""
    questionnaire = load_default_questionnaire()
    values = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    values.pop("priorities", None)
    resolved = resolve_answers(questionnaire, file_answers=values,
                               set_answers={"priorities": {"performance": 2}})
    assessment = assess(resolved, None, created_at=FIXED_TIME, command=["advisor", "assess"])
    context = build_report_context(assessment, charts=False)
    origins = {row["id"]: row["origin"] for row in context["drivers"]["rows"]}
    assert origins["performance"] == "priority 2 of 5 (answered (--set))"
    assert origins["research_velocity"] == "priority 5 of 5 (default)"
    answers = {row["id"]: row["source"] for row in context["appendix"]["answers"]}
    assert answers["priorities"] == (
        "default: research velocity, production readiness, learning curve, ecosystem, "
        "community, enterprise support; answered (--set): performance")
    assert answers["stage"] == "answered"
    assert "unknown" not in answers.values()


def test_benchmark_headline_names_what_it_covers(real_context: dict) -> None:
    scope = real_context["evidence"]["benchmarks"]["summary_scope"]
    assert scope.startswith("4 workloads (cnn_train_step, matmul, mlp_inference, "
                            "transformer_inference), eager mode")
    assert "left out: import_time (a one-off start-up cost" in scope


def test_project_prose_keeps_acronyms_and_groups_default_priorities() -> None:
    values = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    values.pop("priorities", None)
    values["scale"] = "multi_gpu"
    resolved = resolve_answers(load_default_questionnaire(), file_answers=values,
                               set_answers={"priorities": {"performance": 2}})
    assessment = assess(resolved, None, created_at=FIXED_TIME, command=["advisor", "assess"])
    paragraphs = build_report_context(assessment, charts=False)["project"]["paragraphs"]
    assert "Training scale: several GPUs in one machine." in paragraphs[0]
    assert paragraphs[1] == (
        "Not answered, so the questionnaire's default was used: priorities (research velocity, "
        "production readiness, learning curve, ecosystem, community, enterprise support).")


def test_framework_builds_are_summarised_for_a_reviewer() -> None:
    from advisor.report.hardware import _build_facts

    torch_cpu = {"cuda": None, "cudnn": None, "hip": None, "git_version": "cf30153c",
                 "cxx11_abi": True, "cpu_capability": "AVX512", "onednn_version": "3.12.0",
                 "mkl": True, "blas": "mkl"}
    assert _build_facts(torch_cpu) == [
        {"key": "accelerators", "value": "none (CPU-only build)"},
        {"key": "CPU kernels", "value": "AVX512"}, {"key": "oneDNN", "value": "3.12.0"},
        {"key": "BLAS", "value": "mkl"}]
    torch_cuda = {"cuda": "12.4", "cudnn": 90100, "hip": None, "cpu_capability": "AVX2"}
    assert [f["key"] for f in _build_facts(torch_cuda)] == ["CUDA", "cuDNN", "CPU kernels"]
    tf_cpu = {"is_cuda_build": False, "is_rocm_build": False, "is_tensorrt_build": False}
    assert _build_facts(tf_cpu) == [{"key": "accelerators", "value": "none (CPU-only build)"}]
    tf_cuda = {"is_cuda_build": True, "cuda_version": "12.5.1", "cudnn_version": "9"}
    assert _build_facts(tf_cuda) == [{"key": "CUDA", "value": "12.5.1"},
                                     {"key": "cuDNN", "value": "9"}]


def test_devices_read_as_names_not_raw_records() -> None:
    from advisor.report.hardware import _device_label

    assert _device_label({"type": "cpu"}) == "cpu"
    a100 = {"type": "cuda", "index": 0, "name": "NVIDIA A100-SXM4-80GB",
            "memory_bytes": 85899345920}
    assert _device_label(a100) == "cuda:0 NVIDIA A100-SXM4-80GB (80.0 GiB)"
    tf_gpu = {"type": "gpu", "name": "/physical_device:GPU:0"}
    assert _device_label(tf_gpu) == "/physical_device:GPU:0"
    assert _device_label({"type": "xpu", "index": 1}) == "xpu:1"
    assert _device_label("/device:CPU:0") == "/device:CPU:0"


def test_a_workload_cut_short_is_not_a_probe_that_gave_no_result() -> None:
    # The demo's standard run on a busy host: each benchmark probe ran every workload but took
    # fewer fresh-process imports than planned. Its results stand; page one must not say the
    # probe gave none, and it is no risk of missing evidence.
    from advisor.assessment_io import load_probe_report
    from tests.report.conftest import PROBE_REPORT

    data = load_probe_report(PROBE_REPORT).model_dump(mode="json")
    data["failures"] = [
        {"probe": probe, "kind": "skipped", "workload": "import_time", "mode": "eager",
         "reason": "import_time (eager): fewer fresh-process imports than planned: budget spent"}
        for probe in ("bench_torch", "bench_tensorflow")]
    answers = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    resolved = resolve_answers(load_default_questionnaire(), file_answers=answers)
    from advisor.models import ProbeReport

    context = build_report_context(assess(resolved, ProbeReport.model_validate(data)),
                                   charts=False)
    quality = context["summary"]["evidence_quality"]
    assert "gave no result" not in quality
    assert ("2 measurement(s) were cut short (import_time in bench_tensorflow, import_time in"
            " bench_torch; see the appendix).") in quality
    assert not any("gave no result" in r["risk"] for r in context["risks"])


@pytest.mark.parametrize(("busy", "low", "expected", "absent"), [
    (True, None, "That is the project's target hardware, but the results were not applied: the"
                 " run was not fair: the machine was busy", "so the results apply"),
    # The recorded run's interval (1.00-1.36) holds 1: applied, and it moved nothing.
    (False, None, "That is the project's target hardware, so the results apply; they did not"
                  " move any rating.", "not applied"),
    (False, 1.05, "That is the project's target hardware, so the results apply; they moved the"
                  " Performance rating by at most", "not applied"),
])
def test_evidence_line_on_the_target_says_whether_scoring_applied_it(
        busy: bool, low: float | None, expected: str, absent: str) -> None:
    # A CPU project measured on a CPU: on the target, but a busy run is not applied by scoring
    # (advisor.scoring.evidence), and page one must not say the opposite.
    from advisor.assessment_io import load_probe_report
    from advisor.models import ProbeReport
    from tests.report.conftest import PROBE_REPORT

    data = load_probe_report(PROBE_REPORT).model_dump(mode="json")
    data["benchmark_summary"]["inconclusive"] = (
        "inconclusive: the machine was busy" if busy else None)
    if low is not None:  # the scoring reads the eager part
        data["benchmark_summary"]["ci_low"] = low
        data["benchmark_summary"]["by_mode"]["eager"]["ci_low"] = low
    answers = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    answers["hardware"] = ["cpu_only"]
    resolved = resolve_answers(load_default_questionnaire(), file_answers=answers)
    assessment = assess(resolved, ProbeReport.model_validate(data))
    not_applied = [e for e in assessment.evidence_not_applied or []
                   if e.criterion == "performance"]
    assert bool(not_applied) is busy
    quality = build_report_context(assessment, charts=False)["summary"]["evidence_quality"]
    assert expected in quality
    assert absent not in quality
