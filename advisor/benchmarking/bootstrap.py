"""Bootstrap intervals for speed ratios: pure statistics, no framework is imported here.

A ratio is `median(tensorflow times) / median(pytorch times)`: above 1 PyTorch is faster. Its
interval resamples the raw samples with replacement, whole sampling rounds at a time where the
probes recorded them (see `ratio_of_medians`), and takes percentiles of the resampled ratios.
The random generator is seeded, so the same samples always give the same interval.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Resamples per interval; enough for stable 2.5/97.5 percentiles at our sample counts.
RESAMPLES = 2000
CONFIDENCE = 0.95
SEED = 20240613
#: A side needs this many samples before its spread can be resampled.
MIN_SAMPLES = 3
#: Rounds needed before whole rounds are resampled instead of single samples.
MIN_ROUNDS = 4
#: The least run-to-run movement of a time ratio that an interval allows for, on top of the
#: bootstrap's sampling spread: the bootstrap sees only the samples of this one run, while the
#: ratio itself moves between runs minutes apart (two quiet quick runs on the shared 2-core VM
#: gave geometric means 1.68 and 1.94, 15% apart, with bootstrap intervals not overlapping).
#: The floor for a run whose budget is not recorded (older probe reports).
RUN_TO_RUN_FLOOR = 0.15
#: The floor by budget. Quick samples each workload for half a second (and a quarter in the
#: second process), so a few seconds' machine state decides its medians: quiet quick runs back
#: to back moved a workload's ratio by up to 20% (TensorFlow's transformer 21 ms in one run,
#: 26 ms in the next, in both of each run's processes, PyTorch's 18.7 ms in all four) and the
#: geometric mean by up to 26%, with verdicts changing at the 15% floor. Standard's six rounds
#: over 13-15 s moved the geometric mean by 1% (docs/notes/benchmarks-2.md).
RUN_TO_RUN_FLOORS = {"quick": 0.25, "standard": RUN_TO_RUN_FLOOR, "thorough": RUN_TO_RUN_FLOOR}


@dataclass(frozen=True)
class RatioEstimate:
    """A ratio of medians, its bootstrap replicates (empty when too few samples) and interval."""

    ratio: float
    replicates: tuple[float, ...]
    low: float | None
    high: float | None
    by_rounds: bool = False  # whole sampling rounds were resampled, paired across the sides


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Linear-interpolated percentile of already sorted values (fraction in 0..1)."""
    if not sorted_values:
        raise ValueError("no values")
    position = fraction * (len(sorted_values) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(sorted_values) - 1)
    weight = position - lower
    return sorted_values[lower] * (1 - weight) + sorted_values[upper] * weight


def interval(values: Sequence[float], confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The central `confidence` percentile interval of `values`."""
    ordered = sorted(values)
    tail = (1 - confidence) / 2
    return percentile(ordered, tail), percentile(ordered, 1 - tail)


def ratio_of_medians(
    numerator: Sequence[float],
    denominator: Sequence[float],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
    rounds: tuple[Sequence[int], Sequence[int]] | None = None,
) -> RatioEstimate:
    """median(numerator) / median(denominator) with a percentile bootstrap interval.

    `rounds` gives each side's samples per sampling round, in order. When both sides were taken
    in the same number of rounds (at least MIN_ROUNDS), whole rounds are resampled, round k of
    one side with round k of the other (the benchmark probes take turns, so these ran next to
    each other): samples within a round share the machine's state of that moment, so
    resampling them one by one would count correlated samples as independent and give an
    interval narrower than the differences seen between runs. Otherwise single samples are
    resampled, each side on its own.

    Raises ValueError when a side is empty or a median is not positive. With fewer than
    MIN_SAMPLES on either side the interval is None (one or two values say nothing of spread).
    """
    if not numerator or not denominator:
        raise ValueError("both sides need samples")
    top, bottom = statistics.median(numerator), statistics.median(denominator)
    if top <= 0 or bottom <= 0:
        raise ValueError("medians must be positive")
    ratio = top / bottom
    if min(len(numerator), len(denominator)) < MIN_SAMPLES:
        return RatioEstimate(ratio, (), None, None)
    rng = random.Random(seed)
    blocks = _paired_rounds(numerator, denominator, rounds)
    replicates = []
    for _ in range(resamples):
        if blocks is not None:
            picked = rng.choices(range(len(blocks)), k=len(blocks))
            resampled_top = statistics.median(
                [value for index in picked for value in blocks[index][0]])
            resampled_bottom = statistics.median(
                [value for index in picked for value in blocks[index][1]])
        else:
            resampled_top = statistics.median(rng.choices(numerator, k=len(numerator)))
            resampled_bottom = statistics.median(rng.choices(denominator, k=len(denominator)))
        replicates.append(resampled_top / resampled_bottom)
    low, high = interval(replicates, confidence)
    return RatioEstimate(ratio, tuple(replicates), low, high, by_rounds=blocks is not None)


def _paired_rounds(
    numerator: Sequence[float], denominator: Sequence[float],
    rounds: tuple[Sequence[int], Sequence[int]] | None,
) -> list[tuple[Sequence[float], Sequence[float]]] | None:
    """Round k of each side, paired; None unless both sides' rounds fit their samples and
    are as many, at least MIN_ROUNDS, none empty."""
    if rounds is None:
        return None
    sides = []
    for values, sizes in zip((numerator, denominator), rounds, strict=True):
        if (len(sizes) < MIN_ROUNDS or sum(sizes) != len(values)
                or any(size < 1 for size in sizes)):
            return None
        starts = [sum(sizes[:index]) for index in range(len(sizes))]
        sides.append([values[start:start + size] for start, size in zip(starts, sizes,
                                                                         strict=True)])
    if len(sides[0]) != len(sides[1]):
        return None
    return list(zip(sides[0], sides[1], strict=True))


def round_ratios(
    numerator: Sequence[float], denominator: Sequence[float],
    rounds: tuple[Sequence[int], Sequence[int]] | None,
) -> list[float]:
    """Ratio of medians of each sampling round, round k of one side over round k of the other
    (empty unless both sides recorded the same number of rounds, at least two, fitting their
    samples)."""
    if rounds is None:
        return []
    sides = []
    for values, sizes in zip((numerator, denominator), rounds, strict=True):
        if len(sizes) < 2 or sum(sizes) != len(values) or any(size < 1 for size in sizes):
            return []
        starts = [sum(sizes[:index]) for index in range(len(sizes))]
        sides.append([statistics.median(values[start:start + size])
                      for start, size in zip(starts, sizes, strict=True)])
    if len(sides[0]) != len(sides[1]) or min(min(sides[0]), min(sides[1])) <= 0:
        return []
    return [top / bottom for top, bottom in zip(sides[0], sides[1], strict=True)]


def run_to_run_floor(budgets: Iterable[str | None]) -> float:
    """The run-to-run floor of a comparison between runs of these budgets: the widest of
    theirs (RUN_TO_RUN_FLOOR for a budget not recorded or not known)."""
    return max((RUN_TO_RUN_FLOORS.get(budget or "", RUN_TO_RUN_FLOOR) for budget in budgets),
               default=RUN_TO_RUN_FLOOR)


def run_to_run_allowance(per_round: Sequence[float] = (),
                         floor: float = RUN_TO_RUN_FLOOR) -> float:
    """Relative widening for run-to-run movement: `floor`, or more when this run's rounds
    disagreed more (half the spread of the per-round ratios, taken in log scale)."""
    positive = [value for value in per_round if value > 0]
    if len(positive) < 2:
        return floor
    spread = (math.log(max(positive)) - math.log(min(positive))) / 2
    return math.expm1(max(math.log1p(floor), spread))


def process_ratios(numerator: Sequence[float] | None,
                   denominator: Sequence[float] | None) -> list[float]:
    """Ratio of each fresh process's median, process k of one side over process k of the other
    (empty unless both sides timed the workload in the same number of processes, at least 2)."""
    if not numerator or not denominator or len(numerator) != len(denominator) \
            or len(numerator) < 2 or min(*numerator, *denominator) <= 0:
        return []
    return [top / bottom for top, bottom in zip(numerator, denominator, strict=True)]


def between_process_allowance(ratio: float, per_process: Sequence[float]) -> float:
    """Relative widening (each side, multiplicatively) that makes an interval around `ratio`
    hold every fresh process's ratio: a framework's speed can differ between processes and stay
    steady within each (TensorFlow's eager MLP on a 2-core VM: 3 ms in one, 6 ms in the next),
    which no resampling of one process's samples can see. 0 without per-process ratios."""
    if ratio <= 0 or not per_process or any(value <= 0 for value in per_process):
        return 0.0
    return math.expm1(max(abs(math.log(value / ratio)) for value in per_process))


def centred_on_processes(estimate: RatioEstimate, per_process: Sequence[float]) -> RatioEstimate:
    """The estimate moved to the geometric mean of the per-process ratios (point, replicates
    and interval scaled alike), so that one process's state does not set the point alone;
    unchanged without per-process ratios."""
    if not per_process or estimate.ratio <= 0:
        return estimate
    scale = geometric_mean(per_process) / estimate.ratio
    return RatioEstimate(estimate.ratio * scale, tuple(r * scale for r in estimate.replicates),
                         None if estimate.low is None else estimate.low * scale,
                         None if estimate.high is None else estimate.high * scale,
                         estimate.by_rounds)


def with_allowance(estimate: RatioEstimate, allowance: float) -> RatioEstimate:
    """The estimate with its interval widened by `allowance` on each side (multiplicatively);
    the point ratio and the replicates are unchanged."""
    if estimate.low is None or estimate.high is None:
        return estimate
    return RatioEstimate(estimate.ratio, estimate.replicates, estimate.low / (1 + allowance),
                         estimate.high * (1 + allowance), estimate.by_rounds)


def geometric_mean(values: Sequence[float]) -> float:
    """The geometric mean of positive values."""
    if not values or any(value <= 0 for value in values):
        raise ValueError("geometric mean needs positive values")
    return math.exp(sum(math.log(value) for value in values) / len(values))


def geometric_mean_interval(
    estimates: Sequence[RatioEstimate], confidence: float = CONFIDENCE
) -> tuple[float, float | None, float | None]:
    """Geometric mean of the ratios, and its interval from the per-workload replicates.

    Replicate i of every workload forms one resampled geometric mean (the workloads were
    resampled independently). No interval when any workload has none: leaving out its
    uncertainty would make the interval look tighter than it is.
    """
    point = geometric_mean([estimate.ratio for estimate in estimates])
    if any(not estimate.replicates for estimate in estimates):
        return point, None, None
    count = min(len(estimate.replicates) for estimate in estimates)
    combined = [
        geometric_mean([
            estimate.replicates[index] for estimate in estimates
        ])
        for index in range(count)
    ]
    low, high = interval(combined, confidence)
    return point, low, high
