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
from datetime import date
from typing import Any

import numpy as np

from advisor import options
from advisor.models import (
    Assessment,
    CriterionResult,
    CrossCheck,
    ExcludedOption,
    FlipPoint,
    OptionRisk,
    ProbeReport,
    Recommendation,
    Sensitivity,
    UnappliedEvidence,
)
from advisor.options import FRAMEWORKS, HYBRID
from advisor.questionnaire import Questionnaire
from advisor.scoring import explain
from advisor.scoring.arithmetic import Array, Flip, Matrix, evaluate, flip_point, winners
from advisor.scoring.changes import what_would_change_it
from advisor.scoring.confidence import confidence as perturbed
from advisor.scoring.conflicts import answer_pulls, conflict
from advisor.scoring.core import Decision, Outcome, outcome
from advisor.scoring.crosscheck import cross_check
from advisor.scoring.loading import LoadedDecisionModel
from advisor.scoring.matrix import Row, weight_at, weight_drivers
from advisor.scoring.model import PRIORITY_SCALE, DecisionModel


def rounded(value: float) -> float:
    """Round for output (and turn numpy floats into Python floats)."""
    out = round(float(value), 4)
    return 0.0 if out == 0 else out


def score_assessment(
    assessment: Assessment,
    decision_model: LoadedDecisionModel,
    questionnaire: Questionnaire | None = None,
) -> Assessment:
    """The assessment with its scoring fields (re)computed from its answers and probes.

    `questionnaire` (the default one when the assessment used it) lets the scoring say which
    changed answers would change the decision; without one that list stays empty."""
    if questionnaire is None and assessment.questionnaire == "default":
        from advisor.questionnaire import load_default_questionnaire

        questionnaire = load_default_questionnaire()
    fields = score_answers(
        assessment.answers, assessment.probes, decision_model,
        questionnaire=questionnaire, assessed_on=assessment.created_at,
    )
    return assessment.model_copy(update=fields)


def score_answers(
    answers: Mapping[str, Any],
    probes: ProbeReport | None,
    decision_model: LoadedDecisionModel,
    *,
    questionnaire: Questionnaire | None = None,
    assessed_on: str | None = None,
) -> dict[str, Any]:
    """The scoring fields of an assessment: recommendation, scores, criteria, constraints,
    sensitivity, crosscheck, decision_model, excluded_options, evidence_not_applied and
    knowledge."""
    model = decision_model.model
    found = outcome(answers, probes, decision_model)
    rows, weights, matrix, decision = found.rows, found.weights, found.matrix, found.decision
    samples = perturbed(model, found, answers)
    win_share = {o: rounded(samples.counts.get(o, 0) / samples.samples) for o in decision.evaluated}
    confidence = 0.0 if decision.tie else win_share.get(decision.winner, 0.0)

    ratings = {"pytorch": matrix.ratings[:, 0], "tensorflow": matrix.ratings[:, 1]}
    if found.hybrid_on:
        ratings["hybrid"] = found.base.hybrid_ratings[0]
    flips = [
        flip_point(
            weights, ratings[decision.winner], ratings[decision.runner_up], i, model.weight_range,
            (model.scale.min, model.scale.max), (decision.winner, decision.runner_up),
        )
        for i in range(len(rows))
    ]
    by_priority = _by_priority(model, rows, weights, matrix, decision)
    flip_points = _flip_points(model, rows, flips, ratings, decision, by_priority)
    sides = _sides(found) if found.hybrid_on else None
    pulls = answer_pulls(model, found, answers)
    changes = (
        what_would_change_it(answers, probes, decision_model, questionnaire, found, by_priority)
        if questionnaire is not None else []
    )
    recommendation = _recommendation(
        model, answers, probes, found, ratings, confidence, flips, sides, by_priority,
        samples.warned, pulls, changes, win_share,
    )
    total = float(weights.sum())
    criteria = [
        CriterionResult(
            id=row.id,
            label=row.criterion.label,
            description=row.criterion.description,
            group=row.criterion.group,
            side=row.criterion.side,
            weight=rounded(row.weight),
            importance=rounded(row.importance),
            weight_reasons=row.weight_reasons,
            ratings={o: rounded(ratings[o][i]) for o in decision.evaluated},
            base_ratings={o: rounded(v) for o, v in row.base_ratings.items()},
            rating_sources=row.rating_sources,
            evidence=row.evidence,
            contributions={o: rounded(ratings[o][i] * row.weight / total)
                           for o in decision.evaluated},
            flip=flip_points[i],
            answered_weight=None if row.answered is None else rounded(row.answered),
            weight_note=explain.weight_note(row),
            rating_spread=samples.spreads.get(row.id),
            rule_refs=row.rule_refs,
        )
        for i, row in enumerate(rows)
    ]
    sensitivity = Sensitivity(
        method="dirichlet",
        samples=samples.samples,
        seed=model.sensitivity.seed,
        concentration=model.sensitivity.concentration,
        win_share=win_share,
        ties=rounded(samples.counts[None] / samples.samples),
        flips=flip_points,
        perturbs=["weights", *(["ratings"] if any(samples.spreads.values()) else []),
                  *(["warned requirements"] if model.sensitivity.warn_failure_share else [])],
        warn_failure_share=model.sensitivity.warn_failure_share,
    )
    contenders = [o for o in decision.evaluated if o != "hybrid" or decision.hybrid_eligible]
    crosscheck = CrossCheck.model_validate(cross_check(
        contenders,
        np.array([ratings[o] for o in contenders]),
        weights,
        (model.scale.min, model.scale.max),
        decision.winner,
    ))
    return {
        "recommendation": recommendation,
        "scores": {o: rounded(found.scores[o]) for o in decision.evaluated},
        "criteria": criteria,
        "constraints": found.constraints,
        "sensitivity": sensitivity,
        "crosscheck": crosscheck,
        "decision_model": decision_model.describe(),
        "excluded_options": [
            ExcludedOption(option=o, constraint=c.id, reason=c.reason)
            for c in found.constraints for o in decision.excluded if c.status.get(o) == "fail"
        ],
        "evidence_not_applied": [
            UnappliedEvidence(criterion=m.criterion, text=m.text, reason=m.reason or "",
                              kind=m.reason_kind)
            for m in found.moves if not m.applied
        ],
        "knowledge": knowledge(model, assessed_on),
    }


def knowledge(model: DecisionModel, assessed_on: str | None) -> dict[str, Any]:
    """The knowledge date against the assessment's date, with a warning once it is too old."""
    as_of = date.fromisoformat(model.knowledge_as_of)
    try:
        today = date.fromisoformat((assessed_on or "")[:10])
    except ValueError:
        today = None
    age = None if today is None else (today.year - as_of.year) * 12 + today.month - as_of.month - (
        1 if today.day < as_of.day else 0)
    stale = age is not None and age > model.knowledge_max_age_months
    return {
        "as_of": model.knowledge_as_of,
        "assessed_on": None if today is None else today.isoformat(),
        "age_months": age,
        "max_age_months": model.knowledge_max_age_months,
        "stale": stale,
        "warning": (
            f"The decision model's knowledge dates from {model.knowledge_as_of}, {age} months"
            f" before this assessment (more than {model.knowledge_max_age_months}): framework"
            " support moves fast, so check the sources before relying on this advice."
        ) if stale else None,
    }


def _sides(found: Outcome) -> dict[str, dict[str, float]]:
    research, deployment = found.base.research_side[0], found.base.deployment_side[0]
    return {
        "research": {"pytorch": rounded(research[0]), "tensorflow": rounded(research[1])},
        "deployment": {"pytorch": rounded(deployment[0]), "tensorflow": rounded(deployment[1])},
    }


def _by_priority(
    model: DecisionModel, rows: list[Row], weights: Array, matrix: Matrix, decision: Decision
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
    decision: Decision,
    by_priority: list[dict[int, str] | None],
) -> list[FlipPoint]:
    points = []
    drivers_of = weight_drivers(model)
    for i, (row, flip) in enumerate(zip(rows, flips, strict=True)):
        outcomes = by_priority[i]
        drivers = [] if outcomes is not None else drivers_of[row.id]
        points.append(FlipPoint(
            criterion=row.id,
            weight_at_flip=None if flip.weight is None else rounded(flip.weight),
            rating_at_flip=None
            if flip.rating_option is None or flip.rating is None
            else {flip.rating_option: rounded(flip.rating)},
            text=explain.flip_text(
                row, flip, decision.winner, decision.runner_up, model,
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
    found: Outcome,
    ratings: dict[str, Array],
    confidence: float,
    flips: list[Flip],
    sides: dict[str, dict[str, float]] | None,
    by_priority: list[dict[int, str] | None],
    warned: dict[str, list[str]],
    pulls: list[dict[str, Any]],
    changes: list[Any],
    win_share: dict[str, float],
) -> Recommendation:
    decision, rows, weights = found.decision, found.rows, found.weights
    winner, runner_up = decision.winner, decision.runner_up
    verdict = model.verdict
    clash = None if decision.tie or decision.forced else conflict(model, found, pulls)
    close_call = (
        decision.tie
        or clash is not None
        or (decision.margin < verdict.close_call_margin and not decision.forced)
        or confidence < verdict.close_call_confidence
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
    gaps = (ratings[winner] - ratings[runner_up]) * weights / float(weights.sum())
    scores = {o: rounded(v) for o, v in found.scores.items()}  # the hybrid's net of its overhead
    frameworks = FRAMEWORKS if winner == HYBRID else (winner,)
    warnings = [
        f"{options.label(o)}: {c.description} - {c.reason}"
        for c in found.constraints for o in frameworks if c.id in warned.get(o, [])
    ]
    return Recommendation(
        framework=winner,
        confidence=confidence,
        margin=rounded(decision.margin),
        summary=explain.summary(
            winner, runner_up, scores, confidence, model.sensitivity.samples, close_call,
            decision.excluded, margin=rounded(decision.margin), forced=decision.forced,
            tie=decision.tie, conflict=clash, warnings=len(warnings), win_share=win_share,
        ),
        badge=badge,
        close_call=close_call,
        reasons=explain.tie_reasons(winner, runner_up, rows, ratings) if decision.tie
        else explain.reasons(
            rows,
            [float(x) for x in gaps],
            winner,
            runner_up,
            {o: [float(x) for x in values] for o, values in ratings.items()},
            sides,
        ),
        settle=explain.settle(rows, flips, winner, runner_up, probes, answers, by_priority)
        if close_call else [],
        bridge=bridge,
        # Shown as the runner-up only when it could be recommended; the reasons and flip points
        # still say what the winner does better than the best excluded option.
        runner_up=decision.eligible_runner_up,
        reasons_against=runner_up,
        excluded=decision.excluded,
        sides=sides,
        hybrid_evaluated="hybrid" in decision.evaluated,
        hybrid_eligible=decision.hybrid_eligible,
        hybrid_note=None if sides is None or model.hybrid is None else explain.hybrid_note(
            sides, decision.hybrid_eligible, winner, model.hybrid.min_side_margin,
            decision.excluded,
        ),
        what_would_change_it=changes,
        tie=decision.tie,
        warnings=warnings,
        conflict=clash,
        answer_pulls=pulls,
        disagreements=[d.text for d in model.disagreements if d.when.holds(answers)],
        risks=[OptionRisk(rule=r.id, text=r.risk.text, mitigation=r.risk.mitigation,
                          source=model.source_text(r.source))
               for r in model.rules
               if r.risk and winner in r.risk.options and r.when.holds(answers)],
    )
