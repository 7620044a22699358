"""The bundled decision model holds the published matrix; broken models are refused clearly."""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.errors import DecisionModelError, ScoringError
from advisor.questionnaire import load_default_questionnaire
from advisor.questionnaire.answers import parse_set_options
from advisor.scoring import load_decision_model
from advisor.scoring.model import PUBLISHED_CRITERIA
from tests.conftest import REPO, CliRunner, assert_clean_error, run_main
from tests.scoring.conftest import bundled_model_data, scored, write_model

PUBLISHED = {
    # id: (default importance, PyTorch stars, TensorFlow stars) from the published matrix
    "research_velocity": (5, 5, 3),
    "production_readiness": (5, 3, 5),
    "learning_curve": (3, 5, 3),
    "performance": (5, 4, 4),
    "ecosystem": (3, 4, 5),
    "community": (3, 5, 4),
    "enterprise_support": (1, 3, 5),
}


def test_bundled_model_holds_the_published_matrix() -> None:
    model = load_decision_model().model
    for criterion_id, (importance, pt, tf) in PUBLISHED.items():
        criterion = model.criterion(criterion_id)
        assert criterion is not None and criterion.group == "published"
        assert criterion.importance == importance
        assert criterion.ratings == {"pytorch": pt, "tensorflow": tf}
    derived = {c.id for c in model.criteria if c.group == "derived"}
    assert {"deployment_fit", "hardware_fit", "domain_fit", "team_fit", "asset_fit"} <= derived


def test_every_rating_rule_and_constraint_has_a_dated_source() -> None:
    loaded = load_decision_model()
    model = loaded.model
    for item in [*model.criteria, *model.rules, *model.constraints]:
        assert item.source in model.sources
    assert model.knowledge_as_of == loaded.describe()["knowledge_as_of"]
    assert loaded.describe()["path"] == "questionnaires/decision_model.yaml"


def test_assessment_records_model_version_and_knowledge_date() -> None:
    # Expected values read from the file itself, not from the loader under test.
    path = REPO / "questionnaires" / "decision_model.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assessment = scored({})
    assert assessment.decision_model is not None
    assert assessment.decision_model["version"] == str(raw["version"])
    assert assessment.decision_model["knowledge_as_of"] == str(raw["knowledge_as_of"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", assessment.decision_model["knowledge_as_of"])
    assert assessment.decision_model["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert assessment.decision_model["path"] == "questionnaires/decision_model.yaml"


def _break(data: dict[str, Any], how: str) -> dict[str, Any]:
    data = copy.deepcopy(data)
    criteria = data["criteria"]
    if how == "unknown-criterion-in-rule":
        data["rules"][0]["weight"] = {"speed_of_light": 1}
    elif how == "unknown-published-criterion":
        criteria.append({**criteria[0], "id": "vibes"})
    elif how == "missing-published-criterion":
        data["criteria"] = [c for c in criteria if c["id"] != "community"]
    elif how == "rating-off-scale":
        criteria[2]["ratings"]["pytorch"] = 6
    elif how == "rating-below-scale":
        criteria[0]["ratings"]["tensorflow"] = 0
    elif how == "weights-sum-to-zero":
        for criterion in criteria:
            criterion["importance"] = 0
    elif how == "schema-version":
        data["schema_version"] = "99"
    elif how == "unknown-field":
        data["weights_mode"] = "magic"
    elif how == "unknown-source":
        criteria[0]["source"] = "a blog"
    elif how == "third-option":
        data["options"] = ["pytorch", "tensorflow", "jax"]
    elif how == "bad-condition":
        data["rules"][0]["when"] = {"question": "stage"}
    return data


BROKEN = {
    "unknown-criterion-in-rule": (
        "unknown criterion 'speed_of_light'", "rules[0] (stage_research).weight"
    ),
    # The index follows the bundled model's criteria: adding one must not break this test.
    "unknown-published-criterion": ("unknown published criterion 'vibes'", "(vibes).id"),
    "missing-published-criterion": ("published criteria are missing: community", "criteria"),
    "rating-off-scale": ("rating 6 for pytorch is off the scale", "learning_curve"),
    "rating-below-scale": ("off the scale", "allowed: 1 to 5"),
    "weights-sum-to-zero": ("sum to zero", "importance"),
    "schema-version": ("schema_version: '99' is not supported", "allowed: '1'"),
    "unknown-field": ("unknown field", "weights_mode"),
    "unknown-source": ("unknown source 'a blog'", "criteria[0] (research_velocity).source"),
    "third-option": ("options must be exactly the two frameworks", "options"),
    "bad-condition": ("exactly one of equals", "rules[0]"),
}


@pytest.mark.parametrize("how", sorted(BROKEN))
def test_broken_models_raise_decision_model_error(
    how: str, model_data: dict[str, Any], tmp_path: Path
) -> None:
    path = write_model(tmp_path / "model.yaml", _break(model_data, how))
    with pytest.raises(DecisionModelError) as caught:
        load_decision_model(path)
    message = str(caught.value)
    assert str(path) in message
    for needle in BROKEN[how]:
        assert needle in message, message


@pytest.mark.parametrize("how", ["unknown-criterion-in-rule", "rating-off-scale",
                                 "weights-sum-to-zero"])
def test_cli_refuses_broken_model_with_exit_2(
    how: str, model_data: dict[str, Any], tmp_path: Path, run_cli: CliRunner,
    example_answers: Path,
) -> None:
    path = write_model(tmp_path / "model.yaml", _break(model_data, how))
    result = run_cli("assess", "-a", example_answers, "--no-probes", "-f", "json",
                     "-o", tmp_path / "out", "--decision-model", path)
    assert_clean_error(result, str(path), BROKEN[how][0])
    assert not (tmp_path / "out").exists()


def test_missing_model_file_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(DecisionModelError, match="file not found"):
        load_decision_model(tmp_path / "nope.yaml")


def _model_with_a_rule_that_zeroes_every_weight(model_data: dict[str, Any], tmp_path: Path) -> Path:
    data = copy.deepcopy(model_data)
    data["rules"].append({
        "id": "erase_everything",
        "when": {"question": "stage", "equals": "research"},
        "weight": {c["id"]: -20 for c in data["criteria"]},
        "reason": "test",
        "source": "advisor",
    })
    return write_model(tmp_path / "m.yaml", data)


def test_rules_that_zero_every_weight_are_a_scoring_error(
    model_data: dict[str, Any], tmp_path: Path
) -> None:
    path = _model_with_a_rule_that_zeroes_every_weight(model_data, tmp_path)
    loaded = load_decision_model(path)
    with pytest.raises(ScoringError, match="weight is zero") as caught:
        scored({"stage": "research"}, decision_model=loaded)
    assert f"{path}: rules:" in str(caught.value)
    assert "erase_everything" in str(caught.value)


def test_cli_refuses_rules_that_zero_every_weight_with_exit_2(
    model_data: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _model_with_a_rule_that_zeroes_every_weight(model_data, tmp_path)
    answers = tmp_path / "a.yaml"
    answers.write_text("project_name: Demo\nstage: research\n", encoding="utf-8")
    code = run_main(["assess", "--answers", str(answers), "--no-probes", "--no-input", "-f",
                     "json", "-o", str(tmp_path / "out"), "--decision-model", str(path)])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("advisor: error:") == 1 and "Traceback" not in err
    assert f"{path}: rules:" in err and "weight is zero" in err and "allowed:" in err
    assert not (tmp_path / "out").exists()


def test_published_ids_match_the_questionnaire_priorities() -> None:
    from advisor.questionnaire import load_default_questionnaire

    priorities = load_default_questionnaire().get("priorities")
    assert priorities is not None
    assert tuple(c.id for c in priorities.criteria) == PUBLISHED_CRITERIA


def _variant(data: dict[str, Any], how: str) -> dict[str, Any]:
    data = copy.deepcopy(data)
    if how == "weight-range":
        data["weight_range"] = [5, 1]
    elif how == "duplicate-criterion":
        data["criteria"].append(copy.deepcopy(data["criteria"][0]))
    elif how == "rule-source":
        data["rules"][0]["source"] = "a blog"
    elif how == "rule-delta":
        rule = next(r for r in data["rules"] if r.get("ratings"))
        rule["ratings"][next(iter(rule["ratings"]))] = {"pytorch": 9}
    elif how == "risk-option":
        rule = next(r for r in data["rules"] if r["id"] == "target_mobile")
        rule["risk"]["options"] = ["jax"]
    return data


@pytest.mark.parametrize(("how", "field", "problem"), [
    ("weight-range", "weight_range", "weight_range must be [min, max] with 0 <= min < max"),
    # The copy of the first criterion lands after the bundled model's last one.
    ("duplicate-criterion", f"criteria[{len(bundled_model_data()['criteria'])}]"
                            " (research_velocity).id", "duplicate criterion id"),
    ("rule-source", "rules[0] (stage_research).source", "unknown source 'a blog'"),
    ("rule-delta", ".pytorch", "rating delta 9 for pytorch is larger than the scale"),
    ("risk-option", "(target_mobile).risk.options", "unknown option 'jax'"),
])
def test_each_inconsistency_names_its_field_exactly(
        how: str, field: str, problem: str, model_data: dict[str, Any], tmp_path: Path) -> None:
    # Written for mutation survivors: the field and problem, not only words of the message.
    path = write_model(tmp_path / "model.yaml", _variant(model_data, how))
    with pytest.raises(DecisionModelError) as caught:
        load_decision_model(path)
    error = caught.value
    assert error.file == str(path) and error.problem == problem
    assert error.field is not None and error.field.endswith(field), error.field
    if how == "rule-source":
        assert error.allowed is not None and error.allowed.split(", ")[0] == "matrix"
    if how == "rule-delta":
        assert error.allowed == "-4 to 4"


@pytest.mark.parametrize("emptied", [("rules",), ("rules", "constraints")])
def test_a_model_without_rules_scores_and_its_changes_still_verify(
    emptied: tuple[str, ...], model_data: dict[str, Any], tmp_path: Path
) -> None:
    """No rule (or no constraint either) is a valid model: scoring once crashed reshaping the
    empty matrix of rule deltas when it screened which answer changes would flip it."""
    for key in emptied:
        model_data[key] = []
    loaded = load_decision_model(write_model(tmp_path / "model.yaml", model_data))
    answers = {"deployment_targets": ["mobile"], "existing_assets": "tensorflow"}
    assessment = scored(answers, decision_model=loaded)
    assert assessment.recommendation is not None and assessment.scores is not None
    assert [c.id for c in assessment.criteria or []] == [c["id"] for c in model_data["criteria"]]
    assert assessment.recommendation.what_would_change_it
    questionnaire = load_default_questionnaire()
    for change in assessment.recommendation.what_would_change_it:
        changed = {**answers, **parse_set_options(change.set, questionnaire)}
        again = scored(changed, decision_model=loaded)
        assert again.recommendation is not None
        assert again.recommendation.framework == change.recommendation
