"""The interactive questionnaire, driven through prompt_toolkit's pipe input."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from advisor.errors import Interrupted
from advisor.questionnaire import load_default_questionnaire, resolve_answers
from advisor.questionnaire.prompting import InteractivePrompter

ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
CTRL_C = "\x03"
PRIORITY_COUNT = 7


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def prompter(pipe: PipeInput, echoed: list[str]) -> InteractivePrompter:
    return InteractivePrompter(input=pipe, output=DummyOutput(), echo=echoed.append)


def ask(pipe: PipeInput, keys: str, fixed: dict[str, Any] | None = None) -> tuple[Any, list[str]]:
    echoed: list[str] = []
    pipe.send_text(keys)
    questionnaire = load_default_questionnaire()
    resolved = resolve_answers(
        questionnaire, set_answers=fixed or {}, prompter=prompter(pipe, echoed)
    )
    return resolved, echoed


def test_enter_everywhere_takes_the_defaults(pipe: PipeInput) -> None:
    # project name, then 11 single/multi choices, 7 priorities, then "Yes, continue".
    keys = "My project" + ENTER + ENTER * 11 + ENTER * PRIORITY_COUNT + ENTER
    resolved, echoed = ask(pipe, keys)
    questionnaire = load_default_questionnaire()
    assert resolved.values["project_name"] == "My project"
    for question in questionnaire.questions[1:]:
        if question.when is None:
            assert resolved.values[question.id] == question.default_value(), question.id
    assert resolved.sources["stage"] == "prompt"
    assert any("Your answers:" in text for text in echoed)
    assert any("Research favours fast iteration" in text for text in echoed)  # help is shown


def test_arrow_keys_choose_and_conditional_question_appears(pipe: PipeInput) -> None:
    keys = (
        "Phones" + ENTER
        + DOWN + ENTER  # stage: prototype (default) -> production
        + DOWN + SPACE + ENTER  # domains: + vision
        + DOWN * 2 + SPACE + ENTER  # deployment: cloud_server (default) + mobile
        + UP + ENTER  # mobile_platforms (conditional): both (default) -> ios
        + ENTER * 8 + ENTER * PRIORITY_COUNT + ENTER
    )
    resolved, _ = ask(pipe, keys)
    assert resolved.values["stage"] == "production"
    assert resolved.values["domains"] == ["vision"]
    assert resolved.values["deployment_targets"] == ["cloud_server", "mobile"]
    assert resolved.values["mobile_platforms"] == "ios"


def test_summary_shows_the_questions_and_labels_the_user_picked_from(pipe: PipeInput) -> None:
    keys = (
        "Phones" + ENTER
        + DOWN + ENTER  # stage: Production
        + DOWN + SPACE + ENTER  # domains: Computer vision
        + ENTER * 8 + ENTER * PRIORITY_COUNT + ENTER  # deployment targets are fixed below
    )
    _, echoed = ask(pipe, keys, {"deployment_targets": []})
    summary = next(text for text in echoed if "Your answers:" in text)
    questionnaire = load_default_questionnaire()
    stage = questionnaire.get("stage")
    team = questionnaire.get("team_pytorch_experience")
    priorities = questionnaire.get("priorities")
    assert stage is not None and team is not None and priorities is not None
    assert f"  {stage.prompt}\n      Production\n" in summary
    assert f"  {team.prompt}\n      {team.choices[1].label}\n" in summary  # the default, "some"
    assert "(none selected)" in summary  # deployment targets, set to none
    assert f"      {priorities.criteria[0].label}: 5 - critical" in summary
    # No raw ids: neither question ids nor choice values the user never saw.
    for raw in ("team_pytorch_experience", "  stage", "deployment_targets", "research_velocity",
                "(none)\n", " some\n", "prototype"):
        assert raw not in summary, (raw, summary)


def test_summary_lets_the_user_go_back_and_change_an_answer(pipe: PipeInput) -> None:
    keys = (
        "Changed" + ENTER + ENTER * 11 + ENTER * PRIORITY_COUNT
        + DOWN + ENTER  # "Change an answer"
        + DOWN + ENTER  # which: stage (second question)
        + DOWN * 2 + ENTER  # prototype -> research_to_production
        + ENTER  # confirm
    )
    resolved, echoed = ask(pipe, keys)
    assert resolved.values["stage"] == "research_to_production"
    assert sum("Your answers:" in text for text in echoed) == 2


def test_set_values_are_not_asked_again(pipe: PipeInput) -> None:
    fixed = {"project_name": "Fixed", "stage": "research", "priorities": {"performance": 1}}
    # 10 choices (no project name, no stage), 6 priorities (performance fixed), confirm.
    keys = ENTER * 10 + ENTER * (PRIORITY_COUNT - 1) + ENTER
    resolved, _ = ask(pipe, keys, fixed)
    assert resolved.values["project_name"] == "Fixed"
    assert resolved.sources["project_name"] == "set"
    assert resolved.values["priorities"]["performance"] == 1
    assert resolved.sources["priorities.performance"] == "set"
    assert resolved.sources["priorities.community"] == "prompt"


def test_empty_project_name_is_refused_until_corrected(pipe: PipeInput) -> None:
    keys = ENTER + "   " + ENTER + "ok" + ENTER + ENTER * 11 + ENTER * PRIORITY_COUNT + ENTER
    resolved, _ = ask(pipe, keys)
    assert resolved.values["project_name"] == "ok"


def test_ctrl_c_raises_interrupted(pipe: PipeInput) -> None:
    with pytest.raises(Interrupted):
        ask(pipe, "Half" + ENTER + CTRL_C)
