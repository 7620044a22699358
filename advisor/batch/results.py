"""What a batch job needs and what it gives back: its settings and one result per machine.

Shared by the runner (advisor.batch.runner), the worker processes (advisor.batch.workers), the
manifest and the summaries, so that none of them imports another for its types.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from advisor.batch.digests import FileDigests
from advisor.batch.inputs import Profile
from advisor.batch.machines import Machine
from advisor.i18n import SOURCE_LANGUAGE, Language
from advisor.outputs import OutputFormat
from advisor.report.paper import Paper

OK = "ok"
FAILED = "failed"


@dataclass(frozen=True)
class BatchSettings:
    """Everything a job needs besides its profile; sent once to each worker."""

    machines: tuple[Machine, ...]
    formats: tuple[OutputFormat, ...]
    output_dir: Path
    created_at: str
    questionnaire_id: str = "default"
    #: Digest of the questionnaire and the decision model: --resume redoes work when they change.
    model_digest: str = ""
    paper: Paper = "a4"
    lang: Language = SOURCE_LANGUAGE


@dataclass(frozen=True)
class ProfileResult:
    """The outcome of one profile on one machine: one row of the summary."""

    index: int
    machine_index: int
    key: str
    source: str
    row: int | None
    project: str
    machine: str
    status: str
    error: str = ""
    recommendation: str | None = None
    confidence: float | None = None
    margin: float | None = None
    close_call: bool = False
    scores: dict[str, float] = field(default_factory=dict)
    #: Written files, relative to the batch output folder, in writing order.
    reports: tuple[str, ...] = ()
    fingerprint: str = ""
    #: Size and SHA-256 of each report of an ok row (for --resume; not a summary column).
    files: FileDigests = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the profile was assessed and written."""
        return self.status == OK

    def to_data(self) -> dict[str, Any]:
        """Plain data for the summary and the manifest."""
        return {
            "source": self.source,
            "row": self.row,
            "profile": self.key,
            "project": self.project,
            "machine": self.machine,
            "status": self.status,
            "error": self.error,
            "recommendation": self.recommendation,
            "confidence": self.confidence,
            "margin": self.margin,
            "close_call": self.close_call,
            "scores": dict(self.scores),
            "reports": list(self.reports),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any], *, index: int, machine_index: int,
                  fingerprint: str, files: FileDigests | None = None) -> ProfileResult:
        """Rebuild a result saved in the manifest (for --resume)."""
        return cls(
            index=index, machine_index=machine_index, key=data["profile"],
            source=data["source"], row=data["row"], project=data["project"],
            machine=data["machine"], status=data["status"], error=data["error"],
            recommendation=data["recommendation"], confidence=data["confidence"],
            margin=data["margin"], close_call=bool(data["close_call"]),
            scores=dict(data["scores"]), reports=tuple(data["reports"]), fingerprint=fingerprint,
            files=dict(files or {}),
        )


#: Receives each profile's results (one per machine) as soon as the profile is done.
ResultCallback = Callable[[list[ProfileResult]], None]


class ProfileRunner(Protocol):
    """Runs profiles elsewhere (advisor.batch.workers.Workers: worker processes)."""

    def run(self, profiles: Sequence[Profile], collect: ResultCallback) -> object:
        """Run every profile; `collect` sees each profile's results in this process."""
        ...
