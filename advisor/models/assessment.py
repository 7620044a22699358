"""The assessment (docs/contract.md section 3): answers + probe report + the scored recommendation.

The saved assessment JSON is the boundary between assessing and rendering: `advisor report` and
`advisor score` read it back. Fields produced by scoring are optional so that an assessment
written before scoring (or by `--no-score` tooling) stays valid; they are absent, never faked.

Schema history:
  "1": first version.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from advisor.models.base import ForwardCompatible
from advisor.models.probe_report import ProbeReport
from advisor.options import Option

ASSESSMENT_SCHEMA_VERSION = "1"


class AnswerChange(ForwardCompatible):
    """One way to change the decision in the team's own terms (docs/contract.md section 6).

    `set` holds `advisor assess --set` arguments exactly as the CLI takes them; re-running the
    same assessment with them gives `recommendation`.
    """

    set: list[str]
    recommendation: Option
    #: One sentence a team would say ("drop the Android target"), shown on the report's page one.
    text: str


class OptionRisk(ForwardCompatible):
    """A risk of the recommended option that a decision-model rule names: the answers met the
    rule's condition, and its reason speaks against this option (e.g. phones, for PyTorch)."""

    rule: str
    text: str
    mitigation: str
    source: str


class Recommendation(ForwardCompatible):
    """The outcome: which option, how sure, by how much, in one sentence, and why."""

    framework: Option
    confidence: float = Field(ge=0.0, le=1.0)
    margin: float
    summary: str
    #: robust | sensitive | close_call: how the report badges the confidence.
    badge: Literal["robust", "sensitive", "close_call"] | None = None
    close_call: bool = False
    #: The strongest reasons, most important first (the report shows three).
    reasons: list[str] = Field(default_factory=list)
    #: For a close call: what would settle it (e.g. "run the benchmarks on the target GPU").
    settle: list[str] = Field(default_factory=list)
    #: For hybrid: how research and deployment are bridged (ONNX, TF Lite, ...).
    bridge: str | None = None
    #: The best other option that meets every hard constraint; the margin is measured against
    #: it. None when the hard constraints left only the recommended option (`margin` is then 0).
    runner_up: str | None = None
    #: The option `reasons` and the flip points compare the recommendation with: the runner-up,
    #: or, when the hard constraints left no runner-up, the best excluded option (absent in
    #: older files: read it as `runner_up`).
    reasons_against: str | None = None
    #: Options that fail a hard constraint (scored and shown, never recommended).
    excluded: list[str] = Field(default_factory=list)
    #: Side scores when a hybrid was evaluated: {research|deployment: {pytorch, tensorflow}}.
    sides: dict[str, dict[str, float]] | None = None
    #: Whether a hybrid was evaluated (the decision model's hybrid condition held), and whether
    #: it could be recommended (the sides lead different ways by at least the minimum margin).
    hybrid_evaluated: bool = False
    hybrid_eligible: bool = False
    #: When a hybrid was evaluated but not recommended: why not, in one sentence.
    hybrid_note: str | None = None
    #: The smallest changes of one or two answers that change the recommended option, smallest
    #: first, each verified by re-scoring; empty when none does.
    what_would_change_it: list[AnswerChange] = Field(default_factory=list)
    #: The top two options score the same (within the decision model's tie margin): `framework`
    #: is then only the first in order, and no reason is given for it.
    tie: bool = False
    #: Warned requirements of the recommended option (a hybrid: of either framework), one line
    #: each; they lower the confidence and belong on page one and among the risks.
    warnings: list[str] = Field(default_factory=list)
    #: When answers pull hard towards both frameworks: one sentence naming them (a close call).
    conflict: str | None = None
    #: Which answers pull the PyTorch - TensorFlow score difference which way, strongest first:
    #: [{answers, conditions: [{question, answer}], toward: pytorch|tensorflow, points}];
    #: `answers` as `--set` writes them, `conditions` the same as data (absent in older files).
    answer_pulls: list[dict[str, Any]] = Field(default_factory=list)
    #: Where the published sources disagree on this project (e.g. prototyping), one line each.
    disagreements: list[str] = Field(default_factory=list)
    #: Risks of the recommended option named by the rules the answers met, in the model's order.
    risks: list[OptionRisk] = Field(default_factory=list)


class FlipPoint(ForwardCompatible):
    """Where one criterion would flip the decision: the weight (or rating) at which it changes."""

    criterion: str
    weight_at_flip: float | None = None
    rating_at_flip: dict[str, float] | None = None
    #: "never" when no weight in range flips it; otherwise one sentence a reviewer can read.
    text: str
    #: What sets the weight: "priority" (a published criterion, answered 1-5) or "derived"
    #: (the decision model's base weight moved by rules on the answers).
    driver: str | None = None
    #: Priority criteria: the priority now, and the recommendation at each priority 1-5
    #: (keys "1".."5"), everything else as answered.
    priority: int | None = None
    recommendation_by_priority: dict[str, str] | None = None
    #: Derived criteria: the questions whose answers move the weight, and the rules that did.
    driven_by: list[str] = Field(default_factory=list)
    weight_rules: list[str] = Field(default_factory=list)


class RuleRef(ForwardCompatible):
    """One move a decision-model rule made on a criterion, as data: the structure of the
    "... [rule ID: condition]" line it wrote into `weight_reasons` (kind "weight") or the
    "... [rule ID; source]" line in `rating_sources` and `evidence` (kind "rating")."""

    rule: str
    kind: Literal["weight", "rating"]
    #: kind "weight": what the rule added to the weight (before the weight range's clamp).
    delta: float | None = None
    #: kind "rating": what the rule added to each option's rating, e.g. {tensorflow: 1.5}.
    moves: dict[str, float] | None = None
    #: The rule's sentence, and its condition on the answers as scoring words it
    #: ("deployment_targets includes mobile").
    reason: str
    condition: str
    #: The source id in the decision model, and its "Title (date)" as the lines cite it.
    source: str
    citation: str
    #: The line of text this move wrote (exactly, so a reader can pair the two).
    line: str


class CriterionResult(ForwardCompatible):
    """One row of the decision matrix, with its weight, ratings and the evidence behind them."""

    id: str
    weight: float
    ratings: dict[str, float]
    evidence: list[str] = Field(default_factory=list)
    label: str | None = None
    description: str | None = None
    #: published (the seven criteria of the decision matrix) or derived (ours, answer-driven).
    group: str | None = None
    #: Importance as answered (1-5) before rules moved it, and why it moved.
    importance: float | None = None
    weight_reasons: list[str] = Field(default_factory=list)
    base_ratings: dict[str, float] | None = None
    rating_sources: list[str] = Field(default_factory=list)
    #: weight x rating / total weight per option: what the row adds to the option's weighted
    #: score (the contributions of an option sum to its score).
    contributions: dict[str, float] | None = None
    #: research | deployment | both: which side of a hybrid the criterion belongs to.
    side: str | None = None
    flip: FlipPoint | None = None
    #: Published criteria: the priority as answered (or defaulted), beside `weight`, the weight
    #: in effect after the rules; `weight_note` says why they differ (None when they do not).
    answered_weight: float | None = None
    weight_note: str | None = None
    #: Standard deviation of this criterion's rating perturbation in the sensitivity analysis.
    rating_spread: float | None = None
    #: The rules that moved this criterion's weight or ratings, in the order of their lines;
    #: None in assessments saved before the field existed (their lines are all there is).
    rule_refs: list[RuleRef] | None = None


class ConstraintResult(ForwardCompatible):
    """A hard requirement checked before scoring, per option."""

    id: str
    description: str
    status: dict[str, Literal["pass", "fail", "warn"]]
    reason: str = ""
    #: Source id of the constraint in the decision model ("probe report" for probe-based ones).
    source: str | None = None
    #: When the constraint applies, in words (from its condition on the answers).
    condition: str | None = None
    #: `reason` in two parts: the constraint's own reason, and the "Title (date)" of its source
    #: that `reason` ends with in brackets (None where it cites none: the probe report). Both
    #: None in assessments saved before these fields existed.
    rationale: str | None = None
    citation: str | None = None


class Sensitivity(ForwardCompatible):
    """How robust the outcome is to the weights."""

    method: str
    samples: int
    seed: int
    win_share: dict[str, float]
    flips: list[FlipPoint] = Field(default_factory=list)
    #: Dirichlet concentration (higher: samples closer to the user's weights).
    concentration: float | None = None
    #: Share of samples with an exact tie at the top (counted for nobody).
    ties: float | None = None
    #: What else was perturbed: the ratings (spread per criterion on the criteria rows) and the
    #: warned requirements (each taken to fail in this share of the samples).
    perturbs: list[str] = Field(default_factory=list)
    warn_failure_share: float | None = None


class CrossCheckMethod(ForwardCompatible):
    """One other MCDM method's result over the same matrix."""

    scores: dict[str, float]
    winner: str
    #: Whether a "higher" or "lower" score is better in this method.
    better: Literal["higher", "lower"]


class CrossCheck(ForwardCompatible):
    """The weighted sum checked by other MCDM methods (TOPSIS, SPOTIS via the optional pymcdm)."""

    #: False when pymcdm is not installed: `text` says so and nothing else is filled in.
    available: bool
    text: str
    agree: bool | None = None
    methods: dict[str, CrossCheckMethod] = Field(default_factory=dict)


class ExcludedOption(ForwardCompatible):
    """An option a failed hard constraint excludes, and why."""

    option: str
    constraint: str
    reason: str


class UnappliedEvidence(ForwardCompatible):
    """Probe evidence shown but not applied to the ratings (it does not apply to this project).

    `kind` says why, for a pipeline to act on: "machine_busy" (other processes competed for the
    CPUs: probe again on a quiet machine), "unfair_conditions" (the frameworks ran under
    different settings), "too_noisy", "off_target" (measured on other hardware than the project
    targets: benchmark on the target) or "installed_packages_not_rated" (what one machine has
    installed does not rate a framework's ecosystem). None in assessments saved before the field
    existed.
    """

    criterion: str
    text: str
    reason: str
    kind: str | None = None


class Assessment(ForwardCompatible):
    """One project's assessment; scoring fields are present only once scoring has run."""

    schema_version: str = ASSESSMENT_SCHEMA_VERSION
    advisor_version: str
    created_at: str
    questionnaire: str = "default"
    recommendation: Recommendation | None = None
    scores: dict[str, float] | None = None
    criteria: list[CriterionResult] | None = None
    constraints: list[ConstraintResult] | None = None
    sensitivity: Sensitivity | None = None
    #: Version and "knowledge as of" date of the decision model used for scoring.
    decision_model: dict[str, Any] | None = None
    #: Optional cross-check by other MCDM methods (TOPSIS, SPOTIS via pymcdm).
    crosscheck: CrossCheck | None = None
    #: Options excluded by a failed hard constraint, with the reasons.
    excluded_options: list[ExcludedOption] | None = None
    #: Probe evidence shown but not applied to the ratings, with the one-line reason.
    evidence_not_applied: list[UnappliedEvidence] | None = None
    #: The decision model's knowledge date against the assessment's date:
    #: {as_of, assessed_on, age_months, max_age_months, stale, warning}.
    knowledge: dict[str, Any] | None = None
    answers: dict[str, Any]
    answer_sources: dict[str, str] = Field(default_factory=dict)
    answer_notes: list[str] = Field(default_factory=list)
    probes: ProbeReport | None = None
    command: list[str] = Field(default_factory=list)
    #: The probed machine's price per hour (`advisor batch --cost`): the report's cost line
    #: (what one dollar buys there). Saved with the assessment, so `advisor report` repeats it;
    #: left out of the JSON when there is none.
    cost_per_hour: float | None = Field(default=None, gt=0)

    def to_json_data(self) -> dict[str, Any]:
        """Plain data for JSON, leaving out scoring keys that were never computed."""
        return self.model_dump(mode="json", exclude_none=False, exclude=self._unset_scoring())

    def _unset_scoring(self) -> set[str]:
        return {
            key
            for key in (
                "recommendation", "scores", "criteria", "constraints", "sensitivity",
                "decision_model", "crosscheck", "excluded_options", "evidence_not_applied",
                "knowledge", "cost_per_hour",
            )
            if getattr(self, key) is None
        }
