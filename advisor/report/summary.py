"""Page one: the decision and runner-up, three reasons, the evidence quality, the top risk, what
would change the decision, and the confidence with what it means, all in plain language.
"""

from __future__ import annotations

from typing import Any

from advisor.i18n import _
from advisor.models import Assessment
from advisor.report import messages
from advisor.report.changes import change_text
from advisor.report.decision import option_label
from advisor.report.reasons import decision_reasons, hybrid_leads

#: How many `what_would_change_it` entries page one shows (the rest are counted).
CHANGES_SHOWN = 3


def converter_name(answers: dict[str, Any]) -> str:
    """The converter a hybrid's bridge would use for these deployment targets."""
    targets = answers.get("deployment_targets")
    for target in targets if isinstance(targets, list) else []:
        if target in messages.CONVERTERS:
            return _(messages.CONVERTERS[str(target)])
    return _(messages.CONVERTERS["default"])


def badge_of(assessment: Assessment) -> str:
    """robust | sensitive | close_call, as scoring set it or from the documented thresholds."""
    rec = assessment.recommendation
    if rec is None:
        return "close_call"
    if rec.badge:
        return rec.badge
    if rec.close_call or rec.confidence < 0.6:
        return "close_call"
    return "robust" if rec.confidence >= 0.8 else "sensitive"


def runner_up_of(assessment: Assessment) -> str | None:
    """The runner-up as scoring named it; older assessments name none, so the best-scoring
    other option is the one to beat."""
    rec = assessment.recommendation
    if rec is None:
        return None
    if rec.runner_up:
        return rec.runner_up
    scores = assessment.scores or {}
    others = [o for o in scores if o != rec.framework and o not in rec.excluded]
    return max(others, key=lambda o: scores[o], default=None)


def _headline(assessment: Assessment) -> str:
    rec = assessment.recommendation
    assert rec is not None
    if rec.tie:  # a tie names no winner and gives no "because"
        return messages.text("headline_tie", chosen=option_label(rec.framework),
                             runner_up=option_label(runner_up_of(assessment) or ""))
    if rec.framework == "hybrid":
        research, deployment = hybrid_leads(assessment)
        return messages.text("headline_hybrid", research=option_label(research),
                             deployment=option_label(deployment))
    return messages.text("headline", chosen=option_label(rec.framework))


def _confidence(assessment: Assessment) -> dict[str, Any]:
    rec = assessment.recommendation
    assert rec is not None
    badge = badge_of(assessment)
    label, short = messages.BADGES.get(badge, (badge, ""))
    label, short = _(label), _(short) if short else short
    s = assessment.sensitivity
    meaning = (messages.text("confidence_meaning", samples=f"{s.samples:,}",
                             chosen=option_label(rec.framework), share=f"{rec.confidence:.0%}")
               if s is not None else messages.text("confidence_unknown"))
    return {"badge": badge, "label": label, "short": short, "share": rec.confidence,
            "meaning": meaning}


def _changes(assessment: Assessment) -> dict[str, Any]:
    rec = assessment.recommendation
    entries = list(rec.what_would_change_it) if rec else []
    shown = [{"text": change_text(e, assessment.answers),
              "set": " ".join(f"--set {s}" for s in e.set),
              "recommendation": option_label(e.recommendation)}
             for e in entries[:CHANGES_SHOWN]]
    more = len(entries) - len(shown)
    return {"shown": shown, "none": messages.text("changes_none") if not entries else None,
            "more": messages.text("changes_more", count=more) if more > 0 else None}


def summary_context(assessment: Assessment, evidence_quality: str,
                    risks: list[dict[str, str]]) -> dict[str, Any]:
    """Everything page one shows; `scored` False when there is no recommendation yet."""
    rec = assessment.recommendation
    if rec is None:
        return {"scored": False,
                "headline": _("No decision yet: this assessment has not been scored."),
                "evidence_quality": evidence_quality}
    scores = assessment.scores or {}
    runner = runner_up_of(assessment)
    if runner and runner in scores and rec.framework in scores:
        runner_line = messages.text(
            "runner_up", runner_up=option_label(runner), runner_score=f"{scores[runner]:.2f}",
            score=f"{scores[rec.framework]:.2f}", margin=f"{rec.margin:.2f}")
    else:
        runner_line = messages.text("no_runner_up")
    return {
        "scored": True,
        "framework": rec.framework,
        "label": option_label(rec.framework),
        "headline": _headline(assessment),
        "tie": rec.tie,
        "runner_up": option_label(runner) if runner else None,
        "runner_up_line": runner_line,
        "reasons": decision_reasons(assessment, converter_name(assessment.answers)),
        "evidence_quality": evidence_quality,
        "top_risk": risks[0] if risks else None,
        "changes": _changes(assessment),
        "confidence": _confidence(assessment),
        "scores": [{"option": option_label(o), "score": v} for o, v in scores.items()],
    }
