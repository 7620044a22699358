"""The end of `assess` and `report`: the verdict in one line, then the paths written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from advisor.cli.environment import Environment
from advisor.exit_status import ExitStatus
from advisor.models import Assessment
from advisor.options import label
from advisor.outputs import ReportsIncomplete

_BADGE = {"robust": "robust", "sensitive": "sensitive", "close_call": "close call"}


def verdict_line(assessment: Assessment) -> str | None:
    """E.g. "Verdict: PyTorch (robust, confidence 87%, margin 0.39)"; None when not scored."""
    rec = assessment.recommendation
    if rec is None:
        return None
    badge = f"{_BADGE.get(rec.badge, rec.badge)}, " if rec.badge else ""
    if rec.tie and rec.runner_up:
        return (f"Verdict: tie between {label(rec.framework)} and"
                f" {label(rec.runner_up)} ({badge}margin {rec.margin:.2f})")
    return (f"Verdict: {label(rec.framework)} ({badge}confidence"
            f" {rec.confidence:.0%}, margin {rec.margin:.2f})")


def print_outcome(env: Environment, assessment: Assessment,
                  write: Callable[[], list[Path]]) -> int:
    """Write the outputs, print the verdict and every path written; exit 1 if a format failed."""
    status = ExitStatus.OK
    try:
        written = write()
    except ReportsIncomplete as exc:
        written, status = exc.written, ExitStatus.PARTIAL
        for fmt, reason in exc.failures.items():
            env.error(f"{fmt} report not written: {reason}")
    line = verdict_line(assessment)
    if line:
        env.print(line)
    for path in written:
        env.print(str(path))
    env.stdout.flush()
    return int(status)
