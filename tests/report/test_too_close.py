"""Verdicts a run could not settle: the report says how many, and the longer budget that could."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from advisor.benchmarking import analyse_benchmarks
from advisor.models import BenchmarkResult, ProbeReport
from advisor.report.benchmarks import _summary_headline, benchmarks_context
from advisor.report.context import build_report_context
from advisor.report.html import render_html
from advisor.report.markdown import render_markdown
from tests.report.conftest import fixture_assessment

EDGE = Path(__file__).resolve().parents[1] / "assets" / "probe_reports" / "quiet_quick_edge_pair"


def _quick_run(budget: str = "quick") -> ProbeReport:
    """The recorded probe report with a real quiet quick run's benchmarks in it (CNN step 1.38:
    PyTorch faster; transformer 1.15 and MLP: too close to call)."""
    run: dict[str, Any] = json.loads((EDGE / "run1.json").read_text(encoding="utf-8"))
    for ledger in run["benchmark_ledger"].values():
        ledger["budget"]["name"] = budget
    results = [BenchmarkResult.model_validate(row) for row in run["benchmarks"]]
    analysis = analyse_benchmarks(results, ledgers=run["benchmark_ledger"])
    probes = fixture_assessment("scored_with_probes").probes
    assert probes is not None
    return ProbeReport.model_validate({
        **probes.model_dump(mode="json"),
        "benchmarks": [r.model_dump(mode="json") for r in analysis.benchmarks],
        "benchmark_verdicts": [v.model_dump(mode="json") for v in analysis.verdicts],
        "benchmark_summary": analysis.summary, "benchmark_ledger": run["benchmark_ledger"]})


def test_a_quick_run_names_its_unsettled_verdicts_and_the_budget_that_settles_them() -> None:
    bench = benchmarks_context(_quick_run())
    assert bench["unresolved"] == {"count": 2, "total": 5, "budget": "quick",
                                   "command": "advisor probe --budget standard"}
    assessment = fixture_assessment("scored_with_probes")
    assessment = assessment.model_copy(update={"probes": _quick_run()})
    context = build_report_context(assessment)
    html = render_html(context)
    assert ("2 of 5 verdicts are too close to call in this quick run; <code>advisor probe "
            "--budget standard</code> samples longer") in html
    assert "Too close to call in this run: TensorFlow/PyTorch time ratio" in html
    markdown = render_markdown(context)
    assert "2 of 5 verdicts are too close to call in this quick run; `advisor probe --budget " \
           "standard` samples longer" in markdown


def test_no_note_where_no_longer_budget_exists_or_every_verdict_is_settled() -> None:
    assert benchmarks_context(_quick_run("thorough"))["unresolved"] is None
    settled = fixture_assessment("scored_with_probes").probes
    assert settled is not None and benchmarks_context(settled)["unresolved"] is None


def test_an_older_summary_without_its_verdict_reads_its_interval() -> None:
    # Saved before `verdict`: an interval holding 1 and reaching past 25% is not "no meaningful
    # difference" any more; one within 25% still is.
    wide = {"geomean_ratio": 1.17, "ci_low": 0.99, "ci_high": 1.36}
    assert _summary_headline(wide).startswith("too close to call overall in this run")
    narrow = {"geomean_ratio": 1.02, "ci_low": 0.9, "ci_high": 1.15}
    assert _summary_headline(narrow).startswith("no meaningful difference overall")
