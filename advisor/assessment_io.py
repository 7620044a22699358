"""Build, save and read back assessments and probe reports (the boundary files)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from advisor import __version__
from advisor.errors import AssessmentFileError
from advisor.fileio import atomic_write_json, load_structured_file
from advisor.models import (
    ASSESSMENT_SCHEMA_VERSION,
    PROBE_REPORT_SCHEMA_VERSION,
    Assessment,
    ProbeReport,
)
from advisor.questionnaire import ResolvedAnswers
from advisor.saved_checks import check_assessment_data, check_numbers, check_probe_report_data

#: Assessments and probe reports with raw benchmark samples can be larger than answers files.
MAX_BOUNDARY_FILE_BYTES = 64 * 1024 * 1024


def utc_now_iso() -> str:
    """`created_at` of a new file: now (UTC, to the second, ISO 8601), or SOURCE_DATE_EPOCH.

    SOURCE_DATE_EPOCH (seconds since 1970) is the reproducible-builds convention: with it set,
    runs on the same inputs write byte-identical files.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat()


def new_assessment(
    answers: ResolvedAnswers,
    probes: ProbeReport | None,
    *,
    questionnaire_id: str = "default",
    command: list[str] | None = None,
    created_at: str | None = None,
) -> Assessment:
    """An unscored assessment of resolved answers and an optional probe report."""
    return Assessment(
        advisor_version=__version__,
        created_at=created_at or utc_now_iso(),
        questionnaire=questionnaire_id,
        answers=answers.values,
        answer_sources=dict(answers.sources),
        answer_notes=list(answers.notes),
        probes=probes,
        command=list(command or []),
    )


def save_assessment(assessment: Assessment, path: Path) -> Path:
    """Write the assessment JSON atomically."""
    return atomic_write_json(path, assessment.to_json_data())


def load_assessment(path: Path) -> Assessment:
    """Read a saved assessment, refusing other schema versions with a clear message."""
    data = _load_versioned(path, ASSESSMENT_SCHEMA_VERSION, "assessment")
    check_assessment_data(data, path=path)  # the closest message first: "not a valid measurement"
    check_numbers(data, path=path)
    return _validate(Assessment, data, path)  # type: ignore[no-any-return]


def load_probe_report(path: Path) -> ProbeReport:
    """Read a saved probe report (`advisor probe --output`)."""
    data = _load_versioned(path, PROBE_REPORT_SCHEMA_VERSION, "probe report",
                           check=_check_is_probe_report)
    check_probe_report_data(data, path=path)
    check_numbers(data, path=path)
    return _validate(ProbeReport, data, path)  # type: ignore[no-any-return]


#: The sections of contract section 5. Every probe report `advisor probe` has written holds
#: `failures` and at least one of the others; older and hand-trimmed ones hold only some, so the
#: minimal probe report is `schema_version` and one of these.
PROBE_REPORT_SECTIONS = ("hardware", "frameworks", "ecosystem", "benchmarks", "failures")
#: Keys of an assessment (contract section 3) that no probe report has.
_ASSESSMENT_KEYS = ("recommendation", "answers", "scores", "criteria")


def _check_is_probe_report(data: dict[str, Any], path: Path) -> None:
    """Refuse a JSON object that is not a probe report, before the model's defaults hide it.

    Every section of the model has a default, so without this an assessment, or a file holding
    only a schema_version, would be read as a probe report of a machine where nothing ran.
    """
    allowed = "the JSON `advisor probe --output FILE` writes"
    found = [key for key in _ASSESSMENT_KEYS if key in data]
    if found:
        raise AssessmentFileError(
            f"not a probe report: it is an advisor assessment (it has {', '.join(found)});"
            f" render it again with `advisor report {path}` or score it with"
            f" `advisor score {path}`",
            file=path,
            allowed=allowed,
        )
    if not any(key in data for key in PROBE_REPORT_SECTIONS):
        keys = ", ".join(sorted(str(key) for key in data)[:8])
        raise AssessmentFileError(
            f"not a probe report: it has none of {', '.join(PROBE_REPORT_SECTIONS)}"
            f" (its keys: {keys})",
            file=path,
            allowed=allowed,
        )


def _load_versioned(
    path: Path,
    version: str,
    what: str,
    *,
    check: Callable[[dict[str, Any], Path], None] | None = None,
) -> dict[str, Any]:
    """The file's mapping; `check` says what kind of file it is before its version is read."""
    data = load_structured_file(
        path, error=AssessmentFileError, max_bytes=MAX_BOUNDARY_FILE_BYTES
    )
    if check is not None:
        check(dict(data), path)
    found = data.get("schema_version")
    if found is None:
        raise AssessmentFileError(
            f"not an advisor {what}: schema_version is missing",
            file=path,
            field="schema_version",
            allowed=repr(version),
        )
    if str(found) != version:
        raise AssessmentFileError(
            f"{what} schema_version {found!r} is not supported by advisor {__version__}",
            file=path,
            field="schema_version",
            allowed=repr(version),
        )
    return dict(data)


def _validate(model: Any, data: dict[str, Any], path: Path) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        raise AssessmentFileError(error["msg"], file=path, field=field) from None
