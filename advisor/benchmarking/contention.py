"""Was the machine busy while the benchmarks ran? Rules on the probes' own readings.

Under contention the frameworks' timings do not just slow down, they can reverse: with one of
two CPUs taken by another process, PyTorch's OpenMP threads spin-wait for a descheduled thread
(its eager MLP went from 3 ms to 17-32 ms) while TensorFlow's pool degrades gently, and a probe
that said "PyTorch 1.5x faster" on a quiet machine said "TensorFlow 2.7x faster" on a busy one.
So a busy run gives no per-workload verdict (they become "inconclusive"): its ratios are shown as
indicative only. The readings come from the probes' ledgers: `contention_before` (the advisor's
reading of the free CPUs before the run, see advisor.probing.contention) and `machine_load`
(what the probe saw during its run, see probes/bench_machine.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.options import FRAMEWORKS, label

#: A load average above the CPU count plus this means other processes competed with the run.
BUSY_LOAD_MARGIN = 1.0
#: Share of the run with some task waiting for a CPU (Linux PSI) above which it was busy. Quiet
#: quick runs on the 2-core VM read 0.03-0.044 (the probe's own four TensorFlow threads on two
#: CPUs wait a little); runs that another session's tests started into read 0.10-0.18, with
#: rounds disagreeing 40-100% and verdicts unlike the quiet runs'; one CPU kept busy, 0.95-1.0.
BUSY_PRESSURE = 0.10
#: The same threshold where a suite's own threads wait more. The seed suite's models
#: (ResNet-50, BERT-Base, ...) keep both frameworks' pools (2 intra-op and 2 inter-op threads on
#: 2 CPUs) saturated: two quick seed runs on the quiet 2-core VM read 0.093-0.094 for PyTorch and
#: 0.106-0.109 for TensorFlow with nothing else running, so at 0.10 a quiet seed run was always
#: called busy and gave no verdict. Runs into another session's load read 0.97-1.0.
BUSY_PRESSURE_BY_SUITE = {"seed": 0.25}
#: Share of the CPUs' time taken by the hypervisor for other guests above which it was busy.
BUSY_STEAL = 0.10
#: Other processes' runnable tasks beyond the CPUs the probe left free, on average, above which
#: they competed with the probe's threads.
BUSY_RUNNABLE_MARGIN = 0.5


def busy_machine(load: Any, threads: Any = None, *,
                 pressure_limit: float = BUSY_PRESSURE) -> str | None:
    """A description of the load during a run when other processes competed, else None.

    Busy: Linux CPU pressure (some task waiting for a CPU) over `pressure_limit` of the run
    (BUSY_PRESSURE, or the suite's own in BUSY_PRESSURE_BY_SUITE), steal
    over BUSY_STEAL, other processes' runnable tasks (counted between rounds) above the CPUs the
    probe's `threads` left free, or a 1-minute load average above the CPU count plus
    BUSY_LOAD_MARGIN (the probe's own threads count in the load average, hence the margin).
    """
    if not isinstance(load, Mapping):
        return None
    signs = []
    pressure = load.get("cpu_pressure_share")
    if isinstance(pressure, int | float) and pressure > pressure_limit:
        signs.append(f"a task waited for a CPU {pressure:.0%} of the time")
    steal = load.get("cpu_steal_share")
    if isinstance(steal, int | float) and steal > BUSY_STEAL:
        signs.append(f"the hypervisor took {steal:.0%} of the CPU time")
    cpus = load.get("cpus_available")
    others = load.get("other_runnable_mean")
    if isinstance(cpus, int) and isinstance(others, int | float):
        left = cpus - (threads if isinstance(threads, int) and threads > 0 else cpus)
        if others > left + BUSY_RUNNABLE_MARGIN:
            signs.append(f"{others:.1f} runnable tasks of other processes on average while "
                         f"{max(left, 0)} of {cpus} CPUs were left to them")
    averages = [v for v in (load.get("loadavg_1min_start"), load.get("loadavg_1min_end"))
                if isinstance(v, int | float)]
    if isinstance(cpus, int) and averages and max(averages) > cpus + BUSY_LOAD_MARGIN:
        signs.append(f"1-minute load average up to {max(averages):.1f} on {cpus} CPUs")
    return "; ".join(signs) or None


def ledger_budget(ledger: Any) -> Mapping[str, Any]:
    """The budget a framework's ledger records (name, suite, workloads, ...); {} where none."""
    budget = ledger.get("budget") if isinstance(ledger, Mapping) else None
    return budget if isinstance(budget, Mapping) else {}


def busy_before(reading: Any) -> str | None:
    """A description of the advisor's reading before the run when it found the machine busy."""
    if not isinstance(reading, Mapping) or not reading.get("busy"):
        return None
    free, cpus = reading.get("free_cpus"), reading.get("cpus_available")
    text = (f"{free:.1f} of {cpus} CPUs were free before the run"
            if isinstance(free, int | float) and isinstance(cpus, int) else
            "few CPUs were free before the run")
    threads = reading.get("threads")
    if isinstance(threads, int):
        text += f"; both frameworks ran with {threads} thread(s) to fit them"
    return text


def busy_warnings(ledgers: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """One sentence per framework run that met other processes' load (empty: a quiet run)."""
    warnings = []
    for key in FRAMEWORKS:
        name = label(key)
        ledger = ledgers.get(key)
        if not isinstance(ledger, Mapping):
            continue
        threads = ledger.get("threads")
        intra = threads.get("intra_op") if isinstance(threads, Mapping) else None
        suite = ledger_budget(ledger).get("suite")
        limit = BUSY_PRESSURE_BY_SUITE.get(suite, BUSY_PRESSURE) if isinstance(suite, str) \
            else BUSY_PRESSURE
        signs = [sign for sign in (busy_before(ledger.get("contention_before")),
                                   busy_machine(ledger.get("machine_load"), intra,
                                                pressure_limit=limit)) if sign]
        if signs:
            warnings.append(f"the machine was busy during the {name} run ({'; '.join(signs)}): "
                            "other processes competed for the CPUs, so its timings include "
                            "contention")
    return warnings
