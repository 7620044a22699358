"""Atomic writes: whatever stops a write (an OS error, Ctrl-C), the old file is intact and no
temporary `.part` file is left beside it."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advisor.fileio import atomic_write_bytes, atomic_write_json, atomic_write_text

OLD = b"the previous report\n"


def leftovers(folder: Path) -> list[str]:
    """Every name in `folder` but the destination's: temporary files must not survive."""
    return sorted(p.name for p in folder.iterdir() if p.name != "out.json")


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    path = tmp_path / "out.json"
    path.write_bytes(OLD)
    return path


def test_writes_the_bytes_with_readable_permissions_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    assert atomic_write_bytes(path, b"\x00new\xff") == path
    assert path.read_bytes() == b"\x00new\xff"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # mkstemp's 0600 would hide it from others
    assert leftovers(tmp_path) == []


def test_replaces_an_existing_file_and_creates_missing_folders(tmp_path: Path,
                                                                existing: Path) -> None:
    atomic_write_bytes(existing, b"new")
    assert existing.read_bytes() == b"new"
    deep = tmp_path / "a" / "b" / "out.json"
    atomic_write_bytes(deep, b"x")
    assert deep.read_bytes() == b"x"
    assert leftovers(deep.parent) == []


def test_text_is_utf8_and_json_is_indented_unescaped_in_order_with_a_final_newline(
        tmp_path: Path) -> None:
    text_path = atomic_write_text(tmp_path / "t.md", "Проект 店舗 é\n")
    assert text_path.read_bytes() == "Проект 店舗 é\n".encode()
    data = {"z": 1, "a": ["é", {"b": None}]}
    json_path = atomic_write_json(tmp_path / "d.json", data)
    raw = json_path.read_text(encoding="utf-8")
    assert raw == '{\n  "z": 1,\n  "a": [\n    "é",\n    {\n      "b": null\n    }\n  ]\n}\n'
    assert json.loads(raw) == data


def _fail_with(error: BaseException) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error
    return fail


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["oserror", "ctrl-c"])
@pytest.mark.parametrize("step", ["replace", "fsync", "chmod"])
def test_an_interrupted_write_keeps_the_old_file_and_leaves_no_part_file(
        existing: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, step: str
) -> None:
    # Each step after the temporary file exists: rename, flush to disk, permissions.
    monkeypatch.setattr(os, step, _fail_with(error))
    with pytest.raises(type(error)):
        atomic_write_bytes(existing, b"half of a new report")
    monkeypatch.undo()
    assert existing.read_bytes() == OLD
    assert leftovers(existing.parent) == []


def test_a_write_that_fails_before_any_old_file_existed_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "replace", _fail_with(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(tmp_path / "new.md", "text")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_the_way_is_an_os_error_and_leaves_no_part_file(tmp_path: Path) -> None:
    # A real failure of the rename, no monkeypatching: the destination is a non-empty folder.
    target = tmp_path / "out.json"
    (target / "inside").mkdir(parents=True)
    with pytest.raises(OSError):
        atomic_write_json(target, {"a": 1})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    assert (target / "inside").is_dir()


def test_the_temporary_file_is_a_hidden_part_file_in_the_destination_folder(
        existing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Where the temporary file lives matters: the rename is atomic only within one file system.
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: Any) -> None:
        seen.append(src)
        assert Path(src).read_bytes() == b"complete"  # written in full before the rename
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    atomic_write_bytes(existing, b"complete")
    (src,) = seen
    assert Path(src).parent == existing.parent
    assert Path(src).name.startswith(".out.json.") and src.endswith(".part")


def test_the_original_error_surfaces_when_the_temporary_file_is_already_gone(
        existing: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A rename that moved the file and then failed (or a cleaner that removed it): the clean-up
    # finds nothing to remove, and the caller still gets the error that stopped the write.
    def moved_then_failed(src: str, dst: Any) -> None:
        os.unlink(src)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", moved_then_failed)
    with pytest.raises(OSError) as info:
        atomic_write_bytes(existing, b"new")
    assert info.value.errno == 5
    monkeypatch.undo()
    assert existing.read_bytes() == OLD and leftovers(existing.parent) == []
