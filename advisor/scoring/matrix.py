"""The decision matrix of one project: weights and ratings from the answers, through the rules.

Weights: a published criterion starts from its answered importance (answers["priorities"]), a
derived one from the model's `importance`; every rule whose condition holds adds its weight
deltas; the result is clamped to the model's weight_range. Ratings start from the model's base
ratings (fixed 1-5 scale) and are moved by rule deltas and then by evidence (advisor.scoring
.evidence), and clamped to the scale. Every step leaves a line of text saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from advisor import numerals, options
from advisor.models import RuleRef
from advisor.options import FRAMEWORKS
from advisor.scoring.model import Criterion, DecisionModel, RatingTable
from advisor.scoring.rule_refs import rating_ref, weight_ref


@dataclass
class Row:
    """One criterion being built: weight and ratings with the reasons behind them."""

    criterion: Criterion
    importance: float
    weight: float
    base_ratings: dict[str, float]
    ratings: dict[str, float]
    weight_reasons: list[str] = field(default_factory=list)
    rating_sources: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    #: The sum of the rules' weight deltas (weight = clamp(importance + offset)).
    offset: float = 0.0
    #: Ids of the rules that moved the weight.
    weight_rules: list[str] = field(default_factory=list)
    #: Every move of a rule, as data (its line is in weight_reasons or rating_sources).
    rule_refs: list[RuleRef] = field(default_factory=list)
    #: The priority as answered (published criteria only; None for derived ones).
    answered: float | None = None
    #: True once applicable measured evidence moved the ratings (narrower perturbation).
    measured: bool = False

    @property
    def id(self) -> str:
        """The criterion id."""
        return self.criterion.id


@dataclass(frozen=True)
class EvidenceMove:
    """A move of one criterion's ratings by measured evidence (deltas may be zero: a note)."""

    criterion: str
    deltas: dict[str, float]
    text: str
    #: False when the evidence does not apply to this project (shown, never moving a rating).
    applied: bool = True
    #: Why it was not applied, in one line, and the kind of reason (the kinds in
    #: advisor.scoring.applicability).
    reason: str | None = None
    reason_kind: str | None = None


def build_rows(
    model: DecisionModel, answers: Mapping[str, Any], *, explain: bool = True
) -> list[Row]:
    """Weights and rule-moved ratings of every criterion, in model order (not yet clamped).

    `explain` False leaves out the reasons (same numbers): for re-scoring changed answers."""
    priorities = answers.get("priorities") or {}
    derived = _derived(model)
    rows: list[Row] = []
    for criterion in model.criteria:
        if criterion.group == "published" and criterion.id in priorities:
            importance = float(priorities[criterion.id])
            first = (
                f"priority {numerals.priority(importance)} as answered"
                f" (priorities.{criterion.id})"
            ) if explain else ""
        elif criterion.group == "published":
            importance = criterion.importance
            first = (
                f"default priority {numerals.priority(importance)}"
                f" (priorities.{criterion.id} not given)"
            ) if explain else ""
        else:
            importance = criterion.importance
            first = (
                f"base weight {numerals.weight(importance)} (decision model, derived criterion)"
            ) if explain else ""
        base, sources = base_ratings(model, criterion, answers, explain=explain)
        rows.append(
            Row(
                criterion=criterion,
                importance=importance,
                weight=importance,
                base_ratings=dict(base),
                ratings=dict(base),
                weight_reasons=[first] if explain else [],
                rating_sources=sources or [derived.base_sources[criterion.id]] if explain else [],
                answered=importance if criterion.group == "published" else None,
            )
        )
    for effect in derived.effects:
        if not effect.holds(answers):
            continue
        for i, delta, ref in effect.weights:
            row = rows[i]
            row.weight += delta
            row.offset += delta
            row.weight_rules.append(effect.rule)
            if explain:
                row.weight_reasons.append(ref.line)
                row.rule_refs.append(ref)
        for i, deltas, ref in effect.ratings:
            row = rows[i]
            for option, delta in deltas:
                row.ratings[option] += delta
            if explain:
                row.rating_sources.append(ref.line)
                row.rule_refs.append(ref)
    low, high = model.weight_range
    for row in rows:
        clamped = min(max(row.weight, low), high)
        if clamped != row.weight:
            if explain:
                row.weight_reasons.append(
                    f"clamped from {numerals.weight(row.weight)} to {numerals.weight(clamped)}"
                    f" (weight range {numerals.weight(low)} to {numerals.weight(high)})"
                )
            row.weight = clamped
    for row in rows:
        row.evidence.extend(row.rating_sources)
    return rows


def base_ratings(
    model: DecisionModel, criterion: Criterion, answers: Mapping[str, Any], *, explain: bool = True
) -> tuple[dict[str, float], list[str]]:
    """The criterion's base ratings: from its rating table rows when the answers select any
    (the mean of the rows, each with its source), else the model's ratings."""
    for table in _tables(model).get(criterion.id, ()):
        answer = answers.get(table.question)
        selected = answer if isinstance(answer, list) else [answer]
        rows = [table.values[v] for v in selected if isinstance(v, str) and v in table.values]
        if not rows:
            continue
        base = {o: sum(float(getattr(r, o)) for r in rows) / len(rows) for o in FRAMEWORKS}
        if not explain:
            return base, []
        lines = [
            f"{_pair({o: getattr(r, o) for o in FRAMEWORKS})}: {r.note}"
            f" [{model.source_text(r.source)}]"
            for r in rows
        ]
        if len(rows) > 1:
            lines.insert(0, f"base {_pair(base)}: mean of {len(rows)} rows of the table by"
                            f" {table.question} ({model.source_text(table.source)})")
        else:
            lines[0] = "base " + lines[0]
        return base, lines
    return {o: float(criterion.ratings[o]) for o in FRAMEWORKS}, []


def weight_at(model: DecisionModel, row: Row, importance: float) -> float:
    """The weight this row would have at another importance (same rules, same clamp)."""
    low, high = model.weight_range
    return min(max(importance + row.offset, low), high)


def weight_drivers(model: DecisionModel) -> dict[str, list[str]]:
    """Per criterion, the questions whose answers can move its weight through the rules."""
    return {c: list(q) for c, q in _derived(model).drivers.items()}


@dataclass(frozen=True)
class _Effect:
    """One rule as build_rows applies it: its test, and its moves by criterion index with the
    reference (and line of text) each leaves: the same for every profile, so built once."""

    rule: str
    holds: Callable[[Mapping[str, Any]], bool]
    weights: tuple[tuple[int, float, RuleRef], ...]
    ratings: tuple[tuple[int, tuple[tuple[str, float], ...], RuleRef], ...]


@dataclass(frozen=True)
class _Derived:
    """What follows from the decision model alone, worked out once per model object."""

    #: criterion id -> the rating tables that rate it, in model order.
    tables: dict[str, tuple[RatingTable, ...]]
    drivers: dict[str, tuple[str, ...]]
    effects: tuple[_Effect, ...]
    #: criterion id -> the line for its model base ratings.
    base_sources: dict[str, str]


_DERIVED: dict[int, tuple[DecisionModel, _Derived]] = {}


def _derived(model: DecisionModel) -> _Derived:
    cached = _DERIVED.get(id(model))
    if cached is not None and cached[0] is model:
        return cached[1]
    tables: dict[str, list[RatingTable]] = {}
    for table in model.rating_tables:
        tables.setdefault(table.criterion, []).append(table)
    found: dict[str, list[str]] = {c.id: [] for c in model.criteria}
    for rule in model.rules:
        questions = rule.when.questions()
        for criterion_id, delta in rule.weight.items():
            if delta and criterion_id in found:
                found[criterion_id].extend(q for q in questions if q not in found[criterion_id])
    index = {c.id: i for i, c in enumerate(model.criteria)}
    effects = []
    for rule in model.rules:
        effects.append(_Effect(
            rule=rule.id,
            holds=rule.when.test(),
            weights=tuple(
                (index[c], delta, weight_ref(model, rule, delta))
                for c, delta in rule.weight.items() if delta
            ),
            ratings=tuple(
                (index[c], tuple(deltas.items()), rating_ref(model, rule, deltas))
                for c, deltas in rule.ratings.items()
            ),
        ))
    derived = _Derived(
        tables={c: tuple(t) for c, t in tables.items()},
        drivers={c: tuple(q) for c, q in found.items()},
        effects=tuple(effects),
        base_sources={
            c.id: f"base {_pair(c.ratings)}: {model.source_text(c.source)}"
            for c in model.criteria
        },
    )
    _DERIVED.clear()
    _DERIVED[id(model)] = (model, derived)
    return derived


def _tables(model: DecisionModel) -> dict[str, tuple[RatingTable, ...]]:
    return _derived(model).tables


def apply_moves(rows: list[Row], moves: list[EvidenceMove]) -> None:
    """Add measured evidence to the rows (ratings move; every move is listed as evidence)."""
    by_id = {row.id: row for row in rows}
    for move in moves:
        row = by_id[move.criterion]
        for option, delta in move.deltas.items():
            row.ratings[option] += delta
        row.measured = row.measured or any(move.deltas.values())
        row.evidence.append(f"measured: {move.text}")


def clamp_ratings(model: DecisionModel, rows: list[Row]) -> None:
    """Keep every rating on the fixed scale, saying so when a rating hit its end."""
    low, high = model.scale.min, model.scale.max
    for row in rows:
        for option in FRAMEWORKS:
            value = row.ratings[option]
            clamped = min(max(value, low), high)
            if clamped != value:
                row.evidence.append(
                    f"{options.label(option)} rating {numerals.score(value)} clamped to the scale:"
                    f" {numerals.score(clamped)}"
                )
                row.ratings[option] = clamped


def _pair(ratings: Mapping[str, float]) -> str:
    return " / ".join(f"{options.label(o)} {numerals.score(ratings[o])}" for o in FRAMEWORKS)

