"""Page one tells the same story as the record: the runner-up is an option that could be
recommended, one margin everywhere, an option that wins more variations is named, and the
reasons are the record's, measured against the option page one names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from advisor.models import Assessment
from advisor.report.context import build_report_context
from tests.report.conftest import real_assessment

ROOT = Path(__file__).resolve().parents[2]
#: Mobile, edge and browser targets with a TensorFlow team, but LLM fine-tuning: TensorFlow
#: scores highest and fails the hard constraint `llm_checkpoints`; the hybrid needs it too.
EDGE_KEYBOARD: dict[str, Any] = {
    "project_name": "Edge keyboard", "stage": "production", "domains": ["nlp_llm", "generative"],
    "deployment_targets": ["mobile", "edge_embedded", "browser"], "mobile_platforms": "both",
    "hardware": ["google_tpu"], "scale": "multi_node", "team_pytorch_experience": "none",
    "team_tensorflow_experience": "strong", "existing_assets": "tensorflow",
    "cloud_platform": "gcp", "model_customization": "low", "mlops": "managed_pipelines",
}


@pytest.fixture(scope="module")
def edge() -> Assessment:
    return real_assessment(answers=EDGE_KEYBOARD)


def _margins(text: str) -> list[str]:
    return re.findall(r"margin (-?\d+\.\d+)", text)


def test_an_excluded_option_is_never_the_runner_up(edge: Assessment) -> None:
    rec, scores = edge.recommendation, edge.scores
    assert rec is not None and scores is not None
    assert rec.framework == "pytorch" and rec.excluded == ["tensorflow"]
    assert scores["tensorflow"] > scores["hybrid"] > scores["pytorch"]
    # No eligible runner-up: none named, no margin claimed, the same 0 in every place.
    assert rec.runner_up is None and rec.reasons_against == "tensorflow" and rec.margin == 0
    assert "only option that meets every hard constraint" in rec.summary
    assert _margins(rec.summary) == []
    # The hybrid scores above PyTorch: it was dropped for the constraint, not its bridge cost.
    assert rec.hybrid_note == ("A hybrid was considered, but it needs both frameworks and a hard"
                               " constraint excludes TensorFlow.")


def test_page_one_says_which_option_a_constraint_excluded(edge: Assessment) -> None:
    summary = build_report_context(edge, charts=False)["summary"]
    assert summary["runner_up"] is None
    assert summary["runner_up_line"] == "No other option meets every hard constraint."
    assert "TensorFlow" not in summary["runner_up_line"]
    assert summary["excluded_lines"] == [
        "TensorFlow is excluded by a hard constraint: Fine-tune current pretrained generative"
        " LLMs (standard architectures)."]
    assert summary["why"] == "Why PyTorch rather than TensorFlow (excluded)"
    # Every change that recommends TensorFlow works only by lifting its constraint: said so.
    shown = summary["changes"]["shown"]
    assert shown and all(c["recommendation"] == "TensorFlow" for c in shown)
    assert all(c["text"].endswith("(this lifts the hard constraint that excludes TensorFlow)")
               for c in shown)


def test_the_option_that_wins_most_variations_is_named() -> None:
    answers = json.loads((ROOT / "examples/batch/answers/sensor-forecasting.json")
                         .read_text(encoding="utf-8"))
    assessment = real_assessment(answers=answers)
    rec, sensitivity = assessment.recommendation, assessment.sensitivity
    assert rec is not None and sensitivity is not None
    shares = sensitivity.win_share
    assert rec.framework == "hybrid" and rec.runner_up == "pytorch"
    assert shares["tensorflow"] > shares["pytorch"] and shares["tensorflow"] > rec.confidence
    summary = build_report_context(assessment, charts=False)["summary"]
    assert summary["wins_more"] == (
        f"But TensorFlow comes first in {shares['tensorflow']:.0%} of the plausible variations,"
        f" Hybrid in {rec.confidence:.0%}.")
    assert f"TensorFlow comes first under {shares['tensorflow']:.0%}" in rec.summary
    # Its margin is the record's, on page one and in the summary alike.
    assert _margins(summary["runner_up_line"]) == _margins(rec.summary) == [f"{rec.margin:.2f}"]


def test_no_other_option_named_when_the_recommendation_wins_most(
        real_with_probes: Assessment) -> None:
    summary = build_report_context(real_with_probes, charts=False)["summary"]
    assert summary["wins_more"] is None and summary["excluded_lines"] == []


def test_page_one_reasons_are_the_records(real_with_probes: Assessment) -> None:
    rec, criteria = real_with_probes.recommendation, real_with_probes.criteria
    assert rec is not None and criteria is not None
    assert rec.runner_up == rec.reasons_against == "hybrid"
    labels = {c.label.lower(): c.id for c in criteria}
    recorded = [labels[r.split(" (weight")[0].lower()] for r in rec.reasons]
    assert recorded == ["learning_curve", "team_fit", "deployment_fit"]
    summary = build_report_context(real_with_probes, charts=False)["summary"]
    said = summary["reasons"]
    assert "learning curve" in said[0] and "team knows PyTorch" in said[1]
    assert "deployment fit" in said[2]
    assert summary["why"] == "Why PyTorch rather than Hybrid"


def test_a_forced_choice_names_its_warned_requirements_as_the_top_risk(edge: Assessment) -> None:
    # No weighting changes a forced choice: the 39% it does not hold are variations where one
    # of PyTorch's warned requirements fails and nothing is left; "agree the weights" misled.
    assert edge.sensitivity is not None and edge.sensitivity.ties > 0.3
    top = build_report_context(edge, charts=False)["summary"]["top_risk"]
    assert top["key"] == "risk_only_option"
    assert top["risk"].startswith("PyTorch is the only option that meets every hard requirement,"
                                  " and it holds under 61% of the variations")
    assert ("(Run inference in a web browser, Run on microcontrollers, Train on Google TPUs)"
            in top["risk"])
    assert top["mitigation"].endswith("revisit the requirement that excludes TensorFlow.")
    assert "weights" not in top["mitigation"]


def test_a_close_call_between_eligible_options_keeps_its_own_risk() -> None:
    answers = json.loads((ROOT / "examples/batch/answers/sensor-forecasting.json")
                         .read_text(encoding="utf-8"))
    top = build_report_context(real_assessment(answers=answers),
                               charts=False)["summary"]["top_risk"]
    assert top["key"] == "risk_close_call"
