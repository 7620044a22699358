"""Fakes for the benchmark tests: a clock that only moves when told, a scripted workload.

The probe scripts are not a package: probes/ goes on sys.path, as `python probes/x.py` does.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

import pytest

from tests.conftest import REPO

PROBES_DIR = REPO / "probes"
if str(PROBES_DIR) not in sys.path:
    sys.path.insert(0, str(PROBES_DIR))

from bench_workloads import COMPILE_ORDER  # noqa: E402 (found through the path just set)


class FakeClock:
    """A clock whose time advances only through `advance` (or the scripted calls using it)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def scripted_call(clock: FakeClock, durations: Iterable[float]) -> Callable[[], None]:
    """A workload whose n-th call takes the n-th duration (the last one repeats)."""
    it: Iterator[float] = iter(durations)
    last = [0.0]

    def call() -> None:
        last[0] = next(it, last[0])
        clock.advance(last[0])

    return call


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def result(framework: str, workload: str, samples: list[float], mode: str = "eager",
           device: str = "cpu", **extra: Any) -> dict[str, Any]:
    """A BenchmarkResult-shaped dict with its median."""
    ordered = sorted(samples)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return {"framework": framework, "workload": workload, "mode": mode, "device": device,
            "batch_size": 1000, "median_s": median, "iqr_s": 0.0, "samples": samples,
            "throughput": None, "throughput_unit": "samples/s", "compile_s": None, **extra}


class FakeBackend:
    """A framework whose workloads take scripted (fake) time."""

    framework = "pytorch"
    probe = "bench_torch"
    module = "fakeframework"
    device = "cpu"
    compile_estimates_s: ClassVar[dict[str, float]] = dict.fromkeys(COMPILE_ORDER, 10.0)
    compile_scope: ClassVar[dict[str, str]] = {"cnn_train_step": "the whole fake step"}

    def __init__(self, clock: FakeClock, seconds: dict[str, float],
                 compile_s: float = 5.0, broken: tuple[str, ...] = ()) -> None:
        self.clock = clock
        self.seconds = seconds
        self.compile_s = compile_s
        self.broken = broken
        self.built: list[tuple[str, str]] = []

    def build(self, workload: str, mode: str) -> Any:
        self.built.append((workload, mode))
        if workload in self.broken:
            raise RuntimeError(f"{workload} is not supported here\nsecond line")
        first = [True]

        def step() -> None:
            extra = self.compile_s if mode == "compiled" and first[0] else 0.0
            first[0] = False
            self.clock.advance(self.seconds[workload] + extra)

        return step

    def sync(self) -> None:
        return None

    def reset_device_memory(self) -> None:
        return None

    def device_memory(self) -> dict[str, Any]:
        return {}

    def ledger(self) -> dict[str, Any]:
        return {}


#: Seconds per call of each workload the run loop times (import_time is timed apart); a
#: workload added to the catalogue needs its entry here (tests/benchmarking/test_workloads.py).
SECONDS = {"mlp_inference": 0.01, "cnn_train_step": 0.1, "transformer_inference": 0.05,
           "matmul": 0.2}
