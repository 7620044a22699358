"""The batch summary page in Japanese: lang attribute, Japanese text, an embedded CJK font."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from advisor.batch.inputs import load_profiles
from advisor.batch.machines import load_machines
from advisor.batch.page import page_context, render_summary_html
from advisor.batch.session import BatchOutcome, BatchRequest, execute_batch
from advisor.i18n import catalogue_path
from advisor.outputs import OutputFormat
from advisor.questionnaire import load_default_questionnaire
from tests.batch.conftest import write_probe_report, write_profile_folder
from tests.conftest import CliRunner

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _outcome(tmp_path: Path) -> BatchOutcome:
    folder = write_profile_folder(tmp_path / "profiles", 3, bad={1})
    machine = write_probe_report(tmp_path / "machine-a.json", "machine-a")
    request = BatchRequest(
        input_path=folder, questionnaire=load_default_questionnaire(),
        machines=load_machines([machine], ["machine-a.json=3.2"]),
        formats=(OutputFormat.JSON,), output_dir=tmp_path / "out",
        created_at="2026-01-09T09:30:00+00:00",
    )
    return execute_batch(request, load_profiles(folder, request.questionnaire))


def _embedded_fonts(page: Any) -> set[str]:
    """The base names of the fonts a PDF page embeds (composite fonts: their descendants)."""
    names: set[str] = set()
    for reference in (page.get("/Resources") or {}).get("/Font", {}).values():
        font = reference.get_object()
        for part in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
            descriptor = part.get("/FontDescriptor")
            if descriptor is not None and any(key in descriptor.get_object() for key in
                                              ("/FontFile", "/FontFile2", "/FontFile3")):
                names.add(str(part.get("/BaseFont")))
    return names


def _visible_text(html: str) -> str:
    body = html[html.index("<body>"):]
    body = re.sub(r"<svg.*?</svg>", " ", body, flags=re.S)
    body = re.sub(r'<(span|small|td) class="[^"]*path[^"]*">.*?</\1>', " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def test_summary_page_in_japanese(tmp_path: Path) -> None:
    outcome = _outcome(tmp_path)
    html = render_summary_html(page_context(outcome.summary, outcome.results, "ja"))
    assert '<html lang="ja">' in html
    assert "<h1>一括評価のまとめ</h1>" in html and "2026年1月9日 09:30 UTC" in html
    assert "<h2>マシンの比較</h2>" in html and "1時間あたり 3.20" in html
    chart = html[html.index("<svg"):html.index("</svg>")]
    assert "信頼度の分布" in chart and "Confidence distribution" not in chart
    # None of the page's English text is left (product, machine and file names aside).
    text = _visible_text(html)
    for message in read_po(catalogue_path("ja").open("rb"), locale="ja"):
        if message.id and "%(" not in message.id and message.string != message.id:
            assert not re.search(rf"(?<![\w-]){re.escape(str(message.id))}(?![\w-])", text), (
                message.id)

def test_english_page_is_untouched_by_the_catalogue(tmp_path: Path) -> None:
    outcome = _outcome(tmp_path)
    html = render_summary_html(page_context(outcome.summary, outcome.results))
    assert '<html lang="en">' in html and "<h1>Batch summary</h1>" in html
    assert not CJK.search(_visible_text(html))


@pytest.mark.slow
def test_batch_lang_ja_embeds_a_cjk_font_in_the_pdf(tmp_path: Path, run_cli: CliRunner) -> None:
    from pypdf import PdfReader

    folder = write_profile_folder(tmp_path / "profiles", 2)
    result = run_cli("batch", folder, "--no-probes", "--format", "html,pdf", "-o", tmp_path / "out",
                     env={"ADVISOR_LANG": "ja"})
    assert result.exit_code == 0, result.stderr
    assert '<html lang="ja">' in (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    reader = PdfReader(io.BytesIO((tmp_path / "out" / "summary.pdf").read_bytes()))
    fonts = {name for page in reader.pages for name in _embedded_fonts(page)}
    assert any("CJK" in name for name in fonts), fonts
    text = "".join(page.extract_text() for page in reader.pages)
    assert "一括評価のまとめ" in text
