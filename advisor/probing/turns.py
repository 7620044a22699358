"""Run the benchmark probes in turns, so that both frameworks meet the same machine.

The two benchmark probes run side by side but never at once: each one works only during its
turn and hands the machine back after each phase (its import and builds, then each sampling
round); this module gives the turns, alternately. A slow or fast period of a shared machine then
falls on both frameworks' rounds alike instead of on whichever ran at the time, so the ratio of
their medians, which is what the verdicts and the scoring read, holds still (the protocol is in
probes/turn_taking.py).

Each probe keeps the guarantees of `run_probe`: its own process group and address-space limit,
one JSON document on stdout, and a timeout, counted here over its own turns only. A probe that
crashes, hangs in its turn (it is killed), or does not take part in the protocol is reported
as `run_probe` would report it, and the other probe goes on with every turn to itself.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from advisor.probing.outcomes import FailedProbe, ProbeOutcome
from advisor.probing.runner import interpret_exit, memory_limiter, stderr_tail


@dataclass(frozen=True)
class TurnJob:
    """One probe to run in turns: what `run_probe` takes."""

    script: Path
    args: Sequence[str]
    timeout_s: float
    name: str
    memory_limit_bytes: int | None = None


@dataclass
class _Running:
    job: TurnJob
    process: subprocess.Popen[bytes] | None = None
    to_probe: int = -1  # our end of the pipe that says "go"
    from_probe: int = -1  # our end of the pipe the probe says "yield" on
    own_s: float = 0.0  # time in its turns
    outcome: ProbeOutcome | None = None
    buffered: bytes = b""
    streams: dict[str, bytearray] = field(default_factory=dict)
    readers: list[threading.Thread] = field(default_factory=list)


def run_probes_in_turns(jobs: Sequence[TurnJob], *, python: str,
                        env: Mapping[str, str] | None = None) -> list[ProbeOutcome]:
    """Run `jobs` in turns (the first one first); one outcome per job, in order."""
    running = [_Running(job) for job in jobs]
    try:
        while any(item.outcome is None for item in running):
            for item in running:
                if item.outcome is None:
                    _take_turn(item, python, env)
    except BaseException:
        # Ctrl-C or any bug here: never leave a probe (and its children) running.
        for item in running:
            if item.process is not None and item.outcome is None:
                _kill(item)
        raise
    return [item.outcome for item in running if item.outcome is not None]


def _take_turn(item: _Running, python: str, env: Mapping[str, str] | None) -> None:
    """Give `item` one turn (starting it on its first); set its outcome when it has ended."""
    if item.process is None and not _start(item, python, env):
        return
    turn_started = time.monotonic()
    try:
        os.write(item.to_probe, b"go\n")
    except OSError:  # it is gone already: its exit status and output say why
        _finish(item)
        return
    left = item.job.timeout_s - item.own_s
    said = _read_line(item, timeout_s=max(left, 0.0))
    item.own_s += time.monotonic() - turn_started
    if said is None:  # its turn outlasted its timeout
        _time_out(item, item.own_s)
    elif said == b"":  # end of file: it finished, or died
        _finish(item)


def _start(item: _Running, python: str, env: Mapping[str, str] | None) -> bool:
    """Start the probe with its two pipes; on failure set the outcome and return False."""
    go_read, go_write = os.pipe()
    said_read, said_write = os.pipe()
    job = item.job
    command = [python, str(job.script), *job.args, "--turns", f"{go_read},{said_write}"]
    try:
        item.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=dict(env) if env is not None else None, start_new_session=True,
            preexec_fn=memory_limiter(job.memory_limit_bytes),
            pass_fds=(go_read, said_write))
    except OSError as exc:
        for fd in (go_read, go_write, said_read, said_write):
            os.close(fd)
        item.outcome = FailedProbe(job.name, "failed",
                                   f"cannot start {python!r}: {exc.strerror or exc}")
        return False
    os.close(go_read)
    os.close(said_write)
    item.to_probe, item.from_probe = go_write, said_read
    # Drain its output all along: a probe whose pipe fills up while it waits would never end.
    for name, stream in (("stdout", item.process.stdout), ("stderr", item.process.stderr)):
        buffer = item.streams.setdefault(name, bytearray())
        reader = threading.Thread(target=_drain, args=(stream, buffer), daemon=True)
        reader.start()
        item.readers.append(reader)
    return True


def _drain(stream: IO[bytes], buffer: bytearray) -> None:
    while chunk := os.read(stream.fileno(), 65536):
        buffer.extend(chunk)


def _read_line(item: _Running, timeout_s: float) -> bytes | None:
    """The probe's next line ("yield"), b"" at end of file, or None when time ran out."""
    deadline = time.monotonic() + timeout_s
    while b"\n" not in item.buffered:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([item.from_probe], [], [], left)
        if not ready:
            return None
        chunk = os.read(item.from_probe, 4096)
        if not chunk:
            return b""
        item.buffered += chunk
    line, _, item.buffered = item.buffered.partition(b"\n")
    return line + b"\n"


def _finish(item: _Running) -> None:
    """The probe closed its end: wait for it (within its timeout) and read its outcome."""
    assert item.process is not None
    left = max(item.job.timeout_s - item.own_s, 0.0)
    waited_from = time.monotonic()
    try:
        item.process.wait(timeout=left)
    except subprocess.TimeoutExpired:  # it closed the pipe but goes on working
        _time_out(item, item.job.timeout_s)
        return
    item.own_s += time.monotonic() - waited_from
    _join(item)
    item.outcome = interpret_exit(item.job.name, item.process.returncode,
                              bytes(item.streams["stdout"]), bytes(item.streams["stderr"]),
                              item.own_s, item.job.memory_limit_bytes)
    _close(item)


def _time_out(item: _Running, duration_s: float) -> None:
    """Its own turns outlasted its timeout: kill it and say so."""
    _kill(item)
    item.outcome = FailedProbe(
        item.job.name, "timeout",
        f"timed out after {item.job.timeout_s:g} s of its own turns (process group killed)",
        stderr_tail(bytes(item.streams["stderr"])), duration_s)


def _kill(item: _Running) -> None:
    """Kill the probe's whole process group and reap it (its output stays in the buffers)."""
    assert item.process is not None
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(item.process.pid, signal.SIGKILL)  # the probe leads its own session/group
    with contextlib.suppress(subprocess.TimeoutExpired):
        item.process.wait(timeout=5.0)
    _join(item)
    _close(item)


def _join(item: _Running) -> None:
    for reader in item.readers:
        reader.join(timeout=5.0)


def _close(item: _Running) -> None:
    if item.process is not None:
        for stream in (item.process.stdout, item.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
    for fd in (item.to_probe, item.from_probe):
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
    item.to_probe = item.from_probe = -1
