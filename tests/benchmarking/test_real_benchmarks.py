"""The real benchmark probes with tiny budgets (slow: they import torch and tensorflow).

Together (with test_fidelity.py) these stay around a minute on 2 cores: each framework is
imported a few times, and torch.compile runs once, on its cheapest compile (the matmul).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from advisor.models.probe_report import BenchmarkResult
from advisor.probing import ProbeSpec, collect_probe_report, failed_probes
from tests.conftest import REPO

pytestmark = pytest.mark.slow
PROBES = REPO / "probes"
CONTRACT_KEYS = {"framework", "workload", "mode", "device", "batch_size", "median_s", "iqr_s",
                 "samples", "throughput", "throughput_unit", "compile_s"}


def _needs(module: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed")


def run_bench(script: str, *args: str, python: str = sys.executable) -> dict[str, Any]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    done = subprocess.run([python, str(PROBES / script), *args], capture_output=True,
                          text=True, timeout=300, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, f"stdout must be one JSON document, got {done.stdout[:500]!r}"
    document: dict[str, Any] = json.loads(lines[0])
    return document


def _check_results(document: dict[str, Any], framework: str) -> dict[tuple[str, str], Any]:
    rows = {(row["workload"], row["mode"]): row for row in document["benchmarks"]}
    for row in rows.values():
        assert set(row) >= CONTRACT_KEYS
        BenchmarkResult.model_validate(row)
        assert row["framework"] == framework and row["median_s"] > 0
        assert row["n"] == len(row["samples"]) >= 1
    return rows


def _check_ledger(ledger: dict[str, Any]) -> None:
    cpus = len(os.sched_getaffinity(0))
    # Through the advisor, a busy machine gets the thread count that fits its free CPUs.
    fitted = (ledger.get("contention_before") or {}).get("threads")
    threads = fitted or cpus
    assert ledger["threads"]["intra_op"] == threads  # the same default in both frameworks
    assert ledger["threads_requested"] == {"intra_op": threads, "inter_op": threads}
    assert ledger["thread_environment"]["OMP_NUM_THREADS"] == str(threads)
    assert ledger["dtype"] == "float32" and ledger["device"] == "cpu"
    assert ledger["version"] and ledger["onednn"]["enabled"] is not None
    assert ledger["compile_mode"] and ledger["synchronisation"]
    assert ledger["machine_load"]["cpus_available"] == cpus


def test_tensorflow_eager_and_xla_with_a_tiny_budget() -> None:
    _needs("tensorflow")
    document = run_bench("bench_tensorflow.py", "--budget", "quick", "--workloads",
                         "mlp_inference,matmul,import_time", "--modes", "eager,compiled",
                         "--time-budget-s", "12")
    rows = _check_results(document, "tensorflow")
    assert set(rows) >= {("mlp_inference", "eager"), ("matmul", "eager"),
                         ("import_time", "eager"), ("mlp_inference", "compiled")}
    compiled = rows[("mlp_inference", "compiled")]
    assert compiled["compile_s"] > 0 and compiled["first_call_s"] == compiled["compile_s"]
    matmul = rows[("matmul", "eager")]
    assert matmul["throughput_unit"] == "GFLOP/s" and matmul["throughput"] > 1
    assert matmul["peak_rss_bytes"] > 100 * 2**20
    assert rows[("mlp_inference", "eager")]["throughput_unit"] == "samples/s"
    assert rows[("import_time", "eager")]["n"] >= 1
    # The eager workloads again in a second fresh process (bench_processes.py), not XLA's.
    for workload in ("mlp_inference", "matmul"):
        first, second = rows[(workload, "eager")]["process_medians"]
        assert first == rows[(workload, "eager")]["median_s"] and second > 0
    assert "process_medians" not in compiled
    _check_ledger(document["ledger"])
    assert document["ledger"]["keras"]["backend"] == "tensorflow"


def test_orchestration_keeps_torch_results_when_tensorflow_crashes(tmp_path: Path) -> None:
    """Real PyTorch benchmarks (eager and torch.compile) next to a TensorFlow probe that dies."""
    _needs("torch")
    probes = tmp_path / "probes"
    shutil.copytree(PROBES, probes, ignore=shutil.ignore_patterns("__pycache__"))
    (probes / "bench_tensorflow.py").write_text(
        "import os, sys\nsys.stderr.write('loading tensorflow...\\n')\nos.abort()\n")
    tiny = ("--workloads", "matmul,import_time")
    specs = [
        # torch.compile of the matmul is its cheapest compile (about 10 s here).
        ProbeSpec("bench_torch", "bench_torch.py", "benchmarks", 240.0, key="pytorch",
                  args=(*tiny, "--modes", "eager,compiled", "--time-budget-s", "60"),
                  takes_turns=True),
        ProbeSpec("bench_tensorflow", "bench_tensorflow.py", "benchmarks", 60.0,
                  key="tensorflow", args=tiny, takes_turns=True),
    ]
    report = collect_probe_report(python=sys.executable, specs=specs, probes_path=probes,
                                  budget="quick")
    rows = {(r.workload, r.mode): r for r in report.benchmarks}
    assert {r.framework for r in report.benchmarks} == {"pytorch"}
    assert set(rows) == {("matmul", "eager"), ("import_time", "eager"), ("matmul", "compiled")}
    compiled = rows[("matmul", "compiled")]
    assert compiled.compile_s is not None and compiled.compile_s > (compiled.median_s or 0)
    # The second process took its turns in the probe's place and came back with its median.
    assert len(rows[("matmul", "eager")].process_medians or []) == 2
    assert failed_probes(report) == ["bench_tensorflow"]
    failure = next(f for f in report.failures if f.probe == "bench_tensorflow")
    assert "SIGABRT" in failure.reason and "loading tensorflow" in failure.reason
    assert report.benchmark_summary is None and report.benchmark_verdicts == []
    _check_ledger(report.benchmark_ledger["pytorch"])
    assert report.benchmark_ledger["pytorch"]["budget"]["modes"] == ["eager", "compiled"]


def test_a_framework_that_times_out_mid_run_leaves_the_other_intact() -> None:
    """The real TensorFlow probe, killed by its timeout while it imports and measures."""
    _needs("torch")
    _needs("tensorflow")
    tiny = ("--workloads", "matmul,mlp_inference", "--modes", "eager")
    specs = [
        ProbeSpec("bench_torch", "bench_torch.py", "benchmarks", 120.0, key="pytorch",
                  args=tiny, takes_turns=True),
        # TensorFlow's import alone takes longer than this on 2 cores.
        ProbeSpec("bench_tensorflow", "bench_tensorflow.py", "benchmarks", 1.5,
                  key="tensorflow", args=tiny, takes_turns=True),
    ]
    report = collect_probe_report(python=sys.executable, specs=specs, budget="quick")
    assert {(r.framework, r.workload) for r in report.benchmarks} == {
        ("pytorch", "matmul"), ("pytorch", "mlp_inference")}
    assert failed_probes(report) == ["bench_tensorflow"]
    (timeout,) = [f for f in report.failures if f.probe == "bench_tensorflow"]
    assert timeout.kind == "timeout" and "1.5 s of its own turns" in timeout.reason
    assert set(report.benchmark_ledger) == {"pytorch"}
    assert report.benchmark_verdicts == [] and report.benchmark_summary is None
    runs = {run.probe: run.outcome for run in report.probe_runs}
    assert runs == {"bench_torch": "ok", "bench_tensorflow": "timeout"}


def test_missing_framework_is_skipped(tmp_path: Path) -> None:
    venv = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    for script, module in (("bench_torch.py", "torch"), ("bench_tensorflow.py", "tensorflow")):
        document = run_bench(script, "--budget", "quick", python=str(venv / "bin" / "python"))
        assert document["skipped"].startswith(f"{module} is not installed")


def test_requesting_cuda_without_a_gpu_is_a_skip() -> None:
    _needs("torch")
    if shutil.which("nvidia-smi"):
        pytest.skip("this machine may have a GPU")
    document = run_bench("bench_torch.py", "--device", "cuda", "--workloads", "matmul")
    assert document == {"skipped": "torch sees no CUDA device (--device cuda)"}
