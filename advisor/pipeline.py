"""The one-way flow of an assessment: answers + probe report -> assessment -> outputs.

Core functions only: they return values and raise AdvisorError subclasses; the CLI prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from advisor.assessment_io import new_assessment
from advisor.i18n import SOURCE_LANGUAGE, Language
from advisor.models import Assessment, ProbeReport
from advisor.outputs import OutputFormat, write_outputs
from advisor.questionnaire import Questionnaire, ResolvedAnswers
from advisor.report.paper import Paper
from advisor.slug import project_slug


def assess(
    answers: ResolvedAnswers,
    probes: ProbeReport | None,
    *,
    questionnaire_id: str = "default",
    command: Sequence[str] = (),
    created_at: str | None = None,
    decision_model_path: Path | None = None,
    questionnaire: Questionnaire | None = None,
) -> Assessment:
    """Build and score the assessment of one project from its answers and an optional probe
    report; `decision_model_path` None means the bundled decision model. `questionnaire` (the
    default one when None and the assessment uses it) lists the answers that could change."""
    from advisor.scoring import load_decision_model, score_assessment

    decision_model = load_decision_model(decision_model_path)
    assessment = new_assessment(
        answers,
        probes,
        questionnaire_id=questionnaire_id,
        command=list(command),
        created_at=created_at,
    )
    return score_assessment(assessment, decision_model, questionnaire)


def rescore(
    assessment: Assessment,
    *,
    decision_model_path: Path | None = None,
    questionnaire: Questionnaire | None = None,
) -> Assessment:
    """Score a saved assessment again from its answers and probes (no probing)."""
    from advisor.scoring import load_decision_model, score_assessment

    return score_assessment(assessment, load_decision_model(decision_model_path), questionnaire)


def write_assessment(
    assessment: Assessment,
    formats: Sequence[OutputFormat],
    output_dir: Path,
    *,
    paper: Paper = "a4",
    lang: Language = SOURCE_LANGUAGE,
) -> list[Path]:
    """Write the assessment's outputs into `output_dir`, named after the project's slug."""
    slug = project_slug(str(assessment.answers.get("project_name", "")))
    return write_outputs(assessment, formats, output_dir, slug, paper=paper, lang=lang)
