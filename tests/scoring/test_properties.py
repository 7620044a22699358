"""Invariants over generated profiles: every valid answers set scores sanely, deterministically."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import numerals
from advisor.questionnaire import load_default_questionnaire
from tests.scoring.conftest import scored


def _profiles() -> st.SearchStrategy[dict[str, Any]]:
    questionnaire = load_default_questionnaire()
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for question in questionnaire.questions:
        values = [c.value for c in question.choices]
        if question.kind == "choice":
            fields[question.id] = st.sampled_from(values)
        elif question.kind == "multi_choice":
            fields[question.id] = st.lists(st.sampled_from(values), min_size=1, max_size=3,
                                           unique=True)
        elif question.kind == "priorities":
            fields[question.id] = st.fixed_dictionaries(
                {c.id: st.integers(1, 5) for c in question.criteria}
            )
    return st.fixed_dictionaries({}, optional=fields)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_profiles())
def test_every_profile_scores_sanely(answers: dict[str, Any]) -> None:
    assessment = scored(answers)
    rec, scores, criteria = assessment.recommendation, assessment.scores, assessment.criteria
    assert rec is not None and scores is not None and criteria is not None
    assert all(1 <= s <= 5 for s in scores.values())
    assert 0 <= rec.confidence <= 1
    assert rec.framework in scores and rec.framework not in rec.excluded
    assert rec.reasons_against in scores and rec.reasons_against != rec.framework
    assert rec.margin >= 0
    lead = scores[rec.framework] - scores[rec.reasons_against]
    if rec.runner_up is None:  # the only option left: no runner-up, and the margin claims none
        assert rec.reasons_against in rec.excluded and rec.margin == 0
        assert "only option that meets every hard constraint" in rec.summary
    else:  # the runner-up could be recommended, and every margin said is the same one
        assert rec.runner_up == rec.reasons_against and rec.runner_up not in rec.excluded
        assert abs(rec.margin - lead) < 2e-4
        # The summary says the margin the JSON holds (page one prints it the same way).
        assert rec.tie or f"(margin {numerals.score(rec.margin)})" in rec.summary
    if rec.tie:
        assert rec.summary.startswith("Tie") and rec.confidence == 0
    if rec.framework == "hybrid":
        assert rec.bridge and rec.hybrid_eligible
    assert rec.close_call == (rec.badge == "close_call")
    assert len(rec.reasons) >= 1
    for criterion in criteria:
        assert 0 <= criterion.weight <= 8
        assert all(1 <= r <= 5 for r in criterion.ratings.values())
        assert criterion.flip is not None
        if criterion.flip.weight_at_flip is not None:
            assert 0 <= criterion.flip.weight_at_flip <= 8
        flip = criterion.flip
        if criterion.group == "published":
            # The recommendation at the priority as answered is the recommendation itself.
            assert flip.driver == "priority" and flip.recommendation_by_priority is not None
            assert flip.recommendation_by_priority[str(flip.priority)] == rec.framework
        else:
            assert flip.driver == "derived" and flip.recommendation_by_priority is None
            assert flip.text.endswith("not by a priority)") or "not by a priority);" in flip.text
    assert json.dumps(assessment.to_json_data()) == json.dumps(scored(answers).to_json_data())
