"""The ecosystem part of the evidence: packages per framework; which ones the project needs."""

from __future__ import annotations

import json
from functools import cache
from typing import Any, cast

from advisor.i18n import _
from advisor.models import CompatibilityCheck, ProbeReport
from advisor.paths import probes_dir
from advisor.report.ledger import FRAMEWORK_LABELS
from advisor.report.scoring_text import scoring_sentence


def ecosystem_context(probes: ProbeReport, answers: dict[str, Any]) -> dict[str, Any]:
    """Packages per framework: installed, missing or incompatible, and whether the project needs
    them (their domains or targets overlap the answers)."""
    wanted = {str(v) for key in ("domains", "deployment_targets")
              for v in (answers.get(key) or []) if isinstance(answers.get(key), list)}
    if "mobile_platforms" in answers:
        wanted.add("mobile")
    checks = _compatibility_rows(probes.ecosystem_checks)
    all_domains = catalogue_domains()
    mismatched = {pkg: c["message"] for c in checks if c["status"] == "mismatch"
                  for pkg in c["packages_list"]}
    groups = []
    for framework, packages in probes.ecosystem.items():
        rows = []
        for pkg in packages:
            targets = pkg.deployment_targets
            scope = list(dict.fromkeys([*pkg.domains, *targets]))
            every_domain = bool(all_domains) and all_domains.issubset(pkg.domains)
            if pkg.version is None:
                status = "missing"
            elif pkg.package in mismatched:
                status = "incompatible"
            else:
                status = "installed"
            rows.append({
                "package": pkg.package,
                "version": pkg.version,
                "status": status,
                "scope": _scope_text(scope, every_domain, all_domains),
                "role": pkg.role or "",
                # A package for every domain says nothing about this project through its
                # domains; only its deployment targets can make it specific to it.
                "relevant": bool(wanted.intersection(targets if every_domain else scope)),
                "matches": [x for x in (targets if every_domain else scope) if x in wanted],
                "note": mismatched.get(pkg.package, ""),
            })
        rows.sort(key=lambda r: (not r["relevant"], r["status"] != "incompatible", r["package"]))
        # A package this project does not need and does not have is one word, not a table row:
        # a real environment lists dozens of them and they pushed the report to many pages.
        shown = [r for r in rows if r["relevant"] or r["status"] != "missing"]
        groups.append({
            "framework": FRAMEWORK_LABELS.get(framework, framework),
            "rows": shown,
            "not_needed": [r["package"] for r in rows if r not in shown],
            "has_notes": any(r["note"] for r in shown),
            "installed": sum(r["status"] == "installed" for r in rows),
            "missing": sum(r["status"] == "missing" for r in rows),
            "incompatible": sum(r["status"] == "incompatible" for r in rows),
        })
    needed = [{"framework_id": framework, "framework": group["framework"], **row}
              for framework, group in zip(probes.ecosystem, groups, strict=True)
              for row in cast(list[dict[str, Any]], group["rows"]) if row["relevant"]]
    return {"measured": bool(groups), "groups": groups, "wanted": sorted(wanted), "needed": needed,
            "checks": [c for c in checks if c["status"] != "not_applicable"]}


@cache
def catalogue_domains() -> frozenset[str]:
    """The domains of the ecosystem catalogue: the probe spells a package for every domain
    ("all" in the catalogue) as the full list, which reads better as "every domain"."""
    try:
        catalogue = json.loads((probes_dir() / "ecosystem_catalogue.json").read_text("utf-8"))
    except (OSError, ValueError):
        return frozenset()
    domains = catalogue.get("domains") if isinstance(catalogue, dict) else None
    return frozenset(str(d) for d in domains) if isinstance(domains, list) else frozenset()


def _scope_text(scope: list[str], every_domain: bool, all_domains: frozenset[str]) -> str:
    if every_domain:
        rest = [s for s in scope if s not in all_domains]
        return ", ".join([_("every domain"), *rest])
    return ", ".join(scope) or _("general")


def _compatibility_rows(checks: list[CompatibilityCheck]) -> list[dict[str, Any]]:
    """Version compatibility checks (torchvision vs torch, keras vs tensorflow, ...)."""
    return [{
        "id": check.id,
        "description": scoring_sentence(check.description) if check.description else check.id,
        "packages": ", ".join(f"{k} {v or _('missing')}" for k, v in check.packages.items()),
        "packages_list": list(check.packages),
        "status": check.status,
        "message": scoring_sentence(check.message) if check.message else check.message,
    } for check in checks]

