"""One catalogue of workloads: the backends, the fakes and advisor's side all follow it.

probes/bench_workloads.py lists the workloads; a workload added there and forgotten in a backend,
in the machine comparison or in the tests' fake timings fails here instead of drifting silently.
"""

from __future__ import annotations

import inspect

import bench_workloads
import pytest
from bench_tensorflow import TensorFlowBackend
from bench_torch import TorchBackend

from advisor.batch.machines import benchmark_medians
from advisor.benchmarking.workloads import default_workloads
from advisor.models import ProbeReport
from tests.benchmarking.conftest import SECONDS

BACKENDS = (TorchBackend, TensorFlowBackend)
#: Timed apart from the run loop's samples (fresh processes), with no build() branch.
TIMED_APART = {"import_time"}


def test_advisor_reads_the_probes_catalogue_in_its_order() -> None:
    assert default_workloads() == tuple(bench_workloads.WORKLOADS)


@pytest.mark.parametrize("backend", BACKENDS, ids=lambda b: b.framework)
def test_every_backend_builds_every_workload_and_compiles_the_same_ones(backend: type) -> None:
    source = inspect.getsource(backend.build)
    built = set(bench_workloads.WORKLOADS) - TIMED_APART
    missing = sorted(w for w in built if f'"{w}"' not in source)
    assert not missing, f"{backend.__name__}.build has no branch for {missing}"
    compiled = set(bench_workloads.COMPILE_ORDER)
    assert compiled <= built
    assert set(backend.compile_estimates_s) == compiled
    assert set(backend.compile_scope) == compiled


def test_the_fake_backend_times_every_catalogued_workload() -> None:
    assert set(SECONDS) == set(bench_workloads.WORKLOADS) - TIMED_APART


def test_the_machine_comparison_shows_every_default_workload_in_catalogue_order() -> None:
    rows = [{"framework": framework, "workload": workload, "mode": "eager", "device": "cpu",
             "median_s": 0.01}
            for workload in reversed(list(bench_workloads.WORKLOADS))
            for framework in ("tensorflow", "pytorch")]
    rows.append({**rows[0], "workload": "resnet50_train_step"})  # a seed-suite model: not shown
    medians = benchmark_medians(ProbeReport.model_validate({"benchmarks": rows}))
    shown = list(dict.fromkeys(m["workload"] for m in medians))
    assert shown == list(bench_workloads.WORKLOADS)
