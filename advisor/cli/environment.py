"""Where one run of the command line reads and writes: streams, terminal, environment variables.

`main()` makes one `Environment` from the real process and hands it to Click as the context
object; every command takes it from there (`current()`) and passes it to whatever prints or asks
whether it runs in a terminal. Tests build their own (their streams, their isatty flags, their
width) and run the real app in-process: httpie's pattern (`httpie/context.py`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TextIO

# The Click that Typer vendors (see pyproject.toml).
from typer._click.globals import get_current_context

if TYPE_CHECKING:
    from rich.console import Console


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # a closed stream, a stream with no file behind it
        return False


@dataclass
class Environment:
    """The streams, terminal and environment variables of one run."""

    stdout: TextIO
    stderr: TextIO
    stdin: TextIO | None = None  # None: stdin is closed (`advisor batch ... <&-`)
    stdin_isatty: bool = False
    stdout_isatty: bool = False
    stderr_isatty: bool = False
    #: The environment variables the run sees (Click reads an option's envvar from os.environ,
    #: which a test run patches to match).
    variables: Mapping[str, str] = field(default_factory=dict, repr=False)  # secrets, too
    #: Columns of the terminal for rich's layout; None lets rich measure the terminal itself.
    width: int | None = None
    #: The arguments after the program's name, as given (an assessment records its command).
    argv: tuple[str, ...] = ()
    #: --traceback: an internal error raises instead of becoming exit code 70.
    traceback: bool = False

    @classmethod
    def from_process(cls, argv: list[str] | None = None) -> Environment:
        """The real process: sys's streams, their isatty flags, os.environ, sys.argv."""
        return cls(
            stdout=sys.stdout, stderr=sys.stderr, stdin=sys.stdin,
            stdin_isatty=_isatty(sys.stdin), stdout_isatty=_isatty(sys.stdout),
            stderr_isatty=_isatty(sys.stderr), variables=os.environ,
            argv=tuple(sys.argv[1:] if argv is None else argv),
        )

    @cached_property
    def console(self) -> Console:
        """A rich console on stdout: laid out for the terminal, or plain when piped."""
        return self._console(self.stdout, self.stdout_isatty)

    @cached_property
    def error_console(self) -> Console:
        """A rich console on stderr, for progress (rich keeps the two apart)."""
        return self._console(self.stderr, self.stderr_isatty)

    def _console(self, stream: TextIO, isatty: bool) -> Console:
        from rich.console import Console

        return Console(file=stream, force_terminal=isatty, width=self.width,
                       no_color="NO_COLOR" in self.variables or None)

    def print(self, text: str = "", *, err: bool = False) -> None:
        """One line on stdout (or stderr), as `print` writes it."""
        print(text, file=self.stderr if err else self.stdout)

    def say(self, text: str) -> None:
        """A message for the user on stderr: "advisor: <text>"."""
        self.print(f"advisor: {text}", err=True)

    def error(self, message: str) -> None:
        """One error line on stderr: "advisor: error: <message>"."""
        self.say(f"error: {message}")


def current() -> Environment:
    """The environment of the command that runs now (the real process outside `main()`)."""
    context = get_current_context(silent=True)
    found = context.find_object(Environment) if context is not None else None
    return found if found is not None else Environment.from_process()
