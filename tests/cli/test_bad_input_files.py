"""The same bad files given to every command that reads one: exit 2, one message, no traceback.

Answers files are covered case by case in test_bad_input.py; here the questionnaire
(`questions --validate`), the decision model (`assess --decision-model`), a saved assessment
(`score`, `report`) and saved probe results (`assess --probe-results`) get the shapes of bad
file that do not depend on what the file holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_main, write

VALID = "project_name: Demo\n"

#: name -> (how to make the bad file under tmp_path, words the message must hold)
Maker = Callable[[Path, str], Path]


def _yaml_text(text: str) -> Maker:
    return lambda folder, suffix: write(folder / f"bad{suffix}", text)


def _directory(folder: Path, suffix: str) -> Path:
    path = folder / f"folder{suffix}"
    path.mkdir()
    return path


def _huge(folder: Path, suffix: str) -> Path:
    path = folder / f"huge{suffix}"
    path.write_bytes(b"# " + b"x" * (10 * 1024 * 1024) + b"\n")
    return path


def _binary(folder: Path, suffix: str) -> Path:
    path = folder / f"binary{suffix}"
    path.write_bytes(b"\xff\xfe\x00garbage")
    return path


CASES: dict[str, tuple[Maker, list[str]]] = {
    "malformed": (_yaml_text("a: [unclosed\nb: 1\n"), ["invalid", ":2"]),
    "empty": (_yaml_text(""), ["file is empty"]),
    "top-level-list": (_yaml_text("- a: 1\n- b: 2\n"), ["top level is a list"]),
    "directory": (_directory, ["is a directory"]),
    "ten-megabytes": (_huge, ["too large", "allowed: at most"]),
    "binary": (_binary, ["not UTF-8"]),
}

#: JSON inputs: the same cases written as JSON. Saved assessments and probe reports may hold
#: raw benchmark samples, so they are allowed up to 64 MiB: 10 MB of junk is a parse error.
JSON_CASES: dict[str, tuple[Maker, list[str]]] = {
    "malformed": (_yaml_text('{"a": 1,\n "b": }'), ["invalid JSON", ":2"]),
    "top-level-list": (_yaml_text('[{"a": 1}, {"b": 2}]'), ["top level is a list"]),
    "ten-megabytes": (_huge, ["invalid JSON", ":1"]),
}


def _questions(path: Path, tmp_path: Path) -> list[str]:
    return ["questions", "--validate", str(path)]


def _decision_model(path: Path, tmp_path: Path) -> list[str]:
    answers = write(tmp_path / "answers.yaml", VALID)
    return ["assess", "--answers", str(answers), "--no-probes", "--no-input", "-f", "json",
            "-o", str(tmp_path / "out"), "--decision-model", str(path)]


def _probe_results(path: Path, tmp_path: Path) -> list[str]:
    answers = write(tmp_path / "answers.yaml", VALID)
    return ["assess", "--answers", str(answers), "--probe-results", str(path), "--no-input",
            "-f", "json", "-o", str(tmp_path / "out")]


def _score(path: Path, tmp_path: Path) -> list[str]:
    return ["score", str(path), "-o", str(tmp_path / "out")]


def _report(path: Path, tmp_path: Path) -> list[str]:
    return ["report", str(path), "-f", "md", "-o", str(tmp_path / "out")]


COMMANDS: dict[str, tuple[Callable[[Path, Path], list[str]], str]] = {
    "questionnaire": (_questions, ".yaml"),
    "decision-model": (_decision_model, ".yaml"),
    "probe-results": (_probe_results, ".json"),
    "score-assessment": (_score, ".json"),
    "report-assessment": (_report, ".json"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_is_one_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, case: str
) -> None:
    argv_of, suffix = COMMANDS[command]
    make, needles = CASES[case]
    if suffix == ".json" and case in JSON_CASES:
        make, needles = JSON_CASES[case]
    path = make(tmp_path, suffix)
    assert run_main(argv_of(path, tmp_path)) == 2
    err = capsys.readouterr().err
    assert err.count("advisor: error:") == 1, err
    assert "Traceback" not in err
    assert str(path) in err, err
    for needle in needles:
        assert needle in err, (needle, err)
    assert not (tmp_path / "out").exists()
