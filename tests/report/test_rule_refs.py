"""Rule references: scoring records each rule's move as data beside its line of text, and the
report reads the data (Appendix A, page one's weight changes, a constraint's risk row); an
assessment saved before the references renders from its lines, as it always did."""

from __future__ import annotations

import html as html_escapes
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.assessment_io import load_probe_report
from advisor.models import Assessment
from advisor.pipeline import assess
from advisor.questionnaire import load_default_questionnaire, resolve_answers
from advisor.report.model_notes import weight_changes
from advisor.scoring import load_decision_model
from tests.conftest import EXAMPLE_ANSWERS
from tests.report.conftest import (
    ASSESSMENTS,
    FIXED_TIME,
    PROBE_REPORT,
    fixture_assessment,
    real_assessment,
    render_html_of,
)
from tests.report.test_golden import check_golden
from tests.scoring.conftest import bundled_model_data, write_model

#: An assessment JSON that `advisor assess` wrote before rule references existed (main of
#: 2026-12-07: example answers with browser, mobile and TPU targets, the example probe report).
SAVED_BEFORE = "saved_before_rule_refs"


def _example(**changes: Any) -> dict[str, Any]:
    answers = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    assert isinstance(answers, dict)
    return {**answers, **changes}


def _assessed(answers: dict[str, Any], model: Path | None = None) -> Assessment:
    resolved = resolve_answers(load_default_questionnaire(), file_answers=answers)
    return assess(resolved, load_probe_report(PROBE_REPORT), created_at=FIXED_TIME,
                  decision_model_path=model)


def _appendix_a(page: str) -> str:
    return page[page.index('id="appendix-matrix"'):page.index('id="appendix-benchmarks"')]


def _text(page: str) -> str:
    return html_escapes.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def test_every_rule_line_has_its_reference_from_the_decision_model() -> None:
    assessment = real_assessment(answers=_example(deployment_targets=["mobile", "browser"]))
    rules = {r.id: r for r in load_decision_model().model.rules}
    model = load_decision_model().model
    seen = 0
    for criterion in assessment.criteria or []:
        refs = criterion.rule_refs
        assert refs is not None
        weight_lines = [r for r in criterion.weight_reasons if "[rule " in r]
        rating_lines = [r for r in criterion.rating_sources if "[rule " in r]
        assert [r.line for r in refs if r.kind == "weight"] == weight_lines
        assert [r.line for r in refs if r.kind == "rating"] == rating_lines
        assert all(line in criterion.evidence for line in rating_lines)
        for ref in refs:
            rule = rules[ref.rule]
            assert (ref.reason, ref.condition, ref.source) == (
                rule.reason, rule.when.describe(), rule.source)
            assert ref.citation == model.source_text(rule.source)
            if ref.kind == "weight":
                assert ref.moves is None and ref.delta == rule.weight[criterion.id]
            else:
                assert ref.delta is None and ref.moves == rule.ratings[criterion.id]
            seen += 1
    assert seen >= 10


def test_a_constraint_records_its_reason_and_citation_apart() -> None:
    assessment = real_assessment(answers=_example(deployment_targets=["cloud_server", "browser"]))
    model = load_decision_model().model
    constraint = next(c for c in model.constraints if c.id == "browser_runtime")
    (result,) = [c for c in assessment.constraints or [] if c.id == "browser_runtime"]
    assert result.rationale == constraint.reason
    assert result.citation == model.source_text(constraint.source)
    assert result.reason == f"{result.rationale} [{result.citation}]"  # unchanged for pipelines


def _model_with(tmp_path: Path, *, rule_reason: str | None = None,
                constraint_reason: str | None = None, title: str) -> Path:
    """The bundled model with target_mobile's sentence, browser_runtime's reason and the
    title of their sources changed."""
    data = bundled_model_data()
    rule = next(r for r in data["rules"] if r["id"] == "target_mobile")
    constraint = next(c for c in data["constraints"] if c["id"] == "browser_runtime")
    rule["reason"] = rule_reason or rule["reason"]
    constraint["reason"] = constraint_reason or constraint["reason"]
    for source in (rule["source"], constraint["source"]):
        data["sources"][source]["title"] = title
    return write_model(tmp_path / "decision_model.yaml", data)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_rule_whose_sentence_and_source_have_brackets_is_said_whole_once(
        tmp_path: Path, lang: str) -> None:
    sentence = "Phones [Android: LiteRT; iOS: Core ML]: LiteRT is the most deployed runtime."
    title = "LiteRT guide [archived: 2024]"
    model = _model_with(tmp_path, rule_reason=sentence, title=title)
    assessment = _assessed(_example(deployment_targets=["cloud_server", "mobile"]), model)
    appendix = _text(_appendix_a(render_html_of(assessment, lang)))
    # The matrix names the rule by its id; its sentence, condition and source are in the list.
    moved = "TensorFlow +1.50 (rule target_mobile)" if lang == "en" else (
        "TensorFlow +1.50(ルール target_mobile)")
    assert moved in appendix
    assert appendix.count(sentence) == 1
    entry = appendix[appendix.index("target_mobile : " + sentence):]
    when = ("when Where will the trained models run?" if lang == "en"
            else "適用条件: 学習済みモデルはどこで動かしますか?")
    assert entry.startswith(f"target_mobile : {sentence} ({when}")
    assert f"{title} (2024-09))" in entry.split(" target_servers : ")[0]


def test_the_constraint_risk_row_gives_the_reason_and_the_source_once(tmp_path: Path) -> None:
    reason = "No first-party runtime [as of 2025]: export to ONNX, run ONNX Runtime Web."
    title = "ONNX Runtime docs [web: WebGPU, WASM]"
    model = _model_with(tmp_path, constraint_reason=reason, title=title)
    assessment = _assessed(_example(deployment_targets=["cloud_server", "browser"]), model)
    assert assessment.recommendation and assessment.recommendation.framework == "pytorch"
    page = _text(render_html_of(assessment))
    risks = page[page.index("6. Consequences"):page.index("Appendix: details")]
    row = f'Requirement "Run inference in a web browser." is warn for PyTorch: {reason} Prove'
    assert row in risks
    assert title not in risks
    # The source is cited once: beside the constraint, in the table of hard requirements.
    assert page.count(f"{reason} [{title} (2025)]") == 1


def test_page_one_weight_changes_read_from_references_as_from_lines() -> None:
    assessment = real_assessment(answers=_example(
        hardware=["google_tpu"], cloud_platform="gcp", team_pytorch_experience="none",
        team_tensorflow_experience="none"))
    changes = weight_changes(assessment)
    older = assessment.model_copy(update={"criteria": [
        c.model_copy(update={"rule_refs": None}) for c in assessment.criteria or []]})
    assert changes and weight_changes(older) == changes
    (support,) = [c for c in changes if c["criteria"][0]["label"] == "Enterprise support"]
    # A condition of two answers (rule tpu_on_gcp) reads in the questionnaire's words too.
    assert support["why"] == [
        "Which hardware will train and serve the models? Google TPUs and Which cloud platform"
        " will you use? Google Cloud", "Which cloud platform will you use? Google Cloud"]


def test_an_assessment_saved_before_rule_references_renders_as_before(
        run_cli: Any, tmp_path: Path) -> None:
    """The goldens were rendered from this file by main before the references existed."""
    saved = fixture_assessment(SAVED_BEFORE)
    assert all(c.rule_refs is None for c in saved.criteria or [])
    assert all(c.rationale is None for c in saved.constraints or [])
    shutil.copy(ASSESSMENTS / f"{SAVED_BEFORE}.json", tmp_path / "saved.json")
    for lang in ("en", "ja"):
        result = run_cli("report", "saved.json", "--format", "html", "--format", "md",
                         "--lang", lang, "--output", lang)
        assert result.exit_code == 0, result.stderr
        (page,) = (tmp_path / lang).glob("*.html")
        (record,) = (tmp_path / lang).glob("*.md")
        check_golden(f"{SAVED_BEFORE}.appendix_a.{lang}.html",
                     _appendix_a(page.read_text(encoding="utf-8")) + "\n")
        check_golden(f"{SAVED_BEFORE}.{lang}.md", record.read_text(encoding="utf-8"))
    page = (tmp_path / "en").joinpath(next(p.name for p in (tmp_path / "en").glob("*.html")))
    rules = _text(page.read_text(encoding="utf-8")).split("The rules behind these")[1]
    # Parsed from the lines: the rule, its condition (weight line) and its source (rating line).
    assert ("target_browser : Browser - TensorFlow.js runs Keras models natively;" in rules
            and "(when Where will the trained models run? Web browser; source S" in rules)
