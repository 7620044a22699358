"""From raw benchmark samples to verdicts: which framework is faster per workload, and overall.

Pairs each workload's PyTorch and TensorFlow results measured in the same mode on the same device,
gives a verdict with a bootstrap interval of the ratio of medians, and summarises the eager
workloads by the geometric mean of their ratios (the evidence the scoring's performance criterion
reads). Import time is reported per workload but kept out of the geometric mean: it is a one-off
start-up cost, not the speed of the work. Pure statistics: no framework is imported here.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.benchmarking.bootstrap import (
    CONFIDENCE,
    SEED,
    RatioEstimate,
    between_process_allowance,
    centred_on_processes,
    geometric_mean,
    geometric_mean_interval,
    process_ratios,
    ratio_of_medians,
    round_ratios,
    run_to_run_allowance,
    run_to_run_floor,
    with_allowance,
)
from advisor.benchmarking.classification import (
    classify,
    describe_ratio,
    headline_verdict,
)
from advisor.benchmarking.contention import busy_warnings, ledger_budget
from advisor.benchmarking.device_names import device_phrase, devices_phrase
from advisor.benchmarking.fairness import ledger_warnings
from advisor.benchmarking.published import published_comparison
from advisor.models.probe_report import BenchmarkResult, BenchmarkVerdict

#: Workloads outside the headline geometric mean, and why.
EXCLUDED_FROM_SUMMARY = {"import_time": "a one-off start-up cost, not the speed of the work"}
HEADLINE_MODE = "eager"
#: Rows without a dtype are float32 (older probes); the headline summary reads float32 rows only.
DEFAULT_DTYPE = "float32"
INCONCLUSIVE_BUSY = "inconclusive: the machine was busy"
#: A pair of results: (workload, mode, device, dtype).
Key = tuple[str, str, str, str]


@dataclass
class BenchmarkAnalysis:
    """Verdicts, the summary for scoring, and the results annotated (share of peak)."""

    verdicts: list[BenchmarkVerdict]
    summary: dict[str, Any] | None
    benchmarks: list[BenchmarkResult]
    fairness_warnings: list[str] = field(default_factory=list)


def analyse_benchmarks(
    benchmarks: Sequence[BenchmarkResult],
    *,
    ledgers: Mapping[str, Mapping[str, Any]] | None = None,
    peak_gflops_fp32: float | None = None,
) -> BenchmarkAnalysis:
    """Verdicts per (workload, mode, device) measured by both frameworks, and the summary."""
    annotated = [_with_peak_share(result, peak_gflops_fp32) for result in benchmarks]
    warnings = ledger_warnings(ledgers or {})
    busy = busy_warnings(ledgers or {})
    pairs = _pairs(annotated)
    floor = budget_floor(ledgers or {})
    verdicts: list[BenchmarkVerdict] = []
    estimates: dict[Key, RatioEstimate] = {}
    by_process: dict[Key, list[float]] = {}
    for key, (torch_result, tf_result) in pairs.items():
        workload, mode, _, dtype = key
        tf_samples = tf_result.samples or _median_only(tf_result)
        torch_samples = torch_result.samples or _median_only(torch_result)
        rounds = _round_sizes(tf_result, torch_result)
        salt = f"{workload}:{mode}" + ("" if dtype == DEFAULT_DTYPE else f":{dtype}")
        try:
            estimate = ratio_of_medians(tf_samples, torch_samples,
                                        seed=SEED + zlib.crc32(salt.encode()), rounds=rounds)
        except ValueError:
            continue  # no positive timing on a side: nothing to compare
        # Where both frameworks timed the workload in two fresh processes, the point is the
        # geometric mean of the processes' ratios and the interval holds each of them.
        per_process = process_ratios(tf_result.process_medians, torch_result.process_medians)
        if per_process:
            by_process[key] = per_process
        estimate = centred_on_processes(estimate, per_process)
        estimates[key] = estimate  # the raw replicates feed the geometric mean's interval
        allowance = run_to_run_allowance(round_ratios(tf_samples, torch_samples, rounds), floor)
        allowance = max(allowance, between_process_allowance(estimate.ratio, per_process))
        verdicts.append(_verdict(key, torch_result, tf_result,
                                 with_allowance(estimate, allowance), warnings,
                                 device_phrase(key[2], ledgers), allowance=allowance,
                                 busy=bool(busy), per_process=per_process))
    summary = _summary(estimates, verdicts, warnings, annotated, busy, ledgers, by_process,
                       floor=floor)
    return BenchmarkAnalysis(verdicts, summary, annotated, warnings)


def budget_floor(ledgers: Mapping[str, Mapping[str, Any]]) -> float:
    """The run-to-run floor for the budgets the ledgers record (bootstrap.RUN_TO_RUN_FLOORS)."""
    names = [ledger_budget(ledger).get("name") for ledger in ledgers.values()]
    return run_to_run_floor(name if isinstance(name, str) else None for name in names)


def _round_sizes(*results: BenchmarkResult) -> tuple[list[int], list[int]] | None:
    """Each side's samples per sampling round, when both recorded them (newer probes)."""
    first, second = (result.round_sizes for result in results)
    if first is None or second is None:
        return None
    return first, second


def _median_only(result: BenchmarkResult) -> list[float]:
    return [result.median_s] if result.median_s is not None else []


def _pairs(
    results: Sequence[BenchmarkResult],
) -> dict[Key, tuple[BenchmarkResult, BenchmarkResult]]:
    first: dict[tuple[str, str, str, str, str], BenchmarkResult] = {}
    for result in results:
        dtype = result.dtype or DEFAULT_DTYPE
        first.setdefault((result.framework, result.workload, result.mode, result.device, dtype),
                         result)
    pairs = {}
    for (framework, workload, mode, device, dtype), result in first.items():
        other = first.get(("tensorflow", workload, mode, device, dtype))
        if framework == "pytorch" and other is not None:
            pairs[(workload, mode, device, dtype)] = (result, other)
    return pairs


def _verdict(
    key: Key,
    torch_result: BenchmarkResult,
    tf_result: BenchmarkResult,
    estimate: RatioEstimate,
    ledger_notes: list[str],
    where: str,
    *,
    allowance: float,
    busy: bool,
    per_process: list[float] | None = None,
) -> BenchmarkVerdict:
    workload, mode, device, dtype = key
    kind = "inconclusive" if busy else classify(estimate)
    faster = "pytorch" if estimate.ratio > 1 else "tensorflow" if estimate.ratio < 1 else None
    speedup = max(estimate.ratio, 1 / estimate.ratio)
    warnings = list(ledger_notes)
    for name, mine, theirs in (("dtype", torch_result.dtype, tf_result.dtype),
                               ("batch_size", torch_result.batch_size, tf_result.batch_size)):
        if mine != theirs:
            warnings.append(f"{name} differs: PyTorch {mine}, TensorFlow {theirs}")
    noisy = bool(torch_result.noise_warning or tf_result.noise_warning)
    return BenchmarkVerdict(
        workload=workload,
        mode=mode,
        device=device,
        # Geometric mean over the fresh processes where there were several (the ratio is theirs).
        pytorch_median_s=geometric_mean(torch_result.process_medians or [
            float(torch_result.median_s or 0.0)]) if per_process else float(
            torch_result.median_s or 0.0),
        tensorflow_median_s=geometric_mean(tf_result.process_medians or [
            float(tf_result.median_s or 0.0)]) if per_process else float(
            tf_result.median_s or 0.0),
        ratio=estimate.ratio,
        ci_low=estimate.low,
        ci_high=estimate.high,
        confidence=CONFIDENCE,
        faster=faster if kind in ("pytorch_faster", "tensorflow_faster",
                                  "insufficient_samples") else None,
        speedup=speedup,
        verdict=kind,
        summary=describe_ratio(estimate, kind, len(torch_result.samples), len(tf_result.samples))
        + f"; measured on {where}",
        samples={"pytorch": len(torch_result.samples), "tensorflow": len(tf_result.samples)},
        noise_warning=noisy,
        fairness_warnings=warnings,
        dtype=dtype,
        batch_size=torch_result.batch_size,
        run_to_run_allowance=round(allowance, 4),
        process_ratios=[round(value, 4) for value in per_process] if per_process else None,
    )


def _summary(
    estimates: Mapping[Key, RatioEstimate],
    verdicts: Sequence[BenchmarkVerdict],
    warnings: list[str],
    results: Sequence[BenchmarkResult],
    busy: list[str],
    ledgers: Mapping[str, Mapping[str, Any]] | None = None,
    by_process: Mapping[Key, list[float]] | None = None,
    *,
    floor: float,
) -> dict[str, Any] | None:
    by_mode = {}
    for mode in ("eager", "compiled"):
        chosen = {key: est for key, est in estimates.items()
                  if key[1] == mode and key[0] not in EXCLUDED_FROM_SUMMARY
                  and key[3] == DEFAULT_DTYPE}
        if chosen:
            by_mode[mode] = _mode_summary(chosen, ledgers, by_process or {}, floor)
    headline = by_mode.get(HEADLINE_MODE)
    if headline is None:
        return None
    noisy = sorted({f"{v.workload} ({v.mode})" for v in verdicts if v.noise_warning})
    statement = (_statement(headline)
                 + f"; measured on {devices_phrase(headline['devices'], ledgers)}"
                 + (f"; caution: {len(warnings)} fairness warning(s)" if warnings else ""))
    return {
        **headline,
        "mode": HEADLINE_MODE,
        # The headline's verdict in the per-workload words ("inconclusive" when busy).
        "verdict": "inconclusive" if busy else headline_verdict(headline),
        "confidence": CONFIDENCE,
        "meaning": "TensorFlow median time / PyTorch median time; above 1 PyTorch is faster",
        # A busy run names no faster framework, here or per workload (see contention.py).
        "inconclusive": INCONCLUSIVE_BUSY if busy else None,
        "machine_busy": busy,
        # The reason is in `inconclusive` and the ledger warnings; the statement does not
        # repeat it (a report says the machine was busy once, in its run notes).
        "statement": f"Inconclusive, indicative only: {statement}" if busy else statement,
        "fair_conditions": not warnings,
        "excluded": dict(EXCLUDED_FROM_SUMMARY),
        "by_mode": by_mode,
        "noisy": noisy,
        "fairness_warnings": warnings,
        "matmul_peak_share": {
            r.framework: r.peak_share for r in results
            if r.workload == "matmul" and r.mode == "eager" and r.peak_share is not None
        },
        "method": "percentile bootstrap of the ratio of medians per workload (" + (
            "whole sampling rounds resampled, round k of both frameworks together"
            if any(est.by_rounds for est in estimates.values())
            else "raw samples resampled per framework") + ", fixed seed); geometric mean over "
            "workloads",
        "run_to_run_allowance": floor,
        "published_comparison": published_comparison(verdicts),
        "interval_method": "each interval is the bootstrap interval widened by a run-to-run "
                           f"allowance: at least {floor:.0%} each side, per workload "
                           "more when its sampling rounds disagreed more (the bootstrap sees "
                           "one run only; the ratio moves between runs), and at least enough "
                           "to hold the ratio measured in each fresh process where the probes "
                           "timed a workload in two",
    }


def _mode_summary(chosen: Mapping[Key, RatioEstimate],
                  ledgers: Mapping[str, Mapping[str, Any]] | None,
                  by_process: Mapping[Key, list[float]], floor: float) -> dict[str, Any]:
    ordered = sorted(chosen)
    point, low, high = geometric_mean_interval([chosen[key] for key in ordered])
    # Process k's geometric mean over the workloads, where every workload has process k.
    counts = {len(by_process.get(key, [])) for key in ordered}
    process_means = ([geometric_mean([by_process[key][k] for key in ordered])
                      for k in range(counts.pop())] if len(counts) == 1 and 0 not in counts
                     else [])
    allowance = max(floor, between_process_allowance(point, process_means))
    if low is not None and high is not None:
        low, high = low / (1 + allowance), high * (1 + allowance)
    devices = sorted({key[2] for key in ordered})
    return {
        "geomean_ratio": point,
        "ci_low": low,
        "ci_high": high,
        "workloads": len(ordered),
        "included": [key[0] if len(devices) == 1 else f"{key[0]}@{key[2]}" for key in ordered],
        "devices": devices,
        "process_geomeans": process_means or None,
        "device_names": {device: device_phrase(device, ledgers) for device in devices},
    }


def _statement(summary: Mapping[str, Any]) -> str:
    estimate = RatioEstimate(summary["geomean_ratio"], (), summary["ci_low"], summary["ci_high"])
    kind = headline_verdict(summary)
    text = describe_ratio(estimate, kind, 0, 0) if kind != "insufficient_samples" else (
        f"Geometric mean ratio {estimate.ratio:.2f} (TensorFlow/PyTorch time), no interval")
    return f"Over {summary['workloads']} workloads: {text}"


def _with_peak_share(result: BenchmarkResult, peak_gflops: float | None) -> BenchmarkResult:
    """A matmul result on the CPU gets its share of the hardware probe's estimated fp32 peak.

    The peak is an estimate (cores x the highest clock reported x FLOPs per cycle); a share
    above 100% says the estimate is too low (a higher real clock), and is flagged as such.
    """
    if (result.workload != "matmul" or result.device != "cpu" or not peak_gflops
            or not result.throughput or result.throughput_unit != "GFLOP/s"):
        return result
    share = result.throughput / peak_gflops
    note = None
    if share > 1.0:
        note = (f"the matmul reached {share:.0%} of the estimated peak ({peak_gflops:g} GFLOP/s): "
                "the estimate is too low, the cores ran at a higher clock than the machine "
                "reports")
    return result.model_copy(update={
        "peak_share": share, "peak_gflops_fp32": peak_gflops, "peak_is_estimate": True,
        "peak_share_above_estimate": share > 1.0, "peak_note": note})
