"""`advisor assess --answers FILE --no-probes --format json` writes a valid assessment."""

from __future__ import annotations

import json
from pathlib import Path

from advisor.assessment_io import load_assessment
from tests.conftest import CliRunner, assert_clean_error, write


def test_writes_assessment_and_resolved_answers(
    run_cli: CliRunner, example_answers: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run_cli("assess", "--answers", example_answers, "--no-probes", "--format", "json",
                     "--output", out)
    assert result.returncode == 0, result.stderr
    assessment = load_assessment(out / "retail-shelf-vision.json")
    assert assessment.answers["project_name"] == "Retail shelf vision"
    assert assessment.probes is None
    data = json.loads((out / "retail-shelf-vision.json").read_text())
    assert data["schema_version"] == "1"
    assert data["probes"] is None
    assert (out / "retail-shelf-vision.answers.yaml").is_file()


def test_replaying_resolved_answers_gives_identical_answers(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    sparse = write(tmp_path / "sparse.yaml", "project_name: Sparse\nstage: research\n")
    first, second = tmp_path / "first", tmp_path / "second"
    assert run_cli("assess", "-a", sparse, "--no-probes", "-f", "json", "-o", first).returncode == 0
    replay = first / "sparse.answers.yaml"
    result = run_cli("assess", "-a", replay, "--no-probes", "-f", "json", "-o", second)
    assert result.returncode == 0, result.stderr
    a = json.loads((first / "sparse.json").read_text())
    b = json.loads((second / "sparse.json").read_text())
    assert a["answers"] == b["answers"]
    assert a["answer_sources"]["domains"] == "default"


def test_missing_required_answer_without_terminal_fails_fast(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    answers = write(tmp_path / "a.yaml", "stage: research\n")
    result = run_cli("assess", "-a", answers, "--no-probes", "-o", tmp_path / "o")
    assert_clean_error(result, "project_name")
    assert not (tmp_path / "o").exists()
