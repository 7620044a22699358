"""Terminal rendering of a questionnaire for `advisor questions`."""

from __future__ import annotations

import io
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from advisor.cli.environment import Environment
from advisor.questionnaire import Question, Questionnaire


def print_questionnaire(env: Environment, questionnaire: Questionnaire) -> None:
    """Print every question with its id, choices, default and help.

    In a terminal rich lays it out for the terminal's width; piped or redirected, it is plain
    text with one line per paragraph and no trailing spaces (for grep, less and diff).
    """
    if not env.stdout_isatty:
        write_plain_questionnaire(questionnaire, env.stdout)
        return
    _print_to(questionnaire, env.console)


def write_plain_questionnaire(questionnaire: Questionnaire, stream: TextIO) -> None:
    """The questionnaire as plain text: no colours, no wrapping, no trailing spaces."""
    buffer = io.StringIO()
    # Wide enough that no paragraph or table row wraps; rich pads table cells, hence the strip.
    _print_to(questionnaire, Console(file=buffer, width=10_000, color_system=None))
    stream.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))


def _print_to(questionnaire: Questionnaire, console: Console) -> None:
    console.print(Text(questionnaire.title, style="bold"))
    if questionnaire.description:
        console.print(questionnaire.description)
    for number, question in enumerate(questionnaire.questions, start=1):
        console.print()
        console.print(_heading(number, question))
        if question.help:
            console.print(Text(question.help, style="dim"))
        if question.when is not None:
            console.print(Text(f"Asked only when {question.when.describe()}.", style="italic"))
        table = _choices_table(question)
        if table is not None:
            console.print(table)
        elif question.kind == "text":
            limits = f"{question.min_length}-{question.max_length} characters"
            console.print(f"Free text, {limits}." + (" Required." if question.required else ""))


def _heading(number: int, question: Question) -> Text:
    text = Text(f"{number}. {question.prompt}  ", style="bold")
    text.append(f"[{question.id}, {question.kind.replace('_', ' ')}]", style="cyan")
    return text


def _choices_table(question: Question) -> Table | None:
    if question.kind == "priorities":
        table = Table("criterion", "default (1-5)", "meaning", box=None, pad_edge=False)
        for criterion in question.criteria:
            table.add_row(criterion.id, str(criterion.default), criterion.description)
        return table
    if not question.choices:
        return None
    default = question.default_value()
    defaults = set(default) if isinstance(default, list) else {default}
    table = Table("value", "", "meaning", box=None, pad_edge=False)
    for choice in question.choices:
        mark = "default" if choice.value in defaults else ""
        if choice.replaced_by:
            mark = "old: read as " + " + ".join(choice.replaced_by)
        table.add_row(choice.value, mark, f"{choice.label}: {choice.description}")
    return table
