"""Typed models of what flows between the parts: probe reports and assessments."""

from advisor.models.assessment import (
    ASSESSMENT_SCHEMA_VERSION,
    Assessment,
    ConstraintResult,
    CriterionResult,
    CrossCheck,
    ExcludedOption,
    FlipPoint,
    Recommendation,
    Sensitivity,
    UnappliedEvidence,
)
from advisor.models.probe_report import (
    PROBE_REPORT_SCHEMA_VERSION,
    BenchmarkResult,
    CompatibilityCheck,
    EcosystemPackage,
    EcosystemSummary,
    FrameworkInfo,
    GpuInfo,
    ProbeFailure,
    ProbeReport,
    TpuInfo,
)

__all__ = [
    "ASSESSMENT_SCHEMA_VERSION",
    "PROBE_REPORT_SCHEMA_VERSION",
    "Assessment",
    "BenchmarkResult",
    "CompatibilityCheck",
    "ConstraintResult",
    "CriterionResult",
    "CrossCheck",
    "EcosystemPackage",
    "EcosystemSummary",
    "ExcludedOption",
    "FlipPoint",
    "FrameworkInfo",
    "GpuInfo",
    "ProbeFailure",
    "ProbeReport",
    "Recommendation",
    "Sensitivity",
    "TpuInfo",
    "UnappliedEvidence",
]
