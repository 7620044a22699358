"""summary.csv and summary.json: a stable header, empty cells for missing values, fixed decimals."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from advisor.batch.inputs import load_profiles
from advisor.batch.machines import load_machines
from advisor.batch.session import BatchOutcome, BatchRequest, execute_batch
from advisor.options import FRAMEWORKS
from advisor.outputs import OutputFormat
from advisor.questionnaire import load_default_questionnaire
from tests.batch.conftest import write_profile_folder
from tests.conftest import write

HEADER = ["source", "row", "profile", "project", "machine", "status", "error", "recommendation",
          "confidence", "margin", "close_call", "score_pytorch", "score_tensorflow",
          "score_hybrid", "reports"]
ROW_KEYS = {"source", "row", "profile", "project", "machine", "status", "error",
            "recommendation", "confidence", "margin", "close_call", "scores", "reports"}


def _batch(tmp_path: Path, folder: Path, name: str, machines: list[Path]) -> BatchOutcome:
    request = BatchRequest(
        input_path=folder, questionnaire=load_default_questionnaire(),
        machines=load_machines(machines, []), formats=(OutputFormat.JSON,),
        output_dir=tmp_path / name, created_at="2026-01-01T00:00:00+00:00",
    )
    return execute_batch(request, load_profiles(folder, request.questionnaire))


def _rows(out: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = (out / "summary.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def test_the_header_is_the_same_whatever_the_profiles(tmp_path: Path, machine_a: Path) -> None:
    mixed = write_profile_folder(tmp_path / "mixed", 4, bad={1})
    all_bad = write_profile_folder(tmp_path / "bad", 2, bad={0, 1})
    csv_input = write(tmp_path / "p.csv", "project_name,stage\nOnly,research\nCut\n")
    headers = []
    for name, folder, machines in (("a", mixed, [machine_a]), ("b", all_bad, []),
                                   ("c", mixed, []), ("d", csv_input, [machine_a])):
        outcome = _batch(tmp_path, folder, name, machines)
        header, _ = _rows(tmp_path / name)
        headers.append(header)
        saved = json.loads((tmp_path / name / "summary.json").read_text(encoding="utf-8"))
        assert saved == outcome.summary
        assert all(set(row) == ROW_KEYS for row in saved["profiles"])
    assert headers == [HEADER] * 4


def test_failed_rows_have_empty_cells_and_numbers_have_fixed_decimals(
        tmp_path: Path, machine_a: Path) -> None:
    outcome = _batch(tmp_path, write_profile_folder(tmp_path / "p", 5, bad={2}), "out",
                     [machine_a])
    _, rows = _rows(tmp_path / "out")
    text = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8")
    assert "None" not in text and "nan" not in text.lower()
    failed = rows[2]
    assert failed["status"] == "failed" and "'shipping' is not a choice" in failed["error"]
    for column in ("recommendation", "confidence", "margin", "close_call", "score_pytorch",
                   "score_tensorflow", "score_hybrid", "reports"):
        assert failed[column] == "", column
    assert failed["row"] == ""  # answers files have no row number
    number = re.compile(r"^-?\d+\.\d{4}$")
    for row, result in zip(rows, outcome.results, strict=True):
        if result.status != "ok":
            continue
        assert row["close_call"] in ("true", "false")
        assert number.match(row["confidence"]) and number.match(row["margin"]), row
        assert abs(float(row["confidence"]) - (result.confidence or 0)) < 5e-5
        for option in FRAMEWORKS:
            assert number.match(row[f"score_{option}"]), row
            assert abs(float(row[f"score_{option}"]) - result.scores[option]) < 5e-5
        assert row["score_hybrid"] == ("" if "hybrid" not in result.scores
                                       else f"{result.scores['hybrid']:.4f}")
