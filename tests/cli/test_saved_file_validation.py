"""Saved assessments and probe reports are checked when read (issue 18): a value the scorer or
the renderers cannot use is exit 2 naming the file and the field, never exit 70 or a report that
says "infx faster"."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ASSETS, EXAMPLE_ANSWERS, run_main

ASSESSMENT = json.loads((ASSETS / "assessments" / "scored_with_probes.json").read_text("utf-8"))

Change = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Change:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[int(last) if isinstance(target, list) else last] = value
    return change


#: (change, field named in the message, words of the message)
ASSESSMENT_CASES: dict[str, tuple[Change, str, str]] = {
    "importance NaN": (_set("criteria.0.importance", float("nan")), "", "NaN"),
    "rating infinite": (_set("criteria.0.ratings.pytorch", float("inf")), "", "Infinity"),
    "weight 1e308": (_set("criteria.1.weight", 1e308), "criteria.1.weight", "not a plausible"),
    "weight negative": (_set("criteria.1.weight", -0.5), "criteria.1.weight", "negative"),
    "domains not a list": (_set("answers.domains", "vision"), "answers.domains",
                           "expected a list"),
    "priorities out of range": (_set("answers.priorities.performance", 9),
                                "answers.priorities", "importance 1-5"),
    "included not a list": (_set("probes.benchmark_summary.by_mode.eager.included", 5),
                            "probes.benchmark_summary.by_mode.eager.included",
                            "expected a list"),
    "summary ratio absurd": (_set("probes.benchmark_summary.geomean_ratio", 1e12),
                             "probes.benchmark_summary.geomean_ratio",
                             "not a valid measurement"),
}


@pytest.mark.parametrize("case", list(ASSESSMENT_CASES))
def test_a_bad_value_in_a_saved_assessment_is_exit_2_naming_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    change, field, words = ASSESSMENT_CASES[case]
    document = copy.deepcopy(ASSESSMENT)
    change(document)
    path = tmp_path / "assessment.json"
    path.write_text(json.dumps(document), encoding="utf-8")  # NaN, Infinity as Python writes
    assert run_main(["report", str(path), "--format", "html,md", "--output",
                     str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{path}" in err and field in err and words in err, err
    assert "internal error" not in err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


#: Probe report fields (of a saved report) and an absurd value for each.
ABSURD_MEASUREMENTS = {
    "benchmarks.0.median_s": 1e-300,
    "benchmarks.0.samples.0": -1.0,
    "benchmark_verdicts.0.ratio": 1e300,
    "benchmark_verdicts.0.speedup": 0,
    "benchmark_summary.geomean_ratio": 0.0,
}


@pytest.mark.parametrize("field", list(ABSURD_MEASUREMENTS))
def test_an_absurd_measurement_in_a_probe_report_is_not_a_valid_measurement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str
) -> None:
    report = copy.deepcopy(ASSESSMENT["probes"])
    _set(field, ABSURD_MEASUREMENTS[field])(report)
    path = tmp_path / "probes.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    out = tmp_path / "out"
    assert run_main(["assess", "--no-input", "--answers", str(EXAMPLE_ANSWERS),
                     "--probe-results", str(path), "--format", "md", "--output", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: {field}:" in err and "not a valid measurement" in err, err
    assert not out.exists()


def test_the_saved_assets_still_load(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    for path in sorted((ASSETS / "assessments").glob("*.json")):
        assert run_main(["report", str(path), "--format", "md", "--output",
                         str(tmp_path / path.stem)]) == 0, capsys.readouterr().err
