"""`advisor assess ... --format json` writes the scored assessment; `advisor score` re-scores it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.options import FRAMEWORKS, OPTIONS
from tests.conftest import CliRunner, assert_clean_error, run_main, write
from tests.scoring.conftest import PROBE_REPORTS


@pytest.fixture
def saved(tmp_path: Path, example_answers: Path) -> Path:
    """A scored assessment of the example answers, written by `advisor assess` in-process."""
    out = tmp_path / "first"
    code = run_main(["assess", "-a", str(example_answers), "--no-probes", "-f", "json",
                     "-o", str(out)])
    assert code == 0
    return out / "retail-shelf-vision.json"


def test_assess_writes_every_scoring_key(saved: Path) -> None:
    data = json.loads(saved.read_text())
    for key in ("recommendation", "scores", "criteria", "constraints", "sensitivity",
                "decision_model", "answers", "probes"):
        assert key in data, key
    rec = data["recommendation"]
    assert rec["framework"] in OPTIONS
    assert 0 <= rec["confidence"] <= 1
    assert set(FRAMEWORKS) <= set(data["scores"])
    first = data["criteria"][0]
    for key in ("id", "weight", "ratings", "evidence", "label", "group", "weight_reasons",
                "base_ratings", "rating_sources", "contributions", "flip", "importance"):
        assert key in first, key
    assert data["decision_model"]["path"] == "questionnaires/decision_model.yaml"


def test_score_rescoring_is_byte_identical(saved: Path, run_cli: CliRunner,
                                           tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    first = run_cli("score", saved, "-o", a)
    second = run_cli("score", saved, "-o", b)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    name = "retail-shelf-vision.json"
    assert (a / name).read_bytes() == (b / name).read_bytes()
    assert json.loads((a / name).read_text())["recommendation"] == json.loads(
        saved.read_text())["recommendation"]
    lines = first.stdout.splitlines()
    # The verdict line of `advisor assess` and `advisor report`.
    assert lines[0].startswith(("Verdict: PyTorch (", "Verdict: TensorFlow (", "Verdict: Hybrid ("))
    assert "confidence" in lines[0] and "margin" in lines[0]
    assert str(a / name) in lines


def test_assess_is_deterministic_apart_from_created_at(
    run_cli: CliRunner, example_answers: Path, tmp_path: Path
) -> None:
    outputs = []
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        result = run_cli("assess", "-a", example_answers, "--no-probes", "-f", "json",
                         "-o", "out", cwd=tmp_path / folder)
        assert result.returncode == 0, result.stderr
        data = json.loads((tmp_path / folder / "out" / "retail-shelf-vision.json").read_text())
        data.pop("created_at")
        outputs.append(json.dumps(data, indent=2))
    assert outputs[0] == outputs[1]


def test_set_changes_answers_and_rescoring_follows(saved: Path, tmp_path: Path) -> None:
    out = tmp_path / "changed"
    code = run_main(["score", str(saved), "--set", "priorities.performance=1",
                     "--set", "stage=production", "--set", "deployment_targets=cloud_server",
                     "-o", str(out)])
    assert code == 0
    before = json.loads(saved.read_text())
    after = json.loads((out / "retail-shelf-vision.json").read_text())
    assert after["answers"]["priorities"]["performance"] == 1
    assert after["answers"]["stage"] == "production"
    assert after["answer_sources"]["priorities.performance"] == "set"
    assert after["answer_sources"]["stage"] == "set"
    assert after["answer_sources"]["domains"] == before["answer_sources"]["domains"]
    assert "mobile_platforms" not in after["answers"]  # no longer applies without mobile
    weights = {c["id"]: c["weight"] for c in after["criteria"]}
    assert weights["performance"] == 2  # priority 1, +1 for several GPUs (scale_multi_gpu)
    assert after["created_at"] == before["created_at"]
    assert after["recommendation"] != before["recommendation"]


def test_score_with_probe_evidence_kept(run_cli: CliRunner, tmp_path: Path,
                                        example_answers: Path) -> None:
    out = tmp_path / "p"
    result = run_cli("assess", "-a", example_answers, "--probe-results",
                     PROBE_REPORTS / "pytorch_faster.json", "-f", "json", "-o", out)
    assert result.returncode == 0, result.stderr
    rescored = run_cli("score", out / "retail-shelf-vision.json", "-o", tmp_path / "q")
    assert rescored.returncode == 0, rescored.stderr
    data = json.loads((tmp_path / "q" / "retail-shelf-vision.json").read_text())
    performance = next(c for c in data["criteria"] if c["id"] == "performance")
    assert any(e.startswith("measured:") for e in performance["evidence"])


def test_bad_set_value_is_exit_2(saved: Path, run_cli: CliRunner, tmp_path: Path) -> None:
    result = run_cli("score", saved, "--set", "priorities.performance=9", "-o", tmp_path / "o")
    assert_clean_error(result, "--set", "performance")
    assert not (tmp_path / "o").exists()


def test_other_schema_version_is_exit_2(saved: Path, run_cli: CliRunner, tmp_path: Path) -> None:
    data = json.loads(saved.read_text())
    data["schema_version"] = "2"
    old = write(tmp_path / "old.json", json.dumps(data))
    result = run_cli("score", old, "-o", tmp_path / "o")
    assert_clean_error(result, str(old), "schema_version", "'1'")


def test_missing_or_broken_assessment_is_exit_2(run_cli: CliRunner, tmp_path: Path) -> None:
    assert_clean_error(run_cli("score", tmp_path / "none.json"), "file not found")
    broken = write(tmp_path / "broken.json", "{not json")
    assert_clean_error(run_cli("score", broken), "invalid JSON")


def test_bad_decision_model_on_score_is_exit_2(saved: Path, run_cli: CliRunner,
                                               tmp_path: Path) -> None:
    model = write(tmp_path / "model.yaml", "schema_version: '1'\nversion: x\n")
    result = run_cli("score", saved, "--decision-model", model, "-o", tmp_path / "o")
    assert_clean_error(result, str(model))
    assert not (tmp_path / "o").exists()


def test_edited_answers_in_a_saved_assessment_are_validated(
    saved: Path, run_cli: CliRunner, tmp_path: Path
) -> None:
    data = json.loads(saved.read_text())
    data["answers"]["stage"] = "someday"
    edited = write(tmp_path / "edited.json", json.dumps(data))
    for extra in ([], ["--set", "scale=multi_node"]):
        result = run_cli("score", edited, *extra, "-o", tmp_path / "o")
        assert_clean_error(result, "stage", "someday")
