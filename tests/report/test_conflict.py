"""Answers that pull both ways, on page one and in the Markdown record: said in the
questionnaire's words and the report's language, also for an assessment saved before the pulls
named their answers as data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from advisor.cli import app
from advisor.models import Assessment
from advisor.questionnaire import load_default_questionnaire
from advisor.report.context import build_report_context
from advisor.report.html import render_html
from advisor.report.markdown import render_markdown
from tests.report.conftest import ASSETS, real_assessment

#: An answer the way `--set` writes it ("domains=nlp_llm,speech_audio").
SET_LABEL = re.compile(r"\b[a-z]+(?:_[a-z]+)*=[a-z]")
ENGLISH = "The answers pull both ways"
JAPANESE = "回答が両方のフレームワークに引っ張っています"


@pytest.fixture(scope="module")
def mobile_team() -> Assessment:
    """The mobile team's profile: its answers pull hard towards both frameworks."""
    assessment = real_assessment(
        answers=yaml.safe_load((ASSETS / "report" / "mobile_team.yaml").read_text("utf-8")))
    assert assessment.recommendation and assessment.recommendation.conflict
    return assessment


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _conflict_row(html: str) -> str:
    """The page-one row on conflicting answers, as text (without the break opportunities the
    report inserts in long words)."""
    found = re.search(r'<div class="conflict">(.*?)</div>', html, re.S)
    assert found, "page one has no conflicting-answers row"
    return _text(found.group(1)).replace("\u200b", "")


def _paragraph(markdown: str, start: str) -> str:
    """The Markdown record's paragraph that begins with `start`, as one line."""
    (found,) = [p for p in markdown.split("\n\n") if p.strip().startswith(start)]
    return " ".join(found.split())


def _renders(assessment: Assessment, lang: Any = "en") -> tuple[str, str]:
    html = render_html(build_report_context(assessment, lang=lang))
    markdown = render_markdown(build_report_context(assessment, charts=False, lang=lang))
    return html, markdown


def _without_conditions(assessment: Assessment) -> Assessment:
    """The assessment as an older advisor saved it: pulls labelled only as `--set` writes them."""
    data = json.loads(assessment.model_dump_json())
    for pull in data["recommendation"]["answer_pulls"]:
        del pull["conditions"]
    return Assessment.model_validate(data)


def test_english_page_one_names_the_questions_and_answers_not_set_keys(
    mobile_team: Assessment,
) -> None:
    html, markdown = _renders(mobile_team)
    row = _conflict_row(html)
    assert row.startswith("Conflicting answers The answers pull both ways. Towards PyTorch (")
    assert "Which problem domains does the project cover? Speech and audio, NLP and large" \
           " language models (" in row
    assert "Where will the trained models run? Mobile apps, Microcontrollers, Edge" \
           " accelerators (" in row
    assert "Only 0.02 points separate the two frameworks" in row
    assert not SET_LABEL.search(row), row
    # Scoring's own sentence (for pipelines) is not what the reader gets.
    assert mobile_team.recommendation and "domains=" in str(mobile_team.recommendation.conflict)
    assert html.count(ENGLISH) == 1
    assert _paragraph(markdown, ENGLISH) == row.removeprefix("Conflicting answers ")


def test_japanese_page_one_says_the_conflict_in_japanese(mobile_team: Assessment) -> None:
    html, markdown = _renders(mobile_team, "ja")
    row = _conflict_row(html)
    assert row.startswith(f"相反する回答 {JAPANESE}。PyTorch 寄り(計 ")
    assert "プロジェクトが扱う問題の分野は?「音声、自然言語処理と大規模言語モデル」(" in row
    assert ("学習済みモデルはどこで動かしますか?"
            "「モバイルアプリ、マイコン、エッジアクセラレーター」(") in row
    for english in (ENGLISH, "towards", "Towards", "points", "domains", "deployment_targets"):
        assert english not in row, english
    assert not SET_LABEL.search(row), row
    assert ENGLISH not in html and ENGLISH not in markdown
    assert _paragraph(markdown, JAPANESE) == row.removeprefix("相反する回答 ")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_an_assessment_saved_before_the_conditions_reads_the_same(
    mobile_team: Assessment, lang: Any
) -> None:
    html, markdown = _renders(mobile_team, lang)
    old_html, old_markdown = _renders(_without_conditions(mobile_team), lang)
    assert _conflict_row(old_html) == _conflict_row(html)
    assert old_markdown == markdown


def test_advisor_report_renders_an_old_assessment_in_japanese(
    mobile_team: Assessment, tmp_path: Path
) -> None:
    old = tmp_path / "old.json"
    old.write_text(_without_conditions(mobile_team).model_dump_json(), encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(old), "--format", "html,md",
                                      "--output", str(tmp_path / "out"), "--lang", "ja"])
    assert result.exit_code == 0, result.output
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    row = _conflict_row(html)
    assert row.startswith(f"相反する回答 {JAPANESE}") and "分野は?「音声、" in row
    assert ENGLISH not in html and not SET_LABEL.search(row)


def test_without_pulls_a_japanese_report_says_the_conflict_without_english(
    mobile_team: Assessment,
) -> None:
    rec = mobile_team.recommendation
    assert rec is not None
    bare = mobile_team.model_copy(update={
        "recommendation": rec.model_copy(update={"answer_pulls": []})})
    assert _conflict_row(_renders(bare, "ja")[0]) == (
        "相反する回答 回答が両方のフレームワークに強く引っ張っています。決める前に、"
        "どちらを重視するかをチームで合意してください。")
    # In English, scoring's own sentence is all there is to say.
    assert _conflict_row(_renders(bare)[0]) == f"Conflicting answers {rec.conflict}"


def test_long_answers_name_fewer_pulls_rather_than_cut_the_line(
    mobile_team: Assessment,
) -> None:
    questionnaire = load_default_questionnaire()
    rec = mobile_team.recommendation
    assert rec is not None
    # Every list answer at all its choices: three pulls each way no longer fit page one's row.
    long_pulls = [{**p, "conditions": [
        {"question": c["question"], "answer": [ch.value for ch in
                                                questionnaire.get(c["question"]).choices]}
        if isinstance(c["answer"], list) else c for c in p["conditions"]]}
        for p in rec.answer_pulls]
    long = mobile_team.model_copy(update={
        "recommendation": rec.model_copy(update={"answer_pulls": long_pulls})})
    for lang in ("en", "ja"):
        row = _conflict_row(_renders(long, lang)[0])
        assert "left out" not in row and "省略" not in row, row
        assert len(row) <= 620, len(row)
        assert row.count("(0.") < 5  # fewer than the three each way named above
        assert "(0.74)" in row and "(0.55)" in row  # the strongest each way still named
        assert " and 5 more (0.55)" in row or " ほか 5 件」(0.55)" in row  # 9 domains, 4 named
