"""The machines a batch assesses against: saved probe reports, their costs and a comparison.

Each `--probe-results FILE` is one machine, named after a slug of its file name (unique within the
batch); a fleet's reports (`advisor probe --ray`) are named after their nodes, so a machine is
its node, and the fleet's `fleet.json` stands for all of them. `--cost FILE=PRICE` gives a
machine's price per hour, which turns benchmark throughput into performance per cost; FILE may
also be the machine's name or its node's name as labelled.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.assessment_io import load_probe_report
from advisor.benchmarking.verdicts import DEFAULT_DTYPE
from advisor.benchmarking.workloads import default_workloads
from advisor.errors import InputError
from advisor.i18n import N_
from advisor.models import ProbeReport
from advisor.slug import slugify

if TYPE_CHECKING:
    from advisor.probing import Budget

NO_PROBES_LABEL = "no-probes"
THIS_MACHINE_LABEL = "this-machine"
#: Where a batch saves the probe report of the machine it ran on (reuse: --probe-results).
THIS_MACHINE_FILE = "this-machine.probe-results.json"  # also in inputs.BATCH_OUTPUT_NAMES
#: The smallest --cost price: below it, performance per cost is noise (and overflows).
MIN_PRICE = 1e-6


@dataclass(frozen=True)
class Machine:
    """One machine: its probe report (None with --no-probes) and its price per hour."""

    label: str
    path: str | None
    report: ProbeReport | None
    cost_per_hour: float | None = None

    @property
    def fingerprint(self) -> str:
        """A digest of the probe report, so --resume notices a changed report."""
        if self.report is None:
            return "none"
        text = self.report.model_dump_json()
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_machines(paths: Sequence[Path], costs: Sequence[str]) -> tuple[Machine, ...]:
    """Load each probe report (exit-2 errors name the file) and attach the --cost prices."""
    if not paths:
        if costs:
            raise InputError("--cost needs --probe-results FILE to know which machine costs what",
                             file="--cost")
        return (Machine(NO_PROBES_LABEL, None, None),)
    paths = _expand_fleets(paths)
    labels = _unique_labels(paths)
    prices = parse_costs(costs, paths, labels)
    return tuple(
        Machine(label, str(path), load_probe_report(path), prices.get(label))
        for label, path in zip(labels, paths, strict=True)
    )


def probe_this_machine(output_dir: Path, *, budget: Budget, created_at: str | None = None,
                       progress: Any = None) -> Machine:
    """Probe the machine once for the whole batch and save the report into the output folder."""
    from advisor.fileio import atomic_write_json
    from advisor.probing import collect_probe_report

    report = collect_probe_report(budget=budget, progress=progress, created_at=created_at)
    path = atomic_write_json(output_dir / THIS_MACHINE_FILE, report.model_dump(mode="json"))
    return Machine(THIS_MACHINE_LABEL, str(path), report)


def load_this_machine(path: Path) -> Machine:
    """The probe report an earlier batch saved of this machine (for --resume)."""
    return Machine(THIS_MACHINE_LABEL, str(path), load_probe_report(path))


def _expand_fleets(paths: Sequence[Path]) -> list[Path]:
    """A fleet's `fleet.json` stands for its nodes' reports (`reports/fleet/*.json` works)."""
    from advisor.fleet.results import FLEET_FILE, fleet_report_paths

    expanded: list[Path] = []
    for path in paths:
        for item in fleet_report_paths(path) if path.name == FLEET_FILE else [path]:
            if item.absolute() not in {known.absolute() for known in expanded}:
                expanded.append(item)
    if not expanded:
        raise InputError("no node of the fleet has a probe report", file=paths[0],
                         field="--probe-results", allowed="a fleet.json with a node that is ok")
    return expanded


def _unique_labels(paths: Sequence[Path]) -> list[str]:
    labels: list[str] = []
    for path in paths:
        base = slugify(path.stem, empty="machine") or "machine"
        label, number = base, 2
        while label in labels:
            label, number = f"{base}-{number}", number + 1
        labels.append(label)
    return labels


def parse_costs(costs: Sequence[str], paths: Sequence[Path], labels: Sequence[str]
                ) -> dict[str, float]:
    """`FILE=PRICE` items -> {machine label: price per hour}; FILE as given, its name or label.

    A fleet node's name as the user wrote it (`GPU_A100`) finds its report by its slug.
    """
    names: dict[str, str] = {}
    for path, label in zip(paths, labels, strict=True):
        for alias in (str(path), path.name, label):
            names.setdefault(alias, label)
    allowed = ", ".join(f"{p}=PRICE" for p in paths)
    prices: dict[str, float] = {}
    for item in costs:
        name, sep, text = item.rpartition("=")
        if not sep or not name.strip():
            raise InputError(f"{item!r} is not of the form FILE=PRICE", file="--cost",
                             allowed=allowed)
        found = names.get(name.strip()) or names.get(slugify(name))
        if found is None:
            raise InputError(f"{name.strip()!r} is not one of the --probe-results files",
                             file="--cost", allowed=allowed)
        try:
            price = float(text)
        except ValueError:
            price = math.nan
        if not math.isfinite(price) or price < MIN_PRICE:
            raise InputError(f"price {text.strip()!r} is not a positive number of at least"
                             f" {MIN_PRICE:g}", file="--cost", field=name.strip(),
                             allowed="a price per hour such as 3.2")
        prices[found] = price
    return prices


def benchmark_medians(report: ProbeReport | None) -> list[dict[str, Any]]:
    """The default suite's medians (docs/contract.md section 5), one entry per framework, mode
    and device, in the catalogue's order (seed-suite models are left out), each with its
    workload's verdict (`benchmark_verdicts`' word, None where the report has none)."""
    if report is None:
        return []
    order = {workload: i for i, workload in enumerate(default_workloads())}
    # The workload's verdict in the probe report's words (too_close_to_call, inconclusive...):
    # whether the two frameworks' figures differ at all, which their per-dollar figures do not say.
    verdicts: dict[tuple[str, str, str | None], str] = {}
    for v in report.benchmark_verdicts:
        if (v.dtype or DEFAULT_DTYPE) == DEFAULT_DTYPE:
            verdicts.setdefault((v.workload, v.mode, v.device), v.verdict)
            verdicts.setdefault((v.workload, v.mode, None), v.verdict)
    entries: list[dict[str, Any]] = [
        {
            "workload": b.workload,
            "framework": b.framework,
            "mode": b.mode,
            "device": b.device,
            "batch_size": b.batch_size,
            "median_s": b.median_s,
            "throughput": b.throughput,
            "throughput_unit": b.throughput_unit,
            "verdict": verdicts.get((b.workload, b.mode, b.device),
                                    verdicts.get((b.workload, b.mode, None))),
        }
        for b in report.benchmarks
        if b.workload in order
    ]
    entries.sort(key=lambda e: (order[e["workload"]], e["framework"], e["mode"], e["device"]))
    return entries


#: Why a machine's figures are indicative only: the decision model's reasons for not applying a
#: run's benchmarks that hold whatever the project (advisor.scoring.applicability).
CAVEAT_KINDS = ("machine_busy", "unfair_conditions", "too_noisy")


def benchmark_caveat(report: ProbeReport | None) -> dict[str, str] | None:
    """{kind, reason} when the machine's benchmarks were not sound (the machine was busy, the
    frameworks ran under unfair conditions, or too many workloads were too noisy), else None.

    The same test that keeps such a run from moving a profile's ratings (the bundled decision
    model, which a batch scores with), without a project: so no "off target" here.
    """
    if report is None or not report.benchmarks:
        return None
    from advisor.scoring.applicability import benchmarks_not_applicable
    from advisor.scoring.loading import load_default_decision_model

    why = benchmarks_not_applicable(report, {}, load_default_decision_model().model)
    if why is None or why.kind not in CAVEAT_KINDS:
        return None
    return {"kind": why.kind, "reason": why.reason}


def performance_per_cost(entry: dict[str, Any], cost_per_hour: float | None) -> dict[str, Any]:
    """Throughput per price: per second per $/h, and work units one dollar buys."""
    throughput = entry.get("throughput")
    if cost_per_hour is None or not isinstance(throughput, int | float):
        return {"throughput_per_cost": None, "units_per_dollar": None}
    per_second = throughput / cost_per_hour
    per_dollar = throughput * 3600.0 / cost_per_hour
    # A tiny price (or an absurd throughput) overflows to infinity, which JSON cannot hold.
    return {
        "throughput_per_cost": per_second if math.isfinite(per_second) else None,
        "units_per_dollar": per_dollar if math.isfinite(per_dollar) else None,
    }


#: What the summary says of a machine that was not probed (translated where it is shown).
NOT_PROBED = N_("not probed")


def describe_hardware(report: ProbeReport | None) -> str:
    """One line: CPU model and GPUs, or what is unknown."""
    if report is None or report.hardware is None:
        return NOT_PROBED
    hardware = report.hardware
    parts = [hardware.cpu.model or "unknown CPU"]
    parts.extend(gpu.name or gpu.vendor for gpu in hardware.gpus)
    return ", ".join(parts)
