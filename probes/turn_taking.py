"""Taking turns with the other benchmark probe, so that both frameworks meet the same machine.

On a shared machine the speed of the CPUs moves over tens of seconds. When one framework is
measured after the other, such a change lands on one of them only and moves their ratio (seen
here: the geometric mean of the ratios read 1.88-2.43 in three runs). So the advisor can run the
two benchmark probes side by side, never working at once: each probe works only during its
turn and hands the machine back after each phase (its import and builds, then each sampling
round), and the advisor gives the other one its turn.

The protocol, over two inherited pipes named by `--turns IN,OUT` (file descriptors): the probe
reads a line "go" from IN before it starts and after each hand-over; it writes a line "yield"
to OUT to end a turn. End of file on IN, or a broken OUT, means the advisor stopped taking turns
with it: the probe then goes on alone. Without `--turns` every call here does nothing.

The probe's budget counts its own time only: `clock()` is perf_counter less the time spent
waiting for a turn. Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import IO


class Turns:
    """This probe's side of the turn-taking pipes (inactive without them)."""

    def __init__(self, spec: str | None) -> None:
        self.waited_s = 0.0
        self.turns = 0
        self._reader: IO[str] | None = None
        self._writer: IO[str] | None = None
        if spec:
            fd_in, fd_out = (int(part) for part in spec.split(","))
            self._reader = os.fdopen(fd_in, "r", encoding="ascii")
            self._writer = os.fdopen(fd_out, "w", encoding="ascii")

    @property
    def active(self) -> bool:
        """Whether turns are still being taken with another probe."""
        return self._reader is not None

    def wait(self, since: float | None = None) -> None:
        """Block until it is this probe's turn; alone from then on if the advisor stopped.

        The wait counts from `since` (perf_counter) when given: the other probe may start the
        moment this one has said "yield", before this call begins.
        """
        if self._reader is None:
            return
        started = time.perf_counter() if since is None else since
        line = self._reader.readline()
        self.waited_s += time.perf_counter() - started
        if line.strip() == "go":
            self.turns += 1
        else:
            self._alone()

    def hand_over(self) -> None:
        """End this probe's turn (nothing of it is being timed now) and wait for the next."""
        if self._writer is None:
            return
        handed_over = time.perf_counter()
        try:
            self._writer.write("yield\n")
            self._writer.flush()
        except OSError:  # the advisor is gone or stopped reading: go on alone
            self._alone()
            return
        self.wait(since=handed_over)

    def lend(self) -> tuple[list[str], tuple[int, ...]]:
        """End this probe's turn and lend its pipes to a child process, which waits for the
        next turn and takes them (bench_processes.py); this probe must not touch them until the
        child has exited, and then it is this probe's turn again (the child never hands its
        last turn back). Returns the child's `--turns` arguments and the descriptors to pass;
        nothing when turns are not being taken."""
        if self._reader is None or self._writer is None:
            return [], ()
        try:
            self._writer.write("yield\n")
            self._writer.flush()
        except OSError:
            self._alone()
            return [], ()
        fds = (self._reader.fileno(), self._writer.fileno())
        return ["--turns", f"{fds[0]},{fds[1]}"], fds

    def clock(self) -> float:
        """This probe's own time: perf_counter less the time spent waiting for turns."""
        return time.perf_counter() - self.waited_s

    def record(self) -> str:
        """How the probe ran, for the fairness ledger."""
        if self.turns == 0:
            return "alone (the other framework's probe ran before or after it)"
        return (f"in turns with the other framework's probe, never at once: {self.turns} turns "
                "(import and builds, then one sampling round each)")

    def _alone(self) -> None:
        for stream in (self._reader, self._writer):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self._reader = self._writer = None
