"""What runs on each node of the fleet: the node's own `advisor probe --output -`, streamed back.

Standard library only, and shipped to the nodes by value (see `advisor.fleet.cluster`): the Ray
worker on a node must be able to run it even where advisor is missing, so that the driver can say
"advisor is not installed on this node" instead of a deserialisation error.

The generator yields small dicts the driver reads as they come: `started` (where it runs), one
`line` per progress line of the node's probe (stderr), then `done` (exit status, the report on
stdout, the end of stderr).
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

#: Lines of the node's stderr kept for the failure reason.
STDERR_TAIL_LINES = 30
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Popen preexec_fn: the node's probe ends when the Ray worker running it is killed.

    A node that is cancelled (timeout) or loses its raylet kills the worker with SIGKILL, which
    gives it no chance to stop its children; Linux can do that for it.
    """
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the probe's own timeouts still end it
        pass


def probe_on_node(arguments: Sequence[str], python: str | None = None) -> Iterator[dict[str, Any]]:
    """Run `python -m advisor probe --output - ARGUMENTS` here and stream its progress and report.

    `python` is the interpreter that runs advisor (default: the Ray worker's own, which is the
    node's, or the runtime environment's); `--python` among the arguments is the interpreter
    whose frameworks are probed.
    """
    import os
    import socket

    interpreter = python or sys.executable
    command = [interpreter, "-m", "advisor", "probe", "--output", "-", *arguments]
    yield {"event": "started", "hostname": socket.gethostname(), "python": interpreter,
           "pid": os.getpid()}
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("COLUMNS", None)
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=env, text=True, encoding="utf-8", errors="replace", preexec_fn=_die_with_parent,
        )
    except OSError as exc:
        yield {"event": "done", "returncode": None, "stdout": "",
               "stderr_tail": f"cannot start {interpreter}: {exc.strerror or exc}"}
        return
    stdout: list[str] = []
    # The report can be large: read stdout beside stderr so that neither pipe fills up.

    def read_stdout() -> None:
        assert process.stdout is not None
        stdout.append(process.stdout.read())

    reader = threading.Thread(target=read_stdout, daemon=True)
    reader.start()
    tail: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
    assert process.stderr is not None
    for raw in process.stderr:
        line = raw.rstrip("\n")
        tail.append(line)
        yield {"event": "line", "text": line}
    returncode = process.wait()
    reader.join()
    yield {"event": "done", "returncode": returncode, "stdout": "".join(stdout),
           "stderr_tail": "\n".join(tail)}
