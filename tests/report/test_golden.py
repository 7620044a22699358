"""Golden files for the JSON assessment and the Markdown decision record.

Timestamps are fixed when the assessment is built and the advisor version is normalised. After an
intended change, regenerate with
    ADVISOR_REGEN_GOLDEN=1 python -m pytest tests/report/test_golden.py
and review the diff of tests/assets/golden/ like code.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from advisor import __version__
from advisor.models import Assessment
from advisor.report.context import build_report_context
from advisor.report.markdown import render_markdown
from advisor.scoring import crosscheck
from tests.report.conftest import GOLDEN, fixture_assessment, real_assessment

REGENERATE = os.environ.get("ADVISOR_REGEN_GOLDEN") == "1"


def normalise(text: str) -> str:
    """Replace what legitimately changes between releases."""
    return text.replace(__version__, "<version>")


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    actual = normalise(actual)
    if REGENERATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not REGENERATE:
            pytest.fail(f"golden file {path} was missing and has been written; check it in")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from its golden file; if the change is intended, run"
        " ADVISOR_REGEN_GOLDEN=1 python -m pytest tests/report/test_golden.py")


def markdown_of(assessment: Assessment, source: str) -> str:
    return render_markdown(build_report_context(
        assessment, assessment_path=Path(source), charts=False))


#: The cross-check block depends on whether the optional pymcdm is installed; the golden file
#: holds this instead (tests/scoring/test_crosscheck.py tests the block itself).
CROSSCHECK = "<optional: TOPSIS and SPOTIS when pymcdm is installed>"


def without_optional_blocks(text: str) -> str:
    """The saved JSON with the cross-check replaced, whatever is installed."""
    data = json.loads(text)
    assert data["crosscheck"]["available"] is crosscheck.pymcdm_available()
    data["crosscheck"] = CROSSCHECK
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_json_of_a_real_assessment(tmp_path: Path) -> None:
    from advisor.assessment_io import save_assessment

    path = save_assessment(real_assessment(), tmp_path / "a.json")
    check_golden("retail_with_probes.json", without_optional_blocks(path.read_text("utf-8")))
    assert json.loads(path.read_text())["schema_version"] == "1"


def test_the_golden_assessment_says_what_it_should() -> None:
    # The golden file pins every byte; these pin its meaning, so that a regenerated golden file
    # cannot quietly change the verdict or the arithmetic behind it.
    data = json.loads((GOLDEN / "retail_with_probes.json").read_text(encoding="utf-8"))
    rec, sens = data["recommendation"], data["sensitivity"]
    assert (rec["framework"], rec["badge"], rec["close_call"]) == ("pytorch", "robust", False)
    assert rec["runner_up"] == "hybrid"
    assert rec["confidence"] == sens["win_share"]["pytorch"]
    assert abs(sum(sens["win_share"].values()) + sens["ties"] - 1) <= 1.6e-4
    criteria = {c["id"]: c for c in data["criteria"]}
    # CPU benchmarks do not apply to a GPU target: performance keeps its base ratings and the
    # measurement is listed as not applied.
    assert {o: criteria["performance"]["ratings"][o] for o in ("pytorch", "tensorflow")} == (
        criteria["performance"]["base_ratings"])
    assert "performance" in {e["criterion"] for e in data["evidence_not_applied"]}
    total = sum(c["weight"] for c in data["criteria"])
    for option, score in data["scores"].items():
        weighted = sum(c["weight"] * c["ratings"][option] for c in data["criteria"]) / total
        assert abs(weighted - score) <= 1e-3, option
    assert abs(rec["margin"] - (data["scores"]["pytorch"] - data["scores"]["hybrid"])) <= 2e-4
    assert data["crosscheck"] == CROSSCHECK


@pytest.mark.parametrize(("name", "probes"), [("retail_with_probes", True),
                                               ("retail_no_probes", False)])
def test_markdown_of_real_assessments(name: str, probes: bool) -> None:
    text = markdown_of(real_assessment(probes=probes), f"reports/{name}.json")
    check_golden(f"{name}.md", text)


@pytest.mark.parametrize("name", ["hostile", "failed_probes"])
def test_markdown_of_hand_written_assessments(name: str) -> None:
    check_golden(f"{name}.md", markdown_of(fixture_assessment(name), f"reports/{name}.json"))


def test_markdown_is_a_madr_record() -> None:
    text = markdown_of(real_assessment(), "reports/r.json")
    assert text.startswith("---\nstatus: proposed\ndate: 2026-01-02\n")
    headings = re.findall(r"^#{2,3} .*$", text, re.M)
    # MADR 4's sections, in its order, each used with its meaning.
    assert headings[:5] == ["## Context and Problem Statement", "## Decision Drivers",
                            "## Considered Options", "## Decision Outcome", "### Consequences"]
    assert headings[5] == "### Confirmation" and headings[-1] == "## More Information"
    assert "## Pros and Cons of the Options" in headings
    # The reasons name the option they are measured against (the runner-up).
    assert 'Chosen option: "PyTorch" rather than Hybrid, because:\n\n1. ' in text
    confirmation = text.split("### Confirmation")[1].split("\n## ")[0]
    assert "Gate:" in confirmation and "Revisit" not in confirmation  # how it is checked


def test_markdown_has_no_needless_escapes() -> None:
    text = markdown_of(real_assessment(), "reports/r.json")
    assert "0.1.0" in text and "0\\." not in text
    assert "\\[" not in text and "\\]" not in text
    # Sources are reference-style links with their dates, defined once at the end.
    assert "[Google AI Edge - LiteRT (formerly TensorFlow Lite) documentation and migration" in text
    assert "\n[source-1]: https://ai.google.dev/edge/litert" in text
