"""Render the report context to one self-contained HTML file (CSS and SVG charts inline)."""

from __future__ import annotations

import base64
import html as html_module
import re
from typing import Any

import jinja2
from markupsafe import Markup, escape

from advisor.errors import ReportError
from advisor.i18n import report_language
from advisor.report.templating import html_environment, read_asset

#: The chart's text equivalent (its numbers), which the PDF's image carries as alt text.
_DESC = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)
SCREEN_CSS = "report.css"
PRINT_CSS = "print.css"


def chart_markup(name: str, svg: str | None, *, as_image: bool) -> Markup | None:
    """A chart inline (`<svg>`, for HTML) or as a data: URI image (for WeasyPrint, which lays
    out an image far faster than thousands of inline SVG elements)."""
    if svg is None:
        return None
    if not as_image:
        return Markup(svg)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    desc = _DESC.search(svg)
    alt = html_module.unescape(desc.group(1)) if desc else f"{name} chart"
    return Markup('<img class="chart-image" alt="{}" src="data:image/svg+xml;base64,{}">').format(
        escape(alt), data)


def render_html(
    context: dict[str, Any], *, inline_css: bool = True, charts_as_images: bool = False
) -> str:
    """The report as HTML; without `inline_css` the styles are left to the caller (PDF)."""
    charts = {name: chart_markup(name, svg, as_image=charts_as_images)
              for name, svg in context["charts"].items()}
    try:
        template = html_environment(context["lang"]).get_template("report.html.j2")
        with report_language(context["lang"]):  # the filters' words ("not measured")
            return template.render(
                **{**context, "charts": charts},
                inline_css=inline_css,
                css_screen=read_asset(SCREEN_CSS) if inline_css else "",
                css_print=read_asset(PRINT_CSS) if inline_css else "",
            )
    except (jinja2.TemplateError, OSError) as exc:
        raise ReportError(f"the HTML report could not be rendered: {exc}") from exc
