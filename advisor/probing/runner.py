"""Run one probe script in a subprocess and turn whatever happens into a `ProbeOutcome`.

The probe runs as ``PYTHON SCRIPT ARGS`` in a new session (its own process group) so that a
timeout kills the whole tree it started; an optional address-space limit (RLIMIT_AS) is set in
the child before it executes. Its stdout must be exactly one JSON object (at most
MAX_STDOUT_BYTES are kept: a probe that prints more has failed); the tail of its stderr is kept.
Nothing a probe does (hang, crash, out of memory, garbage output) raises here.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from advisor.probing.outcomes import FailedProbe, ProbeOutcome, ProbeSuccess, SkippedProbe

#: Lines of stderr kept with a failure.
STDERR_TAIL_LINES = 20
#: Characters of unparseable stdout quoted in a failure reason.
GARBAGE_SNIPPET_CHARS = 200
#: What is kept of a probe's output: one JSON document is far smaller than the stdout limit;
#: the stderr tail needs only its last lines.
MAX_STDOUT_BYTES = 64 * 2**20
STDERR_KEEP_BYTES = 256 * 1024
_CHUNK_BYTES = 64 * 1024
#: How long to wait for pipes to close after the process group was killed.
_DRAIN_TIMEOUT_S = 5.0
#: Messages by which a process reports that an allocation failed: Python, C++, errno ENOMEM,
#: the dynamic loader when mmap fails under RLIMIT_AS (a framework's big shared library),
#: torch's CPU allocator and TensorFlow's.
_OUT_OF_MEMORY_MARKERS = (
    "MemoryError", "std::bad_alloc", "Cannot allocate memory", "out of memory",
    "failed to map segment from shared object", "can't allocate memory",
    "OOM when allocating",
)


def run_probe(
    script: Path,
    *,
    python: str,
    args: Sequence[str] = (),
    timeout_s: float,
    memory_limit_bytes: int | None = None,
    env: Mapping[str, str] | None = None,
    name: str | None = None,
) -> ProbeOutcome:
    """Run `script` with the interpreter `python` and return what it gave.

    `name` defaults to the script's stem. `env` replaces the inherited environment when given.
    """
    probe = name or script.stem
    command = [python, str(script), *args]
    started = time.monotonic()
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env) if env is not None else None,
            start_new_session=True,
            preexec_fn=memory_limiter(memory_limit_bytes),
        )
    except OSError as exc:
        return FailedProbe(probe, "failed", f"cannot start {python!r}: {exc.strerror or exc}")
    out, err = BoundedBuffer(MAX_STDOUT_BYTES), BoundedBuffer(STDERR_KEEP_BYTES, keep="tail")
    try:
        read_bounded(process, out, err, timeout_s)
        process.wait(timeout=max(0.0, started + timeout_s - time.monotonic()))
        _close_pipes(process)
    except subprocess.TimeoutExpired:
        _kill_and_drain(process, out, err)
        return FailedProbe(
            probe,
            "timeout",
            f"timed out after {timeout_s:g} s (process group killed)",
            stderr_tail(bytes(err.data)),
            time.monotonic() - started,
        )
    except BaseException:
        # Ctrl-C or any bug here: never leave a probe (and its children) running.
        _kill_and_drain(process, out, err)
        raise
    duration = time.monotonic() - started
    if out.overflow:
        return FailedProbe(probe, "failed", f"printed more than {_mib(MAX_STDOUT_BYTES)} on"
                           " stdout (expected one JSON document); the rest was not kept",
                           stderr_tail(bytes(err.data)), duration)
    return interpret_exit(probe, process.returncode, bytes(out.data), bytes(err.data), duration,
                          memory_limit_bytes)


class BoundedBuffer:
    """What a probe wrote on one stream, at most `limit` bytes: the head (stdout, a JSON
    document is useless cut short) or the tail (stderr: the last lines explain a failure)."""

    def __init__(self, limit: int, *, keep: str = "head") -> None:
        self.limit = limit
        self.keep = keep
        self.data = bytearray()
        self.overflow = False

    def add(self, chunk: bytes) -> None:
        if self.keep == "tail":
            self.data += chunk
            if len(self.data) > 2 * self.limit:  # trim now and then, not on every chunk
                del self.data[: len(self.data) - self.limit]
                self.overflow = True
            return
        room = self.limit - len(self.data)
        if len(chunk) > room:
            self.overflow = True
        self.data += chunk[: max(room, 0)]


def read_bounded(process: subprocess.Popen[bytes], out: BoundedBuffer, err: BoundedBuffer,
                 timeout_s: float) -> None:
    """Read both pipes to their end, keeping at most each buffer's limit (a probe that prints a
    gigabyte costs the advisor its limits, not a gigabyte); TimeoutExpired after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    with selectors.DefaultSelector() as selector:
        for stream, buffer in ((process.stdout, out), (process.stderr, err)):
            if stream is not None:
                selector.register(stream, selectors.EVENT_READ, buffer)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise subprocess.TimeoutExpired(process.args, timeout_s)
            for key, _ in selector.select(remaining):
                chunk = os.read(key.fd, _CHUNK_BYTES)
                if chunk:
                    key.data.add(chunk)
                else:
                    selector.unregister(key.fileobj)


def interpret_exit(
    probe: str,
    returncode: int,
    stdout: bytes,
    stderr_bytes: bytes,
    duration: float,
    memory_limit_bytes: int | None,
) -> ProbeOutcome:
    """The outcome of a probe that exited with `returncode` after writing stdout and stderr."""
    stderr = stderr_bytes.decode("utf-8", errors="replace")
    tail = stderr_tail(stderr_bytes)
    if returncode != 0:
        reason = _signal_reason(-returncode) if returncode < 0 else (
            f"exited with status {returncode}")
        if any(marker in stderr for marker in _OUT_OF_MEMORY_MARKERS):
            limit = f" (limit {_mib(memory_limit_bytes)})" if memory_limit_bytes else ""
            reason = f"ran out of memory{limit}; {reason}"
        return FailedProbe(probe, "failed", reason, tail, duration)
    document = _parse_document(stdout)
    if isinstance(document, str):
        return FailedProbe(probe, "failed", document, tail, duration)
    skipped = document.get("skipped")
    if skipped:
        return SkippedProbe(probe, str(skipped), duration)
    return ProbeSuccess(probe, document, stderr, duration)


def _parse_document(stdout: bytes) -> dict[str, Any] | str:
    """The one JSON object on stdout, or the reason why there is none."""
    text = stdout.decode("utf-8", errors="replace").strip()
    if not text:
        return "printed nothing on stdout (expected one JSON document)"
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        snippet = text[:GARBAGE_SNIPPET_CHARS].replace("\n", "\\n")
        more = "..." if len(text) > GARBAGE_SNIPPET_CHARS else ""
        return f"stdout is not one JSON document ({exc.msg}): {snippet!r}{more}"
    if not isinstance(document, dict):
        return f"stdout is a JSON {type(document).__name__}, not an object"
    return document


def _signal_reason(number: int) -> str:
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    reason = f"killed by {name}"
    if number == signal.SIGSEGV:
        reason += " (segmentation fault)"
    elif number == signal.SIGABRT:
        reason += " (aborted)"
    elif number == signal.SIGKILL:
        reason += " (possibly the out-of-memory killer)"
    return reason


def _kill_and_drain(process: subprocess.Popen[bytes], out: BoundedBuffer,
                    err: BoundedBuffer) -> None:
    """Kill the probe's whole process group, reap it, and keep the rest of what it wrote."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)  # the probe leads its own session/group
        else:  # pragma: no cover - not POSIX
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired, OSError, ValueError):
        # A grandchild that left the group may hold the pipes open: stop waiting for it then.
        read_bounded(process, out, err, _DRAIN_TIMEOUT_S)
    _close_pipes(process)
    process.kill()
    process.wait()


def _close_pipes(process: subprocess.Popen[bytes]) -> None:
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def memory_limiter(limit: int | None) -> Callable[[], None] | None:
    """A pre-exec function that caps the child's address space at `limit` bytes (or None)."""
    if limit is None:
        return None
    import resource  # POSIX only; imported here, in the parent, not in the forked child

    def apply_limit() -> None:  # runs in the child between fork and exec
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply_limit


def stderr_tail(stderr: bytes, lines: int = STDERR_TAIL_LINES) -> str:
    """The last `lines` lines of a probe's stderr, as text."""
    text = stderr.decode("utf-8", errors="replace").rstrip()
    return "\n".join(text.splitlines()[-lines:])


def _mib(size: int | None) -> str:
    return f"{(size or 0) / 2**20:.0f} MiB"
