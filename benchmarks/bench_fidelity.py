"""Fidelity of the benchmark harness: does it time `mlp_inference` (eager) like a plain loop?

For each framework, a fresh process builds the workload through the benchmark probe's own code
(probes/bench_torch.py or probes/bench_tensorflow.py, timed by probes/timing_harness.py) and,
separately, the same model written by hand and timed by a plain `perf_counter` loop. The two
alternate over several short rounds, so a change of load on a shared machine hits both alike:
the difference is the median over rounds of (harness median / plain-loop median) - 1, each ratio
taken from two measurements made seconds apart. The check passes within 15%.

Usage: python benchmarks/bench_fidelity.py [--frameworks torch,tensorflow] [--rounds 5] [--json]
Exit status 0 when every framework agrees within the tolerance, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PROBES = REPO / "probes"
TOLERANCE = 0.15
FRAMEWORKS = ("torch", "tensorflow")


def _plain_torch_model() -> Any:
    import torch

    model = torch.nn.Sequential(
        torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10)
    ).eval()
    inputs = torch.randn(1000, 784)

    def call() -> object:
        with torch.inference_mode():
            return model(inputs)

    return call


def _plain_tensorflow_model() -> Any:
    import keras
    import tensorflow as tf

    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, activation="relu"),
                              keras.layers.Dense(10)])
    inputs = tf.random.normal((1000, 784))
    return lambda: model(inputs, training=False)


def plain_loop_median(call: Any, calls: int, warmup: int = 3) -> float:
    """The hand-written reference: warm up, then time each call with perf_counter."""
    for _ in range(warmup):
        call()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def worker(framework: str, rounds: int, seconds: float, threads: int | None) -> dict[str, Any]:
    """Runs inside the framework's own process: alternate harness and plain loop."""
    sys.path.insert(0, str(PROBES))
    import bench_machine
    from timing_harness import PLANS, measure

    options = argparse.Namespace(threads=threads or bench_machine.available_cpus(),
                                 interop_threads=None, device="cpu")
    options.interop_threads = options.threads
    bench_machine.thread_environment(options.threads)
    if framework == "torch":
        import torch
        from bench_torch import TorchBackend

        backend: Any = TorchBackend(torch, options)
        plain = _plain_torch_model()
    else:
        import tensorflow as tf
        from bench_tensorflow import TensorFlowBackend

        backend = TensorFlowBackend(tf, options)
        plain = _plain_tensorflow_model()
    step = backend.build("mlp_inference", "eager")
    plan = PLANS["standard"]
    plan = type(plan)(**{**plan.__dict__, "max_seconds": seconds})
    harness, reference, counts = [], [], []
    for _ in range(rounds):
        measured = measure(step, plan)
        harness.append(measured.median_s)
        counts.append(measured.n)
        reference.append(plain_loop_median(plain, calls=max(measured.n, 10)))
    ratios = [h / p for h, p in zip(harness, reference, strict=True)]
    return {
        "framework": framework,
        "harness_median_s": statistics.median(harness),
        "plain_loop_median_s": statistics.median(reference),
        "relative_difference": statistics.median(ratios) - 1,
        "rounds": {"harness": harness, "plain_loop": reference, "ratios": ratios,
                   "harness_samples": counts},
        "threads": options.threads,
    }


def run_framework(framework: str, rounds: int, seconds: float,
                  threads: int | None = None) -> dict[str, Any]:
    """Run the worker for `framework` in a fresh interpreter and return its result."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    done = subprocess.run(
        [sys.executable, __file__, "--worker", framework, "--rounds", str(rounds),
         "--seconds", str(seconds), *(["--threads", str(threads)] if threads else [])],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        return {"framework": framework, "error": f"exit {done.returncode}: {tail}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frameworks", default=",".join(FRAMEWORKS))
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=0.4,
                        help="Sampling time of the harness per round.")
    parser.add_argument("--threads", type=int, default=None,
                        help="Threads of both timings (default: the CPUs available). On a "
                             "machine shared with other work, 1 avoids OpenMP pools stalling "
                             "on a descheduled thread, which makes every timing bimodal.")
    parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
    parser.add_argument("--worker", choices=FRAMEWORKS, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.worker:
        print(json.dumps(worker(options.worker, options.rounds, options.seconds,
                                options.threads)))
        return 0
    results = [run_framework(name.strip(), options.rounds, options.seconds, options.threads)
               for name in options.frameworks.split(",") if name.strip()]
    ok = all("error" not in r and abs(r["relative_difference"]) <= TOLERANCE for r in results)
    if options.json:
        print(json.dumps({"tolerance": TOLERANCE, "results": results, "ok": ok}))
        return 0 if ok else 1
    print(f"mlp_inference, eager: harness median vs plain loop (tolerance {TOLERANCE:.0%})")
    for r in results:
        if "error" in r:
            print(f"  {r['framework']:<11} ERROR {r['error']}")
            continue
        print(f"  {r['framework']:<11} harness {r['harness_median_s'] * 1e3:8.3f} ms   "
              f"plain loop {r['plain_loop_median_s'] * 1e3:8.3f} ms   "
              f"difference {r['relative_difference']:+.1%} (median of per-round ratios)")
    print("OK" if ok else "FAILED: outside the tolerance")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
