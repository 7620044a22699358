"""Render the report to PDF: the same HTML through WeasyPrint, with the print CSS as strings.

WeasyPrint would otherwise fetch any URL a document names (http, file, redirects). The report
never needs one, so the fetcher allows only data: URIs and files inside templates/, and every
refused URL is recorded (tests assert on it). Presentational hints stay off.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from advisor.errors import ReportError
from advisor.i18n import N_, SOURCE_LANGUAGE, Language, gettext_for
from advisor.paths import templates_dir
from advisor.report.html import PRINT_CSS, SCREEN_CSS, render_html
from advisor.report.paper import PAPER_SIZES, Paper
from advisor.report.templating import read_asset


class RefusedURL(ValueError):
    """A URL the report renderer does not fetch."""


def _fetcher_class() -> Any:
    from weasyprint.urls import URLFetcher

    class TemplateOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Fetch data: URIs and our own template assets; refuse everything else."""

        def __init__(self, root: Path) -> None:
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False,
                             fail_on_errors=False, timeout=1)
            self.root = root.resolve()
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if self.root in path.parents and path.is_file():
                    return super().fetch(path.as_uri(), headers)
            self.refused.append(url)
            raise RefusedURL(f"refused to fetch {url[:200]!r}: only data: URIs and template assets")

    return TemplateOnlyFetcher


def make_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher limited to data: URIs and files inside templates/."""
    return _fetcher_class()(templates_dir())


#: The margin boxes' text (templates/print.css holds the English; other languages override it).
PAGE_NUMBER = N_("Page {page} of {pages}")
RUNNING_TITLE = N_("PyTorch or TensorFlow: decision record")


def _css_content(text: str) -> str:
    """`text` as a CSS `content` value: quoted strings, with {page}/{pages} as page counters."""
    parts = re.split(r"(\{pages?\})", text)
    return " ".join(
        f"counter({part[1:-1]})" if part in ("{page}", "{pages}")
        else '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
        for part in parts if part)


def page_css(paper: Paper, lang: Language = SOURCE_LANGUAGE) -> str:
    """The page size rule for `paper` (A4 or US Letter), and the page numbers in `lang`."""
    if paper not in PAPER_SIZES:
        raise ReportError(f"unknown paper size {paper!r} (allowed: a4, letter)")
    rule = f"@page {{ size: {PAPER_SIZES[paper]}; }}"
    if lang != SOURCE_LANGUAGE:
        page_number = _css_content(gettext_for(lang)(PAGE_NUMBER))
        rule += f" @page {{ @bottom-right {{ content: {page_number}; }} }}"
    return rule


@cache
def font_config() -> Any:
    """One font configuration per process: font discovery is the costly part of a first PDF."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _stylesheets(paper: Paper, lang: Language) -> tuple[Any, ...]:
    """Our stylesheets, parsed once per paper size and language (they reference no URL)."""
    from weasyprint import CSS

    base_url = templates_dir().resolve().as_uri() + "/"
    fetcher = make_url_fetcher()
    return tuple(
        CSS(string=text, base_url=base_url, url_fetcher=fetcher, font_config=font_config())
        for text in (read_asset(SCREEN_CSS), read_asset(PRINT_CSS), page_css(paper, lang),
                     _running_title_css(lang))
    )


def _running_title_css(lang: Language) -> str:
    """The report's running title in `lang` (print.css holds the English)."""
    if lang == SOURCE_LANGUAGE:
        return ""
    title = _css_content(gettext_for(lang)(RUNNING_TITLE))
    return f"@page {{ @top-right {{ content: {title}; }} }}"


def render_pdf(
    context: dict[str, Any], *, paper: Paper = "a4", html: str | None = None,
    url_fetcher: Any = None,
) -> bytes:
    """The report as PDF bytes; `html` may be a body already rendered with inline_css=False."""
    from weasyprint import HTML

    fetcher = url_fetcher or make_url_fetcher()
    if html is None:
        html = render_html(context, inline_css=False, charts_as_images=True)
    base_url = templates_dir().resolve().as_uri() + "/"
    # WeasyPrint logs every refused URL and unsupported CSS as a warning; they are expected here
    # (the print CSS is also read by browsers) and must not reach the user's terminal.
    logger = logging.getLogger("weasyprint")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher,
                        media_type="print")
        data = document.write_pdf(stylesheets=list(_stylesheets(paper, context["lang"])),
                                  presentational_hints=False, font_config=font_config())
    except ReportError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; all mean "no PDF"
        raise ReportError(
            f"the PDF report could not be rendered: {type(exc).__name__}: {exc}") from exc
    finally:
        logger.setLevel(previous)
    if not isinstance(data, bytes):  # pragma: no cover  (write_pdf without target returns bytes)
        raise ReportError("the PDF renderer returned no data")
    return data
