"""The decision parts of the report context: drivers, constraints, matrix, sensitivity, discussion.

Everything here is derived from the scored assessment; when scoring has not run, each part says
so (`scored: False`) and the templates print that plainly.
"""

from __future__ import annotations

import math
from typing import Any

from advisor import numerals, options
from advisor.i18n import N_, _
from advisor.models import Assessment, CriterionResult, CrossCheck, FlipPoint
from advisor.report import messages, model_texts
from advisor.report.prose import default_questionnaire, priority_source, source_label
from advisor.report.rules import MEASURED, RuleBook, lines_of
from advisor.report.scoring_text import scoring_sentence

NOT_SCORED = N_(
    "This assessment has not been scored (it was written before scoring ran), so there is no"
    " decision matrix, weight or rating to show."
)


def option_label(option: str) -> str:
    """PyTorch, TensorFlow, Hybrid (or the id itself), in the report's language."""
    label = options.LABELS.get(option)
    return _(label) if label else option


def criterion_label(criterion: CriterionResult) -> str:
    """A criterion's label, or its id made readable."""
    return (model_texts.criterion_label(criterion.id)
            or _(criterion.label or criterion.id.replace("_", " ").capitalize()))


def _total_weight(criteria: list[CriterionResult]) -> float:
    return sum(c.weight for c in criteria) or 1.0


def drivers_context(assessment: Assessment) -> dict[str, Any]:
    """The weights and where each came from, heaviest first."""
    criteria = assessment.criteria or []
    total = _total_weight(criteria)
    rows = []
    for c in sorted(criteria, key=lambda c: -c.weight):
        if c.group == "derived":
            origin = _("derived by the decision model from the answers")
        elif c.importance is not None:
            how = source_label(priority_source(assessment.answer_sources, c.id))
            origin = _("priority {priority} of 5 ({how})").format(
                priority=numerals.priority(c.importance), how=how)
        else:
            origin = _("decision model")
        rows.append({
            "id": c.id, "label": criterion_label(c), "group": c.group or "", "weight": c.weight,
            "share": c.weight / total, "origin": origin,
            "reasons": [model_texts.translate(r) for r in c.weight_reasons],
            "side": c.side or "",
        })
    return {"scored": bool(rows), "missing": None if rows else _(NOT_SCORED), "rows": rows}


def constraints_context(assessment: Assessment) -> dict[str, Any]:
    """Pass / warn / fail per option for every hard requirement."""
    if assessment.constraints is None:
        return {"checked": False, "options": [], "rows": [],
                "missing": _("No hard constraints were checked (the assessment was not scored).")}
    options: list[str] = []
    for constraint in assessment.constraints:
        options.extend(o for o in constraint.status if o not in options)
    rows = [{
        "id": c.id, "description": model_texts.translate(c.description),
        "reason": model_texts.translate(c.reason),
        "status": [c.status.get(o, "n/a") for o in options],
    } for c in assessment.constraints]
    missing = None if rows else _("No hard constraint applies to this project's answers.")
    return {"checked": True, "options": [option_label(o) for o in options], "rows": rows,
            "missing": missing}


def scored_options(assessment: Assessment) -> list[str]:
    """The options with a score or a rating, in the order PyTorch, TensorFlow, hybrid."""
    present = set(assessment.scores or {})
    for c in assessment.criteria or []:
        present.update(c.ratings)
    ordered = [o for o in options.OPTIONS if o in present]
    return ordered + sorted(present - set(ordered))


def matrix_context(assessment: Assessment) -> dict[str, Any]:
    """The decision matrix: weight, ratings, weighted contributions and evidence per criterion."""
    criteria = assessment.criteria or []
    if not criteria:
        return {"scored": False, "missing": _(NOT_SCORED), "rows": [], "options": [], "ids": [],
                "crosscheck": None, "rules": [], "probe_report": None}
    options = scored_options(assessment)
    total = _total_weight(criteria)
    rows = []
    book = RuleBook(default_questionnaire(assessment))  # each rule said once, after the matrix
    for c in criteria:
        refs = lines_of(c)
        # Contributions as scoring stored them; older files lack them, so recompute the same sum.
        contributions = c.contributions or {
            o: c.weight * c.ratings[o] / total for o in options if o in c.ratings}
        base = c.base_ratings or {}
        rows.append({
            "id": c.id, "label": criterion_label(c), "group": c.group or "", "weight": c.weight,
            "share": c.weight / total, "side": c.side or "",
            "ratings": [c.ratings.get(o) for o in options],
            "base_ratings": [base.get(o) for o in options],
            "moved": any(o in base and base[o] != c.ratings.get(o) for o in options),
            "contributions": [contributions.get(o) for o in options],
            # The base ratings and the rules' moves in one line; measured evidence line by line.
            "moves": [book.rating(e, refs) or _readable(e) for e in c.evidence
                      if not e.startswith(MEASURED)],
            "evidence": [_readable(e) for e in book.measured(
                [e for e in c.evidence if e.startswith(MEASURED)])],
            # "priority 5 as answered" is in the drivers table already: only what moved it.
            "reasons": [book.weight(r, refs) or _readable(r) for r in c.weight_reasons
                        if (refs and r in refs) or " as answered (" not in r],
            # Scoring often repeats a source as evidence; show each text once.
            "sources": [_readable(src) for src in c.rating_sources if src not in c.evidence],
        })
    scores = assessment.scores or {}
    return {
        "scored": True, "missing": None, "rows": rows, "ids": options,
        "options": [option_label(o) for o in options],
        "totals": [scores.get(o) for o in options],
        "crosscheck": _crosscheck(assessment.crosscheck),
        "rules": book.listed(_readable),
        "probe_report": book.probe_report,
    }


def _readable(citation: str) -> str:
    for written, readable in messages.SOURCE_TITLES.items():
        citation = citation.replace(written, _(readable))
    return scoring_sentence(citation)


def _crosscheck(check: CrossCheck | None) -> dict[str, Any] | None:
    if check is None:
        return None
    methods = [{
        "name": name.upper(),
        "winner": option_label(result.winner),
        "better": result.better,
        "scores": ", ".join(f"{option_label(o)} {numerals.score(v)}"
                            for o, v in result.scores.items()),
    } for name, result in check.methods.items()]
    return {"text": scoring_sentence(check.text), "methods": methods,
            "available": check.available}


def _priority_flip(f: FlipPoint, winner: str | None) -> tuple[list[int], int | None]:
    """The priorities (1-5) at which the recommendation changes, and the nearest of them."""
    outcomes = f.recommendation_by_priority or {}
    changed = sorted(int(p) for p, o in outcomes.items() if o != winner and p.isdigit())
    if not changed or f.priority is None:
        return changed, None
    now = f.priority
    return changed, min(changed, key=lambda p: (abs(p - now), p))


def _flip_row(f: FlipPoint, criterion: CriterionResult | None,
              winner: str | None) -> dict[str, Any]:
    current = criterion.weight if criterion else None
    change = (f.weight_at_flip - current
              if f.weight_at_flip is not None and current is not None else None)
    rating_change = None
    if f.rating_at_flip and criterion is not None:
        rating_change = min(abs(v - criterion.ratings.get(o, v))
                            for o, v in f.rating_at_flip.items())
    text = scoring_sentence(f.text)
    order: float | None
    if f.driver == "priority":
        changed, nearest = _priority_flip(f, winner)
        can_flip = bool(changed)
        now = _("priority {priority}").format(priority=f.priority) + (
            _(" (weight {weight})").format(weight=numerals.weight(current))
            if current is not None else "")
        at = (_("priority {priority}").format(priority=nearest) if nearest is not None
              else _("never within 1-5"))
        order = (abs(nearest - f.priority) if nearest is not None and f.priority is not None
                 else None)
        alone = _("no priority from 1 to 5 flips it")
    else:
        can_flip = f.weight_at_flip is not None
        derived = _(" (derived)") if f.driver == "derived" else ""
        now = (_("weight {weight}").format(weight=numerals.weight(current)) + derived
               if current is not None else "—")
        at = (_("weight {weight}").format(weight=numerals.weight(f.weight_at_flip))
              if f.weight_at_flip is not None else _("never"))
        order = abs(change) if change is not None else None
        alone = _("no change of weight alone flips it")
    by_rating = not can_flip and bool(f.rating_at_flip)
    if by_rating and "; " in f.text:
        # "never ...; a rating of X ... would tie": lead with what would.
        text = (scoring_sentence(f.text.rsplit("; ", 1)[1])
                + _(" ({alone})").format(alone=alone))
    return {
        "criterion": criterion_label(criterion) if criterion else f.criterion,
        "text": text, "can_flip": can_flip, "by_rating": by_rating,
        "weight": current, "weight_at_flip": f.weight_at_flip, "change": change,
        "rating_change": rating_change, "now": now, "at": at, "order": order,
    }


def flip_rows(assessment: Assessment) -> list[dict[str, Any]]:
    """Every criterion's flip point: priority or weight flips first (smallest change), then
    rating flips, then the criteria that cannot flip the decision."""
    by_id = {c.id: c for c in assessment.criteria or []}
    flips = list(assessment.sensitivity.flips) if assessment.sensitivity else []
    known = {f.criterion for f in flips}
    flips += [c.flip for c in assessment.criteria or [] if c.flip and c.flip.criterion not in known]
    winner = assessment.recommendation.framework if assessment.recommendation else None
    rows = [_flip_row(f, by_id.get(f.criterion), winner) for f in flips]
    rows.sort(key=lambda r: (
        not r["can_flip"], not r["by_rating"],
        r["order"] if r["order"] is not None else r["rating_change"] or math.inf))
    return rows


def sensitivity_context(assessment: Assessment) -> dict[str, Any]:
    """How robust the outcome is: the sampled win share and where each criterion flips it."""
    s = assessment.sensitivity
    if s is None:
        return {"analysed": False, "flips": flip_rows(assessment), "win_share": [],
                "missing": _("No sensitivity analysis was run (the assessment was not scored).")}
    share = sorted(s.win_share.items(), key=lambda kv: -kv[1])
    return {
        "analysed": True, "missing": None, "method": s.method, "samples": s.samples,
        "seed": s.seed, "concentration": s.concentration, "ties": s.ties,
        "win_share": [{"option": option_label(o), "share": v} for o, v in share],
        "flips": flip_rows(assessment),
    }


def _compare(criteria: list[CriterionResult], option: str, rival: str,
             total: float) -> tuple[list[str], list[str]]:
    pros: list[str] = []
    cons: list[str] = []
    ranked = sorted(criteria, key=lambda c: -c.weight * abs(
        c.ratings.get(option, 0) - c.ratings.get(rival, 0)))
    for c in ranked:
        mine, theirs = c.ratings.get(option), c.ratings.get(rival)
        if mine is None or theirs is None or mine == theirs:
            continue
        line = messages.text(
            "pro_con", criterion=criterion_label(c).lower(), mine=numerals.score(mine),
            theirs=numerals.score(theirs), rival=option_label(rival),
            share=numerals.percent(c.weight / total))
        (pros if mine > theirs else cons).append(line)
    return pros, cons


def pros_cons(assessment: Assessment) -> list[dict[str, Any]]:
    """PyTorch and TensorFlow head to head; the hybrid against the better single framework."""
    criteria = assessment.criteria or []
    if not criteria:
        return []
    total = _total_weight(criteria)
    result = []
    for option in options.FRAMEWORKS:
        pros, cons = _compare(criteria, option, options.other_framework(option), total)
        result.append({"option": option, "label": option_label(option), "pros": pros,
                       "cons": cons})
    scores = assessment.scores or {}
    single = max(options.FRAMEWORKS, key=lambda o: scores.get(o, 0.0))
    pros, cons = (_compare(criteria, "hybrid", single, total)
                  if any("hybrid" in c.ratings for c in criteria) else ([], []))
    result.append({
        "option": "hybrid", "label": option_label("hybrid"),
        "pros": [*pros, messages.text("hybrid_pro")],
        "cons": [*cons, messages.text("hybrid_con_two"), messages.text("hybrid_con_bridge")],
    })
    return result
