"""Profiles the published guidance settles, and a balanced one that must be a close call."""

from __future__ import annotations

import pytest

from tests.scoring.conftest import scored

LLM_RESEARCH = {
    "stage": "research",
    "domains": ["nlp_llm"],
    "deployment_targets": ["cloud_server"],
    "hardware": ["nvidia_gpu"],
    "model_customization": "high",
}
MOBILE_APP_TF_MODELS = {
    "stage": "production",
    "domains": ["vision"],
    "deployment_targets": ["mobile"],
    "mobile_platforms": "android",
    "existing_assets": "tensorflow",
    "model_customization": "low",
}
TPU_ON_GCP = {
    "stage": "production",
    "domains": ["vision"],
    "deployment_targets": ["cloud_server"],
    "hardware": ["google_tpu"],
    "cloud_platform": "gcp",
    "scale": "multi_node",
}
GNN_RESEARCH = {
    "stage": "research",
    "domains": ["graph"],
    "deployment_targets": ["batch_offline"],
    "model_customization": "high",
}
RESEARCH_TO_PHONES = {
    "stage": "research_to_production",
    "domains": ["vision"],
    "deployment_targets": ["mobile"],
    "mobile_platforms": "both",
    "model_customization": "high",
}
#: Even priorities, a team equally at home in both, nothing that favours either side.
BALANCED = {
    "stage": "research_to_production",
    "deployment_targets": ["cloud_server"],
    "team_pytorch_experience": "some",
    "team_tensorflow_experience": "some",
    "priorities": {
        "research_velocity": 4,
        "production_readiness": 4,
        "learning_curve": 3,
        "performance": 3,
        "ecosystem": 3,
        "community": 3,
        "enterprise_support": 3,
    },
}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        pytest.param(LLM_RESEARCH, "pytorch", id="llm-research-custom-layers"),
        pytest.param(MOBILE_APP_TF_MODELS, "tensorflow", id="mobile-app-existing-tf-models"),
        pytest.param(TPU_ON_GCP, "tensorflow", id="tpu-training-on-gcp"),
        pytest.param(GNN_RESEARCH, "pytorch", id="graph-research"),
        pytest.param(RESEARCH_TO_PHONES, "hybrid", id="research-shipping-to-phones"),
    ],
)
def test_settled_profiles(answers: dict[str, object], expected: str) -> None:
    assessment = scored(answers)
    rec = assessment.recommendation
    assert rec is not None
    assert rec.framework == expected, rec.summary
    assert not rec.close_call, rec.summary
    assert rec.confidence >= 0.9
    assert rec.margin > 0.12
    assert len(rec.reasons) == 3


def test_hybrid_names_the_bridge_and_both_sides() -> None:
    rec = scored(RESEARCH_TO_PHONES).recommendation
    assert rec is not None and rec.framework == "hybrid"
    assert rec.bridge is not None
    assert "ai-edge-torch" in rec.bridge and "LiteRT" in rec.bridge
    assert rec.sides is not None
    assert rec.sides["research"]["pytorch"] > rec.sides["research"]["tensorflow"]
    assert rec.sides["deployment"]["tensorflow"] > rec.sides["deployment"]["pytorch"]
    assert "research side favours PyTorch" in rec.reasons[0]


def test_browser_bridge_names_onnx_runtime_web() -> None:
    rec = scored({**RESEARCH_TO_PHONES, "deployment_targets": ["browser"]}).recommendation
    assert rec is not None and rec.framework == "hybrid"
    assert rec.bridge is not None and "ONNX Runtime Web" in rec.bridge


def test_no_hybrid_for_pure_production() -> None:
    assessment = scored({**RESEARCH_TO_PHONES, "stage": "production"})
    assert assessment.recommendation is not None
    assert assessment.recommendation.framework != "hybrid"
    assert assessment.scores is not None and "hybrid" not in assessment.scores


def test_existing_tensorflow_models_keep_research_to_phones_off_hybrid() -> None:
    answers = {**RESEARCH_TO_PHONES, "existing_assets": "tensorflow",
               "team_tensorflow_experience": "strong", "model_customization": "medium"}
    rec = scored(answers).recommendation
    assert rec is not None and rec.framework == "tensorflow", rec.summary


def test_balanced_profile_is_a_close_call_with_ways_to_settle_it() -> None:
    rec = scored(BALANCED).recommendation
    assert rec is not None
    assert rec.close_call
    assert rec.badge == "close_call"
    assert rec.summary.startswith("Close call")
    assert rec.settle, "a close call says what would settle it"
    assert any("Measure both frameworks" in line for line in rec.settle)
    assert any("at priority" in line for line in rec.settle)


def test_clear_winner_is_not_a_close_call_and_has_no_settle_list() -> None:
    rec = scored(GNN_RESEARCH).recommendation
    assert rec is not None
    assert rec.badge == "robust" and rec.settle == []


def test_a_hybrid_not_recommended_says_why() -> None:
    answers = {**RESEARCH_TO_PHONES, "existing_assets": "tensorflow",
               "team_tensorflow_experience": "strong", "model_customization": "medium"}
    rec = scored(answers).recommendation
    assert rec is not None and rec.hybrid_evaluated and rec.framework != "hybrid"
    assert rec.hybrid_note is not None and rec.hybrid_note.startswith("A hybrid was considered")
    assert scored(RESEARCH_TO_PHONES).recommendation.hybrid_note is None  # type: ignore[union-attr]
