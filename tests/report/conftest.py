"""Fixtures of the report tests: hand-written assessments and real ones from the pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.assessment_io import load_assessment, load_probe_report
from advisor.i18n import Language
from advisor.models import Assessment
from advisor.pipeline import assess
from advisor.questionnaire import load_default_questionnaire, resolve_answers
from tests.conftest import ASSETS, EXAMPLE_ANSWERS

ASSESSMENTS = ASSETS / "assessments"
GOLDEN = ASSETS / "golden"
PROBE_REPORT = ASSETS / "report" / "probe_report.json"
FIXED_TIME = "2026-01-02T03:04:05+00:00"
#: The sections every HTML and PDF report has, whatever data is missing: page one, the body and
#: the appendix (whose heading begins "Appendix", CONTRACT section 6).
SECTIONS = (
    "1. Decision", "2. Context and decision drivers", "3. Options considered", "4. Evidence",
    "5. Scoring", "6. Consequences, risks and proof of concept", "Appendix: details and provenance",
)
FIXTURES = ("scored_with_probes", "scored_no_probes", "failed_probes", "hostile")


def fixture_assessment(name: str) -> Assessment:
    """A hand-written assessment under tests/assets/assessments/."""
    return load_assessment(ASSESSMENTS / f"{name}.json")


def real_assessment(*, probes: bool = True, answers: dict[str, Any] | None = None,
                    probe_report: Path = PROBE_REPORT) -> Assessment:
    """An assessment from the real pipeline (scoring included) at a fixed time."""
    values = answers or yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    resolved = resolve_answers(load_default_questionnaire(), file_answers=values)
    report = load_probe_report(probe_report) if probes else None
    return assess(resolved, report, created_at=FIXED_TIME,
                  command=["advisor", "assess", "--answers", "examples/answers.yaml"])


def unscored_assessment() -> Assessment:
    """An assessment as written before scoring existed: answers only."""
    data = fixture_assessment("scored_no_probes").model_dump()
    for key in ("recommendation", "scores", "criteria", "constraints", "sensitivity",
                "decision_model"):
        data[key] = None
    return Assessment.model_validate(data)


@pytest.fixture(scope="session")
def real_with_probes() -> Assessment:
    """The example answers with the full probe report, scored for real."""
    return real_assessment()


@pytest.fixture(scope="session")
def real_context(real_with_probes: Assessment) -> dict[str, Any]:
    """The report context of `real_with_probes`, charts included."""
    from advisor.report.context import build_report_context

    return build_report_context(real_with_probes, assessment_path=Path("reports/a.json"))


def render_html_of(assessment: Assessment, lang: Language = "en") -> str:
    """Render an assessment to HTML (in `lang`) through the real context and template."""
    from advisor.report.context import build_report_context
    from advisor.report.html import render_html

    return render_html(build_report_context(assessment, lang=lang))
