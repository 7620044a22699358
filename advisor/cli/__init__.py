"""The command line: a thin shell that parses, wires, shows progress and maps errors to exit codes.

Each command lives in its own module and registers itself on the shared Typer app; heavy
libraries are imported inside the commands so that `advisor --version` stays fast.
"""

from advisor.cli import assess, probe, questions, score  # noqa: F401  (registers the commands)
from advisor.cli.app import app, main

__all__ = ["app", "main"]
