"""The decision model's `evidence` section: how probe evidence may move the ratings (bounded).

Part of the decision model file's typed model (advisor.scoring.model); kept apart because it is
the part advisor.scoring.evidence reads.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PerformanceEvidence(_Strict):
    """How measured speed ratios move the performance ratings (bounded)."""

    criterion: str = "performance"
    points_per_doubling: float = Field(default=1.0, gt=0)
    max_shift: float = Field(default=2.0, ge=0)
    dead_zone: float = Field(default=1.05, ge=1.0)
    mode: Literal["eager", "compiled"] = "eager"
    exclude_workloads: list[str] = Field(default_factory=lambda: ["import_time"])
    #: Apply only runs without fairness warnings (busy machine, differing threads or dtypes).
    require_fair: bool = True
    #: Apply only when at most this share of the workloads was flagged noisy.
    max_noisy_share: float = Field(default=0.5, ge=0, le=1)
    #: hardware answer -> device-name words of that class ("cuda", "cpu", ...): benchmarks apply
    #: only when their device belongs to a class the project targets. Empty: always applies.
    device_classes: dict[str, list[str]] = Field(default_factory=dict)


class EcosystemEvidence(_Strict):
    """How installed or missing ecosystem packages move domain fit."""

    criterion: str = "domain_fit"
    installed_delta: float = 0.25
    missing_delta: float = -0.25
    max_total: float = Field(default=0.5, ge=0)
    #: A package listed for this many domains or more is general-purpose (keras, accelerate,
    #: lightning) and says nothing about one domain: it does not count.
    generic_domains: int = Field(default=6, ge=1)


class HardwareEvidence(_Strict):
    """How detected accelerators and what each framework sees move hardware fit."""

    criterion: str = "hardware_fit"
    tpu_delta: dict[str, float] = Field(default_factory=dict)
    amd_gpu_delta: dict[str, float] = Field(default_factory=dict)
    blind_delta: float = -1.0


class EvidenceSettings(_Strict):
    """Evidence settings per kind of probe result."""

    performance: PerformanceEvidence = Field(default_factory=PerformanceEvidence)
    ecosystem: EcosystemEvidence = Field(default_factory=EcosystemEvidence)
    hardware: HardwareEvidence = Field(default_factory=HardwareEvidence)

