"""Every string field of an assessment and of its probe report renders escaped in the HTML.

A real scored assessment (the example answers and the full probe report) has each string leaf
replaced by a numbered marker wrapped in markup. The report must show each marker it shows at all
as escaped text, and the set of tags must equal that of the same render with plain markers: a
`| safe` (or any other unescaped output) on any field adds a tag or shows raw markup.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from pydantic import ValidationError

from advisor.i18n import Language
from advisor.models import Assessment
from tests.report.conftest import fixture_assessment, real_assessment, render_html_of


def string_leaves(data: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """(path, container, key) of every string value under `data` (dict keys are not values)."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        here = f"{path}.{key}" if path else str(key)
        if isinstance(value, str):
            yield here, data, key
        elif isinstance(value, dict | list):
            yield from string_leaves(value, here)


def marked(hostile: bool, lang: Language = "en") -> tuple[str, dict[str, str]]:
    """The HTML of the marked assessment, and marker -> field path.

    Fields whose marker the validation refuses (closed vocabularies such as a verdict or a
    mode) keep their value: a hostile value cannot get through there.
    """
    original = real_assessment().model_dump(mode="json")
    # The full probe report has no failed probe: add those of the failed-probes fixture.
    failures = fixture_assessment("failed_probes").model_dump(mode="json")["probes"]["failures"]
    original["probes"]["failures"] = failures
    data = copy.deepcopy(original)
    fields: dict[str, str] = {}
    leaves = {path: (container, key) for path, container, key in string_leaves(data)}
    for number, (path, (container, key)) in enumerate(leaves.items()):
        marker = f"k{number}q"
        fields[marker] = path
        container[key] = f"<script>{marker}</script>\"&'" if hostile else f"{marker} and text"
    while True:
        try:
            assessment = Assessment.model_validate(data)
            break
        except ValidationError as exc:
            refused = {".".join(map(str, error["loc"])) for error in exc.errors()}
            assert refused <= leaves.keys(), refused - leaves.keys()
            for path in refused:
                container, key = leaves[path]
                container[key] = _at(original, path)
                fields = {m: p for m, p in fields.items() if p != path}
    return render_html_of(assessment, lang), fields


def _at(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


def tags(html: str) -> set[str]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def renders() -> tuple[str, str, dict[str, str]]:
    hostile, fields = marked(hostile=True)
    harmless, _ = marked(hostile=False)
    return hostile, harmless, fields


def shown(html: str, fields: dict[str, str]) -> set[str]:
    return {m for m in fields if re.search(rf"\b{m}\b", html)}


def test_every_shown_field_is_escaped(renders: tuple[str, str, dict[str, str]]) -> None:
    hostile, _, fields = renders
    visible = shown(hostile, fields)
    raw = sorted(fields[m] for m in visible if f"<script>{m}" in hostile)
    assert raw == [], f"unescaped fields: {raw}"
    not_escaped = sorted(fields[m] for m in visible if f"&lt;script&gt;{m}&lt;/script&gt;" not in
                         hostile)
    assert not_escaped == [], f"fields shown but not as escaped text: {not_escaped}"


def test_the_tags_are_those_of_a_harmless_render(renders: tuple[str, str, dict[str, str]]) -> None:
    hostile, harmless, fields = renders
    assert "script" not in tags(harmless)
    assert tags(hostile) == tags(harmless)
    # Markup never makes a field appear. Only a field cut to a few characters (the model's
    # sha256) can lose its marker to the longer hostile value, and so can the raw benchmark rows'
    # workload ids: the report shows a row only where the benchmark summary pairs its workload,
    # and a marked id no longer pairs (the summary's own fields are checked like any other).
    assert shown(hostile, fields) <= shown(harmless, fields)
    lost = {fields[m] for m in shown(harmless, fields) - shown(hostile, fields)}
    assert {p for p in lost if not re.fullmatch(r"probes\.benchmarks\.\d+\.workload", p)} <= {
        "decision_model.sha256"}


def test_the_fields_users_read_are_among_those_checked(
        renders: tuple[str, str, dict[str, str]]) -> None:
    hostile, _, fields = renders
    paths = {fields[m] for m in shown(hostile, fields)}
    for pattern in (r"answers\.project_name", r"recommendation\.what_would_change_it\.0\.text",
                    r"recommendation\.hybrid_note", r"criteria\.0\.label", r"criteria\.6\.label",
                    r"criteria\.\d+\.evidence\.\d+", r"criteria\.\d+\.weight_reasons\.\d+",
                    r"sensitivity\.flips\.\d+\.text", r"crosscheck\.text",
                    r"probes\.hardware\.cpu\.model", r"probes\.failures\.\d+\.reason",
                    r"probes\.failures\.\d+\.stderr_tail",
                    r"probes\.ecosystem_checks\.\d+\.message",
                    r"probes\.frameworks\.pytorch\.warnings\.\d+", r"decision_model\.version"):
        assert any(re.fullmatch(pattern, p) for p in paths), (pattern, sorted(paths))
    # Of about 520 string fields, 236 are shown since Report 2.0 (its page one words the reasons
    # from the answers instead of printing recommendation.reasons).
    assert len(paths) >= 230, len(paths)


def test_every_shown_field_is_escaped_in_japanese() -> None:
    """The Japanese report translates many fields (labels, reasons, scoring's sentences) and
    fills them into translated messages: still escaped, and no tag more than a plain render."""
    hostile, fields = marked(hostile=True, lang="ja")
    harmless, _ = marked(hostile=False, lang="ja")
    visible = shown(hostile, fields)
    assert visible
    assert sorted(fields[m] for m in visible if f"<script>{m}" in hostile) == []
    assert tags(hostile) == tags(harmless)
