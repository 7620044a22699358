"""The questionnaire: questions as data, answers from every source, validated in one place."""

from advisor.questionnaire.answers import AnswerSource, ResolvedAnswers, resolve_answers
from advisor.questionnaire.loading import load_default_questionnaire, load_questionnaire
from advisor.questionnaire.model import Choice, Condition, Criterion, Question, Questionnaire

__all__ = [
    "AnswerSource",
    "Choice",
    "Condition",
    "Criterion",
    "Question",
    "Questionnaire",
    "ResolvedAnswers",
    "load_default_questionnaire",
    "load_questionnaire",
    "resolve_answers",
]
