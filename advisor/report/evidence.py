"""The evidence section of the report context: hardware, benchmarks, ecosystem, probe failures.

A probe report may lack whole sections (a probe failed, or `--only` left it out); whatever is
missing becomes a plain "not measured" note instead of an empty section.
"""

from __future__ import annotations

from typing import Any

from advisor.i18n import N_, _, current_language, format_moment
from advisor.models import ProbeReport
from advisor.report.benchmarks import benchmarks_context, verdict_text
from advisor.report.ecosystem import ecosystem_context
from advisor.report.hardware import hardware_context

__all__ = ["NO_PROBES", "evidence_context", "verdict_text"]

NO_PROBES = (
    N_("No probes were run (--no-probes), so nothing was measured on this machine: hardware,"
    " benchmarks and installed packages are not part of this decision; ratings come from the"
    " decision model and the answers only.")
)


def evidence_context(probes: ProbeReport | None, answers: dict[str, Any]) -> dict[str, Any]:
    """Everything measured, or a plain statement that nothing was."""
    if probes is None:
        return {"probed": False, "missing": _(NO_PROBES), "failures": []}
    failures = [{"probe": f.probe, "kind": f.kind, "reason": f.reason,
                 "stderr": f.stderr_tail or "", "workload": f.workload} for f in probes.failures]
    runs = [{"probe": r.probe, "outcome": r.outcome, "duration_s": r.duration_s}
            for r in probes.probe_runs]
    return {
        "probed": True,
        "missing": None,
        "created_at": probes.created_at,
        "created": format_moment(probes.created_at, current_language())
        if probes.created_at else probes.created_at,
        "failures": failures,
        "runs": runs,
        "interpreter": probes.interpreter,
        "hardware": hardware_context(probes),
        "benchmarks": benchmarks_context(probes),
        "ecosystem": ecosystem_context(probes, answers),
    }
