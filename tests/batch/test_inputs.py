"""Reading batch inputs: folders of answers files and CSVs, each profile validated on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.batch.inputs import csv_columns, load_profiles
from advisor.errors import InputError
from advisor.questionnaire import load_default_questionnaire
from tests.conftest import write

Q = load_default_questionnaire()
HEADER = "project_name,stage,domains,priority.performance"


def load(path: Path):  # type: ignore[no-untyped-def]
    return load_profiles(path, Q)


def test_folder_profiles_in_name_order_ignoring_hidden_and_other_files(tmp_path: Path) -> None:
    write(tmp_path / "b.yaml", "project_name: B\n")
    write(tmp_path / "a.json", '{"project_name": "A", "stage": "research"}')
    write(tmp_path / "c.yml", "project_name: C\n")
    write(tmp_path / ".hidden.yaml", "project_name: Hidden\n")
    write(tmp_path / "notes.txt", "not a profile")
    profiles = load(tmp_path)
    assert [p.project for p in profiles] == ["A", "B", "C"]
    assert [p.key for p in profiles] == ["a", "b", "c"]
    assert [p.index for p in profiles] == [0, 1, 2]
    assert all(p.error is None for p in profiles)
    assert profiles[0].answers is not None
    assert profiles[0].answers.values["stage"] == "research"
    assert profiles[0].answers.sources["domains"] == "default"


def test_folder_keys_never_collide(tmp_path: Path) -> None:
    write(tmp_path / "a.json", '{"project_name": "Same"}')
    write(tmp_path / "a.yaml", "project_name: Same\n")
    write(tmp_path / "A.yml", "project_name: Same\n")
    keys = [p.key for p in load(tmp_path)]
    assert len(set(keys)) == 3, keys


def test_bad_files_become_failed_profiles_naming_file_line_and_reason(tmp_path: Path) -> None:
    write(tmp_path / "1-good.yaml", "project_name: Good\n")
    write(tmp_path / "2-syntax.yaml", "project_name: X\nstage: [research\n")
    write(tmp_path / "3-choice.yaml", "project_name: Y\nstage: shipping\n")
    write(tmp_path / "4-noname.yaml", "stage: research\n")
    write(tmp_path / "5-list.yaml", "- a\n- b\n")
    good, syntax, choice, noname, top = load(tmp_path)
    assert good.error is None
    assert syntax.answers is None and "2-syntax.yaml:3" in (syntax.error or "")
    assert "invalid YAML" in (syntax.error or "")
    assert "3-choice.yaml: stage: 'shipping' is not a choice" in (choice.error or "")
    assert "allowed: research, prototype" in (choice.error or "")
    assert "required answers are missing: project_name" in (noname.error or "")
    assert "expected a mapping" in (top.error or "")


def test_missing_empty_and_wrong_kind_of_input_are_batch_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no answers files"):
        load(tmp_path / "empty")
    with pytest.raises(InputError, match="neither a folder nor a CSV"):
        load(write(tmp_path / "x.yaml", "project_name: X\n"))


def test_csv_lists_priorities_and_empty_cells(tmp_path: Path) -> None:
    csv = write(tmp_path / "p.csv", "\ufeff" + HEADER + ",priorities.ecosystem,deployment_targets\n"
                'Alpha,research,vision; nlp_llm ,4,2,"mobile;cloud_server"\n'
                "Beta,,,,,\n")
    alpha, beta = load(csv)
    assert alpha.key == "row-0002" and alpha.row == 2 and beta.row == 3
    assert alpha.answers is not None and beta.answers is not None
    values = alpha.answers.values
    assert values["domains"] == ["nlp_llm", "vision"]  # choice order
    assert values["deployment_targets"] == ["cloud_server", "mobile"]
    assert values["priorities"]["performance"] == 4
    assert values["priorities"]["ecosystem"] == 2
    assert values["priorities"]["research_velocity"] == 5  # default
    assert beta.answers.values["stage"] == "prototype"  # empty cell = default
    assert beta.answers.sources["stage"] == "default"
    assert beta.answers.sources["priorities.performance"] == "default"


def test_csv_whole_priorities_column_and_quoted_commas(tmp_path: Path) -> None:
    csv = write(tmp_path / "p.csv", 'project_name,priorities\n"Acme, Inc. vision",'
                '"performance=2;ecosystem=5"\n')
    (profile,) = load(csv)
    assert profile.project == "Acme, Inc. vision"
    assert profile.answers is not None
    assert profile.answers.values["priorities"]["ecosystem"] == 5


def test_csv_blank_rows_are_skipped_and_rows_keep_spreadsheet_numbers(tmp_path: Path) -> None:
    csv = write(tmp_path / "p.csv", f"{HEADER}\nA,research,,\n\n,,,\nB,research,,\n")
    a, b = load(csv)
    assert (a.row, b.row) == (2, 5)
    assert [a.index, b.index] == [0, 1]


def test_csv_bad_rows_name_file_line_row_and_column(tmp_path: Path) -> None:
    csv = write(tmp_path / "p.csv", f"{HEADER}\nGood,research,vision,3\n"
                "Bad stage,prod,vision,3\nBad domain,research,vison,3\n"
                "Bad priority,research,vision,6\nNo name,research,vision,3,extra\n"
                ",research,,\n")
    good, stage, domain, priority, extra, noname = load(csv)
    assert good.error is None
    assert stage.error is not None and stage.answers is None
    assert f"{csv}:3: row 3, column stage: 'prod' is not a choice" in stage.error
    assert "column domains: 'vison' is not a choice (did you mean 'vision'?)" in (
        domain.error or "")
    assert "row 5, column priority.performance: importance 6 is out of range" in (
        priority.error or "")
    assert "has 5 cells but the header has 4 columns (too many)" in (extra.error or "")
    assert "required answers are missing: project_name" in (noname.error or "")
    assert f"{csv}:7" in (noname.error or "")


def test_csv_text_importance_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (profile,) = load(write(tmp_path / "p.csv", f"{HEADER}\nA,research,vision,high\n"))
    assert "column priority.performance: expected a whole number" in (profile.error or "")


def test_csv_header_problems_are_batch_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as unknown:
        load(write(tmp_path / "u.csv", "project_name,colour\nA,red\n"))
    message = str(unknown.value)
    assert "u.csv:1: colour: unknown column" in message
    assert "priority.performance" in message and "project_name" in message
    with pytest.raises(InputError, match="the CSV is empty"):
        load(write(tmp_path / "e.csv", ""))
    with pytest.raises(InputError, match="the CSV is empty"):
        load(write(tmp_path / "blank.csv", "\n\n"))
    with pytest.raises(InputError, match="no profile rows"):
        load(write(tmp_path / "h.csv", f"{HEADER}\n"))
    with pytest.raises(InputError, match=r"also given by column 'priority\.performance'"):
        load(write(tmp_path / "d.csv", "project_name,priority.performance,priorities.performance\n"
                   "A,1,2\n"))
    with pytest.raises(InputError, match="column 2 of the header has no name"):
        load(write(tmp_path / "n.csv", "project_name,,stage\nA,,research\n"))


def test_csv_that_is_not_utf8_or_not_well_formed(tmp_path: Path) -> None:
    latin = tmp_path / "l.csv"
    latin.write_bytes(b"project_name\nCaf\xe9\n")
    with pytest.raises(InputError, match="not UTF-8"):
        load(latin)
    with pytest.raises(InputError, match=r"q\.csv:1: the header row is not a well-formed CSV"):
        load(write(tmp_path / "q.csv", '"project_name"x,stage\nA,research\n'))


def test_truncated_and_overlong_rows_fail_alone_naming_file_and_row(tmp_path: Path) -> None:
    csv = write(tmp_path / "p.csv", f"{HEADER}\nFirst,research,vision,3\n"
                "Truncated,research\nToo many,research,vision,3,4\n"
                'Bad quote,"research"x,vision,3\nAfter,research,vision,3\n'
                'Cut off,research,"vision;nlp')  # the file ends inside a quoted cell
    first, truncated, overlong, quote, after, cut = load(csv)
    assert first.error is None and after.error is None
    assert after.project == "After" and after.row == 6
    assert truncated.answers is None and truncated.key == "row-0003"
    assert truncated.error == (f"{csv}:3: row 3: has 2 cells but the header has 4 columns"
                               " (too few: is the row truncated?)")
    assert overlong.error == (f"{csv}:4: row 4: has 5 cells but the header has 4 columns"
                              " (too many)")
    assert (quote.error or "").startswith(f"{csv}:5: row 5: is not a well-formed CSV row:")
    assert cut.row == 7 and (cut.error or "").startswith(f"{csv}:7: row 7: is not a well-formed")
    assert "is the row truncated?" in (cut.error or "")


def test_an_unclosed_quote_costs_one_row_not_the_rest_of_the_file(tmp_path: Path) -> None:
    csv = write(tmp_path / "p.csv", f'{HEADER}\n"Open quote,research,vision,3\n'
                "B,research,vision,3\nC,prototype,,\n")
    broken, b, c = load(csv)
    assert broken.row == 2 and "a quoted cell is not closed" in (broken.error or "")
    assert (b.project, b.row, b.error) == ("B", 3, None)
    assert (c.project, c.row, c.error) == ("C", 4, None)


def test_every_question_and_criterion_is_an_allowed_column() -> None:
    columns = csv_columns(Q)
    assert set(Q.ids) <= set(columns)
    assert "priority.enterprise_support" in columns


def test_batch_outputs_are_not_profiles_when_output_is_the_input_folder(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "project_name: A\n")
    write(tmp_path / "summary.json", '{"schema_version": "1"}')
    assert [p.key for p in load_profiles(tmp_path, Q, tmp_path)] == ["a"]
    assert [p.key for p in load_profiles(tmp_path, Q, tmp_path / "elsewhere")] == ["a", "summary"]
