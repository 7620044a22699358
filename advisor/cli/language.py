"""The `--lang` and `--paper` options of the commands that write reports (assess, score, report,
batch): one definition each, so every command reads the same environment variable."""

from __future__ import annotations

from typing import Annotated

import typer

from advisor.i18n import LANG_ENV, LANGUAGES

LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang", metavar="|".join(LANGUAGES), envvar=LANG_ENV,
        help="Language of the reports (HTML, PDF, Markdown, batch summary): en or ja.",
        show_default="en",
    ),
]

PaperOption = Annotated[
    str,
    typer.Option(
        # advisor.report.paper.PAPERS, spelt out: the option is built when the CLI starts.
        "--paper", metavar="a4|letter", envvar="ADVISOR_PAPER", help="PDF paper size.",
    ),
]
