"""How a probe talks to the runner: exactly one JSON document on stdout, everything else on stderr.

Frameworks and native libraries sometimes print on stdout while they load; `guarded_stdout`
points file descriptor 1 at stderr meanwhile, so the only thing on the real stdout is the
document. Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
from collections.abc import Iterator
from typing import Any


def common_arguments(description: str) -> argparse.ArgumentParser:
    """An argument parser with the options every environment probe accepts."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--include-identifiers", action="store_true",
                        help="Include host and user names, serial numbers and UUIDs.")
    parser.add_argument("--root", default=None,
                        help="Read /proc, /sys, /dev and /etc under this folder (recorded trees).")
    parser.add_argument("--env-file", default=None,
                        help="JSON object used instead of the process environment.")
    parser.add_argument("--replay-commands", default=None,
                        help="Folder of recorded command outputs (PROGRAM.txt) instead of running.")
    return parser


def document_text(document: dict[str, Any]) -> str:
    """The JSON text of a probe document (non-finite floats become null)."""
    return json.dumps(_finite(document), ensure_ascii=True, default=str, allow_nan=False)


def emit(document: dict[str, Any], stream: Any = None) -> None:
    """Write the one JSON document of this probe."""
    out = stream or sys.stdout
    out.write(document_text(document) + "\n")
    out.flush()


def exit_now(status: int) -> None:
    """Flush and leave without the interpreter's teardown.

    Once its document is written, a framework probe has nothing left to do; tearing torch or
    TensorFlow down costs 0.5-2 s (a bare `python -c "import torch"` spends it too) and is
    where TensorFlow sometimes crashes, which would turn a good probe into a failed one.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


def skip(reason: str, **details: Any) -> dict[str, Any]:
    """The document of a probe whose subject is absent."""
    return {"skipped": reason, **details}


@contextlib.contextmanager
def guarded_stdout() -> Iterator[Any]:
    """Send anything written to stdout (Python or native) to stderr; yield the real stdout."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    real = os.fdopen(saved, "w", encoding="utf-8", closefd=True)
    try:
        yield real
    finally:
        sys.stdout.flush()
        os.dup2(real.fileno(), 1)
        real.close()


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(key): _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value
