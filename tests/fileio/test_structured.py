"""Reading a user's YAML or JSON file: every problem is an error naming the file (and the line
where there is one), of the caller's error type."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from advisor.errors import AnswersError, InputError
from advisor.fileio import MAX_INPUT_BYTES, load_structured_file, parse_structured_text


def load_error(path: Path, **kwargs: object) -> InputError:
    """The error of loading `path`, which must name the file (every problem does)."""
    with pytest.raises(InputError) as info:
        load_structured_file(path, **kwargs)  # type: ignore[arg-type]
    assert info.value.file == str(path)
    assert str(info.value).startswith(str(path))
    return info.value


def parse_error(text: str, **kwargs: object) -> InputError:
    """The error of parsing `text` as source s.yaml (or s.json), which must name the source."""
    source = "s.json" if kwargs.get("as_json") else "s.yaml"
    with pytest.raises(InputError) as info:
        parse_structured_text(text, source=source, **kwargs)  # type: ignore[arg-type]
    assert info.value.file == source
    return info.value


def test_yaml_and_json_load_by_suffix_and_a_bom_is_ignored(tmp_path: Path) -> None:
    yaml_file = tmp_path / "a.yaml"
    yaml_file.write_bytes("\ufeffstage: research\nname: Проект\n".encode())
    assert load_structured_file(yaml_file) == {"stage": "research", "name": "Проект"}
    json_file = tmp_path / "a.JSON"
    json_file.write_text('{"stage": "research"}')
    assert load_structured_file(json_file) == {"stage": "research"}
    # YAML syntax in a .json file is not accepted: the suffix decides the parser.
    json_file.write_text("stage: research")
    assert "invalid JSON" in load_error(json_file).problem


def test_missing_file_and_folder(tmp_path: Path) -> None:
    error = load_error(tmp_path / "none.yaml", error=AnswersError)
    assert isinstance(error, AnswersError)
    assert error.problem == "file not found"
    assert load_error(tmp_path).problem == "is a directory, expected a YAML or JSON file"


def test_every_problem_of_a_file_is_the_callers_error_type(tmp_path: Path) -> None:
    for name, content in (("a.yaml", b"\xff"), ("b.yaml", b""), ("c.json", b"{"),
                          ("d.yaml", b"a: [")):
        (tmp_path / name).write_bytes(content)
        assert isinstance(load_error(tmp_path / name, error=AnswersError), AnswersError), name


def test_a_file_must_hold_a_mapping_unless_told_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    assert load_error(path).problem == "top level is a list, expected a mapping"
    assert load_structured_file(path, expect_mapping=False) == ["a", "b"]
    json_path = tmp_path / "list.json"
    json_path.write_text('["a"]')
    assert load_error(json_path).problem == "top level is a list, expected a mapping"
    assert load_structured_file(json_path, expect_mapping=False) == ["a"]


def test_size_limit_is_inclusive_and_checked_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n" + "#" * 95)  # exactly 100 bytes
    assert load_structured_file(path, max_bytes=100) == {"a": 1}
    path.write_text("a: [\n" + "#" * 96)  # 101 bytes, and not even valid YAML
    error = load_error(path, max_bytes=100)
    assert error.problem == "file is too large (101 bytes)"
    assert error.allowed == "at most 100 bytes"
    assert MAX_INPUT_BYTES == 2 * 1024 * 1024


def test_not_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"ab: \xff\n")
    assert load_error(path).problem == "is not UTF-8 text (byte 4)"


def test_unreadable_path_is_an_input_error(tmp_path: Path) -> None:
    # A real OS error, whoever runs the test (root reads any file): a file used as a folder.
    (tmp_path / "a.yaml").write_text("a: 1")
    assert load_error(tmp_path / "a.yaml" / "b.yaml").problem == "cannot be read: Not a directory"


@pytest.mark.parametrize("text", ["", "  \n\t\n"])
@pytest.mark.parametrize("as_json", [False, True])
def test_empty_text(text: str, as_json: bool) -> None:
    error = parse_error(text, as_json=as_json)
    assert error.problem == "file is empty"
    assert error.allowed == "a mapping of ids to values"


def test_invalid_json_names_the_line() -> None:
    error = parse_error('{\n"a": 1\n"b": 2}', as_json=True)
    assert error.line == 3
    assert error.problem == "invalid JSON: Expecting ',' delimiter"


@pytest.mark.parametrize(("text", "line", "problem"), [
    # Only a problem mark: the line of the problem.
    ("a: 1\nb: c: d\n", 2, "mapping values are not allowed here"),
    # A problem and a context mark: still the problem's line.
    ("a: 1\nb: [\n", 3, "expected the node content, but found '<stream end>'"),
])
def test_invalid_yaml_names_the_line_and_the_problem(text: str, line: int, problem: str) -> None:
    error = parse_error(text)
    assert error.line == line and error.problem == f"invalid YAML: {problem}"
    assert str(error) == f"s.yaml:{line}: invalid YAML: {problem}"


def test_unreadable_characters_in_yaml_are_an_input_error() -> None:
    # PyYAML's reader error carries no mark: no line, the reader's own words.
    error = parse_error("a: \x07\n")
    assert error.line is None
    assert error.problem.startswith("invalid YAML: unacceptable character #x0007")


def test_deeply_nested_yaml_is_an_input_error_not_a_crash() -> None:
    assert parse_error("[" * 100_000).problem.startswith("invalid YAML: nested ")


@pytest.mark.parametrize(("text", "kind"), [
    ("- a\n- b", "a list"), ("~", "nothing"), ("3", "int"), ("hello", "str"),
])
def test_top_level_must_be_a_mapping_unless_told_otherwise(text: str, kind: str) -> None:
    error = parse_error(text)
    assert error.problem == f"top level is {kind}, expected a mapping"
    assert error.allowed == "a mapping such as `stage: research`"
    assert parse_structured_text("- a\n- b", source="x.yaml", expect_mapping=False) == ["a", "b"]


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    error = load_error(fifo)
    assert error.problem == "is not a regular file (a pipe, socket or device)"
    assert error.allowed == "a YAML or JSON file"


def test_the_nesting_limit_says_what_is_allowed() -> None:
    assert parse_error("[" * 100_000).allowed == "at most 64 levels"
