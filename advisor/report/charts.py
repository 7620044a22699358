"""Charts as SVG text: matplotlib's object API only (no pyplot global state), deterministic output.

Colours are Okabe-Ito (safe for colour-blind readers); every series also differs by hatching or
marker and by lightness, so the charts still read in grayscale print. Text is never parsed as
math and stays SVG text (escaped by matplotlib); ids are prefixed per chart so several SVGs can
live inline in one HTML page.
"""

from __future__ import annotations

import functools
import io
import json
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator

from advisor.i18n import N_
from advisor.models import Assessment
from advisor.report.filters import seconds

#: The font that draws Japanese (Debian's fonts-noto-cjk, which scripts/setup.sh installs).
CJK_FONT = "Noto Sans CJK JP"
#: Okabe-Ito: orange (light in grayscale) and blue (dark) for the two frameworks.
COLOURS = {"pytorch": "#E69F00", "tensorflow": "#0072B2", "hybrid": "#009E73"}
HATCHES = {"pytorch": "//", "tensorflow": "", "hybrid": "xx"}
MARKERS = {"pytorch": "o", "tensorflow": "s", "hybrid": "^"}
LABELS = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "hybrid": N_("Hybrid")}
CYCLE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
#: Line hatches only: dotted and circled hatches bloat the SVG tenfold.
CYCLE_HATCHES = ["", "//", "xx", "\\\\", "--", "||", "++", "/|", "-\\"]
RC = {
    "svg.hashsalt": "advisor",
    "svg.fonttype": "none",
    "svg.image_inline": True,
    "text.parse_math": False,
    "font.family": "sans-serif",
    # Matplotlib falls back along this list glyph by glyph: the CJK font draws Japanese.
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", CJK_FONT],
    "font.size": 9,
    "hatch.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_MAX_LABEL = 28
#: Charts kept per chart function and process: a batch draws the same benchmark chart (same probe
#: report) for every profile; the SVG is deterministic, so a cached one is byte-identical.
_CACHE_SIZE = 16
_Chart = TypeVar("_Chart", bound=Callable[..., str | None])


def _memoised(draw: _Chart) -> _Chart:
    """Reuse the SVG drawn for the same (JSON-equal) arguments instead of drawing it again."""
    cache: dict[str, str | None] = {}

    @functools.wraps(draw)
    def cached(*args: Any) -> str | None:
        key = json.dumps(args, sort_keys=True, default=repr)
        if key not in cache:
            if len(cache) >= _CACHE_SIZE:
                cache.pop(next(iter(cache)))
            cache[key] = draw(*args)
        return cache[key]

    return cast(_Chart, cached)


@functools.cache
def register_cjk_font() -> bool:
    """Make matplotlib know the CJK font; return whether it does.

    Matplotlib reads its font list from a cache made the first time it ran: a font installed
    later (fonts-noto-cjk after a first English report) is missing from it and Japanese chart
    text would lose its glyphs. Only Japanese charts call this, once per process.
    """
    from matplotlib import font_manager

    def known() -> bool:
        return any(entry.name == CJK_FONT for entry in font_manager.fontManager.ttflist)

    if not known():
        for path in font_manager.findSystemFonts():
            if "NotoSansCJK" in path.rsplit("/", 1)[-1]:
                font_manager.fontManager.addfont(path)
    return known()


def _style() -> Any:
    """Our rc settings, applied only inside the `with` block (no global state is changed)."""
    return rc_context(cast(Any, RC))


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"


def to_svg(fig: Figure, name: str) -> str:
    """The figure as inline SVG: no XML prolog, no metadata, ids prefixed with `name`."""
    FigureCanvasSVG(fig)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\bid="', f'id="{name}-', svg)
    svg = re.sub(r"url\(#", f"url(#{name}-", svg)
    svg = re.sub(r'href="#', f'href="#{name}-', svg)
    return svg.replace("<svg ", f'<svg role="img" aria-labelledby="{name}-title" ', 1).replace(
        ">", f'><title id="{name}-title">{name.replace("-", " ")} chart</title>', 1)


@_memoised
def radar_chart(criteria: list[tuple[str, dict[str, float]]]) -> str | None:
    """Per-criterion ratings of both frameworks on a polar grid."""
    if len(criteria) < 3:
        return None
    with _style():
        fig = Figure(figsize=(6.4, 5.0))
        ax: Any = fig.add_subplot(projection="polar")  # a PolarAxes; the stubs say Axes
        angles = [2 * math.pi * i / len(criteria) for i in range(len(criteria))]
        top = max([5.0, *(v for _, r in criteria for v in r.values())])
        styles = {"pytorch": "--", "tensorflow": "-", "hybrid": ":"}
        for option in ("pytorch", "tensorflow", "hybrid"):
            if not all(option in r for _, r in criteria):
                continue
            values = [r[option] for _, r in criteria]
            ax.plot([*angles, angles[0]], [*values, values[0]], color=COLOURS[option],
                    marker=MARKERS[option], linewidth=2, linestyle=styles[option],
                    label=LABELS[option])
            if option != "hybrid":
                ax.fill([*angles, angles[0]], [*values, values[0]], color=COLOURS[option],
                        alpha=0.12)
        ax.set_xticks(angles, [_short(label) for label, _ in criteria])
        ax.tick_params(axis="x", pad=6, labelsize=8)
        for angle, label in zip(angles, ax.get_xticklabels(), strict=False):
            # Anchor each label on the side away from the circle so none overlaps it.
            x = math.cos(angle)
            label.set_horizontalalignment("left" if x > 0.2 else "right" if x < -0.2 else "center")
        ax.set_ylim(0, top)
        ax.set_yticks(range(1, int(top) + 1))
        # Scale numbers between two spokes, where no line or label sits.
        ax.set_rlabel_position(math.degrees(angles[1]) / 2 if len(angles) > 1 else 0)
        ax.tick_params(axis="y", labelsize=7, colors="#555555")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, frameon=False)
        fig.subplots_adjust(left=0.2, right=0.8, top=0.9, bottom=0.16)
        return to_svg(fig, "radar")


@_memoised
def contributions_chart(rows: list[tuple[str, dict[str, float]]], options: list[str]) -> str | None:
    """Stacked bars: each framework's weighted score split into its criteria's contributions."""
    if not rows:
        return None
    with _style():
        fig = Figure(figsize=(6.4, 2.6 + 0.4 * len(options)))
        ax = fig.add_subplot()
        left = [0.0] * len(options)
        for i, (label, contributions) in enumerate(rows):
            values = [max(contributions.get(o, 0.0), 0.0) for o in options]
            ax.barh([LABELS.get(o, o) for o in options], values, left=left,
                    color=CYCLE[i % len(CYCLE)], hatch=CYCLE_HATCHES[i % len(CYCLE_HATCHES)],
                    edgecolor="white", linewidth=0.8, label=_short(label))
            left = [a + b for a, b in zip(left, values, strict=True)]
        for y, total in enumerate(left):
            ax.text(total, y, f"  {total:.2f}", va="center", fontweight="bold")
        ax.set_xlim(0, max(left) * 1.15 if max(left) > 0 else 1)
        ax.invert_yaxis()
        ax.set_xlabel("weighted score (1–5): each segment is one criterion's contribution")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False,
                  fontsize=7.5)
        rows_of_legend = math.ceil(len(rows) / 3)
        height = fig.get_figheight()
        # Room under the axes for the x label and the legend, whatever the figure's height.
        fig.subplots_adjust(left=0.16, right=0.97, top=0.97,
                            bottom=min(0.6, (0.55 + 0.17 * rows_of_legend) / height))
        return to_svg(fig, "contributions")


def _spread(cell: dict[str, Any]) -> tuple[float, float]:
    samples = sorted(cell["samples"])
    median = float(cell["median_s"])
    if len(samples) >= 4:
        q1 = samples[len(samples) // 4]
        q3 = samples[(3 * len(samples)) // 4]
        return max(median - q1, 0.0), max(q3 - median, 0.0)
    half = float(cell["iqr_s"] or 0.0) / 2
    return half, half


@_memoised
def benchmark_chart(rows: list[dict[str, Any]]) -> str | None:
    """Median time per workload and mode for both frameworks, with IQR error bars."""
    groups = [r for r in rows if any(c and c["median_s"] for c in r["cells"].values())]
    if not groups:
        return None
    medians = [c["median_s"] for r in groups for c in r["cells"].values() if c and c["median_s"]]
    log = max(medians) / min(medians) > 10
    with _style():
        fig = Figure(figsize=(6.6, 3.6))
        ax = fig.add_subplot()
        width = 0.38
        for k, option in enumerate(("pytorch", "tensorflow")):
            xs, heights, low, high = [], [], [], []
            for i, row in enumerate(groups):
                cell = row["cells"].get(option)
                if not cell or not cell["median_s"]:
                    continue
                below, above = _spread(cell)
                xs.append(i + (k - 0.5) * width)
                heights.append(cell["median_s"])
                low.append(below)
                high.append(above)
            ax.bar(xs, heights, width, yerr=[low, high], capsize=3, color=COLOURS[option],
                   hatch=HATCHES[option], edgecolor="black", linewidth=0.5,
                   error_kw={"elinewidth": 1, "ecolor": "black"}, label=LABELS[option])
        ax.set_xticks(range(len(groups)),
                      [f"{_short(r['workload'])} ({r['mode']})" for r in groups], fontsize=7,
                      rotation=30, ha="right", rotation_mode="anchor")
        if log:
            ax.set_yscale("log")
            # Minor ticks on a log axis cost half the chart's rendering time and add no reading.
            ax.yaxis.set_minor_locator(NullLocator())
        # Plain text tick labels ("10 ms"): the default log labels are mathtext, which is off.
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: seconds(value)))
        ax.set_ylabel("median time per call" + (" (log scale)" if log else ""))
        ax.legend(frameon=False, fontsize=8)
        fig.subplots_adjust(left=0.13, right=0.98, top=0.95, bottom=0.3)
        return to_svg(fig, "benchmarks")


@_memoised
def sensitivity_chart(flips: list[dict[str, Any]], win_share: list[dict[str, Any]]) -> str | None:
    """Flip thresholds as a tornado (current weight to flipping weight), else the win share."""
    movable = [f for f in flips if f["can_flip"] and f["change"] is not None][:8]
    with _style():
        fig = Figure(figsize=(6.4, 1.3 + 0.38 * max(len(movable), len(win_share), 2)))
        ax = fig.add_subplot()
        if movable:
            labels = [_short(f["criterion"]) for f in movable]
            ax.barh(labels, [f["change"] for f in movable], left=[f["weight"] for f in movable],
                    color="#56B4E9", hatch="//", edgecolor="black", linewidth=0.5,
                    label="change that flips the decision")
            ax.scatter([f["weight"] for f in movable], labels, color="black", marker="|", s=300,
                       linewidths=2.5, zorder=3, label="weight now")
            ends = [f["weight"] + f["change"] for f in movable]
            ax.set_xlim(0, max([*ends, *(f["weight"] for f in movable)]) * 1.1)
            ax.set_xlabel("criterion weight")
            ax.legend(frameon=False, fontsize=8, loc="lower center", ncol=2,
                      bbox_to_anchor=(0.5, 1.0))
        elif win_share:
            labels = [w["option"] for w in win_share]
            ax.barh(labels, [w["share"] for w in win_share], color="#0072B2", hatch="//",
                    edgecolor="black", linewidth=0.5)
            ax.set_xlim(0, 1)
            ax.set_xlabel("share of perturbed weightings won")
        else:
            return None
        ax.invert_yaxis()
        fig.subplots_adjust(left=0.26, right=0.97, top=0.82, bottom=0.3)
        return to_svg(fig, "sensitivity")


def render_charts(assessment: Assessment, context: dict[str, Any]) -> dict[str, str | None]:
    """All report charts as SVG text (None where there is nothing to draw)."""
    if context["lang"] != "en":
        register_cjk_font()
    criteria = assessment.criteria or []
    labelled = [(row["label"], c.ratings) for row, c in zip(
        context["matrix"]["rows"], criteria, strict=False)]
    options: list[str] = list(context["matrix"]["ids"])
    contributions = [
        (row["label"], {o: v or 0.0 for o, v in zip(options, row["contributions"], strict=False)})
        for row in context["matrix"]["rows"]
    ]
    evidence = context["evidence"]
    bench_rows = evidence["benchmarks"]["rows"] if evidence["probed"] else []
    sens = context["sensitivity"]
    return {
        "radar": radar_chart(labelled),
        "contributions": contributions_chart(contributions, options or ["pytorch", "tensorflow"]),
        "benchmarks": benchmark_chart(bench_rows),
        "sensitivity": sensitivity_chart(sens["flips"], sens.get("win_share", []))
        if sens["analysed"] else None,
    }
