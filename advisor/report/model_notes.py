"""What the decision model says about its own result, as plain data for the templates.

The assessment carries more than the matrix: answers that pull both ways (`recommendation.
answer_pulls`, said in the questionnaire's words by advisor.report.conflict) and where the
published sources disagree, which options a hard constraint excluded (`excluded_options`), where
the rules moved an answered priority (`criteria[].answered_weight` beside `weight`), how old the
decision model's knowledge is (`knowledge`), and which probe evidence was shown but not applied
(`evidence_not_applied`). Each is shown once, in the section it belongs to; the words are in the
templates (`_model_notes.*.j2`), so they are translated there.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from advisor import numerals
from advisor.i18n import SOURCE_LANGUAGE, current_language, format_day
from advisor.models import Assessment, CriterionResult
from advisor.report.conflict import conflict_line
from advisor.report.decision import criterion_label, option_label
from advisor.report.model_texts import translate
from advisor.report.prose import condition_words, default_questionnaire
from advisor.report.scoring_text import scoring_sentence
from advisor.scoring.applicability import OFF_TARGET, OFF_TARGET_WORDING

#: "… [rule customization_high: model_customization is high]" at the end of a weight reason:
#: read only in assessments saved before `criteria[].rule_refs`.
_RULE = re.compile(r"\[rule ([^:\]]+): ([^\]]+)\]\s*$")
#: The criterion whose not-applied evidence page one already explains (the benchmarks).
PAGE_ONE_CRITERION = "performance"
#: The knowledge age limit of assessments that do not record it (the decision model's own).
DEFAULT_MAX_AGE_MONTHS = 12


def conflict_notes(assessment: Assessment) -> dict[str, Any]:
    """Answers that pull hard both ways, and where the published sources disagree."""
    rec = assessment.recommendation
    return {"conflict": conflict_line(assessment),
            "disagreements": [scoring_sentence(d) for d in rec.disagreements] if rec else []}


def excluded_notes(assessment: Assessment) -> list[dict[str, str]]:
    """Each option a failed hard constraint excluded, with that constraint and its reason."""
    described = {c.id: translate(c.description) for c in assessment.constraints or []}
    return [{"option": item.option, "label": option_label(item.option),
             "constraint": described.get(item.constraint, item.constraint),
             "reason": translate(item.reason or "")}
            for item in assessment.excluded_options or []]


def weight_changes(assessment: Assessment) -> list[dict[str, Any]]:
    """Answered priorities the rules moved: the criteria moved for the same conditions together,
    e.g. {criteria: [{label, answered, weight}], why: ["How much will you customise model
    internals? High"]}: a rule's condition in the questionnaire's words where it is an answer."""
    groups: dict[tuple[str, ...], list[dict[str, str]]] = {}
    questionnaire = default_questionnaire(assessment)
    for c in assessment.criteria or []:
        answered = c.answered_weight
        if answered is None or numerals.weight(answered) == numerals.weight(c.weight):
            continue
        why = tuple(dict.fromkeys(
            condition_words(condition, questionnaire) or translate(condition.strip())
            for condition in _weight_conditions(c)))
        groups.setdefault(why, []).append({"label": criterion_label(c),
                                           "answered": numerals.priority(answered),
                                           "weight": numerals.weight(c.weight)})
    return [{"criteria": criteria, "why": list(why)} for why, criteria in groups.items()]


def _weight_conditions(criterion: CriterionResult) -> list[str]:
    """The conditions of the rules that moved the criterion's weight, from its rule references
    (or, in an assessment saved before them, parsed from its weight lines)."""
    if criterion.rule_refs is not None:
        return [ref.condition for ref in criterion.rule_refs if ref.kind == "weight"]
    return [m.group(2) for m in map(_RULE.search, criterion.weight_reasons) if m]


def knowledge_note(assessment: Assessment) -> dict[str, Any] | None:
    """The knowledge date, its age at the assessment and whether it is past the model's limit."""
    knowledge = assessment.knowledge or {}
    as_of = knowledge.get("as_of") or (assessment.decision_model or {}).get("knowledge_as_of")
    if not as_of:
        return None
    age = knowledge.get("age_months")
    limit = knowledge.get("max_age_months") or DEFAULT_MAX_AGE_MONTHS
    if not knowledge:  # an assessment written before the field: the same count of months
        age = _months_between(str(as_of), assessment.created_at)
    day = str(as_of) if current_language() == SOURCE_LANGUAGE else format_day(str(as_of),
                                                                              current_language())
    return {"as_of": day, "age_months": age, "max_age_months": limit,
            "stale": bool(knowledge.get("stale")) if knowledge
            else age is not None and age > limit}


def _months_between(earlier: str, later: str) -> int | None:
    try:
        start, end = date.fromisoformat(earlier[:10]), date.fromisoformat(later[:10])
    except ValueError:
        return None
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def not_applied(assessment: Assessment) -> dict[str, Any]:
    """Evidence shown but not applied to the ratings, one line per criterion and reason.

    `page_one` is the benchmarks' reason, which page one's evidence line gives (None when it is
    only that they ran off the target: page one says that in its own words); `others` are the
    rest (e.g. installed packages, which never move Domain fit), with how many lines each covers.
    """
    page_one: str | None = None
    off_target = False
    grouped: dict[tuple[str, str], int] = {}
    labels = {c.id: criterion_label(c) for c in assessment.criteria or []}
    for item in assessment.evidence_not_applied or []:
        criterion, reason = item.criterion, item.reason or ""
        if criterion == PAGE_ONE_CRITERION and page_one is None:
            page_one = reason
            # Assessments saved before `kind` existed: the off-target line's own wording.
            off_target = item.kind == OFF_TARGET or (
                item.kind is None and reason.startswith(OFF_TARGET_WORDING))
            continue
        if criterion == PAGE_ONE_CRITERION and reason == page_one:
            continue
        key = (criterion, reason)
        grouped[key] = grouped.get(key, 0) + 1
    others = [{"criterion": labels.get(criterion, criterion),
               "reason": scoring_sentence(reason).rstrip(".。"), "count": count}
              for (criterion, reason), count in grouped.items() if reason]
    if off_target:
        page_one = None
    return {"page_one": scoring_sentence(page_one) if page_one else None, "others": others}


def model_notes(assessment: Assessment) -> dict[str, Any]:
    """Everything above, as the report context's `model_notes`."""
    return {
        **conflict_notes(assessment),
        "excluded": excluded_notes(assessment),
        "weight_changes": weight_changes(assessment),
        "knowledge": knowledge_note(assessment),
        "not_applied": not_applied(assessment),
    }
