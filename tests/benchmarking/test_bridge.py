"""Hybrid bridge evidence: PyTorch -> ONNX -> ONNX Runtime, measured (probes/bridge_onnx.py)."""

from __future__ import annotations

import pytest

from advisor.probing.assemble import assemble_report
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
    assert report.hybrid_bridge == {"onnx": document["bridge"]}
    broken = assemble_report([(spec, ProbeSuccess("bridge_onnx", {"other": 1}, "", 1.0))])
    assert broken.hybrid_bridge is None and broken.failures[0].probe == "bridge_onnx"


@pytest.mark.slow
def test_real_export_to_onnx_runtime_matches_pytorch() -> None:
    from tests.benchmarking.test_real_benchmarks import _needs, run_bench

    for module in ("torch", "onnxruntime", "onnxscript"):
        _needs(module)
    document = run_bench("bridge_onnx.py", "--budget", "quick", "--threads", "1")
    workloads = document["bridge"]["workloads"]
    assert set(workloads) == {"mlp_inference", "cnn_inference"}
    for record in workloads.values():
        onnx = record["onnx"]
        assert onnx["converted"] is True, onnx
        assert onnx["max_abs_diff"] < 1e-4 * max(1.0, onnx["max_abs_output"])
        assert onnx["pytorch_median_s"] > 0 and onnx["onnxruntime_median_s"] > 0
        assert set(record["litert"]) >= {"converted", "available"}
    assert document["bridge"]["threads"] == 1
