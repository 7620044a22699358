"""Benchmark documents in the probe report: results, verdicts, summary, ledger and failures."""

from __future__ import annotations

from typing import Any

from advisor.options import FRAMEWORKS
from advisor.probing import FailedProbe, ProbeSuccess, failed_probes
from advisor.probing.assemble import assemble_report
from advisor.probing.specs import BENCHMARK_PROBES
from tests.benchmarking.conftest import result

TORCH_SPEC, TF_SPEC = BENCHMARK_PROBES


def _document(framework: str, scale: float, threads: int = 2) -> dict[str, Any]:
    return {
        "benchmarks": [
            result(framework, "mlp_inference", [scale * t for t in (0.010, 0.011, 0.010, 0.012)]),
            result(framework, "matmul", [scale * t for t in (0.20, 0.21, 0.20, 0.19)],
                   throughput=86.0 / scale, throughput_unit="GFLOP/s", batch_size=None),
        ],
        "failures": [{"probe": "ignored", "kind": "skipped", "workload": "mlp_inference",
                      "mode": "compiled", "reason": "mlp_inference (compiled): budget spent"}],
        "ledger": {"framework": framework, "threads": {"intra_op": threads, "inter_op": 2},
                   "device": "cpu", "dtype": "float32"},
        "budget": {"name": "quick"},
        "phases": {"import_s": 2.0},
    }


def test_both_frameworks_give_verdicts_a_summary_and_a_ledger() -> None:
    report = assemble_report([
        (TORCH_SPEC, ProbeSuccess("bench_torch", _document("pytorch", 1.0), "", 9.0)),
        (TF_SPEC, ProbeSuccess("bench_tensorflow", _document("tensorflow", 2.0), "", 14.0)),
    ])
    assert len(report.benchmarks) == 4
    assert {(v.workload, v.verdict) for v in report.benchmark_verdicts} == {
        ("mlp_inference", "pytorch_faster"), ("matmul", "pytorch_faster")}
    summary = report.benchmark_summary
    assert summary is not None
    assert summary.geomean_ratio is not None and summary.geomean_ratio > 1.8
    assert summary.workloads == 2 and summary.ci_low is not None and summary.ci_high is not None
    assert set(report.benchmark_ledger) == set(FRAMEWORKS)
    assert report.benchmark_ledger["pytorch"]["phases"] == {"import_s": 2.0}
    # Skipped compiled workloads are in the failures, under the probe that skipped them...
    assert [(f.probe, f.kind) for f in report.failures] == [
        ("bench_torch", "skipped"), ("bench_tensorflow", "skipped")]
    # ...and a skip is not a failure of the run.
    assert failed_probes(report) == []
    # The report survives its own JSON round trip with the scoring's keys intact.
    again = type(report).model_validate_json(report.model_dump_json())
    assert again.benchmark_summary == report.benchmark_summary


def test_a_framework_that_times_out_leaves_the_other_intact() -> None:
    report = assemble_report([
        (TORCH_SPEC, ProbeSuccess("bench_torch", _document("pytorch", 1.0), "", 9.0)),
        (TF_SPEC, FailedProbe("bench_tensorflow", "timeout", "timed out after 150 s",
                              "compiling cnn_train_step", 150.0)),
    ])
    assert [r.framework for r in report.benchmarks] == ["pytorch", "pytorch"]
    assert report.benchmark_verdicts == [] and report.benchmark_summary is None
    assert set(report.benchmark_ledger) == {"pytorch"}
    assert failed_probes(report) == ["bench_tensorflow"]
    timeout = next(f for f in report.failures if f.kind == "timeout")
    assert "timed out after 150 s" in timeout.reason


def test_a_document_that_does_not_fit_leaves_no_partial_results() -> None:
    bad = _document("pytorch", 1.0)
    bad["benchmarks"].append({"framework": "mxnet", "workload": "x", "mode": "eager",
                              "device": "cpu"})
    report = assemble_report([(TORCH_SPEC, ProbeSuccess("bench_torch", bad, "", 1.0))])
    assert report.benchmarks == [] and report.benchmark_ledger == {}
    assert report.failures[0].kind == "failed" and "framework" in report.failures[0].reason


def test_thread_mismatch_between_the_runs_is_reported() -> None:
    report = assemble_report([
        (TORCH_SPEC, ProbeSuccess("bench_torch", _document("pytorch", 1.0, threads=2), "", 1)),
        (TF_SPEC, ProbeSuccess("bench_tensorflow", _document("tensorflow", 1.0, threads=8), "",
                               1)),
    ])
    assert report.benchmark_summary is not None
    assert report.benchmark_summary.fairness_warnings == [
        "intra-op threads differ: PyTorch 2, TensorFlow 8"]
