"""`advisor assess` reads its pipeline options from ADVISOR_* variables; options on the line win."""

from __future__ import annotations

import json
from pathlib import Path

from advisor.models import ProbeReport
from tests.conftest import REPO, CliRunner, assert_clean_error

ANSWERS = REPO / "examples" / "answers.yaml"
PROBES = REPO / "tests" / "assets" / "report" / "probe_report.json"


def test_environment_sets_output_format_and_probe_results(run_cli: CliRunner,
                                                          tmp_path: Path) -> None:
    env = {"ADVISOR_OUTPUT": str(tmp_path / "env-out"), "ADVISOR_FORMAT": "json,md",
           "ADVISOR_PROBE_RESULTS": str(PROBES), "ADVISOR_BUDGET": "quick"}
    result = run_cli("assess", "--answers", ANSWERS, env=env)
    assert result.returncode == 0, result.stderr
    written = sorted(p.suffix for p in (tmp_path / "env-out").iterdir())
    assert written == [".json", ".md", ".yaml"]
    (saved,) = (tmp_path / "env-out").glob("*.json")
    # The saved assessment carries the probe report's benchmarks as the model reads them
    # (typed fields a probe did not write are there with their defaults).
    probes = ProbeReport.model_validate_json(PROBES.read_text(encoding="utf-8"))
    assert json.loads(saved.read_text())["probes"]["benchmarks"] == [
        b.model_dump(mode="json") for b in probes.benchmarks]


def test_options_on_the_command_line_win_over_the_environment(run_cli: CliRunner,
                                                              tmp_path: Path) -> None:
    env = {"ADVISOR_OUTPUT": str(tmp_path / "env-out"), "ADVISOR_FORMAT": "json",
           "ADVISOR_NO_PROBES": "1"}
    result = run_cli("assess", "--answers", ANSWERS, "--format", "md,json", "-o",
                     tmp_path / "cli", env=env)
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in (tmp_path / "cli").iterdir()) == [".json", ".md", ".yaml"]
    assert not (tmp_path / "env-out").exists()
    (saved,) = (tmp_path / "cli").glob("*.json")
    assert json.loads(saved.read_text())["probes"] is None  # ADVISOR_NO_PROBES=1


def test_bad_values_in_the_environment_are_input_errors(run_cli: CliRunner,
                                                        tmp_path: Path) -> None:
    env = {"ADVISOR_OUTPUT": str(tmp_path / "out"), "ADVISOR_NO_PROBES": "1"}
    bad_budget = run_cli("assess", "--answers", ANSWERS, env={**env, "ADVISOR_BUDGET": "forever"})
    assert_clean_error(bad_budget, "--budget", "quick, standard, thorough")
    bad_format = run_cli("assess", "--answers", ANSWERS, env={**env, "ADVISOR_FORMAT": "docx"})
    assert_clean_error(bad_format, "unknown format 'docx'")
    assert not (tmp_path / "out").exists()


def test_help_shows_the_environment_variables(run_cli: CliRunner) -> None:
    result = run_cli("assess", "--help", env={"COLUMNS": "200"})
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for name in ("ADVISOR_OUTPUT", "ADVISOR_FORMAT", "ADVISOR_BUDGET", "ADVISOR_PROBE_RESULTS",
                 "ADVISOR_NO_PROBES"):
        assert f"env var: {name}" in text, name
