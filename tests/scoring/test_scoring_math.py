"""Weights, scores, confidence, flip points and determinism, checked against hand arithmetic."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from advisor.models import Assessment
from advisor.options import FRAMEWORKS
from advisor.scoring import load_decision_model
from tests.scoring.conftest import scored, write_model
from tests.scoring.test_profiles import BALANCED, LLM_RESEARCH, RESEARCH_TO_PHONES

OPTIONS = FRAMEWORKS


def _weighted(assessment: Assessment, option: str, weights: dict[str, float]) -> float:
    assert assessment.criteria is not None
    total = sum(weights.values())
    return sum(weights[c.id] * c.ratings[option] for c in assessment.criteria) / total


def test_scores_are_weighted_means_on_the_rating_scale() -> None:
    assessment = scored(LLM_RESEARCH)
    assert assessment.criteria is not None and assessment.scores is not None
    weights = {c.id: c.weight for c in assessment.criteria}
    for option in OPTIONS:
        expected = _weighted(assessment, option, weights)
        assert assessment.scores[option] == pytest.approx(expected, abs=1e-4)
        assert 1 <= assessment.scores[option] <= 5
        contributions = sum((c.contributions or {})[option] for c in assessment.criteria)
        assert contributions == pytest.approx(expected, abs=1e-3)
    rec = assessment.recommendation
    assert rec is not None
    assert rec.runner_up is not None
    # Margin and scores are each rounded to 4 decimals: they can differ by 1.5e-4.
    assert rec.margin == pytest.approx(
        assessment.scores[rec.framework] - assessment.scores[rec.runner_up], abs=2e-4
    )


def test_weights_follow_priorities_and_rules_with_reasons() -> None:
    answers = {**LLM_RESEARCH, "priorities": {"performance": 2, "community": 4}}
    assessment = scored(answers)
    assert assessment.criteria is not None
    by_id = {c.id: c for c in assessment.criteria}
    assert by_id["performance"].weight == 2 and by_id["performance"].importance == 2
    assert by_id["community"].weight == 4
    assert "as answered (priorities.performance)" in by_id["performance"].weight_reasons[0]
    # stage research: production readiness 5 - 2; customisation high: research velocity 5+1+1.
    assert by_id["production_readiness"].weight == 3
    assert any("rule stage_research" in r for r in by_id["production_readiness"].weight_reasons)
    assert by_id["research_velocity"].weight == 7
    assert by_id["domain_fit"].weight == 3  # base 1 + 2 for naming the domains
    assert by_id["asset_fit"].weight == 0  # no existing assets


def test_a_third_option_never_reorders_the_first_two(
    model_data: dict[str, Any], tmp_path: Path
) -> None:
    without = copy.deepcopy(model_data)
    without["hybrid"] = None
    plain = scored(RESEARCH_TO_PHONES, decision_model=load_decision_model(
        write_model(tmp_path / "m.yaml", without)))
    with_hybrid = scored(RESEARCH_TO_PHONES)
    assert plain.scores is not None and with_hybrid.scores is not None
    assert "hybrid" not in plain.scores and "hybrid" in with_hybrid.scores
    for option in OPTIONS:
        assert plain.scores[option] == with_hybrid.scores[option]
    assert plain.criteria is not None and with_hybrid.criteria is not None
    for a, b in zip(plain.criteria, with_hybrid.criteria, strict=True):
        assert a.ratings["pytorch"] == b.ratings["pytorch"]
        assert a.ratings["tensorflow"] == b.ratings["tensorflow"]


def test_confidence_is_the_reported_win_share_and_not_a_constant() -> None:
    clear = scored(LLM_RESEARCH)
    close = scored(BALANCED)
    for assessment in (clear, close):
        rec, sens = assessment.recommendation, assessment.sensitivity
        assert rec is not None and sens is not None
        assert sens.method == "dirichlet" and sens.samples == 1000
        assert "ratings" in sens.perturbs and "weights" in sens.perturbs
        assert rec.confidence == sens.win_share[rec.framework]
        assert sum(sens.win_share.values()) + (sens.ties or 0) == pytest.approx(1.0, abs=1e-3)
    assert clear.recommendation is not None and close.recommendation is not None
    assert clear.recommendation.confidence > 0.95
    assert close.recommendation.confidence < 0.7


def test_flip_weights_really_flip_the_decision() -> None:
    assessment = scored(BALANCED)
    assert assessment.criteria is not None and assessment.recommendation is not None
    winner = assessment.recommendation.framework
    runner = assessment.recommendation.runner_up
    assert runner is not None
    base = {c.id: c.weight for c in assessment.criteria}
    flippable = [c for c in assessment.criteria if c.flip and c.flip.weight_at_flip is not None]
    assert flippable, "a close call has criteria that flip it"
    for criterion in flippable:
        assert criterion.flip is not None and criterion.flip.weight_at_flip is not None
        at = criterion.flip.weight_at_flip
        beyond = at + (0.05 if at > criterion.weight else -0.05)
        short = criterion.weight + (at - criterion.weight) * 0.9
        moved, near = dict(base), dict(base)
        moved[criterion.id], near[criterion.id] = beyond, short
        assert _weighted(assessment, runner, moved) > _weighted(assessment, winner, moved)
        assert _weighted(assessment, winner, near) > _weighted(assessment, runner, near)
        assert 0 <= beyond <= 8
    never = [c for c in assessment.criteria if c.flip and c.flip.weight_at_flip is None]
    assert all(c.flip is not None and "never" in c.flip.text for c in never)


def test_priority_flips_name_the_priority_that_really_changes_the_recommendation() -> None:
    assessment = scored(BALANCED)
    assert assessment.criteria is not None and assessment.recommendation is not None
    winner = assessment.recommendation.framework
    published = [c for c in assessment.criteria if c.group == "published"]
    assert len(published) == 7
    flipping = 0
    for criterion in published:
        flip = criterion.flip
        assert flip is not None and flip.driver == "priority"
        assert flip.recommendation_by_priority is not None
        assert sorted(flip.recommendation_by_priority) == ["1", "2", "3", "4", "5"]
        assert flip.priority == BALANCED["priorities"].get(criterion.id, flip.priority)
        assert flip.recommendation_by_priority[str(flip.priority)] == winner
        for value, expected in flip.recommendation_by_priority.items():
            priorities = {**BALANCED["priorities"], criterion.id: int(value)}
            again = scored({**BALANCED, "priorities": priorities}).recommendation
            assert again is not None and again.framework == expected, (criterion.id, value)
        changed = [p for p, o in flip.recommendation_by_priority.items() if o != winner]
        if changed:
            flipping += 1
            assert "at priority" in flip.text and "would be recommended" in flip.text
            assert "weight" not in flip.text.split(";")[0]  # no weight the user cannot set
        else:
            assert flip.text.startswith("never within 1-5")
    assert flipping, "a close call has a priority that flips it"


def test_derived_flips_say_what_drives_the_weight() -> None:
    assessment = scored(BALANCED)
    assert assessment.criteria is not None
    team = next(c for c in assessment.criteria if c.id == "team_fit")
    assert team.flip is not None and team.flip.driver == "derived"
    assert team.flip.priority is None and team.flip.recommendation_by_priority is None
    assert team.flip.driven_by == ["team_pytorch_experience", "team_tensorflow_experience"]
    assert "(now 2.0: base 2.0; set by the answers team_pytorch_experience," in team.flip.text
    assert "team_tensorflow_experience, not by a priority)" in team.flip.text
    assert "on the decision model's 0.0-8.0 scale" in team.flip.text


def test_hard_constraint_failure_excludes_an_option(
    model_data: dict[str, Any], tmp_path: Path
) -> None:
    data = copy.deepcopy(model_data)
    data["constraints"].append({
        "id": "must_be_tensorflow",
        "description": "Company policy allows only TensorFlow.",
        "when": {"question": "stage", "equals": "research"},
        "status": {"pytorch": "fail", "tensorflow": "pass"},
        "reason": "policy",
        "source": "advisor",
    })
    loaded = load_decision_model(write_model(tmp_path / "m.yaml", data))
    assessment = scored(LLM_RESEARCH, decision_model=loaded)
    rec = assessment.recommendation
    assert rec is not None and assessment.scores is not None
    assert rec.framework == "tensorflow"
    assert rec.excluded == ["pytorch"]
    assert "excluded by hard constraints: PyTorch" in rec.summary
    # PyTorch still scores higher: the exclusion is reported, not hidden in a low score.
    assert assessment.scores["pytorch"] > assessment.scores["tensorflow"]
    assert assessment.sensitivity is not None
    assert assessment.sensitivity.win_share["pytorch"] == 0


def test_warnings_from_the_model_are_listed() -> None:
    assessment = scored({**RESEARCH_TO_PHONES, "deployment_targets": ["browser"],
                         "hardware": ["google_tpu"]})
    assert assessment.constraints is not None
    ids = {c.id: c.status for c in assessment.constraints}
    assert ids["browser_runtime"]["pytorch"] == "warn"
    assert ids["tpu_support"]["pytorch"] == "warn"


def test_same_input_gives_byte_identical_json() -> None:
    first = json.dumps(scored(RESEARCH_TO_PHONES).to_json_data(), sort_keys=False)
    second = json.dumps(scored(RESEARCH_TO_PHONES).to_json_data(), sort_keys=False)
    assert first == second


def test_rescoring_a_scored_assessment_changes_nothing() -> None:
    from advisor.scoring import score_assessment

    once = scored(BALANCED)
    twice = score_assessment(once, load_decision_model())
    assert once.to_json_data() == twice.to_json_data()
