"""Probe evidence moves ratings, boundedly, and every move is listed with its size and source."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

from advisor.models import BenchmarkSummary, CriterionResult, ProbeReport
from advisor.options import FRAMEWORKS
from advisor.scoring import load_decision_model
from advisor.scoring.evidence import collect_evidence, speed_ratio
from tests.scoring.conftest import probe_report, scored, write_model
from tests.scoring.test_profiles import BALANCED, GNN_RESEARCH, TPU_ON_GCP

#: The balanced profile on the CPU the test probe reports were measured on: benchmarks apply.
CPU_BALANCED = {**BALANCED, "hardware": ["cpu_only"]}


def _frameworks(ratings: dict[str, float]) -> dict[str, float]:
    """The two frameworks' ratings (a hybrid, when evaluated, is rated too)."""
    return {o: ratings[o] for o in FRAMEWORKS}


def _criterion(assessment_criteria: list[CriterionResult] | None, cid: str) -> CriterionResult:
    assert assessment_criteria is not None
    return next(c for c in assessment_criteria if c.id == cid)


def test_measured_speed_moves_performance_by_the_documented_mapping() -> None:
    report = probe_report("pytorch_faster.json")
    # mlp 2x and cnn 2x faster in PyTorch; import_time and compiled rows are excluded.
    ratio, interval, how = speed_ratio(report, "eager", ["import_time"]) or (0, None, "")
    assert math.isclose(ratio, 2.0) and interval is None
    assert "2 workloads" in how and "import_time" not in how
    performance = _criterion(scored(CPU_BALANCED, report).criteria, "performance")
    # log2(2) * 1 point per doubling = 1 point apart, half each way, from 4 / 4.
    assert _frameworks(performance.ratings) == {"pytorch": 4.5, "tensorflow": 3.5}
    assert performance.base_ratings == {"pytorch": 4.0, "tensorflow": 4.0}
    moved = [e for e in performance.evidence if e.startswith("measured:")]
    assert len(moved) == 1
    assert "PyTorch 2.00x faster" in moved[0] and "PyTorch +0.50, TensorFlow -0.50" in moved[0]
    assert moved[0].endswith("[probe report of 2025-10-01T12:00:00+00:00]")


def test_benchmark_summary_is_preferred_and_the_move_is_bounded() -> None:
    report = probe_report("tensorflow_faster_summary.json")
    performance = _criterion(scored(CPU_BALANCED, report).criteria, "performance")
    # ratio 0.25: TensorFlow 4x faster = 2 doublings = 2 points, the max_shift bound.
    assert _frameworks(performance.ratings) == {"pytorch": 3.0, "tensorflow": 5.0}
    assert any("benchmark_summary" in e and "TensorFlow 4.00x faster" in e
               for e in performance.evidence)


def test_measured_evidence_can_settle_a_close_call() -> None:
    without = scored(CPU_BALANCED).recommendation
    with_tf_faster = scored(CPU_BALANCED, probe_report("tensorflow_faster_summary.json"))
    assert without is not None and without.close_call
    rec = with_tf_faster.recommendation
    assert rec is not None and rec.framework == "tensorflow"
    assert rec.margin > without.margin


def test_interval_containing_one_does_not_move() -> None:
    performance = _criterion(
        scored(CPU_BALANCED, probe_report("summary_not_significant.json")).criteria, "performance"
    )
    assert _frameworks(performance.ratings) == performance.base_ratings
    assert any("no significant difference" in e for e in performance.evidence)


def test_dead_zone_keeps_small_differences_out() -> None:
    report = ProbeReport.model_validate({
        "benchmarks": [
            {"framework": "pytorch", "workload": "matmul", "mode": "eager", "device": "cpu",
             "median_s": 1.0},
            {"framework": "tensorflow", "workload": "matmul", "mode": "eager", "device": "cpu",
             "median_s": 1.03},
        ]
    })
    moves = collect_evidence(report, {}, load_decision_model().model)
    assert len(moves) == 1 and moves[0].deltas == {} and "within 5%" in moves[0].text
    assert moves[0].text.endswith("[probe report]")


def test_packages_installed_here_are_shown_but_do_not_move_domain_fit() -> None:
    plain = _criterion(scored(GNN_RESEARCH).criteria, "domain_fit")
    probed = scored(GNN_RESEARCH, probe_report("graph_ecosystem.json"))
    domain = _criterion(probed.criteria, "domain_fit")
    # What counts is whether a package exists and is maintained (the domain table), not what
    # advisor's own environment has installed.
    assert _frameworks(domain.ratings) == _frameworks(plain.ratings)
    assert any("torch_geometric installed" in e and "not applied" in e for e in domain.evidence)
    assert any("none installed (tensorflow_gnn)" in e for e in domain.evidence)
    assert probed.evidence_not_applied
    assert all(e.reason for e in probed.evidence_not_applied)
    assert {e.kind for e in probed.evidence_not_applied} == {"installed_packages_not_rated"}


def test_framework_not_installed_is_flagged_as_a_constraint() -> None:
    probed = scored(GNN_RESEARCH, probe_report("graph_ecosystem.json"))
    assert probed.constraints is not None
    flagged = [c for c in probed.constraints if c.id == "framework_installed"]
    assert flagged and flagged[0].status == {"pytorch": "pass", "tensorflow": "warn"}


def test_detected_tpu_and_what_each_framework_sees_move_hardware_fit() -> None:
    plain = _criterion(scored(TPU_ON_GCP).criteria, "hardware_fit")
    probed = _criterion(scored(TPU_ON_GCP, probe_report("tpu_machine.json")).criteria,
                        "hardware_fit")
    # TPU detected: TensorFlow +0.5; PyTorch sees only the CPU: -1.
    assert probed.ratings["tensorflow"] == min(5.0, plain.ratings["tensorflow"] + 0.5)
    assert probed.ratings["pytorch"] == plain.ratings["pytorch"] - 1.0
    assert any("1 TPU(s) detected" in e for e in probed.evidence)
    assert any("PyTorch sees no accelerator" in e for e in probed.evidence)
    assert any("TensorFlow sees 1 accelerator" in e for e in probed.evidence)


def test_framework_blind_to_the_gpu_loses_hardware_fit() -> None:
    probed = _criterion(scored({}, probe_report("gpu_blind_torch.json")).criteria, "hardware_fit")
    plain = _criterion(scored({}).criteria, "hardware_fit")
    assert probed.ratings["pytorch"] == plain.ratings["pytorch"] - 1.0
    assert probed.ratings["tensorflow"] == plain.ratings["tensorflow"]


def test_no_probe_report_means_no_measured_evidence() -> None:
    assessment = scored(BALANCED)
    assert assessment.criteria is not None
    assert not any(e.startswith("measured:") for c in assessment.criteria for e in c.evidence)


def test_general_purpose_packages_are_not_domain_evidence() -> None:
    every = ["nlp_llm", "vision", "generative", "speech_audio", "reinforcement_learning",
             "graph", "tabular", "time_series", "recommender"]
    report = ProbeReport.model_validate({
        "ecosystem": {
            "tensorflow": [{"package": "keras", "version": "3.11.0", "domains": every}],
            "pytorch": [{"package": "accelerate", "version": None, "domains": every}],
        }
    })
    assert collect_evidence(report, {"domains": ["graph"]}, load_decision_model().model) == []


def test_device_entries_as_dicts_are_understood() -> None:
    report = ProbeReport.model_validate({
        "hardware": {"gpus": [{"vendor": "NVIDIA", "name": "L4"}]},
        "frameworks": {
            "pytorch": {"installed": True, "devices": [{"type": "cpu"},
                                                      {"type": "cuda", "name": "L4"}]},
            "tensorflow": {"installed": True,
                           "devices": [{"type": "cpu", "name": "/physical_device:CPU:0"}]},
        },
    })
    moves = collect_evidence(report, {}, load_decision_model().model)
    assert [m.deltas for m in moves] == [{}, {"tensorflow": -1.0}]


def test_speed_ratios_pair_the_same_device_only() -> None:
    def bench(framework: str, device: str, median: float) -> dict[str, object]:
        return {"framework": framework, "workload": "mlp_inference", "mode": "eager",
                "device": device, "median_s": median}

    report = ProbeReport.model_validate({"benchmarks": [
        bench("pytorch", "cuda:0", 0.001), bench("pytorch", "cpu", 0.01),
        bench("tensorflow", "cpu", 0.04),  # no TensorFlow GPU run: the cuda row is unpaired
    ]})
    found = speed_ratio(report, "eager", [])
    assert found is not None
    assert math.isclose(found[0], 4.0)


def _with_real_summary(name: str) -> ProbeReport:
    """A hand-written probe report with the summary the benchmarks analysis computes for it."""
    from advisor.benchmarking.verdicts import analyse_benchmarks

    report = probe_report(name)
    summary = analyse_benchmarks(report.benchmarks).summary
    assert summary is not None
    return report.model_copy(update={"benchmark_summary": BenchmarkSummary.model_validate(summary)})


def _performance_with(
    model_data: dict[str, Any], tmp_path: Path, report: ProbeReport, **settings: Any
) -> CriterionResult:
    data = copy.deepcopy(model_data)
    data["evidence"]["performance"].update(settings)
    loaded = load_decision_model(write_model(tmp_path / "model.yaml", data))
    return _criterion(scored(CPU_BALANCED, report, decision_model=loaded).criteria, "performance")


def test_the_decision_model_chooses_the_mode_even_with_a_summary(
    model_data: dict[str, Any], tmp_path: Path
) -> None:
    # Eager: PyTorch 2x faster on mlp and cnn, TensorFlow 4x faster on matmul (geomean 1);
    # compiled: TensorFlow 2x faster on all three.
    report = _with_real_summary("compiled_eager_disagree.json")
    assert report.benchmark_summary is not None
    assert report.benchmark_summary.mode == "eager"  # the headline the summary leads with
    eager = _performance_with(model_data, tmp_path, report, mode="eager")
    assert _frameworks(eager.ratings) == eager.base_ratings  # geomean 1: inside the dead zone
    compiled = _performance_with(model_data, tmp_path, report, mode="compiled")
    # log2(0.5) = -1 point: TensorFlow +0.5, PyTorch -0.5.
    assert _frameworks(compiled.ratings) == {"pytorch": 3.5, "tensorflow": 4.5}
    moved = next(e for e in compiled.evidence if e.startswith("measured:"))
    assert "TensorFlow 2.00x faster" in moved
    assert "benchmark_summary of the probe report (compiled mode" in moved


def test_the_decision_model_chooses_the_workloads_even_with_a_summary(
    model_data: dict[str, Any], tmp_path: Path
) -> None:
    report = _with_real_summary("compiled_eager_disagree.json")
    assert report.benchmark_summary is not None
    assert "matmul" in report.benchmark_summary.included
    without_matmul = _performance_with(
        model_data, tmp_path, report, exclude_workloads=["import_time", "matmul"]
    )
    # The summary includes matmul, so the ratio is computed again from the rows: mlp and cnn,
    # both PyTorch 2x faster, with a bootstrap interval from their samples.
    assert _frameworks(without_matmul.ratings) == {"pytorch": 4.5, "tensorflow": 3.5}
    moved = next(e for e in without_matmul.evidence if e.startswith("measured:"))
    assert "over 2 workloads (cnn_train_step 2.00, mlp_inference 2.00)" in moved
    assert "bootstrap interval" in moved
    assert "includes matmul, which the decision model excludes" in moved
    ratio, interval, _ = speed_ratio(report, "eager", ["import_time", "matmul"]) or (0, None, "")
    assert math.isclose(ratio, 2.0) and interval is not None and interval[0] > 1


def test_a_summary_that_does_not_say_what_it_covers_gives_way_to_the_rows() -> None:
    report = probe_report("tensorflow_faster_summary.json")
    assert report.benchmark_summary is not None
    unstated = report.benchmark_summary.model_dump(exclude={"mode", "included"})
    bare = report.model_copy(
        update={"benchmark_summary": BenchmarkSummary.model_validate(unstated)})
    ratio, _, how = speed_ratio(bare, "eager", ["import_time"]) or (0, None, "")
    assert math.isclose(ratio, 2.0)  # the rows: PyTorch 2x faster, not the summary's 0.25
    assert "does not say which mode and workloads it covers" in how
    # With no rows to check it against, such a summary is still used.
    ratio, interval, _ = speed_ratio(
        probe_report("summary_not_significant.json"), "eager", ["import_time"]
    ) or (0, None, "")
    assert math.isclose(ratio, 1.6) and interval == (0.9, 2.4)


def test_recomputed_evidence_is_deterministic(model_data: dict[str, Any], tmp_path: Path) -> None:
    report = _with_real_summary("compiled_eager_disagree.json")
    data = copy.deepcopy(model_data)
    data["evidence"]["performance"]["exclude_workloads"] = ["import_time", "matmul"]
    loaded = load_decision_model(write_model(tmp_path / "model.yaml", data))
    first = scored(CPU_BALANCED, report, decision_model=loaded).model_dump_json(indent=2)
    again = scored(CPU_BALANCED, report, decision_model=loaded).model_dump_json(indent=2)
    assert first == again
    assert "bootstrap interval" in first


REPORT_ASSETS = Path(__file__).resolve().parent.parent / "assets" / "report"


def test_a_busy_probe_never_pushes_performance_the_other_way() -> None:
    # The same machine probed quietly (PyTorch 1.17x faster) and while another process kept a
    # CPU busy (TensorFlow 2.3x faster, fair_conditions false): the busy verdict is shown with
    # its reason and not applied.
    from advisor.assessment_io import load_probe_report

    quiet = load_probe_report(REPORT_ASSETS / "probe_report.json")
    busy = load_probe_report(REPORT_ASSETS / "probe_report_quick_busy.json")
    plain = _criterion(scored(CPU_BALANCED).criteria, "performance")
    calm = _criterion(scored(CPU_BALANCED, quiet).criteria, "performance")
    loaded_assessment = scored(CPU_BALANCED, busy)
    loaded = _criterion(loaded_assessment.criteria, "performance")
    quiet_lead = calm.ratings["pytorch"] - calm.ratings["tensorflow"]
    busy_lead = loaded.ratings["pytorch"] - loaded.ratings["tensorflow"]
    # Quiet, PyTorch leads or (its interval widened by the run-to-run allowance reaching 1.00x)
    # there is no meaningful difference; never TensorFlow.
    assert quiet_lead >= 0
    assert busy_lead == plain.ratings["pytorch"] - plain.ratings["tensorflow"]  # not applied
    assert quiet_lead * busy_lead >= 0 or busy_lead == 0
    (note,) = [e for e in loaded_assessment.evidence_not_applied or []
               if e.criterion == "performance"]
    assert note.reason.startswith("the run was not fair: the machine was busy")
    assert note.kind == "machine_busy"
    assert any("not applied: the run was not fair" in e for e in loaded.evidence)


def test_cpu_benchmarks_do_not_move_performance_for_a_gpu_project() -> None:
    report = probe_report("pytorch_faster.json")
    gpu_project = {**BALANCED, "hardware": ["nvidia_gpu"], "scale": "multi_gpu"}
    assessment = scored(gpu_project, report)
    performance = _criterion(assessment.criteria, "performance")
    assert _frameworks(performance.ratings) == _frameworks(performance.base_ratings or {})
    (note,) = assessment.evidence_not_applied or []
    assert "measured on cpu" in note.reason and "nvidia_gpu" in note.reason
    assert note.kind == "off_target"


def test_a_mostly_noisy_run_is_not_applied() -> None:
    report = probe_report("tensorflow_faster_summary.json")
    data = report.model_dump(mode="json")
    data["benchmark_summary"]["noisy"] = ["mlp_inference (eager)"]
    noisy = ProbeReport.model_validate(data)
    performance = _criterion(scored(CPU_BALANCED, noisy).criteria, "performance")
    assert _frameworks(performance.ratings) == {"pytorch": 4.0, "tensorflow": 4.0}
    assert any("too noisy" in e for e in performance.evidence)


def test_the_ratio_from_the_rows_reads_the_float32_rows_only() -> None:
    """The seed suite measures each model in float32 and bfloat16; the headline (and a ratio
    computed again from the rows) compares float32 only, as the summary does."""
    from advisor.assessment_io import load_probe_report

    report = load_probe_report(REPORT_ASSETS / "probe_report_seed.json")
    # bfloat16 rows first, so that taking the first row of each workload would take them.
    report = report.model_copy(update={"benchmarks": report.benchmarks[::-1]})
    exclude = ["import_time", "resnet50_latency"]  # not the summary's selection: rows are used
    ratio, _, how = speed_ratio(report, "eager", exclude) or (0, None, "")
    assert "over 9 workloads" in how
    medians = {(b.framework, b.workload): b.median_s for b in report.benchmarks
               if b.dtype == "float32" and b.workload not in exclude}
    logs = [math.log((medians[("tensorflow", w)] or 0) / (medians[("pytorch", w)] or 1))
            for (framework, w) in medians if framework == "pytorch"]
    assert math.isclose(ratio, math.exp(sum(logs) / len(logs)), rel_tol=1e-9)


def test_the_rules_risks_are_the_recommended_options_only() -> None:
    mobile_team = {**BALANCED, "deployment_targets": ["cloud_server", "mobile"],
                   "mobile_platforms": "android", "team_pytorch_experience": "strong",
                   "existing_assets": "pytorch"}
    assessment = scored(mobile_team)
    rec = assessment.recommendation
    assert rec is not None and rec.framework == "pytorch"
    (risk,) = rec.risks
    assert risk.rule == "target_mobile" and "ExecuTorch" in risk.text
    assert "slowest supported phone" in risk.mitigation and "LiteRT" in risk.source
    # The same rule says nothing against TensorFlow; the PyTorch assets rule does.
    tensorflow_team = {**mobile_team, "team_pytorch_experience": "none",
                       "team_tensorflow_experience": "strong", "existing_assets": "tensorflow"}
    rec = scored(tensorflow_team).recommendation
    assert rec is not None and rec.framework == "tensorflow" and rec.risks == []
    migrating = {**tensorflow_team, "existing_assets": "pytorch"}
    rec = scored(migrating).recommendation
    assert rec is not None and rec.framework == "tensorflow"
    assert [r.rule for r in rec.risks] == ["assets_pytorch"]
