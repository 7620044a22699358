"""The seed suite: the article's models at batch 1 and a throughput batch, float32 and bfloat16.

The run loop with a fake framework (fast), and both real frameworks on ResNet-50 (slow).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import bench_seed
import pytest
from bench_probe import bench_arguments
from bench_run import run_benchmarks
from bench_workloads import Workload

from advisor.benchmarking import analyse_benchmarks
from advisor.benchmarking.published import ROWS, published_comparison
from advisor.models.probe_report import BenchmarkResult
from tests.benchmarking.conftest import FakeBackend, FakeClock


class SeedBackend(FakeBackend):
    """Seed models that take a scripted time, half of it in bfloat16."""

    def build_seed(self, workload: Workload, dtype: str) -> Any:
        self.built.append((workload.id, dtype))
        seconds = 0.1 * (workload.batch_size or 1) * (0.5 if dtype == "bfloat16" else 1.0)

        def step() -> None:
            self.clock.advance(seconds)

        return step


def test_the_catalogue_has_latency_and_throughput_rows_per_model() -> None:
    cpu = bench_seed.seed_workloads("cpu")
    assert list(cpu) == [f"{m}_{k}" for m in ("resnet50", "bert_base", "gpt2", "vit_b16",
                                              "efficientnet") for k in ("latency", "throughput")]
    assert cpu["resnet50_latency"].batch_size == 1
    assert cpu["resnet50_throughput"].batch_size == 4  # 128 / 32 on a CPU
    assert cpu["gpt2_throughput"].batch_size == 2  # at least 2
    assert bench_seed.seed_workloads("cuda")["resnet50_throughput"].batch_size == 128
    assert bench_seed.model_of("bert_base_latency") == "bert_base"


def test_bf16_units_are_read_from_cpuinfo(tmp_path: Path) -> None:
    amx = tmp_path / "amx"
    amx.write_text("processor : 0\nflags : fpu avx512f avx512_bf16 amx_tile amx_bf16\n")
    plain = tmp_path / "plain"
    plain.write_text("processor : 0\nflags : fpu avx2 fma\n")
    assert bench_seed.bf16_units(str(amx)) == "amx_bf16"
    assert bench_seed.bf16_units(str(plain)) is None
    assert bench_seed.bf16_units(str(tmp_path / "missing")) is None


def test_seed_runs_each_model_in_each_precision(clock: FakeClock,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bench_run.bf16_units", lambda: "amx_bf16")
    backend = SeedBackend(clock, {})
    options = bench_arguments("test").parse_args(
        ["--suite", "seed", "--budget", "quick", "--workloads",
         "resnet50_latency,resnet50_throughput"])
    document = run_benchmarks(backend, options, import_s=2.0, clock=clock)
    rows = {(r["workload"], r["dtype"]): r for r in document["benchmarks"]}
    assert set(rows) == {("resnet50_latency", "float32"), ("resnet50_latency", "bfloat16"),
                         ("resnet50_throughput", "float32"), ("resnet50_throughput", "bfloat16")}
    for row in rows.values():
        BenchmarkResult.model_validate(row)
        assert row["mode"] == "eager" and "peak_rss_bytes" in row
    assert rows[("resnet50_latency", "float32")]["batch_size"] == 1
    assert rows[("resnet50_throughput", "bfloat16")]["throughput_unit"] == "images/s"
    assert document["budget"]["suite"] == "seed"
    assert document["budget"]["dtypes"] == ["float32", "bfloat16"]
    # Without bf16 units, or when asked, float32 only.
    monkeypatch.setattr("bench_run.bf16_units", lambda: None)
    plain = run_benchmarks(SeedBackend(clock, {}), bench_arguments("t").parse_args(
        ["--suite", "seed", "--workloads", "gpt2_latency"]), import_s=1.0, clock=clock)
    assert [r["dtype"] for r in plain["benchmarks"]] == ["float32"]


def test_published_table_sits_beside_the_measured_ratios() -> None:
    def row(framework: str, dtype: str, seconds: float) -> BenchmarkResult:
        return BenchmarkResult.model_validate({
            "framework": framework, "workload": "resnet50_throughput", "mode": "eager",
            "device": "cpu", "median_s": seconds, "samples": [seconds * f for f in
                                                               (0.99, 1.0, 1.01, 1.0, 1.02)],
            "dtype": dtype, "batch_size": 4})
    analysis = analyse_benchmarks([row("pytorch", "float32", 0.4), row("tensorflow", "float32",
                                   0.5), row("pytorch", "bfloat16", 0.2),
                                   row("tensorflow", "bfloat16", 0.1)])
    table = published_comparison(analysis.verdicts)
    assert table["source"]["date"] == "2025-06" and table["source"]["device"] == "NVIDIA A100"
    resnet = table["rows"][0]
    assert (resnet["model"], resnet["batch_size"], resnet["pytorch"]) == ("ResNet-50", 128, 312.0)
    assert resnet["published_ratio"] == pytest.approx(312 / 298, rel=1e-3)
    assert resnet["measured"]["float32"]["ratio"] == pytest.approx(1.25)
    assert resnet["measured"]["bfloat16"]["ratio"] == pytest.approx(0.5)
    assert table["rows"][1]["measured"] is None  # BERT-Base was not run
    assert len(table["rows"]) == len(ROWS) and "A100" in table["why_different"]
    assert analysis.summary is not None
    assert analysis.summary["published_comparison"]["rows"][0]["measured"] is not None


@pytest.mark.slow
@pytest.mark.parametrize("script", ["bench_torch.py", "bench_tensorflow.py"])
def test_real_resnet50_latency_in_float32_and_bfloat16(script: str) -> None:
    from tests.benchmarking.test_real_benchmarks import _needs, run_bench

    _needs("torch" if "torch" in script else "tensorflow")
    document = run_bench(script, "--suite", "seed", "--budget", "quick", "--workloads",
                         "resnet50_latency", "--dtype", "float32,bfloat16",
                         "--time-budget-s", "5")
    rows = {r["dtype"]: r for r in document["benchmarks"]}
    assert set(rows) == {"float32", "bfloat16"}, document["failures"]
    for row in rows.values():
        assert row["batch_size"] == 1 and row["median_s"] > 0 and row["n"] >= 3
        assert row["peak_rss_bytes"] > 50 * 2**20  # 25.6 M parameters in float32
    ledger = document["ledger"]
    assert ledger["suite"] == "seed" and ledger["peak_rss_bytes_process"] > 0
    assert "resnet50_latency" in ledger["workloads"]


def test_an_unknown_suite_is_a_clean_input_error(run_cli: Any, tmp_path: Path) -> None:
    from tests.conftest import assert_clean_error

    result = run_cli("probe", "--suite", "huge", "--output", tmp_path / "report.json")
    assert_clean_error(result, "--suite", "default, seed")
    assert not (tmp_path / "report.json").exists()
