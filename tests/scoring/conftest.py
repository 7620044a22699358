"""Fixtures of the scoring tests: answers -> scored assessment fields, probe reports, models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.assessment_io import load_probe_report, new_assessment
from advisor.models import Assessment, ProbeReport
from advisor.questionnaire import load_default_questionnaire, resolve_answers
from advisor.scoring import LoadedDecisionModel, load_decision_model, score_assessment
from advisor.scoring.loading import default_decision_model_path

PROBE_REPORTS = Path(__file__).resolve().parent.parent / "assets" / "probe_reports"
FIXED_TIME = "2025-01-01T00:00:00+00:00"

Scorer = Callable[..., Assessment]


def scored(
    answers: dict[str, Any],
    probes: ProbeReport | None = None,
    decision_model: LoadedDecisionModel | None = None,
) -> Assessment:
    """Resolve `answers` against the default questionnaire and score them."""
    values = {"project_name": "Test project", **answers}
    resolved = resolve_answers(load_default_questionnaire(), file_answers=values)
    assessment = new_assessment(resolved, probes, created_at=FIXED_TIME)
    return score_assessment(assessment, decision_model or load_decision_model())


def probe_report(name: str) -> ProbeReport:
    """A hand-written probe report under tests/assets/probe_reports/."""
    return load_probe_report(PROBE_REPORTS / name)


def bundled_model_data() -> dict[str, Any]:
    """The bundled decision model as plain data, to derive broken variants from."""
    data = yaml.safe_load(default_decision_model_path().read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def write_model(path: Path, data: dict[str, Any]) -> Path:
    """Write a decision model variant as YAML."""
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def model_data() -> dict[str, Any]:
    """A fresh copy of the bundled decision model's data."""
    return bundled_model_data()
