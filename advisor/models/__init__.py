"""Typed models of what flows between the parts: probe reports and assessments."""

from advisor.models.assessment import (
    ASSESSMENT_SCHEMA_VERSION,
    Assessment,
    ConstraintResult,
    CriterionResult,
    FlipPoint,
    Recommendation,
    Sensitivity,
)
from advisor.models.probe_report import (
    PROBE_REPORT_SCHEMA_VERSION,
    BenchmarkDevice,
    BenchmarkResult,
    BenchmarkSummary,
    BridgeRun,
    EcosystemPackage,
    FrameworkInfo,
    ProbeFailure,
    ProbeReport,
)

__all__ = [
    "ASSESSMENT_SCHEMA_VERSION",
    "PROBE_REPORT_SCHEMA_VERSION",
    "Assessment",
    "BenchmarkDevice",
    "BenchmarkResult",
    "BenchmarkSummary",
    "BridgeRun",
    "ConstraintResult",
    "CriterionResult",
    "EcosystemPackage",
    "FlipPoint",
    "FrameworkInfo",
    "ProbeFailure",
    "ProbeReport",
    "Recommendation",
    "Sensitivity",
]
