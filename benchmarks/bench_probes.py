"""How long probing takes on this machine, against the issue's targets.

Prints:
  * the wall time of `advisor probe --only hardware,ecosystem` (target: under 3 s);
  * for each framework environment probe, its wall time next to a bare `python -c "import X"`
    of the same interpreter (target: at most the import time plus 1 s);
  * the wall time of the whole `advisor probe --budget quick` (both frameworks, every workload,
    eager only, plus the hardware and ecosystem probes; target: 30 s or less) and
    `--budget standard` (compiled mode included; target: 120 s or less), with the time of each
    probe, the compiled workloads the budget skipped, and the load average around each run
    (the machine may be shared: a loaded machine makes every figure longer).

Each measurement of the first two is the median of --repeats runs; probe and import runs are
interleaved so that load from other processes affects both alike. The budget runs are repeated
--budget-runs times (they take minutes). Run from the checkout:
    python benchmarks/bench_probes.py [--repeats 3] [--budget-runs 1] [--budgets quick,standard]
                                      [--skip-budgets] [--python PATH] [--check]
With --check the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FRAMEWORKS = (("framework_torch", "torch"), ("framework_tensorflow", "tensorflow"))
#: Wall-time targets of a whole `advisor probe --budget B` (issue 5, "Checks").
BUDGET_TARGETS_S = {"quick": 30.0, "standard": 120.0}


def wall_time(command: list[str], env: dict[str, str]) -> float:
    """Seconds from start to exit of `command` (its output is discarded)."""
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False, timeout=900)
    return time.perf_counter() - started


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, as `uptime` prints them."""
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


@dataclass
class BudgetRun:
    """One whole `advisor probe --budget B`, as the issue's time check reads it."""

    seconds: float
    load_before: str
    load_after: str
    probes: dict[str, tuple[str, float]]  # probe -> (outcome, seconds)
    measured: int  # benchmark results in the report
    skipped: list[str]  # workloads (and modes) the budget left out, with the reason
    failed: list[str]


def budget_run(budget: str, python: str, env: dict[str, str], folder: str) -> BudgetRun:
    """Run `advisor probe --budget BUDGET` once and read its report."""
    output = Path(folder) / f"probe-{budget}.json"
    load_before = load_average()
    seconds = wall_time([sys.executable, "-m", "advisor", "probe", "--budget", budget,
                         "--python", python, "-o", str(output)], env)
    report = json.loads(output.read_text()) if output.exists() else {}
    failures = report.get("failures", [])
    return BudgetRun(
        seconds=seconds,
        load_before=load_before,
        load_after=load_average(),
        probes={run["probe"]: (run["outcome"], run["duration_s"])
                for run in report.get("probe_runs", [])},
        measured=len(report.get("benchmarks", [])),
        skipped=[str(item.get("reason")) for item in failures
                 if item.get("kind") == "skipped" and item.get("workload")],
        failed=[f"{item.get('probe')}: {item.get('reason')}" for item in failures
                if item.get("kind") != "skipped"],
    )


def report_budget(budget: str, runs: list[BudgetRun]) -> bool:
    """Print the figures of one budget's runs; True when the target is met."""
    target = BUDGET_TARGETS_S[budget]
    median = statistics.median(run.seconds for run in runs)
    ok = median <= target
    print(f"advisor probe --budget {budget}: median {median:.1f} s over {len(runs)} run(s)"
          f" (target <= {target:.0f} s: {'met' if ok else 'MISSED'})")
    for number, run in enumerate(runs, 1):
        print(f"  run {number}: {run.seconds:.1f} s; load average before {run.load_before},"
              f" after {run.load_after}; {run.measured} benchmark results")
        print("    " + ", ".join(f"{name} {outcome} {seconds:.1f} s"
                                 for name, (outcome, seconds) in run.probes.items()))
        for line in [*run.skipped, *run.failed]:
            print(f"    {line}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--python", default=sys.executable, help="Interpreter to probe.")
    parser.add_argument("--budget-runs", type=int, default=1,
                        help="Runs of each whole `advisor probe --budget B`.")
    parser.add_argument("--budgets", default="quick,standard",
                        help="Budgets whose whole probe run is timed (quick, standard).")
    parser.add_argument("--skip-budgets", action="store_true",
                        help="Do not time the whole probe runs.")
    parser.add_argument("--check", action="store_true", help="Exit 1 when a target is missed.")
    options = parser.parse_args()
    budgets = [b.strip() for b in options.budgets.split(",") if b.strip()]
    unknown = [b for b in budgets if b not in BUDGET_TARGETS_S]
    if unknown:
        parser.error(f"unknown budget(s) {', '.join(unknown)}; allowed: quick, standard")
    print(f"load average at the start: {load_average()} on {os.cpu_count()} CPUs")
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    missed = []
    with tempfile.TemporaryDirectory() as folder:
        output = str(Path(folder) / "probe.json")
        probe = [sys.executable, "-m", "advisor", "probe", "--only", "hardware,ecosystem",
                 "--python", options.python, "-o", output]
        wall_time(probe, env)  # warm the file cache once
        times = [wall_time(probe, env) for _ in range(options.repeats)]
    median = statistics.median(times)
    ok = median < 3.0
    missed += [] if ok else ["hardware,ecosystem"]
    print(f"advisor probe --only hardware,ecosystem: median {median:.2f} s over {len(times)} runs"
          f" (target < 3 s: {'met' if ok else 'MISSED'})")
    print()
    print(f"{'probe':<24}{'bare import (s)':>16}{'probe (s)':>11}{'overhead (s)':>14}  target")
    for probe_name, module in FRAMEWORKS:
        script = str(REPO / "probes" / f"{probe_name}.py")
        imports, probes = [], []
        wall_time([options.python, "-c", f"import {module}"], env)  # warm the file cache
        for _ in range(options.repeats):
            imports.append(wall_time([options.python, "-c", f"import {module}"], env))
            probes.append(wall_time([options.python, script], env))
        bare, probed = statistics.median(imports), statistics.median(probes)
        ok = probed <= bare + 1.0
        missed += [] if ok else [probe_name]
        print(f"{probe_name:<24}{bare:>16.2f}{probed:>11.2f}{probed - bare:>+14.2f}"
              f"  <= import + 1 s: {'met' if ok else 'MISSED'}")
    if not options.skip_budgets:
        with tempfile.TemporaryDirectory() as folder:
            for budget in budgets:
                print()
                runs = [budget_run(budget, options.python, env, folder)
                        for _ in range(options.budget_runs)]
                if not report_budget(budget, runs):
                    missed.append(f"budget {budget}")
    return 1 if options.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
