"""Every kind of bad input ends in exit 2 with one clear message naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CliRunner, assert_clean_error, run_main, write

VALID = "project_name: Demo\n"


def assess(tmp_path: Path, *extra: str) -> int:
    return run_main(["assess", "--no-probes", "--no-input", "-f", "json", "-o",
                     str(tmp_path / "out"), *extra])


@pytest.mark.parametrize(
    ("name", "text", "needles"),
    [
        ("bad.yaml", "project_name: [unclosed\nstage: research\n", ["bad.yaml:", "invalid YAML"]),
        ("bad.json", '{"project_name": "x",\n "stage": }', ["bad.json:2", "invalid JSON"]),
        ("type.yaml", VALID + "stage: 3\n", ["stage", "expected one value, got a number",
                                             "allowed: research, prototype"]),
        ("choice.yaml", VALID + "stage: reserch\n", ["stage", "'reserch' is not a choice",
                                                     "did you mean 'research'"]),
        ("multi.yaml", VALID + "domains: [vision, nlp]\n", ["domains", "'nlp' is not a choice"]),
        ("unknown.yaml", VALID + "stgae: research\n", ["stgae", "unknown question id",
                                                       "did you mean 'stage'"]),
        ("prio.yaml", VALID + "priorities: {performance: 7}\n",
         ["priorities.performance", "out of range", "1, 2, 3, 4 or 5"]),
        ("prio0.yaml", VALID + "priorities: {performance: 0}\n", ["priorities.performance"]),
        ("priotype.yaml", VALID + "priorities: {performance: high}\n",
         ["priorities.performance", "expected a whole number"]),
        ("priobool.yaml", VALID + "priorities: {performance: yes}\n",
         ["priorities.performance", "expected a whole number, got true/false"]),
        ("priokey.yaml", VALID + "priorities: {speed: 3}\n",
         ["priorities.speed", "unknown criterion", "performance"]),
        ("prioshape.yaml", VALID + "priorities: [3, 4]\n", ["priorities", "expected a mapping"]),
        ("empty.yaml", "", ["empty.yaml", "file is empty"]),
        ("blank.yaml", "  \n# only a comment\n", ["blank.yaml"]),
        ("list.yaml", "- project_name: x\n", ["list.yaml", "top level is a list"]),
        ("scalar.yaml", "just text\n", ["scalar.yaml", "expected a mapping"]),
        ("noname.yaml", 'project_name: ""\n', ["project_name", "must not be empty"]),
        ("spaces.yaml", 'project_name: "   "\n', ["project_name", "must not be empty"]),
        ("long.yaml", "project_name: " + "x" * 201 + "\n", ["project_name", "too long"]),
        ("newline.yaml", 'project_name: "a\\nb"\n', ["project_name", "line breaks"]),
        ("slashes.yaml", 'project_name: "../../"\n',
         ["slashes.yaml: project_name", "no letters or digits"]),
        ("nametype.yaml", "project_name: 42\n",
         ["project_name", "expected text, got a number", "allowed: text of 1-200 characters"]),
        ("priofloat.yaml", VALID + "priorities: {performance: 2.5}\n",
         ["priorities.performance", "expected a whole number, got 2.5", "1, 2, 3, 4 or 5"]),
        ("binary.yaml", "\udcff", ["binary.yaml"]),
    ],
)
def test_bad_answers_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, needles: list[str]
) -> None:
    path = tmp_path / name
    if text == "\udcff":
        path.write_bytes(b"\xff\xfe\x00garbage")
    else:
        write(path, text)
    assert assess(tmp_path, "--answers", str(path)) == 2
    err = capsys.readouterr().err
    assert err.count("advisor: error:") == 1, err
    assert "Traceback" not in err
    assert f"{path}" in err, err  # the message names the file
    for needle in needles:
        assert needle in err, (needle, err)
    assert not (tmp_path / "out").exists()


def test_huge_file_is_refused_before_parsing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (10 * 1024 * 1024) + b"\n")
    assert assess(tmp_path, "--answers", str(path)) == 2
    assert "too large" in capsys.readouterr().err


def test_directory_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert assess(tmp_path, "--answers", str(tmp_path)) == 2
    assert "is a directory" in capsys.readouterr().err
    assert assess(tmp_path, "--answers", str(tmp_path / "nope.yaml")) == 2
    assert "file not found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("setting", "needles"),
    [
        ("stage", ["--set", "not of the form id=value"]),
        ("stage=nope", ["--set", "stage", "'nope' is not a choice"]),
        ("colour=red", ["--set", "colour", "unknown question id"]),
        ("priorities.performance=9", ["priorities.performance", "out of range"]),
        ("priorities.performance=high", ["priorities.performance", "whole number"]),
        ("stage.x=1", ["only priorities take a dotted key"]),
    ],
)
def test_bad_set_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setting: str, needles: list[str]
) -> None:
    answers = write(tmp_path / "a.yaml", VALID)
    assert assess(tmp_path, "--answers", str(answers), "--set", setting) == 2
    err = capsys.readouterr().err
    for needle in needles:
        assert needle in err, (needle, err)


def test_set_overrides_the_file(tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", VALID + "stage: research\n")
    code = assess(tmp_path, "--answers", str(answers), "--set", "stage=production",
                  "--set", "domains=vision;nlp_llm", "--set", "priorities.performance=2")
    assert code == 0
    text = (tmp_path / "out" / "demo.json").read_text()
    assert '"stage": "production"' in text
    assert '"performance": 2' in text
    assert '"nlp_llm"' in text


@pytest.mark.parametrize(
    "name",
    ["<script>alert(1)</script>", "../../etc/passwd", "a/b\\c", "Ünïcödé — projet", "..."],
)
def test_project_names_never_escape_the_output_folder(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    answers = write(tmp_path / "a.json", f'{{"project_name": {_json(name)}}}')
    code = assess(tmp_path, "--answers", str(answers))
    if name == "...":
        assert code == 2  # nothing usable to name the files after
        return
    assert code == 0
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 2
    for path in out.iterdir():
        assert path.resolve().parent == out.resolve()
        assert path.name[0].isalnum()
    assert not (tmp_path / "etc").exists()


def test_conditional_answer_is_ignored_with_a_note(tmp_path: Path) -> None:
    answers = write(tmp_path / "a.yaml", VALID + "mobile_platforms: ios\n")
    assert assess(tmp_path, "--answers", str(answers)) == 0
    text = (tmp_path / "out" / "demo.json").read_text()
    assert '"mobile_platforms"' not in text.split('"answer_sources"')[0]
    assert "applies only when deployment_targets includes mobile" in text


def test_format_and_exclusive_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = write(tmp_path / "a.yaml", VALID)
    assert assess(tmp_path, "--answers", str(answers), "--format", "docx") == 2
    assert "unknown format 'docx'" in capsys.readouterr().err
    code = run_main(["assess", "--answers", str(answers), "--no-probes", "--probe-results",
                     str(answers), "-o", str(tmp_path / "o")])
    assert code == 2
    assert "exclude each other" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(run_cli: CliRunner) -> None:
    assert_clean_error(run_cli("assess", "--frobnicate"), "No such option")


def _json(text: str) -> str:
    import json

    return json.dumps(text)


@pytest.mark.parametrize("command", ["score", "report"])
def test_assessment_of_another_schema_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    import json

    answers = write(tmp_path / "a.yaml", VALID)
    assert assess(tmp_path, "--answers", str(answers)) == 0
    data = json.loads((tmp_path / "out" / "demo.json").read_text())
    data["schema_version"] = "2"
    old = write(tmp_path / "v2.json", json.dumps(data))
    capsys.readouterr()
    assert run_main([command, str(old), "-o", str(tmp_path / "again")]) == 2
    err = capsys.readouterr().err
    assert err.count("advisor: error:") == 1 and "Traceback" not in err
    assert f"{old}: schema_version:" in err and "allowed: '1'" in err, err
    assert not (tmp_path / "again").exists()
