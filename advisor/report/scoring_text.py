"""Sentences scoring (and the benchmark analysis) wrote into an assessment, in the report's
language.

Scoring (advisor.scoring.explain), the probes and the benchmark analysis write their sentences in
English and a saved assessment keeps them. Each sentence they can write is a template in
advisor.report.sentence_templates: the report matches a saved sentence against the templates and
writes the translation with the same values, each value itself translated (through the
templates again, then the decision model's texts). A sentence no template matches stays as
written, its "; "-parts and known texts translated.
"""

from __future__ import annotations

import re
from functools import cache, partial

from advisor.i18n import SOURCE_LANGUAGE, _, current_language
from advisor.report.model_texts import translate
from advisor.report.sentence_templates import FRAGMENTS, RANGES, TEMPLATES

_FIELD = re.compile(r"\{(\w+)\}")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@cache
def _pattern(template: str, whole: bool) -> re.Pattern[str]:
    parts = _FIELD.split(template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
                    for i, part in enumerate(parts))
    return re.compile(f"^{regex}$" if whole else regex)


#: How deep a value is translated through the templates (a sentence inside a sentence ...).
_DEPTH = 4


def _fill(template: str, match: re.Match[str], depth: int = _DEPTH) -> str:
    values = {name: _value(value, depth) for name, value in match.groupdict().items()}
    return _(template).format(**values)


def _value(value: str, depth: int) -> str:
    for template in RANGES:  # a priority range: numbers only ("to" is in many sentences)
        found = _pattern(template, True).match(value)
        if found and all(_NUMBER.match(v) for v in found.groupdict().values()):
            return _(template).format(**found.groupdict())
    return _sentence(value, depth - 1) if depth > 0 else translate(value)


def scoring_sentence(text: str) -> str:
    """A sentence scoring wrote, in the report's language ("; "-parts one by one)."""
    if current_language() == SOURCE_LANGUAGE or not text:
        return text
    return _sentence(text, _DEPTH)


def _sentence(text: str, depth: int) -> str:
    """`text` by the first template that matches it whole, else "; "-part by part: a run of
    parts where a template spans them ("not applied: {reason}" with a reason of two parts), a
    part alone, or as written with the decision model's texts translated (first, since a
    rating table's note has a "; " of its own)."""
    parts = _parts(text)
    found = _match(text, _spanning(len(parts)))
    if found:
        return _fill(*found, depth)
    if len(parts) == 1:
        return translate(text)
    parts = _parts(translate(text))
    done, start = [], 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            found = _match("; ".join(parts[start:end]), _spanning(end - start))
            if found:
                done.append(_fill(*found, depth))
                start = end
                break
        else:
            done.append(parts[start])
            start += 1
    return _("; ").join(done)


def _match(text: str, templates: tuple[str, ...]) -> tuple[str, re.Match[str]] | None:
    for template in templates:
        found = _pattern(template, True).match(text)
        if found:
            return template, found
    return None


@cache
def _spanning(count: int) -> tuple[str, ...]:
    """The templates that may match `count` "; "-parts: any for one part; for more, those that
    start with their own words ("not applied: {reason}") or have as many parts themselves. One
    that starts with a value ("{domain}: {packages} installed") would swallow the parts before
    it into that value."""
    if count == 1:
        return TEMPLATES
    return tuple(t for t in TEMPLATES if not t.startswith("{") or len(_parts(t)) == count)


def _parts(text: str) -> list[str]:
    """`text` split at "; " outside brackets (a flip's detail or a rule's source has its own)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(char, 0)
        if depth == 0 and text.startswith("; ", i):
            parts.append(text[start:i])
            start = i + 2
    return [*parts, text[start:]]


def scoring_fragments(text: str) -> str:
    """`text` with every template found inside it (not the whole text) translated."""
    if current_language() == SOURCE_LANGUAGE or not text:
        return text
    for template in FRAGMENTS:
        text = _pattern(template, False).sub(partial(_fill, template), text)
    return translate(text)
