"""Validate one answer against its question: the single place that decides what is allowed.

Answers arrive typed (from a YAML/JSON file) or as text (from --set, a CSV cell). Typed answers
must already have the right type; text answers are parsed by `parse_text_answer` first.
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any

from advisor.errors import AnswersError
from advisor.questionnaire.model import Question, Questionnaire
from advisor.slug import project_slug


def did_you_mean(word: str, options: list[str]) -> str:
    """A " (did you mean 'x'?)" hint, or an empty string when nothing is close."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown_id_error(question_id: str, questionnaire: Questionnaire, source: str) -> AnswersError:
    """The error for an answer to a question the questionnaire does not have."""
    return AnswersError(
        f"unknown question id{did_you_mean(question_id, questionnaire.ids)}",
        file=source,
        field=str(question_id),
        allowed=", ".join(questionnaire.ids),
    )


def validate_answer(question: Question, value: Any, *, source: str) -> Any:
    """Return the normalised answer, or raise AnswersError naming `source` and the question."""
    if question.kind == "text":
        return _validate_text(question, value, source)
    if question.kind == "choice":
        return _validate_choice(question, value, source)
    if question.kind == "multi_choice":
        return _validate_multi(question, value, source)
    return _validate_priorities(question, value, source)


def _validate_text(question: Question, value: Any, source: str) -> str:
    if not isinstance(value, str):
        raise AnswersError(
            f"expected text, got {_type_name(value)}", file=source, field=question.id,
            allowed=f"text of {question.min_length}-{question.max_length} characters",
        )
    text = value.strip()
    limits = f"{question.min_length}-{question.max_length} characters"
    if len(text) < question.min_length:
        problem = "must not be empty" if not text else "is too short"
        raise AnswersError(problem, file=source, field=question.id, allowed=limits)
    if len(text) > question.max_length:
        raise AnswersError(
            f"is too long ({len(text)} characters)", file=source, field=question.id, allowed=limits
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        raise AnswersError(
            "contains control characters or line breaks",
            file=source,
            field=question.id,
            allowed="one line of printable text",
        )
    if question.id == "project_name":
        project_slug(text, source=source)  # outputs are named after it: it needs a letter or digit
    return text


def _validate_choice(question: Question, value: Any, source: str) -> str:
    allowed = question.choice_values
    if not isinstance(value, str):
        raise AnswersError(
            f"expected one value, got {_type_name(value)}",
            file=source,
            field=question.id,
            allowed=", ".join(allowed),
        )
    if value not in allowed:
        raise AnswersError(
            f"{value!r} is not a choice{did_you_mean(value, allowed)}",
            file=source,
            field=question.id,
            allowed=", ".join(allowed),
        )
    return value


def _validate_multi(question: Question, value: Any, source: str) -> list[str]:
    allowed = question.choice_values
    if isinstance(value, str):
        # A file's types are its own (contract section 1): text where a list belongs is a wrong
        # type, not a list of one. `--set` and CSV cells are text syntaxes and arrive here
        # already split by `parse_text_answer`.
        raise AnswersError(
            f"expected a list, got text {_given(value)}",
            file=source,
            field=question.id,
            allowed=f"a list, e.g. {_list_example(value, allowed)}, of {', '.join(allowed)}",
        )
    if not isinstance(value, list):
        raise AnswersError(
            f"expected a list, got {_type_name(value)}",
            file=source,
            field=question.id,
            allowed=", ".join(allowed),
        )
    chosen: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            shown = item if isinstance(item, str) else _type_name(item)
            hint = did_you_mean(item, allowed) if isinstance(item, str) else ""
            raise AnswersError(
                f"{shown!r} is not a choice{hint}",
                file=source,
                field=question.id,
                allowed=", ".join(allowed),
            )
        if item not in chosen:
            chosen.append(item)
    if len(chosen) < question.min_selected:
        raise AnswersError(
            f"choose at least {question.min_selected}",
            file=source,
            field=question.id,
            allowed=", ".join(allowed),
        )
    # Choice order, not typing order: the same set of answers always compares equal.
    return [v for v in allowed if v in chosen]


def _validate_priorities(question: Question, value: Any, source: str) -> dict[str, int]:
    ids = [c.id for c in question.criteria]
    if not isinstance(value, dict):
        raise AnswersError(
            f"expected a mapping of criterion to importance, got {_type_name(value)}",
            file=source,
            field=question.id,
            allowed=", ".join(ids),
        )
    result: dict[str, int] = {}
    for key, importance in value.items():
        field = f"{question.id}.{key}"
        if key not in ids:
            raise AnswersError(
                f"unknown criterion{did_you_mean(str(key), ids)}",
                file=source,
                field=field,
                allowed=", ".join(ids),
            )
        if isinstance(importance, bool) or not isinstance(importance, int):
            raise AnswersError(
                f"expected a whole number, got {_given(importance)}",
                file=source,
                field=field,
                allowed="1, 2, 3, 4 or 5",
            )
        if not 1 <= importance <= 5:
            raise AnswersError(
                f"importance {importance} is out of range", file=source, field=field,
                allowed="1, 2, 3, 4 or 5",
            )
        result[key] = importance
    return result


def _list_example(text: str, allowed: list[str]) -> str:
    """The list a text answer was probably meant to be: 'vision, nlp_llm' -> [vision, nlp_llm]."""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    chosen = [p for p in parts if p in allowed] or allowed[:1]
    return "[" + ", ".join(chosen) + "]"


def describe_allowed(question: Question) -> str:
    """What a question accepts, in the contract's words (section 1), for error messages."""
    if question.kind == "text":
        return f"free text, {question.min_length}-{question.max_length} characters"
    if question.kind == "choice":
        return "one of " + ", ".join(question.choice_values)
    if question.kind == "multi_choice":
        return "a list of " + ", ".join(question.choice_values)
    return "a mapping of criterion to importance 1-5: " + ", ".join(
        c.id for c in question.criteria
    )


def parse_text_answer(question: Question, text: str) -> Any:
    """Turn a text answer (from --set or a CSV cell) into the typed value `validate_answer` takes.

    Lists are separated by `,` or `;`; priorities are given per criterion (`priorities.x=3`), so a
    text value for a whole priorities question is `x=3;y=5`.
    """
    text = text.strip()
    if question.kind == "multi_choice":
        parts = [p.strip() for p in text.replace(";", ",").split(",")]
        return [p for p in parts if p]
    if question.kind == "priorities":
        mapping: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
            key, sep, number = part.partition("=")
            mapping[key.strip()] = parse_importance(number) if sep else number
        return mapping
    return text


def parse_importance(text: str) -> int | str:
    """'3' -> 3; anything else is returned as text so validation reports it."""
    stripped = text.strip()
    return int(stripped) if stripped.isdigit() else stripped


def _given(value: Any) -> str:
    """A wrong value as the message quotes it: "2.5", "'high'", "true/false", "a list"."""
    if isinstance(value, float) or (isinstance(value, str) and len(value) <= 40):
        return repr(value)
    return _type_name(value)


def _type_name(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list",
             dict: "a mapping", str: "text", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)
