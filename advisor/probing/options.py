"""Checking the probe options a user gives: the interpreter, the budget, the --only names."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from advisor.errors import InputError
from advisor.probing.specs import BUDGETS, SUITES, Budget, Suite


def resolve_interpreter(python: str | None) -> str:
    """The interpreter to probe: `python` (a path, or a name on PATH) or this one.

    Raises InputError when it does not exist or is not executable.
    """
    if python is None:
        return sys.executable
    candidate = Path(python).expanduser()
    if os.sep not in python and not candidate.exists():
        found = shutil.which(python)
        if found is None:
            raise InputError(f"{python!r} is not on PATH", field="--python")
        return found
    if not candidate.exists():
        raise InputError(f"{python!r} does not exist", field="--python")
    if candidate.is_dir() or not os.access(candidate, os.X_OK):
        raise InputError(
            f"{python!r} is not an executable file (give the path of a Python interpreter)",
            field="--python",
        )
    return str(candidate.absolute())


def parse_budget(value: str) -> Budget:
    """A budget name, or an InputError naming the allowed ones."""
    if value not in BUDGETS:
        raise InputError(f"unknown budget {value!r}", field="--budget", allowed=", ".join(BUDGETS))
    return value


def parse_only(values: Iterable[str] | None) -> list[str] | None:
    """Repeated and comma-separated --only values as a list of names (None: all probes)."""
    if not values:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def parse_suite(value: str) -> Suite:
    """A benchmark suite name, or an InputError naming the allowed ones."""
    if value not in SUITES:
        raise InputError(f"unknown suite {value!r}", field="--suite", allowed=", ".join(SUITES))
    return value
