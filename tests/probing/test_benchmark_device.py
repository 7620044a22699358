"""The benchmarks measure the GPU both frameworks see: --device from the framework probes.

The fake CUDA probe environment (tests/assets/probes/cuda_a100) prints what the probes printed
on a machine with one A100: its benchmark probes hold only a GPU run and skip unless the
advisor passes --device cuda, so the report has GPU rows only when the runner passed it.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

from advisor.options import FRAMEWORKS
from advisor.probing import DEFAULT_PROBES, ProbeSuccess, collect_probe_report
from advisor.probing.devices import choose_benchmark_device
from tests.conftest import ASSETS

CUDA_MACHINE = ASSETS / "probes" / "cuda_a100"
RECORDED = CUDA_MACHINE / "recorded"
A100 = "NVIDIA A100-SXM4-40GB"


def _recorded(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((RECORDED / f"{name}.json").read_text())
    return document


def _specs() -> list[Any]:
    return [spec for spec in DEFAULT_PROBES if spec.group != "ecosystem"]


def test_both_frameworks_see_the_gpu_so_it_is_benchmarked() -> None:
    chosen = choose_benchmark_device({"pytorch": _recorded("framework_torch"),
                                      "tensorflow": _recorded("framework_tensorflow")})
    assert chosen.device == "cuda" and chosen.name == A100


def test_a_gpu_only_one_framework_sees_is_not_compared_across_devices() -> None:
    blind = copy.deepcopy(_recorded("framework_tensorflow"))
    blind["devices"] = [d for d in blind["devices"] if d["type"] != "gpu"]
    chosen = choose_benchmark_device({"pytorch": _recorded("framework_torch"),
                                      "tensorflow": blind})
    assert chosen.device == "cpu"
    assert "only PyTorch sees" in chosen.reason and "TensorFlow does not" in chosen.reason
    missing = choose_benchmark_device({"pytorch": _recorded("framework_torch")})
    assert missing.device == "cpu" and "TensorFlow environment probe" in missing.reason


def test_runner_passes_device_cuda_in_the_fake_cuda_environment() -> None:
    report = collect_probe_report(python=sys.executable, specs=_specs(),
                                  probes_path=CUDA_MACHINE, budget="quick")
    assert [f.probe for f in report.failures] == []
    devices = {(b.framework, b.workload): b.device for b in report.benchmarks}
    assert devices[("pytorch", "matmul")] == "cuda" == devices[("tensorflow", "matmul")]
    for framework in FRAMEWORKS:
        arguments = report.benchmark_ledger[framework]["arguments"]
        assert arguments[arguments.index("--device") + 1] == "cuda"
        assert arguments[arguments.index("--budget") + 1] == "quick"
    assert report.benchmark_device is not None and report.benchmark_device.name == A100
    verdicts = {v.workload: v.summary for v in report.benchmark_verdicts}
    assert verdicts["mlp_inference"].endswith(f"measured on the GPU {A100}")
    assert report.benchmark_summary is not None
    assert f"measured on the GPU {A100}" in str(report.benchmark_summary.statement)


def test_runner_keeps_the_cpu_when_tensorflow_is_blind(tmp_path: Path) -> None:
    calls: dict[str, list[str]] = {}

    def runner(script: Path, *, args: list[str], name: str, **_: Any) -> Any:
        calls[name] = list(args)
        if name == "framework_tensorflow":
            document = _recorded("framework_tensorflow")
            document["devices"] = document["devices"][:1]
            return ProbeSuccess(name, document, "", 0.1)
        if name == "framework_torch":
            return ProbeSuccess(name, _recorded("framework_torch"), "", 0.1)
        return ProbeSuccess(name, {"benchmarks": []}, "", 0.1)

    collect_probe_report(python=sys.executable, specs=_specs(), runner=runner, take_turns=False)
    assert "--device" not in calls["bench_torch"] and "--device" not in calls["bench_tensorflow"]


def test_a_cpu_only_project_is_measured_on_the_cpu_beside_a_gpu() -> None:
    chosen = choose_benchmark_device({"pytorch": _recorded("framework_torch"),
                                      "tensorflow": _recorded("framework_tensorflow")},
                                     cpu_only_project=True)
    assert chosen.device == "cpu" and "CPUs only" in chosen.reason
    calls: dict[str, list[str]] = {}

    def runner(script: Path, *, args: list[str], name: str, **_: Any) -> Any:
        calls[name] = list(args)
        documents = {"framework_torch": "framework_torch",
                     "framework_tensorflow": "framework_tensorflow"}
        if name in documents:
            return ProbeSuccess(name, _recorded(documents[name]), "", 0.1)
        return ProbeSuccess(name, {"benchmarks": []}, "", 0.1)

    collect_probe_report(python=sys.executable, specs=_specs(), runner=runner, take_turns=False)
    assert "--device" in calls["bench_torch"]
    collect_probe_report(python=sys.executable, specs=_specs(), runner=runner, take_turns=False,
                         cpu_only_project=True)
    assert "--device" not in calls["bench_torch"] and "--device" not in calls["bench_tensorflow"]
