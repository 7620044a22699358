"""What one probe run gave: a success with its JSON document, a skip, or a failure.

A skipped probe (its subject is absent: framework not installed, no GPU) is its own type, never
`None`; a failed probe carries the reason and the tail of its stderr so the report can say why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

FailureKind = Literal["failed", "timeout"]


@dataclass(frozen=True)
class ProbeSuccess:
    """The probe printed one JSON document and exited 0."""

    name: str
    data: dict[str, Any]
    stderr: str
    duration_s: float


@dataclass(frozen=True)
class SkippedProbe:
    """The probe ran but its subject is absent; it printed ``{"skipped": REASON}``."""

    name: str
    reason: str
    duration_s: float = 0.0


@dataclass(frozen=True)
class FailedProbe:
    """The probe crashed, hung, ran out of memory, exited non-zero or printed garbage."""

    name: str
    kind: FailureKind
    reason: str
    stderr_tail: str = ""
    duration_s: float = 0.0


ProbeOutcome = ProbeSuccess | SkippedProbe | FailedProbe
