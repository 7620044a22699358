"""The command line reads and writes through one Environment: a terminal or a pipe is a flag.

Each test runs the real app in-process (tests/cli_runner.py) with the streams a user would have.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.cli.environment import Environment
from advisor.exit_status import ExitStatus
from tests.conftest import EXAMPLE_ANSWERS, CliRunner


def test_questions_piped_is_plain_text_and_in_a_terminal_is_laid_out(run_cli: CliRunner) -> None:
    piped = run_cli("questions")
    assert piped.returncode == 0, piped.stderr
    assert "\x1b[" not in piped.stdout
    assert all(line == line.rstrip() for line in piped.stdout.splitlines())
    assert max(map(len, piped.stdout.splitlines())) > 80  # no wrapping for grep and diff

    terminal = run_cli("questions", stdout_isatty=True, width=60)
    assert terminal.returncode == 0, terminal.stderr
    assert "\x1b[1m" in terminal.stdout  # bold headings
    shown = [line for line in terminal.stdout.splitlines() if "\x1b" not in line]
    assert shown and max(map(len, shown)) <= 60  # wrapped to the terminal's width


def test_the_recorded_command_is_the_runs_own_not_the_test_runners(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    result = run_cli("assess", "-a", EXAMPLE_ANSWERS, "--no-probes", "-f", "json", "-o", "out")
    assert result.returncode == 0, result.stderr
    (saved,) = (tmp_path / "out").glob("*.json")
    assert json.loads(saved.read_text())["command"] == [
        "advisor", "assess", "-a", str(EXAMPLE_ANSWERS), "--no-probes", "-f", "json",
        "-o", "out"]
    assert result.files == tuple(sorted(p.relative_to(tmp_path)
                                        for p in (tmp_path / "out").iterdir()))


def test_environment_variables_apply_to_the_run_only(run_cli: CliRunner) -> None:
    import os

    bad = run_cli("assess", "--no-probes", "-a", EXAMPLE_ANSWERS, env={"ADVISOR_LANG": "fr"})
    assert bad.returncode == ExitStatus.USAGE and "fr" in bad.stderr
    assert "ADVISOR_LANG" not in os.environ or os.environ["ADVISOR_LANG"] != "fr"


def test_an_internal_error_fails_the_test_with_its_traceback(
    run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("advisor.questionnaire.load_default_questionnaire", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        run_cli("questions")
    mapped = run_cli("questions", internal_error_ok=True)
    assert mapped.exit_code == ExitStatus.INTERNAL_ERROR
    assert "internal error: RuntimeError: a bug" in mapped.stderr
    assert "Traceback" not in mapped.stderr


def test_main_writes_only_to_the_environment_it_is_given() -> None:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err)
    assert main(["--version"], env) == 0
    assert out.getvalue().startswith("advisor ")
    assert main(["questions", "--frobnicate"], env) == ExitStatus.USAGE
    assert "No such option" in err.getvalue()


def test_no_command_reaches_around_the_environment() -> None:
    # Output written to sys's streams directly would escape run_cli, and an isatty() of its own
    # would make a terminal untestable in-process: only environment.py looks at the process.
    import ast

    import advisor.cli

    found = []
    for module in sorted(Path(advisor.cli.__file__).parent.glob("*.py")):
        if module.name == "environment.py":
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                    node.func.id == "print"):
                found.append(f"{module.name}:{node.lineno}: print()")
            elif isinstance(node, ast.Attribute) and (node.attr == "isatty" or (
                    ast.unparse(node) in {"sys.stdin", "sys.stdout", "sys.stderr", "sys.argv"})):
                found.append(f"{module.name}:{node.lineno}: {ast.unparse(node)}")
    assert found == []
