"""The deterministic part of scoring: answers (+ probe report) -> matrix -> who wins, and why not.

`outcome` is what `advisor assess`, `advisor score --set` and the verification of every
"what would change it" entry run; the sensitivity analysis and the explanations build on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from advisor.errors import DecisionModelError
from advisor.models import ConstraintResult, ProbeReport
from advisor.options import FRAMEWORKS, HYBRID, OPTIONS
from advisor.scoring.arithmetic import Array, Evaluation, Matrix, evaluate
from advisor.scoring.constraints import check_constraints, excluded_options
from advisor.scoring.evidence import collect_evidence
from advisor.scoring.loading import LoadedDecisionModel
from advisor.scoring.matrix import EvidenceMove, Row, apply_moves, build_rows, clamp_ratings
from advisor.scoring.model import DecisionModel, HybridSettings

COMPOSITION = ("research_leader", "deployment_leader", "mean", "min")


@dataclass(frozen=True)
class Decision:
    """Who wins at the user's weights, against whom, and which options could win at all."""

    winner: str
    runner_up: str  # the best other option: the margin is measured against it
    margin: float
    candidates: list[str]
    evaluated: list[str]
    excluded: list[str]
    hybrid_eligible: bool
    #: The top two score the same (within the model's tie margin): no winner is named.
    tie: bool
    #: Hard constraints left a single option: there is no eligible runner-up and the margin is
    #: 0 (`runner_up` is then the best excluded option, for the arithmetic only).
    forced: bool = False

    @property
    def eligible_runner_up(self) -> str | None:
        """The runner-up a reader is shown: the best other option that meets every hard
        constraint, or None when the constraints left only the winner. `runner_up` stays the
        option the arithmetic (flip points, reasons) measures against: for a forced decision
        that is the best excluded option, which only lifting its constraint could bring back."""
        return None if self.forced else self.runner_up


@dataclass(frozen=True)
class Outcome:
    """The scored matrix of one set of answers."""

    rows: list[Row]
    weights: Array
    matrix: Matrix
    base: Evaluation
    scores: dict[str, float]
    constraints: list[ConstraintResult]
    decision: Decision
    moves: list[EvidenceMove]
    hybrid_on: bool


def outcome(
    answers: Mapping[str, Any],
    probes: ProbeReport | None,
    decision_model: LoadedDecisionModel,
    *,
    explain: bool = True,
) -> Outcome:
    """Weights, ratings, scores and the decision for these answers (`explain` False: the same
    numbers without the reasons)."""
    model = decision_model.model
    rows = build_rows(model, answers, explain=explain)
    moves = collect_evidence(probes, answers, model) if probes is not None else []
    apply_moves(rows, moves)
    clamp_ratings(model, rows)
    weights = np.array([row.weight for row in rows], dtype=float)
    if weights.sum() <= 0:
        applied = sorted({rule for row in rows for rule in row.weight_rules})
        raise DecisionModelError(
            "every criterion's weight is zero after the rules that apply to these answers"
            f" ({', '.join(applied) or 'none'}); nothing to score",
            file=decision_model.path,
            field="rules",
            allowed="rules that leave at least one criterion with a positive weight",
        )
    # One evaluation gives the side scores and the hybrid's score; the hybrid counts only when
    # the sides favour different frameworks.
    matrix = matrix_of(model, rows, model.hybrid is not None, answers)
    base = evaluate(matrix, weights[None, :])
    hybrid_on = hybrid_evaluated(model, answers, base)
    if not hybrid_on:
        matrix = replace(matrix, hybrid=False)
        base = replace(base, scores={o: v for o, v in base.scores.items() if o != "hybrid"},
                       hybrid_eligible=np.zeros(1, dtype=bool),
                       hybrid_ratings=np.zeros_like(base.hybrid_ratings))
    scores = {option: float(values[0]) for option, values in base.scores.items()}
    constraints = check_constraints(model, answers, probes)
    decision = decide(scores, excluded_options(constraints), hybrid_on, base, model)
    return Outcome(rows, weights, matrix, base, scores, constraints, decision, moves, hybrid_on)


def hybrid_evaluated(model: DecisionModel, answers: Mapping[str, Any], plain: Evaluation) -> bool:
    """A hybrid is evaluated when the research and deployment sides favour different
    frameworks at the user's weights (and the model's optional condition holds)."""
    settings = model.hybrid
    if settings is None or (settings.when is not None and not settings.when.holds(answers)):
        return False
    research, deployment = plain.research_side[0], plain.deployment_side[0]
    if not research.any() or not deployment.any():
        return False
    return bool((research[0] >= research[1]) != (deployment[0] >= deployment[1]))


def bridge_costs(model: DecisionModel, answers: Mapping[str, Any]) -> tuple[float, float]:
    """The hybrid's bridge cost with PyTorch research (TensorFlow deployment), and the reverse:
    the largest cost among the bridges of the answered targets (the default cost for a target
    without a named bridge)."""
    settings = model.hybrid
    if settings is None:
        return 0.0, 0.0
    table = _bridge_table(settings)
    targets = [t for t in answers.get("deployment_targets") or [] if isinstance(t, str)] or [""]
    return (
        max(table.get(("pytorch", t), settings.bridge_cost) for t in targets),
        max(table.get(("tensorflow", t), settings.bridge_cost) for t in targets),
    )


_BRIDGES: dict[int, tuple[HybridSettings, dict[tuple[str, str], float]]] = {}


def _bridge_table(settings: HybridSettings) -> dict[tuple[str, str], float]:
    """(research framework, target) -> the largest cost of its named bridges, built once."""
    cached = _BRIDGES.get(id(settings))
    if cached is not None and cached[0] is settings:
        return cached[1]
    table: dict[tuple[str, str], float] = {}
    for bridge in settings.bridges:
        key = (bridge.research, bridge.target)
        cost = bridge.cost if bridge.cost is not None else settings.bridge_cost
        table[key] = max(cost, table.get(key, cost))
    _BRIDGES.clear()
    _BRIDGES[id(settings)] = (settings, table)
    return table


def matrix_of(
    model: DecisionModel, rows: list[Row], hybrid_on: bool, answers: Mapping[str, Any]
) -> Matrix:
    """The rows as arrays, with the hybrid's bridge costs for these answers."""
    forward, reverse = bridge_costs(model, answers) if hybrid_on else (0.0, 0.0)
    research, deployment, composition = _layout(model)
    return Matrix(
        ratings=np.array([[row.ratings["pytorch"], row.ratings["tensorflow"]] for row in rows]),
        research=research,
        deployment=deployment,
        composition=composition,
        scale_min=model.scale.min,
        hybrid=hybrid_on,
        bridge_cost=forward,
        bridge_cost_reverse=reverse,
        min_side_margin=model.hybrid.min_side_margin if model.hybrid else 0.0,
        hybrid_overhead=model.hybrid.overhead if model.hybrid else 0.0,
    )


_Layout = tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.int_]]
_LAYOUTS: dict[int, tuple[DecisionModel, _Layout]] = {}


def _layout(model: DecisionModel) -> _Layout:
    """The side masks and hybrid compositions of the model's criteria (rows are always in model
    order), built once per model and never written to."""
    cached = _LAYOUTS.get(id(model))
    if cached is not None and cached[0] is model:
        return cached[1]
    arrays: _Layout = (
        np.array([c.side == "research" for c in model.criteria]),
        np.array([c.side == "deployment" for c in model.criteria]),
        np.array([COMPOSITION.index(c.hybrid_rating) for c in model.criteria]),
    )
    for array in arrays:
        array.flags.writeable = False
    _LAYOUTS.clear()
    _LAYOUTS[id(model)] = (model, arrays)
    return arrays


def decide(
    scores: dict[str, float],
    excluded: list[str],
    hybrid_on: bool,
    base: Evaluation,
    model: DecisionModel,
) -> Decision:
    """Winner among the candidates (ties go to the earlier option in OPTIONS) and runner-up."""
    hybrid_eligible = hybrid_on and bool(base.hybrid_eligible[0])
    candidates: list[str] = [o for o in FRAMEWORKS if o not in excluded]
    if hybrid_on and not excluded:  # a hybrid needs both frameworks
        candidates.append(HYBRID)
    if not candidates:  # nothing meets every hard constraint: still say which is best, flagged
        candidates = list(FRAMEWORKS)
    contenders = [o for o in candidates if o != HYBRID or hybrid_eligible]
    ranked = sorted(contenders, key=lambda o: (-scores[o], OPTIONS.index(o)))
    winner = ranked[0]
    if len(ranked) > 1:
        runner_up = ranked[1]
    else:  # the only candidate left: measure the margin against the best excluded option
        others = [o for o in FRAMEWORKS if o != winner]
        runner_up = max(others, key=lambda o: scores[o])
    evaluated = [*FRAMEWORKS, *([HYBRID] if hybrid_on else [])]
    forced = len(ranked) == 1
    # The margin is measured against the runner-up a reader is shown; with none (the hard
    # constraints left only the winner) there is no margin to claim, whatever the excluded
    # options score: 0, the same in the JSON, its summary and page one.
    margin = 0.0 if forced else scores[winner] - scores[runner_up]
    return Decision(
        winner=winner,
        runner_up=runner_up,
        margin=margin,
        candidates=candidates,
        evaluated=evaluated,
        excluded=excluded,
        hybrid_eligible=hybrid_eligible,
        tie=not forced and margin < model.verdict.tie_margin,
        forced=forced,
    )
