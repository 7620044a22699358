"""The run loop both benchmark probes share: options, budgets, the order of work, the records.

bench_torch.py and bench_tensorflow.py each supply a `Backend` (how to build a workload's step in
their framework; the workloads are catalogued in bench_workloads.py); everything else (the order
of work, the budget, the timing harness, the result records, import time, failures) is this one
code path, so both frameworks are measured alike. The machine's state is read by bench_machine.py.

Warm-up is N calls and at least T seconds; sampling takes n samples over at least / at most S
seconds (no early stop before the minimum), in R rounds. Budgets (per framework, counted over
its own turns: the advisor runs the two frameworks' probes side by side, taking turns, never
both at once; see turn_taking.py):

| budget   | modes            | sampling per workload                   | run cap | imports        |
|----------|------------------|-----------------------------------------|---------|----------------|
| quick    | eager            | 2 warm-up, 5-20, 0.5 s, 2 rounds        | 6 s     | 1 (in-process) |
| standard | eager + compiled | 3 + 0.5 s warm-up, 10-1000, 1.5-2 s, 6  | 45 s    | 1 + 4 fresh    |
| thorough | eager + compiled | 5 + 2 s warm-up, 30-5000, 5-15 s, 10    | 600 s   | 1 + 8 fresh    |

(warm-up calls and seconds, samples, sampling seconds, rounds)

The run cap covers the workloads after the framework's import. Order: every eager workload is
built and warmed up; then the compiled ones (the published torch.compile example,
mlp_inference, first), each compiled and warmed up only when its estimated compile cost fits in
what is left after keeping every prepared workload's sampling time; then all of them are sampled
together in rounds, one window per workload a round, so each workload's samples span the whole
sampling phase; then fresh-process imports with what is left. Every eager workload is always
measured (at least three samples, however late); a compiled workload that does not fit is
skipped with the reason, and so are fresh imports that would not fit. After the sampling (and
before the imports) the probe's main passes `second_run`: the eager workloads once more in a
fresh process of this probe with a cap of its own (bench_processes.py).

Standard library only.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_machine import describe
from bench_processes import (
    SECOND_PROCESS_CAPS_S,
    attach_process_medians,
    second_process_command,
)
from bench_seed import SEED_PLANS, SEED_RUN_CAPS_S, bf16_units, seed_workloads
from bench_workloads import (
    COMPILE_ORDER,
    MATMUL_N,
    WORKLOADS,
    Backend,
    Step,
    Workload,
    calls_per_sample,
)
from timing_harness import (
    PLANS,
    RssWatch,
    Sampler,
    SamplingPlan,
    WarmUp,
    gc_paused,
    summarize,
    warm_up,
)

BUDGET_NAMES = ("quick", "standard", "thorough")
#: Seconds for the workloads of one framework, after its import.
RUN_CAPS_S = {"quick": 6.0, "standard": 45.0, "thorough": 600.0}
#: Fresh-process imports measured beyond the import of the probe itself.
EXTRA_IMPORTS = {"quick": 0, "standard": 4, "thorough": 8}
DEFAULT_MODES = {"quick": ("eager",), "standard": ("eager", "compiled"),
                 "thorough": ("eager", "compiled")}
MODES = ("eager", "compiled")
DTYPES = ("float32", "bfloat16")


def parse_list(text: str | None, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    """Split a comma list and check each item; raises SystemExit(2) through argparse style."""
    items = tuple(item.strip() for item in (text or "").split(",") if item.strip())
    unknown = [item for item in items if item not in allowed]
    if unknown or not items:
        sys.stderr.write(f"unknown {what} {unknown or text!r}; allowed: {', '.join(allowed)}\n")
        raise SystemExit(2)
    return items


def resolve_dtypes(options: argparse.Namespace, seed: bool) -> tuple[str, ...]:
    """The precisions to run: --dtype, else float32, plus bfloat16 in the seed suite where the
    CPU has bfloat16 units (on a GPU the device's own probe decides; float32 here)."""
    if getattr(options, "dtype", None):
        return parse_list(options.dtype, DTYPES, "dtype")
    if seed and options.device == "cpu" and bf16_units():
        return ("float32", "bfloat16")
    return ("float32",)


def fresh_import_seconds(module: str, timeout_s: float) -> float:
    """Import time of `module` in a new interpreter (same executable and environment)."""
    code = (f"import time; t = time.perf_counter(); import {module}; "
            "print(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout_s, check=True)
    return float(done.stdout.strip().splitlines()[-1])


class CompileCosts:
    """Estimates compile time from a table, rescaled by what this run's compiles really took."""

    def __init__(self, table: dict[str, float]) -> None:
        self.table = table
        self.ratios: list[float] = []

    def estimate(self, workload: str) -> float:
        scale = sum(self.ratios) / len(self.ratios) if self.ratios else 1.0
        return self.table.get(workload, 30.0) * scale

    def observe(self, workload: str, seconds: float) -> None:
        base = self.table.get(workload)
        if base:
            self.ratios.append(seconds / base)


def result_record(backend: Backend, workload: Workload, mode: str, dtype: str,
                  measured: dict[str, Any]) -> dict[str, Any]:
    """A BenchmarkResult-shaped dict (docs/contract.md section 5) with the harness's extra keys."""
    median = measured["median_s"]
    throughput: float | None = None
    if workload.id == "matmul":
        measured["gflop"] = 2 * MATMUL_N**3 / 1e9
        measured["matrix_size"] = MATMUL_N
        throughput = measured["gflop"] / median if median > 0 else None
    elif workload.batch_size is not None and median > 0:
        throughput = workload.batch_size / median
    return {
        "framework": backend.framework,
        "workload": workload.id,
        "mode": mode,
        "device": backend.device,
        "dtype": dtype,
        "batch_size": workload.batch_size,
        "throughput": throughput,
        "throughput_unit": workload.throughput_unit,
        "compile_s": measured["first_call_s"] if mode == "compiled" else None,
        "compile_scope": backend.compile_scope.get(workload.id) if mode == "compiled" else None,
        **measured,
    }


def failure(backend: Backend, kind: str, reason: str, workload: str | None = None,
            mode: str | None = None) -> dict[str, Any]:
    """A failure entry of the report (kind: skipped | failed | timeout)."""
    label = f"{workload} ({mode}): " if workload else ""
    return {"probe": backend.probe, "kind": kind, "reason": label + reason,
            "workload": workload, "mode": mode}


@dataclass
class _Prepared:
    """A built and warmed-up workload, waiting for its sampling rounds."""

    workload: Workload
    mode: str
    step: Step
    warm: WarmUp
    memory: dict[str, Any]
    prep_s: float
    dtype: str


def run_benchmarks(backend: Backend, options: argparse.Namespace, import_s: float,
                   *, clock: Callable[[], float] = time.perf_counter,
                   hand_over: Callable[[], None] = lambda: None,
                   second_run: Callable[[list[str], float], dict[str, Any]] | None = None,
                   ) -> dict[str, Any]:
    """Measure the selected workloads and modes; return the probe's document.

    Every workload is built and warmed up first (compiled ones as the budget allows), then
    sampled in rounds, one window per workload a round, so each workload's samples span the
    sampling phase rather than one stretch of it (see timing_harness.SamplingPlan.rounds).
    `hand_over` is called after the builds and after each round, when nothing is being timed
    (the other framework's probe may take its turn then; see turn_taking.py). `second_run`
    (command, timeout) -> document runs the eager workloads once more in a fresh process
    (bench_processes.py; the probes pass `run_second_process`); None: no second process.
    """
    budget = options.budget
    seed = getattr(options, "suite", "default") == "seed"
    catalogue = seed_workloads(backend.device) if seed else WORKLOADS
    plan = SEED_PLANS[budget] if seed else PLANS[budget]
    wanted = parse_list(options.workloads or ",".join(catalogue), tuple(catalogue), "workload")
    # The seed suite is eager only: its models are each framework's default execution.
    modes = (("eager",) if seed else
             parse_list(options.modes, MODES, "mode") if options.modes else DEFAULT_MODES[budget])
    dtypes = resolve_dtypes(options, seed)
    caps = SEED_RUN_CAPS_S if seed else RUN_CAPS_S
    cap = options.time_budget_s if options.time_budget_s is not None else caps[budget]
    started = clock()
    deadline = started + cap
    results: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    phases: dict[str, float] = {"import_s": import_s}
    prepared: list[_Prepared] = []

    def prepare(workload: Workload, mode: str, dtype: str = "float32") -> float | None:
        """Build and warm up one workload; return its first-call seconds, or None if it failed."""
        phase_start = clock()
        label = mode if dtype == "float32" else f"{mode}, {dtype}"
        try:
            # Device memory counts from before the build, so the weights and inputs are in
            # both frameworks' peaks (Keras creates its weights at the first call, torch here).
            backend.reset_device_memory()
            step = (backend.build_seed(workload, dtype) if seed else
                    backend.build(workload.id, mode))
            watch = RssWatch()
            warm = warm_up(step, plan, sync=backend.sync, clock=clock, deadline=deadline,
                           loops=calls_per_sample(backend.device))
            # The build, the first call and the warm-up are where a workload allocates.
            memory = {**watch.result(), **backend.device_memory()}
        except Exception as exc:  # one workload's failure must not lose the others
            failures.append(failure(backend, "failed", describe(exc), workload.id, label))
            phases[f"{workload.id}:{label}_s"] = clock() - phase_start
            return None
        prepared.append(_Prepared(workload, mode, step, warm, memory, clock() - phase_start,
                                  dtype))
        return warm.first_call_s

    if "eager" in modes:
        for dtype in dtypes:
            for workload_id in wanted:
                if workload_id != "import_time":
                    prepare(catalogue[workload_id], "eager", dtype)
    if "compiled" in modes:
        costs = CompileCosts(backend.compile_estimates_s)
        for workload_id in COMPILE_ORDER:
            if workload_id not in wanted:
                continue
            # Each prepared workload, this one included, keeps its full sampling time.
            left = deadline - clock() - plan.max_seconds * (len(prepared) + 1)
            needed = costs.estimate(workload_id)
            if needed > left:
                failures.append(failure(
                    backend, "skipped",
                    f"compiled mode skipped: compiling needs about {needed:.0f} s and "
                    f"{max(left, 0):.0f} s of the {budget} budget's {cap:g} s are left "
                    "(the rest is kept for sampling)", workload_id, "compiled"))
                continue
            first = prepare(WORKLOADS[workload_id], "compiled")
            if first is not None:
                costs.observe(workload_id, first)
    hand_over()
    phase_start = clock()
    results.extend(sample_in_rounds(backend, prepared, plan, deadline, clock, failures, phases,
                                    hand_over))
    if prepared:
        phases["sampling_rounds_s"] = clock() - phase_start
    eager_ids = [w for w in wanted if w != "import_time"]
    if (second_run is not None and not seed and "eager" in modes and eager_ids and results
            and not getattr(options, "second_process", False)):
        phase_start = clock()
        second_process(backend, options, eager_ids, results, failures, import_s, second_run)
        phases["eager:second_process_s"] = clock() - phase_start
    if "import_time" in wanted:
        # Last: fresh-process imports are the cheapest thing to cut when time is short.
        phase_start = clock()
        results.append(import_time_record(backend, budget, import_s, deadline, clock, failures))
        phases["import_time:fresh_processes_s"] = clock() - phase_start
    return {
        "benchmarks": results,
        "failures": failures,
        "budget": {"name": budget, "run_cap_s": cap, "spent_s": clock() - started,
                   "modes": list(modes), "workloads": list(wanted), "rounds": plan.rounds,
                   "suite": "seed" if seed else "default", "dtypes": list(dtypes)},
        "phases": phases,
    }


def sample_in_rounds(backend: Backend, prepared: list[_Prepared], plan: SamplingPlan,
                     deadline: float, clock: Callable[[], float],
                     failures: list[dict[str, Any]], phases: dict[str, float],
                     hand_over: Callable[[], None] = lambda: None) -> list[dict[str, Any]]:
    """Sample every prepared workload, one window each a round, until each one is done.

    The time left is shared out evenly (at most the plan's max_seconds each); a workload that
    raises is reported as failed and the others go on.
    """
    if not prepared:
        return []
    allowance = min(plan.max_seconds, max(deadline - clock(), 0.0) / len(prepared))
    samplers = [Sampler(item.step, item.warm, plan, sync=backend.sync, clock=clock,
                        allowance=allowance) for item in prepared]
    broken: set[int] = set()
    with gc_paused():
        active = list(range(len(prepared)))
        while active:
            # Between rounds, outside any timed region: the young generations only (cheap),
            # so a long sampling phase does not pile up cyclic garbage while gc is off.
            gc.collect(1)
            for index in list(active):
                sampler = samplers[index]
                try:
                    sampler.window(deadline)
                except Exception as exc:
                    item = prepared[index]
                    failures.append(failure(backend, "failed", describe(exc), item.workload.id,
                                            item.mode))
                    broken.add(index)
                if sampler.done or index in broken:
                    active.remove(index)
            if active:
                hand_over()
    records = []
    for index, (item, sampler) in enumerate(zip(prepared, samplers, strict=True)):
        label = item.mode if item.dtype == "float32" else f"{item.mode}, {item.dtype}"
        phases[f"{item.workload.id}:{label}_s"] = item.prep_s + sampler.sampling_s
        if index in broken or not sampler.samples:
            continue
        record = sampler.measurement().as_dict()
        record.update(item.memory)
        records.append(result_record(backend, item.workload, item.mode, item.dtype, record))
    return records


def second_process(backend: Backend, options: argparse.Namespace, workloads: list[str],
                   results: list[dict[str, Any]], failures: list[dict[str, Any]],
                   import_s: float,
                   run: Callable[[list[str], float], dict[str, Any]]) -> None:
    """The eager workloads once more in a fresh process (see bench_processes.py)."""
    script = Path(__file__).resolve().parent / f"{backend.probe}.py"
    command = second_process_command(script, options, workloads)
    # Its import, builds and warm-ups come on top of its sampling cap.
    timeout = 3 * import_s + 4 * SECOND_PROCESS_CAPS_S[options.budget] + 30
    try:
        attach_process_medians(results, run(command, timeout))
    except (subprocess.SubprocessError, OSError, ValueError) as exc:
        failures.append(failure(backend, "failed", "second process for the between-process "
                                f"spread: {describe(exc)}", None, "eager"))


def import_time_record(backend: Backend, budget: str, import_s: float, deadline: float,
                       clock: Callable[[], float],
                       failures: list[dict[str, Any]]) -> dict[str, Any]:
    """The import_time result: this probe's own import, plus fresh processes as budget allows."""
    samples = [import_s]
    for _ in range(EXTRA_IMPORTS[budget]):
        # A fresh import costs about as much as the first one; never start one that won't fit.
        if deadline - clock() < 1.5 * max(samples):
            failures.append(failure(backend, "skipped",
                                    "fewer fresh-process imports than planned: budget spent",
                                    "import_time", "eager"))
            break
        try:
            samples.append(fresh_import_seconds(backend.module, timeout_s=10 * max(samples) + 30))
        except (subprocess.SubprocessError, OSError, ValueError, IndexError) as exc:
            failures.append(failure(backend, "failed", describe(exc), "import_time", "eager"))
            break
    stats = summarize(samples)
    return {
        "framework": backend.framework,
        "workload": "import_time",
        "mode": "eager",
        "device": "cpu",
        "batch_size": None,
        "median_s": stats.median_s,
        "iqr_s": stats.iqr_s,
        "min_s": stats.min_s,
        "n": stats.n,
        "rel_iqr": stats.rel_iqr,
        "noise_warning": stats.noise_warning,
        "samples": samples,
        "throughput": None,
        "throughput_unit": None,
        "compile_s": None,
        "method": "first sample: the probe's own import (fresh process); "
                  "others: `python -c 'import MODULE'` in new processes; OS file cache warm",
        "budget_exhausted": len(samples) < 1 + EXTRA_IMPORTS[budget],
    }


