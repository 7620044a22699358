"""The Typer app and the one place where outcomes and exceptions become exit codes."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from advisor import __version__
from advisor.errors import AdvisorError
from advisor.exit_status import ExitStatus

app = typer.Typer(
    name="advisor",
    help="Choose between PyTorch and TensorFlow, with evidence measured on your own hardware.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

#: Exit code for a bug in the advisor itself (not a user error): EX_SOFTWARE from sysexits.h.
INTERNAL_ERROR = 70


class _State:
    traceback = False


def _version(value: bool) -> None:
    if value:
        print(f"advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    traceback: Annotated[
        bool, typer.Option("--traceback", help="Show the Python traceback of an internal error.")
    ] = False,
) -> None:
    """Choose between PyTorch and TensorFlow, with evidence measured on your own hardware."""
    _State.traceback = traceback


def error(message: str) -> None:
    """Print one error line on stderr."""
    print(f"advisor: error: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code (CONTRACT.md section 4)."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="advisor", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        print("\nadvisor: interrupted", file=sys.stderr)
        return ExitStatus.INTERRUPTED
    except typer.TyperException as exc:
        # Usage errors of the command line itself (unknown option, bad value, missing argument).
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            error(exc.format_message())
        return ExitStatus.USAGE
    except AdvisorError as exc:
        if exc.exit_code == ExitStatus.INTERRUPTED:
            print(f"\nadvisor: {exc.message}", file=sys.stderr)
        else:
            error(exc.message)
        return exc.exit_code
    except OSError as exc:
        # The user's environment (a full disk, a read-only folder, a path that is a file where a
        # folder should be), not a bug: say where and why. Writes are atomic, so every file
        # written before is complete and nothing is half-written.
        where = f"{exc.filename}: " if exc.filename else ""
        error(f"{where}{exc.strerror or exc}; stopped here, files written before are complete")
        return ExitStatus.PARTIAL
    except Exception as exc:
        if _State.traceback or "--traceback" in (argv if argv is not None else sys.argv):
            raise
        error(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in advisor;"
            " run again with --traceback and report it."
        )
        return INTERNAL_ERROR
    code = int(result) if isinstance(result, int) else ExitStatus.OK
    if code == ExitStatus.INTERRUPTED:  # typer returns Ctrl-C as exit code 130 without a word
        print("\nadvisor: interrupted", file=sys.stderr)
    return code
