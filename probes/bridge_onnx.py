"""Hybrid bridge evidence: export the MLP and CNN workloads from PyTorch to ONNX, run them in ONNX
Runtime, and record whether the conversion worked, the largest output difference and the speed.

The hybrid option (train in PyTorch, serve through ONNX or LiteRT) stands or falls on the
conversion; this measures it on this machine instead of assuming it. LiteRT is tried through
`litert_torch` where that package is installed (else recorded as not installed).

Usage: python probes/bridge_onnx.py [--budget quick|standard|thorough] [--threads N]
       [--interop-threads N] [--contention JSON]

Prints one JSON document {"bridge": {...}}, or {"skipped": REASON} without torch. Imports torch,
onnxruntime (and onnx, onnxscript through torch.onnx), litert_torch where installed, and the
standard library only.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from typing import Any

from probe_output import emit, guarded_stdout, skip

#: Timed calls per side and workload, taken alternately (PyTorch, ONNX Runtime, PyTorch...).
CALLS = {"quick": 10, "standard": 30, "thorough": 100}


def _models(torch: Any) -> dict[str, tuple[Any, Any]]:
    """The default suite's MLP (batch 1000) and its MNIST CNN (batch 64), for inference."""
    nn = torch.nn
    torch.manual_seed(0)
    mlp = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10)).eval()
    cnn = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(),
                        nn.Flatten(), nn.Linear(64 * 24 * 24, 10)).eval()
    return {"mlp_inference": (mlp, torch.randn(1000, 784)),
            "cnn_inference": (cnn, torch.randn(64, 1, 28, 28))}


def _median_alternating(first: Any, second: Any, calls: int) -> tuple[float, float]:
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(calls):
        for call, bucket in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            call()
            bucket.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def onnx_bridge(torch: Any, ort: Any, name: str, model: Any, inputs: Any, threads: int,
                calls: int, folder: str) -> dict[str, Any]:
    """Export one model, run it in ONNX Runtime, compare outputs and speed."""
    record: dict[str, Any] = {"converted": False, "exporter": "torch.onnx.export(dynamo=True)"}
    path = os.path.join(folder, f"{name}.onnx")
    started = time.perf_counter()
    try:
        torch.onnx.export(model, (inputs,), dynamo=True).save(path)
    except Exception as exc:
        record["error"] = _describe(exc)
        return record
    record.update(converted=True, export_s=round(time.perf_counter() - started, 3))
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    feed = {session.get_inputs()[0].name: inputs.numpy()}
    with torch.inference_mode():
        expected = model(inputs)
        converted = torch.from_numpy(session.run(None, feed)[0])
        record["max_abs_diff"] = float((converted - expected).abs().max())
        record["max_abs_output"] = float(expected.abs().max())

        def run_torch() -> object:
            return model(inputs)

        def run_ort() -> object:
            return session.run(None, feed)

        _median_alternating(run_torch, run_ort, 2)  # warm-up
        torch_s, ort_s = _median_alternating(run_torch, run_ort, calls)
    record.update(pytorch_median_s=torch_s, onnxruntime_median_s=ort_s, calls=calls,
                  # Above 1 ONNX Runtime is faster than PyTorch eager.
                  onnxruntime_speedup=torch_s / ort_s if ort_s > 0 else None)
    return record


def litert_bridge(torch: Any, model: Any, inputs: Any, calls: int) -> dict[str, Any]:
    """Convert through litert_torch where it is installed; otherwise say it is not.

    litert-torch is no dependency of the advisor (it pulls jax and transformers and pins
    pydantic and typing_extensions below the project's); a user who installs it next to torch
    gets this route measured like the ONNX one.
    """
    if importlib.util.find_spec("litert_torch") is None:
        return {"converted": False, "available": False,
                "reason": "litert-torch is not installed in the probed interpreter"}
    record: dict[str, Any] = {"converted": False, "available": True,
                              "exporter": "litert_torch.convert"}
    started = time.perf_counter()
    try:
        litert_torch = importlib.import_module("litert_torch")
        edge = litert_torch.convert(model, (inputs,))
    except Exception as exc:
        record["error"] = _describe(exc)
        return record
    record.update(converted=True, export_s=round(time.perf_counter() - started, 3))
    try:
        with torch.inference_mode():
            expected = model(inputs).numpy()
            record["max_abs_diff"] = float(abs(edge(inputs) - expected).max())
            record["max_abs_output"] = float(abs(expected).max())

            def run_torch() -> object:
                return model(inputs)

            def run_litert() -> object:
                return edge(inputs)

            _median_alternating(run_torch, run_litert, 2)  # warm-up
            torch_s, litert_s = _median_alternating(run_torch, run_litert, calls)
    except Exception as exc:
        record.update(converted=False, error=f"converted, but running it failed: "
                                             f"{_describe(exc)}")
        return record
    record.update(pytorch_median_s=torch_s, litert_median_s=litert_s, calls=calls,
                  # Above 1 the LiteRT interpreter is faster than PyTorch eager.
                  litert_speedup=torch_s / litert_s if litert_s > 0 else None)
    return record


def _describe(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:300]}" if lines else type(exc).__name__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--budget", choices=tuple(CALLS), default="quick")
    parser.add_argument("--threads", type=int, default=None)
    # The advisor passes a fitted thread count as both when the machine is busy (as to the
    # benchmark probes); inter-op parallelism does not apply to these single-graph models.
    parser.add_argument("--interop-threads", type=int, default=None)
    parser.add_argument("--contention", default=None, metavar="JSON",
                        help="The advisor's reading of the free CPUs before the run (kept).")
    options = parser.parse_args(argv)
    for module in ("torch", "onnxruntime", "onnxscript"):
        if importlib.util.find_spec(module) is None:
            emit(skip(f"{module} is not installed in {sys.executable}"))
            return 0
    threads = options.threads or len(os.sched_getaffinity(0))
    with guarded_stdout() as real_stdout:
        torch = importlib.import_module("torch")
        ort = importlib.import_module("onnxruntime")
        torch.set_num_threads(threads)
        results: dict[str, Any] = {}
        with tempfile.TemporaryDirectory(prefix="advisor-bridge-") as folder:
            for name, (model, inputs) in _models(torch).items():
                results[name] = {
                    "onnx": onnx_bridge(torch, ort, name, model, inputs, threads,
                                        CALLS[options.budget], folder),
                    "litert": litert_bridge(torch, model, inputs, CALLS[options.budget]),
                }
        emit({"bridge": {
            "workloads": results,
            "versions": {"torch": torch.__version__, "onnxruntime": ort.__version__,
                         "onnx": _version("onnx"), "onnxscript": _version("onnxscript"),
                         "litert_torch": _version("litert_torch")},
            "threads": threads,
            # Timings taken while other processes competed for the CPUs are indicative only.
            "contention_before": _reading(options.contention),
            "method": "median of alternating calls, PyTorch eager (inference_mode) vs ONNX "
                      "Runtime CPUExecutionProvider (and the LiteRT interpreter where "
                      "litert-torch is installed) with the same thread count",
        }}, real_stdout)
    return 0


def _reading(text: str | None) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return {"unreadable": text[:200] if text else None}


def _version(module: str) -> str | None:
    try:
        return str(importlib.import_module(module).__version__)
    except Exception:
        return None


if __name__ == "__main__":
    sys.exit(main())
