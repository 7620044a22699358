"""The decision parts of the report context: drivers, constraints, matrix, sensitivity, discussion.

Everything here is derived from the scored assessment; when scoring has not run, each part says
so (`scored: False`) and the templates print that plainly.
"""

from __future__ import annotations

import math
from typing import Any

from advisor.models import Assessment, CriterionResult

OPTION_LABELS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "hybrid": "Hybrid"}
NOT_SCORED = (
    "This assessment has not been scored (it was written before scoring ran), so there is no"
    " decision matrix, weight or rating to show."
)
_RIVAL = {"pytorch": "tensorflow", "tensorflow": "pytorch"}


def option_label(option: str) -> str:
    """PyTorch, TensorFlow, Hybrid (or the id itself)."""
    return OPTION_LABELS.get(option, option)


def criterion_label(criterion: CriterionResult) -> str:
    """A criterion's label, or its id made readable."""
    return criterion.label or criterion.id.replace("_", " ").capitalize()


def _total_weight(criteria: list[CriterionResult]) -> float:
    return sum(c.weight for c in criteria) or 1.0


def drivers_context(assessment: Assessment) -> dict[str, Any]:
    """The weights and where each came from, heaviest first."""
    criteria = assessment.criteria or []
    total = _total_weight(criteria)
    priority_source = assessment.answer_sources.get("priorities", "unknown")
    rows = []
    for c in sorted(criteria, key=lambda c: -c.weight):
        if c.importance is not None:
            how = "default" if priority_source == "default" else "answered"
            origin = f"importance {c.importance:g} of 5 ({how})"
        else:
            origin = "added by the decision model" if c.group == "derived" else "decision model"
        rows.append({
            "id": c.id, "label": criterion_label(c), "group": c.group or "", "weight": c.weight,
            "share": c.weight / total, "origin": origin, "reasons": list(c.weight_reasons),
        })
    return {"scored": bool(rows), "missing": None if rows else NOT_SCORED, "rows": rows}


def constraints_context(assessment: Assessment) -> dict[str, Any]:
    """Pass / warn / fail per option for every hard requirement."""
    if assessment.constraints is None:
        return {"checked": False, "options": [], "rows": [],
                "missing": "No hard constraints were checked (the assessment was not scored)."}
    options: list[str] = []
    for constraint in assessment.constraints:
        options.extend(o for o in constraint.status if o not in options)
    rows = [{
        "id": c.id, "description": c.description, "reason": c.reason,
        "status": [c.status.get(o, "n/a") for o in options],
    } for c in assessment.constraints]
    missing = None if rows else "No hard constraint applies to this project's answers."
    return {"checked": True, "options": [option_label(o) for o in options], "rows": rows,
            "missing": missing}


def matrix_context(assessment: Assessment) -> dict[str, Any]:
    """The decision matrix: weight, ratings, weighted contributions and evidence per criterion."""
    criteria = assessment.criteria or []
    if not criteria:
        return {"scored": False, "missing": NOT_SCORED, "rows": [], "options": []}
    options = [o for o in ("pytorch", "tensorflow") if any(o in c.ratings for c in criteria)]
    rows = []
    for c in criteria:
        contributions = c.contributions or {o: c.weight * c.ratings.get(o, 0.0) for o in options}
        rows.append({
            "id": c.id, "label": criterion_label(c), "group": c.group or "", "weight": c.weight,
            "ratings": [c.ratings.get(o) for o in options],
            "base_ratings": [(c.base_ratings or {}).get(o) for o in options],
            "moved": bool(c.base_ratings) and any(
                (c.base_ratings or {}).get(o) != c.ratings.get(o) for o in options),
            "contributions": [contributions.get(o) for o in options],
            "evidence": list(c.evidence), "sources": list(c.rating_sources),
        })
    scores = assessment.scores or {}
    return {
        "scored": True, "missing": None, "rows": rows,
        "options": [option_label(o) for o in options],
        "totals": [scores.get(o) for o in options],
    }


def flip_rows(assessment: Assessment) -> list[dict[str, Any]]:
    """Every criterion's flip point, the ones that can flip the decision first."""
    labels = {c.id: criterion_label(c) for c in assessment.criteria or []}
    weights = {c.id: c.weight for c in assessment.criteria or []}
    flips = list(assessment.sensitivity.flips) if assessment.sensitivity else []
    known = {f.criterion for f in flips}
    flips += [c.flip for c in assessment.criteria or [] if c.flip and c.flip.criterion not in known]
    rows: list[dict[str, Any]] = []
    for f in flips:
        current = weights.get(f.criterion)
        can_flip = f.text.strip().lower() != "never"
        rows.append({
            "criterion": labels.get(f.criterion, f.criterion), "text": f.text if can_flip else
            "no weight in the plausible range flips the decision", "can_flip": can_flip,
            "weight": current, "weight_at_flip": f.weight_at_flip,
            "change": (f.weight_at_flip - current)
            if f.weight_at_flip is not None and current is not None else None,
        })
    rows.sort(key=lambda r: (
        not r["can_flip"], abs(r["change"]) if r["change"] is not None else math.inf))
    return rows


def sensitivity_context(assessment: Assessment) -> dict[str, Any]:
    """How robust the outcome is: the sampled win share and where each criterion flips it."""
    s = assessment.sensitivity
    if s is None:
        return {"analysed": False, "flips": flip_rows(assessment),
                "missing": "No sensitivity analysis was run (the assessment was not scored)."}
    share = sorted(s.win_share.items(), key=lambda kv: -kv[1])
    return {
        "analysed": True, "missing": None, "method": s.method, "samples": s.samples,
        "seed": s.seed,
        "win_share": [{"option": option_label(o), "share": v} for o, v in share],
        "flips": flip_rows(assessment),
    }


def pros_cons(assessment: Assessment) -> list[dict[str, Any]]:
    """Per option: criteria where it rates above (pro) or below (con) the other framework."""
    criteria = assessment.criteria or []
    result = []
    for option in ("pytorch", "tensorflow"):
        rival = _RIVAL[option]
        pros: list[str] = []
        cons: list[str] = []
        for c in sorted(criteria, key=lambda c: -c.weight * abs(
                c.ratings.get(option, 0) - c.ratings.get(rival, 0))):
            mine, theirs = c.ratings.get(option), c.ratings.get(rival)
            if mine is None or theirs is None or mine == theirs:
                continue
            evidence = f"; {c.evidence[0]}" if c.evidence else ""
            line = (f"{criterion_label(c)}: rated {mine:.1f} against {theirs:.1f}"
                    f" (weight {c.weight:.2f}){evidence}")
            (pros if mine > theirs else cons).append(line)
        result.append({"option": option, "label": option_label(option), "pros": pros, "cons": cons})
    if criteria:
        result.append({
            "option": "hybrid", "label": option_label("hybrid"),
            "pros": ["Each side of the project uses the framework that rates higher for it "
                     "(research in PyTorch, deployment through TensorFlow Lite / ONNX)."],
            "cons": ["Two frameworks to know, install and keep up to date.",
                     "The conversion step (the bridge) must be tested for every model: "
                     "unsupported operators and numerical drift are the usual failures."],
        })
    return result
