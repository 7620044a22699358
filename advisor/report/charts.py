"""Charts as SVG text: matplotlib's object API only (no pyplot global state), deterministic output.

Two charts that explain rather than decorate: what wins the decision (the per-criterion
difference between the chosen option and the runner-up) and the benchmark speed ratios with
their intervals. Figures are drawn at their print width (160 mm), so the 8 pt text stays 8 pt
on paper. Colours are Okabe-Ito blue (dark) and orange (light, and hatched), safe for
colour-blind readers and still apart in grey-scale. Each SVG carries a <title> and a <desc>
with its numbers; text is never parsed as math and stays SVG text (escaped by matplotlib); ids
are prefixed per chart so several SVGs can live inline in one HTML page.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast
from xml.sax.saxutils import escape

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from advisor.benchmarking.classification import EQUIVALENCE_MARGIN
from advisor.i18n import SOURCE_LANGUAGE, Language, current_language
from advisor.report import messages

#: Okabe-Ito blue (dark in grey-scale) and orange (light, drawn hatched).
BLUE, ORANGE = "#0072B2", "#E69F00"
#: Per framework, for the batch summary's chart: Okabe-Ito colours, told apart by hatching too.
COLOURS = {"pytorch": ORANGE, "tensorflow": BLUE, "hybrid": "#009E73"}
HATCHES = {"pytorch": "//", "tensorflow": "", "hybrid": "xx"}
#: Print width of every chart, in inches (160 mm: inside the text width of A4 and Letter).
WIDTH_IN = 6.3
#: The font that draws Japanese (Debian's fonts-noto-cjk, which scripts/setup.sh installs).
CJK_FONT = "Noto Sans CJK JP"
#: Matplotlib falls back along this list glyph by glyph: the CJK font draws Japanese.
SANS_SERIF = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", CJK_FONT]
RC = {
    "svg.hashsalt": "advisor",
    "svg.fonttype": "none",
    "svg.image_inline": True,
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": SANS_SERIF,
    "font.size": 8,
    "hatch.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_MAX_LABEL = 28
#: Charts kept per chart function and process: a batch draws the same benchmark chart (same probe
#: report) for every profile; the SVG is deterministic, so a cached one is byte-identical.
_CACHE_SIZE = 16
_Chart = TypeVar("_Chart", bound=Callable[..., str | None])


def memoised(draw: _Chart) -> _Chart:
    """Reuse the SVG drawn for the same (JSON-equal) arguments instead of drawing it again."""
    cache: dict[str, str | None] = {}

    @functools.wraps(draw)
    def cached(*args: Any) -> str | None:
        # The chart's words are in the report's language: a Japanese chart is another chart.
        key = json.dumps([current_language(), *args], sort_keys=True, default=repr)
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


def style(lang: Language | None = None) -> Any:
    """Our rc settings for a chart in `lang` (default: the report's current language), applied
    only inside the `with` block (no global state is changed).

    A chart in Japanese is drawn in the CJK font first (it has Latin letters too), so that
    matplotlib measures its labels with the glyphs the reader sees."""
    if (current_language() if lang is None else lang) == SOURCE_LANGUAGE:
        return rc_context(cast(Any, RC))
    register_cjk_font()
    return rc_context(cast(Any, {**RC, "font.sans-serif": [CJK_FONT, *SANS_SERIF]}))


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"


def to_svg(fig: Figure, name: str, title: str = "", desc: str = "") -> str:
    """The figure as inline SVG: no XML prolog, no metadata, ids prefixed with `name`, and a
    <title> and <desc> (the chart's numbers) for screen readers and text-only readers."""
    FigureCanvasSVG(fig)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\bid="', f'id="{name}-', svg)
    svg = re.sub(r"url\(#", f"url(#{name}-", svg)
    svg = _lean(svg)
    svg = re.sub(r'href="#', f'href="#{name}-', svg)
    labels = (f'<svg role="img" aria-labelledby="{name}-title"'
              f' aria-describedby="{name}-desc" ')
    title = title or f"{name.replace('-', ' ')} chart"
    text = (f'<title id="{name}-title">{escape(title)}</title>'
            f'<desc id="{name}-desc">{escape(desc)}</desc>')
    return svg.replace("<svg ", labels, 1).replace(">", ">" + text, 1)


#: A group matplotlib writes around each artist, with nothing but its id (one per line).
_BARE_GROUP = re.compile(r'^\s*<g( id="[^"]*")?>\s*$')
_EMPTY_GROUP = re.compile(r'^<g( id="[^"]*")?/>$')


def _lean(svg: str) -> str:
    """The same drawing with fewer elements: matplotlib wraps every artist in a `<g id>` of
    its own (two to four deep), which a renderer visits node by node (WeasyPrint draws each
    chart of each PDF again); bare groups carry no style, so their children stand in for
    them. A text's "rotate(-0 ...)" is no rotation."""
    lines, bare = [], []
    for line in svg.split("\n"):
        if _BARE_GROUP.match(line):
            bare.append(True)
            continue
        stripped = line.strip()
        if _EMPTY_GROUP.match(stripped):
            continue
        if stripped.startswith("<g") and not stripped.endswith("/>"):
            bare.append(False)
        elif stripped == "</g>" and bare.pop():
            continue
        lines.append(line)
    return re.sub(r' transform="rotate\(-0 [^"]*\)"', "", "\n".join(lines))


def _plain(fig: Figure, ax: Any) -> None:
    """No white background paths (the page is white) and no tick marks beside the row labels:
    fewer elements to draw, the same chart. Artists are drawn with clip_on=False (their axis
    limits hold every value), so no clip path is applied element by element."""
    fig.patch.set_visible(False)
    ax.patch.set_visible(False)
    ax.tick_params(axis="y", length=0)


def _points(value: float) -> str:
    return f"{value:+.2f}"


@memoised
def difference_chart(rows: list[tuple[str, float]], chosen: str, runner_up: str) -> str | None:
    """Per criterion: the chosen option's contribution minus the runner-up's (what wins it)."""
    rows = [(label, value) for label, value in rows if abs(value) >= 0.005]
    if not rows:
        return None
    rows.sort(key=lambda r: -r[1])
    with style():
        fig = Figure(figsize=(WIDTH_IN, 0.75 + 0.24 * len(rows)))
        ax = fig.add_subplot()
        labels = [_short(label) for label, _ in rows]
        values = [value for _, value in rows]
        # Dark blue against light orange: apart in grey-scale and for colour-blind readers, and
        # on opposite sides of zero; no hatching (its patterns cost more to draw than the chart).
        _plain(fig, ax)
        ax.barh(labels, values, height=0.62,
                color=[BLUE if v > 0 else ORANGE for v in values],
                edgecolor="black", linewidth=0.5, clip_on=False)
        ax.axvline(0, color="black", linewidth=0.8, clip_on=False)
        reach = max(abs(v) for v in values)
        for y, value in enumerate(values):
            ax.text(value + (0.02 if value > 0 else -0.02) * reach * 4, y, _points(value),
                    va="center", ha="left" if value > 0 else "right", fontsize=8)
        ax.set_xlim(-reach * 1.45 if min(values) < 0 else -reach * 0.1, reach * 1.45)
        ax.invert_yaxis()
        ax.tick_params(axis="both", labelsize=8)
        ax.set_xlabel(messages.text("chart_difference_axis"), fontsize=8)
        fig.subplots_adjust(left=0.27, right=0.97, top=0.97,
                            bottom=min(0.5, 0.5 / fig.get_figheight()))
        title = messages.text("chart_difference_title", chosen=chosen, runner_up=runner_up)
        desc = messages.text("chart_difference_desc", chosen=chosen, runner_up=runner_up,
                             values="; ".join(f"{label} {_points(v)}" for label, v in rows))
        return to_svg(fig, "difference", title, desc)


@memoised
def ratio_chart(rows: list[dict[str, Any]]) -> str | None:
    """Per workload and mode: TensorFlow time / PyTorch time with its 95% interval (log axis)."""
    rows = [r for r in rows if isinstance(r.get("ratio"), int | float) and r["ratio"] > 0]
    if not rows:
        return None
    workloads = list(dict.fromkeys(r["workload"] for r in rows))
    modes = list(dict.fromkeys(r["mode"] for r in rows))
    with style():
        fig = Figure(figsize=(WIDTH_IN, 0.8 + 0.3 * len(workloads)))
        ax = fig.add_subplot()
        _plain(fig, ax)
        styles = {0: ("o", BLUE, BLUE), 1: ("s", "white", "black")}
        for m, mode in enumerate(modes):
            marker, face, edge = styles[m % 2]
            points = [r for r in rows if r["mode"] == mode]
            ys = [workloads.index(r["workload"]) + (m - (len(modes) - 1) / 2) * 0.28
                  for r in points]
            xs = [r["ratio"] for r in points]
            low = [max(r["ratio"] - (r.get("ci_low") or r["ratio"]), 0.0) for r in points]
            high = [max((r.get("ci_high") or r["ratio"]) - r["ratio"], 0.0) for r in points]
            ax.errorbar(xs, ys, xerr=[low, high], fmt=marker, markersize=5,
                        markerfacecolor=face, markeredgecolor=edge, ecolor="black",
                        elinewidth=1, capsize=2.5, clip_on=False,
                        label=messages.text(f"chart_{mode}")
                        if f"chart_{mode}" in messages.TEXT else mode)
        # The equivalence margin: an interval inside the band is "no meaningful difference",
        # one that holds 1 and leaves it "too close to call" (advisor.benchmarking).
        ax.axvspan(1 / (1 + EQUIVALENCE_MARGIN), 1 + EQUIVALENCE_MARGIN, color="#e6e6e6",
                   linewidth=0, zorder=0)
        ax.axvline(1.0, color="#555555", linewidth=0.8, linestyle="--", clip_on=False)
        ax.set_xscale("log")
        values = [v for r in rows for v in (r["ratio"], r.get("ci_low"), r.get("ci_high"))
                  if isinstance(v, int | float) and v > 0]
        span = max(max(values), 1 / min(values), 1.1)
        ax.set_xlim(1 / (span * 1.15), span * 1.15)
        ticks = [t for t in (0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 4.0) if 1 / (span * 1.15) <= t
                 <= span * 1.15]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}x"))
        ax.set_yticks(range(len(workloads)), [_short(w) for w in workloads])
        ax.set_ylim(len(workloads) - 0.5, -0.5)
        ax.tick_params(axis="both", labelsize=8)
        ax.set_xlabel(messages.text("chart_ratio_axis"), fontsize=8)
        if len(modes) > 1:
            ax.legend(frameon=False, fontsize=8, loc="lower right", ncol=len(modes),
                      bbox_to_anchor=(1.0, 1.0), borderaxespad=0.1)
        fig.subplots_adjust(left=0.27, right=0.97, top=1 - 0.3 / fig.get_figheight(),
                            bottom=0.5 / fig.get_figheight())
        desc = messages.text("chart_ratio_desc", level="95%", values="; ".join(
            f"{r['workload']} {r['mode']} {r['ratio']:.2f}x"
            + (f" ({r['ci_low']:.2f}-{r['ci_high']:.2f})"
               if isinstance(r.get("ci_low"), int | float)
               and isinstance(r.get("ci_high"), int | float) else "")
            for r in rows))
        return to_svg(fig, "ratios", messages.text("chart_ratio_title"), desc)


def render_charts(context: dict[str, Any]) -> dict[str, str | None]:
    """The report's charts as SVG text (None where there is nothing to draw)."""
    scoring = context["scoring"]
    evidence = context["evidence"]
    rows = evidence["benchmarks"]["rows"] if evidence["probed"] else []
    return {
        "difference": difference_chart(scoring["difference"], scoring["chosen_label"],
                                       scoring["runner_up_label"])
        if scoring.get("difference") else None,
        # Where several precisions were measured each is its own series (as modes are).
        "ratios": ratio_chart([{**{k: r.get(k) for k in ("workload", "ratio", "ci_low",
                                                           "ci_high")},
                                "mode": f"{r['mode']}, {r['dtype']}"
                                if evidence["benchmarks"].get("has_dtypes") else r["mode"]}
                               for r in rows]),
    }
