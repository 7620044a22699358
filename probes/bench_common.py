"""What the two benchmark probes share: options, workloads, budgets and the run loop.

bench_torch.py and bench_tensorflow.py each supply a `Backend` (how to build a workload's step in
their framework); everything else (the order of work, the budget, the timing harness, the result
records, import time, failures) is this one code path, so both frameworks are measured alike.

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
skipped with the reason, and so are fresh imports that would not fit.

Standard library only.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Protocol

from probe_output import emit, guarded_stdout, skip
from timing_harness import (
    NOISE_REL_IQR,
    PLANS,
    TARGET_REL_IQR,
    RssWatch,
    Sampler,
    SamplingPlan,
    WarmUp,
    gc_paused,
    summarize,
    warm_up,
)
from turn_taking import Turns

BUDGET_NAMES = ("quick", "standard", "thorough")
#: Seconds for the workloads of one framework, after its import.
RUN_CAPS_S = {"quick": 6.0, "standard": 45.0, "thorough": 600.0}
#: Fresh-process imports measured beyond the import of the probe itself.
EXTRA_IMPORTS = {"quick": 0, "standard": 4, "thorough": 8}
DEFAULT_MODES = {"quick": ("eager",), "standard": ("eager", "compiled"),
                 "thorough": ("eager", "compiled")}
MODES = ("eager", "compiled")

#: Environment variables that size thread pools, recorded in the fairness ledger.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "KMP_AFFINITY",
                    "KMP_BLOCKTIME", "OMP_PROC_BIND", "OMP_WAIT_POLICY", "TF_ENABLE_ONEDNN_OPTS",
                    "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "DNNL_MAX_CPU_ISA")

#: Square matrix size of the `matmul` workload (2 * N^3 flops: compute bound on any CPU or GPU).
MATMUL_N = 2048

#: The cnn train step cycles through this many image batches and, independently, this many
#: label batches (coprime, so an image batch meets a different label batch each time round).
#: Measured here: trained on one fixed batch, the loss fell to 1e-5 within 40 steps, the
#: gradients went denormal and a PyTorch step took 1.5-2x as long, by a different amount in
#: each run. With labels the model cannot fit, it stays in the regime of real training.
IMAGE_BATCHES = 8
LABEL_BATCHES = 7


@dataclass(frozen=True)
class Workload:
    """A workload's fixed shape, identical in both frameworks."""

    id: str
    batch_size: int | None
    throughput_unit: str | None
    compilable: bool = True
    description: str = ""


WORKLOADS: dict[str, Workload] = {
    w.id: w
    for w in (
        Workload("mlp_inference", 1000, "samples/s",
                 description="Linear(784,512) -> ReLU -> Linear(512,10), batch 1000, inference"),
        Workload("cnn_train_step", 64, "samples/s",
                 description="Conv(1,32,3) -> ReLU -> Conv(32,64,3) -> ReLU -> Flatten -> "
                             "Linear(36864,10), 64 MNIST-shaped images; forward, backward, Adam"),
        Workload("transformer_inference", 16, "samples/s",
                 description="one encoder layer, d_model 256, 4 heads, feed-forward 1024, "
                             "sequence 128, batch 16, inference"),
        Workload("matmul", None, "GFLOP/s",
                 description=f"fp32 {MATMUL_N}x{MATMUL_N} @ {MATMUL_N}x{MATMUL_N}"),
        Workload("import_time", None, None, compilable=False,
                 description="import of the framework in a fresh process"),
    )
}
#: Compiled workloads in order of interest: the published torch.compile example first.
COMPILE_ORDER = ("mlp_inference", "matmul", "transformer_inference", "cnn_train_step")

Step = Callable[[], object]


class DeviceUnavailable(Exception):
    """The requested device is absent for this framework: the probe is skipped, not failed."""


class Backend(Protocol):
    """One framework's side of the benchmarks."""

    framework: str  # "pytorch" | "tensorflow"
    probe: str  # "bench_torch" | "bench_tensorflow"
    module: str  # the module whose import is timed
    device: str
    #: Estimated compile (first call) seconds per workload on a small CPU, for the budget.
    compile_estimates_s: ClassVar[dict[str, float]]
    #: What compiled mode compiles per workload (recorded with each compiled result and in the
    #: ledger: a fair comparison compiles the same scope in both frameworks).
    compile_scope: ClassVar[dict[str, str]]

    def build(self, workload: str, mode: str) -> Step: ...
    def sync(self) -> None: ...
    def reset_device_memory(self) -> None: ...
    def device_memory(self) -> dict[str, Any]: ...
    def ledger(self) -> dict[str, Any]: ...


def rotating_batches(images: list[Any], labels: list[Any]) -> Callable[[], tuple[Any, Any]]:
    """The next (images, labels) pair on each call: plain list indexing, no framework op."""
    position = [0]

    def next_batch() -> tuple[Any, Any]:
        index = position[0]
        position[0] = index + 1
        return images[index % len(images)], labels[index % len(labels)]

    return next_batch


def bench_arguments(description: str) -> argparse.ArgumentParser:
    """The options both benchmark probes accept."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--budget", choices=BUDGET_NAMES, default="quick")
    parser.add_argument("--threads", type=int, default=None,
                        help="Intra-op threads (default: the CPUs this process may run on).")
    parser.add_argument("--interop-threads", type=int, default=None,
                        help="Inter-op threads (default: the same as --threads).")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--workloads", default=",".join(WORKLOADS),
                        help="Comma-separated workload ids (default: all).")
    parser.add_argument("--modes", default=None,
                        help="Comma-separated modes among eager,compiled (default: by budget).")
    parser.add_argument("--time-budget-s", type=float, default=None,
                        help="Seconds for the workloads after the import (default: by budget).")
    parser.add_argument("--turns", default=None, metavar="IN,OUT",
                        help="File descriptors of the advisor's turn-taking pipes: work only "
                             "during this probe's turns (see turn_taking.py).")
    parser.add_argument("--dtype", choices=("float32",), default="float32",
                        help="Precision of weights and inputs (float32; TF32 and reduced "
                             "precision are switched off so both frameworks compute in fp32).")
    return parser


def available_cpus() -> int:
    """CPUs this process may run on (affinity, cgroups pinning), not the machine's total."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def parse_list(text: str | None, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    """Split a comma list and check each item; raises SystemExit(2) through argparse style."""
    items = tuple(item.strip() for item in (text or "").split(",") if item.strip())
    unknown = [item for item in items if item not in allowed]
    if unknown or not items:
        sys.stderr.write(f"unknown {what} {unknown or text!r}; allowed: {', '.join(allowed)}\n")
        raise SystemExit(2)
    return items


def thread_environment(threads: int) -> dict[str, str | None]:
    """Pin the OpenMP/MKL pools to `threads` before the framework loads; return what was there."""
    before = {name: os.environ.get(name) for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    for name in before:
        os.environ[name] = str(threads)
    return before


def timed_import(module: str) -> tuple[Any, float]:
    """Import `module` and return it with the seconds it took (the probe is a fresh process)."""
    started = time.perf_counter()
    imported = __import__(module)
    return imported, time.perf_counter() - started


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


def describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:300]}" if text else type(exc).__name__


@dataclass
class _Prepared:
    """A built and warmed-up workload, waiting for its sampling rounds."""

    workload: Workload
    mode: str
    step: Step
    warm: WarmUp
    memory: dict[str, Any]
    prep_s: float


def run_benchmarks(backend: Backend, options: argparse.Namespace, import_s: float,
                   *, clock: Callable[[], float] = time.perf_counter,
                   hand_over: Callable[[], None] = lambda: None) -> dict[str, Any]:
    """Measure the selected workloads and modes; return the probe's document.

    Every workload is built and warmed up first (compiled ones as the budget allows), then
    sampled in rounds, one window per workload a round, so each workload's samples span the
    sampling phase rather than one stretch of it (see timing_harness.SamplingPlan.rounds).
    `hand_over` is called after the builds and after each round, when nothing is being timed
    (the other framework's probe may take its turn then; see turn_taking.py).
    """
    budget = options.budget
    plan = PLANS[budget]
    wanted = parse_list(options.workloads, tuple(WORKLOADS), "workload")
    modes = parse_list(options.modes, MODES, "mode") if options.modes else DEFAULT_MODES[budget]
    cap = options.time_budget_s if options.time_budget_s is not None else RUN_CAPS_S[budget]
    started = clock()
    deadline = started + cap
    results: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    phases: dict[str, float] = {"import_s": import_s}
    prepared: list[_Prepared] = []

    def prepare(workload: Workload, mode: str) -> float | None:
        """Build and warm up one workload; return its first-call seconds, or None if it failed."""
        phase_start = clock()
        try:
            step = backend.build(workload.id, mode)
            backend.reset_device_memory()
            watch = RssWatch()
            warm = warm_up(step, plan, sync=backend.sync, clock=clock, deadline=deadline)
            # The build, the first call and the warm-up are where a workload allocates.
            memory = {**watch.result(), **backend.device_memory()}
        except Exception as exc:  # one workload's failure must not lose the others
            failures.append(failure(backend, "failed", describe(exc), workload.id, mode))
            phases[f"{workload.id}:{mode}_s"] = clock() - phase_start
            return None
        prepared.append(_Prepared(workload, mode, step, warm, memory, clock() - phase_start))
        return warm.first_call_s

    if "eager" in modes:
        for workload_id in wanted:
            if workload_id != "import_time":
                prepare(WORKLOADS[workload_id], "eager")
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
    results.extend(sample_in_rounds(backend, prepared, plan, options.dtype, deadline, clock,
                                    failures, phases, hand_over))
    if prepared:
        phases["sampling_rounds_s"] = clock() - phase_start
    if "import_time" in wanted:
        # Last: fresh-process imports are the cheapest thing to cut when time is short.
        phase_start = clock()
        results.append(import_time_record(backend, budget, import_s, deadline, clock, failures))
        phases["import_time:fresh_processes_s"] = clock() - phase_start
    return {
        "benchmarks": results,
        "failures": failures,
        "budget": {"name": budget, "run_cap_s": cap, "spent_s": clock() - started,
                   "modes": list(modes), "workloads": list(wanted), "rounds": plan.rounds},
        "phases": phases,
    }


def sample_in_rounds(backend: Backend, prepared: list[_Prepared], plan: SamplingPlan,
                     dtype: str, deadline: float, clock: Callable[[], float],
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
        phases[f"{item.workload.id}:{item.mode}_s"] = item.prep_s + sampler.sampling_s
        if index in broken or not sampler.samples:
            continue
        record = sampler.measurement().as_dict()
        record.update(item.memory)
        records.append(result_record(backend, item.workload, item.mode, dtype, record))
    return records


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


def finite_or_none(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


#: What the NVML figure is: NVML has no per-process peak, only the memory in use when asked.
NVML_SCOPE = ("GPU memory of this process in use after the workload's warm-up (NVML, the "
              "framework's allocator cache included); the peak is device_peak_memory_bytes")


def nvml_process_memory(nvml: Any, pid: int) -> dict[str, Any]:
    """GPU memory used by process `pid` on each NVIDIA GPU, through NVML (a fake in tests).

    A process NVML does not list (a container's own PID namespace hides the host PID, or the
    driver withholds per-process figures) gives an empty mapping and a note saying so.
    """
    nvml.nvmlInit()
    try:
        used: dict[str, int] = {}
        listed = False
        for index in range(nvml.nvmlDeviceGetCount()):
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
            for proc in nvml.nvmlDeviceGetComputeRunningProcesses(handle):
                if proc.pid != pid:
                    continue
                listed = True
                if proc.usedGpuMemory is not None:
                    used[str(index)] = int(proc.usedGpuMemory)
        result: dict[str, Any] = {"nvml_process_memory_bytes": used, "nvml_scope": NVML_SCOPE}
        if not listed:
            result["nvml_note"] = (f"NVML lists no compute process with PID {pid} (in a "
                                   "container the host sees another PID)")
        elif not used:
            result["nvml_note"] = "NVML lists this process but withholds its memory figure"
        return result
    finally:
        nvml.nvmlShutdown()


def nvml_memory_or_note(pid: int) -> dict[str, Any]:
    """Per-process GPU memory through pynvml when it is installed in this interpreter."""
    try:
        import pynvml  # optional: absent in many target environments
    except ImportError:
        return {"nvml_process_memory_bytes": None, "nvml_note": "pynvml is not installed"}
    try:
        return nvml_process_memory(pynvml, pid)
    except Exception as exc:  # NVML missing driver library, no permission...
        return {"nvml_process_memory_bytes": None, "nvml_note": describe(exc)}


class MachineLoad:
    """How busy the machine was while the workloads ran: other processes slow both frameworks,
    and not alike (OpenMP pools stall when a thread is descheduled; work-stealing pools less so).
    """

    PRESSURE = "/proc/pressure/cpu"

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.load_start = _loadavg()
        self.stall_start = _cpu_stall_us(self.PRESSURE)

    def result(self) -> dict[str, Any]:
        wall = time.monotonic() - self.started
        stall_end = _cpu_stall_us(self.PRESSURE)
        share = None
        if self.stall_start is not None and stall_end is not None and wall > 0:
            share = min((stall_end - self.stall_start) / 1e6 / wall, 1.0)
        return {
            "loadavg_1min_start": self.load_start,
            "loadavg_1min_end": _loadavg(),
            # Linux PSI: share of the run during which some runnable task waited for a CPU.
            "cpu_pressure_share": share,
            "cpus_available": available_cpus(),
        }


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def _cpu_stall_us(path: str) -> int | None:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith("some "):
                    return int(line.rsplit("total=", 1)[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def probe_main(options: argparse.Namespace, module: str,
               make_backend: Callable[[Any, argparse.Namespace], Backend]) -> int:
    """Pin threads, import the framework (timed), run the workloads, print one JSON document.

    `make_backend(imported_module, options)` configures threads and devices and returns the
    framework's Backend; options.threads and options.interop_threads are resolved before it.
    """
    options.threads = options.threads or available_cpus()
    options.interop_threads = options.interop_threads or options.threads
    inherited = thread_environment(options.threads)
    turns = Turns(options.turns)
    turns.wait()  # nothing of this probe runs outside its turns, its import included
    if importlib.util.find_spec(module) is None:
        emit(skip(f"{module} is not installed in {sys.executable}"))
        return 0
    with guarded_stdout() as real_stdout:
        imported, import_s = timed_import(module)
        try:
            backend = make_backend(imported, options)
        except DeviceUnavailable as exc:
            emit(skip(str(exc)), real_stdout)
            return 0
        load = MachineLoad()
        document = run_benchmarks(backend, options, import_s, clock=turns.clock,
                                  hand_over=turns.hand_over)
        document["ledger"] = {
            **backend.ledger(),
            "threads_requested": {"intra_op": options.threads, "inter_op": options.interop_threads},
            "cpus_available": available_cpus(),
            "thread_environment": {name: os.environ.get(name) for name in THREAD_VARIABLES},
            "thread_environment_inherited": inherited,
            "dtype": options.dtype,
            "batch_sizes": {w.id: w.batch_size for w in WORKLOADS.values()},
            "training_data": f"cnn_train_step cycles {IMAGE_BATCHES} random image batches and "
                             f"{LABEL_BATCHES} random label batches independently",
            "workloads": {w.id: w.description for w in WORKLOADS.values()},
            "harness": {"target_rel_iqr": TARGET_REL_IQR, "noise_rel_iqr": NOISE_REL_IQR,
                        "plan": asdict(PLANS[options.budget]), "gc": "disabled while sampling",
                        "clock": "time.perf_counter" if not turns.turns else
                                 "time.perf_counter, less the time spent waiting for turns"},
            "python": sys.version.split()[0],
            "machine_load": load.result(),
            "run_order": turns.record(),
        }
        emit(document, real_stdout)
    return 0
