"""The optional cost line: what one dollar buys on the probed machine, in each framework.

Only `advisor batch --cost FILE=PRICE` gives a price (per hour, for the machine whose probe report
FILE is); the answers have no cost question. Without a price there is no line. The figure is
the batch summary's "units per dollar" (advisor.batch.machines.performance_per_cost) for the
first benchmark workload both frameworks measured in eager mode, so report and summary agree.
"""

from __future__ import annotations

import math
from typing import Any

from babel.numbers import format_compact_decimal

from advisor.i18n import SOURCE_LANGUAGE, Language

#: Where the price comes from, as the line names it.
COST_SOURCE = "advisor batch --cost"


def cost_context(evidence: dict[str, Any], cost_per_hour: float | None,
                 lang: Language = SOURCE_LANGUAGE) -> dict[str, Any] | None:
    """{price, source, workload, unit, per_dollar: {framework: units}, per_dollar_text} (the
    counts written compactly in `lang`: 1.7B, 17.5億), or None without a price or without a
    workload both frameworks measured."""
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
        return {"price": f"{cost_per_hour:.2f}", "source": COST_SOURCE,
                "workload": row["workload"], "unit": unit, "per_dollar": per_dollar,
                "per_dollar_text": {fw: format_compact_decimal(v, locale=lang, fraction_digits=1)
                                    for fw, v in per_dollar.items()}}
    return None
