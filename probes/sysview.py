"""The system as the probes see it: a file-system root, an environment and a command runner.

Every detector reads through a `SystemView`, so tests point it at a recorded fake tree
(tests/assets/sysroots/...), a fake environment and recorded command outputs. Standard library
only: this module runs in the target interpreter.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Runs a command and returns its stdout, or None when it is missing, fails or times out.
CommandRunner = Callable[[Sequence[str]], "str | None"]

COMMAND_TIMEOUT_S = 10.0


def run_command(argv: Sequence[str]) -> str | None:
    """Run `argv` (no shell) and return its stdout if it exits 0."""
    if shutil.which(argv[0]) is None:
        return None
    try:
        result = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def replayed_commands(folder: Path) -> CommandRunner:
    """A runner answering from recorded outputs: FOLDER/<program>.txt is that program's stdout.

    A program with no recording is "not installed". Used by tests and for offline replays.
    """

    def run(argv: Sequence[str]) -> str | None:
        recording = folder / f"{Path(argv[0]).name}.txt"
        return recording.read_text(encoding="utf-8") if recording.is_file() else None

    return run


@dataclass(frozen=True)
class SystemView:
    """Where detectors look: `root` stands for /, `env` for os.environ, `run` for commands."""

    root: Path = Path("/")
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    run: CommandRunner = run_command
    system: str = field(default_factory=platform.system)
    machine: str = field(default_factory=platform.machine)

    @property
    def is_live(self) -> bool:
        """True when this is the real machine (so libraries such as psutil may be asked too)."""
        return self.root == Path("/")

    def path(self, absolute: str) -> Path:
        """`absolute` (e.g. "/proc/cpuinfo") under the root."""
        return self.root / absolute.lstrip("/")

    def read(self, absolute: str) -> str | None:
        """The text of a file under the root, or None if it cannot be read."""
        try:
            return self.path(absolute).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None

    def read_value(self, absolute: str) -> str | None:
        """A one-value sysfs file, stripped; None if missing or empty."""
        text = self.read(absolute)
        return text.strip() or None if text is not None else None

    def exists(self, absolute: str) -> bool:
        """Whether a path exists under the root."""
        return self.path(absolute).exists()

    def glob(self, absolute_pattern: str) -> list[Path]:
        """Sorted matches of a pattern under the root."""
        try:
            return sorted(self.root.glob(absolute_pattern.lstrip("/")))
        except OSError:
            return []

    def display(self, path: Path) -> str:
        """A path under the root shown as the absolute path it stands for."""
        try:
            return "/" + str(path.relative_to(self.root)).lstrip("/")
        except ValueError:
            return str(path)


def view_from_options(
    root: str | None, env_file: str | None, replay_commands: str | None
) -> SystemView:
    """A `SystemView` from the probes' common --root, --env-file and --replay-commands."""
    env: Mapping[str, str] = dict(os.environ)
    if env_file:
        loaded = json.loads(Path(env_file).read_text(encoding="utf-8"))
        env = {str(key): str(value) for key, value in loaded.items()}
    run = replayed_commands(Path(replay_commands)) if replay_commands else run_command
    if root is None or Path(root) == Path("/"):
        return SystemView(env=env, run=run)
    return SystemView(root=Path(root), env=env, run=run, system="Linux")
