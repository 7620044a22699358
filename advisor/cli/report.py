"""`advisor report ASSESSMENT.json`: render a saved assessment again, without probing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.app import app
from advisor.cli.language import LangOption, PaperOption

FORMAT_HELP = "Formats to render (html, pdf, json, md), repeated or comma-separated."


@app.command()
def report(
    assessment_file: Annotated[
        Path, typer.Argument(metavar="ASSESSMENT.json", help="A saved assessment (json output).")
    ],
    formats: Annotated[
        list[str] | None,
        typer.Option("--format", "-f", metavar="FORMAT", help=FORMAT_HELP),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="DIR", envvar="ADVISOR_OUTPUT",
                           help="Output folder.")
    ] = Path("reports"),
    paper: PaperOption = "a4",
    lang: LangOption = None,
) -> int:
    """Render the report of a saved assessment again (no probing, no scoring)."""
    from advisor.assessment_io import load_assessment
    from advisor.cli.environment import current
    from advisor.cli.outcome import print_outcome
    from advisor.i18n import parse_language
    from advisor.outputs import DEFAULT_FORMATS, OutputFormat, parse_formats, write_outputs
    from advisor.report.paper import parse_paper
    from advisor.slug import project_slug

    paper_size = parse_paper(paper)
    language = parse_language(lang)
    chosen = parse_formats(formats) if formats else list(DEFAULT_FORMATS)
    assessment = load_assessment(assessment_file)
    name = str(assessment.answers.get("project_name", ""))
    slug = project_slug(name, source=str(assessment_file))
    # Never overwrite the assessment being read with its own re-serialisation.
    if OutputFormat.JSON in chosen and (output / f"{slug}.json").resolve() == (
        assessment_file.resolve()
    ):
        chosen.remove(OutputFormat.JSON)
    return print_outcome(
        current(), assessment,
        lambda: write_outputs(
            assessment, chosen, output, slug,
            paper=paper_size,
            lang=language, write_answers=False, assessment_path=assessment_file,
        ),
    )
