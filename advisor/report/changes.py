"""What would change the decision, said in the report's language.

Scoring words each change in English (the decision model's `wording`) and keeps the answers it
sets (`set`: "existing_assets=tensorflow", "deployment_targets=cloud_server,mobile",
"priorities.performance=2"). In another language the sentence is said again from those answers,
with the wording of the language's file beside the decision model; where a part cannot be said
(a custom model's question), the English sentence is kept whole.
"""

from __future__ import annotations

from typing import Any

from advisor.i18n import N_, SOURCE_LANGUAGE, _, current_language
from advisor.models.assessment import AnswerChange
from advisor.report import model_texts
from advisor.report.decision import option_label

CHANGE = N_("{conditions}, {option} would be recommended.")
BOTH = N_("{first}, and {second}")
#: A priority moved up or down, and an answer without its own wording.
PRIORITY_MORE = N_("if {criterion} mattered more (priority {level} instead of {now})")
PRIORITY_LESS = N_("if {criterion} mattered less (priority {level} instead of {now})")
OTHER_ANSWER = N_("if {question} were {answer}")
ADDED = N_("if {label} were added")
DROPPED = N_("if {label} were dropped")


def _label(question: str, value: str) -> str:
    return model_texts.choice_label(question, value) or value.replace("_", " ")


def _clause(assignment: str, answers: dict[str, Any]) -> str | None:
    key, _sep, value = assignment.partition("=")
    if "." in key:  # a priority: "priorities.performance=2"
        question, criterion = key.split(".", 1)
        now = (answers.get(question) or {}).get(criterion)
        if not value.isdigit() or not isinstance(now, int):
            return None
        template = PRIORITY_MORE if int(value) > now else PRIORITY_LESS
        return _(template).format(criterion=_label(question, criterion), level=value, now=now)
    current = answers.get(key)
    if isinstance(current, list):
        new = value.split(",")
        added = [v for v in new if v not in current]
        dropped = [v for v in current if v not in new]
        if len(added) + len(dropped) != 1:
            return None
        sign, changed = ("+", added[0]) if added else ("-", dropped[0])
        template = model_texts.wording(key, sign) or _(ADDED if added else DROPPED)
        label = _label(key, changed)
        return template.format(label=label, lower=label)
    said = model_texts.wording(key, value)
    if said:
        return said
    prompt = model_texts.question_prompt(key)
    if prompt is None:
        return None
    return _(OTHER_ANSWER).format(question=prompt.rstrip("?？"), answer=_label(key, value))


def change_text(entry: AnswerChange, answers: dict[str, Any]) -> str:
    """One entry of `what_would_change_it` as a sentence in the report's language."""
    if current_language() == SOURCE_LANGUAGE:
        return entry.text
    clauses = [_clause(assignment, answers) for assignment in entry.set]
    if not clauses or any(clause is None for clause in clauses):
        return model_texts.translate(entry.text)
    conditions = str(clauses[0])
    for clause in clauses[1:]:
        conditions = _(BOTH).format(first=conditions, second=clause)
    return _(CHANGE).format(conditions=conditions, option=option_label(entry.recommendation))
