"""Shared fixtures: paths to the checkout, runners for the real command line (in-process, and in
a subprocess where the process matters), the hypothesis profile and the rule for tests that need
a tool installed outside Python."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests import cli_runner

#: CI=true (as .ci/run sets it): every property test draws the same examples each run, so a
#: failure is reproducible and a pass is not luck. The example database would otherwise replay
#: old failures from .hypothesis/ in the checkout; it is off everywhere (pytest's tmp dirs are
#: per run, so a database there would never be read back).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI") == "true" else "dev"))

REPO = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).resolve().parent / "assets"
EXAMPLE_ANSWERS = REPO / "examples" / "answers.yaml"

#: The `run_cli` fixture: `run_cli(*args, cwd=, env=, stdin=, stdout_isatty=, ...)` -> Result.
CliRunner = Callable[..., cli_runner.Result]
#: The `run_process` fixture: `run_process(*args, cwd=, env=, input=, timeout=)`.
ProcessRunner = Callable[..., subprocess.CompletedProcess[str]]


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
    """Run `advisor ARGS` in-process (tests/cli_runner.py), in tmp_path unless `cwd` says."""

    def run(*args: str | os.PathLike[str], cwd: Path | None = None,
            **options: Any) -> cli_runner.Result:
        return cli_runner.run_cli(args, cwd=cwd or tmp_path, **options)

    return run


@pytest.fixture
def run_process(tmp_path: Path) -> ProcessRunner:
    """Run `python -m advisor ARGS` in a subprocess (stdin from /dev/null), as a pipeline would.

    For what only a real process shows; everything else runs faster with `run_cli`.
    """

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


def assert_clean_error(result: cli_runner.Result | subprocess.CompletedProcess[str],
                       *needles: str) -> None:
    """Exit 2, one message on stderr mentioning each needle, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def run_main(argv: Sequence[str], *, internal_error_ok: bool = False) -> int:
    """Run the CLI in-process on this process's streams (for capsys) and return its exit code.

    As with `run_cli`, an internal error raises with its traceback unless `internal_error_ok`.
    """
    from advisor.cli import main
    from advisor.cli.environment import Environment

    env = Environment.from_process(list(argv))
    env.traceback = not internal_error_ok
    return main(list(argv), env)


def in_ci() -> bool:
    """Whether this run is CI's (`CI=true`), where a missing tool is a failure, not a skip."""
    return os.environ.get("CI") == "true"


def require_tool(found: bool, what: str) -> None:
    """Skip the calling test when `what` is missing, but fail it loudly in CI.

    A developer without Chromium or tmux may skip those tests; CI must not pass them silently.
    """
    if found:
        return
    message = f"{what} is not installed (scripts/setup.sh --dev installs it)"
    if in_ci():
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)
