"""Without --probe-results or --no-probes, batch probes this machine once and saves the report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.models import ProbeReport
from tests.batch.conftest import probe_report_data, write_profile_folder
from tests.conftest import CliRunner, assert_clean_error, run_main


def test_probes_once_saves_the_report_and_resume_reuses_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import advisor.probing

    calls: list[dict[str, Any]] = []

    def fake_collect(**kwargs: Any) -> ProbeReport:
        calls.append(kwargs)
        return ProbeReport.model_validate(probe_report_data("Here", 1.0))

    monkeypatch.setattr(advisor.probing, "collect_probe_report", fake_collect)
    profiles = write_profile_folder(tmp_path / "profiles", 3)
    out = tmp_path / "out"
    args = ["batch", str(profiles), "-o", str(out), "--budget", "quick", "--json"]
    assert run_main(args) == 0
    assert len(calls) == 1 and calls[0]["budget"] == "quick"
    captured = capsys.readouterr()
    assert "probing this machine once" in captured.err
    document = json.loads(captured.out)
    saved = out / "this-machine.probe-results.json"
    assert document["machines"][0]["probe_results"] == str(saved)
    assert document["machines"][0]["hardware"] == "Here CPU"
    assessment = json.loads((out / "profile-001" / "project-001.json").read_text())
    assert assessment["probes"]["hardware"]["cpu"]["model"] == "Here CPU"
    assert assessment["command"][-2:] == ["--probe-results", str(saved)]

    assert run_main([*args, "--resume"]) == 0
    assert len(calls) == 1  # not probed again
    captured = capsys.readouterr()
    assert "3 profiles resumed" in captured.err


def test_cost_without_probe_results_is_an_input_error(run_cli: CliRunner, tmp_path: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 1)
    result = run_cli("batch", profiles, "--cost", "a.json=3", "-o", tmp_path / "out")
    assert_clean_error(result, "--cost needs --probe-results")


@pytest.mark.slow
def test_real_probing_of_this_machine(run_cli: CliRunner, tmp_path: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 2)
    out = tmp_path / "out"
    result = run_cli("batch", profiles, "-o", out, "--budget", "quick", "--json")
    assert result.returncode == 0, result.stderr
    saved = ProbeReport.model_validate_json((out / "this-machine.probe-results.json").read_text())
    assert saved.hardware is not None and saved.hardware.cpu.logical_cores
    assert json.loads(result.stdout)["totals"]["ok"] == 2
