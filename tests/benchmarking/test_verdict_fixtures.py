"""The fixtures hold the verdicts and summary advisor.benchmarking computes from their samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.benchmarking.refresh_verdict_fixtures import FIXTURES, refreshed


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_fixture_verdicts_are_up_to_date(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert refreshed(document) == document, (
        f"{path.name} holds stale benchmark verdicts; regenerate with "
        ".venv/bin/python -m tests.benchmarking.refresh_verdict_fixtures")
