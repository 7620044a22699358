"""The printed report as a review board reads it: page one holds the summary, the body is at
most six pages, each long sentence is printed once, nothing in the body is under about 7 pt,
and the appendix starts on a page of its own (CONTRACT section 6).

Read with poppler's pdftotext, as the issue's checks are written: `-layout` text per page, and
`-bbox` word boxes, whose height is the font's ascent plus descent (1.164 em for DejaVu Sans,
the print font), so a box under 8.1 pt high is text under about 7 pt.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.models import Assessment
from advisor.models.assessment import AnswerChange
from advisor.report.context import build_report_context
from advisor.report.pdf import render_pdf
from tests.report.conftest import ASSETS, real_assessment

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed"),
]

MAX_BODY_PAGES = 6
#: Word-box height of 7 pt DejaVu Sans text (ascent + descent = 1.164 em), less rounding.
MIN_BOX_HEIGHT = 8.1
MOBILE_TEAM = ASSETS / "report" / "mobile_team.yaml"
SEED_PROBES = ASSETS / "report" / "probe_report_seed.json"
#: What would change the decision, as the decision model will write it (CONTRACT section 6).
CHANGES = [
    AnswerChange(set=["deployment_targets=cloud_server"], recommendation="pytorch",
                 text="Drop the Android app and serve from the cloud only."),
    AnswerChange(set=["team_tensorflow_experience=strong"], recommendation="tensorflow",
                 text="The team gains strong TensorFlow experience."),
    AnswerChange(set=["existing_assets=none", "priorities.research_velocity=2"],
                 recommendation="tensorflow",
                 text="Start without the PyTorch code base and rate research velocity 2."),
    AnswerChange(set=["stage=production"], recommendation="tensorflow",
                 text="A fourth change that page one leaves to the JSON."),
]


def with_changes(assessment: Assessment) -> Assessment:
    """The assessment with `what_would_change_it` filled in, as the decision model will."""
    rec = assessment.recommendation
    assert rec is not None
    return assessment.model_copy(update={
        "recommendation": rec.model_copy(update={"what_would_change_it": CHANGES})})


@cache
def _pdf(profile: str, paper: str, tmp: str) -> Path:
    if profile == "example":
        assessment = with_changes(real_assessment())
    elif profile == "seed":  # the seed suite's 40 rows, two precisions and the hybrid bridge
        assessment = real_assessment(answers=yaml.safe_load(MOBILE_TEAM.read_text("utf-8")),
                                     probe_report=SEED_PROBES)
    else:
        assessment = real_assessment(answers=yaml.safe_load(MOBILE_TEAM.read_text("utf-8")))
    path = Path(tmp) / f"{profile}-{paper}.pdf"
    path.write_bytes(render_pdf(build_report_context(assessment), paper=paper))  # type: ignore[arg-type]
    return path


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("layout"))


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def body_pages(pages: list[str]) -> int:
    """The number of pages before the page whose first heading begins with "Appendix"."""
    for number, page in enumerate(pages):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        # Line 1 is the running header; the page's own text starts on line 2.
        if len(lines) > 1 and lines[1].startswith("Appendix"):
            return number
    raise AssertionError("no page begins with an Appendix heading")


def sentences(text: str) -> list[str]:
    """Sentences of running text, hyphenation and line breaks undone."""
    flat = re.sub(r"-\n\s*", "-", text)
    flat = " ".join(flat.split())
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", flat)]


def word_heights(pdf: Path, last_page: int) -> list[tuple[float, str]]:
    html = subprocess.run(["pdftotext", "-bbox", "-l", str(last_page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(float(m[3]) - float(m[1]), m[4]) for m in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html)]


CASES = [("example", "a4"), ("example", "letter"), ("mobile", "a4"), ("mobile", "letter"),
         ("seed", "a4")]


@pytest.mark.parametrize(("profile", "paper"), CASES)
def test_body_is_at_most_six_pages_and_the_appendix_starts_a_page(
        profile: str, paper: str, scratch: str) -> None:
    pages = page_texts(_pdf(profile, paper, scratch))
    body = body_pages(pages)
    assert 1 < body <= MAX_BODY_PAGES, body
    assert len(pages) > body + 1  # the appendix follows, on pages of its own


@pytest.mark.parametrize(("profile", "paper"), CASES)
def test_no_long_sentence_is_printed_twice_in_the_body(
        profile: str, paper: str, scratch: str) -> None:
    pages = page_texts(_pdf(profile, paper, scratch))
    body = "\n".join(pages[:body_pages(pages)])
    counts = Counter(s for s in sentences(body) if len(s) >= 80)
    assert not [s for s, n in counts.items() if n > 1]


@pytest.mark.parametrize(("profile", "paper"), CASES)
def test_no_text_in_the_body_is_under_7_pt(profile: str, paper: str, scratch: str) -> None:
    pdf = _pdf(profile, paper, scratch)
    heights = word_heights(pdf, body_pages(page_texts(pdf)))
    assert len(heights) > 1000  # the chart's text is text too, and counted
    small = [(round(h, 1), word) for h, word in heights if h < MIN_BOX_HEIGHT]
    assert not small, small[:20]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_page_one_shows_the_changes_the_evidence_and_the_top_risk(
        paper: str, scratch: str) -> None:
    context = build_report_context(with_changes(real_assessment()))
    one = " ".join(sentences(page_texts(_pdf("example", paper, scratch))[0]))
    for change in CHANGES[:3]:
        assert change.text in one
    assert CHANGES[3].text not in one and "1 more in the record's JSON" in one
    summary: dict[str, Any] = context["summary"]
    assert " ".join(summary["evidence_quality"].split()[:12]) in one
    assert summary["top_risk"]["risk"][:60] in one
    assert "Runner-up: Hybrid" in one and summary["reasons"][0][:50] in one
    assert "1,000 plausible variations" in one
    assert "2. Context and decision drivers" not in one  # the body starts on page two


def test_the_old_layout_would_fail_these_checks(tmp_path: Path) -> None:
    """The checks can fail: 4.8 pt legend text and a twice-printed sentence are caught."""
    assert min(word_heights_of_size(4.8, tmp_path)) < MIN_BOX_HEIGHT
    assert min(word_heights_of_size(7.0, tmp_path)) >= MIN_BOX_HEIGHT
    text = ("The outcome holds under most plausible weightings of the priorities answered here."
            " Something else. The outcome holds under most plausible weightings of the"
            " priorities answered here.")
    counts = Counter(s for s in sentences(text) if len(s) >= 80)
    assert max(counts.values()) == 2


def word_heights_of_size(points: float, folder: Path) -> list[float]:
    """Word-box heights pdftotext reports for text set at `points` in the print font."""
    from weasyprint import HTML

    html = f'<p style="font: {points}pt DejaVu Sans">small legend text</p>'
    path = folder / f"size-{points}.pdf"
    path.write_bytes(HTML(string=html).write_pdf())
    return [h for h, _ in word_heights(path, 1)]
