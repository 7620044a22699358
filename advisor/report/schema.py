"""The JSON Schema of the assessment file, generated from the pydantic model and shipped.

Pipelines validate `advisor assess --format json` output against advisor/report/
assessment.schema.json; a test keeps the shipped file equal to what the model generates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from advisor.fileio import atomic_write_text
from advisor.models import ASSESSMENT_SCHEMA_VERSION, Assessment

SCHEMA_PATH = Path(__file__).resolve().parent / "assessment.schema.json"
SCHEMA_ID = "https://advisor.invalid/schemas/assessment-{version}.schema.json"


def assessment_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of assessment files of the current schema version."""
    schema = Assessment.model_json_schema(mode="serialization")
    result: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID.format(version=ASSESSMENT_SCHEMA_VERSION),
        **schema,
    }
    result["title"] = f"advisor assessment, schema_version {ASSESSMENT_SCHEMA_VERSION}"
    return result


def schema_text() -> str:
    """The schema as the shipped file holds it (indented, final newline)."""
    return json.dumps(assessment_json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # regenerate: python -m advisor.report.schema
    atomic_write_text(SCHEMA_PATH, schema_text())
