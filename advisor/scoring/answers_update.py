"""Change the answers of a saved assessment with `--set` options, validated like `assess`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from advisor.errors import AnswersError
from advisor.models import Assessment
from advisor.questionnaire import Questionnaire, resolve_answers
from advisor.questionnaire.answers import parse_set_options, validate_answer_mapping


def updated_answers(
    assessment: Assessment,
    questionnaire: Questionnaire,
    set_values: Sequence[str],
    *,
    source: str | Path,
) -> Assessment:
    """The assessment with `--set` answers applied (its scoring is stale until re-scored).

    The saved answers are validated against the questionnaire again (a saved file may have been
    edited); answers not changed keep their recorded source (file, prompt or default).
    """
    if questionnaire.id != assessment.questionnaire:
        raise AnswersError(
            f"the assessment was made with questionnaire {assessment.questionnaire!r}, not"
            f" {questionnaire.id!r}",
            file=source,
            field="questionnaire",
            allowed=f"--questionnaire FILE of questionnaire {assessment.questionnaire!r}",
        )
    saved = validate_answer_mapping(assessment.answers, questionnaire, source=str(source))
    changes = parse_set_options(list(set_values), questionnaire)
    resolved = resolve_answers(questionnaire, file_answers=saved, set_answers=changes)
    sources = dict(resolved.sources)
    for key, value in resolved.sources.items():
        if value == "file" and key in assessment.answer_sources:
            sources[key] = assessment.answer_sources[key]  # type: ignore[assignment]
    notes = list(dict.fromkeys([*assessment.answer_notes, *resolved.notes]))
    return assessment.model_copy(
        update={"answers": resolved.values, "answer_sources": sources, "answer_notes": notes}
    )
