"""Probing the machine: each probe script runs in its own subprocess; results become a report.

The advisor's own process never imports torch or tensorflow: only the probe subprocesses do.
"""

from advisor.probing.collect import (
    ProbeEvent,
    ProgressCallback,
    collect_probe_report,
    failed_probes,
)
from advisor.probing.outcomes import FailedProbe, ProbeOutcome, ProbeSuccess, SkippedProbe
from advisor.probing.runner import run_probe
from advisor.probing.specs import BUDGETS, DEFAULT_PROBES, GROUPS, Budget, ProbeSpec

__all__ = [
    "BUDGETS",
    "DEFAULT_PROBES",
    "GROUPS",
    "Budget",
    "FailedProbe",
    "ProbeEvent",
    "ProbeOutcome",
    "ProbeSpec",
    "ProbeSuccess",
    "ProgressCallback",
    "SkippedProbe",
    "collect_probe_report",
    "failed_probes",
    "run_probe",
]
