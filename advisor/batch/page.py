"""The summary page across profiles (``summary.html`` / ``summary.pdf``).

The context is plain data built once from the summary document; the template
(``templates/batch_summary.html.j2``) is rendered by the report's Jinja environment (autoescape,
strict undefined, the report's formatting filters) with the report's screen CSS inline, and the
PDF is the same HTML through WeasyPrint with the report's URL fetcher (data: URIs and our own
template assets only). The chart goes inline as SVG in HTML and as an image in the PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from advisor.batch.chart import LABELS, summary_chart_svg
from advisor.batch.runner import ProfileResult
from advisor.errors import ReportError
from advisor.fileio import atomic_write_bytes
from advisor.outputs import Paper

TEMPLATE = "batch_summary.html.j2"


def page_context(document: dict[str, Any], results: Sequence[ProfileResult]) -> dict[str, Any]:
    """Everything the template shows, as plain data (numbers are formatted by the filters)."""
    machines = [m["machine"] for m in document["machines"]]
    by_profile: dict[int, dict[str, Any]] = {}
    for result in results:
        entry = by_profile.setdefault(result.index, {
            "profile": result.key, "project": result.project or "(none)",
            "source": _source(result), "cells": {},
        })
        entry["cells"][result.machine] = _verdict(result)
    return {
        "created_at": document["created_at"],
        "input": document["input"],
        "totals": document["totals"],
        "outcomes": [
            {"label": LABELS[name], "count": count}
            for name, count in document["totals"]["recommendations"].items()
            if count or name in ("pytorch", "tensorflow", "hybrid")
        ],
        "chart_svg": summary_chart_svg(results, machines),
        "machines": [_machine(m) for m in document["machines"]],
        "machine_names": machines,
        "matrix": [
            {**entry, "cells": [entry["cells"].get(m) for m in machines]}
            for _, entry in sorted(by_profile.items())
        ],
        "failures": [
            {"where": f"{f['source']} row {f['row']}" if f["row"] else f["source"],
             "machine": f["machine"], "error": f["error"]}
            for f in document["failures"]
        ],
        "rows": [_row(r) for r in results],
    }


def _source(result: ProfileResult) -> str:
    name = Path(result.source).name
    return f"{name} row {result.row}" if result.row else name


def _verdict(result: ProfileResult) -> dict[str, Any]:
    return {"status": result.status, "label": LABELS.get(result.recommendation or "", ""),
            "confidence": result.confidence, "close_call": result.close_call}


def _machine(machine: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": machine["machine"],
        "probe_results": machine["probe_results"] or "none (--no-probes)",
        "hardware": machine["hardware"],
        "cost": machine["cost_per_hour"],
        "recommendations": [
            {"label": LABELS[k], "count": v} for k, v in machine["recommendations"].items() if v
        ],
        "benchmarks": [{**b, "per_dollar": _compact(b["units_per_dollar"], b["throughput_unit"])}
                       for b in machine["benchmarks"]],
    }


def _compact(value: float | None, unit: str | None) -> str:
    """Work one dollar buys, compact: 281M samples, 4.9G GFLOP."""
    if value is None:
        return "—"
    amount, prefix = float(value), ""
    for step in ("k", "M", "G", "T"):
        if abs(amount) < 1000:
            break
        amount, prefix = amount / 1000, step
    per = (unit or "").removesuffix("/s")
    return f"{amount:.3g}{prefix} {per}".strip()


def _row(result: ProfileResult) -> dict[str, Any]:
    return {
        "profile": result.key, "project": result.project, "machine": result.machine,
        "source": _source(result), "status": result.status, "error": result.error,
        "recommendation": LABELS.get(result.recommendation or "", ""),
        "confidence": result.confidence, "margin": result.margin,
        "close_call": result.close_call,
        "reports": [{"href": r, "label": _report_label(r)} for r in result.reports],
    }


def _report_label(path: str) -> str:
    """A short link text: the format (html, pdf, json, md) or "answers"."""
    name = path.rsplit("/", 1)[-1]
    return "answers" if name.endswith(".answers.yaml") else name.rsplit(".", 1)[-1]


def render_summary_html(context: dict[str, Any], *, charts_as_images: bool = False) -> str:
    """The summary page as HTML text (self-contained: CSS and chart inline)."""
    import jinja2

    from advisor.report.html import SCREEN_CSS, chart_markup
    from advisor.report.templating import html_environment, read_asset

    chart = chart_markup("batch-summary", context["chart_svg"], as_image=charts_as_images)
    try:
        template = html_environment().get_template(TEMPLATE)
        return template.render(**context, chart=chart, css_screen=read_asset(SCREEN_CSS))
    except (jinja2.TemplateError, OSError) as exc:
        raise ReportError(f"the batch summary page could not be rendered: {exc}") from exc


def render_summary_pdf(context: dict[str, Any], *, paper: Paper = "a4") -> bytes:
    """The same page as PDF through WeasyPrint, fetching nothing but our own assets."""
    import logging

    from weasyprint import CSS, HTML

    from advisor.paths import templates_dir
    from advisor.report.pdf import make_url_fetcher, page_css

    html = render_summary_html(context, charts_as_images=True)  # images lay out far faster
    fetcher = make_url_fetcher()
    base_url = templates_dir().resolve().as_uri() + "/"
    logger = logging.getLogger("weasyprint")
    previous = logger.level
    logger.setLevel(logging.ERROR)  # refused URLs and unsupported CSS are expected, not news
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher, media_type="print")
        pdf = document.write_pdf(stylesheets=[CSS(string=page_css(paper))])
    except ReportError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; all mean "no PDF"
        raise ReportError(f"the batch summary PDF could not be rendered: {exc}") from exc
    finally:
        logger.setLevel(previous)
    if not isinstance(pdf, bytes):  # pragma: no cover
        raise ReportError("the PDF renderer returned no data")
    return pdf


def render_summary_page(document: dict[str, Any], results: Sequence[ProfileResult], *,
                        html: bool, pdf: bool, paper: Paper = "a4"
                        ) -> tuple[dict[str, bytes], list[str]]:
    """The page as file name -> content (nothing written), and why a format failed, if any."""
    if not (html or pdf):
        return {}, []
    context = page_context(document, results)
    renderers: dict[str, tuple[bool, Callable[[], bytes]]] = {
        "summary.html": (html, lambda: render_summary_html(context).encode("utf-8")),
        "summary.pdf": (pdf, lambda: render_summary_pdf(context, paper=paper)),
    }
    pages: dict[str, bytes] = {}
    errors: list[str] = []
    for name, (wanted, render) in renderers.items():
        if not wanted:
            continue
        try:
            pages[name] = render()
        except ReportError as exc:
            errors.append(f"{name}: {exc.message}")
    return pages, errors


def write_summary_page(document: dict[str, Any], results: Sequence[ProfileResult],
                       output_dir: Path, *, html: bool, pdf: bool,
                       paper: Paper = "a4") -> list[Path]:
    """Write summary.html and/or summary.pdf atomically; return their paths."""
    pages, errors = render_summary_page(document, results, html=html, pdf=pdf, paper=paper)
    if errors:
        raise ReportError("; ".join(errors))
    return [atomic_write_bytes(output_dir / name, data) for name, data in pages.items()]
