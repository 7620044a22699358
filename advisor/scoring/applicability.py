"""Whether probe evidence applies to the project, and if not, why: a kind and one line.

Evidence that does not apply is shown but moves no rating (the house rule: evidence moves a
rating only where it applies to the project's target). The kind is what a pipeline or the
report reads (`UnappliedEvidence.kind` in the assessment); the line is what a reader reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from advisor.models import BenchmarkSummary, ProbeReport
from advisor.scoring.model import DecisionModel

#: The benchmark run was busy: other processes competed for the CPUs.
MACHINE_BUSY = "machine_busy"
#: The two frameworks ran under different conditions (threads, device, dtype, GPU switches).
UNFAIR_CONDITIONS = "unfair_conditions"
#: Too many workloads' samples were too noisy to compare.
TOO_NOISY = "too_noisy"
#: Measured on devices other than the hardware the project targets.
OFF_TARGET = "off_target"
#: Installed packages: the domain table rates what exists for a framework, not one machine.
INSTALLED_NOT_RATED = "installed_packages_not_rated"
#: How an off-target line begins: the report reads it where an assessment saved before `kind`
#: existed has none (advisor.report.model_notes).
OFF_TARGET_WORDING = "measured on "


@dataclass(frozen=True)
class NotApplicable:
    """Why evidence does not apply: one of the kinds above and the line the report shows."""

    kind: str
    reason: str


def benchmarks_not_applicable(
    report: ProbeReport, answers: Mapping[str, Any], model: DecisionModel
) -> NotApplicable | None:
    """Why the benchmarks do not apply to this project, or None when they do."""
    settings = model.evidence.performance
    summary = report.benchmark_summary
    if summary is None:
        summary = BenchmarkSummary()
    if summary.inconclusive:
        # Under contention the ratios can reverse (advisor.benchmarking.contention).
        return NotApplicable(MACHINE_BUSY, (
            "the run was not fair: the machine was busy (other processes competed for the"
            " CPUs), so its ratios are indicative only; probe again on a quiet machine"))
    if settings.require_fair:
        warnings = summary.fairness_warnings
        if warnings or summary.fair_conditions is False:
            first = warnings[0] if warnings else "the probe marked its conditions unfair"
            more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            return NotApplicable(UNFAIR_CONDITIONS, f"the run was not fair: {first}{more}")
    noisy = [w for w in summary.noisy if w.endswith(f"({settings.mode})")]
    count = len(summary.included) or summary.workloads or 0
    if noisy and count and len(noisy) / count > settings.max_noisy_share:
        return NotApplicable(TOO_NOISY, (
            f"{len(noisy)} of {count} workloads were too noisy to compare"
            f" ({', '.join(noisy)}); probe again on a quiet machine"))
    wanted = [h for h in answers.get("hardware") or [] if h in settings.device_classes]
    if not settings.device_classes or not wanted:
        return None
    devices = sorted({b.device for b in report.benchmarks if b.mode == settings.mode
                      and b.workload not in settings.exclude_workloads and b.device})
    words = {w for h in wanted for w in settings.device_classes[h]}
    matching = [d for d in devices if any(w in d.lower() for w in words)]
    if devices and not matching:
        return NotApplicable(OFF_TARGET, (
            f"{OFF_TARGET_WORDING}{', '.join(devices)}, but the project targets"
            f" {', '.join(wanted)}; benchmark on the target hardware to apply it"))
    return None
