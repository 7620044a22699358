"""`advisor score --set` changes a saved assessment's answers, validated like `assess`."""

from __future__ import annotations

import pytest

from advisor.errors import AnswersError
from advisor.questionnaire import load_default_questionnaire
from advisor.scoring.answers_update import updated_answers
from tests.scoring.conftest import scored


def test_set_changes_one_answer_and_keeps_the_recorded_sources_of_the_others() -> None:
    assessment = scored({"stage": "research", "domains": ["vision"]})
    assessment = assessment.model_copy(update={
        "answer_sources": {**assessment.answer_sources, "domains": "prompt"},
        "answer_notes": ["an earlier note"]})
    changed = updated_answers(assessment, load_default_questionnaire(),
                              ["stage=production"], source="saved.json")
    assert changed.answers["stage"] == "production"
    assert changed.answers["domains"] == ["vision"]
    assert changed.answer_sources["stage"] == "set"
    assert changed.answer_sources["domains"] == "prompt"  # recorded source kept, not "file"
    assert changed.answer_notes[0] == "an earlier note"
    assert assessment.answers["stage"] == "research"  # the original is not modified


def test_another_questionnaire_is_refused_naming_the_file() -> None:
    assessment = scored({}).model_copy(update={"questionnaire": "other"})
    with pytest.raises(AnswersError) as caught:
        updated_answers(assessment, load_default_questionnaire(), [], source="saved.json")
    assert caught.value.file == "saved.json" and caught.value.field == "questionnaire"
    assert caught.value.problem == (
        "the assessment was made with questionnaire 'other', not 'default'")


def test_a_bad_set_value_is_an_answers_error() -> None:
    with pytest.raises(AnswersError):
        updated_answers(scored({}), load_default_questionnaire(), ["stage=launch"],
                        source="saved.json")
