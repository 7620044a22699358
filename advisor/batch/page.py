"""The summary page across profiles (``summary.html`` / ``summary.pdf``).

The context is plain data built once from the summary document; the template
(``templates/batch_summary.html.j2``, autoescaped) holds no logic beyond loops, and the PDF is the
same HTML through WeasyPrint with a URL fetcher that reads nothing from outside (the page is
self-contained: inline CSS and an inline SVG chart).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor.batch.chart import LABELS, summary_chart_svg
from advisor.batch.runner import ProfileResult
from advisor.errors import ReportError
from advisor.fileio import atomic_write_bytes, atomic_write_text

TEMPLATE = "batch_summary.html.j2"


def page_context(document: dict[str, Any], results: Sequence[ProfileResult]) -> dict[str, Any]:
    """Everything the template shows, formatted as text."""
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
            {**entry, "cells": [entry["cells"].get(m, "") for m in machines]}
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


def _verdict(result: ProfileResult) -> str:
    if not result.ok:
        return "failed"
    if result.recommendation is None:
        return "not scored"
    text = f"{LABELS[result.recommendation]} ({_pct(result.confidence)})"
    return text + (" close call" if result.close_call else "")


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def _num(value: float | None, digits: int = 3) -> str:
    return "" if value is None else f"{value:.{digits}g}"


def _machine(machine: dict[str, Any]) -> dict[str, Any]:
    cost = machine["cost_per_hour"]
    return {
        "name": machine["machine"],
        "probe_results": machine["probe_results"] or "none (--no-probes)",
        "hardware": machine["hardware"],
        "cost": "" if cost is None else f"{cost:g} per hour",
        "recommendations": ", ".join(
            f"{LABELS[k]} {v}" for k, v in machine["recommendations"].items() if v
        ) or "none",
        "benchmarks": [
            {
                "workload": b["workload"], "framework": b["framework"], "mode": b["mode"],
                "device": b["device"],
                "median": "" if b["median_s"] is None else f"{b['median_s'] * 1000:.3g} ms",
                "throughput": _num(b["throughput"], 4)
                + (f" {b['throughput_unit']}" if b["throughput_unit"] else ""),
                "per_cost": _num(b["units_per_dollar"], 4),
            }
            for b in machine["benchmarks"]
        ],
    }


def _row(result: ProfileResult) -> dict[str, Any]:
    return {
        "profile": result.key, "project": result.project, "machine": result.machine,
        "source": _source(result), "status": result.status, "error": result.error,
        "recommendation": LABELS.get(result.recommendation or "", ""),
        "confidence": _pct(result.confidence), "margin": _num(result.margin),
        "close_call": "yes" if result.close_call else "",
        "reports": list(result.reports),
    }


def render_summary_html(context: dict[str, Any]) -> str:
    """The summary page as HTML text."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    from advisor.paths import templates_dir

    environment = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template(TEMPLATE).render(**context)


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The page is self-contained; a report must never fetch anything (files or network)."""
    raise ReportError(f"the summary page may not load external resources ({url[:80]})")


def render_summary_pdf(html: str) -> bytes:
    """The same page as PDF (WeasyPrint), reading nothing outside the page itself."""
    from weasyprint import HTML

    pdf = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def write_summary_page(document: dict[str, Any], results: Sequence[ProfileResult],
                       output_dir: Path, *, html: bool, pdf: bool) -> list[Path]:
    """Write summary.html and/or summary.pdf atomically; return their paths."""
    if not (html or pdf):
        return []
    text = render_summary_html(page_context(document, results))
    written = []
    if html:
        written.append(atomic_write_text(output_dir / "summary.html", text))
    if pdf:
        written.append(atomic_write_bytes(output_dir / "summary.pdf", render_summary_pdf(text)))
    return written
