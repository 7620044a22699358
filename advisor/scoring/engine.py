"""Score one project: a pure function of (answers, probe report or None, decision model).

    rows      = weights and ratings from the answers through the model's rules
    evidence  = bounded rating moves from the probe report (when there is one)
    scores    = sum(w * r) / sum(w) per option, on the 1-5 scale (hybrid when evaluated)
    verdict   = best candidate not excluded by a hard constraint; margin over the runner-up;
                confidence = its win share under Dirichlet-perturbed weights; flip points
Numbers are rounded (4 decimals) when they leave this module, so the same input always gives
the same JSON, byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from advisor.errors import DecisionModelError
from advisor.models import (
    Assessment,
    CriterionResult,
    FlipPoint,
    ProbeReport,
    Recommendation,
    Sensitivity,
)
from advisor.scoring import explain
from advisor.scoring.arithmetic import (
    Array,
    Evaluation,
    Flip,
    Matrix,
    dirichlet_samples,
    evaluate,
    flip_point,
    win_counts,
    winners,
)
from advisor.scoring.constraints import check_constraints, excluded_options
from advisor.scoring.crosscheck import cross_check
from advisor.scoring.evidence import collect_evidence
from advisor.scoring.loading import LoadedDecisionModel
from advisor.scoring.matrix import (
    Row,
    apply_moves,
    build_rows,
    clamp_ratings,
    weight_at,
    weight_drivers,
)
from advisor.scoring.model import PRIORITY_SCALE, DecisionModel

ORDER = ("pytorch", "tensorflow", "hybrid")
COMPOSITION = ("research_leader", "deployment_leader", "mean", "min")


def _r(value: float) -> float:
    """Round for output (and turn numpy floats into Python floats)."""
    out = round(float(value), 4)
    return 0.0 if out == 0 else out


@dataclass(frozen=True)
class _Decision:
    """Who wins at the user's weights, against whom, and which options could win at all."""

    winner: str
    runner: str
    margin: float
    candidates: list[str]
    evaluated: list[str]
    excluded: list[str]
    hybrid_eligible: bool


def score_assessment(assessment: Assessment, decision_model: LoadedDecisionModel) -> Assessment:
    """The assessment with its scoring fields (re)computed from its answers and probes."""
    fields = score_answers(assessment.answers, assessment.probes, decision_model)
    return assessment.model_copy(update=fields)


def score_answers(
    answers: Mapping[str, Any], probes: ProbeReport | None, decision_model: LoadedDecisionModel
) -> dict[str, Any]:
    """The scoring fields of an assessment: recommendation, scores, criteria, constraints,
    sensitivity, crosscheck and decision_model."""
    model = decision_model.model
    rows = build_rows(model, answers)
    if probes is not None:
        apply_moves(rows, collect_evidence(probes, answers, model))
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
    hybrid_on = model.hybrid is not None and model.hybrid.when.holds(answers)
    matrix = _matrix(model, rows, hybrid_on)
    base = evaluate(matrix, weights[None, :])
    scores = {option: float(values[0]) for option, values in base.scores.items()}
    constraints = check_constraints(model, answers, probes)
    decision = _decide(scores, excluded_options(constraints), hybrid_on, base)

    settings = model.sensitivity
    samples = dirichlet_samples(weights, settings.samples, settings.seed, settings.concentration)
    counts = win_counts(evaluate(matrix, samples), decision.candidates)
    win_share = {o: _r(counts.get(o, 0) / settings.samples) for o in decision.evaluated}
    confidence = win_share.get(decision.winner, 0.0)

    ratings = {"pytorch": matrix.ratings[:, 0], "tensorflow": matrix.ratings[:, 1]}
    if hybrid_on:
        ratings["hybrid"] = base.hybrid_ratings[0]
    flips = [
        flip_point(
            weights, ratings[decision.winner], ratings[decision.runner], i, model.weight_range,
            (model.scale.min, model.scale.max), (decision.winner, decision.runner),
        )
        for i in range(len(rows))
    ]
    by_priority = _by_priority(model, rows, weights, matrix, decision)
    flip_points = _flip_points(model, rows, flips, ratings, decision, by_priority)
    sides = _sides(base) if hybrid_on else None
    recommendation = _recommendation(
        model, answers, probes, rows, weights, ratings, decision, confidence, flips, sides,
        by_priority,
    )
    total = float(weights.sum())
    criteria = [
        CriterionResult(
            id=row.id,
            label=row.criterion.label,
            description=row.criterion.description,
            group=row.criterion.group,
            side=row.criterion.side,
            weight=_r(row.weight),
            importance=_r(row.importance),
            weight_reasons=row.weight_reasons,
            ratings={o: _r(ratings[o][i]) for o in decision.evaluated},
            base_ratings={o: _r(v) for o, v in row.base_ratings.items()},
            rating_sources=row.rating_sources,
            evidence=row.evidence,
            contributions={o: _r(ratings[o][i] * row.weight / total) for o in decision.evaluated},
            flip=flip_points[i],
        )
        for i, row in enumerate(rows)
    ]
    sensitivity = Sensitivity(
        method="dirichlet",
        samples=settings.samples,
        seed=settings.seed,
        concentration=settings.concentration,
        win_share=win_share,
        ties=_r(counts[None] / settings.samples),
        flips=flip_points,
    )
    contenders = [o for o in decision.evaluated if o != "hybrid" or decision.hybrid_eligible]
    crosscheck = cross_check(
        contenders,
        np.array([ratings[o] for o in contenders]),
        weights,
        (model.scale.min, model.scale.max),
        decision.winner,
    )
    return {
        "recommendation": recommendation,
        "scores": {o: _r(scores[o]) for o in decision.evaluated},
        "criteria": criteria,
        "constraints": constraints,
        "sensitivity": sensitivity,
        "crosscheck": crosscheck,
        "decision_model": decision_model.describe(),
    }


def _matrix(model: DecisionModel, rows: list[Row], hybrid_on: bool) -> Matrix:
    return Matrix(
        ratings=np.array([[row.ratings["pytorch"], row.ratings["tensorflow"]] for row in rows]),
        research=np.array([row.criterion.side == "research" for row in rows]),
        deployment=np.array([row.criterion.side == "deployment" for row in rows]),
        composition=np.array([COMPOSITION.index(row.criterion.hybrid_rating) for row in rows]),
        scale_min=model.scale.min,
        hybrid=hybrid_on,
        bridge_cost=model.hybrid.bridge_cost if model.hybrid else 0.0,
        min_side_margin=model.hybrid.min_side_margin if model.hybrid else 0.0,
    )


def _decide(
    scores: dict[str, float], excluded: list[str], hybrid_on: bool, base: Evaluation
) -> _Decision:
    """Winner among the candidates (ties go to the earlier option in ORDER) and runner-up."""
    hybrid_eligible = hybrid_on and bool(base.hybrid_eligible[0])
    candidates = [o for o in ("pytorch", "tensorflow") if o not in excluded]
    if hybrid_on and not excluded:  # a hybrid needs both frameworks
        candidates.append("hybrid")
    if not candidates:  # nothing meets every hard constraint: still say which is best, flagged
        candidates = ["pytorch", "tensorflow"]
    contenders = [o for o in candidates if o != "hybrid" or hybrid_eligible]
    ranked = sorted(contenders, key=lambda o: (-scores[o], ORDER.index(o)))
    winner = ranked[0]
    if len(ranked) > 1:
        runner = ranked[1]
    else:  # the only candidate left: measure the margin against the best excluded option
        others = [o for o in ("pytorch", "tensorflow") if o != winner]
        runner = max(others, key=lambda o: scores[o])
    evaluated = ["pytorch", "tensorflow", *(["hybrid"] if hybrid_on else [])]
    return _Decision(
        winner=winner,
        runner=runner,
        margin=scores[winner] - scores[runner],
        candidates=candidates,
        evaluated=evaluated,
        excluded=excluded,
        hybrid_eligible=hybrid_eligible,
    )


def _sides(base: Evaluation) -> dict[str, dict[str, float]]:
    research, deployment = base.research_side[0], base.deployment_side[0]
    return {
        "research": {"pytorch": _r(research[0]), "tensorflow": _r(research[1])},
        "deployment": {"pytorch": _r(deployment[0]), "tensorflow": _r(deployment[1])},
    }


def _by_priority(
    model: DecisionModel, rows: list[Row], weights: Array, matrix: Matrix, decision: _Decision
) -> list[dict[int, str] | None]:
    """For each published criterion, the recommendation at each priority 1-5 (the other
    answers as given); None for a derived criterion, whose weight no priority sets."""
    published = [i for i, row in enumerate(rows) if row.criterion.group == "published"]
    if not published:
        return [None] * len(rows)
    trial = np.repeat(weights[None, :], len(published) * len(PRIORITY_SCALE), axis=0)
    for k, i in enumerate(published):
        for j, value in enumerate(PRIORITY_SCALE):
            trial[k * len(PRIORITY_SCALE) + j, i] = weight_at(model, rows[i], value)
    usable = trial.sum(axis=1) > 0
    trial[~usable] = weights  # all weights zero: nothing to score, the decision stands
    won = winners(evaluate(matrix, trial), decision.candidates)
    out: list[dict[int, str] | None] = [None] * len(rows)
    for k, i in enumerate(published):
        chunk = won[k * len(PRIORITY_SCALE):(k + 1) * len(PRIORITY_SCALE)]
        out[i] = dict(zip(PRIORITY_SCALE, chunk, strict=True))
    return out


def _flip_points(
    model: DecisionModel,
    rows: list[Row],
    flips: list[Flip],
    ratings: dict[str, Array],
    decision: _Decision,
    by_priority: list[dict[int, str] | None],
) -> list[FlipPoint]:
    points = []
    drivers_of = weight_drivers(model)
    for i, (row, flip) in enumerate(zip(rows, flips, strict=True)):
        outcomes = by_priority[i]
        drivers = [] if outcomes is not None else drivers_of[row.id]
        points.append(FlipPoint(
            criterion=row.id,
            weight_at_flip=None if flip.weight is None else _r(flip.weight),
            rating_at_flip=None
            if flip.rating_option is None or flip.rating is None
            else {flip.rating_option: _r(flip.rating)},
            text=explain.flip_text(
                row, flip, decision.winner, decision.runner, model,
                float(ratings[flip.rating_option or decision.winner][i]), outcomes, drivers,
            ),
            driver="derived" if outcomes is None else "priority",
            priority=None if outcomes is None else round(row.importance),
            recommendation_by_priority=None
            if outcomes is None else {str(p): o for p, o in outcomes.items()},
            driven_by=drivers,
            weight_rules=list(row.weight_rules) if outcomes is None else [],
        ))
    return points


def _recommendation(
    model: DecisionModel,
    answers: Mapping[str, Any],
    probes: ProbeReport | None,
    rows: list[Row],
    weights: Array,
    ratings: dict[str, Array],
    decision: _Decision,
    confidence: float,
    flips: list[Flip],
    sides: dict[str, dict[str, float]] | None,
    by_priority: list[dict[int, str] | None],
) -> Recommendation:
    winner, runner = decision.winner, decision.runner
    verdict = model.verdict
    close_call = (
        decision.margin < verdict.close_call_margin or confidence < verdict.close_call_confidence
    )
    badge = (
        "close_call" if close_call
        else "robust" if confidence >= verdict.robust_confidence
        else "sensitive"
    )
    bridge = None
    if winner == "hybrid" and sides is not None:
        research = sides["research"]
        lead = "pytorch" if research["pytorch"] >= research["tensorflow"] else "tensorflow"
        other = "tensorflow" if lead == "pytorch" else "pytorch"
        bridge = explain.bridge_text(model, lead, other, answers)
    gaps = (ratings[winner] - ratings[runner]) * weights / float(weights.sum())
    scores = {o: _r(float(weights @ ratings[o]) / float(weights.sum())) for o in ratings}
    return Recommendation(
        framework=winner,
        confidence=confidence,
        margin=_r(decision.margin),
        summary=explain.summary(
            winner, runner, scores, confidence, model.sensitivity.samples, close_call,
            decision.excluded,
        ),
        badge=badge,
        close_call=close_call,
        reasons=explain.reasons(
            rows,
            [float(x) for x in gaps],
            winner,
            runner,
            {o: [float(x) for x in values] for o, values in ratings.items()},
            sides,
        ),
        settle=explain.settle(rows, flips, winner, runner, probes, answers, by_priority)
        if close_call else [],
        bridge=bridge,
        runner_up=runner,
        excluded=decision.excluded,
        sides=sides,
        hybrid_evaluated="hybrid" in decision.evaluated,
        hybrid_eligible=decision.hybrid_eligible,
        hybrid_note=None if sides is None or model.hybrid is None else explain.hybrid_note(
            sides, decision.hybrid_eligible, winner, model.hybrid.min_side_margin
        ),
    )
