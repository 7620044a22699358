"""Typed model of the decision model file (questionnaires/decision_model.yaml).

The file format is documented in the comment header of the bundled file. These models check its
shape; advisor.scoring.loading checks what spans fields (known criteria, ratings on the scale,
sources that exist, weights that do not sum to zero) and turns every problem into a
DecisionModelError naming the file, the field and what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from advisor.scoring.evidence_settings import EvidenceSettings

DECISION_MODEL_SCHEMA_VERSION = "1"

#: The seven criteria of the published decision matrix, in its order (docs/contract.md section 1).
PUBLISHED_CRITERIA: tuple[str, ...] = (
    "research_velocity",
    "production_readiness",
    "learning_curve",
    "performance",
    "ecosystem",
    "community",
    "enterprise_support",
)
#: The scale of the answered priorities of the published criteria (docs/contract.md section 1).
PRIORITY_SCALE: tuple[int, ...] = (1, 2, 3, 4, 5)
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
DATE_PATTERN = r"^(undated|\d{4}(-\d{2}(-\d{2})?)?)$"

Side = Literal["research", "deployment", "both"]
#: How a hybrid's rating of a criterion is composed from the two frameworks' ratings.
HybridRating = Literal["research_leader", "deployment_leader", "mean", "min"]
_SIDE_DEFAULT: dict[str, HybridRating] = {
    "research": "research_leader",
    "deployment": "deployment_leader",
    "both": "mean",
}
Status = Literal["pass", "warn", "fail"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


#: Each condition's closure (advisor.scoring.model.Condition.holds), by the condition's id; the
#: condition is kept with it, so an id is never reused while its entry is there.
_TESTS: dict[int, tuple[Condition, Callable[[Mapping[str, Any]], bool]]] = {}
_TESTS_KEPT = 20_000


class Condition(_Strict):
    """A test on the answers: one question test, or all / any / not of nested conditions."""

    question: str | None = None
    equals: str | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    includes: str | None = None
    includes_any: list[str] | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [self.equals, self.in_, self.includes, self.includes_any]
        combinators = [self.all, self.any, self.not_]
        n_tests = sum(t is not None for t in tests)
        n_comb = sum(c is not None for c in combinators)
        if self.question is not None:
            if n_tests != 1 or n_comb:
                raise ValueError(
                    "a question condition needs exactly one of equals, in, includes, includes_any"
                )
        elif n_tests or n_comb != 1:
            raise ValueError(
                "a condition is {question: ID, equals|in|includes|includes_any: ...} or exactly"
                " one of all, any, not"
            )
        return self

    def holds(self, answers: Mapping[str, Any]) -> bool:
        """True when the answers meet the condition (an unanswered question never does)."""
        return self.test()(answers)

    def test(self) -> Callable[[Mapping[str, Any]], bool]:
        """`holds` as a function of the answers."""
        # Conditions are evaluated thousands of times a scoring (what would change the decision
        # re-checks them for every candidate answer): each is turned into a closure once.
        cached = _TESTS.get(id(self))
        if cached is None or cached[0] is not self:
            if len(_TESTS) > _TESTS_KEPT:
                _TESTS.clear()
            cached = _TESTS[id(self)] = (self, self._test())
        return cached[1]

    def _test(self) -> Callable[[Mapping[str, Any]], bool]:
        """The condition as a closure over its fields (the same tests, fewer lookups)."""
        if self.all is not None or self.any is not None:
            nested = tuple(c._test() for c in (self.all if self.all is not None else self.any
                                               or []))
            if self.all is not None:
                def every(answers: Mapping[str, Any]) -> bool:
                    for test in nested:  # noqa: SIM110 - a plain loop is faster
                        if not test(answers):
                            return False
                    return True
                return every

            def some(answers: Mapping[str, Any]) -> bool:
                for test in nested:  # noqa: SIM110 - a plain loop is faster
                    if test(answers):
                        return True
                return False
            return some
        if self.not_ is not None:
            inner = self.not_._test()
            return lambda answers: not inner(answers)
        question = self.question or ""
        if self.equals is not None:
            equals = self.equals
            return lambda answers: answers.get(question) == equals
        if self.in_ is not None:
            allowed = tuple(self.in_)
            return lambda answers: answers.get(question) in allowed
        if self.includes is not None:
            item = self.includes

            def includes(answers: Mapping[str, Any]) -> bool:
                value = answers.get(question)
                return isinstance(value, list) and item in value
            return includes
        wanted = frozenset(self.includes_any or ())

        def includes_any(answers: Mapping[str, Any]) -> bool:
            value = answers.get(question)
            return isinstance(value, list) and not wanted.isdisjoint(value)
        return includes_any

    def questions(self) -> list[str]:
        """The question ids this condition reads, in order of appearance, each once."""
        found: list[str] = []
        nested = [*(self.all or []), *(self.any or []), *([self.not_] if self.not_ else [])]
        for condition in nested:
            found.extend(q for q in condition.questions() if q not in found)
        if self.question is not None and self.question not in found:
            found.append(self.question)
        return found

    def describe(self) -> str:
        """Human wording, e.g. "deployment_targets includes mobile"."""
        if self.all is not None:
            return " and ".join(c.describe() for c in self.all)
        if self.any is not None:
            return "(" + " or ".join(c.describe() for c in self.any) + ")"
        if self.not_ is not None:
            return f"not ({self.not_.describe()})"
        if self.equals is not None:
            return f"{self.question} is {self.equals}"
        if self.in_ is not None:
            return f"{self.question} is one of {', '.join(self.in_)}"
        if self.includes is not None:
            return f"{self.question} includes {self.includes}"
        return f"{self.question} includes any of {', '.join(self.includes_any or [])}"


class Source(_Strict):
    """Where a rating or rule comes from, and when that knowledge dates from."""

    title: str = Field(min_length=1)
    date: str = Field(pattern=DATE_PATTERN)
    url: str | None = None


class Scale(_Strict):
    """The fixed rating scale (1-5 stars); ratings are absolute, never normalised."""

    min: float = 1
    max: float = 5
    meaning: dict[int, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.min >= self.max:
            raise ValueError("scale min must be below max")
        return self


class Criterion(_Strict):
    """One row of the decision matrix."""

    id: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1)
    description: str = ""
    group: Literal["published", "derived"]
    side: Side
    importance: float = Field(ge=0)
    ratings: dict[str, float]
    source: str
    #: How a hybrid is rated here; default by side (research_leader, deployment_leader, mean).
    hybrid: HybridRating | None = None

    @property
    def hybrid_rating(self) -> HybridRating:
        """The hybrid composition of this criterion, the side's default when not given."""
        return self.hybrid or _SIDE_DEFAULT[self.side]


class RatingRow(_Strict):
    """One row of a rating table: the ratings for one answer value, with its source."""

    pytorch: float
    tensorflow: float
    source: str
    note: str = Field(min_length=1)


class RatingTable(_Strict):
    """Ratings of one criterion that depend on an answer (the articles' table by domain).

    When the answer selects values of the table, the criterion's base ratings become the mean of
    their rows."""

    criterion: str
    question: str
    source: str
    values: dict[str, RatingRow]


class Disagreement(_Strict):
    """Where the published sources disagree: shown, and widening the rating perturbation."""

    id: str = Field(pattern=ID_PATTERN)
    when: Condition
    text: str = Field(min_length=1)
    sources: list[str]
    #: criterion -> extra rating spread (standard deviation, scale points) in the sensitivity.
    widen: dict[str, float] = Field(default_factory=dict)


class RuleRisk(_Strict):
    """What a rule's reason puts at risk when one of `options` is chosen anyway, and the way to
    find out early (the report's risks, with the rule's source)."""

    options: list[str] = Field(min_length=1)
    text: str = Field(min_length=1)
    mitigation: str = Field(min_length=1)


class Rule(_Strict):
    """When the answers meet `when`, add weight and rating deltas, for the stated reason."""

    id: str = Field(pattern=ID_PATTERN)
    when: Condition
    weight: dict[str, float] = Field(default_factory=dict)
    ratings: dict[str, dict[str, float]] = Field(default_factory=dict)
    reason: str = Field(min_length=1)
    source: str
    risk: RuleRisk | None = None


class Constraint(_Strict):
    """A hard requirement checked before scoring; `fail` excludes an option."""

    id: str = Field(pattern=ID_PATTERN)
    description: str = Field(min_length=1)
    when: Condition
    status: dict[str, Status]
    reason: str = Field(min_length=1)
    source: str


class SensitivitySettings(_Strict):
    """Dirichlet perturbation of the weights around the user's."""

    samples: int = Field(default=2000, ge=10, le=200_000)
    seed: int = 0
    concentration: float = Field(default=60.0, gt=0)
    #: Standard deviation of the rating perturbation by where a rating comes from: published
    #: (the matrix), derived (our rules) and measured (moved by applicable evidence).
    rating_spread: dict[Literal["published", "derived", "measured"], float] = Field(
        default_factory=dict
    )
    #: Share of the samples in which each warned requirement is taken to fail for its option.
    warn_failure_share: float = Field(default=0.0, ge=0, le=1)


class VerdictSettings(_Strict):
    """Thresholds of the close call and of the robust / sensitive badge."""

    close_call_margin: float = Field(default=0.12, ge=0)
    close_call_confidence: float = Field(default=0.7, ge=0, le=1)
    robust_confidence: float = Field(default=0.9, ge=0, le=1)
    #: Scores closer than this are a tie: no winner's "because" is given.
    tie_margin: float = Field(default=0.005, ge=0)
    #: Answers pulling towards each of the top two options by at least this much conflict.
    conflict_pull: float = Field(default=0.2, gt=0)


class Bridge(_Strict):
    """How research in one framework reaches a deployment target through the other."""

    research: str
    deployment: str
    target: str
    text: str = Field(min_length=1)
    source: str
    #: What this bridge costs the hybrid's deployment-side ratings (bridge_cost when not given).
    cost: float | None = Field(default=None, ge=0)


class HybridSettings(_Strict):
    """What a hybrid costs and which bridges it names. A hybrid is evaluated whenever the research
    side and the deployment side favour different frameworks (and `when`, if given, holds)."""

    when: Condition | None = None
    min_side_margin: float = Field(default=0.25, ge=0)
    bridge_cost: float = Field(default=0.5, ge=0)
    cost_text: str = "two toolchains, a conversion step and parity tests"
    #: Subtracted from each of the hybrid's ratings (so from its weighted score): keeping two
    #: toolchains in step costs effort whatever the bridge (1-5 scale points).
    overhead: float = Field(default=0.0, ge=0)
    bridges: list[Bridge] = Field(default_factory=list)


class DecisionModel(_Strict):
    """The whole decision model: criteria, ratings, rules, constraints and settings."""

    schema_version: str
    version: str = Field(min_length=1)
    knowledge_as_of: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    #: An assessment made this many months after knowledge_as_of warns that it is getting old.
    knowledge_max_age_months: int = Field(default=12, ge=1)
    scale: Scale = Field(default_factory=Scale)
    weight_range: tuple[float, float] = (0.0, 8.0)
    options: list[str]
    sources: dict[str, Source]
    criteria: list[Criterion]
    rating_tables: list[RatingTable] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    constraints: list[Constraint] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    #: question -> value (or "+" / "-" for adding / dropping a list value) -> a team's words.
    wording: dict[str, dict[str, str]] = Field(default_factory=dict)
    evidence: EvidenceSettings = Field(default_factory=EvidenceSettings)
    sensitivity: SensitivitySettings = Field(default_factory=SensitivitySettings)
    verdict: VerdictSettings = Field(default_factory=VerdictSettings)
    hybrid: HybridSettings | None = None

    def criterion(self, criterion_id: str) -> Criterion | None:
        """The criterion with this id, or None."""
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def source_text(self, source_id: str) -> str:
        """"Title (date)" of a source, for evidence and rating-source lines."""
        source = self.sources[source_id]
        return f"{source.title} ({source.date})"
