"""PyTorch benchmark probe: the shared workloads (bench_workloads.WORKLOADS) in eager and compiled
(torch.compile) mode, timed by the shared harness (timing_harness.py).

Usage: python probes/bench_torch.py [--budget quick|standard|thorough] [--threads N]
       [--interop-threads N] [--device cpu|cuda] [--workloads mlp_inference,...]
       [--modes eager,compiled] [--time-budget-s S]

Prints one JSON document: {"benchmarks": [...], "ledger": {...}, "failures": [...], ...}, or
{"skipped": REASON} when torch is not installed or the device is absent. Imports torch and the
standard library only. Inference runs under torch.inference_mode(); fp32 is strict (TF32 off).
"""

from __future__ import annotations

import getpass
import os
import re
import sys
import tempfile
from argparse import Namespace
from typing import Any, ClassVar

from bench_machine import nvml_memory_or_note
from bench_probe import bench_arguments, probe_main
from bench_workloads import (
    IMAGE_BATCHES,
    LABEL_BATCHES,
    MATMUL_N,
    DeviceUnavailable,
    Step,
    Workload,
    rotating_batches,
)
from seed_torch import build_seed


def _safe(call: Any, default: Any = None) -> Any:
    try:
        return call()
    except Exception:
        return default


class TorchBackend:
    """The PyTorch side of the benchmarks."""

    framework = "pytorch"
    probe = "bench_torch"
    module = "torch"
    # torch.compile (inductor) on a 2-core CPU: the first compile also loads inductor and
    # builds C++ kernels; later ones reuse that (the estimates are rescaled as compiles finish).
    compile_estimates_s: ClassVar[dict[str, float]] = {"mlp_inference": 25.0, "matmul": 12.0,
                           "transformer_inference": 30.0, "cnn_train_step": 50.0}
    #: What torch.compile covers per workload, as in TensorFlowBackend.compile_scope.
    compile_scope: ClassVar[dict[str, str]] = {
        "mlp_inference": "the model's forward",
        "transformer_inference": "the encoder layer's forward",
        "matmul": "torch.mm",
        # Two graphs: forward and loss (their backward compiled by AOTAutograd, run by the
        # autograd engine at loss.backward(), a graph break), then the Adam update.
        "cnn_train_step": "the whole step (forward, loss, backward, Adam update), as XLA does; "
                          "two graphs, split at loss.backward(); zero_grad stays eager",
    }

    def __init__(self, torch: Any, options: Namespace) -> None:
        self.torch = torch
        self.notes: list[str] = []
        torch.set_num_threads(options.threads)
        try:
            torch.set_num_interop_threads(options.interop_threads)
        except RuntimeError as exc:  # only possible before any inter-op work has started
            self.notes.append(f"inter-op threads not set: {exc}")
        torch.manual_seed(0)
        if options.device == "cuda":
            if not torch.cuda.is_available():
                raise DeviceUnavailable("torch sees no CUDA device (--device cuda)")
            self.device = "cuda"
            # Strict fp32 in both frameworks: TF32 would make matmuls and convolutions faster
            # but less precise, and TensorFlow is configured the same way.
            torch.backends.cuda.matmul.allow_tf32 = False
            torch.backends.cudnn.allow_tf32 = False
            # cuDNN autotuning, as TensorFlow does by default: each convolution shape is timed
            # once (during the warm-up) and the fastest algorithm kept.
            torch.backends.cudnn.benchmark = True
            torch.cuda.set_device(0)
        else:
            self.device = "cpu"
        self.memory_before: int | None = None
        self.seed_models: dict[str, Any] = {}
        #: Extra torch.compile arguments (the tests trace with a recording backend).
        self.compile_options: dict[str, Any] = {}
        self.cache_dir = os.environ.get("TORCHINDUCTOR_CACHE_DIR") or os.path.join(
            tempfile.gettempdir(), f"torchinductor_{_safe(getpass.getuser, 'unknown')}")
        self.cache_warm = bool(_safe(lambda: os.listdir(self.cache_dir), []))

    # --- workloads -----------------------------------------------------------------------------

    def build(self, workload: str, mode: str) -> Step:
        torch = self.torch
        nn = torch.nn
        dev = self.device
        compiled = mode == "compiled"
        if workload == "mlp_inference":
            model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10)).to(dev)
            return self._inference(model.eval(), torch.randn(1000, 784, device=dev), compiled)
        if workload == "transformer_inference":
            layer = nn.TransformerEncoderLayer(d_model=256, nhead=4, dim_feedforward=1024,
                                               batch_first=True).to(dev)
            return self._inference(layer.eval(), torch.randn(16, 128, 256, device=dev), compiled)
        if workload == "cnn_train_step":
            return self._train_step(compiled)
        if workload == "matmul":
            a = torch.randn(MATMUL_N, MATMUL_N, device=dev)
            b = torch.randn(MATMUL_N, MATMUL_N, device=dev)
            mm = self._compile(torch.mm) if compiled else torch.mm
            return lambda: mm(a, b)
        raise ValueError(f"unknown workload {workload!r}")

    def build_seed(self, workload: Workload, dtype: str) -> Step:
        # One model per id serves both batches and both precisions (autocast leaves the
        # weights in float32): the seed models are large and all stay built until sampled.
        return build_seed(self.torch, workload.id, workload.batch_size or 1, dtype, self.device,
                          self.notes, self.seed_models)

    def _inference(self, model: Any, inputs: Any, compiled: bool) -> Step:
        torch = self.torch
        forward = self._compile(model) if compiled else model

        def step() -> object:
            with torch.inference_mode():
                return forward(inputs)

        return step

    def _train_step(self, compiled: bool) -> Step:
        torch = self.torch
        nn = torch.nn
        dev = self.device
        model = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(),
            nn.Flatten(), nn.Linear(64 * 24 * 24, 10),
        ).to(dev).train()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss_fn = nn.CrossEntropyLoss()
        next_batch = rotating_batches(
            [torch.randn(64, 1, 28, 28, device=dev) for _ in range(IMAGE_BATCHES)],
            [torch.randint(0, 10, (64,), device=dev) for _ in range(LABEL_BATCHES)])

        def step(images: Any, labels: Any) -> object:
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
            return loss

        # Compiled mode compiles the whole step (forward, backward and the Adam update), the
        # scope TensorFlow's tf.function(jit_compile=True) compiles; compiling only the model
        # would leave the optimizer eager on one side and give torch a smaller compiled scope.
        run = self._compile(step) if compiled else step
        return lambda: run(*next_batch())

    def _compile(self, target: Any) -> Any:
        return self.torch.compile(target, **self.compile_options)

    # --- device ---------------------------------------------------------------------------------

    def sync(self) -> None:
        if self.device == "cuda":
            self.torch.cuda.synchronize()

    def reset_device_memory(self) -> None:
        if self.device == "cuda":
            self.torch.cuda.reset_peak_memory_stats()
            # The workloads built before this one stay allocated until the sampling rounds end.
            self.memory_before = int(self.torch.cuda.memory_allocated())

    def device_memory(self) -> dict[str, Any]:
        if self.device != "cuda":
            return {}
        return {
            "device_peak_memory_bytes": int(self.torch.cuda.max_memory_allocated()),
            "device_memory_before_bytes": self.memory_before,
            "device_peak_memory_source": "torch.cuda.max_memory_allocated",
            **nvml_memory_or_note(os.getpid()),
        }

    # --- fairness ledger --------------------------------------------------------------------------

    def ledger(self) -> dict[str, Any]:
        torch = self.torch
        config = _safe(torch.__config__.show, "") or ""
        onednn = re.search(r"MKL-DNN v([0-9.]+)", config)
        cuda = self.device == "cuda"
        return {
            "framework": self.framework,
            "version": torch.__version__,
            "device": self.device,
            "device_name": _safe(lambda: torch.cuda.get_device_name(0)) if cuda else None,
            "threads": {"intra_op": torch.get_num_threads(),
                        "inter_op": torch.get_num_interop_threads()},
            "onednn": {"available": _safe(torch.backends.mkldnn.is_available),
                       "enabled": bool(_safe(lambda: torch.backends.mkldnn.enabled)),
                       "version": onednn.group(1) if onednn else None},
            "mkl": _safe(torch.backends.mkl.is_available),
            "cpu_capability": _safe(torch.backends.cpu.get_cpu_capability),
            "cuda": torch.version.cuda,
            "cudnn": _safe(torch.backends.cudnn.version) if cuda else None,
            "tf32": {"matmul": bool(torch.backends.cuda.matmul.allow_tf32),
                     "cudnn": bool(torch.backends.cudnn.allow_tf32)} if cuda else None,
            "device_index": 0 if cuda else None,
            "visible_devices": [f"cuda:{i}" for i in range(torch.cuda.device_count())]
            if cuda else None,
            "cudnn_autotune": {"enabled": bool(torch.backends.cudnn.benchmark),
                               "how": "torch.backends.cudnn.benchmark = True"} if cuda else None,
            "cuda_graphs": {"enabled": False, "how": "torch.compile mode='default' captures no"
                            " CUDA graphs (XLA's command buffers are off on the TensorFlow"
                            " side)"} if cuda else None,
            # Stated, not equalised: max-autotune would add minutes of compile per workload.
            "compile_autotune": "none: torch.compile mode='default' picks its matmul and"
            " convolution kernels without timing them (no max-autotune)" if cuda else None,
            "float32_matmul_precision": _safe(torch.get_float32_matmul_precision),
            "synchronisation": "torch.cuda.synchronize() before and after each timed region"
            if cuda else "none needed (CPU ops complete before returning)",
            "compile_mode": "torch.compile(backend='inductor', mode='default')",
            "compile_scope": dict(self.compile_scope),
            "compile_cache": {"dir": self.cache_dir, "warm_before_run": self.cache_warm},
            "inference": "torch.inference_mode(), model.eval()",
            "layout": "NCHW",
            "optimizer": "torch.optim.Adam(lr=1e-3)",
            "denormals": "kept (PyTorch's default; set_flush_denormal not called)",
            "transformer": "nn.TransformerEncoderLayer(batch_first=True, post-norm, relu, "
                           "dropout 0.1 inactive in eval); eager eval + inference_mode takes "
                           "its fused fast path where eligible",
            "notes": self.notes,
        }


def main(argv: list[str] | None = None) -> int:
    options = bench_arguments(__doc__ or "").parse_args(argv)
    return probe_main(options, "torch", TorchBackend)


if __name__ == "__main__":
    sys.exit(main())
