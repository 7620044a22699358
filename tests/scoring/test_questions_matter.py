"""Every question of the questionnaire moves the decision for some value (issue 17): on the
example profile or on the neutral one, some answer changes the scores. The project name only
names the report, and the questionnaire says so."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from advisor.questionnaire import load_default_questionnaire
from tests.conftest import EXAMPLE_ANSWERS, run_main
from tests.scoring.conftest import scored
from tests.scoring.test_profiles import NEUTRAL

QUESTIONNAIRE = load_default_questionnaire()


def _variants(question_id: str) -> list[Any]:
    """Every value a question can take (lists: each value alone and each pair with the
    first one; priorities: each criterion at each level)."""
    question = QUESTIONNAIRE.get(question_id)
    assert question is not None
    values = [c.value for c in question.offered_choices]
    if question.kind == "choice":
        return list(values)
    if question.kind == "multi_choice":
        return [[v] for v in values] + [[values[0], v] for v in values[1:]]
    return [{c.id: level} for c in question.criteria for level in range(1, 6)]


def _scores(answers: dict[str, Any]) -> dict[str, float]:
    assessment = scored(answers)
    assert assessment.scores is not None
    return dict(assessment.scores)


@pytest.mark.parametrize(
    "question_id", [q.id for q in QUESTIONNAIRE.questions if q.id != "project_name"]
)
def test_some_value_of_every_question_changes_the_scores(question_id: str) -> None:
    example = yaml.safe_load(EXAMPLE_ANSWERS.read_text())
    for base in (example, NEUTRAL):
        before = _scores(base)
        for value in _variants(question_id):
            if question_id == "priorities":
                value = {**(base.get("priorities") or {}), **value}
            if _scores({**base, question_id: value}) != before:
                return
    pytest.fail(f"no value of {question_id} changes the scores of the example or neutral profile")


def test_the_questionnaire_lists_every_question_and_says_the_name_is_context(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_main(["questions", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    ids = [q["id"] for q in document["questionnaire"]["questions"]]
    assert ids[0] == "project_name" and "mobile_platforms" in ids and "cloud_platform" in ids
    assert "only names the report" in document["questionnaire"]["description"]
