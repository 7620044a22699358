"""The benchmark part of the evidence: both frameworks side by side per workload, with verdicts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from advisor import numerals, options
from advisor.benchmarking.classification import headline_verdict
from advisor.benchmarking.contention import ledger_budget
from advisor.i18n import N_, SOURCE_LANGUAGE, _, current_language
from advisor.models import BenchmarkResult, ProbeReport
from advisor.options import FRAMEWORKS
from advisor.report.comparisons import bridge_context, published_context
from advisor.report.devices import own_device_peak
from advisor.report.ledger import ledger_table
from advisor.report.scoring_text import scoring_sentence

#: Rows without a dtype are float32 (probe reports from before the seed suite).
DEFAULT_DTYPE = "float32"
BENCHMARK_METHOD = (
    N_("Both frameworks run the same workloads with the same shapes, dtype, batch size and thread"
    " count, each in its own process. Every workload is warmed up first, then repeated until the"
    " spread is small (IQR/median under a threshold) or the time budget runs out. The table shows"
    " the median time of one call, the interquartile range (IQR) and the number of timed runs n;"
    " a verdict says whether the difference is significant. Settings that affect fairness are"
    " recorded in the ledger below.")
)
_VERDICT_TEXT = {
    "pytorch_faster": N_("PyTorch faster"),
    "tensorflow_faster": N_("TensorFlow faster"),
    "no_meaningful_difference": N_("no meaningful difference"),
    "too_close_to_call": N_("too close to call in this run"),
    "insufficient_samples": N_("too few samples for an interval"),
    # Words of hand-written or older reports.
    "no_significant_difference": N_("no significant difference"),
    "inconclusive": N_("inconclusive"),
    "no verdict": N_("no verdict"),
}
#: Above this many rows (the default suite has at most 9, the seed suite 20 per mode) the body's
#: table gives each verdict in a few words and its ratio; the sentences and notes are in the
#: appendix.
COMPACT_ROWS = 12
#: The budget to run next where a verdict is too close to call (thorough has none above it).
NEXT_BUDGET = {"quick": "standard", "standard": "thorough"}
#: Benchmark modes as the report names them (other modes keep their id).
MODE_WORDS = {"eager": N_("eager"), "compiled": N_("compiled")}


def mode_word(mode: str) -> str:
    """A benchmark mode in the report's language."""
    known = MODE_WORDS.get(mode)
    return _(known) if known else mode



def _verdict_lookup(verdicts: Any) -> dict[tuple[str, str, str | None, str], dict[str, Any]]:
    """Verdicts by (workload, mode, device, dtype); typed `BenchmarkVerdict`s or plain mappings."""
    found: dict[tuple[str, str, str | None, str], dict[str, Any]] = {}
    items: Iterable[Any] = verdicts.values() if isinstance(verdicts, dict) else verdicts or []
    for item in items:
        if isinstance(item, BaseModel):
            item = item.model_dump()
        if isinstance(item, dict) and "workload" in item:
            device = item.get("device")
            key = (str(item["workload"]), str(item.get("mode", "eager")),
                   None if device is None else str(device), str(item.get("dtype") or DEFAULT_DTYPE))
            found[key] = item
    return found


def verdict_text(verdict: dict[str, Any] | None) -> str:
    """A verdict as words: the analysis' own sentence, else built from its fields.

    E.g. "PyTorch is 1.25x faster (95% CI 1.22x-1.30x)". The speed-up, never the raw time
    ratio, is quoted, so a TensorFlow win reads "TensorFlow is 1.3x faster", not "0.77x".
    """
    if not verdict:
        return _("no verdict")
    sentence = verdict.get("summary") or verdict.get("text")
    # The probe's own sentence is English: other languages say the verdict from its fields.
    if isinstance(sentence, str) and sentence and current_language() == SOURCE_LANGUAGE:
        return sentence
    raw = verdict.get("verdict") or "no verdict"
    known = _VERDICT_TEXT.get(str(raw))
    text = _(known) if known else str(raw).replace("_", " ")
    value = verdict.get("ratio")
    if isinstance(value, int | float) and value > 0:
        interval = ""
        low, high = verdict.get("ci_low"), verdict.get("ci_high")
        if isinstance(low, int | float) and isinstance(high, int | float) and low > 0:
            if value < 1:  # TensorFlow faster: quote its speed-up and the inverted interval
                low, high = 1 / high, 1 / low
            interval = _(", 95% CI {low}-{high}").format(low=f"{low:.2f}", high=f"{high:.2f}")
        text += f" ({max(value, 1 / value):.2f}x{interval})"
    return text


def _verdict_notes(verdict: dict[str, Any] | None) -> list[str]:
    if not verdict:
        return []
    notes = [scoring_sentence(str(w)) for w in verdict.get("fairness_warnings") or []]
    if verdict.get("noise_warning"):
        # The share is a field: "10% o" would read as a %-placeholder to the catalogue's checks.
        notes.append(_("noisy: IQR/median above {share} on a side").format(share="10%"))
    return notes


def _measurement(result: BenchmarkResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "median_s": result.median_s,
        "iqr_s": result.iqr_s,
        "n": result.n if result.n is not None else len(result.samples) or None,
        "min_s": result.min_s,
        "throughput": result.throughput,
        "throughput_unit": result.throughput_unit,
        "compile_s": result.compile_s,
        "peak_rss_bytes": result.peak_rss_bytes,
        "device_peak_bytes": own_device_peak(result.device_peak_memory_bytes,
                                             result.device_memory_before_bytes),
        "noise_warning": result.noise_warning,
        "device": result.device,
        "batch_size": result.batch_size,
        "samples": [s for s in result.samples if isinstance(s, int | float)],
    }


def benchmarks_context(probes: ProbeReport) -> dict[str, Any]:
    """One row per workload and mode with both frameworks side by side, the verdict and ledger."""
    verdicts = _verdict_lookup(probes.benchmark_verdicts)
    keys: list[tuple[str, str, str, str]] = []
    for result in probes.benchmarks:
        key = (result.workload, result.mode, result.device, result.dtype or DEFAULT_DTYPE)
        if key not in keys:
            keys.append(key)
    devices = {key[2] for key in keys}
    rows: list[dict[str, Any]] = []
    for workload, mode, device, dtype in keys:
        cells = {
            fw: _measurement(next(
                (r for r in probes.benchmarks if r.workload == workload and r.mode == mode
                 and r.device == device and (r.dtype or DEFAULT_DTYPE) == dtype
                 and r.framework == fw), None))
            for fw in FRAMEWORKS
        }
        verdict = (verdicts.get((workload, mode, device, dtype))
                   or verdicts.get((workload, mode, None, dtype)))
        notes = [_noise_note(fw, c["noise_warning"])
                 for fw, c in cells.items() if c and c["noise_warning"]]
        notes += [n for n in _verdict_notes(verdict) if not n.startswith(_("noisy:"))]
        rows.append({"workload": workload if len(devices) == 1 else f"{workload} ({device})",
                     "mode": mode, "mode_label": mode_word(mode), "dtype": dtype, "cells": cells,
                     "verdict": verdict_text(verdict) if verdict else None, "notes": notes,
                     # The verdict in a few words (the seed suite's compact table).
                     "kind": _(_VERDICT_TEXT[str(verdict.get("verdict"))])
                     if verdict and str(verdict.get("verdict")) in _VERDICT_TEXT else "",
                     # ... and in the probe report's words (the cost line reads it).
                     "verdict_kind": str(verdict.get("verdict")) if verdict else None,
                     "ratio": _number((verdict or {}).get("ratio")),
                     "ci_low": _number((verdict or {}).get("ci_low")),
                     "ci_high": _number((verdict or {}).get("ci_high"))})
    run_notes = _lift_common_notes(rows)
    summary = (probes.benchmark_summary.model_dump() if probes.benchmark_summary is not None
               else None)
    ledger = ledger_table(probes.benchmark_ledger)
    budget = _budget_name(probes.benchmark_ledger)
    return {
        "measured": bool(rows),
        "budget": budget,
        "unresolved": _unresolved(probes.benchmark_verdicts, budget),
        "rows": rows,
        "run_notes": run_notes,
        "summary": summary if isinstance(summary, dict) else None,
        "summary_scope": _summary_scope(summary) if isinstance(summary, dict) else "",
        "summary_headline": _summary_headline(summary) if isinstance(summary, dict) else "",
        "method": _(BENCHMARK_METHOD),
        "ledger": ledger,
        "has_memory": any(c and c["peak_rss_bytes"] for r in rows for c in r["cells"].values()),
        "has_device_memory": any(c and c["device_peak_bytes"] for r in rows
                                 for c in r["cells"].values()),
        "has_compile": any(c and c["compile_s"] for r in rows for c in r["cells"].values()),
        # A dtype column only where the run measured more than one (the seed suite's bfloat16).
        "has_dtypes": len({r["dtype"] for r in rows}) > 1,
        "compact": len(rows) > COMPACT_ROWS,
        "modes": list(dict.fromkeys(r["mode"] for r in rows)),
        "published": published_context(probes.benchmark_summary),
        "bridge": bridge_context(probes.hybrid_bridge),
    }


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return None


def _summary_headline(summary: dict[str, Any]) -> str:
    """The overall speed in the faster framework's terms ("TensorFlow is 2.27x faster"), never
    a ratio below 1 a reader has to invert; when the interval holds 1, "no meaningful
    difference" or "too close to call" as the summary's verdict says (advisor.benchmarking).
    """
    geomean = _number(summary.get("geomean_ratio"))
    if geomean is None:
        return ""
    low, high = _number(summary.get("ci_low")), _number(summary.get("ci_high"))
    how = _("geometric mean of the per-workload time ratios")
    if summary.get("inconclusive"):
        # Measured under contention (advisor.benchmarking.contention): no faster framework;
        # the run notes below say why, once.
        leader, other, value = (("PyTorch", "TensorFlow", geomean) if geomean >= 1
                                else ("TensorFlow", "PyTorch", 1 / geomean))
        return _("inconclusive overall, indicative only: {leader} ran {ratio}x as fast as"
                 " {other} ({how})").format(leader=leader, ratio=numerals.ratio(value),
                                            other=other, how=how)
    kind = summary.get("verdict")
    if kind not in _VERDICT_TEXT:  # a summary saved before it carried its verdict
        kind = headline_verdict({"geomean_ratio": geomean, "ci_low": low, "ci_high": high})
    if kind == "no_meaningful_difference" and low is not None and high is not None:
        return _("no meaningful difference overall: PyTorch runs at {ratio}x TensorFlow's"
                 " speed ({how}, 95% CI {low}x to {high}x)").format(
                     ratio=numerals.ratio(geomean), how=how, low=numerals.ratio(low),
                     high=numerals.ratio(high))
    if kind == "too_close_to_call" and low is not None and high is not None:
        return _("too close to call overall in this run: PyTorch runs at {ratio}x TensorFlow's"
                 " speed ({how}, 95% CI {low}x to {high}x: neither is shown faster)").format(
                     ratio=numerals.ratio(geomean), how=how, low=numerals.ratio(low),
                     high=numerals.ratio(high))
    if geomean >= 1:
        winner, loser, value = "PyTorch", "TensorFlow", geomean
        interval = (low, high)
    else:
        winner, loser, value = "TensorFlow", "PyTorch", 1 / geomean
        interval = (1 / high if high else None, 1 / low if low else None)
    if interval[0] is not None and interval[1] is not None:
        return _("{winner} is {ratio}x faster than {loser} ({how}, 95% CI {low}x to {high}x)"
                 ).format(winner=winner, ratio=numerals.ratio(value), loser=loser, how=how,
                          low=numerals.ratio(interval[0]), high=numerals.ratio(interval[1]))
    return _("{winner} is {ratio}x faster than {loser} ({how})").format(
        winner=winner, ratio=numerals.ratio(value), loser=loser, how=how)


def _lift_common_notes(rows: list[dict[str, Any]]) -> list[str]:
    """Notes that every row carries (the machine was busy during a run) are facts about the
    run, not about a workload: said once above the table instead of in every verdict cell."""
    if len(rows) < 2:
        return []
    common = [n for n in rows[0]["notes"] if all(n in r["notes"] for r in rows[1:])]
    for row in rows:
        row["notes"] = [n for n in row["notes"] if n not in common]
    return common


def _summary_scope(summary: dict[str, Any]) -> str:
    """Which rows of the table the headline ratio covers, and which it leaves out and why.

    The table shows every workload and mode, the geometric mean only some: a reader comparing
    "across 4 workloads" with a table of five must be told which one is left out.
    """
    included = [str(w) for w in summary.get("included") or []]
    count = len(included) or summary.get("workloads")
    scope = _("{count} workloads").format(count=count) if count else _("the workloads")
    if included:
        scope += f" ({', '.join(included)})"
    if summary.get("mode"):
        scope += _(", {mode} mode").format(mode=mode_word(str(summary["mode"])))
    # Where it was measured (advisor.benchmarking.device_names): a GPU result must not read as
    # a CPU one, nor the other way round.
    names = summary.get("device_names")
    if isinstance(names, dict) and names:
        scope += _(", on {devices}").format(
            devices=_(" and ").join(scoring_sentence(str(name)) for name in names.values()))
    excluded = summary.get("excluded")
    if isinstance(excluded, dict) and excluded:
        scope += _("; left out: {workloads}").format(
            workloads="; ".join(f"{w} ({scoring_sentence(str(why))})"
                                for w, why in excluded.items()))
    return scope


def _noise_note(framework: str, warning: Any) -> str:
    label = options.label(framework)
    if warning is True:  # the timing harness' flag: IQR/median above 10%
        return _("{framework}: noisy (IQR/median above 10%), read the median with care").format(
            framework=label)
    return f"{label}: {scoring_sentence(str(warning))}"



def _unresolved(verdicts: Any, budget: str | None) -> dict[str, Any] | None:
    """How many verdicts are too close to call, and the longer budget that could settle them
    (None when none is, or no longer budget exists); the templates say it with the command."""
    longer = NEXT_BUDGET.get(budget or "")
    found = list(_verdict_lookup(verdicts).values())
    count = sum(1 for v in found if v.get("verdict") == "too_close_to_call")
    if not longer or not count:
        return None
    return {"count": count, "total": len(found), "budget": budget,
            "command": f"advisor probe --budget {longer}"}


def _budget_name(ledger: Any) -> str | None:
    """The probe budget (quick, standard, thorough) where the ledger records it."""
    for side in ledger.values() if isinstance(ledger, dict) else []:
        name = ledger_budget(side).get("name")
        if name:
            return str(name)
    return None
