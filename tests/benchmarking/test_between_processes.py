"""A second fresh process per framework: the probe's side (command, medians attached, failures)
and the verdicts' side (intervals that hold every process's ratio)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import bench_processes
import pytest
from bench_probe import bench_arguments
from bench_run import run_benchmarks

from advisor.benchmarking import analyse_benchmarks
from advisor.benchmarking.bootstrap import between_process_allowance, process_ratios
from advisor.models.probe_report import BenchmarkResult, ProbeFailure
from tests.benchmarking.conftest import SECONDS, FakeBackend, FakeClock, result


class SecondRun:
    """Records the command and answers with the second process's document (or raises)."""

    def __init__(self, medians: dict[str, float] | None = None,
                 error: Exception | None = None) -> None:
        self.medians = medians or {}
        self.error = error
        self.commands: list[list[str]] = []

    def __call__(self, command: list[str], timeout_s: float) -> dict[str, Any]:
        self.commands.append(command)
        assert timeout_s > bench_processes.SECOND_PROCESS_CAPS_S["quick"]
        if self.error is not None:
            raise self.error
        return {"benchmarks": [{"workload": w, "mode": "eager", "dtype": "float32",
                                "median_s": m} for w, m in self.medians.items()]}


def _run(clock: FakeClock, second: SecondRun, *args: str) -> dict[str, Any]:
    options = bench_arguments("test").parse_args(["--threads", "2", *args])
    options.interop_threads = 2
    return run_benchmarks(FakeBackend(clock, SECONDS), options, import_s=2.0, clock=clock,
                          second_run=second)


def test_the_second_process_reruns_the_eager_workloads_with_the_same_threads(
    clock: FakeClock,
) -> None:
    second = SecondRun({"mlp_inference": 0.02, "matmul": 0.2})
    document = _run(clock, second, "--budget", "quick")
    (command,) = second.commands
    assert command[0] == sys.executable and command[1].endswith("probes/bench_torch.py")
    flags = dict(zip(command[2:-1:2], command[3:-1:2], strict=True))
    assert flags["--threads"] == flags["--interop-threads"] == "2"
    assert flags["--modes"] == "eager" and flags["--budget"] == "quick"
    assert "import_time" not in flags["--workloads"].split(",")
    assert command[-1] == bench_processes.SECOND_PROCESS_FLAG
    rows = {r["workload"]: r for r in document["benchmarks"]}
    assert rows["mlp_inference"]["process_medians"] == [rows["mlp_inference"]["median_s"], 0.02]
    assert "process_medians" not in rows["cnn_train_step"]  # the second process did not time it
    assert "process_medians" not in rows["import_time"]
    BenchmarkResult.model_validate(rows["mlp_inference"])
    assert document["failures"] == []


def test_a_failed_second_process_is_reported_and_the_first_one_kept(clock: FakeClock) -> None:
    second = SecondRun(error=subprocess.TimeoutExpired(["probe"], 30))
    document = _run(clock, second, "--budget", "quick", "--workloads", "mlp_inference")
    (failed,) = [ProbeFailure.model_validate(f) for f in document["failures"]]
    assert failed.kind == "failed" and "second process" in failed.reason  # type: ignore[attr-defined]
    (row,) = document["benchmarks"]
    assert row["median_s"] > 0 and "process_medians" not in row


def test_the_second_process_starts_no_third_and_compiled_runs_keep_one(
    clock: FakeClock,
) -> None:
    second = SecondRun({"mlp_inference": 0.02})
    _run(clock, second, "--budget", "quick", bench_processes.SECOND_PROCESS_FLAG)
    _run(clock, second, "--budget", "standard", "--modes", "compiled", "--workloads",
         "mlp_inference")
    assert second.commands == []


def test_the_allowance_makes_the_interval_hold_every_process_ratio() -> None:
    ratios = process_ratios([0.003, 0.006], [0.004, 0.004])
    assert ratios == pytest.approx([0.75, 1.5])
    allowance = between_process_allowance(0.75, ratios)
    assert 0.75 / (1 + allowance) <= 0.75 and 0.75 * (1 + allowance) == pytest.approx(1.5)
    assert process_ratios([0.003], [0.004]) == [] and between_process_allowance(1.0, []) == 0.0
    assert process_ratios([0.003, 0.006], [0.004]) == []  # unpaired: nothing to compare


def _bimodal(tf_medians: list[float] | None) -> list[BenchmarkResult]:
    """TensorFlow's MLP at 3 ms in this process (and 6 ms in the other, when given)."""
    tf = [0.003 * (1 + 0.01 * (i % 5)) for i in range(20)]
    torch = [0.004 * (1 + 0.01 * (i % 5)) for i in range(20)]
    extra_tf = {"process_medians": tf_medians} if tf_medians else {}
    extra_torch = {"process_medians": [0.004, 0.004]} if tf_medians else {}
    return [BenchmarkResult.model_validate(result("tensorflow", "mlp_inference", tf, **extra_tf)),
            BenchmarkResult.model_validate(result("pytorch", "mlp_inference", torch,
                                                  **extra_torch))]


def test_a_workload_bimodal_between_processes_gets_no_verdict_either_way() -> None:
    (alone,) = analyse_benchmarks(_bimodal(None)).verdicts
    assert alone.verdict == "tensorflow_faster"  # one process's samples cannot see the other
    (paired,) = analyse_benchmarks(_bimodal([0.003, 0.006])).verdicts
    assert paired.verdict == "too_close_to_call"  # neither faster, nor shown equal
    assert paired.process_ratios == pytest.approx([0.75, 1.5], rel=0.02)
    assert paired.ci_low is not None and paired.ci_high is not None
    assert paired.ci_low <= min(paired.process_ratios) and paired.ci_high >= 1.5
    summary = analyse_benchmarks(_bimodal([0.003, 0.006])).summary
    assert summary is not None and summary["process_geomeans"] == pytest.approx([0.75, 1.5],
                                                                               rel=0.02)
    assert summary["ci_low"] <= 0.75 and summary["ci_high"] >= 1.5


def test_processes_that_agree_keep_the_verdict() -> None:
    (paired,) = analyse_benchmarks(_bimodal([0.003, 0.0031])).verdicts
    assert paired.verdict == "tensorflow_faster"
