"""The shipped JSON Schema equals the one generated from the model and validates real output."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from advisor.assessment_io import save_assessment
from advisor.report.schema import SCHEMA_PATH, assessment_json_schema, schema_text
from tests.report.conftest import FIXTURES, fixture_assessment, real_assessment


def test_shipped_schema_is_up_to_date() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "regenerate with: python -m advisor.report.schema")


def test_assessments_validate_against_the_schema(tmp_path: Path) -> None:
    schema = assessment_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assessments = [real_assessment(), real_assessment(probes=False),
                   *(fixture_assessment(name) for name in FIXTURES)]
    for i, assessment in enumerate(assessments):
        data = json.loads(save_assessment(assessment, tmp_path / f"{i}.json").read_text())
        validator.validate(data)


def test_schema_rejects_a_wrong_framework() -> None:
    validator = jsonschema.Draft202012Validator(assessment_json_schema())
    data = json.loads(json.dumps(fixture_assessment("scored_with_probes").to_json_data()))
    data["recommendation"]["framework"] = "jax"
    assert list(validator.iter_errors(data))
