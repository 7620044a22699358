"""The numbers: weighted scores, the hybrid, Dirichlet sensitivity and flip points.

One vectorised function (`evaluate`) scores any number of weightings at once, so the user's own
weights and the perturbed samples go through exactly the same arithmetic.

- Weighted score of an option = sum(w_i * r_i) / sum(w_i): on the 1-5 scale of the ratings.
- Side scores: the same over the criteria of one side (research or deployment) only.
- Hybrid ratings, per criterion as the model says (`hybrid:`, by default from its side): the
  research-side leader's rating, the deployment-side leader's minus the bridge cost, the mean or
  the minimum of the two frameworks. A hybrid is *eligible* when the two leaders differ and each
  leads its side by at least min_side_margin.
- Sensitivity: weights ~ total * Dirichlet(concentration * w / total) (zero weights stay zero),
  with a fixed seed; win share = share of samples in which an option scores highest among the
  candidates (ties count for nobody).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Matrix:
    """The decision matrix as arrays: ratings (n x 2: pytorch, tensorflow) and side masks."""

    ratings: Array
    research: NDArray[np.bool_]
    deployment: NDArray[np.bool_]
    #: Hybrid composition per criterion: 0 research leader, 1 deployment leader, 2 mean, 3 min.
    composition: NDArray[np.int_]
    scale_min: float
    hybrid: bool
    #: Bridge cost when research leads with PyTorch (deployment TensorFlow), and the reverse.
    bridge_cost: float | Array
    min_side_margin: float
    bridge_cost_reverse: float | Array | None = None
    #: Subtracted from every hybrid rating (two toolchains to keep in step).
    hybrid_overhead: float = 0.0


@dataclass(frozen=True)
class Evaluation:
    """Scores of S weightings: per option (S,), side scores (S, 2) and hybrid details."""

    scores: dict[str, Array]
    research_side: Array
    deployment_side: Array
    hybrid_eligible: NDArray[np.bool_]
    hybrid_ratings: Array  # (S, n)


#: Weights and ratings may be float32 in the sensitivity samples (half the memory traffic).
Floats = NDArray[np.floating[Any]]


def evaluate(matrix: Matrix, weights: Floats, ratings: Floats | None = None) -> Evaluation:
    """Score every row of `weights` (S x n) on the matrix; `ratings` (2 x S x n: PyTorch's, then
    TensorFlow's), when given, replaces the matrix's ratings per sample (the perturbation)."""
    # Both frameworks' ratings as one (2, S or 1, n) array: one pass computes both products.
    both = np.ascontiguousarray(matrix.ratings.T)[:, None, :] if ratings is None else ratings
    pt, tf = both[0], both[1]
    total = weights.sum(axis=1)
    sums = np.multiply(weights[None], both, order="C").sum(axis=2)
    scores = {"pytorch": sums[0] / total, "tensorflow": sums[1] / total}
    n_samples = weights.shape[0]
    if matrix.hybrid or n_samples == 1:
        research, deployment = _sides(weights, both, np.stack((matrix.research,
                                                                 matrix.deployment)))
    else:  # side scores only matter for a hybrid (and for the report, at the user's weights)
        research = deployment = np.zeros((n_samples, 2))
    eligible = np.zeros(n_samples, dtype=bool)
    hybrid_ratings = np.zeros_like(weights)
    if matrix.hybrid:
        res_pt = research[:, 0] >= research[:, 1]
        dep_pt = deployment[:, 0] >= deployment[:, 1]
        res_rating = np.where(res_pt[:, None], pt, tf)
        dep_rating = np.where(dep_pt[:, None], pt, tf)
        reverse = matrix.bridge_cost if matrix.bridge_cost_reverse is None else (
            matrix.bridge_cost_reverse)
        cost = np.where(res_pt, matrix.bridge_cost, reverse)
        dep_rating = np.maximum(dep_rating - cost[:, None], matrix.scale_min)
        # Each criterion's composition picks one of four arrays (a choice, not a sum of masked
        # terms: the same values, fewer passes over the samples).
        comp = matrix.composition
        hybrid_ratings = np.where(comp == 0, res_rating, np.where(
            comp == 1, dep_rating, np.where(comp == 2, (pt + tf) / 2, np.minimum(pt, tf))))
        if matrix.hybrid_overhead:  # on every rating, so the contributions still add up
            hybrid_ratings = np.maximum(hybrid_ratings - matrix.hybrid_overhead, matrix.scale_min)
        scores["hybrid"] = (weights * hybrid_ratings).sum(axis=1) / total
        eligible = (
            (res_pt != dep_pt)
            & (np.abs(research[:, 0] - research[:, 1]) >= matrix.min_side_margin)
            & (np.abs(deployment[:, 0] - deployment[:, 1]) >= matrix.min_side_margin)
        )
    return Evaluation(scores, research, deployment, eligible, np.asarray(hybrid_ratings, float))


def _sides(weights: Floats, both: Floats, masks: NDArray[np.bool_]) -> tuple[Array, Array]:
    """Research and deployment side scores (masks: 2 x n), both sides in each pass."""
    masked = weights[None] * masks[:, None, :]
    total = masked.sum(axis=2)
    safe = np.where(total > 0, total, 1.0)
    out = np.empty((2, weights.shape[0], 2))
    out[:] = np.multiply(masked[:, None], both[None], order="C").sum(axis=3).transpose(0, 2, 1)
    out /= safe[:, :, None]
    out[total <= 0] = 0.0
    return out[0], out[1]


def _stacked(
    evaluation: Evaluation,
    candidates: list[str],
    excluded: dict[str, NDArray[np.bool_]] | None,
) -> tuple[list[str], Array]:
    """Candidate scores side by side; an ineligible hybrid, or an option excluded in a sample
    (a warned requirement taken to fail), scores minus infinity there."""
    names = [c for c in candidates if c in evaluation.scores]
    stacked = np.stack([evaluation.scores[c] for c in names], axis=1)
    if "hybrid" in names:
        col = names.index("hybrid")
        stacked[:, col] = np.where(evaluation.hybrid_eligible, stacked[:, col], -np.inf)
    for option, mask in (excluded or {}).items():
        if option in names:
            col = names.index(option)
            stacked[:, col] = np.where(mask, -np.inf, stacked[:, col])
    return names, stacked


def win_counts(
    evaluation: Evaluation,
    candidates: list[str],
    excluded: dict[str, NDArray[np.bool_]] | None = None,
) -> dict[str | None, int]:
    """How many weightings each candidate wins (None: an exact tie at the top, or nothing left)."""
    names, stacked = _stacked(evaluation, candidates, excluded)
    best = stacked.max(axis=1)
    unique = ((stacked == best[:, None]).sum(axis=1) == 1) & np.isfinite(best)
    index = np.where(unique, stacked.argmax(axis=1), len(names))
    counts = np.bincount(index, minlength=len(names) + 1).tolist()
    out: dict[str | None, int] = {name: int(counts[i]) for i, name in enumerate(names)}
    out[None] = int(counts[len(names)])
    return out


def dirichlet_samples(weights: Array, samples: int, seed: int, concentration: float) -> Array:
    """`samples` weightings around `weights` (1-D), same total, zero weights kept at zero."""
    total = float(weights.sum())
    active = weights > 0
    rng = np.random.default_rng(seed)
    alpha = concentration * weights[active] / total
    drawn = rng.dirichlet(alpha, size=samples) * total
    out = np.zeros((samples, weights.shape[0]))
    out[:, active] = drawn
    return out


@dataclass(frozen=True)
class Flip:
    """Where one criterion flips winner vs runner-up, holding everything else."""

    weight: float | None
    rating_option: str | None
    rating: float | None


def flip_point(
    weights: Array,
    winner: Array,
    runner: Array,
    index: int,
    weight_range: tuple[float, float],
    scale: tuple[float, float],
    names: tuple[str, str],
) -> Flip:
    """The weight, and the rating, of criterion `index` at which the runner-up would win.

    The winner leads by N = sum(w_j * (a_j - b_j)) (the common denominator does not change the
    sign). Changing w_i to x gives N - (w_i - x) * d_i, zero at x = w_i - N / d_i. Raising the
    runner-up's rating by N / w_i (or lowering the winner's by as much) also ties.
    """
    diff = winner - runner
    lead = float(weights @ diff)
    d_i = float(diff[index])
    w_i = float(weights[index])
    weight = None
    if d_i != 0 and lead > 0:
        # At x the two tie; the runner-up wins beyond x (below it when d_i > 0, above it when
        # d_i < 0), so x counts only when the weight range reaches past it.
        x = w_i - lead / d_i
        if (d_i > 0 and x > weight_range[0]) or (d_i < 0 and x < weight_range[1]):
            weight = x
    rating_option = rating = None
    if w_i > 0 and lead > 0:
        step = lead / w_i
        if runner[index] + step <= scale[1]:
            rating_option, rating = names[1], float(runner[index] + step)
        elif winner[index] - step >= scale[0]:
            rating_option, rating = names[0], float(winner[index] - step)
    return Flip(weight, rating_option, rating)


def winners(evaluation: Evaluation, candidates: list[str]) -> list[str]:
    """The winner of each weighting among the candidates (in order: a tie goes to the earlier;
    an ineligible hybrid cannot win)."""
    names, stacked = _stacked(evaluation, candidates, None)
    return [names[int(i)] for i in stacked.argmax(axis=1)]
