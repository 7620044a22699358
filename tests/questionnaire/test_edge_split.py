"""`edge_embedded` was split into `microcontroller` and `edge_accelerator`: old answers files still
load, read as both, with a note that says what happened and how to answer now."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.questionnaire import load_default_questionnaire, resolve_answers
from tests.conftest import run_main


def test_old_edge_answer_is_read_as_both_new_answers_with_a_note() -> None:
    resolved = resolve_answers(
        load_default_questionnaire(),
        file_answers={"project_name": "Old file",
                      "deployment_targets": ["cloud_server", "edge_embedded"]},
    )
    assert resolved.values["deployment_targets"] == [
        "cloud_server", "microcontroller", "edge_accelerator"]
    (note,) = resolved.notes
    assert "edge_embedded" in note and "microcontroller" in note and "edge_accelerator" in note


def test_the_old_value_is_not_offered_any_more() -> None:
    question = load_default_questionnaire().get("deployment_targets")
    assert question is not None
    offered = [c.value for c in question.offered_choices]
    assert "edge_embedded" not in offered
    assert {"microcontroller", "edge_accelerator"} <= set(offered)
    assert "edge_embedded" in question.choice_values  # still accepted (CONTRACT section 1)


def test_assess_says_so_on_stderr_and_records_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "old.yaml"
    answers.write_text("project_name: Old edge\ndeployment_targets: [edge_embedded]\n")
    code = run_main(["assess", "-a", str(answers), "--no-probes", "-f", "json",
                     "-o", str(tmp_path / "out")])
    assert code == 0
    assert "edge_embedded' is an old answer" in capsys.readouterr().err
    data = json.loads((tmp_path / "out" / "old-edge.json").read_text())
    assert data["answers"]["deployment_targets"] == ["microcontroller", "edge_accelerator"]
    assert any("edge_embedded" in n for n in data["answer_notes"])
