"""The optional cost line: what one dollar buys on the probed machine, in each framework.

Only `advisor batch --cost FILE=PRICE` gives a price (per hour, for the machine whose probe report
FILE is); the answers have no cost question. Without a price there is no line. The figure is
the batch summary's "units per dollar" (advisor.batch.machines.performance_per_cost) for the
first benchmark workload both frameworks measured in eager mode, so report and summary agree.

The line says when its figures are indicative only: the machine was busy, the frameworks ran
under unfair conditions or too many workloads were too noisy (the decision model's reasons for not
applying the run, which the batch summary marks too), or the workload's verdict shows neither
framework faster (too close to call, no meaningful difference, too few samples), so the two
frameworks' per-dollar figures differ by no more than the run can tell.
"""

from __future__ import annotations

import math
from typing import Any

from babel.numbers import format_compact_decimal

from advisor.i18n import N_, SOURCE_LANGUAGE, Language, _
from advisor.models import Assessment
from advisor.scoring.applicability import MACHINE_BUSY, TOO_NOISY, UNFAIR_CONDITIONS

#: Where the price comes from, as the line names it.
COST_SOURCE = "advisor batch --cost"
#: Why a run's figures are indicative only whatever the project (advisor.scoring.applicability's
#: kinds; the batch summary's `benchmark_caveat`), and what the cost line then adds.
CAVEATS = {
    MACHINE_BUSY: N_("Indicative only: the machine was busy during the benchmarks (other"
                     " processes competed for the CPUs); probe it again on a quiet machine before"
                     " comparing its cost with another's."),
    UNFAIR_CONDITIONS: N_("Indicative only: the frameworks were benchmarked under unfair"
                          " conditions; do not compare this machine's cost with another's on"
                          " these figures."),
    TOO_NOISY: N_("Indicative only: too many benchmarks were too noisy to compare; probe it"
                  " again on a quiet machine before comparing its cost with another's."),
}
#: A workload verdict that shows neither framework faster: the two figures' difference is not a
#: finding (advisor.benchmarking.classification's words; "inconclusive" is the busy caveat).
NO_DIFFERENCE = {
    "no_meaningful_difference": N_("The run found no meaningful difference between the"
                                   " frameworks on this workload, so the two figures buy about"
                                   " the same."),
    "too_close_to_call": N_("The run could not tell the frameworks apart on this workload (too"
                            " close to call), so the difference between the two figures is not"
                            " a finding."),
    "insufficient_samples": N_("Too few samples to tell the frameworks apart on this workload,"
                               " so the difference between the two figures is not a finding."),
}


def caveat_kind(assessment: Assessment) -> str | None:
    """Why the probed machine's benchmarks are indicative only (a CAVEATS kind), or None.

    The assessment's own reason for not applying them where it has one; else the run's facts
    (a busy machine, unfair conditions), for assessments that were not scored.
    """
    for item in assessment.evidence_not_applied or []:
        if item.kind in CAVEATS:
            return item.kind
    summary = assessment.probes.benchmark_summary if assessment.probes else None
    if summary is not None and summary.inconclusive:
        return MACHINE_BUSY
    if summary is not None and summary.fair_conditions is False:
        return UNFAIR_CONDITIONS
    return None


def cost_context(evidence: dict[str, Any], cost_per_hour: float | None,
                 lang: Language = SOURCE_LANGUAGE, *, caveat: str | None = None
                 ) -> dict[str, Any] | None:
    """{price, source, workload, unit, per_dollar: {framework: units}, per_dollar_text,
    caveat_kind, caveat} (the counts written compactly in `lang`: 1.7B, 17.5億; `caveat` the
    translated sentence, or ""), or None without a price or without a workload both frameworks
    measured. `caveat` is a CAVEATS kind (`caveat_kind`); the workload's verdict adds its own."""
    if cost_per_hour is None or cost_per_hour <= 0 or not evidence.get("probed"):
        return None
    for row in evidence["benchmarks"]["rows"]:
        cells = row["cells"]
        throughputs: dict[str, float] = {}
        for fw in ("pytorch", "tensorflow"):
            value = (cells.get(fw) or {}).get("throughput")
            if isinstance(value, int | float) and value > 0:
                throughputs[fw] = float(value)
        if row["mode"] != "eager" or len(throughputs) < 2:
            continue
        per_dollar = {fw: t * 3600.0 / cost_per_hour for fw, t in throughputs.items()}
        if not all(math.isfinite(v) for v in per_dollar.values()):
            return None
        unit = str(cells["pytorch"].get("throughput_unit") or "").split("/")[0] or "runs"
        kind = caveat if caveat in CAVEATS else row.get("verdict_kind")
        text = CAVEATS.get(kind or "") or NO_DIFFERENCE.get(kind or "")
        return {"price": f"{cost_per_hour:.2f}", "source": COST_SOURCE,
                "caveat_kind": kind if text else None, "caveat": _(text) if text else "",
                "workload": row["workload"], "unit": unit, "per_dollar": per_dollar,
                "per_dollar_text": {fw: format_compact_decimal(v, locale=lang, fraction_digits=1)
                                    for fw, v in per_dollar.items()}}
    return None
