"""The decision model's and the questionnaire's texts in Japanese, and scoring's sentences."""

from __future__ import annotations

import re

import pytest
import yaml

from advisor.i18n import report_language
from advisor.models.assessment import AnswerChange
from advisor.report.changes import change_text
from advisor.report.model_texts import missing_texts, model_texts
from advisor.report.scoring_text import scoring_sentence
from tests.conftest import ASSETS, EXAMPLE_ANSWERS
from tests.report.conftest import real_assessment

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_every_text_of_the_decision_model_and_questionnaire_has_its_japanese() -> None:
    """A rule, constraint, bridge, wording or question added in English without its Japanese in
    questionnaires/decision_model.ja.yaml or default.ja.yaml fails here."""
    assert missing_texts("ja") == []


def test_texts_are_found_by_their_english_whole_words_only() -> None:
    with report_language("ja"):
        texts = model_texts("ja")
        assert texts is not None
        assert texts.labels["Research velocity"] == "研究開発速度"
        assert dict(texts.pairs)["The team uses PyTorch daily."] == (
            "チームは PyTorch を日常的に使っている。")
    from advisor.report.model_texts import translate

    with report_language("ja"):
        assert translate("+2.0: The team uses PyTorch daily. [rule x]") == (
            "+2.0: チームは PyTorch を日常的に使っている。 [rule x]")
        assert translate("Performances") == "Performances"  # not a whole word
        assert translate("Research velocity") == "研究開発速度"  # a label, where it is the value
        # ... but not inside a name: the choice label "Microcontrollers" is no sentence.
        assert "LiteRT for Microcontrollers" in translate(
            "ExecuTorch 1.0 runs on Arm Cortex-M and Ethos-U, but fewer boards and operators than"
            " LiteRT for Microcontrollers; check your board.")
    assert translate("Research velocity") == "Research velocity"  # English report


def test_changes_are_said_again_in_japanese_from_the_answers_they_set() -> None:
    answers = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    answers["priorities"] = {"performance": 5}
    cases = {
        ("existing_assets=tensorflow",): "既存のモデルが TensorFlow で書かれていたら、TensorFlow"
                                         " が推奨されます。",
        ("deployment_targets=cloud_server",): "デプロイ先からモバイルアプリを外したら、TensorFlow"
                                               " が推奨されます。",
        ("priorities.performance=2", "existing_assets=tensorflow"): (
            "パフォーマンスの重要度が下がり、優先度が 5 ではなく 2 だったら、かつ既存のモデルが"
            " TensorFlow で書かれていたら、TensorFlow が推奨されます。"),
    }
    for assignments, expected in cases.items():
        entry = AnswerChange(set=list(assignments), recommendation="tensorflow", text="English.")
        with report_language("ja"):
            assert change_text(entry, answers) == expected
        assert change_text(entry, answers) == "English."


@pytest.mark.parametrize("answers_file", [EXAMPLE_ANSWERS, ASSETS / "report" / "mobile_team.yaml"])
def test_every_sentence_scoring_writes_has_a_japanese_template(answers_file) -> None:  # type: ignore[no-untyped-def]
    """When scoring words a sentence differently, its template in advisor.report.scoring_text
    must follow, or the Japanese report would show it in English: this fails first."""
    answers = yaml.safe_load(answers_file.read_text(encoding="utf-8"))
    assessment = real_assessment(answers=answers)
    rec = assessment.recommendation
    assert rec is not None
    sentences = [*rec.settle, *([rec.hybrid_note] if rec.hybrid_note else [])]
    sentences += [c.flip.text for c in assessment.criteria or [] if c.flip is not None]
    assert sentences
    with report_language("ja"):
        for sentence in sentences:
            for part in scoring_sentence(sentence).split("。"):
                assert not part or CJK.search(part), (sentence, part)
