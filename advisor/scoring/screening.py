"""Who would win for many changed answer sets at once: the numbers of advisor.scoring.core in
matrix form, used only to screen candidate changes (every change reported is then re-scored with
advisor.scoring.core.outcome, the path `advisor assess --set` takes).

A rule's deltas are additive, so a batch of C answer sets is: which rules hold (C x R), weights
= clamp(importance + holds @ weight deltas), ratings = clamp(base + holds @ rating deltas +
evidence). Only the rules that read a changed question are evaluated again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from advisor.models import ProbeReport
from advisor.options import FRAMEWORKS, OPTIONS
from advisor.scoring.arithmetic import Array, evaluate
from advisor.scoring.core import Outcome, bridge_costs
from advisor.scoring.evidence import collect_evidence
from advisor.scoring.matrix import base_ratings
from advisor.scoring.model import DecisionModel

#: Questions whose answers the evidence reads (hardware gates the benchmarks).
_EVIDENCE_QUESTIONS = frozenset({"hardware", "domains"})


@dataclass(frozen=True)
class Compiled:
    """The decision model's rules as arrays."""

    ids: list[str]
    published: dict[str, int]
    importance: Array
    weight_deltas: Array  # (R, n)
    rating_deltas: Array  # (R, n, 2)
    rule_questions: list[frozenset[str]]
    #: Condition.holds of each rule and constraint, as functions of the answers.
    rule_tests: list[Callable[[Mapping[str, Any]], bool]]
    constraint_tests: list[Callable[[Mapping[str, Any]], bool]]
    constraint_questions: list[frozenset[str]]
    #: question -> indices of the rules (and constraints) whose conditions read it.
    rules_reading: dict[str, list[int]]
    constraints_reading: dict[str, list[int]]


_COMPILED: dict[int, tuple[DecisionModel, Compiled]] = {}


def compiled(model: DecisionModel) -> Compiled:
    """The model's arrays, built once per model object."""
    cached = _COMPILED.get(id(model))
    if cached is not None and cached[0] is model:
        return cached[1]
    ids = [c.id for c in model.criteria]
    index = {c: i for i, c in enumerate(ids)}
    dw = np.zeros((len(model.rules), len(ids)))
    dr = np.zeros((len(model.rules), len(ids), 2))
    for r, rule in enumerate(model.rules):
        for criterion_id, delta in rule.weight.items():
            dw[r, index[criterion_id]] += delta
        for criterion_id, deltas in rule.ratings.items():
            for k, option in enumerate(FRAMEWORKS):
                dr[r, index[criterion_id], k] += deltas.get(option, 0.0)
    rules_reading: dict[str, list[int]] = {}
    for r, rule in enumerate(model.rules):
        for question in rule.when.questions():
            rules_reading.setdefault(question, []).append(r)
    constraints_reading: dict[str, list[int]] = {}
    for k, constraint in enumerate(model.constraints):
        for question in constraint.when.questions():
            constraints_reading.setdefault(question, []).append(k)
    result = Compiled(
        ids=ids,
        published={c.id: i for i, c in enumerate(model.criteria) if c.group == "published"},
        importance=np.array([c.importance for c in model.criteria], dtype=float),
        weight_deltas=dw,
        rating_deltas=dr,
        rule_questions=[frozenset(rule.when.questions()) for rule in model.rules],
        rule_tests=[rule.when.test() for rule in model.rules],
        constraint_tests=[c.when.test() for c in model.constraints],
        constraint_questions=[frozenset(c.when.questions()) for c in model.constraints],
        rules_reading=rules_reading,
        constraints_reading=constraints_reading,
    )
    _COMPILED.clear()
    _COMPILED[id(model)] = (model, result)
    return result


def screen(
    model: DecisionModel,
    current: Outcome,
    answers: Mapping[str, Any],
    probes: ProbeReport | None,
    candidates: Sequence[tuple[Mapping[str, Any], frozenset[str]]],
) -> tuple[list[str], Array]:
    """For each (changed answers, changed questions): the winner, and the margin by which the
    current winner trails (positive) or leads (negative)."""
    if not candidates:
        return [], np.zeros(0)
    comp = compiled(model)
    # Which rules and constraints hold, per candidate: Python lists while they are filled in
    # (setting numpy elements one by one costs more than the tests themselves).
    base_holds = [test(answers) for test in comp.rule_tests]
    base_fail = [test(answers) for test in comp.constraint_tests]
    holds_rows = [base_holds.copy() for _ in candidates]
    constraint_rows = [base_fail.copy() for _ in candidates]
    current_evidence = _evidence(current)
    n_c = len(candidates)
    importance = np.repeat(np.array([row.importance for row in current.rows])[None, :], n_c,
                           axis=0)
    base = np.repeat(np.array([row.base_ratings[o] for row in current.rows for o in FRAMEWORKS])
                     .reshape(1, -1, 2), n_c, axis=0)
    evidence = np.repeat(current_evidence[None], n_c, axis=0)
    hybrid_allowed = np.ones(n_c, dtype=bool)
    forward = np.zeros(n_c)
    reverse = np.zeros(n_c)
    forward[:], reverse[:] = bridge_costs(model, answers)
    fails = np.array([[c.status.get(o) == "fail" for o in FRAMEWORKS] for c in model.constraints],
                     dtype=bool).reshape(-1, 2)
    priorities = answers.get("priorities") or {}
    for c, (changed, questions) in enumerate(candidates):
        rule_row, constraint_row = holds_rows[c], constraint_rows[c]
        for question in questions:
            for r in comp.rules_reading.get(question, ()):
                rule_row[r] = comp.rule_tests[r](changed)
            for k in comp.constraints_reading.get(question, ()):
                constraint_row[k] = comp.constraint_tests[k](changed)
        if "priorities" in questions:
            new = changed.get("priorities") or {}
            for criterion_id, i in comp.published.items():
                if new.get(criterion_id) != priorities.get(criterion_id):
                    importance[c, i] = float(new.get(criterion_id, comp.importance[i]))
        for table in model.rating_tables:
            if table.question in questions:
                i = comp.ids.index(table.criterion)
                table_ratings, _ = base_ratings(model, model.criteria[i], changed, explain=False)
                base[c, i] = [table_ratings[o] for o in FRAMEWORKS]
        if probes is not None and questions & _EVIDENCE_QUESTIONS:
            evidence[c] = _moves_array(comp, collect_evidence(probes, changed, model))
        if model.hybrid is not None and model.hybrid.when is not None:
            hybrid_allowed[c] = model.hybrid.when.holds(changed)
        if "deployment_targets" in questions:
            forward[c], reverse[c] = bridge_costs(model, changed)
    holds = np.array(holds_rows, dtype=float).reshape(n_c, len(model.rules))
    constraint_holds = np.array(constraint_rows, dtype=bool).reshape(n_c, len(model.constraints))
    excluded = (constraint_holds[:, :, None] & fails[None, :, :]).any(axis=1)
    if probes is not None:
        excluded |= _probe_exclusions(current)[None, :]
    low, high = model.weight_range
    weights = np.clip(importance + holds @ comp.weight_deltas, low, high)
    # The rules' rating deltas flattened to (R, criteria x 2): spelled out, since with no rules
    # a -1 has nothing to infer its size from.
    flat_deltas = comp.rating_deltas.reshape(len(model.rules), base.shape[1] * base.shape[2])
    moved = (holds @ flat_deltas).reshape(base.shape)
    ratings = np.clip(base + moved + evidence, model.scale.min, model.scale.max)
    matrix = current.matrix
    hybrid_matrix = replace(matrix, hybrid=model.hybrid is not None, bridge_cost=forward,
                            bridge_cost_reverse=reverse,
                            min_side_margin=model.hybrid.min_side_margin if model.hybrid else 0.0)
    ev = evaluate(hybrid_matrix, weights, np.moveaxis(ratings, 2, 0))
    res, dep = ev.research_side, ev.deployment_side
    sides_differ = ((res[:, 0] >= res[:, 1]) != (dep[:, 0] >= dep[:, 1])) & res.any(axis=1) & (
        dep.any(axis=1))
    hybrid_on = sides_differ & hybrid_allowed & (model.hybrid is not None)
    return _winners(ev.scores, ev.hybrid_eligible, hybrid_on, excluded, current.decision.winner)


def _winners(
    scores: Mapping[str, Array],
    eligible: NDArray[np.bool_],
    hybrid_on: NDArray[np.bool_],
    excluded: NDArray[np.bool_],
    winner_now: str,
) -> tuple[list[str], Array]:
    """core.decide for every candidate at once."""
    n_c = len(hybrid_on)
    table = np.full((n_c, 3), -np.inf)
    none_left = excluded.all(axis=1)
    for j, option in enumerate(FRAMEWORKS):
        table[:, j] = np.where(excluded[:, j] & ~none_left, -np.inf, scores[option])
    if "hybrid" in scores:
        table[:, 2] = np.where(hybrid_on & eligible & ~excluded.any(axis=1), scores["hybrid"],
                               -np.inf)
    # Ties go to the earlier option in OPTIONS: a tiny bonus by position breaks them that way.
    order_bonus = np.array([3, 2, 1]) * 1e-12
    winners = (table + order_bonus).argmax(axis=1)
    names = [OPTIONS[int(i)] for i in winners]
    now = OPTIONS.index(winner_now)
    others = table.copy()
    others[:, now] = -np.inf
    trail = others.max(axis=1) - table[:, now]
    return names, np.where(np.isfinite(trail), trail, 0.0)


def _evidence(current: Outcome) -> Array:
    """The current evidence moves as an (n, 2) array."""
    return _moves_array(compiled_ids(current), current.moves)


def compiled_ids(current: Outcome) -> list[str]:
    """Criterion ids of an outcome, in order."""
    return [row.id for row in current.rows]


def _moves_array(ids: Compiled | list[str], moves: Sequence[Any]) -> Array:
    order = ids.ids if isinstance(ids, Compiled) else ids
    out = np.zeros((len(order), 2))
    for move in moves:
        i = order.index(move.criterion)
        for k, option in enumerate(FRAMEWORKS):
            out[i, k] += move.deltas.get(option, 0.0)
    return out


def _probe_exclusions(current: Outcome) -> NDArray[np.bool_]:
    """Options failing a probe-based constraint (these do not depend on the answers)."""
    ids = {c.id for c in current.constraints}
    out = np.zeros(2, dtype=bool)
    for constraint in current.constraints:
        if constraint.source == "probe report" and constraint.id in ids:
            for j, option in enumerate(FRAMEWORKS):
                out[j] |= constraint.status.get(option) == "fail"
    return out
