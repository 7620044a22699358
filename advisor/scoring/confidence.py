"""How sure the recommendation is: perturbed weights, perturbed ratings, warned requirements.

Confidence is the share of plausible variations of the decision under which the recommended
option still wins:
- weights ~ Dirichlet around the user's (advisor.scoring.arithmetic.dirichlet_samples);
- ratings ~ normal around the matrix's, clamped to the scale, with a spread by where the rating
  comes from (published stars and our rules are opinions: wider; applicable measurements:
  narrower) and wider still where the published sources disagree (the model's disagreements);
- each warned requirement is taken to fail for its option in warn_failure_share of the samples
  (a hybrid needs both frameworks, so it fails with either).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from advisor.models import ConstraintResult
from advisor.options import FRAMEWORKS
from advisor.scoring.arithmetic import Array, dirichlet_samples, evaluate, win_counts
from advisor.scoring.core import Outcome
from advisor.scoring.model import DecisionModel


@dataclass(frozen=True)
class Confidence:
    """Win counts over the samples, and the spreads used (for the report)."""

    counts: dict[str | None, int]
    samples: int
    spreads: dict[str, float]
    warned: dict[str, list[str]]


def rating_spreads(
    model: DecisionModel, outcome: Outcome, answers: Mapping[str, Any]
) -> Array:
    """The rating perturbation's standard deviation per criterion."""
    spread = model.sensitivity.rating_spread
    extra = {c: 0.0 for c in (row.id for row in outcome.rows)}
    for item in model.disagreements:
        if item.when.holds(answers):
            for criterion_id, value in item.widen.items():
                extra[criterion_id] = max(extra[criterion_id], value)
    out = []
    for row in outcome.rows:
        kind = "measured" if row.measured else row.criterion.group
        base = float(spread.get(kind, 0.0))
        out.append(float(np.hypot(base, extra[row.id])))
    return np.array(out)


def confidence(
    model: DecisionModel, outcome: Outcome, answers: Mapping[str, Any]
) -> Confidence:
    """Win counts of each candidate over the perturbed samples."""
    settings = model.sensitivity
    samples = settings.samples
    weights = dirichlet_samples(
        outcome.weights, samples, settings.seed, settings.concentration
    )
    spreads = rating_spreads(model, outcome, answers)
    draws = _draws(settings.seed + 1, samples, len(spreads), bool(spreads.any()))
    ratings = None
    if draws.normal is not None:
        # float32 noise: half the memory traffic; the spreads are a few tenths of a point.
        noise = np.multiply(draws.normal, spreads[None, None, :].astype(np.float32))
        noise += outcome.matrix.ratings.T[:, None, :].astype(np.float32)
        ratings = np.clip(noise, model.scale.min, model.scale.max, out=noise)
    excluded, warned = _warn_failures(outcome.constraints, settings.warn_failure_share,
                                      samples, draws)
    counts = win_counts(evaluate(outcome.matrix, weights.astype(np.float32), ratings),
                        outcome.decision.candidates, excluded)
    return Confidence(
        counts=counts,
        samples=samples,
        spreads={row.id: round(float(s), 4) for row, s in zip(outcome.rows, spreads, strict=True)},
        warned=warned,
    )


class _Draws:
    """The random draws of the perturbation, in the order one generator gives them: the rating
    noise (standard normal, float32, before scaling by the spreads), then one uniform array per
    warned requirement. They depend only on the seed and the shapes, never on the answers, so
    they are drawn once and shared by every scoring with the same seed and shapes (the numbers
    are the same as drawing them afresh each time)."""

    def __init__(self, seed: int, samples: int, criteria: int, noise: bool) -> None:
        self._rng = np.random.default_rng(seed)
        self._samples = samples
        self.normal: NDArray[np.float32] | None = None
        if noise:
            self.normal = self._rng.standard_normal((2, samples, criteria), dtype=np.float32)
            self.normal.flags.writeable = False
        self._uniform: list[Array] = []

    def uniform(self, k: int) -> Array:
        """The k-th uniform array after the noise."""
        while len(self._uniform) <= k:
            drawn = self._rng.random(self._samples)
            drawn.flags.writeable = False
            self._uniform.append(drawn)
        return self._uniform[k]


_DRAWS: dict[tuple[int, int, int, bool], _Draws] = {}


def _draws(seed: int, samples: int, criteria: int, noise: bool) -> _Draws:
    key = (seed, samples, criteria, noise)
    found = _DRAWS.get(key)
    if found is None:
        if len(_DRAWS) > 8:  # a few decision models at most; never grow without bound
            _DRAWS.clear()
        found = _DRAWS[key] = _Draws(seed, samples, criteria, noise)
    return found


def _warn_failures(
    constraints: list[ConstraintResult], share: float, samples: int, draws: _Draws
) -> tuple[dict[str, NDArray[np.bool_]], dict[str, list[str]]]:
    """Per option, the samples in which one of its warned requirements is taken to fail."""
    masks = {o: np.zeros(samples, dtype=bool) for o in FRAMEWORKS}
    warned: dict[str, list[str]] = {o: [] for o in FRAMEWORKS}
    drawn = 0
    for constraint in constraints:
        for option in FRAMEWORKS:
            if constraint.status.get(option) == "warn":
                warned[option].append(constraint.id)
                if share > 0:
                    masks[option] |= draws.uniform(drawn) < share
                    drawn += 1
    both = masks["pytorch"] | masks["tensorflow"]
    excluded = {o: m for o, m in masks.items() if m.any()}
    if both.any():
        excluded["hybrid"] = both
    return excluded, warned
