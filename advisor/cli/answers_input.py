"""Gather the answers of a command from its options, its answers file and (maybe) a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from advisor.cli.environment import Environment
from advisor.questionnaire import (
    Questionnaire,
    ResolvedAnswers,
    load_default_questionnaire,
    load_questionnaire,
    resolve_answers,
)
from advisor.questionnaire.answers import Prompter, load_answers_file, parse_set_options


def resolve_cli_answers(
    env: Environment,
    answers_file: Path | None,
    set_values: Sequence[str],
    questionnaire_file: Path | None,
    *,
    interactive: bool = True,
) -> tuple[Questionnaire, ResolvedAnswers]:
    """Answers by precedence: --set > --answers > prompts (terminal, no answers file) > defaults."""
    if questionnaire_file is not None:
        questionnaire = load_questionnaire(questionnaire_file)
    else:
        questionnaire = load_default_questionnaire()
    file_answers = load_answers_file(answers_file, questionnaire) if answers_file else None
    set_answers = parse_set_options(set_values, questionnaire)
    prompter: Prompter | None = None
    if interactive and answers_file is None and env.stdin_isatty and env.stdout_isatty:
        from advisor.questionnaire.prompting import ask_interactively

        prompter = ask_interactively
    answers = resolve_answers(
        questionnaire, file_answers=file_answers, set_answers=set_answers, prompter=prompter
    )
    return questionnaire, answers
