"""Ecosystem probe: which packages of each framework's ecosystem are installed, at which versions,
grouped by the questionnaire's domains and deployment targets, with compatibility checks.

Usage: python probes/ecosystem.py [--catalogue FILE]

Reads package metadata only (importlib.metadata): nothing is imported, nothing is downloaded or
uploaded. The packages and the rules live in ecosystem_catalogue.json (data, not code).
Compatibility rule kinds:
  same_minor     package X.Y pairs with partner X.Y (torchaudio 2.5 with torch 2.5)
  minor_offset   package P.(N+offset) pairs with partner Q.N (torchvision 0.20 with torch 2.5)
  version_bands  if the package is in a band, the partner must be in the band's range
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from probe_output import emit

CATALOGUE = Path(__file__).resolve().parent / "ecosystem_catalogue.json"


def normalize(name: str) -> str:
    """PEP 503 name normalisation: case and runs of -_. do not matter."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_distributions() -> dict[str, str]:
    """Normalised name -> version of every distribution visible to this interpreter."""
    index: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            index.setdefault(normalize(name), dist.version)
    return index


def _version(index: Mapping[str, str], names: list[str]) -> tuple[str | None, str | None]:
    for name in names:
        version = index.get(normalize(name))
        if version is not None:
            return version, name
    return None, None


def _numbers(version: str) -> tuple[int, ...]:
    parts = []
    for piece in re.split(r"[.+-]", version):
        match = re.match(r"\d+", piece)
        if not match:
            break
        parts.append(int(match.group()))
        if match.group() != piece:
            break  # "0rc1": keep 0, stop
    return tuple(parts)


def _padded(version: tuple[int, ...]) -> tuple[int, ...]:
    return (*version, 0, 0)[:2]


def check_rule(rule: Mapping[str, Any], package_version: str | None,
               partner_version: str | None) -> dict[str, Any]:
    """Apply one compatibility rule to the installed versions."""
    result: dict[str, Any] = {
        "id": rule["id"],
        "packages": {rule["package"]: package_version, rule["partner"]: partner_version},
        "description": rule["description"],
        "source": rule.get("source"),
    }
    if package_version is None or partner_version is None:
        return {**result, "status": "not_applicable", "message": "not both installed"}
    package, partner = _padded(_numbers(package_version)), _padded(_numbers(partner_version))
    kind = rule["kind"]
    if kind == "same_minor":
        ok, expected = package == partner, f"{package[0]}.{package[1]}"
    elif kind == "minor_offset":
        expected_minor = package[1] - int(rule["offset"])
        ok = package[0] == rule["package_major"] and partner == (rule["partner_major"],
                                                                  expected_minor)
        expected = f"{rule['partner_major']}.{expected_minor}"
    elif kind == "version_bands":
        ok, expected = _check_bands(rule["bands"], package, partner)
    else:
        return {**result, "status": "not_applicable", "message": f"unknown rule kind {kind!r}"}
    if ok:
        return {**result, "status": "ok", "message": "compatible"}
    message = (f"{rule['package']} {package_version} expects {rule['partner']} {expected},"
               f" found {partner_version}")
    return {**result, "status": "mismatch", "message": message}


def _check_bands(bands: list[dict[str, str]], package: tuple[int, ...],
                 partner: tuple[int, ...]) -> tuple[bool, str]:
    for band in bands:
        low, high = band.get("package_at_least"), band.get("package_below")
        if low and package < _padded(_numbers(low)):
            continue
        if high and package >= _padded(_numbers(high)):
            continue
        need_low, need_high = band.get("partner_at_least"), band.get("partner_below")
        ok = not (need_low and partner < _padded(_numbers(need_low))) and not (
            need_high and partner >= _padded(_numbers(need_high)))
        wanted = f">= {need_low}" if need_low else f"< {need_high}"
        return ok, wanted
    return True, "any"


def probe_ecosystem(catalogue: Mapping[str, Any], index: Mapping[str, str]) -> dict[str, Any]:
    """The ecosystem document: packages per side, groupings, compatibility checks."""
    all_domains = list(catalogue["domains"])
    packages: dict[str, list[dict[str, Any]]] = {}
    by_domain: dict[str, dict[str, list[str]]] = {d: {} for d in all_domains}
    by_target: dict[str, dict[str, list[str]]] = {t: {} for t in catalogue["deployment_targets"]}
    for side, entries in catalogue["packages"].items():
        packages[side] = []
        for entry in entries:
            version, found_as = _version(index, entry.get("distributions", [entry["package"]]))
            domains = all_domains if entry["domains"] == "all" else list(entry["domains"])
            item = {
                "package": entry["package"],
                "version": version,
                "installed": version is not None,
                "distribution": found_as,
                "domains": domains,
                "deployment_targets": list(entry["deployment_targets"]),
                "role": entry.get("role"),
            }
            packages[side].append(item)
            if version is None:
                continue
            for domain in domains:
                by_domain[domain].setdefault(side, []).append(entry["package"])
            for target in entry["deployment_targets"]:
                by_target[target].setdefault(side, []).append(entry["package"])
    frameworks = {name: _version(index, dists)[0]
                  for name, dists in catalogue["framework_distributions"].items()}
    checks = []
    for rule in catalogue["compatibility"]:
        own = _version(index, [rule["package"]])[0]
        partner = frameworks.get(rule["partner"]) or _version(index, [rule["partner"]])[0]
        checks.append(check_rule(rule, own, partner))
    return {
        "catalogue_version": catalogue.get("catalogue_version"),
        "frameworks": frameworks,
        "packages": packages,
        "installed_by_domain": by_domain,
        "installed_by_deployment_target": by_target,
        "compatibility": checks,
        "summary": {side: {"installed": sum(item["installed"] for item in items),
                           "listed": len(items)} for side, items in packages.items()},
    }


def main(argv: list[str] | None = None) -> int:
    """Print the ecosystem document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--catalogue", default=str(CATALOGUE), help="Catalogue JSON file.")
    parser.add_argument("--include-identifiers", action="store_true", help="Accepted, unused.")
    options = parser.parse_args(argv)
    catalogue = json.loads(Path(options.catalogue).read_text(encoding="utf-8"))
    emit(probe_ecosystem(catalogue, installed_distributions()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
