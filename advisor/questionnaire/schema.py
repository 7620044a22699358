"""JSON Schema of an answers file for a questionnaire (for pipelines and editors)."""

from __future__ import annotations

from typing import Any

from advisor.questionnaire.model import Question, Questionnaire


def answers_json_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) that every valid answers document satisfies."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Answers to the {questionnaire.id!r} questionnaire",
        "type": "object",
        "additionalProperties": False,
        "required": [q.id for q in questionnaire.questions if q.required],
        "properties": {q.id: _question_schema(q) for q in questionnaire.questions},
    }


def _question_schema(question: Question) -> dict[str, Any]:
    schema: dict[str, Any] = {"description": question.prompt}
    if question.kind == "text":
        schema.update(
            type="string", minLength=question.min_length, maxLength=question.max_length
        )
    elif question.kind == "choice":
        schema["enum"] = question.choice_values
    elif question.kind == "multi_choice":
        schema.update(
            type="array",
            items={"enum": question.choice_values},
            uniqueItems=True,
            minItems=question.min_selected,
        )
    else:
        schema.update(
            type="object",
            additionalProperties=False,
            properties={
                c.id: {"type": "integer", "minimum": 1, "maximum": 5, "default": c.default,
                       "description": c.label}
                for c in question.criteria
            },
        )
    if question.has_default:
        schema["default"] = question.default_value()
    return schema
