"""The summary page across profiles (``summary.html`` / ``summary.pdf``).

The context is plain data built once from the summary document; the template
(``templates/batch_summary.html.j2``) is rendered by the report's Jinja environment (autoescape,
strict undefined, the report's formatting filters) with the report's screen CSS and the page's own
(``templates/batch_summary.css``: print rules, running header with the date, "Page x of y") inline,
and the PDF is the same HTML through WeasyPrint with the report's URL fetcher (data: URIs and our
own template assets only). The chart goes inline as SVG in HTML and as an image in the PDF.

The machines are compared side by side: what each recommends, each key workload's fastest median
per framework (and, with --cost, the work one dollar buys there). A machine whose benchmarks were
not sound (summary.json's `benchmark_caveat`) is marked wherever its figures are shown, with one
note that says why, so its figures never win a comparison silently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from contextlib import suppress
from pathlib import Path
from typing import Any

from advisor.batch.machines import NOT_PROBED
from advisor.batch.results import ProfileResult
from advisor.batch.summary import LABELS
from advisor.benchmarking.workloads import default_workloads
from advisor.errors import ReportError
from advisor.gc_policy import fewer_collections
from advisor.i18n import N_, SOURCE_LANGUAGE, Language, format_day, gettext_for
from advisor.options import OPTIONS
from advisor.report.paper import Paper

TEMPLATE = "batch_summary.html.j2"
PAGE_CSS = "batch_summary.css"
#: Why a machine's figures are indicative only, by `benchmark_caveat` kind (translated when shown).
CAVEAT_TEXTS = {
    "machine_busy": N_("the machine was busy during its benchmarks (other processes competed"
                       " for the CPUs)"),
    "unfair_conditions": N_("its frameworks were benchmarked under unfair conditions"),
    "too_noisy": N_("too many of its benchmarks were too noisy to compare"),
}


def _chart(results: Sequence[ProfileResult], machines: list[str], lang: Language) -> str:
    # matplotlib only where the page is drawn (a worker): the batch's own process imports this
    # module to hand the page to its workers, after the last profile, on the batch's clock.
    from advisor.batch.chart import summary_chart_svg

    return summary_chart_svg(results, machines, lang)


def page_context(document: dict[str, Any], results: Sequence[ProfileResult],
                 lang: Language = SOURCE_LANGUAGE) -> dict[str, Any]:
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
        "lang": lang,
        "created_at": document["created_at"],
        "created": _moment(document["created_at"], lang),
        "input": document["input"],
        "totals": document["totals"],
        "outcomes": [
            {"label": LABELS[name], "count": count}
            for name, count in document["totals"]["recommendations"].items()
            if count or name in OPTIONS
        ],
        "chart_svg": _chart(results, machines, lang),
        "machines": [_machine(m, gettext_for(lang)) for m in document["machines"]],
        "machine_names": machines,
        "compare": compare_machines(document["machines"]),
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


def _moment(created_at: str, lang: Language = SOURCE_LANGUAGE) -> str:
    """`2026-01-01T09:30:00+00:00` -> `2026-01-01 09:30 UTC` (`2026年1月1日 09:30 UTC` in
    Japanese; as given when not ISO)."""
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(created_at)
    except ValueError:
        return created_at
    zone = ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
        zone = " UTC"
    return f"{format_day(moment.isoformat(), lang)} {moment.strftime('%H:%M')}{zone}"


def compare_machines(machines: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The machines side by side: recommendations, and per key workload and framework the
    fastest median (any mode or device, named) with the work a dollar buys when priced."""
    fastest: list[dict[tuple[str, str], dict[str, Any]]] = []
    for machine in machines:
        best: dict[tuple[str, str], dict[str, Any]] = {}
        for entry in machine["benchmarks"]:
            key = (entry["workload"], entry["framework"])
            if entry["median_s"] is not None and (
                    key not in best or entry["median_s"] < best[key]["median_s"]):
                best[key] = entry
        fastest.append(best)
    present = {key for best in fastest for key in best}
    order = {w: i for i, w in enumerate(default_workloads())}
    keys = sorted(present, key=lambda k: (order.get(k[0], len(order)), k[0], k[1]))
    return {
        "priced": any(m["cost_per_hour"] is not None for m in machines),
        "recommendations": [
            {"label": LABELS[name], "counts": counts}
            for name in LABELS
            if (counts := [m["recommendations"].get(name, 0) for m in machines])
            and (any(counts) or name in OPTIONS)
        ],
        "benchmarks": [
            {"workload": workload, "framework": LABELS.get(framework, framework),
             "cells": [_fastest_cell(best.get((workload, framework))) for best in fastest]}
            for workload, framework in keys
        ],
        # Whose figures are indicative only (marked in every column of theirs).
        "indicative": [m.get("benchmark_caveat") is not None for m in machines],
    }


def _fastest_cell(entry: dict[str, Any] | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {"median_s": entry["median_s"], "how": f"{entry['mode']}, {entry['device']}",
            "throughput": entry["throughput"], "unit": entry["throughput_unit"],
            "per_dollar": _compact(entry.get("units_per_dollar"), entry["throughput_unit"])
            if entry.get("units_per_dollar") is not None else None}


def _source(result: ProfileResult) -> str:
    name = Path(result.source).name
    return f"{name} row {result.row}" if result.row else name


def _verdict(result: ProfileResult) -> dict[str, Any]:
    return {"status": result.status, "label": LABELS.get(result.recommendation or "", ""),
            "confidence": result.confidence, "close_call": result.close_call}


def _machine(machine: dict[str, Any], _: Callable[[str], str]) -> dict[str, Any]:
    hardware = machine["hardware"]
    caveat = machine.get("benchmark_caveat")  # absent from summaries written before it
    return {
        "name": machine["machine"],
        "probe_results": machine["probe_results"] or _("none (--no-probes)"),
        "hardware": _(NOT_PROBED) if hardware == NOT_PROBED else hardware,
        "cost": machine["cost_per_hour"],
        "caveat": _(CAVEAT_TEXTS[caveat["kind"]]) if caveat and caveat["kind"] in CAVEAT_TEXTS
        else caveat and caveat["reason"],
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
    from markupsafe import Markup

    from advisor.report.html import SCREEN_CSS, chart_markup
    from advisor.report.templating import html_environment, read_asset

    chart = chart_markup("batch-summary", context["chart_svg"], as_image=charts_as_images)
    try:
        template = html_environment(context["lang"]).get_template(TEMPLATE)
        # Our own stylesheets, trusted: autoescaping would turn their quotes into `&#34;`,
        # which a <style> element does not decode (fonts and page numbers were lost).
        return template.render(**context, chart=chart, css_screen=Markup(read_asset(SCREEN_CSS)),
                               css_page=Markup(read_asset(PAGE_CSS)))
    except (jinja2.TemplateError, OSError) as exc:
        raise ReportError(f"the batch summary page could not be rendered: {exc}") from exc


def render_summary_pdf(context: dict[str, Any], *, paper: Paper = "a4") -> bytes:
    """The same page as PDF through WeasyPrint, fetching nothing but our own assets."""
    import logging

    from weasyprint import CSS, HTML

    from advisor.paths import templates_dir
    from advisor.report.pdf import font_config, make_url_fetcher, page_css

    html = render_summary_html(context, charts_as_images=True)  # images lay out far faster
    fetcher = make_url_fetcher()
    base_url = templates_dir().resolve().as_uri() + "/"
    logger = logging.getLogger("weasyprint")
    previous = logger.level
    logger.setLevel(logging.ERROR)  # refused URLs and unsupported CSS are expected, not news
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher, media_type="print")
        # The reports' font configuration: in a worker that rendered them, fonts are found.
        fonts = font_config()
        page = CSS(string=page_css(paper, context["lang"]), font_config=fonts)
        pdf = document.write_pdf(stylesheets=[page], font_config=fonts)
    except ReportError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; all mean "no PDF"
        raise ReportError(f"the batch summary PDF could not be rendered: {exc}") from exc
    finally:
        logger.setLevel(previous)
    if not isinstance(pdf, bytes):  # pragma: no cover
        raise ReportError("the PDF renderer returned no data")
    return pdf


#: The page's files and whether each is wanted, by name.
PAGE_FILES = ("summary.html", "summary.pdf")
#: Runs `render_summary_file(*args)` elsewhere (a warm batch worker) and returns its future.
Submit = Callable[..., "Future[bytes]"]


def render_summary_file(name: str, document: dict[str, Any], results: Sequence[ProfileResult],
                        paper: Paper = "a4", lang: Language = SOURCE_LANGUAGE) -> bytes:
    """One file of the page (`summary.html` or `summary.pdf`) as bytes; raises ReportError."""
    if name not in PAGE_FILES:
        raise ValueError(f"not a summary page file: {name!r}")
    # As for the reports: a worker that rendered many holds a large heap, which every default
    # full collection rescans (the summary PDF took 4.2 s there instead of 1 s).
    with fewer_collections():
        context = page_context(document, results, lang)
        if name == "summary.html":
            return render_summary_html(context).encode("utf-8")
        return render_summary_pdf(context, paper=paper)


def render_summary_page(document: dict[str, Any], results: Sequence[ProfileResult], *,
                        html: bool, pdf: bool, paper: Paper = "a4",
                        lang: Language = SOURCE_LANGUAGE, submit: Submit | None = None
                        ) -> tuple[dict[str, bytes], list[str]]:
    """The page as file name -> content (nothing written), and why a format failed, if any.

    With `submit`, each file renders in a worker, the files at the same time; a worker that
    cannot (its pool broke, the data could not be sent) leaves the file to this process.
    """
    wanted = [name for name, on in zip(PAGE_FILES, (html, pdf), strict=True) if on]
    futures: dict[str, Future[bytes]] = {}
    if submit is not None:
        for name in wanted:
            with suppress(Exception):  # a broken pool: the file is rendered here instead
                futures[name] = submit(render_summary_file, name, document, results, paper,
                                       lang)
    pages: dict[str, bytes] = {}
    errors: list[str] = []
    for name in wanted:
        try:
            data = _worker_result(futures[name]) if name in futures else None
            pages[name] = data if data is not None else render_summary_file(
                name, document, results, paper, lang)
        except ReportError as exc:
            errors.append(f"{name}: {exc.message}")
    return pages, errors


def _worker_result(future: Future[bytes]) -> bytes | None:
    """The worker's file; None when the worker failed for a reason other than the page."""
    try:
        return future.result()
    except ReportError:
        raise
    except Exception:  # BrokenProcessPool, pickling: the page itself is fine
        return None

