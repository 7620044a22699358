"""Resolve the answers of one run from every source, in one place.

Precedence: `--set id=value` > `--answers FILE` > interactive prompts (only when a terminal is
attached and no answers file was given) > the questionnaire's defaults. The result records where
every answer came from, so the report can say which ones are defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from advisor.errors import AnswersError, MissingAnswersError
from advisor.fileio import load_structured_file
from advisor.questionnaire.model import Question, Questionnaire
from advisor.questionnaire.validation import (
    describe_allowed,
    parse_importance,
    parse_text_answer,
    unknown_id_error,
    validate_answer,
)

AnswerSource = Literal["set", "file", "prompt", "default"]

#: Asks the user interactively: given the questionnaire and the answers already fixed (from
#: --set), returns answers for the questions it asked.
Prompter = Callable[[Questionnaire, Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class ResolvedAnswers:
    """The answers of one run, defaults filled in, with the source of each."""

    values: dict[str, Any]
    sources: dict[str, AnswerSource]
    notes: tuple[str, ...] = field(default=())


def load_answers_file(path: Path, questionnaire: Questionnaire) -> dict[str, Any]:
    """Read an answers file (YAML or JSON mapping) and validate every answer in it."""
    data = load_structured_file(path, error=AnswersError)
    return validate_answer_mapping(data, questionnaire, source=str(path))


def validate_answer_mapping(
    data: Mapping[Any, Any], questionnaire: Questionnaire, *, source: str
) -> dict[str, Any]:
    """Validate a mapping of question id -> typed answer; `source` names it in errors."""
    answers: dict[str, Any] = {}
    for key, value in data.items():
        question = questionnaire.get(key) if isinstance(key, str) else None
        if question is None:
            raise unknown_id_error(str(key), questionnaire, source)
        if value is None:
            # `project_name:` (or `: null`) is a wrong type, said here with the file and the
            # field, not later as a missing answer without either (contract section 4).
            unset = "" if question.required or not question.has_default else (
                "; leave the line out to take the default")
            raise AnswersError(
                f"null is not allowed{unset}", file=source, field=question.id,
                allowed=describe_allowed(question),
            )
        answers[question.id] = validate_answer(question, value, source=source)
    return answers


def parse_set_options(items: Sequence[str], questionnaire: Questionnaire) -> dict[str, Any]:
    """Parse `--set id=value` options (and `--set priorities.criterion=3`) into typed answers."""
    raw: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise AnswersError(
                f"{item!r} is not of the form id=value", file="--set", allowed="id=value"
            )
        head, dot, sub = key.partition(".")
        question = questionnaire.get(head)
        if question is None:
            raise unknown_id_error(head, questionnaire, "--set")
        if dot:
            if question.kind != "priorities":
                raise AnswersError(
                    "only priorities take a dotted key", file="--set", field=key,
                    allowed=f"{head}=value",
                )
            raw.setdefault(head, {})[sub] = parse_importance(text)
        elif question.kind == "priorities":
            raw.setdefault(head, {}).update(parse_text_answer(question, text))
        else:
            raw[head] = parse_text_answer(question, text)
    return validate_answer_mapping(raw, questionnaire, source="--set")


def resolve_answers(
    questionnaire: Questionnaire,
    *,
    file_answers: Mapping[str, Any] | None = None,
    set_answers: Mapping[str, Any] | None = None,
    prompter: Prompter | None = None,
) -> ResolvedAnswers:
    """Combine the sources by precedence, fill in defaults and check required answers."""
    given: dict[str, Any] = {}
    sources: dict[str, AnswerSource] = {}
    for source_name, answers in (("file", file_answers or {}), ("set", set_answers or {})):
        for key, value in answers.items():
            question = questionnaire.get(key)
            if question is not None and question.kind == "priorities":
                merged = dict(given.get(key, {}))
                merged.update(value)
                given[key] = merged
                for criterion in value:
                    sources[f"{key}.{criterion}"] = source_name  # type: ignore[assignment]
            else:
                given[key] = value
                sources[key] = source_name  # type: ignore[assignment]

    if prompter is not None:
        asked = prompter(questionnaire, dict(given))
        asked = validate_answer_mapping(asked, questionnaire, source="prompt")
        for key, value in asked.items():
            question = questionnaire.get(key)
            if question is not None and question.kind == "priorities":
                given[key] = {**given.get(key, {}), **value}
                for criterion in value:
                    sources[f"{key}.{criterion}"] = "prompt"
            else:
                given[key] = value
                sources[key] = "prompt"

    return _fill_defaults(questionnaire, given, sources)


def _fill_defaults(
    questionnaire: Questionnaire, given: dict[str, Any], sources: dict[str, AnswerSource]
) -> ResolvedAnswers:
    values: dict[str, Any] = {}
    final_sources: dict[str, AnswerSource] = {}
    notes: list[str] = []
    missing: list[str] = []
    for question in questionnaire.questions:
        if question.when is not None and not question.when.holds(values):
            if question.id in given:
                notes.append(
                    f"{question.id} was ignored: it applies only when {question.when.describe()}"
                )
            continue
        if question.kind == "priorities":
            values[question.id] = _priorities(question, given.get(question.id, {}))
            for criterion in question.criteria:
                key = f"{question.id}.{criterion.id}"
                final_sources[key] = sources.get(key, "default")
        elif question.id in given:
            values[question.id] = _migrated(question, given[question.id], notes)
            final_sources[question.id] = sources[question.id]
        elif question.has_default and not question.required:
            values[question.id] = question.default_value()
            final_sources[question.id] = "default"
        else:
            missing.append(question.id)
    if missing:
        raise MissingAnswersError(missing)
    return ResolvedAnswers(values=values, sources=final_sources, notes=tuple(notes))


def _migrated(question: Question, value: Any, notes: list[str]) -> Any:
    """The answer with old, replaced choice values read as their replacements, saying so."""
    old = {c.value: c for c in question.choices if c.replaced_by}
    if not old:
        return value
    selected = value if isinstance(value, list) else [value]
    if not any(v in old for v in selected):
        return value
    out: list[str] = []
    for item in selected:
        for new in old[item].replaced_by if item in old else (item,):
            if new not in out:
                out.append(new)
        if item in old:
            notes.append(
                f"{question.id}: {item!r} is an old answer, now split into"
                f" {', '.join(old[item].replaced_by)}; it was read as"
                f" {' and '.join(old[item].replaced_by)}. Answer the one that fits your"
                f" devices (for example --set {question.id}=...) for advice specific to them"
            )
    if isinstance(value, list):
        return [c.value for c in question.choices if c.value in out]
    return out[0]


def _priorities(question: Question, given: Mapping[str, int]) -> dict[str, int]:
    """Every criterion's importance, in questionnaire order, defaults filled in."""
    return {c.id: given.get(c.id, c.default) for c in question.criteria}
