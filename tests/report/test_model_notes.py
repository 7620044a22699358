"""The decision model's newer fields in the report, each shown once where it belongs, and the
optional cost line (only with a price from `advisor batch --cost`)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from advisor.models import Assessment
from advisor.report.context import build_report_context
from advisor.report.html import render_html
from advisor.report.markdown import render_markdown
from advisor.report.model_notes import not_applied
from tests.conftest import EXAMPLE_ANSWERS
from tests.report.conftest import ASSETS, real_assessment


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _renders(assessment: Assessment, **options: Any) -> tuple[str, str]:
    html = render_html(build_report_context(assessment, **options))
    markdown = render_markdown(build_report_context(assessment, charts=False, **options))
    return _text(html), markdown


def test_rules_that_moved_answered_priorities_are_named_once_in_scoring() -> None:
    html, markdown = _renders(real_assessment())
    line = ("Answered priorities the rules moved: Research velocity 5 → 6.0, Learning curve 3 → 4.0"
            " (How much will you customise model internals? High); Performance 5 → 6.0"
            " (How large is training? Several GPUs in one machine).")
    assert html.count(line) == 1 and markdown.count(line) == 1
    scoring = html[html.index("5. Scoring"):html.index("6. Consequences")]
    assert line in scoring


def test_evidence_not_applied_is_said_once_with_its_reason() -> None:
    html, markdown = _renders(real_assessment())
    reason = "measured on cpu, but the project targets nvidia_gpu"
    body = html[:html.index("Appendix: details")]
    # Off the target: page one says so in words, once; scoring's reason (in answer keys) is
    # only in Appendix A beside the Performance evidence it belongs to.
    off_target = ("The project targets NVIDIA GPUs, so the speed results are only indicative for"
                  " it; they did not move any rating.")
    assert body.count(off_target) == 1 and markdown.count(off_target) == 1
    assert reason not in body and html.count(reason) == 1
    # The other lines not applied are in Appendix A, beside the evidence they belong to; the
    # Markdown record, which has no such appendix, lists them once.
    packages = "what matters is whether a package exists and is maintained for the framework"
    assert packages not in body and packages in html[html.index("Appendix: details"):]
    assert reason not in markdown and markdown.count(packages) == 1
    assert "Domain fit (2 line(s) of evidence): " + packages in markdown


def test_page_one_reads_the_kind_of_the_benchmarks_reason() -> None:
    assessment = real_assessment()
    (performance,) = [e for e in assessment.evidence_not_applied or []
                      if e.criterion == "performance"]
    assert performance.kind == "off_target"

    def page_one(**change: str | None) -> str | None:
        item = performance.model_copy(update=change)
        return not_applied(assessment.model_copy(update={"evidence_not_applied": [item]}))[
            "page_one"]

    # Off the target, page one words it itself; any other kind is page one's line. An
    # assessment saved before `kind` existed is read by the reason's wording.
    assert page_one() is None
    assert page_one(kind="too_noisy") == performance.reason
    assert page_one(kind=None) is None
    noisy = "2 of 4 workloads were too noisy to compare; probe again on a quiet machine"
    assert page_one(kind=None, reason=noisy) == noisy


def test_an_excluded_option_names_the_constraint_that_excluded_it() -> None:
    answers = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    answers.update(domains=["nlp_llm", "generative"], model_customization="low")
    assessment = real_assessment(answers=answers)
    assert assessment.excluded_options
    html, markdown = _renders(assessment)
    line = ("Excluded by the hard constraint: Fine-tune current pretrained generative LLMs"
            " (standard architectures).")
    assert html.count(line) == 1 and line in markdown


def test_conflicting_answers_are_on_page_one() -> None:
    assessment = real_assessment(
        answers=yaml.safe_load((ASSETS / "report" / "mobile_team.yaml").read_text("utf-8")))
    conflict = assessment.recommendation.conflict if assessment.recommendation else None
    assert conflict
    html, markdown = _renders(assessment)
    page_one = html[:html.index("2. Context and decision drivers")]
    assert "Conflicting answers" in page_one and "The answers pull both ways" in page_one
    assert html.count("The answers pull both ways") == 1
    assert "The answers pull both ways" in markdown


def test_knowledge_past_its_age_limit_is_warned_about_on_page_one_only() -> None:
    fresh = real_assessment()
    assert fresh.knowledge and not fresh.knowledge["stale"]
    stale = fresh.model_copy(update={"knowledge": {
        **fresh.knowledge, "assessed_on": "2028-03-01", "age_months": 17, "stale": True}})
    warning = "knowledge dates from 2026-09-18, 17 months before this assessment (more than 12)"
    for assessment, expected in ((fresh, 0), (stale, 1)):
        html, markdown = _renders(assessment)
        assert html.count(warning) == expected and markdown.count(warning) == expected
    html, _ = _renders(stale)
    assert warning in html[:html.index("2. Context and decision drivers")]


def test_a_cost_line_only_with_a_price() -> None:
    assessment = real_assessment()
    html, markdown = _renders(assessment)
    assert "Cost:" not in html and "Cost:" not in markdown
    html, markdown = _renders(assessment.model_copy(update={"cost_per_hour": 3.2}))
    line = ("Cost: at 3.20 per hour for this machine (from advisor batch --cost), one dollar buys"
            " 545.3M samples of mlp_inference in PyTorch and 435.8M in TensorFlow")
    assert html.count(line) == 1 and markdown.count(line) == 1
    evidence = html[html.index("4. Evidence"):html.index("5. Scoring")]
    assert line in evidence
