"""The HTML report: every section, the verdict, inline charts, and no external reference at all."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from advisor.models import Assessment
from advisor.report.html import render_html
from tests.report.conftest import (
    FIXTURES,
    SECTIONS,
    fixture_assessment,
    render_html_of,
    unscored_assessment,
)

#: CSS that could make a browser fetch something.
CSS_FETCH = re.compile(r"@import|@font-face|url\(", re.I)
#: Attributes whose value a browser may fetch or navigate to.
URL_ATTRIBUTES = {"src", "href", "action", "poster", "data", "srcset", "background", "formaction",
                  "xlink:href", "ping", "cite", "manifest"}


class References(HTMLParser):
    """Collects every URL-bearing attribute, style attribute and <style> / <script> content."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.links: list[str] = []
        self.styles: list[str] = []
        self.tags: set[str] = set()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if tag == "a" and name == "href" and value is not None:
                self.links.append(value)  # followed only when clicked: no request
            elif name in URL_ATTRIBUTES and value is not None:
                self.urls.append(value)
            if name == "style" and value:
                self.styles.append(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def references(html: str) -> References:
    parser = References()
    parser.feed(html)
    return parser


def test_real_report_has_sections_verdict_and_two_charts(real_context: dict) -> None:
    html = render_html(real_context)
    for section in SECTIONS:
        assert f">{section}</h2>" in html
    assert real_context["summary"]["headline"] in html
    assert html.count("<svg ") == 2
    assert html.count('<figure class="chart">') == 2
    assert "Page " not in html.split("<body>")[1][:200]


def test_every_header_has_a_scope_and_every_table_a_caption(real_context: dict) -> None:
    html = render_html(real_context)
    headers = re.findall(r"<th\b[^>]*>", html)
    assert headers and all(re.search(r'scope="(col|row)"', th) for th in headers), [
        th for th in headers if "scope=" not in th]
    assert html.count("<table") == html.count("<caption") > 3
    # Each table scrolls inside its own box, so a wide table never widens a phone's page.
    assert html.count('<div class="scroll" role="region" tabindex="0"') == html.count("<table")


def test_sources_are_links_with_dates(real_context: dict) -> None:
    html = render_html(real_context)
    found = references(html)
    assert "https://ai.google.dev/edge/litert" in found.links
    assert all(link.startswith("https://") for link in found.links)
    assert ("LiteRT (formerly TensorFlow Lite) documentation and migration guide</a>"
            " (2024-09)") in html
    assert "documented in this file" not in html


@pytest.mark.parametrize("name", FIXTURES)
def test_every_fixture_renders_all_sections(name: str) -> None:
    html = render_html_of(fixture_assessment(name))
    for section in SECTIONS:
        assert f">{section}</h2>" in html


def test_missing_data_is_said_plainly() -> None:
    html = render_html_of(fixture_assessment("scored_no_probes"))
    assert "No probes were run (--no-probes)" in html
    failed = render_html_of(fixture_assessment("failed_probes"))
    assert "3 probe(s) failed" in failed and "timeout" in failed
    assert "Benchmarks were not measured" in failed
    unscored = render_html_of(unscored_assessment())
    assert "has not been scored" in unscored and unscored.count("<svg ") == 0


@pytest.mark.parametrize("name", FIXTURES)
def test_self_contained_no_external_reference(name: str) -> None:
    html = render_html_of(fixture_assessment(name))
    found = references(html)
    # In-document references only (chart patterns and clip paths: "#id").
    assert all(url.startswith("#") for url in found.urls), found.urls
    assert not [s for s in found.styles if CSS_FETCH.search(s.replace("url(#", ""))]
    assert not found.tags & {"script", "link", "iframe", "object", "embed", "img", "base"}
    assert "default-src 'none'" in html  # CSP: even an injected reference would be blocked


def test_charts_are_inline_svg_and_images_only_in_pdf(real_context: dict) -> None:
    html = render_html(real_context, charts_as_images=True, inline_css=False)
    assert html.count('src="data:image/svg+xml;base64,') == 2
    assert 'alt="PyTorch against Hybrid, per criterion (points): ' in html
    assert "<style>" not in html


def test_unscored_html_still_has_every_section() -> None:
    html = render_html_of(unscored_assessment())
    for section in SECTIONS:
        assert f">{section}</h2>" in html


@pytest.mark.parametrize(("fixture", "badge", "label"), [
    ("scored_with_probes", "robust", "Robust"),
    ("failed_probes", "sensitive", "Sensitive"),
    ("scored_no_probes", "close_call", "Close call"),
])
def test_verdict_badge_class(fixture: str, badge: str, label: str) -> None:
    # Expected values written out: these fixtures are hand-written with these badges.
    html = render_html_of(fixture_assessment(fixture))
    assert f'class="verdict badge-{badge}"' in html
    assert f'<span class="badge">{label}</span>' in html
    assert len(re.findall(r'class="verdict badge-', html)) == 1


@pytest.mark.parametrize(("confidence", "close_call", "badge"), [
    (0.85, False, "robust"), (0.8, False, "robust"), (0.79, False, "sensitive"),
    (0.6, False, "sensitive"), (0.59, False, "close_call"), (0.95, True, "close_call"),
])
def test_a_missing_badge_follows_the_documented_thresholds(
        confidence: float, close_call: bool, badge: str) -> None:
    data = fixture_assessment("scored_with_probes").model_dump()
    data["recommendation"].update(badge=None, confidence=confidence, close_call=close_call)
    html = render_html_of(Assessment.model_validate(data))
    assert f'class="verdict badge-{badge}"' in html
