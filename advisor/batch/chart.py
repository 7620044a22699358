"""The summary chart: how many profiles lean which way, and how confident the advice is.

Built like the report's charts (advisor.report.charts): matplotlib's object API only, the same rc
settings inside `rc_context`, deterministic SVG through `to_svg`, and the report's Okabe-Ito
colours and hatches per framework, so the batch page and the reports read alike (also in
grayscale print and for colour-blind readers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from advisor.batch.results import ProfileResult
from advisor.batch.summary import LABELS, NOT_SCORED, recommendation_counts
from advisor.i18n import SOURCE_LANGUAGE, Language, gettext_for
from advisor.options import OPTIONS
from advisor.report import charts as report_charts

#: The report's colours and hatches per framework, plus two outcomes of our own (LABELS).
COLOURS = {**report_charts.COLOURS, NOT_SCORED: "#999999", "failed": "#D55E00"}
HATCHES = {**report_charts.HATCHES, NOT_SCORED: "", "failed": "--"}
CONFIDENCE_BINS = 10


def confidence_histogram(results: Sequence[ProfileResult]) -> dict[str, list[int]]:
    """Per recommended option, counts of confidence in ten bins of 0.1 (1.0 in the last)."""
    counts = {option: [0] * CONFIDENCE_BINS for option in OPTIONS}
    for result in results:
        if result.ok and result.recommendation in counts and result.confidence is not None:
            slot = min(int(result.confidence * CONFIDENCE_BINS), CONFIDENCE_BINS - 1)
            counts[result.recommendation][slot] += 1
    return counts


def summary_chart_svg(results: Sequence[ProfileResult], machines: Sequence[str],
                      lang: Language = SOURCE_LANGUAGE) -> str:
    """Two panels: outcomes per machine, and the confidence distribution; SVG text in `lang`.

    One legend for both panels, under them: inside a panel it would cover bars.
    """
    per_machine = [recommendation_counts([r for r in results if r.machine == machine])
                   for machine in machines]
    return _summary_chart(per_machine, confidence_histogram(results), list(machines), lang)


@report_charts.memoised
def _summary_chart(per_machine: list[dict[str, int]], histogram: dict[str, list[int]],
                   machines: list[str], lang: Language) -> str:
    """The chart of these counts. The page's HTML and PDF show the same chart: drawn once
    (a chart costs about as much as the rest of the page's HTML)."""
    from matplotlib.figure import Figure

    with report_charts.style(lang):
        figure = Figure(figsize=(8.0, 3.5), layout="constrained")
        outcomes_axes, confidence_axes = figure.subplots(1, 2)
        _ = gettext_for(lang)
        _outcomes_panel(outcomes_axes, per_machine, machines, _)
        _confidence_panel(confidence_axes, histogram, _)
        handles, labels = outcomes_axes.get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", ncol=len(labels),
                      fontsize=8, frameon=False)
        return report_charts.to_svg(figure, "batch-summary")


def _short(name: str, limit: int = 22) -> str:
    """A machine name short enough for a tick label (the tables give it in full)."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _integer_locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _outcomes_panel(axes: Any, per_machine: Sequence[dict[str, int]], machines: Sequence[str],
                    _: Callable[[str], str]) -> None:
    outcomes = [o for o in COLOURS if any(c[o] for c in per_machine)] or list(OPTIONS)
    width = 0.8 / len(outcomes)
    for number, outcome in enumerate(outcomes):
        positions = [m + (number - (len(outcomes) - 1) / 2) * width for m in range(len(machines))]
        values = [c[outcome] for c in per_machine]
        bars = axes.bar(positions, values, width, label=_(LABELS[outcome]), color=COLOURS[outcome],
                        hatch=HATCHES[outcome], edgecolor="#333333", linewidth=0.5)
        axes.bar_label(bars, fontsize=7, padding=1)
    axes.set_xticks(range(len(machines)), [_short(m) for m in machines])
    axes.yaxis.set_major_locator(_integer_locator())
    axes.margins(y=0.12)  # room above the tallest bar for its count
    axes.set_ylabel(_("profiles"))
    axes.set_title(_("Recommendation per machine"))
    axes.spines[["top", "right"]].set_visible(False)


def _confidence_panel(axes: Any, histogram: dict[str, list[int]],
                      _: Callable[[str], str]) -> None:
    centres = [(i + 0.5) / CONFIDENCE_BINS for i in range(CONFIDENCE_BINS)]
    bottom = [0] * CONFIDENCE_BINS
    for option in OPTIONS:
        counts = histogram[option]
        if not any(counts):
            continue
        axes.bar(centres, counts, 1 / CONFIDENCE_BINS, bottom=bottom, label=_(LABELS[option]),
                 color=COLOURS[option], hatch=HATCHES[option], edgecolor="#333333",
                 linewidth=0.5)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    if not any(bottom):
        axes.text(0.5, 0.5, _("no confidence values\n(nothing was scored)"), ha="center",
                  va="center", transform=axes.transAxes, color="#555555")
    axes.set_xlim(0, 1)
    axes.yaxis.set_major_locator(_integer_locator())
    axes.set_xlabel(_("confidence (share of perturbed weightings won)"))
    axes.set_ylabel(_("profiles"))
    axes.set_title(_("Confidence distribution"))
    axes.spines[["top", "right"]].set_visible(False)
