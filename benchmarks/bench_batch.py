"""Time `advisor batch` on generated profiles: all formats, one saved probe report, --jobs 2.

    python benchmarks/bench_batch.py [--profiles 100] [--jobs 2] [--probe-results FILE]
                                     [--synthetic-probes] [--formats html,pdf,json,md]
                                     [--against OLD_CHECKOUT [--rounds 3]]

--against compares this checkout with another one (e.g. `git worktree add /tmp/old COMMIT`):
the same batch runs with each checkout's `advisor` package in turn, alternating which goes
first, under this interpreter, and the ratio new/old of the medians is printed (wall time and
the batch's CPU time). On a shared machine whose speed moves between minutes, only such an
alternating ratio says whether a change made the batch faster. CPU time counts the whole
batch: its own process, the fork server and the workers (this script makes itself their
subreaper, so they are reaped here when the batch is done). It moves far less than wall time
when other processes share the CPUs, so read both.

Generates varied profiles (a CSV, one row each) and uses one saved probe report: by default the
real-shaped one of the tests (tests/assets/report/probe_report.json: both frameworks, eager and
compiled, every contract workload), or --synthetic-probes for a small made-up one. Runs the real
command line in a subprocess (stdin closed, as in CI), checks every profile got every format,
and prints the wall time, profiles per second and the machine's load average (the machine may be
shared: compare figures taken under similar load). Exit 1 when the batch failed or took longer
than the target: 100 profiles in 60 s (scaled to the number of profiles).

Before the batch it times the batch's unit of work in this process: one profile, every format,
after a warm-up (CPU seconds, median of 3; --no-reference skips it). Nearly all of it is
WeasyPrint and matplotlib, plain Python, so this figure follows the machine's speed at Python
code, which is what the batch needs: a numpy matmul (the reference of bench_reproducibility.py)
can read the same on two machines whose Python speed differs by a third. 100 profiles in 60 s
on 2 workers leave at most 1.2 CPU seconds per profile, start-up and summary included.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from advisor.outputs import OutputFormat  # noqa: E402

STAGES = ["research", "prototype", "production", "research_to_production"]
DOMAINS = ["nlp_llm", "vision", "generative", "speech_audio", "tabular", "graph", "time_series"]
TARGETS = ["cloud_server", "on_prem_server", "mobile", "edge_embedded", "browser", "serverless"]
HARDWARE = ["nvidia_gpu", "amd_gpu", "google_tpu", "apple_silicon", "cpu_only"]
LEVELS = ["none", "some", "strong"]
ASSETS = ["none", "pytorch", "tensorflow", "both"]
CRITERIA = ["research_velocity", "production_readiness", "learning_curve", "performance",
            "ecosystem", "community", "enterprise_support"]
TARGET_SECONDS = 60.0  # for 100 profiles
REFERENCE_REPEATS = 3
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
REAL_PROBE_REPORT = REPO / "tests" / "assets" / "report" / "probe_report.json"


def write_profiles(path: Path, count: int) -> Path:
    """A CSV of `count` varied, valid profiles (deterministic)."""
    header = ["project_name", "stage", "domains", "deployment_targets", "hardware",
              "team_pytorch_experience", "team_tensorflow_experience", "existing_assets",
              *(f"priority.{c}" for c in CRITERIA)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n in range(count):
            writer.writerow([
                f"Bench project {n:04d}", STAGES[n % 4],
                ";".join({DOMAINS[n % 7], DOMAINS[(n * 3 + 1) % 7]}),
                ";".join({TARGETS[n % 6], TARGETS[(n // 6) % 6]}), HARDWARE[n % 5],
                LEVELS[n % 3], LEVELS[(n // 3) % 3], ASSETS[(n // 9) % 4],
                *(1 + (n * (i + 2)) % 5 for i in range(len(CRITERIA))),
            ])
    return path


def write_probe_report(path: Path) -> Path:
    """A synthetic saved probe report (both frameworks, the contract's key workloads)."""
    benchmarks = []
    for framework, factor in (("pytorch", 1.0), ("tensorflow", 1.15)):
        for workload, batch, unit, median in (
            ("mlp_inference", 1000, "samples/s", 0.0042), ("cnn_train_step", 64, "samples/s", 0.06),
            ("transformer_inference", 32, "samples/s", 0.03), ("matmul", None, "GFLOP/s", 0.9),
            ("import_time", None, None, 1.5),
        ):
            seconds = median * factor
            work = 137.4 if workload == "matmul" else batch
            benchmarks.append({
                "framework": framework, "workload": workload, "mode": "eager", "device": "cpu",
                "batch_size": batch, "median_s": seconds, "iqr_s": seconds / 25,
                "samples": [seconds] * 7, "throughput": work / seconds if work else None,
                "throughput_unit": unit, "compile_s": None,
            })
    report = {
        "schema_version": "1", "created_at": "2026-01-01T00:00:00+00:00",
        "hardware": {"cpu": {"model": "Synthetic bench CPU", "physical_cores": 2,
                             "logical_cores": 2, "features": ["avx2"]},
                     "memory_bytes": 8 * 1024**3, "gpus": [], "tpus": [], "os": {}, "python": {}},
        "frameworks": {"pytorch": {"installed": True, "version": "2.13.0"},
                       "tensorflow": {"installed": True, "version": "2.21.0"}},
        "ecosystem": {"pytorch": [], "tensorflow": [], "shared": []},
        "benchmarks": benchmarks, "failures": [],
    }
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return path


def profile_cpu_seconds(probe_report: Path, formats: str, work: Path,
                        repeats: int = REFERENCE_REPEATS) -> list[float]:
    """CPU seconds of `repeats` profiles run one by one in this process, after one warm-up.

    The same job a batch worker runs (`run_profile`), on profiles of the same generator.
    """
    from advisor.batch.inputs import load_profiles
    from advisor.batch.machines import load_machines
    from advisor.batch.results import BatchSettings
    from advisor.batch.runner import run_profile
    from advisor.batch.session import model_digest
    from advisor.outputs import parse_formats
    from advisor.questionnaire import load_default_questionnaire

    questionnaire = load_default_questionnaire()
    profiles = load_profiles(write_profiles(work / "reference.csv", repeats + 1), questionnaire)
    settings = BatchSettings(
        machines=load_machines([probe_report], []), formats=tuple(parse_formats([formats])),
        output_dir=work / "reference", created_at="2026-01-01T00:00:00+00:00",
        model_digest=model_digest(questionnaire))
    seconds = []
    for number, profile in enumerate(profiles):
        start = time.process_time()
        results = run_profile(profile, settings)
        if not all(r.ok for r in results):
            raise SystemExit(f"reference profile failed: {[r.error for r in results]}")
        if number:  # the first one pays the imports and the first-use costs
            seconds.append(time.process_time() - start)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--probe-results", type=Path, default=REAL_PROBE_REPORT,
                        help="a saved probe report (default: %(default)s)")
    parser.add_argument("--synthetic-probes", action="store_true",
                        help="use a small synthetic probe report instead")
    parser.add_argument("--keep", type=Path, help="write here instead of a temporary folder")
    parser.add_argument("--formats", default=",".join(f.value for f in OutputFormat),
                        help="report formats (default: all)")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip timing one profile in this process before the batch")
    parser.add_argument("--against", type=Path,
                        help="another checkout to compare with, run alternately")
    parser.add_argument("--rounds", type=int, default=3, help="pairs of runs with --against")
    args = parser.parse_args()
    if args.against:
        return compare(args)
    formats = args.formats
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        profiles = write_profiles(work / "profiles.csv", args.profiles)
        probes = (write_probe_report(work / "probe-results.json") if args.synthetic_probes
                  else args.probe_results)
        reference = ([] if args.no_reference else
                     profile_cpu_seconds(probes, formats, work))
        out = work / "out"
        command = [sys.executable, "-m", "advisor", "batch", str(profiles), "--probe-results",
                   str(probes), "--format", formats, "--jobs", str(args.jobs), "--output",
                   str(out), "--json"]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        load_before = _load()
        start = time.perf_counter()
        result = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                text=True, check=False)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            print(f"advisor batch exited {result.returncode}", file=sys.stderr)
            return 1
        summary = json.loads(result.stdout)
        totals = summary["totals"]
        files = sum(1 for p in out.rglob("*") if p.is_file())
        wanted = len(formats.split(",")) + 1  # every format plus the answers file
        incomplete = [r["profile"] for r in summary["profiles"]
                      if len(r["reports"]) != wanted
                      or not all((out / name).stat().st_size > 0 for name in r["reports"])]
    rate = args.profiles / elapsed
    target = TARGET_SECONDS * args.profiles / 100
    verdict = "OK" if elapsed <= target else "TOO SLOW"
    print(f"profiles: {args.profiles}  jobs: {args.jobs}  formats: {formats}"
          f"  cpus: {os.cpu_count()}  probe report: {probes.name}")
    print(f"written: {totals['ok']} ok, {totals['failed']} failed, {files} files"
          f"{f', incomplete: {incomplete}' if incomplete else ''}")
    print(f"load average (1, 5, 15 min): before {load_before}, after {_load()}")
    if reference:
        print(f"one profile in one process, before the batch: {statistics.median(reference):.2f}"
              f" CPU s (median of {len(reference)}, {min(reference):.2f}-{max(reference):.2f};"
              f" the target leaves {TARGET_SECONDS * args.jobs / 100:.1f} at most with"
              f" {args.jobs} workers on {os.cpu_count()} CPUs)")
    print(f"time: {elapsed:.2f} s  rate: {rate:.2f} profiles/s  "
          f"(target {args.profiles} in <= {target:.0f} s: {verdict})")
    return 0 if verdict == "OK" and not incomplete and totals["failed"] == 0 else 1


def _reap_descendants() -> None:
    """Make this process the subreaper of everything it starts (Linux): a batch's fork server
    and workers outlive the batch's own process by a moment, and are then reparented here, so
    their CPU time reaches RUSAGE_CHILDREN once they are waited for."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _wait_for_orphans() -> None:
    """Wait for every process reparented here (the batch's fork server, its workers)."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _run_batch(checkout: Path, profiles: Path, probes: Path, formats: str, jobs: int,
               out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the batch, its fork server and its workers) of one batch
    with `checkout`'s advisor package; raises SystemExit when the batch failed."""
    command = [sys.executable, "-m", "advisor", "batch", str(profiles), "--probe-results",
               str(probes), "--format", formats, "--jobs", str(jobs), "--output", str(out),
               "--json"]
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, check=False, cwd=checkout)
    elapsed = time.perf_counter() - start
    _wait_for_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{checkout}: advisor batch exited {result.returncode}\n"
                         f"{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def compare(args: argparse.Namespace) -> int:
    """This checkout against `args.against`, alternately, `args.rounds` times each."""
    old = args.against.resolve()
    _reap_descendants()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        work = Path(scratch)
        profiles = write_profiles(work / "profiles.csv", args.profiles)
        probes = (write_probe_report(work / "probe-results.json") if args.synthetic_probes
                  else args.probe_results.resolve())
        times: dict[str, list[tuple[float, float]]] = {"new": [], "old": []}
        for number in range(args.rounds):
            order = [("new", REPO), ("old", old)]
            if number % 2:
                order.reverse()
            for name, checkout in order:
                out = work / f"out-{name}-{number}"
                seconds, cpu_seconds = _run_batch(checkout, profiles, probes, args.formats,
                                                  args.jobs, out)
                times[name].append((seconds, cpu_seconds))
                print(f"round {number + 1} {name}: {seconds:.2f} s wall, {cpu_seconds:.2f} s CPU"
                      f"  (load {_load()})", flush=True)
    wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    pairs = [n[0] / o[0] for n, o in zip(times["new"], times["old"], strict=True)]
    cpu_pairs = [n[1] / o[1] for n, o in zip(times["new"], times["old"], strict=True)]
    print(f"profiles: {args.profiles}  jobs: {args.jobs}  formats: {args.formats}"
          f"  old: {old}")
    print(f"median wall: new {wall['new']:.2f} s, old {wall['old']:.2f} s,"
          f" ratio new/old {wall['new'] / wall['old']:.3f}"
          f" (per round {', '.join(f'{p:.3f}' for p in pairs)})")
    print(f"median CPU:  new {cpu['new']:.2f} s, old {cpu['old']:.2f} s,"
          f" ratio new/old {cpu['new'] / cpu['old']:.3f}"
          f" (per round {', '.join(f'{p:.3f}' for p in cpu_pairs)})")
    return 0


def _load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    raise SystemExit(main())
