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
from typing import Any

import numpy as np

from advisor.errors import ScoringError
from advisor.models import (
    Assessment,
    CriterionResult,
    FlipPoint,
    ProbeReport,
    Recommendation,
    Sensitivity,
)
from advisor.scoring import explain
from advisor.scoring.arithmetic import Matrix, dirichlet_samples, evaluate, flip_point, win_counts
from advisor.scoring.constraints import check_constraints, excluded_options
from advisor.scoring.crosscheck import cross_check
from advisor.scoring.evidence import collect_evidence
from advisor.scoring.loading import LoadedDecisionModel
from advisor.scoring.matrix import apply_moves, build_rows, clamp_ratings

ORDER = ("pytorch", "tensorflow", "hybrid")
COMPOSITION = ("research_leader", "deployment_leader", "mean", "min")


def _r(value: float) -> float:
    """Round for output (and turn numpy floats into Python floats)."""
    out = round(float(value), 4)
    return 0.0 if out == 0 else out


def score_assessment(assessment: Assessment, decision_model: LoadedDecisionModel) -> Assessment:
    """The assessment with its scoring fields (re)computed from its answers and probes."""
    fields = score_answers(assessment.answers, assessment.probes, decision_model)
    return assessment.model_copy(update=fields)


def score_answers(
    answers: Mapping[str, Any], probes: ProbeReport | None, decision_model: LoadedDecisionModel
) -> dict[str, Any]:
    """The scoring fields of an assessment: recommendation, scores, criteria, constraints,
    sensitivity and decision_model."""
    model = decision_model.model
    rows = build_rows(model, answers)
    if probes is not None:
        apply_moves(rows, collect_evidence(probes, answers, model))
    clamp_ratings(model, rows)
    weights = np.array([row.weight for row in rows], dtype=float)
    if weights.sum() <= 0:
        raise ScoringError(
            "every criterion's weight is zero after the decision model's rules; nothing to score"
            f" ({decision_model.path})"
        )
    hybrid_on = model.hybrid is not None and model.hybrid.when.holds(answers)
    matrix = Matrix(
        ratings=np.array([[row.ratings["pytorch"], row.ratings["tensorflow"]] for row in rows]),
        research=np.array([row.criterion.side == "research" for row in rows]),
        deployment=np.array([row.criterion.side == "deployment" for row in rows]),
        composition=np.array([COMPOSITION.index(row.criterion.hybrid_rating) for row in rows]),
        scale_min=model.scale.min,
        hybrid=hybrid_on,
        bridge_cost=model.hybrid.bridge_cost if model.hybrid else 0.0,
        min_side_margin=model.hybrid.min_side_margin if model.hybrid else 0.0,
    )
    base = evaluate(matrix, weights[None, :])
    scores = {option: float(values[0]) for option, values in base.scores.items()}
    constraints = check_constraints(model, answers, probes)
    excluded = excluded_options(constraints)
    hybrid_eligible = hybrid_on and bool(base.hybrid_eligible[0])
    candidates = [o for o in ("pytorch", "tensorflow") if o not in excluded]
    if hybrid_on and not excluded:
        candidates.append("hybrid")
    if not candidates:  # nothing meets every hard constraint: still say which is best, flagged
        candidates = ["pytorch", "tensorflow"]
    contenders = [o for o in candidates if o != "hybrid" or hybrid_eligible]
    ranked = sorted(contenders, key=lambda o: (-scores[o], ORDER.index(o)))
    winner = ranked[0]
    others = [o for o in ("pytorch", "tensorflow") if o != winner]
    if hybrid_eligible and winner != "hybrid":
        others.append("hybrid")
    runner = ranked[1] if len(ranked) > 1 else max(others, key=lambda o: scores[o])
    margin = scores[winner] - scores[runner]

    settings = model.sensitivity
    samples = dirichlet_samples(weights, settings.samples, settings.seed, settings.concentration)
    sampled = evaluate(matrix, samples)
    counts = win_counts(sampled, candidates)
    evaluated = ["pytorch", "tensorflow", *(["hybrid"] if hybrid_on else [])]
    win_share = {o: _r(counts.get(o, 0) / settings.samples) for o in evaluated}
    confidence = win_share.get(winner, 0.0)

    option_ratings = {"pytorch": matrix.ratings[:, 0], "tensorflow": matrix.ratings[:, 1]}
    if hybrid_on:
        option_ratings["hybrid"] = base.hybrid_ratings[0]
    total = float(weights.sum())
    lead = (option_ratings[winner] - option_ratings[runner]) * weights / total
    flips = [
        flip_point(
            weights, option_ratings[winner], option_ratings[runner], i, model.weight_range,
            (model.scale.min, model.scale.max), (winner, runner),
        )
        for i in range(len(rows))
    ]
    flip_points = [
        FlipPoint(
            criterion=row.id,
            weight_at_flip=None if flip.weight is None else _r(flip.weight),
            rating_at_flip=None if flip.rating_option is None or flip.rating is None
            else {flip.rating_option: _r(flip.rating)},
            text=explain.flip_text(
                row, flip, winner, runner, model,
                float(option_ratings[flip.rating_option or winner][i]),
            ),
        )
        for i, (row, flip) in enumerate(zip(rows, flips, strict=True))
    ]

    verdict = model.verdict
    close_call = margin < verdict.close_call_margin or confidence < verdict.close_call_confidence
    badge = (
        "close_call" if close_call
        else "robust" if confidence >= verdict.robust_confidence
        else "sensitive"
    )
    sides = None
    if hybrid_on:
        sides = {
            "research": {
                "pytorch": _r(base.research_side[0, 0]), "tensorflow": _r(base.research_side[0, 1])
            },
            "deployment": {
                "pytorch": _r(base.deployment_side[0, 0]),
                "tensorflow": _r(base.deployment_side[0, 1]),
            },
        }
    bridge = None
    if winner == "hybrid" and sides is not None:
        research = sides["research"]
        research_lead = "pytorch" if research["pytorch"] >= research["tensorflow"] else "tensorflow"
        deploy_lead = "tensorflow" if research_lead == "pytorch" else "pytorch"
        bridge = explain.bridge_text(model, research_lead, deploy_lead, answers)
    rounded_scores = {o: _r(scores[o]) for o in evaluated}
    recommendation = Recommendation(
        framework=winner,
        confidence=confidence,
        margin=_r(margin),
        summary=explain.summary(
            winner, runner, rounded_scores, confidence, settings.samples, close_call, excluded
        ),
        badge=badge,
        close_call=close_call,
        reasons=explain.reasons(
            rows,
            [float(x) for x in lead],
            winner,
            runner,
            {o: [float(x) for x in values] for o, values in option_ratings.items()},
            sides,
        ),
        settle=explain.settle(rows, flips, winner, runner, probes, answers) if close_call else [],
        bridge=bridge,
        runner_up=runner,
        excluded=excluded,
        sides=sides,
        hybrid_evaluated=hybrid_on,
        hybrid_eligible=hybrid_eligible,
    )
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
            ratings={o: _r(option_ratings[o][i]) for o in evaluated},
            base_ratings={o: _r(v) for o, v in row.base_ratings.items()},
            rating_sources=row.rating_sources,
            evidence=row.evidence,
            contributions={o: _r(option_ratings[o][i] * row.weight / total) for o in evaluated},
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
    contenders_all = [o for o in evaluated if o != "hybrid" or hybrid_eligible]
    crosscheck = cross_check(
        contenders_all,
        np.array([option_ratings[o] for o in contenders_all]),
        weights,
        (model.scale.min, model.scale.max),
        winner,
    )
    return {
        "recommendation": recommendation,
        "crosscheck": crosscheck,
        "scores": rounded_scores,
        "criteria": criteria,
        "constraints": constraints,
        "sensitivity": sensitivity,
        "decision_model": decision_model.describe(),
    }

