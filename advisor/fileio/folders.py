"""Output folders: made ready before anything is rendered, refused with the OS's reason.

A read-only file system, `--output` naming a file, a folder that cannot be made or a symbolic
link where the advisor would make a folder are the user's environment, not a bug: each becomes an
`OutputFolderError` (exit 2) naming the path and the reason before any work is spent.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from advisor.errors import InputError


class OutputFolderError(InputError):
    """The output folder cannot be made or written into."""


def prepare_output_dir(path: Path, *, field: str = "--output") -> Path:
    """Make `path` (and its parents) and check that a file can be created in it."""
    if path.exists() and not path.is_dir():
        raise OutputFolderError("is a file, not a folder", file=path, field=field,
                                allowed="a folder (it is made when missing)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputFolderError("a part of this path is a file, not a folder", file=path,
                                field=field) from None
    except OSError as exc:
        raise OutputFolderError(f"cannot make this folder: {_reason(exc)}", file=path,
                                field=field) from exc
    try:
        fd, name = tempfile.mkstemp(prefix=".advisor-write-check.", dir=path)
    except OSError as exc:
        raise OutputFolderError(f"cannot write into this folder: {_reason(exc)}", file=path,
                                field=field) from exc
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return path


def refuse_symlinks(root: Path, folder: Path) -> None:
    """Refuse to write into `folder` when it, or a folder between `root` and it, is a symbolic
    link: a link planted in the output folder would send the files elsewhere."""
    current = root
    for part in folder.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            raise OutputFolderError(
                "is a symbolic link; advisor does not write through links in its output folder",
                file=current, allowed="remove the link or choose another --output")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
