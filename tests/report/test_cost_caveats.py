"""The cost line (`advisor batch --cost`) says when its figures are indicative only: the machine
was busy, the frameworks ran under unfair conditions, too many workloads were too noisy, or the
workload's verdict shows neither framework faster (too close to call, no meaningful difference)."""

from __future__ import annotations

import re

import pytest

from advisor.models import Assessment, UnappliedEvidence
from advisor.report.context import build_report_context
from advisor.report.markdown import render_markdown
from tests.report.conftest import real_assessment

PRICED = 3.2


def _cost_line(assessment: Assessment, lang: str = "en") -> str:
    markdown = render_markdown(build_report_context(
        assessment.model_copy(update={"cost_per_hour": PRICED}), charts=False, lang=lang))
    (line,) = [t for t in markdown.splitlines() if t.startswith(("Cost:", "コスト:"))]
    return line


def _with_verdict(assessment: Assessment, verdict: str) -> Assessment:
    """The assessment with mlp_inference's eager verdict (the cost line's workload) replaced."""
    assert assessment.probes is not None
    verdicts = [v.model_copy(update={"verdict": verdict})
                if (v.workload, v.mode) == ("mlp_inference", "eager") else v
                for v in assessment.probes.benchmark_verdicts]
    probes = assessment.probes.model_copy(update={"benchmark_verdicts": verdicts})
    return assessment.model_copy(update={"probes": probes})


def _with_summary(assessment: Assessment, **fields: object) -> Assessment:
    assert assessment.probes is not None and assessment.probes.benchmark_summary is not None
    summary = assessment.probes.benchmark_summary.model_copy(update=fields)
    probes = assessment.probes.model_copy(update={"benchmark_summary": summary})
    return assessment.model_copy(update={"probes": probes})


def test_a_sound_run_whose_workload_names_a_faster_framework_has_no_caveat() -> None:
    line = _cost_line(real_assessment())
    assert "one dollar buys 545.3M samples of mlp_inference" in line
    assert not re.search(r"Indicative|no meaningful difference|too close to call", line)


@pytest.mark.parametrize(("verdict", "words"), [
    ("too_close_to_call", "The run could not tell the frameworks apart on this workload (too"
                          " close to call), so the difference between the two figures is not"
                          " a finding."),
    ("no_meaningful_difference", "The run found no meaningful difference between the frameworks"
                                 " on this workload, so the two figures buy about the same."),
    ("insufficient_samples", "Too few samples to tell the frameworks apart on this workload"),
])
def test_a_verdict_that_names_no_faster_framework_is_said(verdict: str, words: str) -> None:
    assert words in _cost_line(_with_verdict(real_assessment(), verdict))


def test_the_runs_own_caveat_comes_first() -> None:
    assessment = real_assessment()
    # Not scored (no evidence_not_applied): the run's facts decide.
    unscored = assessment.model_copy(update={"evidence_not_applied": None})
    busy = _with_verdict(_with_summary(unscored, inconclusive="inconclusive: the machine was busy"),
                         "inconclusive")
    assert "*Indicative only: the machine was busy during the benchmarks" in _cost_line(busy)
    unfair = _with_summary(unscored, fair_conditions=False)
    assert "Indicative only: the frameworks were benchmarked under unfair conditions" \
        in _cost_line(unfair)
    # Scored: the decision model's own reason (too noisy is a threshold of the model).
    noisy = _with_verdict(assessment.model_copy(update={"evidence_not_applied": [
        UnappliedEvidence(criterion="performance", text="...", reason="...", kind="too_noisy"),
    ]}), "too_close_to_call")
    line = _cost_line(noisy)
    assert "Indicative only: too many benchmarks were too noisy to compare" in line
    assert "too close to call" not in line  # one caveat, the run's


def test_the_caveat_is_translated() -> None:
    busy = _with_summary(real_assessment().model_copy(update={"evidence_not_applied": None}),
                         inconclusive="inconclusive: the machine was busy")
    line = _cost_line(busy, "ja")
    assert "参考値です: ベンチマーク中にマシンが混雑していました" in line
    assert "Indicative" not in line
