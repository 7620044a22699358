"""Hostile batch inputs (issue 18): one bad file costs one row, spreadsheets get no formulas,
links and concurrent runs cannot send files elsewhere, and tiny prices stay valid JSON."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
import yaml

from tests.batch.conftest import probe_report_data, profile_answers, write_profile_folder
from tests.conftest import run_main

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _summary(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _csv_cells(out: Path) -> list[list[str]]:
    with (out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_one_answers_file_nested_100000_deep_is_one_failed_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], machine_a: Path
) -> None:
    folder = write_profile_folder(tmp_path / "profiles", 2)
    (folder / "deep.json").write_text('{"a":' * 100_000 + "1" + "}" * 100_000,
                                      encoding="utf-8")
    out = tmp_path / "out"
    assert run_main(["batch", str(folder), "--probe-results", str(machine_a), "-o",
                     str(out)]) == 1
    assert "internal error" not in capsys.readouterr().err
    data = _summary(out)
    assert data["totals"]["ok"] == 2 and data["totals"]["failed"] == 1
    (failure,) = data["failures"]
    assert failure["source"].endswith("deep.json") and "nested" in failure["error"]
    assert sorted(p.parent.name for p in out.glob("*/*.json")) == ["profile-000", "profile-001"]


def test_a_probe_report_nested_400_deep_stops_the_batch_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_profile_folder(tmp_path / "profiles", 2)
    report = probe_report_data("Deep", 1.0)
    deep: object = 1
    for _ in range(400):
        deep = [deep]
    report["hardware"]["os"]["extra"] = deep
    machine = tmp_path / "deep.json"
    machine.write_text(json.dumps(report), encoding="utf-8")
    out = tmp_path / "out"
    assert run_main(["batch", str(folder), "--probe-results", str(machine), "-o",
                     str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{machine}: nested more than 64 levels deep" in err
    assert not list(out.glob("*/*.json"))


def test_summary_csv_neutralises_formulas_and_summary_json_keeps_them(
    tmp_path: Path, machine_a: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("@profiles")  # relative: every source cell starts with "@"
    folder.mkdir()
    names = {"@x.yaml": '=HYPERLINK("http://evil.example","click")', "+sum.yaml": "-2+3 Vision",
             "tab.yaml": "Plain name"}
    for file_name, project in names.items():
        answers = profile_answers(1) | {"project_name": project}
        (folder / file_name).write_text(yaml.safe_dump(answers), encoding="utf-8")
    (folder / "=bad.yaml").write_text("stage: shipping\n", encoding="utf-8")  # a failed row
    out = tmp_path / "out"
    assert run_main(["batch", "@profiles", "--probe-results", str(machine_a), "-o",
                     str(out)]) == 1
    cells = [cell for row in _csv_cells(out) for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in cells
    assert "'-2+3 Vision" in cells
    assert "'@profiles/@x.yaml" in cells
    projects = {row["project"] for row in _summary(out)["profiles"]}
    assert '=HYPERLINK("http://evil.example","click")' in projects  # JSON unchanged
    assert "-2+3 Vision" in projects
    assert "@profiles/@x.yaml" in {row["source"] for row in _summary(out)["profiles"]}


def test_a_symlinked_profile_folder_is_refused_and_its_target_untouched(
    tmp_path: Path, machine_a: Path
) -> None:
    folder = write_profile_folder(tmp_path / "profiles", 2)
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "profile-001").symlink_to(elsewhere, target_is_directory=True)
    assert run_main(["batch", str(folder), "--probe-results", str(machine_a), "-o",
                     str(out)]) == 1
    assert list(elsewhere.iterdir()) == []
    (failure,) = _summary(out)["failures"]
    assert failure["profile"] == "profile-001" and "symbolic link" in failure["error"]
    assert (out / "profile-000" / "project-000.json").is_file()


def test_a_second_batch_into_a_locked_folder_stops_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], machine_a: Path
) -> None:
    import fcntl

    folder = write_profile_folder(tmp_path / "profiles", 1)
    out = tmp_path / "out"
    out.mkdir()
    # The first batch's lock, as it holds it while it runs.
    with (out / ".advisor-batch.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242\n")
        held.flush()
        assert run_main(["batch", str(folder), "--probe-results", str(machine_a), "-o",
                         str(out)]) == 2
    err = capsys.readouterr().err
    assert "another advisor batch (process 4242) is writing into this folder" in err
    assert str(out) in err
    assert not (out / "summary.json").exists()
    # Once the first has finished (its lock file still there, as after kill -9), the folder is
    # free again, and a finished batch leaves no lock file among its outputs.
    assert run_main(["batch", str(folder), "--probe-results", str(machine_a), "-o",
                     str(out)]) == 0
    assert not (out / ".advisor-batch.lock").exists()


def test_resume_removes_part_files_a_killed_run_left(tmp_path: Path, machine_a: Path) -> None:
    folder = write_profile_folder(tmp_path / "profiles", 1)
    out = tmp_path / "out"
    (out / "profile-000").mkdir(parents=True)
    left = [out / ".summary.json.k3j4h5.part", out / "profile-000" / ".project-000.json.x1.part"]
    for path in left:
        path.write_text("half", encoding="utf-8")
    assert run_main(["batch", str(folder), "--probe-results", str(machine_a), "-o", str(out),
                     "--resume"]) == 0
    assert not [path for path in left if path.exists()]
    assert not list(out.rglob("*.part"))


def _strict_json(text: str) -> object:
    def refuse(name: str) -> object:
        raise ValueError(f"{name} in summary.json")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("price", ["1e-300", "0", "-1", "nan", "inf"])
def test_a_tiny_or_absurd_price_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           machine_a: Path, price: str) -> None:
    folder = write_profile_folder(tmp_path / "profiles", 1)
    assert run_main(["batch", str(folder), "--probe-results", str(machine_a), "--cost",
                     f"{machine_a}={price}", "-o", str(tmp_path / "out")]) == 2
    assert "--cost" in capsys.readouterr().err


def test_summary_json_never_holds_infinity(tmp_path: Path, machine_a: Path) -> None:
    report = json.loads(machine_a.read_text(encoding="utf-8"))
    for row in report["benchmarks"]:
        row["throughput"] = 1e15  # the largest a saved report may hold
    machine_a.write_text(json.dumps(report), encoding="utf-8")
    folder = write_profile_folder(tmp_path / "profiles", 1)
    out = tmp_path / "out"
    assert run_main(["batch", str(folder), "--probe-results", str(machine_a), "--cost",
                     f"{machine_a}=0.000001", "-o", str(out)]) == 0
    document = _strict_json((out / "summary.json").read_text(encoding="utf-8"))
    assert isinstance(document, dict)


@pytest.mark.parametrize("name", ["店舗棚画像認識", "Проект"])
def test_a_project_named_in_another_script_is_assessed_with_a_sensible_slug(
    tmp_path: Path, machine_a: Path, name: str
) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "p.yaml").write_text(
        yaml.safe_dump(profile_answers(1) | {"project_name": name}, allow_unicode=True),
        encoding="utf-8")
    out = tmp_path / "out"
    assert run_main(["batch", str(folder), "--probe-results", str(machine_a), "-o",
                     str(out)]) == 0
    (written,) = out.glob("p/*.json")
    assert written.stem.startswith("project-") and len(written.stem) == len("project-") + 8
    assert written.stem.isascii()
    assert json.loads(written.read_text(encoding="utf-8"))["answers"]["project_name"] == name
    assert os.sep not in written.stem


def test_a_fifo_named_like_a_csv_is_refused_at_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import cli_env

    fifo = tmp_path / "profiles.csv"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "advisor", "batch", str(fifo), "--no-probes",
                             "-o", str(tmp_path / "out")], capture_output=True, text=True,
                            env=cli_env(), timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result.stderr
    assert f"{fifo}: is not a regular file" in result.stderr
