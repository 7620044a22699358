"""Page one: the decision and runner-up, three reasons, the evidence quality, the top risk, what
would change the decision, and the confidence with what it means, all in plain language.
"""

from __future__ import annotations

from typing import Any

from advisor.i18n import _
from advisor.models import Assessment
from advisor.numerals import score
from advisor.report import messages
from advisor.report.changes import change_text
from advisor.report.decision import option_label
from advisor.report.model_notes import excluded_notes
from advisor.report.reasons import decision_reasons, hybrid_leads, reasons_against

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
    """The runner-up as scoring named it (None when the hard constraints left no other option
    that could be recommended); older assessments name none, so the best-scoring other option
    that is not excluded is the one to beat."""
    rec = assessment.recommendation
    if rec is None:
        return None
    if rec.runner_up or rec.reasons_against:  # reasons_against: written by this version
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


def _excluded_lines(assessment: Assessment) -> list[str]:
    """One short line per option a hard constraint excluded, naming the constraint: a reader
    must not take an excluded option for a close second."""
    lines: dict[str, list[str]] = {}
    for note in excluded_notes(assessment):
        lines.setdefault(note["label"], []).append(note["constraint"].rstrip(".。"))
    return [messages.text("excluded_by", option=label, constraint=_("; ").join(constraints))
            for label, constraints in lines.items()]


def _wins_more(assessment: Assessment) -> str | None:
    """When another option comes first in more of the perturbed variations than the
    recommendation does, that option and both shares; page one says it beside the runner-up.

    The runner-up stays the second best at the team's own weights: the margin is measured
    against it, and the variations are a test of how firm that answer is, not a second vote."""
    rec, sensitivity = assessment.recommendation, assessment.sensitivity
    if rec is None or sensitivity is None or rec.tie:
        return None
    shares = {o: v for o, v in sensitivity.win_share.items()
              if o != rec.framework and o not in rec.excluded}
    leader = max(shares, key=lambda o: shares[o], default=None)
    if leader is None or shares[leader] <= rec.confidence:
        return None
    return messages.text("wins_more", leader=option_label(leader),
                         leader_share=f"{shares[leader]:.0%}", chosen=option_label(rec.framework),
                         share=f"{rec.confidence:.0%}")


def _why(assessment: Assessment, key: str = "why_against") -> str | None:
    """The heading of the reasons, naming the option they are measured against (None: the
    template's own plain heading, as for a hybrid, whose reasons are its two sides)."""
    rec = assessment.recommendation
    rival = reasons_against(assessment)
    if rec is None or rec.framework == "hybrid" or rival is None:
        return None
    key += "_excluded" if rival in rec.excluded else ""
    return messages.text(key, chosen=option_label(rec.framework), rival=option_label(rival))


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


def _lifting(text: str, option: str, excluded: list[str]) -> str:
    """A change that recommends an excluded option (or a hybrid, which needs both frameworks)
    works only because it lifts that option's hard constraint: say so, or it reads as a nudge."""
    lifted = [o for o in excluded if option in (o, "hybrid")]
    if not lifted:
        return text
    return messages.text("change_lifts", change=text.rstrip(".。"),
                         options=", ".join(option_label(o) for o in lifted))


def _changes(assessment: Assessment) -> dict[str, Any]:
    rec = assessment.recommendation
    entries = list(rec.what_would_change_it) if rec else []
    excluded = rec.excluded if rec else []
    shown = [{"text": _lifting(change_text(e, assessment.answers), e.recommendation, excluded),
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
            "runner_up", runner_up=option_label(runner), runner_score=score(scores[runner]),
            score=score(scores[rec.framework]), margin=score(rec.margin))
    elif rec.excluded:
        runner_line = messages.text("no_eligible_runner_up")
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
        "excluded_lines": _excluded_lines(assessment),
        "wins_more": _wins_more(assessment),
        "why": _why(assessment) or _("Why"),
        "because": _why(assessment, "because_against"),
        "reasons": decision_reasons(assessment, converter_name(assessment.answers)),
        "evidence_quality": evidence_quality,
        "top_risk": risks[0] if risks else None,
        "changes": _changes(assessment),
        "confidence": _confidence(assessment),
        "scores": [{"option": option_label(o), "score": v} for o, v in scores.items()],
    }
