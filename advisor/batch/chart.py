"""The summary chart: how many profiles lean which way, and how confident the advice is.

matplotlib's object API only (no pyplot global state); the SVG is deterministic (fixed hash salt,
no date, text kept as text) and the colours come from the Okabe-Ito palette, which stays
distinguishable with the common colour-vision deficiencies.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from advisor.batch.runner import ProfileResult
from advisor.batch.summary import NOT_SCORED, OPTIONS, recommendation_counts

#: Okabe-Ito colours per outcome; hatches tell them apart in black-and-white print as well.
COLOURS = {"pytorch": "#E69F00", "tensorflow": "#0072B2", "hybrid": "#009E73",
           NOT_SCORED: "#999999", "failed": "#D55E00"}
HATCHES = {"pytorch": "", "tensorflow": "//", "hybrid": "..", NOT_SCORED: "", "failed": "xx"}
LABELS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "hybrid": "Hybrid",
          NOT_SCORED: "Not scored", "failed": "Failed"}
CONFIDENCE_BINS = 10


def confidence_histogram(results: Sequence[ProfileResult]) -> dict[str, list[int]]:
    """Per recommended option, counts of confidence in ten bins of 0.1 (1.0 in the last)."""
    counts = {option: [0] * CONFIDENCE_BINS for option in OPTIONS}
    for result in results:
        if result.ok and result.recommendation in counts and result.confidence is not None:
            slot = min(int(result.confidence * CONFIDENCE_BINS), CONFIDENCE_BINS - 1)
            counts[result.recommendation][slot] += 1
    return counts


def summary_chart_svg(results: Sequence[ProfileResult], machines: Sequence[str]) -> str:
    """Two panels: outcomes per machine, and the confidence distribution; SVG text."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with rc_context({"svg.hashsalt": "advisor-batch", "svg.fonttype": "none", "font.size": 9,
                     "hatch.linewidth": 0.6}):
        figure = Figure(figsize=(8.0, 3.2), layout="constrained")
        FigureCanvasSVG(figure)
        outcomes_axes, confidence_axes = figure.subplots(1, 2)
        _outcomes_panel(outcomes_axes, results, machines)
        _confidence_panel(confidence_axes, results)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    # Inline in HTML: drop the XML prologue and DOCTYPE, keep the <svg> element.
    return svg[svg.index("<svg"):]


def _integer_locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _outcomes_panel(axes: Any, results: Sequence[ProfileResult], machines: Sequence[str]) -> None:
    per_machine = [
        recommendation_counts([r for r in results if r.machine == machine]) for machine in machines
    ]
    outcomes = [o for o in COLOURS if any(c[o] for c in per_machine)] or list(OPTIONS)
    width = 0.8 / len(outcomes)
    for number, outcome in enumerate(outcomes):
        positions = [m + (number - (len(outcomes) - 1) / 2) * width for m in range(len(machines))]
        values = [c[outcome] for c in per_machine]
        bars = axes.bar(positions, values, width, label=LABELS[outcome], color=COLOURS[outcome],
                        hatch=HATCHES[outcome], edgecolor="#333333", linewidth=0.5)
        axes.bar_label(bars, fontsize=7, padding=1)
    axes.set_xticks(range(len(machines)), machines)
    axes.yaxis.set_major_locator(_integer_locator())
    axes.set_ylabel("profiles")
    axes.set_title("Recommendation per machine")
    axes.legend(fontsize=7, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)


def _confidence_panel(axes: Any, results: Sequence[ProfileResult]) -> None:
    histogram = confidence_histogram(results)
    centres = [(i + 0.5) / CONFIDENCE_BINS for i in range(CONFIDENCE_BINS)]
    bottom = [0] * CONFIDENCE_BINS
    for option in OPTIONS:
        counts = histogram[option]
        if not any(counts):
            continue
        axes.bar(centres, counts, 1 / CONFIDENCE_BINS, bottom=bottom, label=LABELS[option],
                 color=COLOURS[option], hatch=HATCHES[option], edgecolor="#333333",
                 linewidth=0.5)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    if not any(bottom):
        axes.text(0.5, 0.5, "no confidence values\n(nothing was scored)", ha="center",
                  va="center", transform=axes.transAxes, color="#555555")
    else:
        axes.legend(fontsize=7, frameon=False, loc="upper left")
    axes.set_xlim(0, 1)
    axes.yaxis.set_major_locator(_integer_locator())
    axes.set_xlabel("confidence (share of perturbed weightings won)")
    axes.set_ylabel("profiles")
    axes.set_title("Confidence distribution")
    axes.spines[["top", "right"]].set_visible(False)
