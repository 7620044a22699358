"""Probed hardware moves the hardware-fit ratings by the model's deltas, and only where it applies.

Written for the survivors of mutation testing (docs/notes/mutation.md): an AMD GPU was ignored
when its vendor was compared in the wrong case, and scoring with probes stayed "deterministic" in
the tests even with an unseeded bootstrap.
"""

from __future__ import annotations

from typing import Any

from advisor.assessment_io import load_probe_report
from advisor.models import Assessment, ProbeReport
from advisor.options import FRAMEWORKS
from tests.report.conftest import PROBE_REPORT
from tests.scoring.conftest import probe_report, scored


def with_gpus(gpus: list[dict[str, Any]], devices: dict[str, list[Any]]) -> ProbeReport:
    data = probe_report("gpu_blind_torch.json").model_dump(mode="json")
    data["hardware"]["gpus"] = gpus
    data["hardware"]["tpus"] = []
    for option, seen in devices.items():
        data["frameworks"][option]["devices"] = seen
    return ProbeReport.model_validate(data)


def hardware_fit(answers: dict[str, Any], report: ProbeReport) -> tuple[dict[str, float],
                                                                         list[str]]:
    """How far the probed hardware moved hardware_fit, against the same machine without any
    accelerator (the answers' own rules move both alike), and the evidence lines."""
    def ratings(assessment: Assessment) -> tuple[dict[str, float], list[str]]:
        criterion = next(c for c in assessment.criteria or [] if c.id == "hardware_fit")
        return dict(criterion.ratings), [str(e) for e in criterion.evidence]

    base, _ = ratings(scored(answers, with_gpus([], {})))
    moved, evidence = ratings(scored(answers, report))
    return {o: round(moved[o] - base[o], 4) for o in FRAMEWORKS}, evidence


BOTH_SEE_IT = {"pytorch": ["cpu", {"type": "cuda", "name": "x"}],
               "tensorflow": ["/physical_device:CPU:0", "/physical_device:GPU:0"]}


def test_an_amd_gpu_moves_pytorch_up_by_the_models_delta() -> None:
    for vendor in ("AMD", "Advanced Micro Devices, Inc. [AMD/ATI]", "amd"):
        gpu = {"vendor": vendor, "name": "Instinct MI250X", "memory_bytes": 1, "driver": "6.0"}
        moved, evidence = hardware_fit({}, with_gpus([gpu], BOTH_SEE_IT))
        assert moved == {"pytorch": 0.5, "tensorflow": 0.0}, vendor
        assert any("1 AMD GPU(s) detected (Instinct MI250X)" in e for e in evidence), evidence


def test_an_nvidia_gpu_both_frameworks_see_moves_nothing() -> None:
    gpu = {"vendor": "NVIDIA", "name": "A100", "memory_bytes": 1, "driver": "550"}
    moved, evidence = hardware_fit({}, with_gpus([gpu], BOTH_SEE_IT))
    assert moved == {"pytorch": 0.0, "tensorflow": 0.0}
    assert sum("sees 1 accelerator device(s); no move" in e for e in evidence) == 2


def test_a_framework_blind_to_the_gpu_loses_the_blind_delta() -> None:
    gpu = {"vendor": "NVIDIA", "name": "A100", "memory_bytes": 1, "driver": "550"}
    devices = {**BOTH_SEE_IT, "pytorch": ["cpu"]}
    moved, evidence = hardware_fit({}, with_gpus([gpu], devices))
    assert moved == {"pytorch": -1.0, "tensorflow": 0.0}
    assert any("PyTorch sees no accelerator although the hardware probe found NVIDIA" in e
               for e in evidence), evidence


def test_no_accelerator_keeps_the_hardware_answers_and_says_so() -> None:
    moved, evidence = hardware_fit({"hardware": ["nvidia_gpu"]}, with_gpus([], {}))
    assert moved == {"pytorch": 0.0, "tensorflow": 0.0}
    assert any("no GPU or TPU; the hardware answers (nvidia_gpu) are used as given" in e
               for e in evidence), evidence


def test_scoring_with_measured_benchmarks_is_reproducible() -> None:
    # The bootstrap intervals are seeded: the same probe report gives the same evidence text
    # (intervals included) and the same ratings, run after run.
    for report in (probe_report("pytorch_faster.json"), probe_report("graph_ecosystem.json"),
                   load_probe_report(PROBE_REPORT)):
        first, second = scored({}, report), scored({}, report)
        assert first.model_dump() == second.model_dump()
    performance = next(c for c in first.criteria or [] if c.id == "performance")
    assert any("interval " in str(e) for e in performance.evidence), performance.evidence
