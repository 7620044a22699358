"""Questionnaire files: the default one, custom ones, and every way one can be wrong."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from advisor.paths import default_questionnaire_path
from advisor.questionnaire import load_default_questionnaire
from tests.conftest import EXAMPLE_ANSWERS, run_main, write

CONTRACT_IDS = {
    "project_name": None,
    "stage": ["research", "prototype", "production", "research_to_production"],
    "domains": ["nlp_llm", "vision", "generative", "speech_audio", "reinforcement_learning",
                "graph", "tabular", "time_series", "recommender"],
    "deployment_targets": ["cloud_server", "on_prem_server", "mobile", "edge_embedded", "browser",
                           "serverless", "batch_offline"],
    "hardware": ["nvidia_gpu", "amd_gpu", "google_tpu", "apple_silicon", "intel_gpu", "cpu_only"],
    "scale": ["single_device", "multi_gpu", "multi_node"],
    "team_pytorch_experience": ["none", "some", "strong"],
    "team_tensorflow_experience": ["none", "some", "strong"],
    "existing_assets": ["none", "pytorch", "tensorflow", "both"],
    "cloud_platform": ["gcp", "aws", "azure", "on_prem", "other", "none"],
    "model_customization": ["low", "medium", "high"],
    "mlops": ["none", "lightweight", "managed_pipelines"],
}
CRITERIA_DEFAULTS = {"research_velocity": 5, "production_readiness": 5, "learning_curve": 3,
                     "performance": 5, "ecosystem": 3, "community": 3, "enterprise_support": 1}


def test_default_questionnaire_holds_the_contract() -> None:
    questionnaire = load_default_questionnaire()
    for qid, values in CONTRACT_IDS.items():
        question = questionnaire.get(qid)
        assert question is not None, qid
        assert question.prompt and question.help, qid
        if values is not None:
            # Every contract value, in order; later values may be added (the edge split added
            # microcontroller and edge_accelerator; edge_embedded still loads, read as both).
            assert [v for v in question.choice_values if v in values] == values, qid
            assert all(c.description for c in question.choices), qid
    priorities = questionnaire.get("priorities")
    assert priorities is not None
    assert {c.id: c.default for c in priorities.criteria} == CRITERIA_DEFAULTS


def test_json_output_has_a_schema_that_accepts_the_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_main(["questions", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    schema = document["answers_schema"]
    jsonschema.Draft202012Validator.check_schema(schema)
    example = yaml.safe_load(EXAMPLE_ANSWERS.read_text())
    jsonschema.validate(example, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**example, "stage": "nope"}, schema)
    assert document["questionnaire"]["questions"][0]["id"] == "project_name"


def test_questions_shows_every_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(["questions"]) == 0
    out = capsys.readouterr().out
    for qid in CONTRACT_IDS:
        assert qid in out
    assert "Asked only when deployment_targets includes mobile" in out
    # Piped (capsys is not a terminal): plain lines, not padded or wrapped to 80 columns.
    lines = out.splitlines()
    assert all(line == line.rstrip() for line in lines)
    assert "\x1b[" not in out
    assert max(map(len, lines)) > 80  # a long help paragraph stays on one line


def test_validate_accepts_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(["questions", "--validate", str(default_questionnaire_path())]) == 0
    assert "valid questionnaire" in capsys.readouterr().out


def _custom(questions: str) -> str:
    return "schema_version: '1'\nid: custom\nquestions:\n" + questions


GOOD_CHOICE = """  - id: stage
    kind: choice
    prompt: Stage?
    default: a
    choices: [{value: a, label: A}, {value: b, label: B}]
"""


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        (_custom(GOOD_CHOICE + GOOD_CHOICE), ["duplicate question id 'stage'"]),
        (_custom(GOOD_CHOICE.replace("default: a", "default: c")),
         ["question 'stage'", "default 'c' is not among the choices (a, b)"]),
        (_custom("  - id: x\n    kind: choice\n    prompt: X?\n"),
         ["question 'x'", "needs `choices`"]),
        (_custom("  - id: x\n    kind: slider\n    prompt: X?\n"), ["question 'x'", "kind"]),
        (_custom("  - id: Bad-Id\n    kind: text\n    prompt: X?\n"),
         ["'Bad-Id' is not a valid id", "lower-case"]),
        (_custom("  - id: x\n    kind: text\n    prompt: X?\n    colour: red\n"),
         ["question 'x'", "colour", "unknown field"]),
        (_custom(GOOD_CHOICE + "  - id: y\n    kind: text\n    prompt: Y?\n"
                 "    when: {question: stage, equals: z}\n"),
         ["question 'y'", "'z' is not a choice of 'stage'"]),
        (_custom("  - id: y\n    kind: text\n    prompt: Y?\n"
                 "    when: {question: later, equals: z}\n"), ["not an earlier question"]),
        ("schema_version: '1'\nquestions: []\n", ["questions"]),
        ("questions:\n  - [1, 2]\n", ["question #1"]),
    ],
)
def test_invalid_questionnaires(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, needles: list[str]
) -> None:
    path = write(tmp_path / "q.yaml", text)
    assert run_main(["questions", "--validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert str(path) in err
    for needle in needles:
        assert needle in err, (needle, err)


def test_assess_with_a_custom_questionnaire(tmp_path: Path) -> None:
    questionnaire = write(
        tmp_path / "q.yaml",
        _custom("  - id: project_name\n    kind: text\n    prompt: Name?\n    required: true\n"
                + GOOD_CHOICE),
    )
    answers = write(tmp_path / "a.yaml", "project_name: Custom\nstage: b\n")
    code = run_main(["assess", "--questionnaire", str(questionnaire), "--answers", str(answers),
                     "--no-probes", "-f", "json", "-o", str(tmp_path / "out")])
    assert code == 0
    data = json.loads((tmp_path / "out" / "custom.json").read_text())
    assert data["questionnaire"] == "custom"
    assert data["answers"] == {"project_name": "Custom", "stage": "b"}
