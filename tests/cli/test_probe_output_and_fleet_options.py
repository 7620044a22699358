"""`advisor probe --output -` (the report on stdout) and the options of `--ray` checked up front."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from advisor.cli.app import app
from advisor.cli.probe_fleet import node_arguments
from advisor.models import ProbeReport
from tests.conftest import ProcessRunner, assert_clean_error, cli_env, run_main


def test_output_dash_writes_the_report_to_stdout_and_progress_to_stderr(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_main(["probe", "--only", "hardware", "--output", "-"]) == 0
    out, err = capsys.readouterr()
    report = ProbeReport.model_validate(json.loads(out))  # stdout is exactly the document
    assert report.hardware is not None and [r.probe for r in report.probe_runs] == ["hardware"]
    assert "advisor: probe hardware: ok" in err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_busy_timeout_needs_ray(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(["probe", "--only", "hardware", "--busy-timeout", "5", "-o", "-"]) == 2
    assert "--busy-timeout: only applies to a fleet" in capsys.readouterr().err


def test_a_fleet_writes_a_folder_not_stdout(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    assert run_main(["probe", "--ray", "auto", "--output", "-"]) == 2
    assert "a fleet writes a folder of reports" in capsys.readouterr().err
    taken = tmp_path / "taken.json"
    taken.write_text("{}")
    assert run_main(["probe", "--ray", "auto", "--output", str(taken)]) == 2
    assert "is a file; with --ray, --output is the folder" in capsys.readouterr().err
    assert run_main(["probe", "--ray", "auto", "--only", "gpus", "-o", str(tmp_path)]) == 2
    assert "--only: unknown probe 'gpus'" in capsys.readouterr().err


def test_every_probe_option_but_the_fleets_own_goes_to_the_nodes() -> None:
    command = typer.main.get_command(app).commands["probe"]  # type: ignore[attr-defined]
    ctx = command.make_context("probe", [
        "--ray", "auto", "-o", "fleet", "--busy-timeout", "9", "--only", "hardware",
        "--only", "ecosystem", "--budget", "quick", "--python", "/opt/venv/bin/python",
        "--include-identifiers", "-v"])
    assert node_arguments(ctx) == ["--python", "/opt/venv/bin/python", "--only", "hardware",
                                   "--only", "ecosystem", "--include-identifiers", "--budget",
                                   "quick", "--verbose"]
    plain = command.make_context("probe", ["--ray", "auto"])
    assert node_arguments(plain) == []


def test_without_ray_installed_the_message_says_how_to_get_it(tmp_path: Path) -> None:
    code = ("import sys\nsys.modules['ray'] = None\nfrom advisor.cli import main\n"
            "sys.exit(main(['probe', '--ray', 'auto', '-o', 'fleet']))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=cli_env(), cwd=tmp_path, timeout=120, check=False)
    assert_clean_error(result, "--ray: Ray is not installed", "pip install 'advisor[fleet]'")


def test_an_unreachable_cluster_is_an_input_error_at_once(run_process: ProcessRunner,
                                                         tmp_path: Path) -> None:
    # A process of its own: a Ray driver, once connected, belongs to its process.
    pytest.importorskip("ray")
    result = run_process("probe", "--ray", "127.0.0.1:1", "-o", "fleet", timeout=120)
    assert_clean_error(result, "--ray: cannot reach the Ray cluster at '127.0.0.1:1'")
    assert list(tmp_path.iterdir()) == []  # no empty output folder left behind
    result = run_process("probe", "--ray", "auto", "-o", "fleet", timeout=120,
                     env={"RAY_ADDRESS": "no-port-here"})
    assert_clean_error(result, "'no-port-here' is not a cluster address")
