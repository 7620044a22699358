"""One batch at a time per output folder.

Two batches writing into one folder would mix their reports, and only the last summary would
survive. The first takes an advisory lock (`flock`) on ``DIR/.advisor-batch.lock`` for its whole
run; a second run into the same folder stops at once (exit 2) and says which process holds it.
The lock goes with the process, however it ends (kill -9 included): a lock file left by a killed
batch locks nothing. A batch that ends normally removes the file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from advisor.errors import InputError
from advisor.fileio import OutputFolderError

LOCK_NAME = ".advisor-batch.lock"


class BatchFolderBusy(InputError):
    """Another batch is writing into the same output folder."""


@contextlib.contextmanager
def batch_lock(output_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock while the batch runs; the lock file is removed at the end,
    so a finished batch leaves only its outputs."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no advisory locks, run unlocked
        yield
        return
    path = output_dir / LOCK_NAME
    fd = _acquire(path, fcntl)
    try:
        with contextlib.suppress(OSError):  # the pid is a courtesy; a full disk must not stop us
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        # Unlinked while still locked: a batch waiting on this file finds it gone and retries.
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _acquire(path: Path, fcntl: Any) -> int:
    """An open, locked descriptor of the lock file at `path` (the file there now, not one a
    finishing batch has just removed)."""
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as exc:
            raise OutputFolderError(f"cannot make the batch lock: {exc.strerror or exc}",
                                    file=path) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise BatchFolderBusy(
                f"another advisor batch (process {holder}) is writing into this folder",
                file=path.parent, field="--output",
                allowed="wait for it to finish, or give this batch another --output") from None
        try:
            current = os.stat(path, follow_symlinks=False).st_ino
        except FileNotFoundError:
            current = None
        if current == os.fstat(fd).st_ino:
            return fd
        os.close(fd)  # the previous holder removed it between our open and our lock: again


def remove_stale_parts(output_dir: Path) -> list[Path]:
    """Delete the temporary `.NAME.XXXX.part` files a killed run left (call under the lock)."""
    removed: list[Path] = []
    for folder, dirs, files in os.walk(output_dir):  # does not follow links into other folders
        for name in files:
            path = Path(folder) / name
            if name.startswith(".") and name.endswith(".part") and not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
        dirs.sort()
    return removed
