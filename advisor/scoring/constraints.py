"""Hard constraints, checked before scoring: a requirement an option cannot meet is reported.

`fail` excludes the option from the recommendation (it is still scored and shown, so the reader
sees what was given up); `warn` flags it. Constraints come from the decision model (conditions on
the answers) and from the probe report (a framework that is not installed on the probed machine).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from advisor.models import ConstraintResult, ProbeReport
from advisor.options import FRAMEWORKS
from advisor.scoring.model import DecisionModel
from advisor.scoring.rule_refs import cited

StatusValue = Literal["pass", "warn", "fail"]


def check_constraints(
    model: DecisionModel, answers: Mapping[str, Any], probes: ProbeReport | None
) -> list[ConstraintResult]:
    """Every constraint that applies to these answers (and probe report), in model order."""
    results: list[ConstraintResult] = []
    for constraint in model.constraints:
        if not constraint.when.holds(answers):
            continue
        status: dict[str, StatusValue] = {o: constraint.status.get(o, "pass") for o in FRAMEWORKS}
        results.append(
            ConstraintResult(
                id=constraint.id,
                description=constraint.description,
                status=status,
                reason=cited(constraint.reason, model.source_text(constraint.source)),
                source=constraint.source,
                condition=constraint.when.describe(),
                rationale=constraint.reason,
                citation=model.source_text(constraint.source),
            )
        )
    if probes is not None:
        frameworks = probes.frameworks
        missing = [o for o in FRAMEWORKS if o in frameworks and not frameworks[o].installed]
        if missing:
            names = ", ".join(missing)
            reason = (f"not installed on the probed machine: {names}; its ratings rest on"
                      " published knowledge only (install it and probe again to measure it)")
            results.append(
                ConstraintResult(
                    id="framework_installed",
                    description="The framework is installed on the probed machine.",
                    status={o: "warn" if o in missing else "pass" for o in FRAMEWORKS},
                    reason=reason,
                    source="probe report",
                    rationale=reason,
                )
            )
    return results


def excluded_options(constraints: list[ConstraintResult]) -> list[str]:
    """Options that fail at least one hard constraint."""
    return [o for o in FRAMEWORKS if any(c.status.get(o) == "fail" for c in constraints)]
