"""Render the report context as a MADR-style decision record (Markdown), ready for docs/decisions.

The template has autoescape off (HTML escaping would garble Markdown); instead every value passes
through the `md` filter, which escapes HTML and Markdown syntax and folds line breaks, so a value
can neither inject markup nor start a heading, list, link or table row.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2

from advisor.errors import ReportError
from advisor.i18n import report_language
from advisor.report.templating import markdown_environment

_BLANK_RUNS = re.compile(r"\n{3,}")


def render_markdown(context: dict[str, Any]) -> str:
    """The decision record as Markdown text (ends with one newline)."""
    try:
        env = markdown_environment(context["lang"])
        with report_language(context["lang"]):  # the filters' words ("not measured")
            text = env.get_template("decision_record.md.j2").render(**context)
    except jinja2.TemplateError as exc:
        raise ReportError(f"the Markdown decision record could not be rendered: {exc}") from exc
    lines = [line.rstrip() for line in text.splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip() + "\n"
