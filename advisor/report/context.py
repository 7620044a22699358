"""The report context: one plain-data structure built once from an assessment, for every format.

Renderers (HTML, PDF, Markdown) only walk this structure through templates and filters; nothing
in a template computes. The context is JSON-compatible apart from the chart SVG strings.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any

from advisor import __version__
from advisor.i18n import (
    N_,
    SOURCE_LANGUAGE,
    Language,
    _,
    current_language,
    format_day,
    format_moment,
    report_language,
)
from advisor.models import Assessment
from advisor.options import FRAMEWORKS, OPTIONS
from advisor.report.costs import caveat_kind, cost_context
from advisor.report.decision import (
    constraints_context,
    drivers_context,
    matrix_context,
    option_label,
    pros_cons,
    sensitivity_context,
)
from advisor.report.discussion import (
    consequences,
    evidence_quality,
    knowledge_date,
    poc_plan,
    revisit_when,
    risks,
)
from advisor.report.evidence import evidence_context
from advisor.report.model_notes import excluded_notes, model_notes
from advisor.report.prose import answer_rows, default_questionnaire, project_paragraphs
from advisor.report.reasons import reasons_against
from advisor.report.scoring_text import scoring_fragments, scoring_sentence
from advisor.report.sources import cite, sources_context
from advisor.report.summary import summary_context

OPTION_TEXT = {
    "pytorch": N_("PyTorch for research and deployment (torch.export, ExecuTorch on devices, "
               "ONNX Runtime, Triton or vLLM on servers)."),
    "tensorflow": N_("TensorFlow / Keras for research and deployment (SavedModel, TF Serving, "
                  "TF Lite / LiteRT, TFX)."),
    "hybrid": N_("Research in PyTorch, deployment through a bridge to the TensorFlow side "
              "(ONNX export, conversion to TF Lite / LiteRT)."),
}


def options_context(assessment: Assessment, constraints: dict[str, Any]) -> list[dict[str, Any]]:
    """PyTorch, TensorFlow and hybrid with their description, score and constraint results."""
    rec = assessment.recommendation
    scores = assessment.scores or {}
    exclusions = excluded_notes(assessment)
    options = []
    for option in OPTIONS:
        excluded_by = [e["constraint"] for e in exclusions if e["option"] == option]
        failing = [r["description"] for r in constraints["rows"]
                   if option_label(option) in constraints["options"]
                   and r["status"][constraints["options"].index(option_label(option))] == "fail"
                   and r["description"] not in excluded_by]
        bridge = None
        sides: list[dict[str, Any]] = []
        if option == "hybrid":
            sides = [{"side": side, "scores": ", ".join(
                f"{option_label(o)} {v:.2f}" for o, v in values.items())}
                for side, values in ((rec.sides or {}) if rec else {}).items()]
            bridge = (scoring_fragments(rec.bridge) if rec and rec.bridge else
                      _("Train in PyTorch, export with torch.onnx / torch.export, convert to "
                        "TF Lite / LiteRT or serve with ONNX Runtime; validate outputs"
                        " numerically."))
        options.append({
            "id": option, "label": option_label(option), "text": _(OPTION_TEXT[option]),
            "chosen": rec is not None and rec.framework == option,
            "score": scores.get(option), "fails": failing, "bridge": bridge, "sides": sides,
            "excluded": rec is not None and option in rec.excluded, "excluded_by": excluded_by,
            "note": scoring_sentence(getattr(rec, "hybrid_note", None) or "") or None
            if rec and option == "hybrid" else None,
            "runner_up": rec is not None and rec.runner_up == option,
        })
    return options


#: Flip points the body shows, nearest first (the JSON holds every criterion's).
FLIPS_SHOWN = 3


def scoring_context(assessment: Assessment, matrix: dict[str, Any],
                    sensitivity: dict[str, Any]) -> dict[str, Any]:
    """The scoring section: what separates the chosen option from the runner-up, and where a
    single criterion would flip the decision."""
    rec = assessment.recommendation
    ids: list[str] = list(matrix["ids"])
    result: dict[str, Any] = {"difference": [], "chosen_label": "", "runner_up_label": "",
                              "flips": [f for f in sensitivity["flips"]
                                        if f["can_flip"] or f["by_rating"]][:FLIPS_SHOWN]}
    # The option the reasons are measured against: the runner-up, or the best excluded option
    # when the hard constraints left none (the figure then shows what the constraint overrode).
    runner_up = reasons_against(assessment)
    if rec is None or runner_up not in ids or rec.framework not in ids:
        return result
    chosen, runner = ids.index(rec.framework), ids.index(runner_up)
    result["difference"] = [
        (row["label"],
         (row["contributions"][chosen] or 0.0) - (row["contributions"][runner] or 0.0))
        for row in matrix["rows"]]
    result["chosen_label"] = option_label(rec.framework)
    result["runner_up_label"] = option_label(str(runner_up))
    return result


def _versions(assessment: Assessment) -> list[dict[str, str]]:
    model = assessment.decision_model or {}
    if model:
        parts = [str(model.get("version", _("version not recorded")))]
        if model.get("knowledge_as_of"):
            parts.append(_("knowledge as of {date}").format(
                date=knowledge_date(assessment, current_language())))
        if model.get("sha256"):
            parts.append(f"sha256 {str(model['sha256'])[:12]}…")
        model_text = ", ".join(parts)
    else:
        model_text = _("not used (not scored)")
    rows = [
        {"what": _("advisor (assessment)"), "version": assessment.advisor_version},
        {"what": _("advisor (this report)"), "version": __version__},
        {"what": _("assessment schema"), "version": assessment.schema_version},
        {"what": _("questionnaire"), "version": assessment.questionnaire},
        {"what": _("decision model"), "version": model_text},
    ]
    probes = assessment.probes
    for name in FRAMEWORKS:
        info = probes.frameworks.get(name) if probes else None
        if info is None:
            version = _("not probed")
        elif not info.installed:
            version = _("not installed")
        else:
            version = info.version or _("installed, version unknown")
        rows.append({"what": option_label(name), "version": version})
    return rows


def _report_command(source: str, formats: Sequence[str], paper: str, lang: Language) -> str:
    """The `advisor report` command that renders this run's files again from its JSON."""
    # The JSON is the command's input; re-rendering it to itself would only rewrite it.
    rendered = [f for f in formats if f != "json"] or ["html", "pdf", "md"]
    command = ["advisor", "report", source, "--format", ",".join(rendered)]
    if paper != "a4" and "pdf" in rendered:
        command += ["--paper", paper]
    folder = PurePath(source).parent
    if folder != PurePath("reports"):  # `advisor report` writes into reports/ unless told
        command += ["--output", str(folder)]
    if lang != SOURCE_LANGUAGE:
        command += ["--lang", lang]
    return shlex.join(command)


def build_report_context(
    assessment: Assessment,
    *,
    assessment_path: Path | None = None,
    assessment_saved: bool = True,
    charts: bool = True,
    formats: Sequence[str] = (),
    paper: str = "a4",
    lang: Language = SOURCE_LANGUAGE,
) -> dict[str, Any]:
    """Build the report context of `assessment` (charts rendered to SVG when `charts`).

    `assessment_path` is where the assessment JSON is (or would be) saved; `assessment_saved`
    False means this run did not write it, so the regenerate command needs `--format json`.
    `formats` and `paper` are what this run writes, so the appendix's regenerate command
    renders the same files again (all report formats when not given). `lang` is the language
    the report is written in (advisor.i18n). The assessment's `cost_per_hour` (the probed
    machine's price, `advisor batch --cost`) adds the cost line to the evidence.
    """
    with report_language(lang):
        return _build(assessment, assessment_path=assessment_path,
                      assessment_saved=assessment_saved, charts=charts, formats=formats,
                      paper=paper, lang=lang)


def _build(assessment: Assessment, *, assessment_path: Path | None, assessment_saved: bool,
           charts: bool, formats: Sequence[str], paper: str, lang: Language) -> dict[str, Any]:
    questionnaire = default_questionnaire(assessment)
    answers = assessment.answers
    project = str(answers.get("project_name") or _("Unnamed project"))
    evidence = evidence_context(assessment.probes, answers)
    sensitivity = sensitivity_context(assessment)
    constraints = constraints_context(assessment)
    matrix = matrix_context(assessment)
    risk_rows = risks(assessment, evidence)
    sources = sources_context(assessment)
    for row in matrix["rows"]:
        for key in ("evidence", "moves", "sources", "reasons"):
            row[key] = [cite(text, sources) for text in row[key]]
    for rule in matrix["rules"]:
        rule["source"] = rule["source"] and cite(rule["source"], sources)
    poc = poc_plan(assessment, evidence)
    source = str(assessment_path) if assessment_path else "ASSESSMENT.json"
    context: dict[str, Any] = {
        "lang": lang,
        "meta": {
            "project": project,
            "title": _("Framework decision: {project}").format(project=project),
            "created_at": assessment.created_at,
            "date": assessment.created_at[:10],
            # As the language writes a day (the ISO date in English, 2026年12月6日 in Japanese).
            "day": format_day(assessment.created_at, lang),
            "created": format_moment(assessment.created_at, lang),
            "generator": f"advisor {__version__}",
            "knowledge_as_of": knowledge_date(assessment, lang),
        },
        "summary": summary_context(assessment, evidence_quality(assessment, evidence), risk_rows),
        "project": {
            "paragraphs": project_paragraphs(answers, assessment.answer_sources, questionnaire),
            "notes": [scoring_sentence(note) for note in assessment.answer_notes],
        },
        "drivers": drivers_context(assessment),
        "constraints": constraints,
        "options": options_context(assessment, constraints),
        "evidence": evidence,
        "matrix": matrix,
        "sensitivity": sensitivity,
        "scoring": scoring_context(assessment, matrix, sensitivity),
        "pros_cons": pros_cons(assessment),
        "model_notes": model_notes(assessment),
        "cost": cost_context(evidence, assessment.cost_per_hour, lang,
                             caveat=caveat_kind(assessment)),
        "consequences": consequences(assessment),
        "risks": risk_rows,
        "poc": poc,
        "revisit": revisit_when(assessment, bool(poc)),
        "appendix": {
            "answers": answer_rows(answers, assessment.answer_sources, questionnaire),
            "versions": _versions(assessment),
            "sources": sources,
            "assess_command": shlex.join(assessment.command) if assessment.command else None,
            "report_command": _report_command(source, formats, paper, lang),
            "report_note": None if assessment_saved else _(
                "This run did not save the assessment JSON; add json to --format to keep it."),
        },
        "charts": {},
    }
    if charts:
        from advisor.report.charts import render_charts

        context["charts"] = render_charts(context)
    return context
