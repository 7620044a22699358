"""Whatever a framework prints while loading, stdout carries exactly the one JSON document."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.probes.conftest import PROBES_DIR

NOISY = f"""
import os, sys
sys.path.insert(0, {str(PROBES_DIR)!r})
from probe_output import emit, guarded_stdout
with guarded_stdout() as out:
    print("python-level chatter")
    os.write(1, b"native chatter\\n")
    emit({{"value": float("nan"), "ok": True}}, out)
print("after the guard")
"""


def test_chatter_goes_to_stderr_and_nan_becomes_null() -> None:
    result = subprocess.run([sys.executable, "-c", NOISY], capture_output=True, text=True,
                            timeout=60, check=True)
    lines = result.stdout.splitlines()
    assert json.loads(lines[0]) == {"value": None, "ok": True}
    assert lines[1:] == ["after the guard"]
    assert "python-level chatter" in result.stderr and "native chatter" in result.stderr


EXITS_NOW = f"""
import atexit, sys
sys.path.insert(0, {str(PROBES_DIR)!r})
from probe_output import emit, exit_now
atexit.register(lambda: print("teardown ran", file=sys.stderr))
emit({{"ok": True}})
print("before exit", file=sys.stderr)
exit_now(0)
"""


def test_exit_now_keeps_the_document_and_skips_the_teardown() -> None:
    result = subprocess.run([sys.executable, "-c", EXITS_NOW], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"ok": True}
    assert "before exit" in result.stderr and "teardown ran" not in result.stderr
