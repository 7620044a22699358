"""The decision model's and the questionnaire's texts in the report's language.

The English files (questionnaires/decision_model.yaml, default.yaml) stay the source, and the only
ones scoring reads; each other language keeps its texts in a file beside them
(`decision_model.<lang>.yaml`, `default.<lang>.yaml`), by the id of what they translate, so an
assessment (and its sha256 of the model) is the same in every language. A saved assessment
holds the English texts scoring wrote; the report finds them and writes them in the reader's
language. tests/i18n/test_model_texts.py keeps the files complete.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from advisor.errors import InputError
from advisor.i18n import SOURCE_LANGUAGE, Language, current_language
from advisor.paths import questionnaires_dir


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CriterionText(_Strict):
    label: str = Field(min_length=1)
    description: str = ""


class ConstraintText(_Strict):
    description: str = Field(min_length=1)
    reason: str = Field(min_length=1)


class RuleRiskText(_Strict):
    text: str = Field(min_length=1)
    mitigation: str = Field(min_length=1)


class HybridText(_Strict):
    cost_text: str = ""
    #: research framework -> deployment target -> the bridge's text.
    bridges: dict[str, dict[str, str]] = Field(default_factory=dict)


class DecisionModelText(_Strict):
    """`decision_model.<lang>.yaml`: the model's texts by id (see that file's header)."""

    criteria: dict[str, CriterionText] = Field(default_factory=dict)
    rating_tables: dict[str, dict[str, str]] = Field(default_factory=dict)
    rules: dict[str, str] = Field(default_factory=dict)
    rule_risks: dict[str, RuleRiskText] = Field(default_factory=dict)
    constraints: dict[str, ConstraintText] = Field(default_factory=dict)
    disagreements: dict[str, str] = Field(default_factory=dict)
    hybrid: HybridText = Field(default_factory=HybridText)
    wording: dict[str, dict[str, str]] = Field(default_factory=dict)
    #: Titles of sources written in this language (the others keep their own title).
    sources: dict[str, str] = Field(default_factory=dict)


class QuestionText(_Strict):
    prompt: str = Field(min_length=1)
    choices: dict[str, str] = Field(default_factory=dict)
    criteria: dict[str, str] = Field(default_factory=dict)


class QuestionnaireText(_Strict):
    """`default.<lang>.yaml`: the questions the report shows, by id and choice value."""

    questions: dict[str, QuestionText] = Field(default_factory=dict)


@dataclass(frozen=True)
class ModelTexts:
    """One language's texts, with the English each one translates."""

    model: DecisionModelText
    questionnaire: QuestionnaireText
    #: (English, translation) of every text, longest English first (replaced in that order).
    pairs: tuple[tuple[str, str], ...] = ()
    #: Whole-word patterns of the English texts, in the order of `pairs`.
    patterns: tuple[re.Pattern[str], ...] = field(default=(), repr=False)
    #: Labels (criteria, choices): translated only where a value is the label itself, since a
    #: short label ("Microcontrollers") also occurs inside names ("LiteRT for Microcontrollers").
    labels: Mapping[str, str] = field(default_factory=dict)


def text_path(english: Path, language: Language) -> Path:
    """Where the `language` texts of the English file `english` are kept."""
    return english.with_name(f"{english.stem}.{language}{english.suffix}")


def _read(path: Path, kind: type[_Strict]) -> Any:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return kind.model_validate(data)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the translated texts: {exc}", file=str(path)) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"{where}: {first['msg']}", file=str(path)) from exc


def english_pairs(texts: DecisionModelText, questionnaire: QuestionnaireText) -> list[
        tuple[str, str]]:
    """(English, translation) of every text the bundled files hold a translation of."""
    from advisor.questionnaire import load_default_questionnaire
    from advisor.scoring.loading import load_default_decision_model

    model = load_default_decision_model().model
    pairs: list[tuple[str, str]] = []
    for criterion in model.criteria:
        found = texts.criteria.get(criterion.id)
        if found is not None:
            pairs += [(criterion.label, found.label), (criterion.description, found.description)]
    for table in model.rating_tables:
        notes = texts.rating_tables.get(table.criterion, {})
        pairs += [(row.note, notes[value]) for value, row in table.values.items()
                  if value in notes]
    pairs += [(r.reason, texts.rules[r.id]) for r in model.rules if r.id in texts.rules]
    for rule in model.rules:
        risk = texts.rule_risks.get(rule.id)
        if rule.risk is not None and risk is not None:
            pairs += [(rule.risk.text, risk.text), (rule.risk.mitigation, risk.mitigation)]
    for constraint in model.constraints:
        found_constraint = texts.constraints.get(constraint.id)
        if found_constraint is not None:
            pairs += [(constraint.description, found_constraint.description),
                      (constraint.reason, found_constraint.reason)]
    pairs += [(d.text, texts.disagreements[d.id]) for d in model.disagreements
              if d.id in texts.disagreements]
    if model.hybrid is not None:
        pairs.append((model.hybrid.cost_text, texts.hybrid.cost_text))
        pairs += [(b.text, texts.hybrid.bridges[b.research][b.target])
                  for b in model.hybrid.bridges
                  if b.target in texts.hybrid.bridges.get(b.research, {})]
    for question in load_default_questionnaire().questions:
        known = questionnaire.questions.get(question.id)
        if known is None:
            continue
        pairs.append((question.prompt, known.prompt))
        pairs += [(c.label, known.choices[c.value]) for c in question.choices
                  if c.value in known.choices]
        pairs += [(c.label, known.criteria[c.id]) for c in question.criteria
                  if c.id in known.criteria]
    return [(english, translated) for english, translated in pairs if english and translated]


@cache
def model_texts(language: Language) -> ModelTexts | None:
    """The texts of `language` (None for English, the source)."""
    if language == SOURCE_LANGUAGE:
        return None
    from advisor.scoring.loading import default_decision_model_path

    texts = _read(text_path(default_decision_model_path(), language), DecisionModelText)
    questionnaire = _read(text_path(questionnaires_dir() / "default.yaml", language),
                          QuestionnaireText)
    found = english_pairs(texts, questionnaire)
    labels = {english: translated for english, translated in found if _is_label(english)}
    unique = dict(sorted(((e, t) for e, t in found if not _is_label(e)), key=lambda p: -len(p[0])))
    pairs = tuple(unique.items())
    patterns = tuple(re.compile(rf"(?<![\w-]){re.escape(english)}(?![\w-])")
                     for english, _ in pairs)
    return ModelTexts(texts, questionnaire, pairs, patterns, labels)


def _is_label(text: str) -> bool:
    """A label, not a sentence: short, no full stop or question mark at its end, and no "X: ..."
    (a rating table's note, e.g. "Tabular: TF Decision Forests", is a sentence: scoring writes it
    inside a longer line, before its source, where an exact match would never find it)."""
    return len(text) <= 60 and not text.rstrip().endswith((".", "?")) and ": " not in text


def current_texts() -> ModelTexts | None:
    """The texts of the language the report is being written in."""
    return model_texts(current_language())


def translate(text: str) -> str:
    """`text` with every decision-model or questionnaire text in it in the report's language
    (whole words only; English, or a text the files do not know, stays as it is)."""
    texts = current_texts()
    if texts is None or not text:
        return text
    if text in texts.labels:
        return texts.labels[text]
    for (_, translated), pattern in zip(texts.pairs, texts.patterns, strict=True):
        # A function, so that a backslash in the translation is never read as an escape.
        text = pattern.sub(_constant(translated), text)
    return text


def _constant(text: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: text


def criterion_label(criterion_id: str) -> str | None:
    """A criterion's label in the report's language, where its file has one."""
    texts = current_texts()
    found = texts.model.criteria.get(criterion_id) if texts else None
    return found.label if found else None


def source_title(source_id: str) -> str | None:
    """A source's title in the report's language, where the file gives one."""
    texts = current_texts()
    return texts.model.sources.get(source_id) if texts else None


def question_prompt(question_id: str) -> str | None:
    texts = current_texts()
    found = texts.questionnaire.questions.get(question_id) if texts else None
    return found.prompt if found else None


def choice_label(question_id: str, value: str) -> str | None:
    texts = current_texts()
    found = texts.questionnaire.questions.get(question_id) if texts else None
    return (found.choices.get(value) or found.criteria.get(value)) if found else None


def wording(question_id: str, key: str) -> str | None:
    """How a change of an answer is said (the model's `wording`), in the report's language."""
    texts = current_texts()
    return texts.model.wording.get(question_id, {}).get(key) if texts else None


def placeholders(text: str) -> set[str]:
    """The `{field}` names of a text (for the completeness test)."""
    return set(re.findall(r"\{(\w+)\}", text))


def missing_texts(language: Language) -> list[str]:
    """What the bundled English files hold that `language`'s files lack, and the reverse."""
    from advisor.questionnaire import load_default_questionnaire
    from advisor.scoring.loading import default_decision_model_path, load_default_decision_model

    model = load_default_decision_model().model
    texts = _read(text_path(default_decision_model_path(), language), DecisionModelText)
    questionnaire = _read(text_path(questionnaires_dir() / "default.yaml", language),
                          QuestionnaireText)
    wanted: dict[str, str] = {}
    for c in model.criteria:
        wanted[f"criteria.{c.id}"] = c.label
    for t in model.rating_tables:
        wanted.update({f"rating_tables.{t.criterion}.{v}": r.note for v, r in t.values.items()})
    wanted.update({f"rules.{r.id}": r.reason for r in model.rules})
    for r in model.rules:
        if r.risk is not None:
            wanted.update({f"rule_risks.{r.id}.text": r.risk.text,
                           f"rule_risks.{r.id}.mitigation": r.risk.mitigation})
    wanted.update({f"constraints.{c.id}": c.reason for c in model.constraints})
    wanted.update({f"disagreements.{d.id}": d.text for d in model.disagreements})
    if model.hybrid is not None:
        wanted.update({f"hybrid.bridges.{b.research}.{b.target}": b.text
                       for b in model.hybrid.bridges})
    for question_id, words in model.wording.items():
        wanted.update({f"wording.{question_id}.{key}": text for key, text in words.items()})
    for q in load_default_questionnaire().questions:
        wanted[f"questions.{q.id}"] = q.prompt
        wanted.update({f"questions.{q.id}.choices.{c.value}": c.label for c in q.choices})
        wanted.update({f"questions.{q.id}.criteria.{c.id}": c.label for c in q.criteria})
    have: dict[str, str] = {}
    have.update({f"criteria.{k}": v.label for k, v in texts.criteria.items()})
    for criterion, notes in texts.rating_tables.items():
        have.update({f"rating_tables.{criterion}.{v}": n for v, n in notes.items()})
    have.update({f"rules.{k}": v for k, v in texts.rules.items()})
    for k, risk in texts.rule_risks.items():
        have.update({f"rule_risks.{k}.text": risk.text,
                     f"rule_risks.{k}.mitigation": risk.mitigation})
    have.update({f"constraints.{k}": v.reason for k, v in texts.constraints.items()})
    have.update({f"disagreements.{k}": v for k, v in texts.disagreements.items()})
    for research, targets in texts.hybrid.bridges.items():
        have.update({f"hybrid.bridges.{research}.{t}": v for t, v in targets.items()})
    for question_id, words in texts.wording.items():
        have.update({f"wording.{question_id}.{key}": text for key, text in words.items()})
    for question_id, q_text in questionnaire.questions.items():
        have[f"questions.{question_id}"] = q_text.prompt
        have.update({f"questions.{question_id}.choices.{v}": t for v, t in q_text.choices.items()})
        have.update({f"questions.{question_id}.criteria.{v}": t
                     for v, t in q_text.criteria.items()})
    problems = [f"missing {key}" for key in wanted if key not in have]
    problems += [f"not a source of the English file: sources.{key}" for key in texts.sources
                 if key not in model.sources]
    problems += [f"not in the English file: {key}" for key in have if key not in wanted]
    problems += [f"placeholders differ: {key}" for key, english in wanted.items()
                 if key in have and placeholders(english) != placeholders(have[key])]
    if model.hybrid is not None and not texts.hybrid.cost_text:
        problems.append("missing hybrid.cost_text")
    return problems

