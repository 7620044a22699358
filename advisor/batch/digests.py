"""Size and SHA-256 of the files a profile wrote: what `--resume` checks before skipping it.

A file that was truncated, edited, replaced or deleted since the batch wrote it no longer matches
its record, so its profile runs again; checking the size first keeps the common case cheap.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

#: Relative path (as in the summary's `reports`) -> {"size": bytes, "sha256": hex digest}.
FileDigests = dict[str, dict[str, int | str]]
_CHUNK = 1024 * 1024


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's content, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def digest_files(root: Path, relative_paths: Iterable[str]) -> FileDigests:
    """Size and SHA-256 of each file under `root`."""
    digests: FileDigests = {}
    for name in relative_paths:
        path = root / name
        digests[name] = {"size": path.stat().st_size, "sha256": sha256_file(path)}
    return digests


def files_intact(root: Path, digests: Mapping[str, object], expected: Iterable[str]) -> bool:
    """True when exactly the `expected` files are recorded and each is unchanged on disk."""
    names = list(expected)
    if not names or set(names) != set(digests):
        return False
    for name in names:
        record = digests[name]
        if not isinstance(record, Mapping):
            return False
        path = root / name
        try:
            if not path.is_file() or path.stat().st_size != record.get("size"):
                return False
            if sha256_file(path) != record.get("sha256"):
                return False
        except OSError:
            return False
    return True
