"""The reasons for the decision in the team's words: facts from the answers, not score arithmetic.

Each fact names the framework it speaks for and the criterion of the decision matrix it moves;
a fact is quoted as a reason only where the scored ratings agree with it (the favoured option
rates higher on that criterion), so a reason can never contradict the matrix beside it.

One set of reasons: page one gives the same criteria, in the same order, as the record's
`recommendation.reasons`, measured against the same option (`reasons_against`: the runner-up,
the one option a reader weighs the recommendation against; or the best excluded option when the
hard constraints left none). A fact such as "your models are in PyTorch" is a reason against
TensorFlow, not against a hybrid that reuses those models, so it is quoted only where its
criterion is one that separates the recommendation from that option; page one names the option.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from advisor.i18n import N_, _
from advisor.models import Assessment, CriterionResult
from advisor.options import FRAMEWORKS, other_framework
from advisor.report import messages
from advisor.report.decision import criterion_label, option_label

_PLATFORMS = {"android": "Android", "ios": "iOS", "both": N_("Android and iOS")}


@dataclass(frozen=True)
class Fact:
    """One thing the team answered that speaks for `favours` through `criterion`."""

    key: str
    favours: str
    criterion: str
    values: tuple[tuple[str, str], ...] = ()

    def clause(self) -> str:
        return messages.fact(self.key, **dict(self.values))


def _listed(answers: dict[str, Any], key: str) -> set[str]:
    value = answers.get(key)
    return {str(v) for v in value} if isinstance(value, list) else set()


def answer_facts(answers: dict[str, Any]) -> list[Fact]:
    """The facts of these answers, strongest kind first (assets and team before the rest)."""
    facts: list[Fact] = []
    assets = answers.get("existing_assets")
    if assets in FRAMEWORKS:
        facts.append(Fact(f"assets_{assets}", str(assets), "asset_fit"))
    for framework in FRAMEWORKS:
        if answers.get(f"team_{framework}_experience") == "strong":
            facts.append(Fact(f"team_{framework}_strong", framework, "team_fit"))
    targets = _listed(answers, "deployment_targets")
    if "mobile" in targets:
        platform = _(_PLATFORMS.get(str(answers.get("mobile_platforms")), N_("mobile")))
        facts.append(Fact("target_mobile", "tensorflow", "deployment_fit",
                          (("platform", platform),)))
    if "edge_embedded" in targets:
        facts.append(Fact("target_edge", "tensorflow", "deployment_fit"))
    if "browser" in targets:
        facts.append(Fact("target_browser", "tensorflow", "deployment_fit"))
    domains = _listed(answers, "domains")
    if "nlp_llm" in domains:
        facts.append(Fact("domain_nlp", "pytorch", "domain_fit"))
    if "vision" in domains:
        facts.append(Fact("domain_vision", "pytorch", "domain_fit"))
    if "google_tpu" in _listed(answers, "hardware"):
        facts.append(Fact("hardware_tpu", "tensorflow", "hardware_fit"))
    if answers.get("model_customization") == "high":
        facts.append(Fact("customization_high", "pytorch", "research_velocity"))
    if answers.get("stage") == "research":
        facts.append(Fact("stage_research", "pytorch", "research_velocity"))
    if answers.get("stage") == "production":
        facts.append(Fact("stage_production", "tensorflow", "production_readiness"))
    if answers.get("mlops") == "managed_pipelines":
        facts.append(Fact("mlops_managed", "tensorflow", "production_readiness"))
    return facts


def _agrees(fact: Fact, criteria: dict[str, CriterionResult]) -> bool:
    criterion = criteria.get(fact.criterion)
    if criterion is None:
        return False
    mine = criterion.ratings.get(fact.favours)
    theirs = criterion.ratings.get(other_framework(fact.favours))
    return mine is not None and theirs is not None and mine > theirs


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _joined(clauses: list[str]) -> str:
    # Japanese writes each clause as its own sentence; English joins them with semicolons.
    return _("; ").join(clauses)


def hybrid_leads(assessment: Assessment) -> tuple[str, str]:
    """(research lead, deployment lead) of a hybrid: the framework that rates higher per side."""
    rec = assessment.recommendation
    sides = (rec.sides if rec else None) or {}
    research = sides.get("research") or {"pytorch": 1.0}
    deployment = sides.get("deployment") or {"tensorflow": 1.0}
    return (max(research.items(), key=lambda kv: kv[1])[0],
            max(deployment.items(), key=lambda kv: kv[1])[0])


def decision_reasons(assessment: Assessment, converter: str) -> list[str]:
    """Three reasons for the recommended option, in the team's terms."""
    rec = assessment.recommendation
    if rec is None:
        return []
    criteria = {c.id: c for c in assessment.criteria or []}
    facts = [f for f in answer_facts(assessment.answers) if _agrees(f, criteria)]
    if rec.framework == "hybrid":
        research, deployment = hybrid_leads(assessment)
        reasons = []
        for lead, key in ((research, "reason_research_side"),
                          (deployment, "reason_deployment_side")):
            side = "research" if key == "reason_research_side" else "deployment"
            clauses = [f.clause() for f in facts if f.favours == lead and (
                criteria[f.criterion].side in (side, "both", None))][:2]
            if clauses:
                reasons.append(messages.text(key, option=option_label(lead),
                                             facts=_joined(clauses)))
        reasons.append(messages.text("reason_bridge", converter=converter))
        return [_capital(r) for r in reasons]
    rival = reasons_against(assessment)
    if rival is None:
        return [_capital(f.clause()) + "." for f in facts if f.favours == rec.framework][:3]
    return _against(assessment, rec.framework, rival)


def reasons_against(assessment: Assessment) -> str | None:
    """The option the reasons compare the recommendation with: the one scoring measured its
    reasons against (`recommendation.reasons_against`: the runner-up, or the best excluded
    option when the hard constraints left no runner-up); older files: the runner-up."""
    rec = assessment.recommendation
    if rec is None:
        return None
    rival = rec.reasons_against or rec.runner_up
    scores = assessment.scores or {}
    if rival is None:
        others = [o for o in scores if o != rec.framework]
        rival = max(others, key=lambda o: scores[o], default=None)
    return rival


def _against(assessment: Assessment, option: str, rival: str) -> list[str]:
    """The three criteria worth most of the margin over `rival` (the same criteria, in the same
    order, as `recommendation.reasons`), each said through the team's own answers where one
    speaks for the option on that criterion, else as the ratings."""
    criteria = assessment.criteria or []
    total = sum(c.weight for c in criteria) or 1.0
    facts = answer_facts(assessment.answers)
    # Ranked as advisor.scoring.explain.reasons ranks them: weighted rating gap, then id.
    ranked = sorted(criteria, key=lambda c: (-c.weight * (
        c.ratings.get(option, 0.0) - c.ratings.get(rival, 0.0)), c.id))
    reasons: list[str] = []
    for c in ranked:
        mine, theirs = c.ratings.get(option), c.ratings.get(rival)
        if len(reasons) >= 3 or mine is None or theirs is None or c.weight * (mine - theirs) <= 0:
            break
        clauses = [f.clause() for f in facts if f.favours == option and f.criterion == c.id][:2]
        if clauses:
            reasons.append(messages.text("reason_plain", fact=_capital(_joined(clauses))))
            continue
        reasons.append(messages.text(
            "reason_criterion", option=option_label(option), criterion=criterion_label(c).lower()
            if not criterion_label(c)[:2].isupper() else criterion_label(c),
            mine=f"{mine:.2f}", theirs=f"{theirs:.2f}", share=f"{c.weight / total:.0%}"))
    return reasons
