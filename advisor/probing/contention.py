"""How many CPUs are free before the benchmarks start, and the thread count that fits them.

Read once by the advisor, so both frameworks' probes get the same thread count: on a machine
where other processes keep CPUs busy, a pool with a thread per CPU waits for descheduled
threads (OpenMP spin-waits especially), so the run uses only the CPUs that are free. The reading
travels to the probes (`--threads`, `--contention`) and lands in their ledgers;
advisor.benchmarking.contention then says the run was busy, once, and withholds the verdicts.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from typing import Any

import psutil

#: Seconds over which the idle CPU time is measured (the advisor itself sleeps meanwhile).
WINDOW_S = 0.5
#: Other processes using more than this many CPUs on average make the machine busy...
BUSY_CPUS = 0.5
#: ...or more than this share of the CPUs the probes may use, whichever is larger.
BUSY_SHARE = 0.10


@dataclass(frozen=True)
class CpuReading:
    """The machine just before the benchmarks."""

    cpus_available: int  # CPUs this process may run on
    free_cpus: float  # idle CPU time over the window, in CPUs, at most cpus_available
    steal_share: float | None  # CPU time the hypervisor gave to other guests
    runnable: int | None  # tasks running or runnable machine-wide (this reader included)
    loadavg_1min: float | None
    busy: bool
    threads: int | None  # the thread count that fits the free CPUs (None: all, not busy)
    window_s: float = WINDOW_S

    def probe_args(self) -> list[str]:
        """The arguments that pass the reading (and a fitted thread count) to a probe."""
        args = ["--contention", json.dumps(asdict(self), separators=(",", ":"))]
        if self.threads is not None:
            args += ["--threads", str(self.threads), "--interop-threads", str(self.threads)]
        return args


def read_cpus(window_s: float = WINDOW_S) -> CpuReading:
    """Measure the idle CPU time over `window_s` and decide whether the machine is busy."""
    try:
        mine = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        mine = list(range(os.cpu_count() or 1))
    before = psutil.cpu_times(percpu=True)
    time.sleep(window_s)
    after = psutil.cpu_times(percpu=True)
    # Only the CPUs this process may run on count (affinity, cgroup pinning).
    pairs = [(before[i], after[i]) for i in mine if i < len(before) and i < len(after)]
    pairs = pairs or list(zip(before, after, strict=False))
    available = len(pairs)
    shares = [_shares(first, second) for first, second in pairs]
    idle = sum(share[0] for share in shares)
    steals = [share[1] for share in shares if share[1] is not None]
    steal = sum(steals) / len(steals) if steals else None
    free = round(min(float(available), idle), 2)
    busy = available - free > max(BUSY_CPUS, BUSY_SHARE * available)
    threads = max(1, int(free + 0.25)) if busy else None
    return CpuReading(
        cpus_available=available,
        free_cpus=free,
        steal_share=round(steal, 4) if steal is not None else None,
        runnable=_runnable(),
        loadavg_1min=round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        busy=busy,
        threads=threads,
        window_s=window_s,
    )


def _shares(first: Any, second: Any) -> tuple[float, float | None]:
    """One CPU's idle share (idle + iowait) and steal share between two cpu_times readings.

    Computed from the raw times, not psutil.cpu_times_percent: psutil 7.2 divides a CPU's
    deltas by max(1, total delta) as if they were ticks, but they are seconds, so over a
    window shorter than a second every per-CPU share came out scaled by the window (a quiet
    2-CPU machine read "1.0 of 2 CPUs free" over 0.5 s and every run was called busy).
    Linux counts guest time inside user time, so the guest fields are left out of the total.
    """
    fields = [f for f in first._fields if f not in ("guest", "guest_nice")]
    deltas = {f: max(0.0, float(getattr(second, f)) - float(getattr(first, f))) for f in fields}
    total = sum(deltas.values())
    if total <= 0:
        return 0.0, None
    idle = (deltas.get("idle", 0.0) + deltas.get("iowait", 0.0)) / total
    steal = deltas["steal"] / total if "steal" in deltas else None
    return idle, steal


def _runnable() -> int | None:
    """Tasks running or waiting for a CPU now: the fourth field of /proc/loadavg ("2/531")."""
    try:
        with open("/proc/loadavg") as handle:
            return int(handle.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None
