"""Which answers pull towards which framework, and when they pull hard both ways (a conflict).

Each rule that applies (and each rating-table row an answer selects) moves the score difference
PyTorch - TensorFlow by roughly
    sum_c [w_c * (dr_c,pt - dr_c,tf) + dw_c * (r_c,pt - r_c,tf)] / sum(w)
(its rating deltas at today's weights plus its weight deltas at today's ratings). Rules are
grouped by the answers they read: labelled the way `--set` writes them (`answers`, what pipelines
and `--set` read) and as data (`conditions`, what the report says in the questionnaire's words,
in the reader's language). A conflict: answers
pull towards each framework by at least verdict.conflict_pull in total, and the net difference
is less than half of either pull, so the recommendation rests on how those answers are traded
off, not on a clear case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor import options
from advisor.numerals import score
from advisor.options import FRAMEWORKS
from advisor.scoring.core import Outcome
from advisor.scoring.model import DecisionModel

#: Pulls smaller than this (points on the 1-5 scale) are not named.
_NEGLIGIBLE = 0.05


def answer_pulls(
    model: DecisionModel, outcome: Outcome, answers: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Per group of answers, how far it pulls the score difference, strongest first:
    [{answers: "hardware=google_tpu + cloud_platform=gcp", conditions: [{question: "hardware",
    answer: ["google_tpu"]}, {question: "cloud_platform", answer: "gcp"}], toward, points}]."""
    rows = {row.id: row for row in outcome.rows}
    total = float(outcome.weights.sum())
    pulls: dict[str, float] = {}
    read: dict[str, list[str]] = {}  # label -> the questions it names, in order
    for rule in model.rules:
        if not rule.when.holds(answers):
            continue
        effect = 0.0
        for criterion_id, deltas in rule.ratings.items():
            row = rows[criterion_id]
            effect += row.weight * (deltas.get("pytorch", 0.0) - deltas.get("tensorflow", 0.0))
        for criterion_id, delta in rule.weight.items():
            row = rows[criterion_id]
            effect += delta * (row.ratings["pytorch"] - row.ratings["tensorflow"])
        label = _label(rule.when.questions(), answers)
        read.setdefault(label, rule.when.questions())
        pulls[label] = pulls.get(label, 0.0) + effect / total
    for table in model.rating_tables:
        row = rows[table.criterion]
        criterion = row.criterion
        moved = (row.base_ratings["pytorch"] - row.base_ratings["tensorflow"]) - (
            criterion.ratings["pytorch"] - criterion.ratings["tensorflow"])
        if moved:
            label = _label([table.question], answers)
            read.setdefault(label, [table.question])
            pulls[label] = pulls.get(label, 0.0) + row.weight * moved / total
    out = [
        {"answers": label,
         "conditions": [{"question": q, "answer": _copy(answers.get(q))} for q in read[label]],
         "toward": "pytorch" if value > 0 else "tensorflow", "points": round(abs(value), 4)}
        for label, value in pulls.items() if abs(value) >= _NEGLIGIBLE
    ]
    return sorted(out, key=lambda p: (-p["points"], p["answers"]))


def _copy(value: Any) -> Any:
    """An answer as it is saved (a list copied, so the pulls never share the answers' own)."""
    return list(value) if isinstance(value, list) else value


def _label(questions: list[str], answers: Mapping[str, Any]) -> str:
    """The answers a rule reads, as `advisor assess --set` would write them."""
    parts = []
    for question in questions:
        value = answers.get(question)
        shown = ",".join(str(v) for v in value) if isinstance(value, list) else str(value)
        parts.append(f"{question}={shown}")
    return " + ".join(parts)


def conflict(
    model: DecisionModel, outcome: Outcome, pulls: list[dict[str, Any]]
) -> str | None:
    """One sentence naming the answers that pull each way, when they conflict; else None."""
    towards = {o: [p for p in pulls if p["toward"] == o] for o in FRAMEWORKS}
    totals = {o: sum(p["points"] for p in items) for o, items in towards.items()}
    net = abs(outcome.scores["pytorch"] - outcome.scores["tensorflow"])
    threshold = model.verdict.conflict_pull
    if min(totals.values()) < threshold or net >= min(totals.values()) / 2:
        return None
    parts = []
    for option in FRAMEWORKS:
        named = "; ".join(f"{p['answers']} ({score(p['points'])})" for p in towards[option][:3])
        parts.append(f"towards {options.label(option)} {score(totals[option])} points: {named}")
    return (
        "The answers pull both ways - " + " | ".join(parts)
        + f" - and leave only {score(net)} points between the two frameworks; agree which of"
        " these matters more before deciding."
    )
