"""Load and validate questionnaire files; errors name the file, the question and the problem."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from advisor.errors import QuestionnaireError
from advisor.fileio import load_structured_file
from advisor.paths import default_questionnaire_path
from advisor.questionnaire.model import Questionnaire


def load_questionnaire(path: Path) -> Questionnaire:
    """Read and validate the questionnaire at `path`."""
    data = load_structured_file(path, error=QuestionnaireError)
    return questionnaire_from_data(data, source=str(path))


@cache
def load_default_questionnaire() -> Questionnaire:
    """The bundled questionnaire (questionnaires/default.yaml)."""
    return load_questionnaire(default_questionnaire_path())


def questionnaire_from_data(data: dict[str, Any], *, source: str) -> Questionnaire:
    """Validate parsed questionnaire data; `source` names it in errors."""
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, data, source) from None


def _first_error(exc: ValidationError, data: dict[str, Any], source: str) -> QuestionnaireError:
    error = exc.errors()[0]
    loc = list(error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    field = _describe_location(loc, data)
    if error["type"] == "extra_forbidden":
        message = "unknown field"
    elif error["type"] == "missing":
        message = "required field is missing"
    elif error["type"] == "string_pattern_mismatch":
        message = f"{error.get('input')!r} is not a valid id"
        return QuestionnaireError(
            message, file=source, field=field, allowed="lower-case letters, digits and _"
        )
    return QuestionnaireError(message, file=source, field=field or None)


def _describe_location(loc: list[Any], data: dict[str, Any]) -> str:
    """Turn ('questions', 3, 'default') into "question 'stage' (#4): default"."""
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        questions = data.get("questions")
        qid = None
        if isinstance(questions, list) and loc[1] < len(questions):
            item = questions[loc[1]]
            if isinstance(item, dict):
                qid = item.get("id")
        head = f"question {qid!r}" if qid else f"question #{loc[1] + 1}"
        rest = ".".join(str(part) for part in loc[2:])
        return f"{head}: {rest}" if rest else head
    return ".".join(str(part) for part in loc)
