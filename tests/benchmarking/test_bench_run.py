"""The shared run loop of the benchmark probes, with a fake framework and a fake clock."""

from __future__ import annotations

import argparse
from typing import Any

import bench_machine
import bench_run
import bench_workloads
import pytest
from bench_probe import bench_arguments
from bench_run import CompileCosts, run_benchmarks

from advisor.models.probe_report import BenchmarkResult, ProbeFailure
from tests.benchmarking.conftest import SECONDS, FakeBackend, FakeClock


def _options(*args: str) -> argparse.Namespace:
    return bench_arguments("test").parse_args(list(args))


def _run(backend: FakeBackend, clock: FakeClock, *args: str) -> dict[str, Any]:
    return run_benchmarks(backend, _options(*args), import_s=2.0, clock=clock)


def test_quick_measures_every_workload_eagerly_and_fits_the_contract(clock: FakeClock) -> None:
    document = _run(FakeBackend(clock, SECONDS), clock, "--budget", "quick")
    assert [(r["workload"], r["mode"]) for r in document["benchmarks"]] == [
        (workload, "eager") for workload in bench_workloads.WORKLOADS]
    assert document["failures"] == []
    for row in document["benchmarks"]:
        BenchmarkResult.model_validate(row)
        assert row["median_s"] > 0 and row["n"] >= 1
    mlp = document["benchmarks"][0]
    assert mlp["throughput"] == pytest.approx(1000 / 0.01)
    assert mlp["throughput_unit"] == "samples/s" and mlp["compile_s"] is None
    matmul = document["benchmarks"][3]
    assert matmul["throughput"] == pytest.approx(2 * 2048**3 / 1e9 / 0.2)
    assert matmul["throughput_unit"] == "GFLOP/s"
    imports = next(r for r in document["benchmarks"] if r["workload"] == "import_time")
    assert imports["samples"] == [2.0]  # the probe's own import
    assert document["budget"]["spent_s"] <= bench_run.RUN_CAPS_S["quick"] + 1.0
    # The probe records the workloads it ran (the report keeps it in each framework's ledger).
    assert document["budget"]["workloads"] == list(bench_workloads.WORKLOADS)


def test_compiled_workloads_are_skipped_with_a_reason_when_the_budget_is_short(
    clock: FakeClock,
) -> None:
    backend = FakeBackend(clock, SECONDS)
    document = _run(backend, clock, "--budget", "standard", "--workloads",
                    "mlp_inference,matmul", "--time-budget-s", "3")
    assert [r["mode"] for r in document["benchmarks"]] == ["eager", "eager"]
    skipped = [ProbeFailure.model_validate(f) for f in document["failures"]]
    assert [(f.kind, f.workload) for f in skipped] == [  # type: ignore[attr-defined]
        ("skipped", "mlp_inference"), ("skipped", "matmul")]
    assert "compiling needs about 10 s" in skipped[0].reason
    assert ("mlp_inference", "compiled") not in backend.built


def test_compiled_mode_reports_the_first_call_apart(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bench_run, "fresh_import_seconds", lambda module, timeout_s: 2.5)
    backend = FakeBackend(clock, SECONDS, compile_s=4.0)
    document = _run(backend, clock, "--budget", "standard", "--workloads",
                    "mlp_inference,import_time", "--modes", "compiled", "--time-budget-s", "60")
    # Compiled mode comes before the fresh-process imports (the first thing to cut).
    row, imports = document["benchmarks"]
    assert imports["workload"] == "import_time"
    assert row["mode"] == "compiled"
    assert row["compile_s"] == pytest.approx(4.01)
    assert row["median_s"] == pytest.approx(0.01)  # steady state, compile excluded


def test_compile_estimates_learn_from_this_run() -> None:
    costs = CompileCosts({"a": 20.0, "b": 40.0})
    assert costs.estimate("b") == 40.0
    costs.observe("a", 5.0)  # four times faster than the table says
    assert costs.estimate("b") == pytest.approx(10.0)


def test_a_failing_workload_leaves_the_others_measured(clock: FakeClock) -> None:
    backend = FakeBackend(clock, SECONDS, broken=("cnn_train_step",))
    document = _run(backend, clock, "--budget", "quick")
    assert "cnn_train_step" not in [r["workload"] for r in document["benchmarks"]]
    assert len(document["benchmarks"]) == len(bench_workloads.WORKLOADS) - 1
    (failure,) = document["failures"]
    assert failure["kind"] == "failed"
    assert failure["reason"] == (
        "cnn_train_step (eager): RuntimeError: cnn_train_step is not supported here")


def test_fresh_imports_are_added_when_the_budget_allows(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bench_run, "fresh_import_seconds", lambda module, timeout_s: 2.5)
    document = _run(FakeBackend(clock, SECONDS), clock, "--budget", "standard", "--modes",
                    "eager", "--workloads", "import_time")
    (row,) = document["benchmarks"]
    extra = bench_run.EXTRA_IMPORTS["standard"]
    assert extra >= 4  # fewer made import_time's median move 10-15% between runs
    assert row["samples"] == [2.0, *[2.5] * extra] and row["median_s"] == 2.5


def test_unknown_workload_is_a_usage_error(clock: FakeClock) -> None:
    with pytest.raises(SystemExit) as stop:
        _run(FakeBackend(clock, SECONDS), clock, "--workloads", "mlp_inference,resnet")
    assert stop.value.code == 2


class _Proc:
    def __init__(self, pid: int, used: int | None) -> None:
        self.pid, self.usedGpuMemory = pid, used


class FakeNvml:
    def __init__(self) -> None:
        self.shutdown = False

    def nvmlInit(self) -> None:
        return None

    def nvmlShutdown(self) -> None:
        self.shutdown = True

    def nvmlDeviceGetCount(self) -> int:
        return 2

    def nvmlDeviceGetHandleByIndex(self, index: int) -> int:
        return index

    def nvmlDeviceGetComputeRunningProcesses(self, handle: int) -> list[_Proc]:
        return [_Proc(42, 3 * 2**30), _Proc(7, 2**30)] if handle == 1 else [_Proc(7, 5)]


def test_nvml_reports_this_process_gpu_memory_only() -> None:
    nvml = FakeNvml()
    assert bench_machine.nvml_process_memory(nvml, 42) == {
        "nvml_process_memory_bytes": {"1": 3 * 2**30}, "nvml_scope": bench_machine.NVML_SCOPE}
    assert nvml.shutdown
    assert "withholds" in bench_machine.nvml_process_memory(_Withheld(), 42)["nvml_note"]


class _Withheld(FakeNvml):
    def nvmlDeviceGetComputeRunningProcesses(self, handle: int) -> list[_Proc]:
        return [_Proc(42, None)]


def test_cpu_pressure_is_read_from_psi(tmp_path: Any) -> None:
    pressure = tmp_path / "cpu"
    pressure.write_text("some avg10=1.00 avg60=2.00 avg300=3.00 total=1500000\n"
                        "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")
    assert bench_machine._cpu_stall_us(str(pressure)) == 1_500_000
    assert bench_machine._cpu_stall_us(str(tmp_path / "missing")) is None
    load = bench_machine.MachineLoad().result()
    assert load["cpus_available"] >= 1
    assert load["cpu_pressure_share"] is None or 0 <= load["cpu_pressure_share"] <= 1


@pytest.mark.parametrize("budget", ["quick", "standard", "thorough"])
def test_every_budget_measures_every_workload_within_its_cap(
    budget: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bench_run, "fresh_import_seconds", lambda module, timeout_s: 2.0)
    backend = FakeBackend(clock, SECONDS, compile_s=3.0)
    document = _run(backend, clock, "--budget", budget)
    measured = {(r["workload"], r["mode"]) for r in document["benchmarks"]}
    assert {w for w, mode in measured if mode == "eager"} == set(bench_workloads.WORKLOADS)
    compiled = {w for w, mode in measured if mode == "compiled"}
    assert compiled == (set() if budget == "quick" else set(bench_workloads.COMPILE_ORDER))
    cap = bench_run.RUN_CAPS_S[budget]
    # The cap bounds the run, give or take the last samples and warm-ups of a workload.
    assert document["budget"]["spent_s"] <= cap + 3.0
    assert all(r["n"] >= 3 for r in document["benchmarks"] if r["workload"] != "import_time")


class _TimelineBackend(FakeBackend):
    """Records when each workload's calls start, on the fake clock."""

    def __init__(self, clock: FakeClock, seconds: dict[str, float], **kwargs: Any) -> None:
        super().__init__(clock, seconds, **kwargs)
        self.starts: dict[tuple[str, str], list[float]] = {}

    def build(self, workload: str, mode: str) -> Any:
        inner = super().build(workload, mode)
        starts = self.starts.setdefault((workload, mode), [])

        def step() -> None:
            starts.append(self.clock())
            inner()

        return step


def test_samples_of_every_workload_span_the_sampling_phase(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bench_run, "fresh_import_seconds", lambda module, timeout_s: 2.5)
    backend = _TimelineBackend(clock, SECONDS, compile_s=3.0)
    document = _run(backend, clock, "--budget", "standard")
    rows = [r for r in document["benchmarks"] if r["workload"] != "import_time"]
    timed = len(bench_workloads.WORKLOADS) - 1  # import_time is timed apart
    assert len(rows) == timed + len(bench_workloads.COMPILE_ORDER)  # eager, then compiled
    rounds = bench_run.PLANS["standard"].rounds
    sampling = document["phases"]["sampling_rounds_s"]
    for row in rows:
        # Each workload was sampled in every round, its samples spread over the whole phase
        # (not one 2 s stretch of it), with about its share of the sampling time.
        assert row["rounds"] == rounds
        assert row["span_s"] > 0.7 * sampling  # one stretch after another: 1/8 each
        assert row["sampling_s"] == pytest.approx(bench_run.PLANS["standard"].max_seconds,
                                                  rel=0.2)
    # The first workload's calls and the last one's interleave: each has calls between the
    # other's first and last sampling calls.
    first, last = ((row["workload"], row["mode"]) for row in (rows[0], rows[-1]))
    head = backend.starts[first][-rows[0]["n"]:]
    tail = backend.starts[last][-rows[-1]["n"]:]
    assert any(tail[0] < t < tail[-1] for t in head)
    assert any(head[0] < t < head[-1] for t in tail)
    assert document["budget"]["rounds"] == rounds


def test_a_workload_failing_mid_sampling_leaves_the_others_measured(clock: FakeClock) -> None:
    backend = FakeBackend(clock, SECONDS)
    real_build = backend.build
    calls = [0]

    def build(workload: str, mode: str) -> Any:
        step = real_build(workload, mode)
        if workload != "transformer_inference":
            return step

        def flaky() -> None:  # fine through the warm-up, then out of memory in round two
            calls[0] += 1
            if calls[0] > 40:
                raise MemoryError("out of memory")
            step()

        return flaky

    backend.build = build  # type: ignore[method-assign]
    document = _run(backend, clock, "--budget", "standard", "--modes", "eager",
                    "--workloads", "mlp_inference,transformer_inference,matmul")
    assert [r["workload"] for r in document["benchmarks"]] == ["mlp_inference", "matmul"]
    (failed,) = document["failures"]
    assert failed["kind"] == "failed" and failed["workload"] == "transformer_inference"
    assert failed["reason"] == "transformer_inference (eager): MemoryError: out of memory"
    assert all(r["rounds"] == bench_run.PLANS["standard"].rounds
               for r in document["benchmarks"])


def test_workload_memory_is_read_over_its_build_and_warm_up(clock: FakeClock) -> None:
    document = _run(FakeBackend(clock, SECONDS), clock, "--budget", "quick",
                    "--workloads", "matmul")
    (row,) = document["benchmarks"]
    assert row["peak_rss_scope"] in ("workload", "process")
    assert row["peak_rss_bytes"] >= (row["rss_before_bytes"] or 0)


def test_rotating_batches_meet_a_different_label_batch_each_time_round() -> None:
    next_batch = bench_workloads.rotating_batches(list("ABCDEFGH"), list(range(7)))
    pairs = [next_batch() for _ in range(56)]
    assert len(set(pairs)) == 56  # no (images, labels) pair repeats within 8 x 7 steps
    assert {images for images, _ in pairs} == set("ABCDEFGH")
    assert pairs[0] == ("A", 0) and next_batch() == ("A", 0)
    assert [labels for images, labels in pairs if images == "A"] == [0, 1, 2, 3, 4, 5, 6]
    assert bench_workloads.IMAGE_BATCHES == 8 and bench_workloads.LABEL_BATCHES == 7
