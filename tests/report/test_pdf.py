"""The PDF report, tested by content: sections, verdict, page numbers, header, bookmarks, charts."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from advisor.report.context import build_report_context
from advisor.report.pdf import page_css, render_pdf
from tests.report.conftest import SECTIONS, unscored_assessment

pytestmark = pytest.mark.slow


def _text(reader: PdfReader) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.fixture(scope="module")
def real_pdf(real_context: dict[str, Any]) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(real_context, paper="a4")))


def test_every_section_and_the_verdict(real_pdf: PdfReader, real_context: dict[str, Any]) -> None:
    pages = _text(real_pdf)
    text = " ".join(pages)
    for section in SECTIONS:
        assert section in text, section
    verdict = real_context["summary"]["headline"]
    assert verdict in pages[0], "the verdict is on page one"
    assert real_context["summary"]["confidence"]["label"].upper() in pages[0]
    assert "WHAT WOULD CHANGE IT" in pages[0]


def test_page_numbers_running_header_and_a4(real_pdf: PdfReader) -> None:
    pages = _text(real_pdf)
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "Retail shelf vision · 2026-01-02" in text
    box = real_pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_bookmarks_from_headings(real_pdf: PdfReader) -> None:
    def titles(outline: list[Any]) -> list[str]:
        found: list[str] = []
        for item in outline:
            found.extend(titles(item) if isinstance(item, list) else [item.title])
        return found

    names = titles(real_pdf.outline)
    for section in SECTIONS:
        assert section in names, section


def test_an_english_pdf_embeds_no_cjk_font(real_pdf: PdfReader) -> None:
    """The published table's source is a Japanese article: an English report describes its
    title in English (as the decision model does), so no CJK font is subset into the PDF."""
    fonts = {str(font.get_object().get("/BaseFont")) for page in real_pdf.pages
             for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()}
    assert fonts and not any("CJK" in name for name in fonts), fonts
    assert "(Daily Hack, Japanese article)" in " ".join(_text(real_pdf))


def test_two_charts_are_embedded(real_pdf: PdfReader) -> None:
    text = " ".join(_text(real_pdf))
    assert sorted(set(re.findall(r"Figure (\d)\.", text))) == ["1", "2"]
    # Chart text is drawn as text: the axis label of the difference chart is in the PDF.
    assert "contribution to the weighted score" in text
    forms = 0
    for page in real_pdf.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
        forms += sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") in
                     ("/Form", "/Image"))
    assert forms >= 2


def test_letter_paper_and_missing_data_notes() -> None:
    pdf = PdfReader(io.BytesIO(render_pdf(build_report_context(unscored_assessment()),
                                          paper="letter")))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    text = " ".join(_text(pdf))
    assert "has not been scored" in text and "No probes were run" in text
    for section in SECTIONS:
        assert section in text


def test_unknown_paper_is_a_report_error() -> None:
    from advisor.errors import ReportError

    with pytest.raises(ReportError):
        page_css("a3")  # type: ignore[arg-type]


def test_the_weighted_score_is_printed_once(real_pdf: PdfReader) -> None:
    """A table footer would repeat on every page the matrix spans; the total belongs once."""
    text = " ".join(_text(real_pdf))
    assert len(re.findall(r"\bWeighted score\b \d\.\d\d", text)) == 1


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("probes", ["measured", "fixture"])
def test_page_one_holds_the_whole_outcome_of_a_measured_run(
    paper: str, probes: str, real_context: dict[str, Any]
) -> None:
    """The whole summary fits on page one; the body starts on page two."""
    from tests.report.test_measured_report import _context

    context = _context(charts=True) if probes == "measured" else real_context
    pages = _text(PdfReader(io.BytesIO(render_pdf(context, paper=paper))))
    assert "WHAT WOULD CHANGE IT" in pages[0] and "TOP RISK" in pages[0]
    assert "2. Context" in pages[1] and "2. Context" not in pages[0]


def _text_runs(reader: PdfReader) -> list[str]:
    """Each drawn text run of every page (a line of a table cell is one run), stripped."""
    runs: list[str] = []
    for page in reader.pages:
        page.extract_text(visitor_text=lambda text, *_: runs.append(text.strip()))
    return [run for run in runs if run]


def test_no_question_breaks_after_its_first_word(real_pdf: PdfReader,
                                                 real_context: dict[str, Any]) -> None:
    # WeasyPrint used to end the appendix cell "Which mobile platforms must the models run on?
    # (mobile_platforms)" after "Which": the space before an inline <small> note, at a width
    # where the note just missed the line, made it break at the first opportunity, not the last.
    runs = _text_runs(real_pdf)
    prompts = [a["question"] for a in real_context["appendix"]["answers"]]
    assert any(p.startswith("Which mobile platforms") for p in prompts)
    for prompt in prompts:
        words = prompt.split()
        if len(words) > 2:
            assert words[0] not in runs, f"{prompt!r} breaks after its first word"
