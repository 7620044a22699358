"""Hybrid bridge evidence: PyTorch -> ONNX -> ONNX Runtime, measured (probes/bridge_onnx.py)."""

from __future__ import annotations

import os

import pytest

from advisor.probing.assemble import assemble_report
from advisor.probing.contention import CpuReading
from advisor.probing.outcomes import ProbeSuccess
from advisor.probing.specs import DEFAULT_PROBES, select_probes


def test_the_bridge_runs_only_when_named() -> None:
    assert "bridge_onnx" not in [spec.name for spec in select_probes(None, DEFAULT_PROBES)]
    assert [spec.name for spec in select_probes(["bridge"], DEFAULT_PROBES)] == ["bridge_onnx"]


def test_the_bridge_document_lands_in_the_report() -> None:
    spec = next(spec for spec in DEFAULT_PROBES if spec.name == "bridge_onnx")
    document = {"bridge": {"workloads": {"mlp_inference": {"onnx": {"converted": True,
                                                                     "max_abs_diff": 1e-7}}}}}
    report = assemble_report([(spec, ProbeSuccess("bridge_onnx", document, "", 1.0))])
    assert report.hybrid_bridge is not None
    assert report.hybrid_bridge["onnx"].model_dump(exclude_unset=True) == document["bridge"]
    conversion = report.hybrid_bridge["onnx"].workloads["mlp_inference"]["onnx"]
    assert conversion.converted is True and conversion.max_abs_diff == 1e-7
    broken = assemble_report([(spec, ProbeSuccess("bridge_onnx", {"other": 1}, "", 1.0))])
    assert broken.hybrid_bridge is None and broken.failures[0].probe == "bridge_onnx"


@pytest.mark.slow
def test_real_export_to_onnx_runtime_matches_pytorch() -> None:
    from tests.benchmarking.test_real_benchmarks import _needs, run_bench

    for module in ("torch", "onnxruntime", "onnxscript"):
        _needs(module)
    # The arguments the advisor passes on a busy machine (a fitted thread count and the reading).
    busy = CpuReading(cpus_available=2, free_cpus=0.5, steal_share=None, runnable=9,
                      loadavg_1min=9.0, busy=True, threads=1)
    document = run_bench("bridge_onnx.py", "--budget", "quick", *busy.probe_args())
    workloads = document["bridge"]["workloads"]
    assert set(workloads) == {"mlp_inference", "cnn_inference"}
    for record in workloads.values():
        onnx = record["onnx"]
        assert onnx["converted"] is True, onnx
        assert onnx["max_abs_diff"] < 1e-4 * max(1.0, onnx["max_abs_output"])
        assert onnx["pytorch_median_s"] > 0 and onnx["onnxruntime_median_s"] > 0
        assert set(record["litert"]) >= {"converted", "available"}
        if record["litert"]["available"]:  # litert-torch installed next to torch
            assert record["litert"]["converted"] is True, record["litert"]
            assert record["litert"]["max_abs_diff"] < 1e-4 * max(1.0, onnx["max_abs_output"])
            assert record["litert"]["litert_median_s"] > 0
        else:
            assert "litert-torch is not installed" in record["litert"]["reason"]
    assert document["bridge"]["threads"] == 1
    assert document["bridge"]["contention_before"]["busy"] is True


@pytest.mark.slow
def test_the_litert_route_where_litert_torch_is_installed() -> None:
    """LiteRT is no project dependency (it pins pydantic and typing_extensions below ours):
    ADVISOR_LITERT_PYTHON names an interpreter with torch, onnxruntime and litert-torch."""
    from tests.benchmarking.test_real_benchmarks import run_bench

    python = os.environ.get("ADVISOR_LITERT_PYTHON")
    if not python:
        pytest.skip("ADVISOR_LITERT_PYTHON is not set (an interpreter with litert-torch)")
    document = run_bench("bridge_onnx.py", "--budget", "quick", "--threads", "1", python=python)
    for record in document["bridge"]["workloads"].values():
        litert = record["litert"]
        assert litert["converted"] is True, litert
        assert litert["max_abs_diff"] < 1e-4 * max(1.0, litert["max_abs_output"])
        assert litert["litert_median_s"] > 0 and litert["litert_speedup"] > 0
