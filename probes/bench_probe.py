"""The entry point both benchmark probes share: their options, the timed import of the
framework, the run (bench_run.py) and the one JSON document with its fairness ledger.

Standard library only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from bench_machine import THREAD_VARIABLES, MachineLoad, available_cpus, thread_environment
from bench_processes import SECOND_PROCESS_FLAG, run_second_process
from bench_run import BUDGET_NAMES, run_benchmarks
from bench_seed import SEED_PLANS, bf16_units, seed_workloads
from bench_workloads import (
    IMAGE_BATCHES,
    LABEL_BATCHES,
    WORKLOADS,
    Backend,
    DeviceUnavailable,
    calls_per_sample_record,
)
from probe_output import emit, guarded_stdout, skip
from timing_harness import NOISE_REL_IQR, PLANS, TARGET_REL_IQR, peak_rss_bytes
from turn_taking import Turns


def bench_arguments(description: str) -> argparse.ArgumentParser:
    """The options both benchmark probes accept."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--budget", choices=BUDGET_NAMES, default="quick")
    parser.add_argument("--threads", type=int, default=None,
                        help="Intra-op threads (default: the CPUs this process may run on).")
    parser.add_argument("--interop-threads", type=int, default=None,
                        help="Inter-op threads (default: the same as --threads).")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--suite", choices=("default", "seed"), default="default",
                        help="default: the five small workloads; seed: the models of the "
                             "article's A100 table (bench_seed.py).")
    parser.add_argument("--workloads", default=None,
                        help="Comma-separated workload ids (default: all of the suite).")
    parser.add_argument("--modes", default=None,
                        help="Comma-separated modes among eager,compiled (default: by budget).")
    parser.add_argument("--time-budget-s", type=float, default=None,
                        help="Seconds for the workloads after the import (default: by budget).")
    parser.add_argument("--turns", default=None, metavar="IN,OUT",
                        help="File descriptors of the advisor's turn-taking pipes: work only "
                             "during this probe's turns (see turn_taking.py).")
    parser.add_argument("--dtype", default=None, metavar="DTYPES",
                        help="Comma-separated precisions among float32,bfloat16 (default: "
                             "float32; the seed suite adds bfloat16 where the CPU has bf16 "
                             "units). float32 is strict: TF32 is switched off.")
    parser.add_argument("--contention", default=None, metavar="JSON",
                        help="The advisor's reading of the free CPUs before the run (and the "
                             "thread count it chose from it), kept in the ledger.")
    parser.add_argument(SECOND_PROCESS_FLAG, dest="second_process", action="store_true",
                        help="Internal: this is a probe's second process for the eager "
                             "workloads (bench_processes.py); it starts no further one.")
    return parser


def timed_import(module: str) -> tuple[Any, float]:
    """Import `module` and return it with the seconds it took (the probe is a fresh process)."""
    started = time.perf_counter()
    imported = __import__(module)
    return imported, time.perf_counter() - started


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
        load.observe()

        def hand_over() -> None:
            load.observe()  # between rounds: nothing of this probe is being timed
            turns.hand_over()

        def second_run(command: list[str], timeout_s: float) -> dict[str, Any]:
            turn_args, fds = turns.lend()  # the second process takes this probe's turns
            return run_second_process(command + turn_args, timeout_s, pass_fds=fds)

        document = run_benchmarks(backend, options, import_s, clock=turns.clock,
                                  hand_over=hand_over, second_run=second_run)
        load.observe()
        catalogue = seed_workloads(backend.device) if options.suite == "seed" else WORKLOADS
        document["ledger"] = {
            **backend.ledger(),
            "threads_requested": {"intra_op": options.threads, "inter_op": options.interop_threads},
            "cpus_available": available_cpus(),
            "thread_environment": {name: os.environ.get(name) for name in THREAD_VARIABLES},
            "thread_environment_inherited": inherited,
            "dtype": ",".join(document["budget"]["dtypes"]),
            "suite": options.suite,
            "bf16_units": bf16_units(),
            # The process's resident high-water mark: the framework's peak CPU memory in this run.
            "peak_rss_bytes_process": peak_rss_bytes(),
            "calls_per_sample": calls_per_sample_record(backend.device),
            "batch_sizes": {w.id: w.batch_size for w in catalogue.values()},
            "training_data": f"cnn_train_step cycles {IMAGE_BATCHES} random image batches and "
                             f"{LABEL_BATCHES} random label batches independently",
            "workloads": {w.id: w.description for w in catalogue.values()},
            "harness": {"target_rel_iqr": TARGET_REL_IQR, "noise_rel_iqr": NOISE_REL_IQR,
                        "plan": asdict((SEED_PLANS if options.suite == "seed" else PLANS)[
                            options.budget]), "gc": "disabled while sampling",
                        "clock": "time.perf_counter" if not turns.turns else
                                 "time.perf_counter, less the time spent waiting for turns"},
            "python": sys.version.split()[0],
            "machine_load": load.result(),
            "contention_before": _contention(options.contention),
            "run_order": turns.record(),
        }
        emit(document, real_stdout)
    return 0


def _contention(text: str | None) -> dict[str, Any] | None:
    """The advisor's reading of the machine before the run, as it passed it (JSON)."""
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"unreadable": text[:200]}
    return value if isinstance(value, dict) else {"unreadable": text[:200]}
