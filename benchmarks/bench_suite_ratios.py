"""The benchmark suites' wall times as ratios to a reference loop timed in the same run.

The targets ("quick within 30 s, standard within 120 s, the seed suite's quick budget about
4 minutes, on a quiet 2-core machine") are absolute times on a quiet host; the shared machines
this runs on move 1.5-4x between minutes and up to 20x under other sessions' load. So each
suite run is bracketed by a reference loop (a plain numpy 1024x1024 fp32 matmul, per-second
medians, in a fresh process, no framework involved): the wall time is printed in reference calls
(comparable between runs and hosts) and the reference's slowdown against its quiet-host time
says how loaded the machine was. The probes sample for fixed lengths of time, so a quiet host
does not divide the wall time by that slowdown, but it is never slower: a loaded run within a
target meets it, one over it is undecided.

It then compares runs of one budget taken back to back, two at a time (the 1st and 2nd quick
run, the 3rd and 4th, ...; standard likewise), on what the decision reads: the geometric means
within 10% of each other or each one's interval holding the other's estimate, and the verdicts
per workload: they agree when none contradicts the other run's (both make a claim and the claims
differ; advisor.benchmarking.classification.contradicts), and are counted identical when every
one is the same; a verdict naming the other framework is counted apart ("opposite"). A busy run
(all "inconclusive") says nothing of reproducibility. `--runs quick,quick,quick,quick,quick,quick`
gives three pairs and a tally.

Usage: python benchmarks/bench_suite_ratios.py [--runs quick,standard,seed-quick,quick]
       [--quiet-reference-ms 7.2] [--keep DIR] [--json]
Prints figures; the exit status is 0 unless a probe run failed.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_reproducibility import reference_kernel

from advisor.benchmarking.classification import contradicts

REPO = Path(__file__).resolve().parents[1]
#: The reference's per-second median on a quiet 2-core machine of this kind (Dec 2026; see
#: docs/notes/benchmarks-2.md): the divisor that turns a loaded run's slowdown into a ratio.
QUIET_REFERENCE_MS = 7.2
#: name -> (advisor probe arguments, quiet-machine target in seconds)
RUNS: dict[str, tuple[list[str], float]] = {
    "quick": (["--budget", "quick"], 30.0),
    "standard": (["--budget", "standard"], 120.0),
    "seed-quick": (["--only", "benchmarks", "--suite", "seed", "--budget", "quick"], 240.0),
}
TOLERANCE = 0.10


def run_suite(output: Path, arguments: list[str]) -> tuple[float, int]:
    """`advisor probe ARGUMENTS --output OUTPUT` from this checkout: wall seconds, exit code."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "advisor", "probe", *arguments,
                           "--output", str(output)], capture_output=True, text=True, env=env,
                          check=False, timeout=3600)
    return time.perf_counter() - started, done.returncode


def measure(name: str, output: Path, quiet_ms: float) -> dict[str, Any]:
    """One suite run between two reference readings, and its wall time in reference units."""
    arguments, target = RUNS[name]
    before = reference_kernel()
    wall, code = run_suite(output, arguments)
    after = reference_kernel()
    reference = statistics.median(before + after) if before + after else None
    slowdown = reference / quiet_ms if reference else None
    return {"run": name, "wall_s": round(wall, 1), "exit": code,
            "reference_ms": {"before": _spread(before), "after": _spread(after),
                             "median": reference},
            # The wall time in units of the reference call: comparable between runs and hosts.
            "reference_calls": round(wall / (reference / 1e3)) if reference else None,
            "slowdown_vs_quiet": round(slowdown, 2) if slowdown else None,
            "target_s": target,
            "verdict": _against_target(wall, target, slowdown),
            "report": str(output)}


def _against_target(wall: float, target: float, slowdown: float | None) -> str:
    """Whether the run says anything about the quiet-machine target.

    The probes' sampling has time floors (warm-up and sampling phases of fixed length), so a
    quiet host does not shrink the wall time by the reference's slowdown; but it is never
    slower. A loaded run within the target therefore meets it; one over it is undecided.
    """
    if wall <= target:
        return "meets the target (a quiet host is not slower)"
    where = f" at {slowdown:.1f}x the quiet reference" if slowdown else ""
    return f"over the target{where}: undecided, rerun on a quieter host"


def _spread(values: list[float]) -> list[float] | None:
    return [round(min(values), 2), round(max(values), 2)] if values else None


def compare_runs(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """The issue's reproducibility check on two probe reports."""
    one, two = (r.get("benchmark_summary") or {} for r in (first, second))
    g1, g2 = one.get("geomean_ratio"), two.get("geomean_ratio")
    within = (abs(g2 / g1 - 1) <= TOLERANCE) if g1 and g2 else None
    holds = None
    if all(isinstance(s.get(k), int | float) for s in (one, two) for k in ("ci_low", "ci_high")):
        holds = one["ci_low"] <= g2 <= one["ci_high"] and two["ci_low"] <= g1 <= two["ci_high"]
    verdicts = [_verdicts(r) for r in (first, second)]
    ratios = [_ratios(r) for r in (first, second)]
    rows = [{"workload": key, "first": verdicts[0][key], "second": verdicts[1][key],
             "ratios": [ratios[0].get(key), ratios[1].get(key)],
             "opposite": {verdicts[0][key], verdicts[1][key]} == set(FASTER),
             "contradicts": contradicts(verdicts[0][key], verdicts[1][key])}
            for key in sorted(verdicts[0].keys() & verdicts[1].keys())]
    return {"geomean": [g1, g2], "intervals": [[one.get("ci_low"), one.get("ci_high")],
                                               [two.get("ci_low"), two.get("ci_high")]],
            "within_10_percent": within, "each_interval_holds_other": holds,
            "verdicts": rows,
            # Agreement as the verdicts define it: no claim of one run is denied by the other's
            # (advisor.benchmarking.verdicts.contradicts); "identical" is the stricter count.
            "verdicts_agree": not any(r["contradicts"] for r in rows),
            "verdicts_identical": all(r["first"] == r["second"] for r in rows),
            "contradictions": sum(r["contradicts"] for r in rows),
            "opposite": sum(r["opposite"] for r in rows),
            "busy": [bool(s.get("inconclusive")) for s in (one, two)]}


def _pairs(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Runs of the same budget taken one after the other (the suite's 1st and 2nd quick run,
    its 3rd and 4th, ...; likewise standard), compared."""
    pairs = []
    for name in ("quick", "standard"):
        reports = [Path(r["report"]) for r in results if r["run"] == name and r["exit"] in (0, 1)]
        for k in range(0, len(reports) - 1, 2):
            if all(p.exists() for p in reports[k:k + 2]):
                pair = compare_runs(*(json.loads(p.read_text()) for p in reports[k:k + 2]))
                pairs.append({"run": name, **pair})
    return pairs


#: The verdicts that name a faster framework.
FASTER = ("pytorch_faster", "tensorflow_faster")


def _ratios(report: dict[str, Any]) -> dict[str, float | None]:
    return {key: v.get("ratio") for key, v in _by_key(report).items()}


def _verdicts(report: dict[str, Any]) -> dict[str, str]:
    return {key: str(v.get("verdict")) for key, v in _by_key(report).items()}


def _by_key(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The report's verdicts by "workload/mode/dtype"."""
    return {f"{v['workload']}/{v['mode']}/{v.get('dtype') or 'float32'}": v
            for v in report.get("benchmark_verdicts") or [] if isinstance(v, dict)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default="quick,standard,seed-quick,quick",
                        help=f"Comma-separated, in order, from {', '.join(RUNS)}.")
    parser.add_argument("--quiet-reference-ms", type=float, default=QUIET_REFERENCE_MS)
    parser.add_argument("--keep", type=Path, help="Folder to keep the probe reports in.")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    names = [n.strip() for n in options.runs.split(",") if n.strip()]
    unknown = [n for n in names if n not in RUNS]
    if unknown:
        parser.error(f"unknown run(s) {', '.join(unknown)}; allowed: {', '.join(RUNS)}")
    folder = options.keep or Path(tempfile.mkdtemp(prefix="advisor-suites-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for number, name in enumerate(names, 1):
        result = measure(name, folder / f"{number}-{name}.json", options.quiet_reference_ms)
        results.append(result)
        if not options.json:
            _print(result)
    pairs = _pairs(results)
    if options.json:
        quick = [p for p in pairs if p["run"] == "quick"]
        print(json.dumps({"runs": results, "quick_pair": quick[0] if quick else None,
                          "pairs": pairs, "quiet_reference_ms": options.quiet_reference_ms},
                         indent=1))
    else:
        for pair in pairs:
            _print_pair(pair)
        if len(pairs) > 1:
            quiet = [p for p in pairs if not any(p["busy"])]
            print(f"{len(pairs)} pairs, {len(quiet)} with both runs quiet: "
                  f"{sum(p['verdicts_agree'] for p in quiet)} agree (no verdict contradicts "
                  f"the other run's), {sum(p['verdicts_identical'] for p in quiet)} identical; "
                  f"{sum(p['contradictions'] for p in pairs)} contradiction(s), "
                  f"{sum(p['opposite'] for p in pairs)} opposite, in all pairs")
    return 0 if all(r["exit"] in (0, 1) for r in results) else 1


def _print(r: dict[str, Any]) -> None:
    ref = r["reference_ms"]
    print(f"{r['run']:<11} wall {r['wall_s']:7.1f} s (exit {r['exit']}) = {r['reference_calls']} "
          f"reference calls; reference {ref['before']} ms before, {ref['after']} ms after "
          f"({r['slowdown_vs_quiet']}x a quiet host); {r['target_s']:.0f} s target: "
          f"{r['verdict']}", flush=True)


def _print_pair(pair: dict[str, Any]) -> None:
    g1, g2 = pair["geomean"]
    shown = "; ".join("-".join(f"{v:.3f}" if isinstance(v, int | float) else "?" for v in bounds)
                      for bounds in pair["intervals"])
    print(f"two {pair.get('run', 'quick')} runs: geometric mean {g1:.3f} and {g2:.3f} "
          f"(within 10%: {pair['within_10_percent']}; each interval holds the other's: "
          f"{pair['each_interval_holds_other']}); intervals {shown}; busy "
          f"{pair['busy']}; verdicts agree: {pair['verdicts_agree']} (identical: "
          f"{pair['verdicts_identical']}); contradictions: {pair['contradictions']}")
    for row in pair["verdicts"]:
        flag = "" if row["first"] == row["second"] else (
            "   <-- OPPOSITE" if row["opposite"] else "   <-- CONTRADICTS" if row["contradicts"]
            else "   <-- changed, no contradiction")
        ratios = " ".join(f"{r:.2f}" if isinstance(r, int | float) else "-" for r in row["ratios"])
        print(f"  {row['workload']:<40} {row['first']:>24} {row['second']:>24} "
              f"({ratios}){flag}")


if __name__ == "__main__":
    sys.exit(main())
