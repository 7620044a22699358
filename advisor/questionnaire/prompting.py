"""The interactive questionnaire in a terminal (questionary on prompt_toolkit).

Arrow keys pick single and multiple choices, defaults are preselected, the help of each question
is shown above it, and a final summary lets the user confirm or go back and change an answer.
Ctrl-C (or end of input) raises Interrupted, which the CLI maps to exit code 130; nothing has been
written at that point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import questionary
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from advisor.errors import Interrupted
from advisor.questionnaire.model import Question, Questionnaire
from advisor.questionnaire.validation import validate_answer

CONFIRM = "confirm"
CHANGE = "change"
IMPORTANCE_TITLES = {1: "1 - barely matters", 2: "2 - minor", 3: "3 - important",
                     4: "4 - very important", 5: "5 - critical"}


class InteractivePrompter:
    """Asks a questionnaire's questions in a terminal; `input`/`output` are injectable for tests."""

    def __init__(
        self,
        *,
        input: Input | None = None,
        output: Output | None = None,
        echo: Callable[[str], None] | None = None,
    ) -> None:
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output
        self._echo = echo or (lambda text: questionary.print(text))

    def __call__(self, questionnaire: Questionnaire, fixed: Mapping[str, Any]) -> dict[str, Any]:
        """Ask every applicable question not fixed by `fixed`; return the answers given."""
        answers: dict[str, Any] = {}
        self._echo(
            f"{questionnaire.title}\n"
            "Arrow keys move, space selects in a list, Enter accepts (defaults are preselected),"
            " Ctrl-C quits without saving anything.\n"
        )
        self._ask_missing(questionnaire, fixed, answers)
        while True:
            self._echo(summary_text(questionnaire, merged_answers(fixed, answers), fixed))
            if self._run(self._confirm_question()) == CONFIRM:
                break
            changeable = [
                q for q in questionnaire.active_questions(merged_answers(fixed, answers))
                if q.id not in fixed or q.kind == "priorities"
            ]
            target_id = self._run(
                questionary.select(
                    "Which answer do you want to change?",
                    choices=[questionary.Choice(q.prompt, value=q.id) for q in changeable],
                    **self._io,
                )
            )
            target = questionnaire.get(target_id)
            if target is not None:
                answers[target.id] = self._ask(target, answers.get(target.id), fixed)
            self._ask_missing(questionnaire, fixed, answers)
        active = {q.id for q in questionnaire.active_questions(merged_answers(fixed, answers))}
        return {key: value for key, value in answers.items() if key in active}

    def _ask_missing(
        self, questionnaire: Questionnaire, fixed: Mapping[str, Any], answers: dict[str, Any]
    ) -> None:
        """Ask, in order, every applicable question that has no answer yet."""
        for question in questionnaire.questions:
            current = merged_answers(fixed, answers)
            if question.when is not None and not question.when.holds(current):
                continue
            if question.id in answers:
                continue
            if question.id in fixed and question.kind != "priorities":
                continue
            if question.kind == "priorities" and question.id in fixed and all(
                c.id in fixed[question.id] for c in question.criteria
            ):
                continue
            answers[question.id] = self._ask(question, None, fixed)

    def _ask(self, question: Question, previous: Any, fixed: Mapping[str, Any]) -> Any:
        if question.help:
            self._echo(f"  {question.help}")
        if question.kind == "text":
            return self._run(
                questionary.text(
                    question.prompt,
                    default=previous or question.default or "",
                    validate=_text_validator(question),
                    **self._io,
                )
            ).strip()
        if question.kind == "choice":
            return self._run(
                questionary.select(
                    question.prompt,
                    choices=_choices(question),
                    default=previous or question.default_value(),
                    **self._io,
                )
            )
        if question.kind == "multi_choice":
            selected = previous if previous is not None else question.default_value()
            return self._run(
                questionary.checkbox(
                    question.prompt,
                    choices=_choices(question, checked=set(selected or [])),
                    instruction="(arrows to move, space to select, enter to confirm)",
                    **self._io,
                )
            )
        return self._ask_priorities(question, previous, fixed.get(question.id, {}))

    def _ask_priorities(
        self, question: Question, previous: Mapping[str, int] | None, fixed: Mapping[str, int]
    ) -> dict[str, int]:
        self._echo(question.prompt)
        result: dict[str, int] = {}
        for criterion in question.criteria:
            if criterion.id in fixed:
                continue
            current = (previous or {}).get(criterion.id, criterion.default)
            levels = [
                questionary.Choice(IMPORTANCE_TITLES[level], value=level)
                for level in range(5, 0, -1)
            ]
            result[criterion.id] = self._run(
                questionary.select(
                    f"{criterion.label}: {criterion.description}",
                    choices=levels,
                    default=next(c for c in levels if c.value == current),
                    **self._io,
                )
            )
        return result

    def _confirm_question(self) -> questionary.Question:
        return questionary.select(
            "Use these answers?",
            choices=[
                questionary.Choice("Yes, continue", value=CONFIRM),
                questionary.Choice("Change an answer", value=CHANGE),
            ],
            **self._io,
        )

    @staticmethod
    def _run(question: questionary.Question) -> Any:
        try:
            return question.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Interrupted("interrupted: no answers were saved") from None


def ask_interactively(questionnaire: Questionnaire, fixed: Mapping[str, Any]) -> dict[str, Any]:
    """The prompter used by the CLI in a real terminal."""
    return InteractivePrompter()(questionnaire, fixed)


def summary_text(
    questionnaire: Questionnaire, answers: Mapping[str, Any], fixed: Mapping[str, Any]
) -> str:
    """A plain-text summary of the answers for the confirmation step.

    In the words the user just chose from (each question's prompt and its choices' labels), not
    the ids an answers file uses: the user is asked to recognise their answers here.
    """
    lines = ["", "Your answers:"]
    for question in questionnaire.active_questions(dict(answers)):
        value = answers.get(question.id, question.default_value())
        note = "  (from --set)" if question.id in fixed and question.kind != "priorities" else ""
        lines.append(f"  {question.prompt}{note}")
        if isinstance(value, dict):
            labels = {c.id: c.label for c in question.criteria}
            lines.extend(
                f"      {labels.get(key, key)}: {IMPORTANCE_TITLES.get(level, str(level))}"
                for key, level in value.items()
            )
            continue
        lines.append(f"      {_shown(question, value)}")
    return "\n".join(lines) + "\n"


def _shown(question: Question, value: Any) -> str:
    """An answer as the user picked it: choice labels, or the text they typed."""
    labels = {choice.value: choice.label for choice in question.choices}
    if isinstance(value, list):
        return ", ".join(labels.get(item, str(item)) for item in value) or "(none selected)"
    return labels.get(value, str(value)) if isinstance(value, str) else str(value)


def _choices(question: Question, checked: set[str] | None = None) -> list[questionary.Choice]:
    return [
        questionary.Choice(
            choice.label,
            value=choice.value,
            description=choice.description or None,
            checked=checked is not None and choice.value in checked,
        )
        for choice in question.offered_choices
    ]


def _text_validator(question: Question) -> Callable[[str], bool | str]:
    def check(text: str) -> bool | str:
        try:
            validate_answer(question, text, source="prompt")
        except Exception as exc:  # the message tells the user what is allowed
            return str(exc).removeprefix("prompt: ").removeprefix(f"{question.id}: ")
        return True

    return check


def merged_answers(fixed: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Fixed answers overlaid with asked ones; priorities merge per criterion."""
    merged = dict(fixed)
    for key, value in answers.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged
