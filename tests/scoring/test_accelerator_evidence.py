"""Accelerator evidence: the measured device is named, an integrated GPU is no accelerator, and
torch_xla lets PyTorch reach a TPU."""

from __future__ import annotations

from typing import Any

from advisor.models import CriterionResult, ProbeReport
from tests.scoring.conftest import probe_report, scored
from tests.scoring.test_profiles import BALANCED, TPU_ON_GCP

A100 = "NVIDIA A100-SXM4-40GB"


def _criterion(criteria: list[CriterionResult] | None, cid: str) -> CriterionResult:
    assert criteria is not None
    return next(c for c in criteria if c.id == cid)


def _frameworks(torch_devices: list[Any], **torch_extra: Any) -> dict[str, Any]:
    return {"pytorch": {"installed": True, "version": "2.13.0", "devices": torch_devices,
                        **torch_extra},
            "tensorflow": {"installed": True, "version": "2.21.0",
                           "devices": [{"type": "cpu", "name": "/physical_device:CPU:0"}]}}


def test_gpu_measurements_name_the_gpu_and_the_gce_vm_has_no_tpu() -> None:
    report = probe_report("gce_a100.json")
    assert report.hardware is not None and report.hardware.tpus == []
    assessment = scored(BALANCED, report)
    performance = _criterion(assessment.criteria, "performance")
    measured = [e for e in performance.evidence if e.startswith("measured:")]
    assert len(measured) == 1 and f"faster on the GPU {A100}" in measured[0]
    hardware = _criterion(assessment.criteria, "hardware_fit")
    assert not any("TPU" in e for e in hardware.evidence)
    assert any("PyTorch sees 1 accelerator" in e for e in hardware.evidence)
    assert any("TensorFlow sees 1 accelerator" in e for e in hardware.evidence)


def test_cpu_measurements_say_so() -> None:
    performance = _criterion(scored(BALANCED, probe_report("pytorch_faster.json")).criteria,
                             "performance")
    assert any("faster on the CPU" in e for e in performance.evidence)


def test_an_integrated_gpu_costs_neither_framework_a_point() -> None:
    report = ProbeReport.model_validate({
        "hardware": {"gpus": [{"vendor": "intel", "name": None, "integrated": True,
                               "accelerator": False}], "tpus": []},
        "frameworks": _frameworks([{"type": "cpu"}]),
    })
    probed = _criterion(scored({}, report).criteria, "hardware_fit")
    plain = _criterion(scored({}).criteria, "hardware_fit")
    assert probed.ratings == plain.ratings
    assert not any("sees no accelerator" in e for e in probed.evidence)


def test_torch_xla_reaches_the_tpu() -> None:
    tpu = {"vendor": "google", "generation": "v4", "source": "pci"}
    report = ProbeReport.model_validate({
        "hardware": {"gpus": [], "tpus": [tpu] * 4},
        "frameworks": _frameworks([{"type": "cpu"}], torch_xla="2.8.0"),
    })
    probed = _criterion(scored(TPU_ON_GCP, report).criteria, "hardware_fit")
    without = ProbeReport.model_validate({
        "hardware": {"gpus": [], "tpus": [tpu] * 4},
        "frameworks": _frameworks([{"type": "cpu"}]),
    })
    blind = _criterion(scored(TPU_ON_GCP, without).criteria, "hardware_fit")
    assert probed.ratings["pytorch"] == blind.ratings["pytorch"] + 1.0
    assert any("through torch_xla 2.8.0" in e for e in probed.evidence)


def test_a_gpu_only_one_framework_sees_is_named_beside_the_cpu_result() -> None:
    data = probe_report("pytorch_faster.json").model_dump(mode="json")
    data["benchmark_device"] = {"device": "cpu", "name": None, "reason": (
        f"only PyTorch sees {A100}; TensorFlow does not, so both are measured on the CPU")}
    report = ProbeReport.model_validate(data)
    performance = _criterion(scored(BALANCED, report).criteria, "performance")
    measured = [e for e in performance.evidence if e.startswith("measured:")]
    assert "faster on the CPU" in measured[0] and f"only PyTorch sees {A100}" in measured[0]
