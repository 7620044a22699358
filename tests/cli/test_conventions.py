"""Command-line conventions shared by every command: completion, usage lines, metavars, defaults."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import typer

from advisor.cli import app
from tests.conftest import run_main
from tests.report.conftest import ASSESSMENTS

COMMANDS = ("assess", "batch", "probe", "questions", "report", "score")


def _options(command: str) -> dict[str, typer.models.OptionInfo]:
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    return {param.opts[0]: param for param in click_command.params if param.opts}


def test_show_completion_prints_a_bash_completion_script(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_main(["--show-completion", "bash"]) == 0
    script = capsys.readouterr().out
    assert "_ADVISOR_COMPLETE=complete_bash" in script and "complete " in script


@pytest.mark.parametrize("command", COMMANDS)
def test_usage_lines_write_required_arguments_bare(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main([command, "--help"]) == 0
    usage = capsys.readouterr().out.splitlines()[0]
    assert usage.startswith(f"Usage: advisor {command} [OPTIONS]")
    assert "{" not in usage, usage


def test_shared_options_have_the_same_metavar_and_default_everywhere() -> None:
    for command in ("assess", "batch", "probe"):
        assert _options(command)["--budget"].metavar == "quick|standard|thorough", command
    for command in ("assess", "batch", "report", "score"):
        output = _options(command)["--output"]
        assert output.metavar == "DIR" and output.envvar == "ADVISOR_OUTPUT", command
    assert {str(_options(c)["--output"].default) for c in ("assess", "report", "score")} == {
        "reports"}


def test_probe_help_says_that_benchmarks_run_by_default_and_how_long(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_main(["probe", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "benchmarks run by default" in text
    for budget in ("quick", "standard", "thorough"):
        assert budget in text


@pytest.mark.parametrize("command", ["report", "score"])
def test_report_and_score_write_into_reports_by_default_and_print_the_verdict(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    saved = Path(shutil.copy(ASSESSMENTS / "scored_no_probes.json", tmp_path / "in.json"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ADVISOR_OUTPUT", raising=False)
    assert run_main([command, str(saved), "--format", "md"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Verdict: ")
    assert (tmp_path / "reports" / "speech-on-the-edge.md").is_file()
    assert Path(lines[1]) == Path("reports") / "speech-on-the-edge.md"


def test_source_date_epoch_fixes_created_at_of_assess_like_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    from tests.conftest import EXAMPLE_ANSWERS

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    out = tmp_path / "out"
    assert run_main(["assess", "-a", str(EXAMPLE_ANSWERS), "--no-probes", "-f", "json",
                     "-o", str(out)]) == 0
    written = Path(capsys.readouterr().out.splitlines()[1])
    assert json.loads(written.read_text())["created_at"] == "2026-01-01T00:00:00+00:00"
