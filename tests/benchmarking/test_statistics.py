"""Bootstrap intervals, verdicts and the geometric-mean summary, on inputs with known answers."""

from __future__ import annotations

import math
import random

import pytest

from advisor.benchmarking import (
    analyse_benchmarks,
    classify,
    geometric_mean,
    geometric_mean_interval,
    ratio_of_medians,
)
from advisor.benchmarking.bootstrap import RatioEstimate, interval, percentile
from advisor.benchmarking.classification import contradicts, describe_ratio
from advisor.models.probe_report import BenchmarkResult
from tests.benchmarking.conftest import result


def _noisy(center: float, spread: float, n: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    return [center * (1 + rng.uniform(-spread, spread)) for _ in range(n)]


def test_percentiles_interpolate_linearly() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert percentile(values, 0.0) == 1.0 and percentile(values, 1.0) == 5.0
    assert percentile(values, 0.5) == 3.0
    assert percentile(values, 0.125) == pytest.approx(1.5)
    assert interval(list(range(101)), 0.9) == pytest.approx((5.0, 95.0))


def test_ratio_of_constant_samples_has_a_point_interval() -> None:
    estimate = ratio_of_medians([0.2] * 10, [0.1] * 10)
    assert estimate.ratio == pytest.approx(2.0)
    assert (estimate.low, estimate.high) == pytest.approx((2.0, 2.0))
    assert classify(estimate) == "pytorch_faster"


def test_bootstrap_is_reproducible_and_brackets_the_ratio() -> None:
    tf_times, torch_times = _noisy(0.3, 0.1, 30, 1), _noisy(0.1, 0.1, 30, 2)
    first = ratio_of_medians(tf_times, torch_times)
    again = ratio_of_medians(tf_times, torch_times)
    assert (first.low, first.high) == (again.low, again.high)  # fixed seed
    assert first.low is not None and first.high is not None
    assert first.low < first.ratio < first.high
    assert first.low > 2.5 and first.high < 3.6
    assert classify(first) == "pytorch_faster"


def test_overlapping_wide_distributions_are_too_close_to_call() -> None:
    same = ratio_of_medians(_noisy(0.1, 0.3, 15, 3), _noisy(0.1, 0.3, 15, 4))
    assert same.low is not None and same.high is not None
    assert same.low < 1 < same.high
    # 30% noise a side: the interval reaches past 25% of 1, so no equality is established.
    assert same.low < 1 / 1.25 or same.high > 1.25
    assert classify(same) == "too_close_to_call"
    assert describe_ratio(same, "too_close_to_call", 15, 15).startswith(
        "Too close to call in this run: TensorFlow/PyTorch time ratio")


def test_a_small_but_significant_difference_keeps_its_verdict_and_is_called_small() -> None:
    small = RatioEstimate(1.02, (1.0,), 1.01, 1.03)
    assert classify(small) == "pytorch_faster"
    assert describe_ratio(small, classify(small), 10, 10) == (
        "PyTorch is 1.02x faster (95% CI 1.01x-1.03x): a small difference, under 5%")
    small_tf = RatioEstimate(0.98, (1.0,), 0.965, 0.99)
    assert classify(small_tf) == "tensorflow_faster"
    assert describe_ratio(small_tf, "tensorflow_faster", 10, 10).endswith(
        ": a small difference, under 5%")
    large = RatioEstimate(0.5, (1.0,), 0.45, 0.55)
    assert classify(large) == "tensorflow_faster"
    assert "small" not in describe_ratio(large, "tensorflow_faster", 10, 10)
    # A bound that excludes 1 is never printed as 1.00.
    assert describe_ratio(RatioEstimate(1.02, (1.0,), 1.0013, 1.043), "pytorch_faster",
                          10, 10).startswith("PyTorch is 1.02x faster (95% CI 1.001x-1.04x)")
    assert "(95% CI 1.0004x-1.02x)" in describe_ratio(
        RatioEstimate(0.99, (1.0,), 0.98, 0.9996), "tensorflow_faster", 10, 10)
    # An interval reaching past 5% is not called small, even with a point estimate under 5%.
    assert "small" not in describe_ratio(RatioEstimate(1.03, (1.0,), 1.001, 1.06),
                                         "pytorch_faster", 10, 10)


def test_an_interval_holding_one_is_no_difference_only_within_the_margin() -> None:
    assert classify(RatioEstimate(1.0, (1.0,), 1.0, 1.0)) == "no_meaningful_difference"
    assert classify(RatioEstimate(1.02, (1.0,), 1.0, 1.04)) == "no_meaningful_difference"
    assert classify(RatioEstimate(1.0, (1.0,), 0.8, 1.25)) == "no_meaningful_difference"
    assert classify(RatioEstimate(0.9, (1.0,), 0.7, 1.0)) == "too_close_to_call"
    assert classify(RatioEstimate(1.1, (1.0,), 0.95, 1.26)) == "too_close_to_call"
    assert classify(RatioEstimate(1.02, (1.0,), 1.0001, 1.04)) == "pytorch_faster"
    assert classify(RatioEstimate(0.98, (1.0,), 0.96, 0.9999)) == "tensorflow_faster"


def test_verdicts_contradict_only_when_both_make_opposing_claims() -> None:
    claims = ("pytorch_faster", "tensorflow_faster", "no_meaningful_difference")
    silent = ("too_close_to_call", "inconclusive", "insufficient_samples")
    for first in claims:
        for second in claims:
            assert contradicts(first, second) == (first != second)
        for second in silent:
            assert not contradicts(first, second) and not contradicts(second, first)
    assert not any(contradicts(a, b) for a in silent for b in silent)


def test_too_few_samples_give_no_interval() -> None:
    estimate = ratio_of_medians([7.0], [2.0, 2.1])
    assert estimate.ratio == pytest.approx(7.0 / 2.05)
    assert estimate.low is None and estimate.replicates == ()
    assert classify(estimate) == "insufficient_samples"
    with pytest.raises(ValueError):
        ratio_of_medians([], [1.0])
    with pytest.raises(ValueError):
        ratio_of_medians([0.0], [1.0])


def test_geometric_mean_and_its_interval() -> None:
    assert geometric_mean([2.0, 0.5]) == pytest.approx(1.0)
    assert geometric_mean([4.0, 1.0]) == pytest.approx(2.0)
    with pytest.raises(ValueError):
        geometric_mean([1.0, -1.0])
    fast = RatioEstimate(4.0, (3.0, 4.0, 5.0), 3.0, 5.0)
    even = RatioEstimate(1.0, (1.0, 1.0, 1.0), 1.0, 1.0)
    point, low, high = geometric_mean_interval([fast, even])
    assert point == pytest.approx(2.0)
    assert (low, high) == pytest.approx(interval([math.sqrt(3), 2.0, math.sqrt(5)]))
    # One workload without an interval: no interval for the mean either (not a false precision).
    assert geometric_mean_interval([fast, RatioEstimate(1.0, (), None, None)])[1:] == (None, None)


def _results() -> list[BenchmarkResult]:
    rows = [
        result("pytorch", "mlp_inference", _noisy(0.010, 0.02, 20, 1)),
        result("tensorflow", "mlp_inference", _noisy(0.020, 0.02, 20, 2)),
        result("pytorch", "matmul", _noisy(0.20, 0.02, 10, 3), throughput=85.9,
               throughput_unit="GFLOP/s", batch_size=None),
        result("tensorflow", "matmul", _noisy(0.10, 0.02, 10, 4), throughput=171.8,
               throughput_unit="GFLOP/s", batch_size=None),
        result("pytorch", "import_time", [2.0]),
        result("tensorflow", "import_time", [6.0]),
        result("pytorch", "mlp_inference", _noisy(0.005, 0.02, 20, 5), mode="compiled"),
        result("pytorch", "cnn_train_step", _noisy(0.1, 0.02, 20, 6), device="cuda"),
        result("tensorflow", "cnn_train_step", _noisy(0.1, 0.02, 20, 7), device="cpu"),
    ]
    return [BenchmarkResult.model_validate(row) for row in rows]


def test_verdicts_pair_same_workload_mode_and_device_only() -> None:
    analysis = analyse_benchmarks(_results(), peak_gflops_fp32=200.0)
    keys = {(v.workload, v.mode, v.device): v for v in analysis.verdicts}
    assert set(keys) == {("mlp_inference", "eager", "cpu"), ("matmul", "eager", "cpu"),
                         ("import_time", "eager", "cpu")}
    mlp = keys[("mlp_inference", "eager", "cpu")]
    assert mlp.verdict == "pytorch_faster" and mlp.faster == "pytorch"
    assert mlp.ratio == pytest.approx(2.0, rel=0.05) and mlp.speedup == pytest.approx(mlp.ratio)
    assert mlp.summary.startswith("PyTorch is 2.0")
    matmul = keys[("matmul", "eager", "cpu")]
    assert matmul.verdict == "tensorflow_faster" and matmul.speedup == pytest.approx(2, rel=0.05)
    assert matmul.summary.startswith("TensorFlow is 2.0")
    assert keys[("import_time", "eager", "cpu")].verdict == "insufficient_samples"


def test_summary_is_the_geometric_mean_of_eager_workloads_without_import_time() -> None:
    analysis = analyse_benchmarks(_results(), peak_gflops_fp32=200.0)
    summary = analysis.summary
    assert summary is not None
    assert summary["workloads"] == 2 and summary["included"] == ["matmul", "mlp_inference"]
    assert summary["geomean_ratio"] == pytest.approx(1.0, rel=0.05)  # 2x one way, 2x the other
    assert summary["ci_low"] < summary["geomean_ratio"] < summary["ci_high"]
    assert "import_time" in summary["excluded"]
    assert summary["matmul_peak_share"] == pytest.approx({"pytorch": 85.9 / 200,
                                                         "tensorflow": 171.8 / 200})
    shared = [r for r in analysis.benchmarks if r.workload == "matmul"]
    assert all(getattr(r, "peak_share", None) for r in shared)


def test_no_summary_without_an_eager_pair() -> None:
    only_torch = [r for r in _results() if r.framework == "pytorch"]
    analysis = analyse_benchmarks(only_torch)
    assert analysis.verdicts == [] and analysis.summary is None


def test_different_threads_in_the_ledgers_are_flagged() -> None:
    ledgers = {"pytorch": {"threads": {"intra_op": 2, "inter_op": 2}, "device": "cpu",
                           "dtype": "float32"},
               "tensorflow": {"threads": {"intra_op": 4, "inter_op": 2}, "device": "cpu",
                              "dtype": "float32"}}
    analysis = analyse_benchmarks(_results(), ledgers=ledgers)
    assert analysis.fairness_warnings == ["intra-op threads differ: PyTorch 2, TensorFlow 4"]
    assert analysis.summary is not None
    assert analysis.summary["fairness_warnings"] == analysis.fairness_warnings
    assert analysis.summary["fair_conditions"] is False
    assert analysis.summary["statement"].endswith("caution: 1 fairness warning(s)")
    assert all(v.fairness_warnings for v in analysis.verdicts)


def test_a_busy_machine_is_flagged_in_the_fairness_warnings() -> None:
    calm = {"loadavg_1min_start": 1.8, "loadavg_1min_end": 2.1, "cpus_available": 2,
            "cpu_pressure_share": 0.02}
    busy = {"loadavg_1min_start": 2.5, "loadavg_1min_end": 4.2, "cpus_available": 2}
    base = {"threads": {"intra_op": 2, "inter_op": 2}, "device": "cpu", "dtype": "float32"}
    analysis = analyse_benchmarks(_results(), ledgers={
        "pytorch": {**base, "machine_load": busy}, "tensorflow": {**base, "machine_load": calm}})
    assert analysis.fairness_warnings == [
        "the machine was busy during the PyTorch run (1-minute load average up to 4.2 on 2 "
        "CPUs): other processes competed for the CPUs, so its timings include contention"]


def test_cpu_pressure_alone_marks_a_busy_machine() -> None:
    from advisor.benchmarking.contention import busy_machine

    assert busy_machine({"cpu_pressure_share": 0.64, "cpus_available": 2,
                         "loadavg_1min_start": 2.1}) == "a task waited for a CPU 64% of the time"
    assert busy_machine({"cpu_pressure_share": 0.05, "cpus_available": 2}) is None
    assert busy_machine(None) is None


@pytest.mark.parametrize(("start", "end", "busy"), [
    (3.05, 1.0, True),   # above 2 CPUs + a margin of one (the probe's own threads)
    (1.0, 3.4, True),    # the higher of start and end counts
    (3.0, 2.9, False),   # exactly CPUs + margin is not busy
    (2.9, None, False),
])
def test_load_average_is_busy_only_beyond_the_cpus_plus_one(
        start: float, end: float | None, busy: bool) -> None:
    from advisor.benchmarking.contention import BUSY_PRESSURE, busy_machine

    load = {"cpus_available": 2, "loadavg_1min_start": start, "loadavg_1min_end": end,
            "cpu_pressure_share": BUSY_PRESSURE}  # at the threshold: not busy by itself
    expected = f"1-minute load average up to {max(start, end or 0):.1f} on 2 CPUs"
    assert busy_machine(load) == (expected if busy else None)


def _rounds(factors: list[float], center: float, n: int, seed: int) -> list[float]:
    """n samples per round around center x the round's factor (the machine's state then)."""
    return [value for k, factor in enumerate(factors)
            for value in _noisy(center * factor, 0.02, n, seed + k)]


def test_rounds_are_resampled_whole_and_paired_when_both_sides_recorded_them() -> None:
    # The machine's speed moves from round to round; both frameworks, taking turns, feel it.
    drift = [1.0, 1.3, 0.9, 1.25, 1.0, 1.15]
    torch, tf = _rounds(drift, 1.0, 20, 1), _rounds(drift, 1.2, 20, 100)
    sizes = [20] * len(drift)
    paired = ratio_of_medians(tf, torch, rounds=(sizes, sizes))
    assert paired.low is not None and paired.high is not None
    assert paired.low <= 1.2 <= paired.high
    assert paired.high - paired.low < 0.1  # the shared drift cancels out round by round
    assert classify(paired) == "pytorch_faster"


def test_correlated_samples_in_rounds_widen_the_interval() -> None:
    # Within a round the samples agree; the rounds differ. 120 samples, but only 6 states.
    torch = _rounds([1.0, 1.1, 0.95, 1.05, 1.2, 0.9], 1.0, 20, 1)
    tf = _rounds([1.05, 1.0, 1.15, 0.9, 1.1, 1.0], 1.05, 20, 50)
    sizes = [20] * 6
    by_sample = ratio_of_medians(tf, torch)
    by_round = ratio_of_medians(tf, torch, rounds=(sizes, sizes))
    assert by_round.ratio == by_sample.ratio
    assert by_sample.low is not None and by_sample.high is not None
    assert by_round.low is not None and by_round.high is not None
    assert by_round.high - by_round.low > 1.5 * (by_sample.high - by_sample.low)


@pytest.mark.parametrize("sizes", [
    ([10, 10, 10], [10, 10, 10]),  # fewer than MIN_ROUNDS
    ([10, 10, 10, 10], [20, 10, 10]),  # not as many rounds on both sides
    ([10, 10, 10, 11], [10, 10, 10, 10]),  # sizes that do not add up to the samples
    ([10, 10, 20, 0], [10, 10, 10, 10]),  # an empty round
])
def test_rounds_that_cannot_be_paired_fall_back_to_single_samples(
    sizes: tuple[list[int], list[int]],
) -> None:
    tf, torch = _noisy(1.2, 0.1, 40, 3), _noisy(1.0, 0.1, 40, 4)
    assert ratio_of_medians(tf, torch, rounds=sizes) == ratio_of_medians(tf, torch)


def test_verdicts_use_the_rounds_the_probes_recorded() -> None:
    drift = [1.0, 1.3, 0.9, 1.25, 1.0, 1.15]
    torch, tf = _rounds(drift, 1.0, 20, 1), _rounds(drift, 1.2, 20, 100)
    plain = [BenchmarkResult.model_validate(result("pytorch", "matmul", torch)),
             BenchmarkResult.model_validate(result("tensorflow", "matmul", tf))]
    in_rounds = [BenchmarkResult.model_validate(result(r.framework, "matmul", r.samples,
                                                       round_sizes=[20] * 6)) for r in plain]
    (without,) = analyse_benchmarks(plain).verdicts
    (with_rounds,) = analyse_benchmarks(in_rounds).verdicts
    assert with_rounds.ratio == without.ratio
    assert (with_rounds.ci_low, with_rounds.ci_high) != (without.ci_low, without.ci_high)
    assert with_rounds.ci_low is not None and with_rounds.ci_low <= 1.2 <= with_rounds.ci_high
    assert "raw samples resampled" in (analyse_benchmarks(plain).summary or {})["method"]
    assert "whole sampling rounds" in (analyse_benchmarks(in_rounds).summary or {})["method"]


@pytest.mark.parametrize(("low", "high", "small"), [
    (1 / 1.05, 1.05, True),      # both ends exactly at the 5% bounds
    (0.95, 1.04, False),         # 0.95 < 1/1.05 = 0.952...
    (0.96, 1.051, False),
    (1.01, 1.049, True),
    (None, 1.01, False),
])
def test_a_small_difference_is_an_interval_within_five_percent_of_one(
        low: float | None, high: float | None, small: bool) -> None:
    from advisor.benchmarking.bootstrap import RatioEstimate
    from advisor.benchmarking.classification import is_small

    assert is_small(RatioEstimate(1.0, (), low, high)) is small


def test_every_ledger_difference_is_named() -> None:
    from advisor.benchmarking.fairness import ledger_warnings

    torch = {"threads": {"intra_op": 2, "inter_op": 1}, "device": "cpu", "dtype": "float32",
             "thread_environment": {"OMP_NUM_THREADS": "2"}}
    tf = {"threads": {"intra_op": 4, "inter_op": 2}, "device": "gpu", "dtype": "bfloat16",
          "thread_environment": {}}
    assert ledger_warnings({"pytorch": torch, "tensorflow": tf}) == [
        "intra-op threads differ: PyTorch 2, TensorFlow 4",
        "inter-op threads differ: PyTorch 1, TensorFlow 2",
        "device differ: PyTorch cpu, TensorFlow gpu",
        "dtype differ: PyTorch float32, TensorFlow bfloat16",
        "OMP_NUM_THREADS differ: PyTorch 2, TensorFlow None",
    ]
    assert ledger_warnings({"pytorch": torch, "tensorflow": dict(torch)}) == []
    assert ledger_warnings({"pytorch": torch}) == []


def test_a_ratio_without_interval_names_the_leader_and_the_sample_counts() -> None:
    from advisor.benchmarking.bootstrap import RatioEstimate
    from advisor.benchmarking.classification import describe_ratio

    slower = describe_ratio(RatioEstimate(0.5, (), None, None), "insufficient_samples", 3, 4)
    assert slower == ("TensorFlow looked 2.00x faster, but with 3 PyTorch and 4 TensorFlow "
                      "samples there is no interval: indicative only")
    faster = describe_ratio(RatioEstimate(1.25, (), None, None), "insufficient_samples", 2, 2)
    assert faster.startswith("PyTorch looked 1.25x faster, but with 2 PyTorch")
