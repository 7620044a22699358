"""Profiles the published guidance settles, and balanced or conflicting ones that must be close
calls (the issue's checks: four clear profiles stay robust, a neutral profile is a tie, a beginner
prototype team is not robust)."""

from __future__ import annotations

import pytest

from advisor.scoring import load_decision_model
from advisor.scoring.explain import bridge_text
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
#: The articles' clear cases (issue 17): an LLM research lab, an Android production app on GCP
#: with TFX, a microcontroller product, GNN and RL research.
LLM_LAB = {
    "stage": "research",
    "domains": ["nlp_llm"],
    "deployment_targets": ["cloud_server"],
    "hardware": ["nvidia_gpu"],
    "scale": "multi_node",
    "model_customization": "high",
    "team_pytorch_experience": "strong",
}
ANDROID_GCP_TFX = {
    "stage": "production",
    "domains": ["vision"],
    "deployment_targets": ["mobile", "cloud_server"],
    "mobile_platforms": "android",
    "cloud_platform": "gcp",
    "mlops": "managed_pipelines",
    "existing_assets": "tensorflow",
    "team_tensorflow_experience": "strong",
    "model_customization": "low",
}
MICROCONTROLLER = {
    "stage": "production",
    "domains": ["time_series"],
    "deployment_targets": ["microcontroller"],
    "hardware": ["cpu_only"],
    "model_customization": "low",
}
GNN_RL_RESEARCH = {
    "stage": "research",
    "domains": ["graph", "reinforcement_learning"],
    "deployment_targets": ["batch_offline"],
    "model_customization": "high",
}
#: All priorities 3, prototype, CPU only, no assets: nothing favours either framework.
NEUTRAL = {
    "stage": "prototype",
    "domains": [],
    "deployment_targets": ["cloud_server"],
    "hardware": ["cpu_only"],
    "existing_assets": "none",
    "priorities": {
        "research_velocity": 3, "production_readiness": 3, "learning_curve": 3,
        "performance": 3, "ecosystem": 3, "community": 3, "enterprise_support": 3,
    },
}
#: A team new to both frameworks building a prototype: the sources disagree on this one.
BEGINNER_PROTOTYPE = {
    "stage": "prototype",
    "deployment_targets": ["cloud_server"],
    "hardware": ["cpu_only"],
    "team_pytorch_experience": "none",
    "team_tensorflow_experience": "none",
}
#: Contradictory answers: TPUs on GCP and a browser target, but a PyTorch-only team with
#: PyTorch models.
CONTRADICTORY = {
    "stage": "research_to_production",
    "hardware": ["google_tpu"],
    "cloud_platform": "gcp",
    "team_pytorch_experience": "strong",
    "team_tensorflow_experience": "none",
    "existing_assets": "pytorch",
    "deployment_targets": ["browser"],
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
        pytest.param(LLM_LAB, "pytorch", id="llm-research-lab"),
        pytest.param(ANDROID_GCP_TFX, "tensorflow", id="android-production-gcp-tfx"),
        pytest.param(MICROCONTROLLER, "tensorflow", id="microcontroller"),
        pytest.param(GNN_RL_RESEARCH, "pytorch", id="gnn-and-rl-research"),
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


def test_hybrid_names_the_bridge_its_cost_and_both_sides() -> None:
    # With litert-torch and ExecuTorch 1.0, PyTorch alone is close behind: a close call.
    rec = scored(RESEARCH_TO_PHONES).recommendation
    assert rec is not None and rec.framework == "hybrid"
    assert rec.runner_up == "pytorch" and rec.close_call
    assert rec.bridge is not None
    assert "litert-torch" in rec.bridge and "LiteRT" in rec.bridge
    assert "two toolchains" in rec.bridge and "parity tests" in rec.bridge
    assert rec.sides is not None
    assert rec.sides["research"]["pytorch"] > rec.sides["research"]["tensorflow"]
    assert rec.sides["deployment"]["tensorflow"] > rec.sides["deployment"]["pytorch"]
    assert "research side favours PyTorch" in rec.reasons[0]


def test_browser_bridge_names_onnx_runtime_web() -> None:
    model = load_decision_model().model
    text = bridge_text(model, "pytorch", "tensorflow", {"deployment_targets": ["browser"]})
    assert text is not None and "ONNX Runtime Web" in text and "onnx-tf" in text
    rec = scored({**RESEARCH_TO_PHONES, "deployment_targets": ["browser"]}).recommendation
    assert rec is not None and rec.hybrid_evaluated


def test_hybrid_is_evaluated_whenever_the_sides_disagree_whatever_the_stage() -> None:
    # The same Android team in production: the hybrid is still weighed (research in PyTorch,
    # LiteRT on the phones), not dropped because of the stage.
    for stage in ("production", "research_to_production", "prototype"):
        answers = {**RESEARCH_TO_PHONES, "stage": stage, "mobile_platforms": "android"}
        assessment = scored(answers)
        rec = assessment.recommendation
        assert rec is not None and rec.hybrid_evaluated, stage
        assert assessment.scores is not None and "hybrid" in assessment.scores


def test_server_hybrid_does_not_borrow_tf_serving_maturity() -> None:
    # PyTorch research served in production: the bridge is ONNX Runtime / Triton (onnx-tf is
    # unmaintained), costed as such, so the hybrid does not win on TF Serving's stars.
    answers = {"stage": "research_to_production", "domains": ["vision"],
               "deployment_targets": ["cloud_server"], "model_customization": "high"}
    assessment = scored(answers)
    rec = assessment.recommendation
    assert rec is not None and rec.framework == "pytorch"
    assert assessment.criteria is not None
    readiness = next(c for c in assessment.criteria if c.id == "production_readiness")
    assert readiness.ratings["hybrid"] < readiness.ratings["tensorflow"] - 1


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


@pytest.mark.parametrize(
    "answers",
    [pytest.param(LLM_LAB, id="llm-lab"), pytest.param(ANDROID_GCP_TFX, id="android-gcp-tfx"),
     pytest.param(MICROCONTROLLER, id="microcontroller"),
     pytest.param(GNN_RL_RESEARCH, id="gnn-rl")],
)
def test_the_four_clear_profiles_stay_robust(answers: dict[str, object]) -> None:
    rec = scored(answers).recommendation
    assert rec is not None and rec.badge == "robust", rec.summary
    assert rec.conflict is None


def test_a_neutral_profile_is_a_tie_with_no_because() -> None:
    rec = scored(NEUTRAL).recommendation
    assert rec is not None
    assert rec.tie and rec.close_call and rec.badge == "close_call"
    assert rec.summary.startswith("Tie:")
    assert rec.confidence == 0
    assert not any("worth" in reason for reason in rec.reasons)
    assert rec.what_would_change_it, "a tie says what would break it"


def test_a_beginner_prototype_team_is_not_robust_and_the_sources_disagree() -> None:
    rec = scored(BEGINNER_PROTOTYPE).recommendation
    assert rec is not None and rec.badge != "robust"
    assert any("textbook" in d and "Keras" in d for d in rec.disagreements)


def test_contradictory_answers_are_a_close_call_naming_the_conflict() -> None:
    rec = scored(CONTRADICTORY).recommendation
    assert rec is not None and rec.close_call
    assert rec.conflict is not None
    assert "existing_assets=pytorch" in rec.conflict and "hardware=google_tpu" in rec.conflict
    towards = {p["toward"] for p in rec.answer_pulls}
    assert towards == {"pytorch", "tensorflow"}


def test_each_pull_names_its_answers_as_data_beside_its_set_label() -> None:
    assessment = scored(CONTRADICTORY)
    rec = assessment.recommendation
    assert rec is not None and rec.answer_pulls
    by_label = {p["answers"]: p["conditions"] for p in rec.answer_pulls}
    assert by_label["hardware=google_tpu + cloud_platform=gcp"] == [
        {"question": "hardware", "answer": ["google_tpu"]},
        {"question": "cloud_platform", "answer": "gcp"}]
    assert by_label["existing_assets=pytorch"] == [
        {"question": "existing_assets", "answer": "pytorch"}]
    for pull in rec.answer_pulls:
        # The label stays what `--set` takes; the conditions hold the same answers as saved.
        shown = [(c["question"], c["answer"]) for c in pull["conditions"]]
        assert pull["answers"] == " + ".join(
            f"{q}={','.join(a) if isinstance(a, list) else a}" for q, a in shown)
        for condition in pull["conditions"]:
            assert condition["answer"] == assessment.answers[condition["question"]]


def test_a_failed_constraint_excludes_and_says_why() -> None:
    # A TensorFlow team fine-tuning generative LLMs: current checkpoints and tools are
    # PyTorch-only.
    answers = {"stage": "research_to_production", "domains": ["nlp_llm", "generative"],
               "existing_assets": "tensorflow", "team_tensorflow_experience": "strong",
               "model_customization": "low"}
    assessment = scored(answers)
    rec = assessment.recommendation
    assert rec is not None and rec.framework == "pytorch" and rec.excluded == ["tensorflow"]
    (excluded,) = assessment.excluded_options or []
    assert (excluded.option, excluded.constraint) == ("tensorflow", "llm_checkpoints")
    assert "Transformers v5" in excluded.reason


def test_warnings_lower_the_confidence_and_are_listed() -> None:
    plain = scored({**GNN_RESEARCH, "hardware": ["nvidia_gpu"]}).recommendation
    warned = scored({**GNN_RESEARCH, "hardware": ["nvidia_gpu"],
                     "deployment_targets": ["batch_offline", "microcontroller"]}).recommendation
    assert plain is not None and warned is not None
    if warned.framework == "pytorch":
        assert warned.warnings and "microcontroller" in warned.warnings[0].lower()
        assert warned.confidence < plain.confidence


def test_answered_and_effective_weights_are_both_shown() -> None:
    answers = {**LLM_RESEARCH, "priorities": {"production_readiness": 4}}
    criteria = scored(answers).criteria
    assert criteria is not None
    readiness = next(c for c in criteria if c.id == "production_readiness")
    assert readiness.answered_weight == 4 and readiness.weight == 2
    assert readiness.weight_note is not None and "stage_research" in readiness.weight_note
    community = next(c for c in criteria if c.id == "community")
    assert community.weight_note is None


def test_edge_devices_are_two_answers_with_their_own_reasoning() -> None:
    jetson = {"stage": "production", "domains": ["vision"],
              "deployment_targets": ["edge_accelerator"], "hardware": ["nvidia_gpu"],
              "team_pytorch_experience": "strong"}
    assessment = scored(jetson)
    assert assessment.constraints is not None
    assert not any(c.id == "microcontrollers" for c in assessment.constraints)
    assert assessment.recommendation is not None
    assert assessment.recommendation.framework == "pytorch"
