"""The user's file system says no (issue 18): exit 1 or 2 with the path and the OS's reason.

A read-only mount, a full disk, `--output` naming a file and an output name taken by a folder
are the user's environment, never "a bug in advisor" (exit 70). The read-only and full-disk
cases mount a small tmpfs (these tests run as root in CI); where mounting is not permitted they
skip, saying so.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.batch.conftest import profile_answers, write_probe_report, write_profile_folder
from tests.conftest import EXAMPLE_ANSWERS, run_main

ASSESS = ["assess", "--no-input", "--no-probes", "--answers", str(EXAMPLE_ANSWERS)]


@contextlib.contextmanager
def tmpfs(mount_point: Path, *, size: str, read_only: bool = False) -> Iterator[Path]:
    """A tmpfs of `size` at `mount_point` (made read-only after mounting when asked)."""
    mount_point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                           str(mount_point)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path) -> None:
    """Fill the file system of `folder` up to its last byte."""
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as handle:
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    with contextlib.suppress(OSError), (folder / "filler-small").open("wb") as handle:
        while True:
            handle.write(b"\0" * 512)
            handle.flush()


def _clean(err: str, *needles: str) -> None:
    assert "internal error" not in err and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, (needle, err)


def test_assess_into_a_read_only_mount_exits_2_naming_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tmpfs(tmp_path / "ro", size="1m", read_only=True) as mount:
        assert run_main([*ASSESS, "--format", "json,md", "--output", str(mount / "out")]) == 2
        _clean(capsys.readouterr().err, str(mount / "out"), "Read-only file system")
        assert run_main([*ASSESS, "--format", "json", "--output", str(mount)]) == 2
        _clean(capsys.readouterr().err, str(mount), "Read-only file system")


def test_batch_into_a_read_only_mount_exits_2_naming_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_profile_folder(tmp_path / "profiles", 2)
    machine = write_probe_report(tmp_path / "machine.json", "M")
    with tmpfs(tmp_path / "ro", size="1m", read_only=True) as mount:
        assert run_main(["batch", str(folder), "--probe-results", str(machine), "-f", "json",
                         "-o", str(mount)]) == 2
        _clean(capsys.readouterr().err, str(mount), "Read-only file system")


def test_assess_into_a_full_disk_exits_1_or_2_naming_what_was_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tmpfs(tmp_path / "full", size="256k") as mount:
        out = mount / "out"
        out.mkdir()
        _fill(mount)
        code = run_main([*ASSESS, "--format", "json,md", "--output", str(out)])
        assert code in (1, 2)
        _clean(capsys.readouterr().err, str(out), "No space left on device")
        assert not list(out.glob("*.part")) and not list(out.glob(".*.part"))


def test_a_batch_that_fills_the_disk_mid_run_still_writes_its_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    # Profiles with long names and many answers: each report is a few tens of kilobytes.
    for number in range(12):
        answers = profile_answers(number)
        (folder / f"p{number:02d}.yaml").write_text(yaml.safe_dump(answers), encoding="utf-8")
    machine = write_probe_report(tmp_path / "machine.json", "M")
    with tmpfs(tmp_path / "full", size="400k") as mount:
        out = mount / "out"
        out.mkdir()
        # Leave room for a few profiles and the summary, not for all twelve.
        (mount / "ballast").write_bytes(b"\0" * (400 * 1024 - 200 * 1024))
        code = run_main(["batch", str(folder), "--probe-results", str(machine), "-f", "json",
                         "-o", str(out)])
        err = capsys.readouterr().err
        assert code == 1, err
        _clean(err, "No space left on device", str(out))
        # The profiles written before the disk filled up are complete; the rest failed by name.
        assert (out / "p00" / "project-000.json").is_file()
        assert f"{out}/p11/project-011.json: No space left on device" in err
        # The summary was tried even so: each file is there, or named with the reason.
        for name in ("summary.json", "summary.csv"):
            assert (out / name).is_file() or f"{out / name} not written: No space left" in err
        assert not list(out.rglob("*.part"))


def test_output_that_is_a_file_exits_2(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("x", encoding="utf-8")
    assert run_main([*ASSESS, "--format", "json", "--output", str(target)]) == 2
    _clean(capsys.readouterr().err, str(target), "is a file, not a folder")
    folder = write_profile_folder(tmp_path / "profiles", 1)
    machine = write_probe_report(tmp_path / "machine.json", "M")
    assert run_main(["batch", str(folder), "--probe-results", str(machine), "-f", "json",
                     "-o", str(target)]) == 2
    _clean(capsys.readouterr().err, str(target), "is a file, not a folder")
    assert run_main([*ASSESS, "--format", "json", "--output", str(target / "below")]) == 2
    _clean(capsys.readouterr().err, str(target / "below"))


def test_an_output_name_taken_by_a_folder_fails_that_file_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    (out / "retail-shelf-vision.json").mkdir(parents=True)
    assert run_main([*ASSESS, "--format", "json,md", "--output", str(out)]) == 1
    err = capsys.readouterr().err
    _clean(err, str(out / "retail-shelf-vision.json"), "json report not written")
    assert (out / "retail-shelf-vision.md").is_file()


def test_a_batch_summary_name_taken_by_a_folder_is_named_and_the_rest_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_profile_folder(tmp_path / "profiles", 2)
    machine = write_probe_report(tmp_path / "machine.json", "M")
    out = tmp_path / "out"
    (out / "summary.json").mkdir(parents=True)
    assert run_main(["batch", str(folder), "--probe-results", str(machine), "-f", "json",
                     "-o", str(out)]) == 1
    _clean(capsys.readouterr().err, f"{out / 'summary.json'} not written: Is a directory")
    assert (out / "summary.csv").is_file() and (out / "profile-001" / "project-001.json").is_file()


@pytest.mark.parametrize("value", [",", " , ,", ""])
def test_a_format_list_with_no_format_exits_2(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              value: str) -> None:
    assert run_main([*ASSESS, "--format", value, "--output", str(tmp_path)]) == 2
    _clean(capsys.readouterr().err, "--format", "no format given")
    assert list(tmp_path.iterdir()) == []
