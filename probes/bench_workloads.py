"""The benchmark workloads both frameworks run, and what each framework's side must provide.

bench_torch.py and bench_tensorflow.py each supply a `Backend` (how to build a workload's step in
their framework) for the workloads catalogued here; the run loop is bench_run.py, the readers of
the machine's state are bench_machine.py.

Standard library only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

#: Square matrix size of the `matmul` workload (2 * N^3 flops: compute bound on any CPU or GPU).
MATMUL_N = 2048

#: The cnn train step cycles through this many image batches and, independently, this many
#: label batches (coprime, so an image batch meets a different label batch each time round).
#: Measured here: trained on one fixed batch, the loss fell to 1e-5 within 40 steps, the
#: gradients went denormal and a PyTorch step took 1.5-2x as long, by a different amount in
#: each run. With labels the model cannot fit, it stays in the regime of real training.
IMAGE_BATCHES = 8
LABEL_BATCHES = 7

#: Calls per timed sample on a GPU, the same for both frameworks and every workload. Grouping
#: calls until a sample lasts 2 ms (what the CPU runs do) would give each framework its own
#: count on a GPU, where the count decides how much of the launch queue overlaps: a faster
#: framework would be timed as a pipelined stream and a slower one nearer to per-call latency.
GPU_CALLS_PER_SAMPLE = 10


def calls_per_sample(device: str) -> int | None:
    """Fixed calls per sample on an accelerator; None on the CPU (grouped up to 2 ms)."""
    return None if device == "cpu" else GPU_CALLS_PER_SAMPLE


def calls_per_sample_record(device: str) -> str:
    """The fairness ledger's words for `calls_per_sample(device)`."""
    fixed = calls_per_sample(device)
    if fixed is None:
        return ("calls grouped until a sample lasts at least 2 ms (the count from the last "
                "warm-up call, per framework and workload)")
    return (f"{fixed} calls per sample for every workload in both frameworks, synchronised "
            "before and after each sample")


@dataclass(frozen=True)
class Workload:
    """A workload's fixed shape, identical in both frameworks."""

    id: str
    batch_size: int | None
    throughput_unit: str | None
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
        Workload("import_time", None, None,
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
    def build_seed(self, workload: Workload, dtype: str) -> Step: ...
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
