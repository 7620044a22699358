"""The timing harness shared by the benchmark probes (bench_torch.py, bench_tensorflow.py).

One workload is measured as: a warm-up (whose first call is kept apart: it holds the compile or
first-call cost), then timed samples until the spread is small (IQR/median under 5%) or the
workload's budget is spent. The raw samples are kept; median, IQR, min and n are reported, with a
noise warning when IQR/median exceeds 10%. Both frameworks use this same code, so neither gets a
different method. The clock and the device synchronisation are injected (tests use a fake clock).

Peak memory on the CPU is the resident high-water mark (VmHWM), reset before each workload where
Linux allows it (/proc/self/clear_refs), otherwise the process high-water mark from getrusage.

Standard library only.
"""

from __future__ import annotations

import gc
import math
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

#: Sampling stops early once IQR/median is under this.
TARGET_REL_IQR = 0.05
#: A result whose IQR/median is above this carries a noise warning.
NOISE_REL_IQR = 0.10
#: Samples always taken, even when the workload's budget or the run's deadline has passed.
FLOOR_SAMPLES = 3

Clock = Callable[[], float]


@dataclass(frozen=True)
class SamplingPlan:
    """How hard to try for one workload."""

    warmup_calls: int  # calls before timing; the first one is reported as first_call_s
    min_samples: int  # no early stop (converged) before this many samples
    max_samples: int
    max_seconds: float  # time allowed for sampling (after the warm-up)
    min_sample_s: float = 0.002  # calls shorter than this are batched into one sample
    # A time floor on warm-up and sampling keeps a build's first second and the frameworks'
    # short slow/fast states out of the median (docs/notes/benchmark-reproducibility.md).
    warmup_s: float = 0.0  # warm-up lasts this long after the first call (at most max_seconds)
    min_seconds: float = 0.0  # no early stop (converged) before this much sampling time
    # The sampling time is taken in this many windows, the run loop visiting every workload
    # once per round, so that one workload's samples span the run instead of one stretch of it
    # (a shared machine's slow and fast periods last seconds). No early stop before the last.
    rounds: int = 1


#: Per-workload plans by budget; the caps are documented in probes/bench_run.py.
PLANS: dict[str, SamplingPlan] = {
    "quick": SamplingPlan(warmup_calls=2, min_samples=5, max_samples=20, max_seconds=0.5,
                          rounds=2),
    "standard": SamplingPlan(warmup_calls=3, min_samples=10, max_samples=1000, max_seconds=2.0,
                             warmup_s=0.5, min_seconds=1.5, rounds=6),
    "thorough": SamplingPlan(warmup_calls=5, min_samples=30, max_samples=5000, max_seconds=15.0,
                             warmup_s=2.0, min_seconds=5.0, rounds=10),
}


@dataclass(frozen=True)
class Summary:
    """Statistics of a list of per-call times (seconds)."""

    median_s: float
    iqr_s: float | None
    min_s: float
    n: int
    rel_iqr: float | None
    noise_warning: bool


def summarize(samples: list[float]) -> Summary:
    """Median, IQR (inclusive quartiles), min and n; IQR needs at least two samples."""
    if not samples:
        raise ValueError("no samples")
    median = statistics.median(samples)
    iqr: float | None = None
    rel: float | None = None
    if len(samples) >= 2:
        q1, _, q3 = statistics.quantiles(samples, n=4, method="inclusive")
        iqr = q3 - q1
        rel = iqr / median if median > 0 else math.inf
    return Summary(
        median_s=median,
        iqr_s=iqr,
        min_s=min(samples),
        n=len(samples),
        rel_iqr=rel,
        noise_warning=rel is not None and rel > NOISE_REL_IQR,
    )


@dataclass
class Measurement:
    """What the harness measured for one workload (raw samples included)."""

    samples: list[float]
    median_s: float
    iqr_s: float | None
    min_s: float
    n: int
    rel_iqr: float | None
    noise_warning: bool
    converged: bool  # IQR/median fell under TARGET_REL_IQR
    budget_exhausted: bool  # stopped by the workload's budget or the global deadline
    stop_reason: str
    first_call_s: float  # the first warm-up call: compile and first-call cost included
    warmup_calls: int
    loops_per_sample: int
    sampling_s: float  # time spent sampling, all windows together
    rounds: int = 1  # windows the samples were taken in
    span_s: float = 0.0  # from the first sample's start to the last one's end
    round_sizes: list[int] = field(default_factory=list)  # samples per window, in order
    memory: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class WarmUp:
    """A warmed-up workload: its first call (the compile, if any) and how to group samples."""

    first_call_s: float
    calls: int
    loops_per_sample: int


def _timer(call: Callable[[], object], sync: Callable[[], None] | None,
           clock: Clock) -> Callable[[int], float]:
    wait = sync or _no_sync

    def timed(loops: int) -> float:
        wait()
        start = clock()
        for _ in range(loops):
            call()
        wait()
        return (clock() - start) / loops

    return timed


def warm_up(call: Callable[[], object], plan: SamplingPlan, *,
            sync: Callable[[], None] | None = None, clock: Clock = time.perf_counter,
            deadline: float | None = None, loops: int | None = None) -> WarmUp:
    """The first call (kept apart) and the warm-up: plan.warmup_calls, and at least warmup_s.

    `loops` fixes the calls per timed sample (both frameworks on a GPU get the same number);
    None groups short calls until a sample lasts plan.min_sample_s.
    """
    timed = _timer(call, sync, clock)
    first = timed(1)
    last = first
    calls = 1
    warmup_until = clock() + min(plan.warmup_s, plan.max_seconds)
    while calls < plan.warmup_calls or (
            clock() < warmup_until and (deadline is None or clock() < deadline)):
        last = timed(1)
        calls += 1
    # Very short calls are timed in groups, so clock resolution and call overhead do not dominate.
    if loops is None:
        loops = 1 if last >= plan.min_sample_s or last <= 0 else math.ceil(
            plan.min_sample_s / last)
    return WarmUp(first_call_s=first, calls=calls, loops_per_sample=loops)


class Sampler:
    """The timed samples of one warmed-up workload, taken in one window or in several.

    Each `window()` call samples for one round's share of the allowance (at least one sample).
    Sampling ends (`done`) when IQR/median is under TARGET_REL_IQR with at least min_samples
    and min_seconds of samples, but only from the plan's last round on; at max_samples; when
    `allowance` seconds of sampling are spent; or at the run's deadline (FLOOR_SAMPLES kept).
    """

    def __init__(self, call: Callable[[], object], warm: WarmUp, plan: SamplingPlan, *,
                 sync: Callable[[], None] | None = None, clock: Clock = time.perf_counter,
                 allowance: float | None = None) -> None:
        self.warm = warm
        self.plan = plan
        self.clock = clock
        self.timed = _timer(call, sync, clock)
        self.allowance = plan.max_seconds if allowance is None else min(allowance,
                                                                        plan.max_seconds)
        self.samples: list[float] = []
        self.round_sizes: list[int] = []
        self.sampling_s = 0.0
        self.windows = 0
        self.first_start: float | None = None
        self.last_end: float | None = None
        self.done = False
        self.converged = False
        self.exhausted = False
        self.reason = ""

    def window(self, deadline: float | None = None) -> None:
        """Take one round's samples, or stop: window k of R ends once k/R of the allowance is
        spent (so a window that ran over its share shortens the next), after one sample."""
        if self.done:
            return
        plan = self.plan
        self.windows += 1
        self.round_sizes.append(0)
        target = self.allowance * min(self.windows / max(plan.rounds, 1), 1.0)
        began = self.clock()
        if self.first_start is None:
            self.first_start = began
        spent_before = self.sampling_s
        while True:
            self.samples.append(self.timed(self.warm.loops_per_sample))
            self.round_sizes[-1] += 1
            now = self.clock()
            self.last_end = now
            self.sampling_s = spent_before + (now - began)
            n = len(self.samples)
            if (self.windows >= plan.rounds and n >= plan.min_samples
                    and self.sampling_s >= plan.min_seconds):
                spread = summarize(self.samples).rel_iqr
                if spread is not None and spread < TARGET_REL_IQR:
                    self._stop(f"IQR/median under {TARGET_REL_IQR:.0%}", converged=True)
                    return
            if n >= plan.max_samples:
                self._stop(f"reached {plan.max_samples} samples")
                return
            if n < FLOOR_SAMPLES:
                continue  # a spread needs a few samples, however late it is
            if deadline is not None and now >= deadline:
                self._stop("the run's time budget is spent", exhausted=True)
                return
            if self.sampling_s >= self.allowance:
                self._stop(f"the workload's {self.allowance:.3g} s budget is spent",
                           exhausted=True)
                return
            if self.sampling_s >= target:
                return

    def _stop(self, reason: str, *, converged: bool = False, exhausted: bool = False) -> None:
        self.done, self.reason = True, reason
        self.converged, self.exhausted = converged, exhausted

    def measurement(self) -> Measurement:
        stats = summarize(self.samples)
        span = (self.last_end - self.first_start
                if self.first_start is not None and self.last_end is not None else 0.0)
        return Measurement(
            samples=self.samples,
            median_s=stats.median_s,
            iqr_s=stats.iqr_s,
            min_s=stats.min_s,
            n=stats.n,
            rel_iqr=stats.rel_iqr,
            noise_warning=stats.noise_warning,
            converged=self.converged,
            budget_exhausted=self.exhausted,
            stop_reason=self.reason,
            first_call_s=self.warm.first_call_s,
            warmup_calls=self.warm.calls,
            loops_per_sample=self.warm.loops_per_sample,
            sampling_s=self.sampling_s,
            rounds=self.windows,
            span_s=span,
            round_sizes=list(self.round_sizes),
        )


@contextmanager
def gc_paused() -> Iterator[None]:
    """Collect once, then keep the collector off (as timeit does): a collection inside one
    sample is noise, not the framework. Restored afterwards, whatever happens."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def measure(
    call: Callable[[], object],
    plan: SamplingPlan,
    *,
    sync: Callable[[], None] | None = None,
    clock: Clock = time.perf_counter,
    deadline: float | None = None,
) -> Measurement:
    """Warm up `call`, then time it until the spread is small or the budget is spent.

    One workload on its own: its rounds follow each other. (The benchmark run loop interleaves
    the rounds of all its workloads instead; see bench_run.) `sync` waits for queued device
    work (GPU) and runs before the clock starts and before it stops. `deadline` is a value of
    `clock` after which no new sample starts; FLOOR_SAMPLES are always taken, whatever the
    budgets say. Exceptions from `call` propagate.
    """
    warm = warm_up(call, plan, sync=sync, clock=clock, deadline=deadline)
    sampler = Sampler(call, warm, plan, sync=sync, clock=clock)
    with gc_paused():
        while not sampler.done:
            sampler.window(deadline)
    return sampler.measurement()


def _no_sync() -> None:
    return None


# --- resident memory ---------------------------------------------------------------------------


def reset_peak_rss() -> bool:
    """Reset this process's resident high-water mark (Linux >= 4.0); False where not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def peak_rss_bytes(status_path: str = "/proc/self/status") -> int | None:
    """The resident high-water mark: VmHWM where /proc has it, else getrusage's ru_maxrss."""
    try:
        with open(status_path) as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except (OSError, ValueError):
        return None
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    return int(maxrss) if sys.platform == "darwin" else int(maxrss) * 1024


def current_rss_bytes(status_path: str = "/proc/self/status") -> int | None:
    """The resident set size now (VmRSS), where /proc has it."""
    try:
        with open(status_path) as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


class RssWatch:
    """The CPU memory of one workload: RSS before, and the high-water mark while it ran."""

    def __init__(self) -> None:
        self.scope = "workload" if reset_peak_rss() else "process"
        self.before = current_rss_bytes()

    def result(self) -> dict[str, Any]:
        peak = peak_rss_bytes()
        return {
            "peak_rss_bytes": peak,
            "rss_before_bytes": self.before,
            # "process": the high-water mark could not be reset, so it may come from earlier work.
            "peak_rss_scope": self.scope,
        }
