"""The Typer app and the one place where outcomes and exceptions become exit codes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any, TypeVar

import typer
from typer import _click as click  # the Click that Typer vendors (see pyproject.toml)
from typer.core import TyperCommand

from advisor import __version__
from advisor.cli.environment import Environment, current
from advisor.errors import AdvisorError
from advisor.exit_status import ExitStatus

_Function = TypeVar("_Function", bound=Callable[..., Any])


class _Command(TyperCommand):
    """A command whose usage line reads as Click and POSIX write it: `advisor batch INPUT`.

    Typer writes a required argument in braces (`{INPUT}`), which reads as a choice.
    """

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
                for piece in super().collect_usage_pieces(ctx)]


class _Typer(typer.Typer):
    """The app: every command registered on it uses `_Command` unless it names its own."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **options: Any
    ) -> Callable[[_Function], _Function]:
        return super().command(name, cls=cls or _Command, **options)


app = _Typer(
    name="advisor",
    help="Choose between PyTorch and TensorFlow, with evidence measured on your own hardware.",
    no_args_is_help=True,
    # --install-completion / --show-completion [bash|zsh|fish|powershell]: Typer's completion.
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        current().print(f"advisor {__version__}")
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
    current().traceback |= traceback


def main(argv: list[str] | None = None, env: Environment | None = None) -> int:
    """Run the command line and return its exit code (docs/contract.md section 4).

    `env` is where it reads and writes (default: this process's streams and environment);
    `argv` the arguments after the program's name (default: env's, i.e. sys.argv's).
    """
    env = env or Environment.from_process()
    env = replace(env, argv=tuple(env.argv if argv is None else argv))
    env.traceback |= "--traceback" in env.argv  # also for an error before the option is read
    command = typer.main.get_command(app)
    try:
        result = command.main(args=list(env.argv), prog_name="advisor", standalone_mode=False,
                              obj=env)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except SystemExit as exc:  # Typer's --show-completion and --install-completion end so
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except (typer.Abort, KeyboardInterrupt):
        env.print("\nadvisor: interrupted", err=True)
        return ExitStatus.INTERRUPTED
    except typer.TyperException as exc:
        # Usage errors of the command line itself (unknown option, bad value, missing argument).
        show = getattr(exc, "show", None)
        if callable(show):
            show(file=env.stderr)
        else:
            env.error(exc.format_message())
        return ExitStatus.USAGE
    except AdvisorError as exc:
        if exc.exit_code == ExitStatus.INTERRUPTED:
            env.print(f"\nadvisor: {exc.message}", err=True)
        else:
            env.error(exc.message)
        return exc.exit_code
    except OSError as exc:
        # The user's environment (a full disk, a read-only folder, a path that is a file where a
        # folder should be), not a bug: say where and why. Writes are atomic, so every file
        # written before is complete and nothing is half-written.
        where = f"{exc.filename}: " if exc.filename else ""
        env.error(f"{where}{exc.strerror or exc}; stopped here, files written before are complete")
        return ExitStatus.PARTIAL
    except Exception as exc:
        if env.traceback:
            raise
        env.error(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in advisor;"
            " run again with --traceback and report it."
        )
        return ExitStatus.INTERNAL_ERROR
    code = int(result) if isinstance(result, int) else ExitStatus.OK
    if code == ExitStatus.INTERRUPTED:  # typer returns Ctrl-C as exit code 130 without a word
        env.print("\nadvisor: interrupted", err=True)
    return code
