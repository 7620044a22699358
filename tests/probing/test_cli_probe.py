"""`advisor probe` and the probing in `advisor assess`, run as a pipeline would."""

from __future__ import annotations

import json
import os
from pathlib import Path

from advisor.assessment_io import load_probe_report
from tests.conftest import CliRunner, assert_clean_error


def test_probe_hardware_and_ecosystem_writes_a_valid_report(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "nested" / "probe.json"
    result = run_cli("probe", "--only", "hardware,ecosystem", "--output", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert "probe hardware: ok" in result.stderr and "probe ecosystem: ok" in result.stderr
    report = load_probe_report(out)
    assert report.hardware is not None
    assert report.hardware.cpu.logical_cores == os.cpu_count()
    assert set(report.ecosystem) == {"pytorch", "tensorflow", "shared"}
    assert report.frameworks == {} and report.failures == []
    assert [run.probe for run in report.probe_runs] == ["hardware", "ecosystem"]
    assert report.identifiers_included is False
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".part")]


def test_default_output_is_under_reports(run_cli: CliRunner, tmp_path: Path) -> None:
    result = run_cli("probe", "--only", "ecosystem")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "reports" / "probe-report.json").is_file()


def test_unknown_only_value_lists_the_allowed_names(run_cli: CliRunner, tmp_path: Path) -> None:
    result = run_cli("probe", "--only", "hardware,gpus", "-o", tmp_path / "p.json")
    assert_clean_error(result, "--only", "'gpus'", "allowed: hardware, frameworks, ecosystem")
    assert not (tmp_path / "p.json").exists()


def test_output_that_is_a_folder_is_a_usage_error(run_cli: CliRunner, tmp_path: Path) -> None:
    assert_clean_error(run_cli("probe", "--only", "ecosystem", "-o", tmp_path), "--output",
                       "is a folder")


def test_saved_report_feeds_assess_without_probing_again(
    run_cli: CliRunner, tmp_path: Path, example_answers: Path
) -> None:
    saved = tmp_path / "probe.json"
    assert run_cli("probe", "--only", "hardware,ecosystem", "-o", saved).returncode == 0
    out = tmp_path / "out"
    result = run_cli("assess", "-a", example_answers, "--probe-results", saved, "-f", "json",
                     "-o", out)
    assert result.returncode == 0, result.stderr
    assert "probe hardware" not in result.stderr  # nothing was probed
    data = json.loads((out / "retail-shelf-vision.json").read_text())
    assert data["probes"]["hardware"] == json.loads(saved.read_text())["hardware"]


def test_bad_python_and_budget_are_usage_errors(run_cli: CliRunner, tmp_path: Path) -> None:
    assert_clean_error(run_cli("probe", "--python", tmp_path / "missing"), "--python",
                       "does not exist")
    text_file = tmp_path / "not-python.txt"
    text_file.write_text("hello")
    assert_clean_error(run_cli("probe", "--python", text_file), "--python", "not an executable")
    assert_clean_error(run_cli("probe", "--budget", "forever"), "--budget",
                       "quick, standard, thorough")


def test_frameworks_of_an_environment_without_them_are_skipped(
    run_cli: CliRunner, tmp_path: Path, bare_python: Path
) -> None:
    out = tmp_path / "p.json"
    result = run_cli("probe", "--python", bare_python, "--only", "frameworks,hardware", "-o", out)
    assert result.returncode == 0, result.stderr
    report = load_probe_report(out)
    assert report.frameworks["pytorch"].installed is False
    assert report.frameworks["tensorflow"].installed is False
    assert {(f.probe, f.kind) for f in report.failures} == {
        ("framework_torch", "skipped"), ("framework_tensorflow", "skipped")}
    assert "torch is not installed" in report.failures[0].reason
    # hardware still works without psutil in the target interpreter
    assert report.hardware is not None and report.hardware.cpu.logical_cores == os.cpu_count()


def test_failing_probes_exit_1_and_the_report_is_still_written(
    run_cli: CliRunner, tmp_path: Path, broken_python: Path
) -> None:
    out = tmp_path / "p.json"
    result = run_cli("probe", "--python", broken_python, "--only", "hardware,ecosystem", "-o",
                     out, "--verbose")
    assert result.returncode == 1, result.stderr
    # The hardware probe runs under advisor's own interpreter, whatever --python names.
    assert "1 probe(s) failed: ecosystem" in result.stderr
    assert "broken interpreter: cannot start" in result.stderr  # --verbose shows the tail
    data = json.loads(out.read_text())
    assert [(f["probe"], f["kind"]) for f in data["failures"]] == [("ecosystem", "failed")]
    assert data["hardware"]["cpu"]["logical_cores"] == os.cpu_count()
    assert "exited with status 3" in data["failures"][0]["reason"]
    assert "cannot start" in data["failures"][0]["reason"]


def test_assess_probes_the_given_interpreter(
    run_cli: CliRunner, tmp_path: Path, example_answers: Path, bare_python: Path
) -> None:
    out = tmp_path / "out"
    result = run_cli("assess", "-a", example_answers, "--python", bare_python, "-f", "json",
                     "-o", out)
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "retail-shelf-vision.json").read_text())
    probes = data["probes"]
    assert probes["hardware"]["cpu"]["logical_cores"] == os.cpu_count()
    assert probes["frameworks"]["pytorch"]["installed"] is False


def test_assess_exits_1_when_a_probe_fails_but_writes_its_outputs(
    run_cli: CliRunner, tmp_path: Path, example_answers: Path, broken_python: Path
) -> None:
    out = tmp_path / "out"
    result = run_cli("assess", "-a", example_answers, "--python", broken_python, "-f", "json",
                     "-o", out)
    assert result.returncode == 1, result.stderr
    assert "probe(s) failed" in result.stderr
    data = json.loads((out / "retail-shelf-vision.json").read_text())
    assert {f["kind"] for f in data["probes"]["failures"]} == {"failed"}


def test_assess_rejects_a_bad_python_before_doing_anything(
    run_cli: CliRunner, tmp_path: Path, example_answers: Path
) -> None:
    result = run_cli("assess", "-a", example_answers, "--python", tmp_path / "nope", "-o",
                     tmp_path / "out")
    assert_clean_error(result, "--python")
    assert not (tmp_path / "out").exists()


def test_include_identifiers_adds_this_machines_names_and_only_then(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    import socket

    plain, named = tmp_path / "plain.json", tmp_path / "named.json"
    assert run_cli("probe", "--only", "hardware", "-o", plain).returncode == 0
    result = run_cli("probe", "--only", "hardware", "--include-identifiers", "-o", named)
    assert result.returncode == 0, result.stderr
    with_ids = json.loads(named.read_text())
    assert with_ids["identifiers_included"] is True
    assert with_ids["hardware"]["identifiers"]["hostname"] == socket.gethostname()
    assert with_ids["hardware"]["os"]["hostname"] == socket.gethostname()
    without = json.loads(plain.read_text())
    assert without["identifiers_included"] is False
    assert "identifiers" not in without["hardware"] and "hostname" not in without["hardware"]["os"]
    assert f'"{socket.gethostname()}"' not in plain.read_text()
    for mac in with_ids["hardware"]["identifiers"]["mac_addresses"].values():
        assert mac not in plain.read_text()
