"""Jinja filters: every number and label is formatted here, so templates hold no logic.

The same filters serve the HTML and the Markdown templates; `md` makes any value inert in
Markdown (no HTML, no links, no table breaks), `truncate_middle` keeps very long values readable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from advisor import numerals
from advisor.i18n import N_, _, current_language

NOT_MEASURED = N_("not measured")
MISSING = "—"
#: Constraint, check and package states: the templates keep the English word as a CSS class
#: and show it through `status`, in the report's language.
STATUS_WORDS = {"pass": N_("pass"), "warn": N_("warn"), "fail": N_("fail"), "n/a": N_("n/a"),
                "installed": N_("installed"), "missing": N_("missing"),
                "incompatible": N_("incompatible"), "ok": N_("ok"), "mismatch": N_("mismatch"),
                "unknown": N_("unknown")}

#: Longest value shown in full in a table cell; longer values keep their start and end.
MAX_CELL = 320

#: Characters that start Markdown syntax anywhere in a line (emphasis, code, links, HTML, tables).
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
#: What makes a line a heading, list item, quote or numbered item when it starts a line.
_MD_LINE_START = re.compile(r"^(\d+(?=[.)])|(?=[#+=-]))(.)")
_SPACE = re.compile(r"\s+")
#: Runs of this many characters without a space get invisible break opportunities (U+200B), so
#: one very long token cannot widen a table beyond the page. Japanese script is left alone: a line
#: may break between any two of its characters already.
_LONG_RUN = re.compile(r"[^\s\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]{48,}")
_BREAK_EVERY = 24
#: Where a sentence ends: ". " before a capital, digit or quote, or after a Japanese "。".
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|(?<=。)")


def number(value: Any, digits: int = 2) -> str:
    """A number with `digits` decimals, or a dash when missing."""
    if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
        return MISSING
    return f"{value:.{digits}f}"


def score(value: Any) -> str:
    """A score, margin, rating or contribution as all prose writes it (advisor.numerals)."""
    if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
        return MISSING
    return numerals.score(value)


def weight(value: Any) -> str:
    """A criterion weight as all prose writes it (advisor.numerals)."""
    if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
        return MISSING
    return numerals.weight(value)


def signed(value: Any, digits: int = 2) -> str:
    """A number with an explicit sign (+0.12, -0.30)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return MISSING
    return f"{value:+.{digits}f}"


def percent(value: Any, digits: int = 0) -> str:
    """A share 0..1 as a percentage (0.873 -> 87%)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return MISSING
    return f"{value * 100:.{digits}f}%"


def seconds(value: Any) -> str:
    """A duration with a unit that keeps three significant digits (2.10 ms, 1.42 s)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return _(NOT_MEASURED)
    magnitude = abs(value)
    if magnitude >= 1:
        return f"{value:.3g} s"
    if magnitude >= 1e-3:
        return f"{value * 1e3:.3g} ms"
    if magnitude >= 1e-6:
        return f"{value * 1e6:.3g} µs"
    return f"{value * 1e9:.3g} ns"


def size(value: Any) -> str:
    """Bytes in binary units (16.0 GiB)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return MISSING
    amount = float(value)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(amount) < 1024 or unit == "TiB":
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1024
    return MISSING  # pragma: no cover  (the loop always returns)


def ratio(value: Any) -> str:
    """A speed ratio (1.21x)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return MISSING
    return f"{value:.2f}x"


def throughput(value: Any, unit: Any = None) -> str:
    """A throughput with its unit, compact (12.3k samples/s)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return MISSING
    if abs(value) >= 1e4:
        text = f"{value / 1e3:,.0f}k"
    elif abs(value) >= 100:
        text = f"{value:,.0f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}" if unit else text


def status(value: Any) -> str:
    """A state word (pass, warn, fail, installed, ...) in the report's language."""
    word = STATUS_WORDS.get(str(value))
    return _(word) if word else str(value)


def yes_no(value: Any) -> str:
    """True/False/None as yes/no/unknown."""
    if value is None:
        return _("unknown")
    return _("yes") if value else _("no")


def _breakable(match: re.Match[str]) -> str:
    run = match.group(0)
    return "\u200b".join(run[i:i + _BREAK_EVERY] for i in range(0, len(run), _BREAK_EVERY))


def truncate_middle(value: Any, limit: int = MAX_CELL) -> str:
    """Shorten very long text to its start and end, saying how much was left out; very long
    tokens get invisible break opportunities (HTML and PDF only: see `shorten`)."""
    return _LONG_RUN.sub(_breakable, shorten(value, limit))


def shorten(value: Any, limit: int = MAX_CELL) -> str:
    """Very long text as its start and end, saying how much was left out. Markdown takes this:
    its reader copies ids and paths out of the raw file, where an invisible break character
    inside them would make them wrong."""
    text = "" if value is None else str(value)
    if len(text) > limit:
        keep = max(limit // 2 - 10, 8)
        text = _("{start} … [{count} characters left out] … {end}").format(
            start=text[:keep], count=len(text) - 2 * keep, end=text[-keep:])
    return text


def whole_sentences(value: Any, limit: int = MAX_CELL) -> str:
    """Text within `limit` characters by leaving out whole sentences, never cutting one: the
    first and the last (a mitigation's closing step) are kept, then the others in order while
    they fit; `truncate_middle` where even the first and last are too long."""
    text = "" if value is None else str(value)
    if len(text) <= limit:
        return truncate_middle(text, limit)
    parts = [p for p in _SENTENCE_END.split(text.strip()) if p]
    if len(parts) < 2:
        return truncate_middle(text, limit)
    kept = {0, len(parts) - 1}
    used = len(parts[0]) + len(parts[-1]) + 1
    for index in range(1, len(parts) - 1):
        if used + len(parts[index]) + 1 <= limit:
            kept.add(index)
            used += len(parts[index]) + 1
    if used > limit:
        return truncate_middle(text, limit)
    joiner = "" if current_language() == "ja" else " "
    return truncate_middle(joiner.join(parts[i] for i in sorted(kept)), limit)


def one_line(value: Any) -> str:
    """Collapse whitespace (line breaks included) to single spaces."""
    return _SPACE.sub(" ", "" if value is None else str(value)).strip()


def md(value: Any, limit: int = MAX_CELL * 3) -> str:
    """Text made inert for Markdown: HTML and Markdown syntax characters backslash-escaped.

    Line breaks become spaces so a value can never start a heading, a list or a table row.
    """
    text = _MD_SPECIAL.sub(r"\\\1", one_line(shorten(value, limit)))
    # Bare URLs become links in GitHub-flavoured Markdown; an escaped slash keeps them text.
    text = text.replace("://", ":\\/\\/").replace("www.", "www\\.")
    return _MD_LINE_START.sub(r"\1\\\2", text)


#: Inside a line only these start Markdown syntax: HTML (<), emphasis and code, table cells,
#: strikethrough (~~) and a link's "](" or "][" (a lone bracket is plain text).
_MD_INLINE = re.compile(r"([\\`*<|]|~~|\](?=[(\[:])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")


def md_inline(value: Any, limit: int = MAX_CELL * 3) -> str:
    """Text made inert for Markdown in the middle of a line: like `md`, but without the escapes
    only a line start needs (`1.`, `#`, `-`) and with brackets escaped only where they would
    make a link, so version numbers and citations stay readable in the raw file."""
    text = _MD_INLINE.sub(lambda m: "\\" + m.group(1) if m.group(1) != "~~" else "\\~\\~",
                          one_line(shorten(value, limit)))
    return text.replace("://", ":\\/\\/").replace("www.", "www\\.")


def md_code(value: Any) -> str:
    """Text for an inline Markdown code span (backticks cannot close it)."""
    text = one_line(value)
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if "`" in text else f"{fence}{text}{fence}"


FILTERS: dict[str, Callable[..., str]] = {
    "number": number,
    "score": score,
    "weight": weight,
    "signed": signed,
    "percent": percent,
    "seconds": seconds,
    "size": size,
    "ratio": ratio,
    "throughput": throughput,
    "yes_no": yes_no,
    "status": status,
    "truncate_middle": truncate_middle,
    "whole_sentences": whole_sentences,
    "one_line": one_line,
    "md": md,
    "md_inline": md_inline,
    "md_code": md_code,
}
