"""What the decision means: the evidence's quality, risks with mitigations, the proof-of-concept
plan with measurable gates, consequences, and when to revisit.

Each item is derived from something in the assessment (the chosen path and its bridge, a skill
gap, where the evidence was measured, a constraint, a failed probe, the knowledge date), so an
item never appears without cause. Wording comes from `messages`.
"""

from __future__ import annotations

import re
from typing import Any

from advisor.i18n import (
    SOURCE_LANGUAGE,
    Language,
    _,
    current_language,
    format_day,
    join_sentences,
)
from advisor.models import Assessment, ConstraintResult
from advisor.options import FRAMEWORKS
from advisor.report import messages
from advisor.report.decision import criterion_label, option_label
from advisor.report.filters import status as status_word
from advisor.report.filters import truncate_middle
from advisor.report.model_notes import not_applied
from advisor.report.model_texts import translate
from advisor.report.reasons import hybrid_leads
from advisor.report.scoring_text import scoring_sentence
from advisor.report.summary import badge_of, converter_name

_GPU_HARDWARE = {"nvidia_gpu", "amd_gpu", "intel_gpu", "google_tpu", "apple_silicon"}


def _listed(answers: dict[str, Any], key: str) -> list[str]:
    value = answers.get(key)
    return [str(v) for v in value] if isinstance(value, list) else []


def _target_text(answers: dict[str, Any]) -> str:
    names = [messages.word(messages.HARDWARE_NAMES, h) for h in _listed(answers, "hardware")]
    if len(names) > 1:
        return messages.text("and", first=_(", ").join(names[:-1]), last=names[-1])
    return names[0] if names else messages.word(messages.HARDWARE_NAMES, "cpu_only")


def _measured_on_target(answers: dict[str, Any], devices: set[str]) -> bool:
    """Whether the benchmarks ran on the device class the project targets."""
    targets = set(_listed(answers, "hardware"))
    on_accelerator = any(not d.startswith("cpu") for d in devices)
    if on_accelerator:
        return bool(targets & _GPU_HARDWARE)
    return not targets or targets == {"cpu_only"}


def _not_applied_reason(assessment: Assessment) -> str | None:
    """The decision model's reason for not applying the benchmarks (`evidence_not_applied`)."""
    reason: str | None = not_applied(assessment)["page_one"]
    return reason


def _performance_move(assessment: Assessment) -> float:
    for c in assessment.criteria or []:
        if c.id == "performance" and c.base_ratings:
            return max((abs(v - c.base_ratings.get(o, v)) for o, v in c.ratings.items()),
                       default=0.0)
    return 0.0


def _device_text(evidence: dict[str, Any]) -> str:
    hardware = evidence["hardware"]
    if not hardware.get("measured"):
        return _("this machine")
    cores = hardware.get("physical_cores")
    gpus = ", ".join(g["name"] or g["vendor"] for g in hardware["gpus"]) or _("no GPU")
    model = truncate_middle(hardware["cpu_model"] or _("a CPU"), 100)
    if not cores:
        return model
    return model + _(" ({cores} cores, {gpus})").format(cores=cores,
                                                         gpus=truncate_middle(gpus, 100))


def evidence_quality(assessment: Assessment, evidence: dict[str, Any]) -> str:
    """One or two sentences: what was measured, where, and whether it applies to the target."""
    if not evidence["probed"]:
        return messages.text("evidence_none")
    rows = evidence["benchmarks"]["rows"]
    device = _device_text(evidence)
    parts: list[str] = []
    if not rows:
        parts.append(messages.text("evidence_no_benchmarks", device=device))
    else:
        workloads = len({r["workload"] for r in rows})
        budget = evidence["benchmarks"].get("budget")
        parts.append(messages.text("evidence_measured", device=device, workloads=workloads,
                                   budget=_(", {budget} budget").format(budget=budget)
                                   if budget else ""))
        devices = {str(c["device"]) for r in rows for c in r["cells"].values() if c}
        reason = _not_applied_reason(assessment)
        if _measured_on_target(assessment.answers, devices):
            # On the target but not applied (a busy machine, mostly noisy rows): saying "the
            # results apply" would contradict the scoring, which left Performance alone.
            if reason:
                parts.append(messages.text("evidence_on_target_not_applied",
                                           reason=reason.rstrip(".。")))
            else:  # and what they did: a run too close to call overall moves nothing
                move = _performance_move(assessment)
                parts.append(messages.text("evidence_applies") + (
                    messages.text("evidence_moved", delta=f"{move:.2f}") if move > 0
                    else messages.text("evidence_not_moved")))
        else:
            clause = messages.text("evidence_not_target", target=_target_text(assessment.answers))
            move = _performance_move(assessment)
            if reason:
                clause += messages.text("evidence_not_applied", reason=reason.rstrip(".。"))
            elif move > 0:
                clause += messages.text("evidence_moved", delta=f"{move:.2f}")
            else:
                clause += messages.text("evidence_not_moved")
            parts.append(clause)
    lost, cut_short = _failures(evidence)
    if lost:
        parts.append(messages.text("evidence_failures", count=len(lost),
                                   probes=", ".join(f["probe"] for f in lost)))
    if cut_short:
        what = ", ".join(sorted({_("{workload} in {probe}").format(
            workload=f["workload"], probe=f["probe"]) for f in cut_short}))
        parts.append(messages.text("evidence_cut_short", count=len(cut_short), what=what))
    return join_sentences(parts)


def _failures(evidence: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Probes that gave no result, and single workloads a probe skipped (its other results
    stand: e.g. fewer fresh-process imports than planned when the budget ran out)."""
    failures = evidence["failures"]
    return ([f for f in failures if not f.get("workload")],
            [f for f in failures if f.get("workload")])


def _skill_gap(assessment: Assessment, frameworks: list[str]) -> str | None:
    for framework in frameworks:
        level = assessment.answers.get(f"team_{framework}_experience")
        if level in ("none", "some"):
            return framework
    return None


def _chosen_frameworks(assessment: Assessment) -> list[str]:
    rec = assessment.recommendation
    if rec is None:
        return []
    if rec.framework == "hybrid":
        research, deployment = hybrid_leads(assessment)
        return list(dict.fromkeys([deployment, research]))
    return [rec.framework]


def _without_source(constraint: ConstraintResult) -> str:
    """A constraint's reason without the "[source (date)]" scoring appends: a risk row is read
    beside its mitigation, and the source is cited with the constraint and in the sources.
    Scoring records it apart (`rationale`); an assessment saved before that has it stripped."""
    if constraint.rationale is not None:
        return constraint.rationale
    return re.sub(r"\s*\[[^\[\]]*\]\s*$", "", constraint.reason)


def _risk(key: str, **values: Any) -> dict[str, str]:
    risk, mitigation = messages.pair(key, **values)
    # The key lets a template add what was measured about this risk (the hybrid bridge).
    return {"risk": risk, "mitigation": mitigation, "owner": messages.text("owner"), "key": key}


def risks(assessment: Assessment, evidence: dict[str, Any]) -> list[dict[str, str]]:
    """Risks to the decision, most serious first, each with a mitigation and an owner."""
    rec = assessment.recommendation
    items: list[dict[str, str]] = []
    answers = assessment.answers
    if rec is not None and rec.framework == "hybrid":
        research, deployment = hybrid_leads(assessment)
        items.append(_risk("risk_conversion", research=option_label(research),
                           deployment=option_label(deployment),
                           converter=converter_name(answers)))
        items.append(_risk("risk_parity"))
        items.append(_risk("risk_two_toolchains"))
    gap = _skill_gap(assessment, _chosen_frameworks(assessment))
    if gap is not None:
        items.append(_risk("risk_skill_gap", framework=option_label(gap),
                           level=messages.word(messages.EXPERIENCE, str(
                               answers.get(f"team_{gap}_experience")), _("little"))))
    if rec is not None:
        for c in assessment.constraints or []:
            status = c.status.get(rec.framework)
            if status in ("warn", "fail"):
                items.append(_risk("risk_constraint", description=translate(c.description),
                                   status=status_word(status),
                                   option=option_label(rec.framework),
                                   reason=_(": {reason}").format(
                                       reason=translate(_without_source(c)).rstrip(".。"))
                                   if c.reason else ""))
        # What the rules the answers met say against the chosen option (e.g. phones for
        # PyTorch), with the decision model's mitigation.
        items += [{"risk": translate(r.text), "mitigation": translate(r.mitigation),
                   "owner": messages.text("owner"), "key": f"rule_{r.rule}"} for r in rec.risks]
        badge = badge_of(assessment)
        warned = [translate(c.description).rstrip(".。") for c in assessment.constraints or []
                  if c.status.get(rec.framework) == "warn"]
        excluded = [option_label(item.option) for item in assessment.excluded_options or []]
        if badge in ("sensitive", "close_call") and rec.runner_up is None and excluded \
                and warned:
            # No weighting can change a forced choice: what the variations put at risk is
            # the winner's own warned requirements failing (then nothing is left).
            items.insert(0, _risk("risk_only_option", option=option_label(rec.framework),
                                  share=f"{rec.confidence:.0%}",
                                  requirements=_(", ").join(warned),
                                  excluded=_(", ").join(excluded)))
        elif badge in ("sensitive", "close_call"):
            risk = _risk("risk_close_call",
                         kind=_("a close call") if badge == "close_call" else _("sensitive"),
                         share=f"{rec.confidence:.0%}",
                         settle=join_sentences([_sentence(scoring_sentence(s))
                                                for s in rec.settle])
                         or messages.text("risk_close_call_settle"))
            items.insert(0, risk)
    items.extend(_evidence_risks(assessment, evidence))
    return items


def _evidence_risks(assessment: Assessment, evidence: dict[str, Any]) -> list[dict[str, str]]:
    if not evidence["probed"]:
        return [_risk("risk_no_evidence")]
    items = []
    rows = evidence["benchmarks"]["rows"]
    devices = {str(c["device"]) for r in rows for c in r["cells"].values() if c}
    # Off the target: a risk only where no proof-of-concept step already runs the benchmarks
    # there (page one's evidence line says what was measured; the step is the mitigation).
    if rows and not _measured_on_target(assessment.answers, devices) and not any(
            step["key"] == "poc_target_benchmarks" for step in poc_plan(assessment, evidence)):
        items.append(_risk("risk_evidence_off_target", measured=_device_text(evidence),
                           target=_target_text(assessment.answers)))
    lost, _ = _failures(evidence)
    if lost:
        names = ", ".join(f["probe"] for f in lost)
        items.append(_risk("risk_probe_failed", count=len(lost), probes=names))
    # Only a version that does not work with the framework is a risk: a package merely not
    # installed on the probed machine says nothing about the project's environment (the
    # ecosystem section lists it, and the domain table rates whether it exists).
    packages = [f"{p['package']} ({status_word(p['status'])})"
                for p in evidence["ecosystem"].get("needed", [])
                if p["status"] == "incompatible" and p["framework_id"] in (
                    _chosen_frameworks(assessment) or FRAMEWORKS)]
    if packages:
        items.append(_risk("risk_packages", packages=", ".join(packages)))
    return items


def poc_plan(assessment: Assessment, evidence: dict[str, Any]) -> list[dict[str, str]]:
    """Proof-of-concept steps with measurable gates, where the choice has a bridge or a gap."""
    rec = assessment.recommendation
    if rec is None:
        return []
    answers = assessment.answers
    steps: list[tuple[str, str]] = []
    keys: list[str] = []
    if rec.framework == "hybrid":
        steps.append(messages.pair("poc_convert", converter=converter_name(answers)))
        steps.append(messages.pair("poc_parity"))
        keys += ["poc_convert", "poc_parity"]
    targets = _listed(answers, "deployment_targets")
    if "mobile" in targets and (rec.framework == "hybrid" or rec.framework == "pytorch"):
        platform = {"ios": "iOS", "android": "Android"}.get(
            str(answers.get("mobile_platforms")), _("Android or iOS"))
        steps.append(messages.pair("poc_device", platform=platform))
    gap = _skill_gap(assessment, _chosen_frameworks(assessment))
    if gap is not None:
        steps.append(messages.pair("poc_skill", framework=option_label(gap)))
    rows = evidence["benchmarks"]["rows"] if evidence["probed"] else []
    devices = {str(c["device"]) for r in rows for c in r["cells"].values() if c}
    keys += [""] * (len(steps) - len(keys))
    if steps and rows and not _measured_on_target(answers, devices):
        steps.append(messages.pair("poc_target_benchmarks", target=_target_text(answers)))
        keys.append("poc_target_benchmarks")
    return [{"step": step, "gate": gate, "key": key} for (step, gate), key in zip(steps, keys,
                                                                                    strict=True)]


def consequences(assessment: Assessment) -> dict[str, list[str]]:
    """MADR "good, because" / "bad, because" of the chosen option, in words, not numbers."""
    rec = assessment.recommendation
    if rec is None or not assessment.criteria:
        return {"good": [], "bad": []}
    rival = rec.runner_up or ("tensorflow" if rec.framework == "pytorch" else "pytorch")
    good, bad = [], []
    for c in sorted(assessment.criteria, key=lambda c: -c.weight):
        mine, theirs = c.ratings.get(rec.framework), c.ratings.get(rival)
        if mine is None or theirs is None or mine == theirs:
            continue
        label = criterion_label(c).lower()
        if mine > theirs:
            good.append(messages.text("consequence_good", option=option_label(rec.framework),
                                      rival=option_label(rival), criterion=label))
        else:
            bad.append(messages.text("consequence_bad", option=option_label(rec.framework),
                                     rival=option_label(rival), criterion=label))
    return {"good": good[:4], "bad": bad[:4]}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "。")) else text + _(".")


def knowledge_date(assessment: Assessment, lang: Language = SOURCE_LANGUAGE) -> str | None:
    """The day the decision model's knowledge dates from, as `lang` writes a day."""
    model = assessment.decision_model or {}
    value = model.get("knowledge_as_of") or model.get("as_of")
    if not value:
        return None
    return str(value) if lang == SOURCE_LANGUAGE else format_day(str(value), lang)


def revisit_when(assessment: Assessment, has_poc: bool) -> list[str]:
    """Conditions under which the decision should be made again (the flips are in Scoring;
    knowledge past its age limit is warned about on page one)."""
    items = [messages.text("revisit_stage")]
    as_of = knowledge_date(assessment)
    if as_of:
        items.append(messages.text("revisit_knowledge",
                                   date=knowledge_date(assessment, current_language())))
    items.append(messages.text("revisit_team"))
    if has_poc:
        items.append(messages.text("revisit_poc"))
    return items
