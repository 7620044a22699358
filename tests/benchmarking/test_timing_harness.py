"""The shared timing harness: statistics and stop rules, driven by a fake clock."""

from __future__ import annotations

import pytest
import timing_harness
from timing_harness import FLOOR_SAMPLES, SamplingPlan, measure, summarize

from tests.benchmarking.conftest import FakeClock, scripted_call

PLAN = SamplingPlan(warmup_calls=2, min_samples=5, max_samples=50, max_seconds=2.0,
                    min_sample_s=0.0)


def test_summary_of_known_samples() -> None:
    stats = summarize([1.0, 2.0, 3.0, 4.0, 5.0])
    assert stats.median_s == 3.0
    assert stats.iqr_s == pytest.approx(2.0)  # inclusive quartiles 2 and 4
    assert stats.min_s == 1.0 and stats.n == 5
    assert stats.rel_iqr == pytest.approx(2 / 3)
    assert stats.noise_warning is True


def test_summary_of_steady_samples_has_no_noise_warning() -> None:
    stats = summarize([0.100, 0.101, 0.102, 0.100, 0.101])
    assert stats.rel_iqr is not None and stats.rel_iqr < 0.05
    assert stats.noise_warning is False


def test_a_single_sample_has_no_spread() -> None:
    stats = summarize([2.5])
    assert (stats.median_s, stats.iqr_s, stats.rel_iqr, stats.noise_warning) == (
        2.5, None, None, False)
    with pytest.raises(ValueError):
        summarize([])


def test_steady_workload_stops_as_soon_as_the_spread_is_small(clock: FakeClock) -> None:
    # First call is the compile (5 s), second a warm-up, then a steady 0.1 s.
    call = scripted_call(clock, [5.0, 0.2, 0.1])
    measured = measure(call, PLAN, clock=clock)
    assert measured.first_call_s == pytest.approx(5.0)
    assert measured.converged and not measured.budget_exhausted
    assert measured.n == PLAN.min_samples
    assert measured.samples == pytest.approx([0.1] * PLAN.min_samples)
    assert measured.median_s == pytest.approx(0.1) and measured.iqr_s == pytest.approx(0.0)
    assert "IQR/median" in measured.stop_reason


def test_noisy_workload_runs_until_its_budget_and_warns(clock: FakeClock) -> None:
    call = scripted_call(clock, [0.1, 0.1, *([0.1, 0.2] * 100)])
    measured = measure(call, PLAN, clock=clock)
    assert not measured.converged and measured.budget_exhausted
    assert measured.noise_warning
    # 2 s of sampling at 0.15 s a call on average: the stop comes at the first sample past 2 s.
    assert 13 <= measured.n <= 14
    assert measured.sampling_s >= PLAN.max_seconds
    assert "budget" in measured.stop_reason


def test_sampling_stops_at_max_samples(clock: FakeClock) -> None:
    plan = SamplingPlan(warmup_calls=1, min_samples=3, max_samples=7, max_seconds=100.0,
                        min_sample_s=0.0)
    measured = measure(scripted_call(clock, [1.0, *([0.1, 0.3] * 50)]), plan, clock=clock)
    assert measured.n == 7 and not measured.budget_exhausted
    assert measured.stop_reason == "reached 7 samples"


def test_a_passed_deadline_still_leaves_the_floor_of_samples(clock: FakeClock) -> None:
    call = scripted_call(clock, [0.1, 0.1, *([0.1, 0.3] * 50)])
    measured = measure(call, PLAN, clock=clock, deadline=clock() - 1)
    assert measured.n == FLOOR_SAMPLES
    assert measured.budget_exhausted
    assert measured.stop_reason == "the run's time budget is spent"


def test_device_is_synchronised_around_every_timed_region(clock: FakeClock) -> None:
    events: list[str] = []

    def call() -> None:
        events.append("call")
        clock.advance(0.1)

    measured = measure(call, PLAN, clock=clock, sync=lambda: events.append("sync"))
    timed_regions = PLAN.warmup_calls + measured.n
    assert events == ["sync", "call", "sync"] * timed_regions


def test_very_short_calls_are_grouped_into_one_sample() -> None:
    clock = FakeClock(1024.0)  # powers of two: exact arithmetic
    plan = SamplingPlan(warmup_calls=2, min_samples=5, max_samples=50, max_seconds=1.0,
                        min_sample_s=2**-9)
    calls = [0]

    def call() -> None:
        calls[0] += 1
        clock.advance(2**-13)

    measured = measure(call, plan, clock=clock)
    assert measured.loops_per_sample == 16
    assert measured.median_s == pytest.approx(2**-13)  # per call, not per group
    assert calls[0] == 2 + 16 * measured.n


def test_exceptions_from_the_workload_propagate_and_gc_is_restored(clock: FakeClock) -> None:
    import gc

    count = [0]

    def call() -> None:
        count[0] += 1
        clock.advance(0.1)
        if count[0] > 3:
            raise RuntimeError("out of memory")

    with pytest.raises(RuntimeError):
        measure(call, PLAN, clock=clock)
    assert gc.isenabled()


def test_peak_rss_reads_the_high_water_mark(tmp_path) -> None:  # type: ignore[no-untyped-def]
    status = tmp_path / "status"
    status.write_text("Name:\tpython\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n")
    assert timing_harness.peak_rss_bytes(str(status)) == 204800 * 1024
    assert timing_harness.current_rss_bytes(str(status)) == 102400 * 1024
    # Without /proc: getrusage's process-wide high-water mark.
    assert (timing_harness.peak_rss_bytes(str(tmp_path / "missing")) or 0) > 0
    assert timing_harness.current_rss_bytes(str(tmp_path / "missing")) is None


def test_rss_watch_reports_the_scope_it_could_measure() -> None:
    watch = timing_harness.RssWatch()
    keep = bytearray(32 * 2**20)  # touch 32 MiB so the high-water mark rises above "before"
    keep[:: 4096] = b"x" * len(keep[:: 4096])
    reported = watch.result()
    assert reported["peak_rss_scope"] in ("workload", "process")
    assert reported["peak_rss_bytes"] >= (reported["rss_before_bytes"] or 0)
    del keep


def test_a_short_transient_does_not_stop_sampling_before_the_time_floor(clock: FakeClock) -> None:
    # A slow state of 12 steady calls (it would converge at 10 samples), then the steady state.
    plan = SamplingPlan(warmup_calls=2, min_samples=10, max_samples=1000, max_seconds=10.0,
                        min_sample_s=0.0, min_seconds=5.0)
    call = scripted_call(clock, [1.0, 0.2, *([0.2] * 10), 0.1])
    measured = measure(call, plan, clock=clock)
    assert measured.converged
    assert measured.sampling_s >= 5.0
    assert measured.median_s == pytest.approx(0.1)


def test_warm_up_lasts_its_minimum_time(clock: FakeClock) -> None:
    # The first second after the first call is a slow transient (0.25 s a call).
    plan = SamplingPlan(warmup_calls=2, min_samples=5, max_samples=50, max_seconds=5.0,
                        min_sample_s=0.0, warmup_s=1.0)
    measured = measure(scripted_call(clock, [3.0, *([0.25] * 4), 0.1]), plan, clock=clock)
    assert measured.warmup_calls == 5
    assert measured.first_call_s == pytest.approx(3.0)
    assert measured.samples == pytest.approx([0.1] * plan.min_samples)


def test_warm_up_time_gives_way_to_a_passed_deadline(clock: FakeClock) -> None:
    plan = SamplingPlan(warmup_calls=2, min_samples=5, max_samples=50, max_seconds=5.0,
                        min_sample_s=0.0, warmup_s=10.0)
    measured = measure(scripted_call(clock, [0.1]), plan, clock=clock, deadline=clock() - 1)
    assert measured.warmup_calls == 2
    assert measured.n == FLOOR_SAMPLES


def test_standard_and_thorough_plans_sample_for_a_minimum_time() -> None:
    for name in ("standard", "thorough"):
        plan = timing_harness.PLANS[name]
        assert plan.min_seconds >= 1.0 and plan.warmup_s > 0
        assert plan.min_seconds <= plan.max_seconds


def test_no_early_stop_before_the_last_round(clock: FakeClock) -> None:
    # Steady calls would converge at min_samples, but only the plan's last round may stop.
    plan = SamplingPlan(warmup_calls=1, min_samples=3, max_samples=1000, max_seconds=3.0,
                        min_sample_s=0.0, rounds=3)
    call = scripted_call(clock, [0.1])
    warm = timing_harness.warm_up(call, plan, clock=clock)
    sampler = timing_harness.Sampler(call, warm, plan, clock=clock)
    sampler.window()
    sampler.window()
    assert not sampler.done and sampler.windows == 2
    assert len(sampler.samples) == 20  # two windows of 1 s at 0.1 s a call
    clock.advance(5.0)  # other workloads' windows run in between
    sampler.window()
    measured = sampler.measurement()
    assert measured.converged and measured.rounds == 3 and measured.n == 21
    assert measured.round_sizes == [10, 10, 1]
    assert measured.sampling_s == pytest.approx(2.1)
    assert measured.span_s == pytest.approx(7.1)  # first sample to last, the gap included


def test_allowance_spread_over_rounds_ends_the_sampling(clock: FakeClock) -> None:
    plan = SamplingPlan(warmup_calls=1, min_samples=3, max_samples=1000, max_seconds=2.0,
                        min_sample_s=0.0, rounds=4)
    call = scripted_call(clock, [0.1, *([0.1, 0.3] * 100)])
    warm = timing_harness.warm_up(call, plan, clock=clock)
    sampler = timing_harness.Sampler(call, warm, plan, clock=clock, allowance=1.2)
    while not sampler.done:
        sampler.window()
    measured = sampler.measurement()
    assert measured.budget_exhausted and not measured.converged
    assert measured.stop_reason == "the workload's 1.2 s budget is spent"
    # Windows that ran over their share shorten the next ones: every round gets samples.
    assert measured.rounds == 4 and 1.2 <= measured.sampling_s < 1.6


def test_a_passed_deadline_ends_a_window_after_the_floor(clock: FakeClock) -> None:
    plan = SamplingPlan(warmup_calls=1, min_samples=3, max_samples=1000, max_seconds=10.0,
                        min_sample_s=0.0, rounds=5)
    call = scripted_call(clock, [0.1])
    sampler = timing_harness.Sampler(call, timing_harness.warm_up(call, plan, clock=clock), plan,
                                     clock=clock)
    sampler.window(deadline=clock() - 1)
    assert sampler.done and len(sampler.samples) == FLOOR_SAMPLES
    assert sampler.measurement().stop_reason == "the run's time budget is spent"
    sampler.window()  # a finished sampler takes no more samples
    assert len(sampler.samples) == FLOOR_SAMPLES


def test_gc_paused_restores_the_collector() -> None:
    import gc

    with pytest.raises(RuntimeError), timing_harness.gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_budgets_spread_their_samples_over_rounds() -> None:
    assert timing_harness.PLANS["quick"].rounds >= 2
    assert timing_harness.PLANS["standard"].rounds >= 6
    assert timing_harness.PLANS["thorough"].rounds >= timing_harness.PLANS["standard"].rounds
