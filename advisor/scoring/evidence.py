"""Evidence from a probe report: bounded, documented moves of the ratings.

- performance: the speed ratio r = TensorFlow time / PyTorch time (> 1: PyTorch faster), over
  the workloads and the mode the decision model selects (evidence.performance: mode,
  exclude_workloads). The report's `benchmark_summary` (bootstrap interval) is used when its
  part for that mode covers exactly those workloads; otherwise the ratio is computed again from
  the benchmark rows: geometric mean of the per-workload ratios of medians, with a bootstrap
  interval from the raw samples when there are enough. The ratings move apart by
  points_per_doubling * log2(r), split half up / half down, bounded by max_shift; nothing moves
  inside the dead zone or when the interval contains 1.
- domain fit: installed packages of an answered domain add installed_delta (0 in the shipped
  model: the domain table rates what exists, not what this machine has), missing ones missing_delta.
- hardware fit: a detected TPU or AMD GPU adds the configured deltas; a framework that cannot
  see an accelerator the hardware probe found loses blind_delta.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Mapping
from typing import Any

from advisor import numerals, options
from advisor.benchmarking.bootstrap import (
    SEED,
    RatioEstimate,
    geometric_mean_interval,
    ratio_of_medians,
)
from advisor.benchmarking.device_names import devices_phrase
from advisor.models import BenchmarkSummary, ProbeReport
from advisor.options import FRAMEWORKS
from advisor.scoring.applicability import INSTALLED_NOT_RATED, benchmarks_not_applicable
from advisor.scoring.matrix import EvidenceMove
from advisor.scoring.model import DecisionModel

_ACCELERATOR_WORDS = ("gpu", "cuda", "tpu", "mps", "rocm", "hip", "xpu")


def collect_evidence(
    report: ProbeReport, answers: Mapping[str, Any], model: DecisionModel
) -> list[EvidenceMove]:
    """Every rating move (or note) the probe report justifies, in a fixed order."""
    moves: list[EvidenceMove] = []
    moves.extend(_performance(report, answers, model))
    moves.extend(_ecosystem(report, answers, model))
    moves.extend(_hardware(report, answers, model))
    source = f"probe report of {report.created_at}" if report.created_at else "probe report"
    return [
        EvidenceMove(m.criterion, m.deltas, f"{m.text} [{source}]", m.applied, m.reason,
                     m.reason_kind)
        for m in moves
    ]


_Ratio = tuple[float, tuple[float, float] | None, str] | None
#: The last few ratios computed, by report identity: re-scoring changed answers (what would
#: change the decision) reuses the probe report, and the bootstrap is most of a scoring's time.
_RATIOS: dict[tuple[int, str, tuple[str, ...]], tuple[ProbeReport, _Ratio]] = {}


def speed_ratio(report: ProbeReport, mode: str, exclude: list[str]) -> _Ratio:
    """The speed ratio of the report (see _speed_ratio), computed once per report object."""
    key = (id(report), mode, tuple(exclude))
    cached = _RATIOS.get(key)
    if cached is not None and cached[0] is report:
        return cached[1]
    found = _speed_ratio(report, mode, exclude)
    if len(_RATIOS) > 8:
        _RATIOS.clear()
    _RATIOS[key] = (report, found)
    return found


def _speed_ratio(report: ProbeReport, mode: str, exclude: list[str]) -> _Ratio:
    """(geometric-mean ratio TF time / PyTorch time, interval or None, how it was obtained).

    The decision model's mode and excluded workloads govern: the probe report's
    benchmark_summary is used only when it covers exactly the workloads they select (in its
    by_mode part for that mode); otherwise the ratio is computed again from the benchmark rows.
    """
    paired = _paired_rows(report, mode, exclude)
    summary = report.benchmark_summary
    note = ""
    if summary is not None and _positive(summary.geomean_ratio):
        part, note = _summary_part(summary, mode, exclude, paired)
        if part is not None:
            ratio = float(part["geomean_ratio"])
            low, high = part.get("ci_low"), part.get("ci_high")
            interval = None
            if _positive(low) and _positive(high):
                interval = (float(low or 0), float(high or 0))
            how = f"benchmark_summary of the probe report ({mode} mode"
            included = part.get("included")
            if isinstance(included, list) and included:
                how += f": {', '.join(str(w) for w in included)}"
            how += ")"
            if interval:
                how += f", interval {numerals.ratio(interval[0])}-{numerals.ratio(interval[1])}"
            return ratio, interval, how
    # The bootstrap only when the summary cannot serve: it is most of a scoring's time.
    rows = _ratio_estimates(paired, mode)
    if not rows:
        return None
    estimates = list(rows.values())
    geomean, low, high = geometric_mean_interval(estimates)
    detail = ", ".join(f"{w} {numerals.ratio(e.ratio)}" for w, e in rows.items())
    how = f"geometric mean of {mode} median-time ratios over {len(rows)} workloads ({detail})"
    interval = None
    if low is not None and high is not None:
        interval = (low, high)
        how += f", bootstrap interval {numerals.ratio(low)}-{numerals.ratio(high)}"
    if note:
        how += f"; {note}"
    return geomean, interval, how


#: name (workload, or workload@device when several) -> (workload, TF samples, PyTorch samples)
_Paired = dict[str, tuple[str, list[float], list[float]]]


def _paired_rows(report: ProbeReport, mode: str, exclude: list[str]) -> _Paired:
    """The rows in `mode` outside `exclude` with both frameworks on the same device, by name."""
    rows: dict[tuple[str, str, str], list[float]] = {}
    for bench in report.benchmarks:
        if bench.mode != mode or bench.workload in exclude or not _positive(bench.median_s) \
                or bench.dtype != "float32":  # the seed suite's bfloat16 rows are not the headline
            continue
        key = (bench.framework, bench.workload, bench.device)
        samples = [s for s in bench.samples if _positive(s)] or [float(bench.median_s or 0)]
        rows.setdefault(key, samples)
    pairs = sorted(
        {(w, d) for (_, w, d) in rows
         if ("pytorch", w, d) in rows and ("tensorflow", w, d) in rows}
    )
    devices = {d for _, d in pairs}
    return {
        (workload if len(devices) == 1 else f"{workload}@{device}"): (
            workload, rows[("tensorflow", workload, device)], rows[("pytorch", workload, device)])
        for workload, device in pairs
    }


def _ratio_estimates(paired: _Paired, mode: str) -> dict[str, RatioEstimate]:
    """Per paired row, the ratio of medians with its bootstrap replicates."""
    out: dict[str, RatioEstimate] = {}
    for name, (workload, tensorflow, pytorch) in paired.items():
        try:
            out[name] = ratio_of_medians(
                tensorflow, pytorch, seed=SEED + zlib.crc32(f"{workload}:{mode}".encode()))
        except ValueError:
            continue
    return out


def _summary_part(
    summary: BenchmarkSummary, mode: str, exclude: list[str], rows: Mapping[str, Any]
) -> tuple[Mapping[str, Any] | None, str]:
    """The part of the summary that covers the decision model's selection, or why none does."""
    headline = summary.model_dump(include={"geomean_ratio", "ci_low", "ci_high", "included"})
    if not summary.included:
        headline.pop("included")  # a summary that does not list its workloads
    part: Mapping[str, Any]
    if isinstance(summary.by_mode.get(mode), Mapping):
        part = summary.by_mode[mode]
    elif summary.mode == mode:
        part = headline
    elif summary.mode is None and not summary.by_mode:
        # A summary that does not say what it covers: only when there is nothing to check.
        if rows:
            return None, (
                "the probe report's benchmark_summary does not say which mode and workloads it"
                " covers, so the rows were used"
            )
        return headline, ""
    else:
        return None, f"the probe report's benchmark_summary has no {mode}-mode part"
    if not _positive(part.get("geomean_ratio")):
        return None, f"the probe report's benchmark_summary has no {mode}-mode ratio"
    included = part.get("included")
    if isinstance(included, list):
        covered = {str(w) for w in included}
        wrong = sorted(w for w in covered if w.split("@")[0] in exclude)
        if wrong:
            return None, (
                f"the probe report's benchmark_summary includes {', '.join(wrong)}, which the"
                " decision model excludes"
            )
        if rows and covered != set(rows):
            return None, (
                "the probe report's benchmark_summary covers other workloads"
                f" ({', '.join(sorted(covered))}) than the decision model selects"
            )
    return part, ""


def _performance(
    report: ProbeReport, answers: Mapping[str, Any], model: DecisionModel
) -> list[EvidenceMove]:
    settings = model.evidence.performance
    found = speed_ratio(report, settings.mode, settings.exclude_workloads)
    if found is None:
        return []
    ratio, interval, how = found
    faster = "PyTorch" if ratio >= 1 else "TensorFlow"
    factor = ratio if ratio >= 1 else 1 / ratio
    where = devices_phrase(_measured_devices(report, settings.mode, settings.exclude_workloads),
                           report.benchmark_ledger)
    head = (
        f"{faster} {numerals.ratio(factor)}x faster on {where} (TensorFlow/PyTorch time ratio"
        f" {numerals.ratio(ratio)}; {how})"
    )
    choice = report.benchmark_device
    if choice is not None and choice.device == "cpu" and choice.reason \
            and choice.reason.startswith("only "):
        head += f"; {choice.reason}"  # a GPU one framework cannot use was left aside
    why_not = benchmarks_not_applicable(report, answers, model)
    if why_not is not None:
        return [EvidenceMove(settings.criterion, {}, f"{head}; not applied: {why_not.reason}",
                             applied=False, reason=why_not.reason, reason_kind=why_not.kind)]
    if factor < settings.dead_zone:
        text = f"{head}; within {numerals.percent(settings.dead_zone - 1)}: no move"
        return [EvidenceMove(settings.criterion, {}, text)]
    if interval is not None and interval[0] <= 1 <= interval[1]:
        text = f"{head}; the interval contains 1 (no significant difference): no move"
        return [EvidenceMove(settings.criterion, {}, text)]
    shift = settings.points_per_doubling * math.log2(ratio)
    shift = max(-settings.max_shift, min(settings.max_shift, shift))
    deltas = {"pytorch": shift / 2, "tensorflow": -shift / 2}
    return [EvidenceMove(settings.criterion, deltas, f"{head}; {_moves(deltas)}")]


def _measured_devices(report: ProbeReport, mode: str, exclude: list[str]) -> list[str]:
    """The devices on which both frameworks measured a workload in `mode`, accelerators first."""
    seen = {(b.framework, b.workload, b.device) for b in report.benchmarks
            if b.mode == mode and b.workload not in exclude and b.device}
    devices = {d for (fw, w, d) in seen if fw == "pytorch" and ("tensorflow", w, d) in seen}
    return sorted(devices, key=lambda device: (device == "cpu", device))


def _ecosystem(
    report: ProbeReport, answers: Mapping[str, Any], model: DecisionModel
) -> list[EvidenceMove]:
    settings = model.evidence.ecosystem
    domains = [d for d in answers.get("domains") or [] if isinstance(d, str)]
    moves: list[EvidenceMove] = []
    for option in FRAMEWORKS:
        packages = report.ecosystem.get(option, [])
        total = 0.0
        notes: list[str] = []
        for domain in domains:
            listed = [
                p for p in packages
                if domain in p.domains and len(p.domains) < settings.generic_domains
            ]
            installed = sorted(p.package for p in listed if p.version is not None)
            if installed:
                total += settings.installed_delta
                notes.append(f"{domain}: {', '.join(installed)} installed")
            elif listed:
                total += settings.missing_delta
                missing = ", ".join(sorted(p.package for p in listed))
                notes.append(f"{domain}: none installed ({missing})")
        if not notes:
            continue
        bounded = max(-settings.max_total, min(settings.max_total, total))
        deltas = {option: bounded} if bounded else {}
        text = f"{options.label(option)} ecosystem on the probed machine: {'; '.join(notes)}"
        if deltas:
            moves.append(EvidenceMove(settings.criterion, deltas, f"{text}; {_moves(deltas)}"))
            continue
        why = (
            "what matters is whether a package exists and is maintained for the framework,"
            " which the domain table rates, not what this machine has installed"
        )
        moves.append(EvidenceMove(settings.criterion, {}, f"{text}; not applied: {why}",
                                  applied=False, reason=why, reason_kind=INSTALLED_NOT_RATED))
    return moves


def _hardware(
    report: ProbeReport, answers: Mapping[str, Any], model: DecisionModel
) -> list[EvidenceMove]:
    settings = model.evidence.hardware
    hardware = report.hardware
    moves: list[EvidenceMove] = []
    if hardware is None:
        return moves
    # An integrated GPU (Intel iGPU: the hardware probe marks it accelerator=false) trains
    # nothing: neither framework is blamed for not using it.
    gpus = [g for g in hardware.gpus if g.vendor and not g.integrated]
    if hardware.tpus:
        deltas = {o: d for o, d in settings.tpu_delta.items() if d}
        text = f"{len(hardware.tpus)} TPU(s) detected; {_moves(deltas)}"
        moves.append(EvidenceMove(settings.criterion, deltas, text))
    amd = [g for g in gpus if "amd" in g.vendor.lower()]
    if amd:
        deltas = {o: d for o, d in settings.amd_gpu_delta.items() if d}
        text = f"{len(amd)} AMD GPU(s) detected ({amd[0].name or 'unnamed'}); {_moves(deltas)}"
        moves.append(EvidenceMove(settings.criterion, deltas, text))
    accelerators = len(gpus) + len(hardware.tpus)
    if accelerators:
        kinds = ", ".join(sorted({g.vendor for g in gpus} | ({"TPU"} if hardware.tpus else set())))
        for option in FRAMEWORKS:
            info = report.frameworks.get(option)
            if info is None or not info.installed:
                continue
            seen = [d for d in info.devices if _is_accelerator(d)]
            xla = info.torch_xla if option == "pytorch" else None
            if hardware.tpus and not seen and xla:
                # On a TPU VM PyTorch reaches the TPU through torch_xla, which the probe does
                # not start (it would take the TPU): installed is what can be known.
                text = (f"PyTorch can reach the TPU through torch_xla {xla} (installed; not"
                        " started by the probe); no move")
                moves.append(EvidenceMove(settings.criterion, {}, text))
            elif seen:
                text = f"{options.label(option)} sees {len(seen)} accelerator device(s); no move"
                moves.append(EvidenceMove(settings.criterion, {}, text))
            else:
                deltas = {option: settings.blind_delta}
                text = (
                    f"{options.label(option)} sees no accelerator although the hardware probe found"
                    f" {kinds} (CPU-only build or driver mismatch); {_moves(deltas)}"
                )
                moves.append(EvidenceMove(settings.criterion, deltas, text))
    else:
        wanted = [h for h in answers.get("hardware") or [] if h != "cpu_only"]
        if wanted:
            text = (
                "the probed machine has no GPU or TPU; the hardware answers"
                f" ({', '.join(wanted)}) are used as given; no move"
            )
            moves.append(EvidenceMove(settings.criterion, {}, text))
    return moves


def _is_accelerator(device: Any) -> bool:
    """A device entry names an accelerator: {"type": "cuda"|"gpu"|...} or a string."""
    if isinstance(device, dict) and isinstance(device.get("type"), str):
        return device["type"].lower() in _ACCELERATOR_WORDS
    text = device if isinstance(device, str) else json.dumps(device, sort_keys=True, default=str)
    lowered = text.lower()
    return any(word in lowered for word in _ACCELERATOR_WORDS)


def _positive(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def _moves(deltas: Mapping[str, float]) -> str:
    if not deltas:
        return "no move"
    return ", ".join(f"{options.label(o)} {numerals.signed_score(d)}" for o, d in deltas.items())
