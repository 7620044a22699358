"""`advisor score ASSESSMENT.json`: score a saved assessment again, without probing.

`--set` changes answers first (validated like `advisor assess --set`), so a reviewer can ask
"what if performance mattered less?" and get a full, re-explained assessment back.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.cli.app import app
from advisor.cli.language import LangOption, PaperOption

if TYPE_CHECKING:
    from advisor.outputs import OutputFormat


@app.command()
def score(
    assessment_file: Annotated[
        Path, typer.Argument(metavar="ASSESSMENT.json", help="A saved assessment (json format).")
    ],
    set_values: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="ID=VALUE",
            help="Change one answer before scoring (lists: a,b; priorities.x=4).",
        ),
    ] = None,
    questionnaire_file: Annotated[
        Path | None,
        typer.Option(
            "--questionnaire", metavar="FILE",
            help="The custom questionnaire the assessment was made with.",
        ),
    ] = None,
    decision_model: Annotated[
        Path | None,
        typer.Option(
            "--decision-model", metavar="FILE", help="Score with a custom decision model."
        ),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="Output formats, repeated or comma-separated."
        ),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="DIR", envvar="ADVISOR_OUTPUT",
                           help="Output folder.")
    ] = Path("reports"),
    lang: LangOption = None,
    paper: PaperOption = "a4",
) -> int:
    """Score a saved assessment again (optionally with changed answers); no probing."""
    from advisor.assessment_io import load_assessment
    from advisor.cli.environment import current
    from advisor.cli.outcome import print_outcome
    from advisor.i18n import parse_language
    from advisor.outputs import DEFAULT_FORMATS, parse_formats
    from advisor.pipeline import rescore, write_assessment
    from advisor.questionnaire import load_default_questionnaire, load_questionnaire
    from advisor.report.paper import parse_paper
    from advisor.scoring.answers_update import updated_answers

    chosen_formats = parse_formats(formats) if formats else list(DEFAULT_FORMATS)
    language, paper_size = parse_language(lang), parse_paper(paper)
    assessment = load_assessment(assessment_file)
    if questionnaire_file is not None:
        questionnaire = load_questionnaire(questionnaire_file)
    else:
        questionnaire = load_default_questionnaire()
    # Saved answers are validated again even without --set: the file may have been edited.
    assessment = updated_answers(
        assessment, questionnaire, set_values or [], source=assessment_file
    )
    refuse_overwriting_input(assessment_file, output, chosen_formats,
                             str(assessment.answers.get("project_name", "")))
    scored = rescore(assessment, decision_model_path=decision_model, questionnaire=questionnaire)
    return print_outcome(current(), scored,
                         lambda: write_assessment(scored, chosen_formats, output,
                                                  paper=paper_size, lang=language))


def refuse_overwriting_input(
    assessment_file: Path, output: Path, formats: Sequence[OutputFormat], project_name: str
) -> None:
    """Exit 2, before anything is written, when an output would replace the file being read.

    The rescored JSON would overwrite the only record of the old decision, and outputs of the
    old run left beside it (an HTML the JSON no longer matches) would look current.
    """
    from advisor.errors import InputError
    from advisor.outputs import answers_path
    from advisor.slug import project_slug

    slug = project_slug(project_name, source=str(assessment_file))
    targets = [output / f"{slug}.{fmt.extension}" for fmt in formats]
    targets.append(answers_path(output, slug))
    for target in targets:
        if _same_file(target, assessment_file):
            raise InputError(
                f"score would overwrite the assessment it reads ({target});"
                " choose another --output folder, e.g. --output reports/rescored",
                file=assessment_file,
                field="--output",
                allowed="a folder other than the assessment's own",
            )


def _same_file(target: Path, source: Path) -> bool:
    """Whether writing `target` would replace `source` (the same path, a link or a hard link)."""
    try:
        if target.exists() and os.path.samefile(target, source):
            return True
    except OSError:
        pass
    return target.resolve() == source.resolve()
