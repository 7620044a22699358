"""Shared fixtures: paths to the checkout and a runner for the real command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "assets"
EXAMPLE_ANSWERS = REPO / "examples" / "answers.yaml"

CliRunner = Callable[..., subprocess.CompletedProcess[str]]


def default_sigint() -> None:
    """Popen preexec_fn: SIGINT back to its default in the child.

    A test suite started in the background by a non-interactive shell inherits SIGINT ignored,
    and Python then installs no KeyboardInterrupt handler in the processes it starts; the tests
    that press Ctrl-C need the handler a terminal user has.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def process_alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie, dead but not yet reaped, does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for running `python -m advisor` from this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("COLUMNS", "120")
    env.update(extra or {})
    return env


@pytest.fixture
def run_cli(tmp_path: Path) -> CliRunner:
    """Run `python -m advisor ARGS` in a subprocess (stdin closed), as a pipeline would."""

    def run(
        *args: str | os.PathLike[str],
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 300,
        input: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "advisor", *map(str, args)],
            cwd=cwd or tmp_path,
            env=cli_env(env),
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


@pytest.fixture
def example_answers() -> Path:
    """The bundled example answers file."""
    return EXAMPLE_ANSWERS


def write(path: Path, text: str) -> Path:
    """Write a test input file and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def assert_clean_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 2, one message on stderr mentioning each needle, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def run_main(argv: Sequence[str]) -> int:
    """Run the CLI in-process (fast) and return its exit code."""
    from advisor.cli import main

    return main(list(argv))
