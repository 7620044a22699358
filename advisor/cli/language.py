"""The `--lang` option of the commands that write reports (assess, report, batch)."""

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
