"""No English sentence in a Japanese report: real assessments rendered with `--lang ja`.

Scoring, the probes and the benchmark analysis write their sentences in English (the saved
assessment keeps them); the report translates them (advisor.report.sentence_templates). A
sentence none of them knows shows up here as a run of English words in the visible text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.models import Assessment
from advisor.scoring.loading import load_default_decision_model
from tests.conftest import ASSETS, EXAMPLE_ANSWERS
from tests.report.conftest import real_assessment, render_html_of

REPORTS = ASSETS / "report"
#: Five English words in a row (a word may carry code punctuation: "model.eval()", "fp32").
WORD = r"[A-Za-z][\w.+/()'=-]*"
ENGLISH_RUN = re.compile(rf"{WORD}(?:[ ,]+{WORD}){{4,}}")
#: What is data by nature and stays as written in any language; each entry says why.
ALLOWED = (
    # Lists of names: packages the probe looked for, workload ids, CPU flags.
    re.compile(r"^\(?[\w.+-]+(?:, [\w.+-]+)+\)?$"),
    # The probes that ran, with their times ("hardware ok(410 ms); framework_torch ok(3.2 s)").
    re.compile(r"^(?:\w+ ok\([\d.]+ m?s\)(?:; )?)+$"),
    # Facts of the machine as the probe recorded them (OS, Python: key value pairs).
    re.compile(r"\b(?:system|distribution|architecture|executable|virtual_environment)\b"),
)
#: Product names of several words (a name is not translated).
NAMES = re.compile(r"LiteRT for Microcontrollers|TF Lite Micro")


def _source_titles() -> list[str]:
    """The sources' own titles: a document is cited by its name, in its language."""
    return [source.title for source in load_default_decision_model().model.sources.values()]


def _answers(path: Path, **changes: Any) -> dict[str, Any]:
    return {**yaml.safe_load(path.read_text(encoding="utf-8")), **changes}


CASES = {
    "example": lambda: real_assessment(),
    "busy": lambda: real_assessment(
        answers=_answers(EXAMPLE_ANSWERS, hardware=["cpu_only"]),
        probe_report=REPORTS / "probe_report_quick_busy.json"),
    "seed_suite": lambda: real_assessment(probe_report=REPORTS / "probe_report_seed.json"),
    "no_probes": lambda: real_assessment(probes=False),
    "mobile": lambda: real_assessment(answers=_answers(REPORTS / "mobile_team.yaml")),
}


def visible_text(page: str) -> list[str]:
    """The lines a reader sees: no CSS, SVG, scripts or <code> (commands are typed as shown)."""
    body = page[page.index("<body"):]
    body = re.sub(r"<(svg|style|script|code)\b.*?</\1>", "\n", body, flags=re.S)
    return [html.unescape(line) for line in re.sub(r"<[^>]+>", "\n", body).splitlines()]


def english_runs(page: str) -> list[str]:
    """Runs of five or more English words outside names, titles and the data of ALLOWED."""
    titles = _source_titles()
    runs = [run.group(0) for line in visible_text(page)
            for run in ENGLISH_RUN.finditer(NAMES.sub("_", line))]
    return [run for run in runs if not any(allowed.search(run) for allowed in ALLOWED)
            and not any(re.sub(r"^S\d+\. ", "", run) in title for title in titles)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_japanese_report_has_no_english_sentence(case: str) -> None:
    assessment: Assessment = CASES[case]()
    found = english_runs(render_html_of(assessment, lang="ja"))
    assert not found, "\n".join(dict.fromkeys(found))


def test_the_check_finds_an_english_sentence() -> None:
    """The check itself: a sentence no template knows is found; names and lists are not."""
    page = ("<body><p>計測: the machine was busy for a long while today</p>"
            "<p>torchvision, timm, transformers, ultralytics</p>"
            "<p><code>advisor probe --budget standard and more words here</code></p></body>")
    assert english_runs(page) == ["the machine was busy for a long while today"]
