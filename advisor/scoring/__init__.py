"""Scoring: the decision model as data, weights and ratings from answers and evidence, a
recommendation with its confidence, flip points and reasons (ARCHITECTURE.md, "Scoring")."""

from advisor.scoring.engine import score_answers, score_assessment
from advisor.scoring.loading import (
    LoadedDecisionModel,
    default_decision_model_path,
    load_decision_model,
)
from advisor.scoring.model import DecisionModel

__all__ = [
    "DecisionModel",
    "LoadedDecisionModel",
    "default_decision_model_path",
    "load_decision_model",
    "score_answers",
    "score_assessment",
]
