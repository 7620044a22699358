"""The batch manifest: what each profile produced, so `--resume` can skip finished work.

``DIR/.advisor-batch.json`` maps ``<machine>/<profile-key>`` to the profile's fingerprint (a digest
of its answers, the probe report, the formats and the advisor version), its summary row and the
size and SHA-256 of every file it wrote. An entry is added only after all of the profile's files
were written, and the manifest is rewritten atomically (at most about once a second, and always at
the end or on Ctrl-C), so an interrupted batch resumes where it stopped and a killed one at worst
redoes its last second of work. A profile is skipped only when its entry is `ok`, its fingerprint
is unchanged and every file it listed is still there with the recorded size and SHA-256: a
truncated, edited or deleted report makes the profile run again.

Schema history: "1" first version; "2" adds `files` (size and SHA-256 per report).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from advisor.batch.digests import files_intact
from advisor.batch.inputs import Profile
from advisor.batch.results import OK, BatchSettings, ProfileResult
from advisor.batch.runner import fingerprint
from advisor.fileio import atomic_write_json

MANIFEST_NAME = ".advisor-batch.json"
MANIFEST_SCHEMA_VERSION = "2"


def entry_key(machine: str, profile_key: str) -> str:
    """The manifest key of one profile on one machine."""
    return f"{machine}/{profile_key}"


def load_manifest(output_dir: Path) -> dict[str, dict[str, Any]]:
    """The entries of an earlier run; an unreadable manifest just means nothing is resumed."""
    try:
        data = json.loads((output_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("schema_version") != MANIFEST_SCHEMA_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def resumed_results(profile: Profile, settings: BatchSettings,
                    entries: dict[str, dict[str, Any]]) -> list[ProfileResult] | None:
    """The saved results of a profile whose outputs are complete, or None to run it again."""
    results = []
    for index, machine in enumerate(settings.machines):
        entry = entries.get(entry_key(machine.label, profile.key))
        expected = fingerprint(settings, machine, profile)
        if not isinstance(entry, dict) or entry.get("fingerprint") != expected:
            return None
        files = entry.get("files")
        if not isinstance(files, dict):
            return None
        try:
            result = ProfileResult.from_data(entry["row"], index=profile.index,
                                             machine_index=index, fingerprint=expected,
                                             files=files)
        except (KeyError, TypeError, ValueError):
            return None
        if result.status != OK or not result.reports:
            return None
        if not files_intact(settings.output_dir, files, result.reports):
            return None
        results.append(result)
    return results


class ManifestWriter:
    """Keeps the manifest on disk in step with the results, without rewriting it every time."""

    def __init__(self, output_dir: Path, *, min_interval_s: float = 1.0) -> None:
        self.path = output_dir / MANIFEST_NAME
        self.entries: dict[str, dict[str, Any]] = {}
        self._min_interval_s = min_interval_s
        self._last_write = 0.0
        self._dirty = False
        #: Why the last write failed (a full disk), or None; the next flush tries again.
        self.error: str | None = None

    def record(self, results: Iterable[ProfileResult]) -> None:
        """Add results and write the manifest if the last write is old enough."""
        for result in results:
            self.entries[entry_key(result.machine, result.key)] = {
                "fingerprint": result.fingerprint,
                "row": result.to_data(),
                "files": result.files,
            }
            self._dirty = True
        if time.monotonic() - self._last_write >= self._min_interval_s:
            self.flush()

    def flush(self) -> None:
        """Write the manifest now if anything changed."""
        if not self._dirty:
            return
        ordered = dict(sorted(self.entries.items()))
        self._last_write = time.monotonic()
        try:
            atomic_write_json(self.path, {"schema_version": MANIFEST_SCHEMA_VERSION,
                                          "entries": ordered})
        except OSError as exc:  # the batch goes on; the profiles were written all the same
            self.error = f"{self.path} not written: {exc.strerror or exc}"
            return
        self.error = None
        self._dirty = False
