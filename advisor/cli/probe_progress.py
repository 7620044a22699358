"""Progress of the probes on stderr: a rich spinner in a terminal, plain lines otherwise."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from advisor.probing import FailedProbe, ProbeEvent, ProbeSuccess, ProgressCallback, SkippedProbe


def describe_outcome(event: ProbeEvent) -> str:
    """One line for a finished probe: name, outcome and time."""
    outcome = event.outcome
    name = event.spec.name
    if isinstance(outcome, ProbeSuccess):
        warnings = outcome.data.get("warnings") or []
        extra = f", {len(warnings)} warning(s)" if warnings else ""
        return f"probe {name}: ok ({outcome.duration_s:.1f} s{extra})"
    if isinstance(outcome, SkippedProbe):
        return f"probe {name}: skipped ({outcome.reason})"
    if isinstance(outcome, FailedProbe):
        return f"probe {name}: {outcome.kind.upper()}: {outcome.reason}"
    return f"probe {name}: running"


def _details(event: ProbeEvent) -> list[str]:
    outcome = event.outcome
    lines: list[str] = []
    if isinstance(outcome, ProbeSuccess):
        lines += [f"  warning: {text}" for text in outcome.data.get("warnings") or []]
        phases = outcome.data.get("phases")  # the benchmark probes time each of their phases
        if isinstance(phases, dict):
            lines += [f"  {name}: {seconds:.2f} s" for name, seconds in phases.items()
                      if isinstance(seconds, int | float)]
    if isinstance(outcome, FailedProbe) and outcome.stderr_tail:
        lines += ["  stderr (last lines):", *("    " + line for line in
                                              outcome.stderr_tail.splitlines())]
    return lines


@contextlib.contextmanager
def probe_progress(verbose: bool = False) -> Iterator[ProgressCallback]:
    """Yield a progress callback that shows each probe on stderr."""
    if not sys.stderr.isatty():
        def plain(event: ProbeEvent) -> None:
            if event.outcome is None:
                return
            print(f"advisor: {describe_outcome(event)}", file=sys.stderr)
            if verbose:
                for line in _details(event):
                    print(line, file=sys.stderr)

        yield plain
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("probing", total=None)

        def fancy(event: ProbeEvent) -> None:
            progress.update(task, total=event.total)
            if event.outcome is None:
                progress.update(task, description=f"probing {event.spec.name}")
                return
            progress.advance(task)
            style = "green" if isinstance(event.outcome, ProbeSuccess) else (
                "yellow" if isinstance(event.outcome, SkippedProbe) else "red")
            console.print(describe_outcome(event), style=style, markup=False, highlight=False)
            if verbose or isinstance(event.outcome, FailedProbe):
                for line in _details(event):
                    console.print(line, markup=False, highlight=False)

        yield fancy
