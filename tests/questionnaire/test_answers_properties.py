"""Property-based: no generated answers document makes the loader crash."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.errors import AnswersError
from advisor.questionnaire import load_default_questionnaire, resolve_answers
from advisor.questionnaire.answers import load_answers_file, validate_answer_mapping

QUESTIONNAIRE = load_default_questionnaire()
IDS = QUESTIONNAIRE.ids

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(["research", "vision", "mobile", "strong", "gcp"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=10), st.sampled_from(
            ["performance", "community", "research_velocity"])), inner, max_size=4),
    ),
    max_leaves=10,
)
documents = st.dictionaries(
    st.one_of(st.sampled_from(IDS), st.text(max_size=12)), values, max_size=8
)


@given(documents)
@settings(max_examples=300, deadline=None)
def test_validation_either_accepts_or_raises_answers_error(document: dict[Any, Any]) -> None:
    try:
        answers = validate_answer_mapping(document, QUESTIONNAIRE, source="gen.yaml")
    except AnswersError as exc:
        assert "gen.yaml" in str(exc)
        return
    try:
        resolved = resolve_answers(QUESTIONNAIRE, file_answers=answers)
    except AnswersError:
        return  # e.g. project_name missing
    assert set(resolved.values) <= set(IDS)


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_as_a_file_never_crash_the_loader(tmp_path: Path, raw: bytes) -> None:
    for suffix in (".yaml", ".json"):
        path = tmp_path / f"answers{suffix}"
        path.write_bytes(raw)
        try:
            load_answers_file(path, QUESTIONNAIRE)
        except AnswersError as exc:
            assert str(path) in str(exc)


@given(documents)
@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_json_documents_round_trip_through_files(tmp_path: Path, document: dict[Any, Any]) -> None:
    path = tmp_path / "answers.json"
    try:
        path.write_text(json.dumps(document))
    except ValueError:
        return
    with contextlib.suppress(AnswersError):
        load_answers_file(path, QUESTIONNAIRE)
