"""A ratio estimate's verdict in words: which framework is faster, or why the run cannot say.

Pure statistics on a RatioEstimate (TensorFlow time / PyTorch time, above 1 PyTorch is faster);
advisor.benchmarking.verdicts applies it to each workload and to the geometric mean.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.benchmarking.bootstrap import CONFIDENCE, RatioEstimate

#: A significant difference whose whole interval stays within this share is called small in its
#: sentence (a few percent is less than two runs on a shared machine reproduce); the verdict
#: itself only asks whether the interval excludes 1.
SMALL_DIFFERENCE = 0.05
#: An interval that holds 1 says "no meaningful difference" only when it also stays within this
#: share of 1 on both sides (an equivalence margin): a difference under a quarter is within what
#: two quiet quick runs minutes apart on a shared 2-core VM move one workload's ratio (up to 20%,
#: docs/notes/benchmarks-2.md), so it cannot decide a framework. A wider interval that holds 1 is
#: "too close to call", never "no meaningful difference": a quick run whose interval was 0.86-1.51
#: said "no meaningful difference" and the next run "PyTorch is 1.48x faster".
EQUIVALENCE_MARGIN = 0.25


def classify(estimate: RatioEstimate) -> str:
    """The verdict of a ratio estimate (TF time / PyTorch time).

    An interval that excludes 1 names the faster framework, however small the difference (see
    `is_small`). An interval that holds 1 establishes "no_meaningful_difference" only when it
    lies within EQUIVALENCE_MARGIN of 1 on both sides; a wider one is "too_close_to_call": the
    run could not tell the frameworks apart, which is not evidence that they are equally fast
    (the next run may well separate them, and must not be contradicted).
    """
    if estimate.low is None or estimate.high is None:
        return "insufficient_samples"
    if estimate.low <= 1.0 <= estimate.high:
        within = (estimate.low >= 1 / (1 + EQUIVALENCE_MARGIN)
                  and estimate.high <= 1 + EQUIVALENCE_MARGIN)
        return "no_meaningful_difference" if within else "too_close_to_call"
    return "pytorch_faster" if estimate.ratio > 1 else "tensorflow_faster"


def contradicts(first: str, second: str) -> bool:
    """Whether two verdicts on the same workload contradict each other: they name different
    faster frameworks, or one names a faster framework and the other establishes that there is
    no meaningful difference. "too_close_to_call", "inconclusive" (a busy machine) and
    "insufficient_samples" claim nothing, so they contradict no verdict."""
    claims = {first, second} - {"too_close_to_call", "inconclusive", "insufficient_samples"}
    return len(claims) > 1


def is_small(estimate: RatioEstimate) -> bool:
    """Whether the whole interval lies within SMALL_DIFFERENCE of 1 (wording only)."""
    if estimate.low is None or estimate.high is None:
        return False
    return estimate.low >= 1 / (1 + SMALL_DIFFERENCE) and estimate.high <= 1 + SMALL_DIFFERENCE


def describe_ratio(estimate: RatioEstimate, kind: str, torch_n: int, tf_n: int) -> str:
    """One sentence for a reviewer, e.g. "PyTorch is 2.1x faster (95% CI 1.9x-2.3x)"."""
    ratio, low, high = estimate.ratio, estimate.low, estimate.high
    level = f"{CONFIDENCE:.0%} CI"
    if kind == "inconclusive":
        bounds = f" ({level} {low:.2f}-{high:.2f})" if low is not None and high is not None else ""
        return f"Inconclusive: TensorFlow/PyTorch time ratio {ratio:.2f}{bounds}, indicative only"
    if kind == "insufficient_samples" or low is None or high is None:
        leader = "PyTorch" if ratio >= 1 else "TensorFlow"
        return (f"{leader} looked {max(ratio, 1 / ratio):.2f}x faster, but with {torch_n} "
                f"PyTorch and {tf_n} TensorFlow samples there is no interval: indicative only")
    if kind == "no_meaningful_difference":
        return (f"No meaningful difference: TensorFlow/PyTorch time ratio {ratio:.2f} "
                f"({level} {low:.2f}-{high:.2f}, within {EQUIVALENCE_MARGIN:.0%} either way)")
    if kind == "too_close_to_call":
        return (f"Too close to call in this run: TensorFlow/PyTorch time ratio {ratio:.2f} "
                f"({level} {low:.2f}-{high:.2f}): neither is shown faster, nor within "
                f"{EQUIVALENCE_MARGIN:.0%} of the other")
    small = (f": a small difference, under {SMALL_DIFFERENCE:.0%}"
             if is_small(estimate) else "")
    if kind == "pytorch_faster":
        return (f"PyTorch is {ratio:.2f}x faster ({level} {_bound(low)}x-{_bound(high)}x)"
                f"{small}")
    return (f"TensorFlow is {1 / ratio:.2f}x faster "
            f"({level} {_bound(1 / high)}x-{_bound(1 / low)}x){small}")


def _bound(value: float) -> str:
    """An interval bound with two decimals, more when two would show an excluded 1 as 1.00."""
    for digits in (2, 3, 4):
        text = f"{value:.{digits}f}"
        if value == 1.0 or float(text) != 1.0:
            return text
    return text


def headline_verdict(summary: Mapping[str, Any]) -> str:
    """The verdict of a summary's geometric mean and interval (as `classify` gives a workload's);
    also what a report reads from summaries saved before they carried `verdict`."""
    return classify(RatioEstimate(summary["geomean_ratio"], (), summary.get("ci_low"),
                                  summary.get("ci_high")))
