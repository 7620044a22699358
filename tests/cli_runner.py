"""Run the real command line in-process: `run_cli(args, cwd=..., env=..., stdin=...)`.

httpie's pattern (its `tests/utils` `http()` helper): the app reads and writes only through an
`Environment` (advisor/cli/environment.py), so a test hands it its own streams, isatty flags,
terminal width and environment variables, runs the same `main()` the console script runs (the
same exit-code mapping), and gets back what a user would see. Starting a Python process per
command costs more than most commands; tests where the process itself matters (the console
script, signals, a real terminal, probes) start one with the `run_process` fixture instead.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from advisor.cli import main
from advisor.cli.environment import Environment
from advisor.exit_status import ExitStatus

#: What every run sees unless the test says otherwise: a fixed width, as the subprocess runs had.
DEFAULT_VARIABLES: Mapping[str, str] = {"COLUMNS": "120"}


@dataclass(frozen=True)
class Result:
    """What one run left: its exit code, its output and the files it wrote."""

    exit_code: int
    stdout: str
    stderr: str
    #: Files the run created or changed under its working folder, relative to it, sorted.
    files: tuple[Path, ...]

    @property
    def returncode(self) -> int:
        """`subprocess.CompletedProcess`'s name, so one assertion fits both kinds of run."""
        return self.exit_code


def run_cli(
    args: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path,
    env: Mapping[str, str | None] | None = None,
    stdin: str | None = None,
    stdin_isatty: bool = False,
    stdout_isatty: bool = False,
    stderr_isatty: bool = False,
    width: int | None = None,
    internal_error_ok: bool = False,
) -> Result:
    """Run `advisor ARGS` in this process, in folder `cwd`, and return what it left.

    `env` adds environment variables (None removes one) for the run only; `stdin` is the text
    it reads (default: empty, as from /dev/null); the isatty flags say which streams are a
    terminal (default: none, as in a pipeline). An internal error (exit code 70) raises, with
    its traceback, so the test fails there; `internal_error_ok` lets it be mapped to 70.
    """
    argv = [os.fspath(arg) for arg in args]
    stdout, stderr = _capture(), _capture(errors="backslashreplace")
    stdin_stream = io.StringIO(stdin or "")
    before = _snapshot(cwd)
    with _isolated(cwd, {**DEFAULT_VARIABLES, **(env or {})}, stdin_stream, stdout, stderr):
        environment = Environment(
            stdout=stdout, stderr=stderr, stdin=stdin_stream, stdin_isatty=stdin_isatty,
            stdout_isatty=stdout_isatty, stderr_isatty=stderr_isatty,
            variables=dict(os.environ), width=width, traceback=not internal_error_ok,
        )
        code = main(argv, environment)
    after = _snapshot(cwd)
    if not internal_error_ok:
        assert code != ExitStatus.INTERNAL_ERROR, (argv, _text(stderr))
    return Result(exit_code=code, stdout=_text(stdout), stderr=_text(stderr),
                  files=tuple(sorted(path for path, stamp in after.items()
                                     if before.get(path) != stamp)))


def _capture(errors: str = "strict") -> io.TextIOWrapper:
    # A text stream over bytes, as sys.stdout is: code that writes to `.buffer` works too.
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=errors, newline="",
                            write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8", "replace")


@contextlib.contextmanager
def _isolated(cwd: Path, variables: Mapping[str, str | None], stdin: io.StringIO,
              stdout: io.TextIOWrapper, stderr: io.TextIOWrapper) -> Iterator[None]:
    """This process as the run's: its folder, variables and streams; all put back after.

    sys's streams are swapped too, so that anything writing around the environment (Click's
    help, a library's warning) is captured rather than lost in pytest's capture.
    """
    saved = sys.stdin, sys.stdout, sys.stderr
    folder = os.getcwd()
    with mock.patch.dict(os.environ):
        for name, value in variables.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
        os.chdir(cwd)
        try:
            yield
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved
            os.chdir(folder)


def _snapshot(folder: Path) -> dict[Path, tuple[int, int]]:
    """Each file under `folder` with its modification time and size."""
    stamps: dict[Path, tuple[int, int]] = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root, name)
            with contextlib.suppress(OSError):
                status = path.stat()
                stamps[path.relative_to(folder)] = (status.st_mtime_ns, status.st_size)
    return stamps
