"""The interactive questionnaire end to end in a real pseudo-terminal (tmux), as a user types."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, require_tool

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _tmux_installed() -> None:
    require_tool(shutil.which("tmux") is not None, "tmux")


class Terminal:
    """A tmux session running one command; keys in, screen text out."""

    def __init__(self, name: str, command: str) -> None:
        self.name = name
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "50", command],
            check=True,
        )

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-t", self.name, "-p"], capture_output=True, text=True,
            check=False,
        ).stdout

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False,
                       capture_output=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path, Path]]:
    out = tmp_path / "out"
    status = tmp_path / "status"
    advisor = " ".join(
        shlex.quote(part)
        for part in (sys.executable, "-m", "advisor", "assess", "--no-probes", "--format", "json",
                     "--output", str(out))
    )
    command = (
        f"cd {shlex.quote(str(tmp_path))} && PYTHONPATH={shlex.quote(str(REPO))} {advisor};"
        f" echo $? > {shlex.quote(str(status))}; sleep 60"
    )
    term = Terminal(f"advisor-test-{tmp_path.name}", command)
    try:
        yield term, out, status
    finally:
        term.close()


def wait_status(status: Path, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if status.exists() and status.read_text().strip():
            return int(status.read_text())
        time.sleep(0.2)
    raise AssertionError("the command did not finish")


def test_user_answers_in_a_terminal_and_gets_an_assessment(
    terminal: tuple[Terminal, Path, Path],
) -> None:
    term, out, status = terminal
    term.wait_for("What is the project called?")
    term.keys("Typed in tmux", "Enter")
    term.wait_for("Which stage is the project in?")
    term.keys("Down", "Enter")  # prototype -> production
    term.wait_for("Which problem domains")
    term.keys("Down", "Space", "Enter")  # vision
    term.wait_for("Where will the trained models run?")
    for _ in range(9 + 7):
        term.keys("Enter")
    term.wait_for("Use these answers?")
    screen = term.screen()
    # The summary says the answers in the words picked from (labels), not their ids.
    assert "Which stage is the project in?\n      Production\n" in screen
    assert "Computer vision" in screen and "  stage " not in screen
    term.keys("Enter")
    assert wait_status(status) == 0
    written = (out / "typed-in-tmux.json").read_text()
    assert '"stage": "production"' in written
    assert '"project_name": "Typed in tmux"' in written


def test_ctrl_c_exits_130_and_writes_nothing(terminal: tuple[Terminal, Path, Path]) -> None:
    term, out, status = terminal
    term.wait_for("What is the project called?")
    term.keys("Quitter", "Enter")
    term.wait_for("Which stage is the project in?")
    term.keys("C-c")
    assert wait_status(status) == 130
    assert not out.exists()
    assert "Traceback" not in term.screen()
