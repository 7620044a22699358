"""The batch summary: one row per profile and machine, and a comparison of the machines.

``DIR/summary.json`` holds the whole document (what ``--json`` prints); ``DIR/summary.csv`` holds
the rows, one per profile x machine, with always the same columns: source, row, profile, project,
machine, status, error, recommendation, confidence, margin, close_call, score_pytorch,
score_tensorflow, score_hybrid and reports (the written files relative to DIR, separated by
``;``). A cell without a value is empty (a failed row has no recommendation, confidence, margin,
close call or scores); numbers have four decimals. A cell that would start with `=`, `+`, `-`,
`@`, a tab or a carriage return gets a leading `'`, so a spreadsheet shows it as text (OWASP's
advice against CSV injection); summary.json keeps every value as it is. Both files are written
atomically.

Schema history of summary.json:
  "1": first version (totals, machines, comparison, failures, profiles, page_error); since
       added: machines[].benchmark_caveat, machines[].benchmarks[].verdict and
       machines[].benchmarks[].indicative_only.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor import __version__, options
from advisor.batch.machines import (
    Machine,
    benchmark_caveat,
    benchmark_medians,
    describe_hardware,
    performance_per_cost,
)
from advisor.batch.results import BatchSettings, ProfileResult
from advisor.fileio import atomic_write_json, atomic_write_text
from advisor.i18n import N_
from advisor.options import OPTIONS

SUMMARY_SCHEMA_VERSION = "1"
#: Rows that were assessed but carry no recommendation (scoring not available) count as this.
NOT_SCORED = "not_scored"
#: Each outcome's label on the summary page and its chart: the options, and two of our own.
LABELS = {**options.LABELS, NOT_SCORED: N_("Not scored"), "failed": N_("Failed")}
CSV_COLUMNS = ("source", "row", "profile", "project", "machine", "status", "error",
               "recommendation", "confidence", "margin", "close_call")


def build_summary(results: Sequence[ProfileResult], settings: BatchSettings, *,
                  input_path: str, profile_count: int) -> dict[str, Any]:
    """The summary document: totals, the machines compared, failures and every row."""
    failed = [r for r in results if not r.ok]
    failed_profiles = sorted({r.index for r in failed})
    return {
        "schema_version": SUMMARY_SCHEMA_VERSION,
        "advisor_version": __version__,
        "created_at": settings.created_at,
        "input": input_path,
        "formats": [f.value for f in settings.formats],
        "totals": {
            "profiles": profile_count,
            "machines": len(settings.machines),
            "rows": len(results),
            "ok": sum(r.ok for r in results),
            "failed": len(failed),
            "failed_profiles": len(failed_profiles),
            "close_calls": sum(r.close_call for r in results),
            "recommendations": recommendation_counts(results),
        },
        "machines": [machine_comparison(m, [r for r in results if r.machine_index == i])
                     for i, m in enumerate(settings.machines)],
        "comparison": machine_matrix(results) if len(settings.machines) > 1 else [],
        "failures": [
            {"source": r.source, "row": r.row, "profile": r.key, "machine": r.machine,
             "error": r.error}
            for r in failed
        ],
        "profiles": [r.to_data() for r in results],
    }


def recommendation_counts(results: Sequence[ProfileResult]) -> dict[str, int]:
    """How many rows lean which way, plus those not scored and those that failed."""
    counts = Counter(_outcome(r) for r in results)
    return {name: counts.get(name, 0) for name in (*OPTIONS, NOT_SCORED, "failed")}


def _outcome(result: ProfileResult) -> str:
    if not result.ok:
        return "failed"
    return result.recommendation or NOT_SCORED


def machine_comparison(machine: Machine, results: Sequence[ProfileResult]) -> dict[str, Any]:
    """One machine: what it is, what it costs, what it recommends and its key benchmarks;
    `benchmark_caveat` says why they are indicative only (each entry's `indicative_only`)."""
    caveat = benchmark_caveat(machine.report)
    return {
        "machine": machine.label,
        "probe_results": machine.path,
        "hardware": describe_hardware(machine.report),
        "cost_per_hour": machine.cost_per_hour,
        "recommendations": recommendation_counts(results),
        "benchmark_caveat": caveat,
        "benchmarks": [
            {**entry, **performance_per_cost(entry, machine.cost_per_hour),
             "indicative_only": caveat is not None}
            for entry in benchmark_medians(machine.report)
        ],
    }


def machine_matrix(results: Sequence[ProfileResult]) -> list[dict[str, Any]]:
    """Per profile, the outcome on each machine: where the machines disagree shows at a glance."""
    matrix: dict[int, dict[str, Any]] = {}
    for r in results:
        entry = matrix.setdefault(r.index, {"profile": r.key, "project": r.project,
                                            "machines": {}})
        entry["machines"][r.machine] = {"status": r.status, "recommendation": r.recommendation,
                                        "confidence": r.confidence, "close_call": r.close_call}
    for entry in matrix.values():
        choices = {m["recommendation"] for m in entry["machines"].values() if m["status"] == "ok"}
        entry["agree"] = len(choices) <= 1
    return [matrix[index] for index in sorted(matrix)]


#: The header of summary.csv: the same columns whatever the profiles (scores of every option).
CSV_HEADER = (*CSV_COLUMNS, *(f"score_{o}" for o in OPTIONS), "reports")
#: Decimal places of the CSV's numbers: all share one fixed precision, so a column sorts and
#: diffs cleanly (summary.json keeps the full values).
CSV_DECIMALS = 4
#: Cells that describe a result: empty on a failed row rather than a misleading `false`.
_RESULT_COLUMNS = frozenset({"recommendation", "confidence", "margin", "close_call"})
_NUMBER_COLUMNS = frozenset({"confidence", "margin"})


def summary_csv(results: Sequence[ProfileResult]) -> str:
    """The rows as CSV text: a stable header, empty cells where there is no value."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for result in results:
        data = result.to_data()
        cells = [
            "" if column in _RESULT_COLUMNS and not result.ok
            else _number(data[column]) if column in _NUMBER_COLUMNS else _cell(data[column])
            for column in CSV_COLUMNS
        ]
        cells.extend(_number(result.scores.get(option)) if result.ok else ""
                     for option in OPTIONS)
        cells.append(";".join(result.reports))
        writer.writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()


#: A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading `'` before a formula character (OWASP).

    Project names, source paths and error texts come from users; `=HYPERLINK(...)` must not
    become a live formula when the summary is opened. summary.json keeps the values unchanged.
    """
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number(value: float | None) -> str:
    """A number with CSV_DECIMALS places (never `-0.0000`), or an empty cell."""
    if value is None or isinstance(value, bool):
        return ""
    text = f"{float(value):.{CSV_DECIMALS}f}"
    return text[1:] if text.lstrip("-0.") == "" and text.startswith("-") else text


def write_summary(document: dict[str, Any], results: Sequence[ProfileResult],
                  output_dir: Path, *, errors: list[str] | None = None) -> list[Path]:
    """Write summary.json and summary.csv atomically; return the paths written.

    With `errors`, a file that cannot be written (a full disk) is appended there with the OS's
    reason and the other is still tried; without it the OSError is raised.
    """
    written: list[Path] = []
    for name in ("summary.json", "summary.csv"):
        path = output_dir / name
        try:
            if name.endswith(".json"):
                written.append(atomic_write_json(path, document))
            else:
                written.append(atomic_write_text(path, summary_csv(results)))
        except OSError as exc:
            if errors is None:
                raise
            errors.append(f"{path} not written: {exc.strerror or exc}")
    return written

