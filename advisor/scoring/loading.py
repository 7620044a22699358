"""Load and validate a decision model file; every problem is a DecisionModelError (exit 2).

Checks beyond the shape (advisor.scoring.model): the options are exactly pytorch and tensorflow,
the seven published criteria are all present and no other criterion claims to be published,
rules and constraints name only known criteria and options, every rating is on the fixed scale,
every source exists, and the default weights do not sum to zero.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from advisor.errors import DecisionModelError
from advisor.fileio import load_structured_file
from advisor.options import FRAMEWORKS, HYBRID
from advisor.paths import questionnaires_dir
from advisor.scoring.model import (
    DECISION_MODEL_SCHEMA_VERSION,
    PUBLISHED_CRITERIA,
    DecisionModel,
)

#: How the bundled model is named in assessments (a path would differ between installations).
BUNDLED_NAME = "questionnaires/decision_model.yaml"


@dataclass(frozen=True)
class LoadedDecisionModel:
    """A validated decision model and where it came from (recorded in the assessment)."""

    model: DecisionModel
    path: str
    sha256: str

    def describe(self) -> dict[str, Any]:
        """The `decision_model` block of an assessment."""
        return {
            "version": self.model.version,
            "knowledge_as_of": self.model.knowledge_as_of,
            "path": self.path,
            "sha256": self.sha256,
            "schema_version": self.model.schema_version,
        }


def default_decision_model_path() -> Path:
    """The bundled decision model."""
    return questionnaires_dir() / "decision_model.yaml"


@cache
def load_default_decision_model() -> LoadedDecisionModel:
    """The bundled decision model, loaded once per process."""
    return _load(default_decision_model_path(), BUNDLED_NAME)


def load_decision_model(path: Path | None = None) -> LoadedDecisionModel:
    """Load the decision model at `path` (the bundled one when None)."""
    if path is None:
        return load_default_decision_model()
    return _load(path, str(path))


def _load(path: Path, name: str) -> LoadedDecisionModel:
    data = load_structured_file(path, error=DecisionModelError)
    model = decision_model_from_data(data, source=str(path))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return LoadedDecisionModel(model=model, path=name, sha256=digest)


def decision_model_from_data(data: dict[str, Any], *, source: str) -> DecisionModel:
    """Validate parsed decision model data; `source` names it in errors."""
    found = data.get("schema_version")
    if str(found) != DECISION_MODEL_SCHEMA_VERSION:
        raise DecisionModelError(
            f"{found!r} is not supported"
            if found is not None
            else "schema_version is missing",
            file=source,
            field="schema_version",
            allowed=repr(DECISION_MODEL_SCHEMA_VERSION),
        )
    try:
        model = DecisionModel.model_validate(data)
    except ValidationError as exc:
        raise _shape_error(exc, data, source) from None
    _check_consistency(model, source)
    return model


def _shape_error(exc: ValidationError, data: dict[str, Any], source: str) -> DecisionModelError:
    error = exc.errors()[0]
    loc = list(error["loc"])
    field = _describe(loc, data)
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return DecisionModelError("unknown field", file=source, field=field)
    if error["type"] == "missing":
        return DecisionModelError("required field is missing", file=source, field=field)
    return DecisionModelError(message, file=source, field=field)


def _describe(loc: list[Any], data: dict[str, Any]) -> str:
    """Turn ('criteria', 2, 'ratings') into "criteria[2] (learning_curve).ratings"."""
    parts: list[str] = []
    node: Any = data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            label = f"{parts[-1] if parts else ''}[{part}]" + (f" ({ident})" if ident else "")
            parts[-1:] = [label]
            node = item
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts)


def _check_consistency(model: DecisionModel, source: str) -> None:
    def fail(problem: str, field: str, allowed: str | None = None) -> DecisionModelError:
        return DecisionModelError(problem, file=source, field=field, allowed=allowed)

    if list(model.options) != list(FRAMEWORKS):
        raise fail("options must be exactly the two frameworks", "options", ", ".join(FRAMEWORKS))
    low, high = model.weight_range
    if not 0 <= low < high:
        raise fail("weight_range must be [min, max] with 0 <= min < max", "weight_range")
    ids = [c.id for c in model.criteria]
    known = ", ".join(ids)
    seen: set[str] = set()
    for index, criterion in enumerate(model.criteria):
        where = f"criteria[{index}] ({criterion.id})"
        if criterion.id in seen:
            raise fail("duplicate criterion id", f"{where}.id")
        seen.add(criterion.id)
        if criterion.group == "published" and criterion.id not in PUBLISHED_CRITERIA:
            raise fail(
                f"unknown published criterion {criterion.id!r}",
                f"{where}.id",
                ", ".join(PUBLISHED_CRITERIA),
            )
        _check_ratings(model, criterion.ratings, f"{where}.ratings", fail, absolute=True)
        if criterion.source not in model.sources:
            raise fail(f"unknown source {criterion.source!r}", f"{where}.source",
                       ", ".join(model.sources))
    missing = [c for c in PUBLISHED_CRITERIA if c not in seen]
    if missing:
        raise fail(
            "the published criteria are missing: " + ", ".join(missing), "criteria",
            ", ".join(PUBLISHED_CRITERIA),
        )
    if sum(c.importance for c in model.criteria) <= 0:
        raise fail("the criteria's importance values sum to zero", "criteria[*].importance",
                   "at least one importance above 0")
    for index, rule in enumerate(model.rules):
        where = f"rules[{index}] ({rule.id})"
        named = [("weight", c) for c in rule.weight] + [("ratings", c) for c in rule.ratings]
        for part, criterion_id in named:
            if criterion_id not in seen:
                raise fail(f"unknown criterion {criterion_id!r}", f"{where}.{part}", known)
        for criterion_id, deltas in rule.ratings.items():
            _check_ratings(model, deltas, f"{where}.ratings.{criterion_id}", fail, absolute=False)
        if rule.source not in model.sources:
            raise fail(f"unknown source {rule.source!r}", f"{where}.source",
                       ", ".join(model.sources))
        for option in rule.risk.options if rule.risk else []:
            if option not in (*FRAMEWORKS, HYBRID):
                raise fail(f"unknown option {option!r}", f"{where}.risk.options",
                           ", ".join((*FRAMEWORKS, HYBRID)))
    for index, constraint in enumerate(model.constraints):
        where = f"constraints[{index}] ({constraint.id})"
        for option in constraint.status:
            if option not in FRAMEWORKS:
                raise fail(f"unknown option {option!r}", f"{where}.status", ", ".join(FRAMEWORKS))
        if constraint.source not in model.sources:
            raise fail(f"unknown source {constraint.source!r}", f"{where}.source",
                       ", ".join(model.sources))
    _check_tables(model, seen, known, fail)
    for name in ("performance", "ecosystem", "hardware"):
        criterion_id = getattr(model.evidence, name).criterion
        if criterion_id not in seen:
            raise fail(f"unknown criterion {criterion_id!r}", f"evidence.{name}.criterion", known)
    if model.hybrid is not None:
        for index, bridge in enumerate(model.hybrid.bridges):
            if {bridge.research, bridge.deployment} != set(FRAMEWORKS):
                raise fail("a bridge goes from one framework to the other",
                           f"hybrid.bridges[{index}]", "research/deployment: pytorch, tensorflow")
            if bridge.source not in model.sources:
                raise fail(f"unknown source {bridge.source!r}", f"hybrid.bridges[{index}].source",
                           ", ".join(model.sources))


def _check_ratings(
    model: DecisionModel, ratings: dict[str, float], field: str, fail: Any, *, absolute: bool
) -> None:
    for option, value in ratings.items():
        if option not in FRAMEWORKS:
            raise fail(f"unknown option {option!r}", field, ", ".join(FRAMEWORKS))
        span = model.scale.max - model.scale.min
        if absolute and not model.scale.min <= value <= model.scale.max:
            raise fail(
                f"rating {value:g} for {option} is off the scale",
                f"{field}.{option}",
                f"{model.scale.min:g} to {model.scale.max:g}",
            )
        if not absolute and abs(value) > span:
            raise fail(
                f"rating delta {value:g} for {option} is larger than the scale",
                f"{field}.{option}",
                f"-{span:g} to {span:g}",
            )
    if absolute and set(ratings) != set(FRAMEWORKS):
        raise fail("every criterion rates both frameworks", field, ", ".join(FRAMEWORKS))


def _check_tables(model: DecisionModel, seen: set[str], known: str, fail: Any) -> None:
    """Rating tables and disagreements name known criteria and sources; table rows are on the
    scale."""
    sources = ", ".join(model.sources)
    for index, table in enumerate(model.rating_tables):
        where = f"rating_tables[{index}]"
        if table.criterion not in seen:
            raise fail(f"unknown criterion {table.criterion!r}", f"{where}.criterion", known)
        for value, row in table.values.items():
            _check_ratings(model, {o: getattr(row, o) for o in FRAMEWORKS},
                           f"{where}.values.{value}", fail, absolute=True)
            if row.source not in model.sources:
                raise fail(f"unknown source {row.source!r}", f"{where}.values.{value}.source",
                           sources)
        if table.source not in model.sources:
            raise fail(f"unknown source {table.source!r}", f"{where}.source", sources)
    for index, item in enumerate(model.disagreements):
        where = f"disagreements[{index}] ({item.id})"
        for source in item.sources:
            if source not in model.sources:
                raise fail(f"unknown source {source!r}", f"{where}.sources", sources)
        for criterion_id in item.widen:
            if criterion_id not in seen:
                raise fail(f"unknown criterion {criterion_id!r}", f"{where}.widen", known)
