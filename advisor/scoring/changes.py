"""What would change the decision, in the team's own answers (docs/contract.md section 6).

Candidates: every other value of each choice question that applies, adding or dropping each
value of a list question, and every other priority 1-5 of each published criterion; then
pairs of the single answer changes that came closest, when no single change does. They are
screened in matrix form (advisor.scoring.screening); each one reported is re-scored with
advisor.scoring.core.outcome after going through the same parsing and resolution as
`advisor assess --set`, and kept only when that re-scoring gives the option it names.
Smallest first: one change before two, then the smaller step (priority 4 -> 3 before 4 -> 1),
then questionnaire order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from itertools import combinations
from typing import Any, NamedTuple

from advisor import options
from advisor.errors import AdvisorError
from advisor.models import ProbeReport
from advisor.models.assessment import AnswerChange
from advisor.questionnaire import Questionnaire, resolve_answers
from advisor.questionnaire.answers import parse_set_options
from advisor.questionnaire.model import Question
from advisor.scoring.core import Outcome, outcome
from advisor.scoring.loading import LoadedDecisionModel
from advisor.scoring.screening import screen

#: How many single changes that came closest are paired up when singles are not enough.
_PAIR_POOL = 6


class _Change(NamedTuple):
    """One candidate change. Its wording is built only for the changes that are reported (a
    profile screens about seventy candidates and reports up to three)."""

    key: str
    set: str
    wording: Callable[[], str]
    step: float
    order: int

    @property
    def phrase(self) -> str:
        """"if the team had no TensorFlow experience"."""
        return self.wording()


def what_would_change_it(
    answers: Mapping[str, Any],
    probes: ProbeReport | None,
    decision_model: LoadedDecisionModel,
    questionnaire: Questionnaire,
    current: Outcome,
    by_priority: Sequence[Mapping[int, str] | None] | None = None,
    limit: int = 3,
) -> list[AnswerChange]:
    """Up to `limit` verified changes of one or two answers that change the recommendation.

    `by_priority` (the recommendation at each priority 1-5 of each published criterion, all
    else as answered, as the engine computes for the flip points) saves screening the
    priorities again; without it they are screened like the other answers."""
    model = decision_model.model
    winner = current.decision.winner
    singles = _single_changes(questionnaire, answers, model.wording)
    found: list[tuple[list[_Change], str]] = []
    if by_priority is not None:
        known = {f"priorities.{row.id}": outcomes
                 for row, outcomes in zip(current.rows, by_priority, strict=True) if outcomes}
        for change in singles:
            outcomes = known.get(change.key)
            if outcomes is not None:
                level = int(change.set.rpartition("=")[2])
                if outcomes[level] != winner:
                    found.append(([change], outcomes[level]))
        singles = [c for c in singles if c.key not in known]
    applied = [_apply(questionnaire, answers, [c]) for c in singles]
    names, trail = screen(model, current, answers, probes, applied)
    found.extend(([c], name) for c, name in zip(singles, names, strict=True) if name != winner)
    if not found:  # two changes only where no single one does: one is always smaller
        close = sorted(
            (i for i, name in enumerate(names) if name == winner),
            key=lambda i: (-trail[i], singles[i].order),
        )[:_PAIR_POOL]
        pairs = [
            [singles[i], singles[j]] for i, j in combinations(sorted(close), 2)
            if singles[i].key != singles[j].key
        ]
        pair_names, _ = screen(
            model, current, answers, probes, [_apply(questionnaire, answers, p) for p in pairs]
        )
        found.extend((p, n) for p, n in zip(pairs, pair_names, strict=True) if n != winner)
    found.sort(key=lambda item: (len(item[0]), sum(c.step for c in item[0]),
                                 [c.order for c in item[0]]))
    out: list[AnswerChange] = []
    for changes, _ in found:
        verified = _verify(answers, probes, decision_model, questionnaire, changes)
        if verified is not None and verified != winner:
            out.append(AnswerChange(set=[c.set for c in changes], recommendation=verified,
                                    text=_text(changes, verified)))
        if len(out) >= limit:
            break
    return out


def _verify(
    answers: Mapping[str, Any],
    probes: ProbeReport | None,
    decision_model: LoadedDecisionModel,
    questionnaire: Questionnaire,
    changes: list[_Change],
) -> str | None:
    """The recommendation after `advisor assess --set` with these changes (None if rejected)."""
    try:
        given = parse_set_options([c.set for c in changes], questionnaire)
        file_answers = {k: v for k, v in answers.items() if questionnaire.get(k) is not None}
        resolved = resolve_answers(questionnaire, file_answers=file_answers, set_answers=given)
        return outcome(resolved.values, probes, decision_model, explain=False).decision.winner
    except AdvisorError:
        return None


def _apply(
    questionnaire: Questionnaire, answers: Mapping[str, Any], changes: list[_Change]
) -> tuple[dict[str, Any], frozenset[str]]:
    """The answers with the changes made, conditional questions dropped or defaulted the way
    the questionnaire resolves them, and the questions that changed."""
    new = dict(answers)
    changed: set[str] = set()
    kinds, conditional = _shape(questionnaire)
    for change in changes:
        key, _, value = change.set.partition("=")
        head, dot, sub = key.partition(".")
        if dot:
            new[head] = {**(new.get(head) or {}), sub: int(value)}
        else:
            new[head] = value.split(",") if kinds.get(head) == "multi_choice" else value
        changed.add(head)
    for question in conditional:
        assert question.when is not None
        if not question.when.holds(new):
            if new.pop(question.id, None) is not None:
                changed.add(question.id)
        elif question.id not in new and question.has_default:
            new[question.id] = question.default_value()
            changed.add(question.id)
    return new, frozenset(changed)


_SHAPES: dict[int, tuple[Questionnaire, tuple[dict[str, str], list[Question]]]] = {}


def _shape(questionnaire: Questionnaire) -> tuple[dict[str, str], list[Question]]:
    """Each question's kind, and the questions asked only under a condition (built once)."""
    cached = _SHAPES.get(id(questionnaire))
    if cached is not None and cached[0] is questionnaire:
        return cached[1]
    kinds: dict[str, str] = {q.id: q.kind for q in questionnaire.questions}
    shape = (kinds, [q for q in questionnaire.questions if q.when is not None])
    _SHAPES.clear()
    _SHAPES[id(questionnaire)] = (questionnaire, shape)
    return shape


def _single_changes(
    questionnaire: Questionnaire, answers: Mapping[str, Any], wording: Mapping[str, Any]
) -> list[_Change]:
    out: list[_Change] = []
    active = questionnaire.active_questions(dict(answers))
    for question in active:
        value = answers.get(question.id)
        if question.kind == "choice":
            out.extend(_choice_changes(question, value, wording.get(question.id, {}), len(out)))
        elif question.kind == "multi_choice" and isinstance(value, list):
            out.extend(_list_changes(question, value, wording.get(question.id, {}), len(out)))
        elif question.kind == "priorities" and isinstance(value, Mapping):
            for criterion in question.criteria:
                now = int(value.get(criterion.id, criterion.default))
                for level in range(1, 6):
                    if level == now:
                        continue
                    out.append(_Change(
                        key=f"{question.id}.{criterion.id}",
                        set=f"{question.id}.{criterion.id}={level}",
                        wording=partial(_priority_phrase, criterion.label, level, now),
                        step=abs(level - now),
                        order=len(out),
                    ))
    return out


def _priority_phrase(label: str, level: int, now: int) -> str:
    how = "more" if level > now else "less"
    return f"if {label.lower()} mattered {how} (priority {level} instead of {now})"


def _choice_phrase(words: Mapping[str, str], question: str, value: str, label: str) -> str:
    return words.get(value) or f"if {question} were {label.lower()}"


def _list_phrase(template: str, label: str) -> str:
    # "Mobile apps" -> "mobile apps", but "NLP and ..." keeps its capitals.
    lower = label if label[1:2].isupper() else label[:1].lower() + label[1:]
    return template.format(label=label, lower=lower)


def _choice_changes(
    question: Question, value: Any, words: Mapping[str, str], start: int
) -> list[_Change]:
    values = [c.value for c in question.choices if not c.replaced_by]
    if value not in values:
        return []
    now = values.index(value)
    return [
        _Change(
            key=question.id,
            set=f"{question.id}={choice.value}",
            wording=partial(_choice_phrase, words, question.id, choice.value, choice.label),
            step=1.0,
            order=start + k,
        )
        for k, choice in enumerate(c for c in question.choices if not c.replaced_by)
        if choice.value != value and values.index(choice.value) != now
    ]


def _list_changes(
    question: Question, value: list[str], words: Mapping[str, str], start: int
) -> list[_Change]:
    out: list[_Change] = []
    for choice in question.choices:
        if choice.replaced_by:
            continue
        present = choice.value in value
        new = [c.value for c in question.choices
               if (c.value in value) != (c.value == choice.value)]
        if not new:
            continue  # a list question keeps at least one value
        template = words.get("-" if present else "+") or (
            "if {label} were dropped" if present else "if {label} were added")
        out.append(_Change(
            key=question.id,
            set=f"{question.id}={','.join(new)}",
            wording=partial(_list_phrase, template, choice.label),
            step=1.0,
            order=start + len(out),
        ))
    return out


def _text(changes: list[_Change], option: str) -> str:
    """"If the team had no TensorFlow experience, PyTorch would be recommended." (several
    conditions joined with "and")."""
    phrases = [c.phrase for c in changes]
    joined = phrases[0] + "".join(" and " + p.removeprefix("if ") for p in phrases[1:])
    return f"{joined[:1].upper()}{joined[1:]}, {options.label(option)} would be recommended."
