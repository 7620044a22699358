"""The answers that pull hard both ways (a conflict), in the questionnaire's words and the
reader's language.

Scoring keeps the conflict as one English sentence (`recommendation.conflict`, for pipelines)
that names answers the way `--set` writes them. The report says it again from the structured
pulls (`recommendation.answer_pulls`): each group's `conditions` ({question, answer}) become the
question and the answer as the questionnaire shows them, in the report's language. A pull saved
before `conditions` existed has only its label ("domains=nlp_llm,speech_audio + stage=research"):
the questions are read back from it and their answers from the assessment's own answers.
"""

from __future__ import annotations

import re
from typing import Any
from unicodedata import east_asian_width

from advisor import numerals
from advisor.i18n import N_, SOURCE_LANGUAGE, _, current_language, join_sentences
from advisor.models import Assessment
from advisor.options import FRAMEWORKS
from advisor.questionnaire import Questionnaire
from advisor.report.decision import option_label
from advisor.report.filters import truncate_middle
from advisor.report.prose import answered_words, default_questionnaire

#: The strongest answers named each way (scoring's sentence names as many); page one is short,
#: so fewer are named where their words would make the line wider than LONGEST characters (the
#: page-one row's own limit, which would cut it in the middle; a Japanese character counts two,
#: as it is about twice as wide on the page).
SHOWN = 3
LONGEST = 600
#: Longest question-and-answer quoted (a long multiple answer is shortened in the middle).
_MAX_WORDS = 160

LINE = N_("The answers pull both ways. {sides} Only {net} points separate the two frameworks:"
          " agree which of these matters more before deciding.")
SIDE = N_("Towards {option} ({points} points): {answers}.")
PULL = N_("{answer} ({points})")
#: When the pulls cannot be said (an assessment without them): the line without its answers.
UNNAMED = N_("The answers pull hard towards both frameworks: agree which of them matters more"
             " before deciding.")
_QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def conflict_line(assessment: Assessment) -> str | None:
    """Page one's line on answers that pull both ways; None when scoring found no conflict."""
    rec = assessment.recommendation
    if rec is None or not rec.conflict:
        return None
    questionnaire = default_questionnaire(assessment)
    scores = assessment.scores or {}
    if not all(o in scores for o in FRAMEWORKS):
        return _unnamed(rec.conflict)
    sides: list[tuple[str, str, list[str]]] = []  # option, total points, the answers named
    for option in FRAMEWORKS:
        pulls = [p for p in rec.answer_pulls if p.get("toward") == option]
        named = [_pull(p, assessment.answers, questionnaire) for p in pulls[:SHOWN]]
        if not named or None in named:
            return _unnamed(rec.conflict)
        total = numerals.score(sum(float(p.get("points", 0.0)) for p in pulls))
        sides.append((option_label(option), total, [str(n) for n in named]))
    net = numerals.score(abs(scores["pytorch"] - scores["tensorflow"]))
    for shown in range(SHOWN, 0, -1):
        line = _(LINE).format(net=net, sides=join_sentences([
            _(SIDE).format(option=option, points=total, answers=_("; ").join(named[:shown]))
            for option, total, named in sides]))
        if _width(line) <= LONGEST:
            break
    return line


def _width(text: str) -> int:
    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)


def _unnamed(sentence: str) -> str:
    """Scoring's own sentence in English; in another language, never English: the line unnamed."""
    return sentence if current_language() == SOURCE_LANGUAGE else _(UNNAMED)


def _pull(
    pull: dict[str, Any], answers: dict[str, Any], questionnaire: Questionnaire | None
) -> str | None:
    conditions = pull.get("conditions")
    if not isinstance(conditions, list):
        conditions = _conditions_of(str(pull.get("answers", "")), answers)
    if not conditions:
        return None
    words = " + ".join(truncate_middle(answered_words(str(c.get("question")), c.get("answer"),
                                                      questionnaire), _MAX_WORDS)
                       for c in conditions)
    return _(PULL).format(answer=words, points=numerals.score(float(pull.get("points", 0.0))))


def _conditions_of(label: str, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """An older pull's label ("q=v + q=v", as `--set` writes answers) as its conditions; the
    answer is the saved one (the label was written from it), else the label's value."""
    conditions = []
    for part in label.split(" + "):
        question, sep, value = part.partition("=")
        if not sep or not _QUESTION_ID.match(question):
            return []
        saved = answers.get(question, value.split(",") if "," in value else value)
        conditions.append({"question": question, "answer": saved})
    return conditions
