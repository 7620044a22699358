"""Every assessment carries the decision model's knowledge date and warns once it is old."""

from __future__ import annotations

from advisor.scoring import load_decision_model
from advisor.scoring.engine import knowledge


def test_knowledge_date_is_recorded_and_recent_knowledge_does_not_warn() -> None:
    model = load_decision_model().model
    fresh = knowledge(model, "2026-12-06T10:00:00+00:00")
    assert fresh["as_of"] == model.knowledge_as_of
    assert fresh["assessed_on"] == "2026-12-06"
    assert fresh["stale"] is False and fresh["warning"] is None


def test_knowledge_older_than_twelve_months_warns() -> None:
    model = load_decision_model().model
    year, month, day = (int(p) for p in model.knowledge_as_of.split("-"))
    later = f"{year + 1}-{month:02d}-{day:02d}T00:00:00+00:00"
    at_limit = knowledge(model, later)
    assert at_limit["age_months"] == 12 and not at_limit["stale"]
    old = knowledge(model, f"{year + 1}-{month:02d}-{day:02d}".replace(
        f"{year + 1}-", f"{year + 2}-"))
    assert old["stale"] and "months before this assessment" in old["warning"]


def test_every_newer_fact_has_a_dated_source() -> None:
    model = load_decision_model().model
    for source_id in ("keras3", "litert_torch", "executorch", "torch_export", "torchserve",
                      "transformers_v5", "onnx_tf", "jax_tpu"):
        source = model.sources[source_id]
        assert source.date != "undated", source_id
