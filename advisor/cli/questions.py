"""`advisor questions`: show the questionnaire, check a custom one, or print it as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.app import app
from advisor.cli.environment import current
from advisor.exit_status import ExitStatus


@app.command()
def questions(
    validate: Annotated[
        Path | None,
        typer.Option("--validate", metavar="FILE", help="Check a custom questionnaire file."),
    ] = None,
    questionnaire_file: Annotated[
        Path | None,
        typer.Option("--questionnaire", metavar="FILE", help="Show this questionnaire instead."),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the questionnaire and a JSON Schema of its answers."),
    ] = False,
) -> int:
    """Show the questionnaire (questions, choices, defaults, help)."""
    from advisor.questionnaire import load_default_questionnaire, load_questionnaire
    from advisor.questionnaire.schema import answers_json_schema

    env = current()
    path = validate or questionnaire_file
    questionnaire = load_questionnaire(path) if path else load_default_questionnaire()
    if validate is not None and not as_json:
        env.print(f"{validate}: valid questionnaire with {len(questionnaire.questions)} questions")
        return ExitStatus.OK
    if as_json:
        document = {
            "questionnaire": questionnaire.model_dump(mode="json"),
            "answers_schema": answers_json_schema(questionnaire),
        }
        env.print(json.dumps(document, indent=2, ensure_ascii=False))
        return ExitStatus.OK
    from advisor.cli.show_questionnaire import print_questionnaire

    print_questionnaire(env, questionnaire)
    return ExitStatus.OK
