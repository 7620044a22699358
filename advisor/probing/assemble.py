"""Assemble probe outcomes into a `ProbeReport` (docs/contract.md section 5).

Each report section has a merger that validates one probe's document against its model and puts
it in place; a document that does not fit becomes a failure of that probe, never a crash. Add a
merger to `SECTION_MERGERS` for a new group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from advisor.models.probe_report import (
    BenchmarkResult,
    CompatibilityCheck,
    EcosystemPackage,
    EcosystemSummary,
    FrameworkInfo,
    HardwareInfo,
    ProbeFailure,
    ProbeReport,
    ProbeRun,
)
from advisor.probing.outcomes import FailedProbe, ProbeOutcome, ProbeSuccess, SkippedProbe
from advisor.probing.specs import ProbeSpec

#: The fields of the ProbeReport being assembled, as keyword arguments (validated at the end).
ReportFields = dict[str, Any]
SectionMerger = Callable[[ReportFields, ProbeSpec, dict[str, Any]], None]


def _merge_hardware(fields: ReportFields, spec: ProbeSpec, data: dict[str, Any]) -> None:
    fields["hardware"] = HardwareInfo.model_validate(data)


def _merge_framework(fields: ReportFields, spec: ProbeSpec, data: dict[str, Any]) -> None:
    fields["frameworks"][spec.key or spec.name] = FrameworkInfo.model_validate(data)


def _merge_ecosystem(fields: ReportFields, spec: ProbeSpec, data: dict[str, Any]) -> None:
    packages = data.get("packages")
    if not isinstance(packages, dict):
        raise ValueError("the ecosystem document has no 'packages' mapping")
    # Validate everything first, so a document that does not fit leaves no partial section.
    ecosystem = {
        side: [EcosystemPackage.model_validate(item) for item in items]
        for side, items in packages.items()
    }
    checks = [CompatibilityCheck.model_validate(item) for item in data.get("compatibility", [])]
    summary = EcosystemSummary.model_validate(
        {key: value for key, value in data.items() if key not in ("packages", "compatibility")})
    fields.update(ecosystem=ecosystem, ecosystem_checks=checks, ecosystem_summary=summary)


def _merge_benchmarks(fields: ReportFields, spec: ProbeSpec, data: dict[str, Any]) -> None:
    # Validate everything first, so a document that does not fit leaves no partial results.
    results = [BenchmarkResult.model_validate(item) for item in data.get("benchmarks", [])]
    failures = [
        ProbeFailure.model_validate({**item, "probe": spec.name})
        for item in data.get("failures", [])
    ]
    ledger = data.get("ledger")
    fields["benchmarks"].extend(results)
    fields["failures"].extend(failures)
    if isinstance(ledger, dict):
        fields.setdefault("benchmark_ledger", {})[spec.key or spec.name] = {
            **ledger, "budget": data.get("budget"), "phases": data.get("phases")}


def _merge_bridge(fields: ReportFields, spec: ProbeSpec, data: dict[str, Any]) -> None:
    bridge = data.get("bridge")
    if not isinstance(bridge, dict):
        raise ValueError("the bridge document has no 'bridge' mapping")
    fields.setdefault("hybrid_bridge", {})[spec.key or spec.name] = bridge


SECTION_MERGERS: dict[str, SectionMerger] = {
    "hardware": _merge_hardware,
    "frameworks": _merge_framework,
    "ecosystem": _merge_ecosystem,
    "benchmarks": _merge_benchmarks,
    "bridge": _merge_bridge,
}


def assemble_report(
    results: Sequence[tuple[ProbeSpec, ProbeOutcome]],
    *,
    interpreter: str | None = None,
    include_identifiers: bool = False,
    created_at: str | None = None,
    benchmark_device: dict[str, Any] | None = None,
) -> ProbeReport:
    """Build the probe report from each spec's outcome, in the order given.

    `benchmark_device` ({device, name, reason}: advisor.probing.devices) says what the
    benchmarks measured and why; it is kept only when benchmarks ran.
    """
    fields: ReportFields = {"frameworks": {}, "benchmarks": [], "failures": [], "probe_runs": []}
    for spec, outcome in results:
        outcome = _merge(fields, spec, outcome)
        fields["probe_runs"].append(_run_record(outcome))
        if isinstance(outcome, SkippedProbe):
            fields["failures"].append(ProbeFailure(probe=spec.name, kind="skipped",
                                                  reason=outcome.reason))
        elif isinstance(outcome, FailedProbe):
            fields["failures"].append(failure_entry(outcome))
    if fields["benchmarks"]:
        fields.update(_benchmark_analysis(fields))
        if benchmark_device is not None:
            fields["benchmark_device"] = benchmark_device
    if interpreter is not None and not include_identifiers:
        interpreter = redact_home(interpreter)
    return ProbeReport(
        created_at=created_at,
        interpreter=interpreter,
        identifiers_included=include_identifiers,
        **fields,
    )


def _benchmark_analysis(fields: ReportFields) -> ReportFields:
    """Verdicts per workload and the summary the scoring reads (advisor.benchmarking)."""
    from advisor.benchmarking import analyse_benchmarks

    hardware = fields.get("hardware")
    analysis = analyse_benchmarks(
        fields["benchmarks"],
        ledgers=fields.get("benchmark_ledger"),
        peak_gflops_fp32=hardware.cpu.peak_gflops_fp32 if hardware is not None else None,
    )
    return {
        "benchmarks": analysis.benchmarks,
        "benchmark_verdicts": analysis.verdicts,
        "benchmark_summary": analysis.summary,
    }


def _merge(fields: ReportFields, spec: ProbeSpec, outcome: ProbeOutcome) -> ProbeOutcome:
    """Merge a success into the fields; return the outcome, or a failure if it did not fit."""
    if isinstance(outcome, SkippedProbe) and spec.group == "frameworks":
        # "Not installed" is an answer, not a gap: the report says so explicitly.
        fields["frameworks"][spec.key or spec.name] = FrameworkInfo(
            installed=False, skip_reason=outcome.reason
        )
    if not isinstance(outcome, ProbeSuccess):
        return outcome
    merger = SECTION_MERGERS.get(spec.group)
    if merger is None:
        return FailedProbe(spec.name, "failed", f"no report section for group {spec.group!r}")
    try:
        merger(fields, spec, outcome.data)
    except (ValidationError, ValueError, TypeError, AttributeError) as exc:
        return FailedProbe(
            spec.name,
            "failed",
            f"its output does not fit the probe report: {_short(exc)}",
            duration_s=outcome.duration_s,
        )
    return outcome


def failure_entry(outcome: FailedProbe) -> ProbeFailure:
    """The report's entry for a failed probe: reason with the stderr tail, and the tail alone."""
    reason = outcome.reason
    last_line = outcome.stderr_tail.strip().splitlines()[-1:] if outcome.stderr_tail else []
    if last_line:
        reason += f"; last stderr line: {last_line[0].strip()}"
    return ProbeFailure(
        probe=outcome.name,
        kind=outcome.kind,
        reason=reason,
        stderr_tail=outcome.stderr_tail or None,
    )


def _run_record(outcome: ProbeOutcome) -> ProbeRun:
    if isinstance(outcome, ProbeSuccess):
        status = "ok"
    elif isinstance(outcome, SkippedProbe):
        status = "skipped"
    else:
        status = outcome.kind
    return ProbeRun(probe=outcome.name, outcome=status, duration_s=round(outcome.duration_s, 3))


def redact_home(path: str) -> str:
    """Replace the home folder at the start of `path` with ~ (it usually names the user)."""
    home = str(Path.home())
    if home not in ("", "/") and (path == home or path.startswith(home + "/")):
        return "~" + path[len(home):]
    return path


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return str(exc)
