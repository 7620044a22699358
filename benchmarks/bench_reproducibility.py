"""Reproducibility of the benchmarks: two `advisor probe --budget standard` runs, compared.

Runs the benchmark probes twice (or reads two saved probe reports) and prints, for every
headline median (each framework, workload and mode measured in both runs), the ratio of the
second run's median to the first's; then what the decision reads (each workload's verdict and
the geometric mean of the TensorFlow / PyTorch time ratios) in both runs, and how fast a plain
numpy matmul ran just before each run (the machine's own speed, no framework involved). The
acceptance check is that every ratio is within 10% of 1 on the machine the advisor is used on;
a shared or busy machine will not meet it, and this script says which medians moved and
whether the machine's own speed moved with them. Not a unit test: it takes a few minutes.

Usage: python benchmarks/bench_reproducibility.py [--budget standard] [--only PROBES]
       [--reports FIRST.json SECOND.json] [--keep DIR] [--json]
Exit status 0 when every ratio is within the tolerance, 1 otherwise.
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
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TOLERANCE = 0.10


def run_probe(output: Path, budget: str, only: str | None) -> float:
    """Run `advisor probe` (this checkout) and return its wall time in seconds."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "probe", "--budget", budget,
         *(["--only", only] if only else []), "--output", str(output)],
        capture_output=True, text=True, env=env, check=False, timeout=1800,
    )
    if done.returncode not in (0, 1) or not output.exists():
        raise SystemExit(f"advisor probe failed ({done.returncode}): {done.stderr[-1000:]}")
    return time.perf_counter() - started


def headline_medians(report: dict[str, Any]) -> dict[str, float]:
    """framework/workload/mode -> median seconds, for every benchmark in a probe report."""
    return {
        f"{row['framework']}/{row['workload']}/{row['mode']}": float(row["median_s"])
        for row in report.get("benchmarks", [])
        if row.get("median_s")
    }


def compare(first: dict[str, Any], second: dict[str, Any]) -> list[dict[str, Any]]:
    """Per headline median: both values and second / first."""
    one, two = headline_medians(first), headline_medians(second)
    return [
        {"median": key, "first_s": one[key], "second_s": two[key], "ratio": two[key] / one[key],
         "within": abs(two[key] / one[key] - 1) <= TOLERANCE}
        for key in sorted(one.keys() & two.keys())
    ]


def verdicts(report: dict[str, Any]) -> dict[str, str]:
    """workload/mode -> the probe report's verdict (pytorch_faster, tensorflow_faster, ...)."""
    return {f"{row['workload']}/{row['mode']}": str(row.get("verdict"))
            for row in report.get("benchmark_verdicts") or [] if isinstance(row, dict)}


def compare_verdicts(first: dict[str, Any], second: dict[str, Any]) -> list[dict[str, Any]]:
    """What the decision reads: each workload's verdict and the geometric mean of the ratios."""
    one, two = verdicts(first), verdicts(second)
    rows = [{"workload": key, "first": one[key], "second": two[key], "same": one[key] == two[key]}
            for key in sorted(one.keys() & two.keys())]
    geomeans = [(report.get("benchmark_summary") or {}).get("geomean_ratio")
                for report in (first, second)]
    if all(isinstance(value, int | float) for value in geomeans):
        rows.append({"workload": "geometric mean, TensorFlow / PyTorch time",
                     "first": f"{geomeans[0]:.3f}", "second": f"{geomeans[1]:.3f}",
                     "same": abs(geomeans[1] / geomeans[0] - 1) <= TOLERANCE})
    return rows


def reference_kernel(seconds: float = 5.0) -> list[float]:
    """Per-second medians (ms) of a plain numpy matmul on all CPUs, in a fresh process.

    Neither framework is involved: when these move between runs, the machine itself (other
    tenants of a shared host, frequency) changed speed, and no harness setting can hide that.
    """
    code = (
        "import json, statistics, time, numpy as np\n"
        "a = np.random.rand(1024, 1024).astype(np.float32)\n"
        f"end = time.perf_counter() + {seconds}\n"
        "out = []\n"
        "while time.perf_counter() < end:\n"
        "    stop, times = time.perf_counter() + 1, []\n"
        "    while time.perf_counter() < stop:\n"
        "        t = time.perf_counter(); a @ a; times.append(time.perf_counter() - t)\n"
        "    out.append(statistics.median(times) * 1e3)\n"
        "print(json.dumps(out))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=seconds + 60)
    try:
        return [float(v) for v in json.loads(done.stdout.strip().splitlines()[-1])]
    except (ValueError, IndexError):
        return []


def machine_load(report: dict[str, Any]) -> dict[str, Any]:
    """Per framework, how busy the machine was during its benchmark run (from the ledger)."""
    return {framework: ledger.get("machine_load")
            for framework, ledger in (report.get("benchmark_ledger") or {}).items()
            if isinstance(ledger, dict)}


def describe_load(load: Any) -> str:
    """E.g. "load average 3.0-3.8 on 2 CPUs, a task waited for a CPU 89% of the time"."""
    if not isinstance(load, dict):
        return "not recorded"
    averages = [v for v in (load.get("loadavg_1min_start"), load.get("loadavg_1min_end"))
                if isinstance(v, int | float)]
    parts = []
    if averages:
        parts.append(f"load average {min(averages):.1f}-{max(averages):.1f} on "
                     f"{load.get('cpus_available')} CPUs")
    pressure = load.get("cpu_pressure_share")
    if isinstance(pressure, int | float):
        parts.append(f"a task waited for a CPU {pressure:.0%} of the time")
    return ", ".join(parts) or "not recorded"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", default="standard")
    parser.add_argument("--only", default=None,
                        help="Probes to run (default: all, as `advisor probe` does).")
    parser.add_argument("--reports", nargs=2, type=Path, metavar="REPORT",
                        help="Compare two saved probe reports instead of running.")
    parser.add_argument("--keep", type=Path, help="Folder to keep the two probe reports in.")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    times: list[float] = []
    references: list[list[float]] = []
    if options.reports:
        paths = list(options.reports)
    else:
        folder = options.keep or Path(tempfile.mkdtemp(prefix="advisor-repro-"))
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / "run1.json", folder / "run2.json"]
        for path in paths:
            references.append(reference_kernel())
            times.append(run_probe(path, options.budget, options.only))
    reports = [json.loads(path.read_text()) for path in paths]
    rows = compare(*reports)
    decision = compare_verdicts(*reports)
    ok = bool(rows) and all(row["within"] for row in rows)
    if options.json:
        print(json.dumps({"tolerance": TOLERANCE, "rows": rows, "wall_s": times, "ok": ok,
                          "verdicts": decision, "reference_ms": references,
                          "reports": [str(p) for p in paths],
                          "machine_load": [machine_load(r) for r in reports]}))
        return 0 if ok else 1
    print(f"second / first run median (tolerance {TOLERANCE:.0%}); reports: "
          f"{', '.join(map(str, paths))}")
    for row in rows:
        flag = "" if row["within"] else "   <-- outside"
        print(f"  {row['median']:<42} {row['first_s'] * 1e3:10.2f} ms {row['second_s'] * 1e3:10.2f}"
              f" ms   {row['ratio']:.3f}{flag}")
    if times:
        print("wall time per run: " + ", ".join(f"{t:.1f} s" for t in times))
    # Other processes competing for the CPUs move medians more than any harness setting does.
    for number, report in enumerate(reports, 1):
        for framework, load in machine_load(report).items():
            print(f"run {number}, {framework}: {describe_load(load)}")
    for number, reference in enumerate(references, 1):
        if reference:
            print(f"before run {number}, numpy 1024x1024 matmul per second: "
                  f"{min(reference):.2f}-{max(reference):.2f} ms (median "
                  f"{statistics.median(reference):.2f} ms)")
    if decision:
        print("what the decision reads (verdict per workload; the geometric mean within "
              f"{TOLERANCE:.0%}):")
        for row in decision:
            flag = "" if row["same"] else "   <-- changed"
            print(f"  {row['workload']:<42} {row['first']:>18} {row['second']:>18}{flag}")
    moved = sum(not row["within"] for row in rows)
    print("OK" if ok else f"NOT REPRODUCED: {moved} of {len(rows)} medians moved more than "
          f"{TOLERANCE:.0%}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
