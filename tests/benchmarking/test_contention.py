"""Benchmarks under load: the machine's state is read before and during the run, a busy run's
verdicts are withheld, and intervals allow for run-to-run movement.

The readings use real processes: a child that keeps CPUs busy, read through /proc and psutil.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections import namedtuple
from collections.abc import Iterator
from contextlib import contextmanager

import bench_machine
import pytest

from advisor.benchmarking import analyse_benchmarks
from advisor.benchmarking.bootstrap import (
    RUN_TO_RUN_FLOOR,
    RatioEstimate,
    round_ratios,
    run_to_run_allowance,
    with_allowance,
)
from advisor.benchmarking.contention import busy_before, busy_machine, busy_warnings
from advisor.models.probe_report import BenchmarkResult
from advisor.probing.contention import read_cpus


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


@contextmanager
def busy_cpus(count: int, seconds: float = 20.0) -> Iterator[None]:
    """`count` processes that each keep a CPU busy (ended by their id afterwards)."""
    children = [multiprocessing.Process(target=_spin, args=(seconds,)) for _ in range(count)]
    for child in children:
        child.start()
    try:
        time.sleep(0.3)
        yield
    finally:
        for child in children:
            child.terminate()
            child.join()


def _cpus() -> int:
    return len(os.sched_getaffinity(0))


def test_a_busy_machine_gets_fewer_threads_and_the_reading_travels_to_the_probes() -> None:
    with busy_cpus(max(1, _cpus() // 2)):
        reading = read_cpus()
    assert reading.busy, reading
    assert reading.threads is not None and 1 <= reading.threads < reading.cpus_available
    args = reading.probe_args()
    assert args[args.index("--threads") + 1] == str(reading.threads)
    assert args[args.index("--interop-threads") + 1] == str(reading.threads)
    assert json.loads(args[args.index("--contention") + 1])["busy"] is True


@pytest.mark.parametrize(("idle", "busy", "free"), [
    ((0.495, 0.49), False, 1.97),   # a quiet machine, read over the default 0.5 s window
    ((0.495, 0.0), True, 0.99),     # one CPU kept busy by another process
])
def test_free_cpus_from_the_raw_times_over_a_short_window(
        monkeypatch: pytest.MonkeyPatch, idle: tuple[float, float], busy: bool,
        free: float) -> None:
    # Recorded shape of two psutil.cpu_times(percpu=True) readings 0.5 s apart. psutil 7.2's
    # cpu_times_percent scales per-CPU shares by the window under 1 s, which made this quiet
    # machine read "1.0 of 2 CPUs free" and every run "busy".
    import psutil

    times = namedtuple("times", ["user", "nice", "system", "idle", "iowait", "irq", "softirq",
                                 "steal", "guest", "guest_nice"])
    start = [times(100.0, 0, 10.0, 500.0, 1.0, 0, 0, 0.5, 3.0, 0) for _ in idle]
    end = [times(100.0 + (0.5 - i) - 0.005, 0, 10.005, 500.0 + i, 1.0, 0, 0, 0.5, 3.2, 0)
           for i in idle]
    readings = iter([start, end])
    monkeypatch.setattr(psutil, "cpu_times", lambda percpu=False: next(readings))
    monkeypatch.setattr("advisor.probing.contention.time.sleep", lambda seconds: None)
    monkeypatch.setattr("advisor.probing.contention.os.sched_getaffinity", lambda pid: {0, 1})
    reading = read_cpus()
    assert reading.cpus_available == 2
    assert reading.free_cpus == pytest.approx(free, abs=0.011)
    assert reading.busy is busy
    assert reading.steal_share == 0.0
    assert (reading.threads is None) is not busy


def test_other_processes_runnable_tasks_are_counted_between_rounds() -> None:
    load = bench_machine.MachineLoad()
    with busy_cpus(2):
        load.observe()
        load.observe()
    result = load.result()
    assert result["other_runnable_observations"] == 2
    assert result["other_runnable_max"] >= 1  # the two spinning children, whatever else runs
    assert result["cpu_steal_share"] is None or 0 <= result["cpu_steal_share"] <= 1
    assert bench_machine.own_running_threads() >= 1  # the reader itself runs


def test_proc_stat_readers(tmp_path: os.PathLike[str]) -> None:
    stat = os.path.join(tmp_path, "stat")
    with open(stat, "w") as handle:
        handle.write("cpu  100 0 50 800 10 0 0 40 0 0\ncpu0 1 2 3\nprocs_running 3\n")
    assert bench_machine.cpu_times(stat) == (40, 1000)
    assert bench_machine.runnable_tasks(stat) == 3
    assert bench_machine.cpu_times(os.path.join(tmp_path, "missing")) is None


def test_runnable_tasks_beyond_the_free_cpus_make_a_run_busy() -> None:
    calm = {"cpus_available": 2, "other_runnable_mean": 0.2, "cpu_pressure_share": 0.0}
    assert busy_machine(calm, 2) is None
    # One other task wanting a CPU: busy for a run on both CPUs, not for one on one CPU.
    one = {**calm, "other_runnable_mean": 1.0}
    assert busy_machine(one, 2) is not None and "runnable" in (busy_machine(one, 2) or "")
    assert busy_machine(one, 1) is None
    assert "hypervisor" in (busy_machine({**calm, "cpu_steal_share": 0.3}, 2) or "")
    assert busy_before({"busy": True, "free_cpus": 1.0, "cpus_available": 2, "threads": 1}) == (
        "1.0 of 2 CPUs were free before the run; both frameworks ran with 1 thread(s) to fit them")
    assert busy_before({"busy": False}) is None


def _row(framework: str, workload: str, center: float, dtype: str = "float32") -> BenchmarkResult:
    samples = [center * (1 + 0.01 * (k % 5)) for k in range(20)]
    return BenchmarkResult.model_validate({
        "framework": framework, "workload": workload, "mode": "eager", "device": "cpu",
        "median_s": sorted(samples)[10], "samples": samples, "dtype": dtype, "batch_size": 8,
        "round_sizes": [5, 5, 5, 5]})


def _rows() -> list[BenchmarkResult]:
    return [_row("pytorch", "mlp_inference", 0.001), _row("tensorflow", "mlp_inference", 0.002),
            _row("pytorch", "matmul", 0.05), _row("tensorflow", "matmul", 0.04),
            _row("pytorch", "matmul", 0.02, "bfloat16"),
            _row("tensorflow", "matmul", 0.03, "bfloat16")]


def test_a_busy_run_gives_no_verdict_and_says_so_once_in_the_summary() -> None:
    ledger = {"threads": {"intra_op": 1, "inter_op": 1}, "device": "cpu", "dtype": "float32",
              "contention_before": {"busy": True, "free_cpus": 0.9, "cpus_available": 2,
                                    "threads": 1}}
    analysis = analyse_benchmarks(_rows(), ledgers={"pytorch": ledger, "tensorflow": ledger})
    assert {v.verdict for v in analysis.verdicts} == {"inconclusive"}
    assert all(v.faster is None for v in analysis.verdicts)
    assert all("busy" not in v.summary for v in analysis.verdicts)
    summary = analysis.summary
    assert summary is not None
    assert summary["inconclusive"] == "inconclusive: the machine was busy"
    assert summary["statement"].startswith("Inconclusive, indicative only: Over 2 workloads")
    assert "busy" not in summary["statement"]
    assert len(summary["machine_busy"]) == 2 and summary["fair_conditions"] is False


def test_a_quiet_run_keeps_its_verdicts_per_dtype() -> None:
    ledger = {"threads": {"intra_op": 2, "inter_op": 2}, "device": "cpu", "dtype": "float32",
              "machine_load": {"cpus_available": 2, "other_runnable_mean": 0.0,
                               "cpu_pressure_share": 0.01}}
    analysis = analyse_benchmarks(_rows(), ledgers={"pytorch": ledger, "tensorflow": ledger})
    verdicts = {(v.workload, getattr(v, "dtype", None)): v.verdict for v in analysis.verdicts}
    assert verdicts == {("mlp_inference", "float32"): "pytorch_faster",
                        ("matmul", "float32"): "tensorflow_faster",
                        ("matmul", "bfloat16"): "pytorch_faster"}
    summary = analysis.summary
    assert summary is not None and summary["inconclusive"] is None
    # The headline reads float32 rows only.
    assert summary["included"] == ["matmul", "mlp_inference"]


def test_intervals_allow_for_run_to_run_movement() -> None:
    tight = RatioEstimate(1.5, (1.5,), 1.48, 1.52)
    widened = with_allowance(tight, run_to_run_allowance())
    assert widened.low == pytest.approx(1.48 / (1 + RUN_TO_RUN_FLOOR))
    assert widened.high == pytest.approx(1.52 * (1 + RUN_TO_RUN_FLOOR))
    # Two runs about 15% apart (as two quiet quick runs were): each interval, widened, contains
    # the other's estimate.
    other = with_allowance(RatioEstimate(1.72, (1.72,), 1.69, 1.75), run_to_run_allowance())
    assert widened.low <= 1.72 <= widened.high and other.low <= 1.5 <= other.high
    # Rounds that disagree widen more than the floor.
    per_round = round_ratios([2.0] * 4 + [3.0] * 4, [1.0] * 8, ([4, 4], [4, 4]))
    assert per_round == [2.0, 3.0]
    assert run_to_run_allowance(per_round) == pytest.approx((3.0 / 2.0) ** 0.5 - 1)
    assert round_ratios([1.0, 2.0], [1.0, 2.0], ([1, 1], [2])) == []


def test_busy_warnings_name_each_framework_run() -> None:
    busy = {"cpus_available": 2, "loadavg_1min_start": 5.0}
    warnings = busy_warnings({"pytorch": {"machine_load": busy}, "tensorflow": {}})
    assert len(warnings) == 1 and warnings[0].startswith("the machine was busy during the PyTorch")
