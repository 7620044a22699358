"""Consequences, risks with their mitigations, and when to revisit the decision.

Each item is derived from something in the assessment (a constraint, a failed probe, the
confidence, a flip point, the age of the decision model), so an item never appears without cause.
"""

from __future__ import annotations

from typing import Any

from advisor.models import Assessment
from advisor.report.decision import option_label


def consequences(assessment: Assessment, pros_cons: list[dict[str, Any]]) -> dict[str, list[str]]:
    """MADR "good, because" / "bad, because" for the chosen option."""
    rec = assessment.recommendation
    if rec is None:
        return {"good": [], "bad": []}
    chosen = next((p for p in pros_cons if p["option"] == rec.framework), None)
    if chosen is None:
        return {"good": [], "bad": []}
    good, bad = list(chosen["pros"][:4]), list(chosen["cons"][:4])
    if rec.framework == "hybrid" and rec.bridge:
        bad.append(f"The bridge has to be built and maintained: {rec.bridge}")
    return {"good": good, "bad": bad}


def risks(assessment: Assessment, evidence: dict[str, Any]) -> list[dict[str, str]]:
    """Risks to the decision, each with a mitigation."""
    items: list[dict[str, str]] = []
    rec = assessment.recommendation
    if rec is not None:
        for c in assessment.constraints or []:
            status = c.status.get(rec.framework)
            if status in ("warn", "fail"):
                items.append({
                    "risk": f"Constraint \"{c.description}\" is {status} for "
                            + option_label(rec.framework) + (f": {c.reason}" if c.reason else ""),
                    "mitigation": "Prove this requirement with a prototype before committing.",
                })
        if rec.badge in ("sensitive", "close_call") or rec.close_call:
            close = rec.close_call or rec.badge == "close_call"
            kind = "a close call" if close else "sensitive to the weights"
            items.append({
                "risk": f"The outcome is {kind}"
                        f": it holds under {rec.confidence:.0%} of plausible weightings.",
                "mitigation": "; ".join(rec.settle) if rec.settle
                else "Agree the weights of the decision drivers in the review before deciding.",
            })
    if not evidence["probed"]:
        items.append({
            "risk": "Nothing was measured on the team's hardware.",
            "mitigation": "Run advisor assess without --no-probes on the target machine.",
        })
    else:
        for failure in evidence["failures"]:
            items.append({
                "risk": f"Probe {failure['probe']} {failure['kind']}: its evidence is missing.",
                "mitigation": "Fix the cause shown in the evidence section and run again.",
            })
        if not evidence["benchmarks"]["measured"]:
            items.append({
                "risk": "No benchmark was measured, so performance ratings are not from this"
                        " machine.",
                "mitigation": "Run the benchmarks (budget standard or thorough) on the target"
                              " hardware.",
            })
        items.extend(_ecosystem_risks(evidence["ecosystem"]["groups"],
                                      rec.framework if rec is not None else None))
        for warning in evidence["hardware"]["warnings"]:
            items.append({"risk": warning,
                          "mitigation": "Check the framework build against the drivers."})
    return [{"risk": _sentence(i["risk"]), "mitigation": _sentence(i["mitigation"])}
            for i in items]


# Which ecosystem groups an option relies on: missing TensorFlow packages are no risk to a
# PyTorch-only decision.
_GROUPS_USED = {"pytorch": {"PyTorch", "Shared"}, "tensorflow": {"TensorFlow", "Shared"}}


def _ecosystem_risks(groups: list[dict[str, Any]], framework: str | None) -> list[dict[str, str]]:
    """An incompatible package is a risk of its own; the missing ones are one risk per
    framework (a real environment misses dozens, and a list of identical risks hides the rest)."""
    used = _GROUPS_USED.get(framework or "")
    items: list[dict[str, str]] = []
    for group in groups:
        if used is not None and group["framework"] not in used:
            continue
        rows = [r for r in group["rows"] if r["relevant"]]
        for row in rows:
            if row["status"] == "incompatible":
                items.append({
                    "risk": f"{group['framework']}: {row['package']} {row['version'] or ''} is"
                            f" incompatible" + (f" ({row['note']})" if row["note"] else "")
                            + f"; it matters for {', '.join(row['matches'])}",
                    "mitigation": f"Pin a {row['package']} version compatible with the installed"
                                  " framework and re-probe (advisor probe --only ecosystem).",
                })
        missing = [r for r in rows if r["status"] == "missing"]
        if missing:
            listed = ", ".join(f"{r['package']} ({', '.join(r['matches'])})" for r in missing)
            count = (f"{len(missing)} packages" if len(missing) > 1 else "1 package")
            items.append({
                "risk": f"{group['framework']}: {count} this project's domains and targets use"
                        f" {'are' if len(missing) > 1 else 'is'} not installed on the probed"
                        f" machine: {listed}",
                "mitigation": "Install the ones the project will use, pinned to versions"
                              " compatible with the framework, and re-probe (advisor probe"
                              " --only ecosystem).",
            })
    return items


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def revisit_when(assessment: Assessment, flips: list[dict[str, Any]]) -> list[str]:
    """Conditions under which the decision should be made again."""
    items = [f"{f['criterion']}: {f['text']}" for f in flips
             if f["can_flip"] or f["by_rating"]][:4]
    answers = assessment.answers
    items.append(
        "The project's stage changes (now: "
        f"{answers.get('stage', 'not answered')}) or a deployment target is added or dropped."
    )
    model = assessment.decision_model or {}
    as_of = model.get("knowledge_as_of") or model.get("as_of")
    if as_of:
        items.append(f"The decision model's knowledge dates from {as_of}: revisit after a major "
                     "release of either framework.")
    if assessment.probes is None or not assessment.probes.benchmarks:
        items.append("Benchmarks become available on the target hardware.")
    items.append("The team's framework experience changes substantially.")
    return items
