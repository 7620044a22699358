"""The per-project report in Japanese: HTML, Markdown record and PDF, as a user gets them."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from advisor.cli import app
from advisor.i18n import catalogue_path
from advisor.report.context import build_report_context
from advisor.report.html import render_html
from advisor.report.markdown import render_markdown
from advisor.report.model_texts import model_texts
from tests.conftest import EXAMPLE_ANSWERS
from tests.i18n.test_japanese_batch import _embedded_fonts, _visible_text
from tests.report.conftest import PROBE_REPORT, real_assessment

PROJECT = "店舗棚画像認識"
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z]")
#: Names of products, APIs and files that stay as they are in a Japanese text.
NAMES = re.compile(
    r"PyTorch|TensorFlow|Keras|LiteRT|TF Lite|ONNX( Runtime)?|TorchScript|torch\.\w+|ExecuTorch|"
    r"TorchServe|TF Serving|TFX|SavedModel|NVIDIA|GPU|CPU|Intel\(R\)|Xeon\(R\)|Platinum|"
    r"\d+C|GHz|Android|iOS|advisor|MADR|IQR|torchvision|timm|ms|eager|sha256")


def _answers() -> dict[str, Any]:
    answers = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    answers["project_name"] = PROJECT
    return dict(answers)


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    return build_report_context(real_assessment(answers=_answers()), lang="ja")


def _japanese_share(text: str) -> float:
    """Japanese characters among the letters of `text`, names of products and APIs aside."""
    text = NAMES.sub(" ", text)
    cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text))
    return cjk / max(cjk + latin, 1)


def test_html_is_japanese_with_the_project_name(context: dict[str, Any]) -> None:
    html = render_html(context)
    assert '<html lang="ja">' in html
    assert f'<h1 class="project">{PROJECT}</h1>' in html
    for heading in ("1. 決定事項", "2. 背景と判断基準", "3. 検討した選択肢", "4. 根拠",
                    "Appendix / 付録: 詳細と出典"):
        assert f">{heading}</h2>" in html, heading
    for criterion in ("研究開発速度", "本番環境対応", "学習曲線", "パフォーマンス", "エコシステム",
                      "コミュニティ", "エンタープライズサポート"):
        assert criterion in html


def test_no_report_string_is_left_in_english(context: dict[str, Any]) -> None:
    """No template or report message, criterion, rule reason or answer label is shown in
    English (the catalogue's completeness test makes each one translatable)."""
    text = _visible_text(render_html(context))
    body = text[:text.index("Appendix / 付録")]
    english = [str(m.id) for m in read_po(catalogue_path("ja").open("rb"), locale="ja")
               if m.id and m.string != m.id and "%(" not in m.id and "{" not in m.id]
    texts = model_texts("ja")
    assert texts is not None
    english += [en for en, ja in [*texts.pairs, *texts.labels.items()] if en != ja]
    for message in english:
        if len(message) > 3 and (" " in message or message[0].isupper()):
            assert not re.search(rf"(?<![\w-]){re.escape(message)}(?![\w-])", body), message
    assert _japanese_share(body) > 0.8


def test_markdown_record_is_japanese(context: dict[str, Any]) -> None:
    markdown = render_markdown(context)
    assert markdown.startswith("---\nstatus: proposed\ndate: 2026-01-02\n")
    for heading in ("# 店舗棚画像認識 のフレームワーク: PyTorch", "## 背景と課題", "## 判断基準",
                    "## 検討した選択肢", "## 決定事項", "### 影響", "## 各選択肢の長所と短所",
                    "## 補足情報"):
        assert f"\n{heading}\n" in markdown, heading
    assert "採用する選択肢: 「PyTorch」。" in markdown
    assert "既存のモデルが TensorFlow で書かれていたら、TensorFlow が推奨されます。" in markdown
    # The decision model's risk for the target, in its Japanese words.
    assert "スマートフォンでは PyTorch は ExecuTorch(2025年10月に 1.0)で動かすが" in markdown
    assert "サポート対象で最も遅い端末で動かす" in markdown
    # Japanese runs are left whole: no invisible break opportunities inside them.
    assert "\u200b" not in markdown
    assert _japanese_share(markdown[:markdown.index("## 補足情報")]) > 0.8


def test_dates_are_written_the_japanese_way(context: dict[str, Any]) -> None:
    html = render_html(context)
    assert "2026年1月2日" in html and "評価日時 2026年1月2日 03:04 UTC" in html
    assert "知識の基準日 2026年9月18日" in html
    assert "計測日時:</strong> 2026年11月22日 07:30 UTC" in html


def test_english_dates_are_a_day_and_a_minute_not_an_iso_timestamp() -> None:
    from advisor.i18n import format_moment

    assert format_moment("2026-12-07T07:19:20+00:00", "en") == "2026-12-07 07:19 UTC"
    assert format_moment("2026-12-07T16:19:20.5+09:00", "en") == "2026-12-07 16:19 UTC+09:00"
    assert format_moment("edited by hand", "en") == "edited by hand"


@pytest.mark.slow
def test_assess_lang_ja_writes_a_japanese_pdf_with_an_embedded_cjk_font(tmp_path: Path) -> None:
    from pypdf import PdfReader

    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(_answers(), allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [
        "assess", "--answers", str(answers), "--probe-results", str(PROBE_REPORT),
        "--format", "html,pdf,md", "--output", str(out), "--lang", "ja"])
    assert result.exit_code == 0, result.output
    pdf = next(out.glob("*.pdf"))
    assert {p.suffix for p in out.iterdir()} >= {".html", ".pdf", ".md"}
    assert '<html lang="ja">' in next(out.glob("*.html")).read_text(encoding="utf-8")
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert any("CJK" in name for name in _embedded_fonts(reader.pages[0]))
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")[:-1]
    assert PROJECT in pages[0] and "1. 決定事項" in pages[0]
    assert _japanese_share(pages[0]) > 0.8
    # The appendix starts on a page of its own whose heading begins "Appendix" (CONTRACT 6).
    from tests.report.test_pdf_layout import body_pages

    appendix = body_pages(pages)
    assert 2 <= appendix < len(pages)
    assert "Appendix / 付録" not in "".join(pages[:appendix])


@pytest.mark.slow
def test_at_390_px_the_japanese_report_is_no_wider_than_the_phone(
    context: dict[str, Any], tmp_path: Path
) -> None:
    from tests.conftest import require_tool
    from tests.report.test_chromium import CHROMIUM, width_at

    require_tool(Path(CHROMIUM).exists(), "chromium")
    document, viewport, widest = width_at(render_html(context), 390, tmp_path)
    assert viewport <= 390 and document <= viewport, widest
