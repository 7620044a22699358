"""Progress of the probes on stderr: a rich spinner in a terminal, plain lines otherwise."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from advisor.cli.environment import Environment
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
        return f"probe {name}: skipped ({outcome.reason}; {outcome.duration_s:.1f} s)"
    if isinstance(outcome, FailedProbe):
        return (f"probe {name}: {outcome.kind.upper()} after {outcome.duration_s:.1f} s: "
                f"{outcome.reason}")
    return f"probe {name}: running"


def phase_lines(data: Mapping[str, Any]) -> list[str]:
    """Time per phase of a benchmark probe: the import, each workload and mode, fresh imports.

    A workload's line is its own time (building, compile or first call, warm-up, and its windows
    of the sampling rounds), with the first call (which holds the compile in compiled mode) and
    the sampling apart; a workload the budget left out gets the reason instead.
    """
    phases = data.get("phases")
    if not isinstance(phases, Mapping):
        return []
    measured: dict[str, Mapping[str, Any]] = {}
    for row in data.get("benchmarks") or []:
        if isinstance(row, Mapping):
            measured.setdefault(f"{row.get('workload')}:{row.get('mode')}", row)
    failed = {f"{item.get('workload')}:{item.get('mode')}": str(item.get("kind"))
              for item in data.get("failures") or []
              if isinstance(item, Mapping) and item.get("workload")}
    lines = []
    for key, seconds in phases.items():
        if not isinstance(seconds, int | float):
            continue
        phase = key.removesuffix("_s")
        if phase == "import":
            lines.append(f"  import of the framework: {seconds:.2f} s")
            continue
        if phase == "sampling_rounds":
            lines.append(f"  sampling, every workload a window a round: {seconds:.2f} s "
                         "(shared out in the workload lines above)")
            continue
        workload, _, mode = phase.partition(":")
        label = f"  {workload} ({mode.replace('_', ' ')}): {seconds:.2f} s"
        row = measured.get(phase)
        if row is not None and isinstance(row.get("first_call_s"), int | float):
            first = "compile and first call" if mode == "compiled" else "first call"
            label += f" ({first} {row['first_call_s']:.2f} s"
            if isinstance(row.get("sampling_s"), int | float):
                label += f", {row.get('n')} samples in {row['sampling_s']:.2f} s"
                rounds = row.get("rounds")
                if isinstance(rounds, int) and rounds > 1:
                    label += f" over {rounds} rounds spanning {row.get('span_s', 0):.1f} s"
            label += ")"
        elif phase in failed:
            label += f" ({failed[phase]})"
        lines.append(label)
    # Work the budget did not allow has no phase; say so where its time would have been.
    lines += [f"  {item.get('reason')}" for item in data.get("failures") or []
              if isinstance(item, Mapping) and item.get("kind") == "skipped"
              and item.get("workload")
              and f"{item.get('workload')}:{item.get('mode')}_s" not in phases]
    return lines


def _details(event: ProbeEvent) -> list[str]:
    outcome = event.outcome
    lines: list[str] = []
    if isinstance(outcome, ProbeSuccess):
        lines += [f"  warning: {text}" for text in outcome.data.get("warnings") or []]
        lines += phase_lines(outcome.data)  # the benchmark probes time each of their phases
    if isinstance(outcome, FailedProbe) and outcome.stderr_tail:
        lines += ["  stderr (last lines):", *("    " + line for line in
                                              outcome.stderr_tail.splitlines())]
    return lines


@contextlib.contextmanager
def probe_progress(env: Environment, verbose: bool = False) -> Iterator[ProgressCallback]:
    """Yield a progress callback that shows each probe on stderr."""
    if not env.stderr_isatty:
        def plain(event: ProbeEvent) -> None:
            if event.outcome is None:
                return
            env.say(describe_outcome(event))
            if verbose:
                for line in _details(event):
                    env.print(line, err=True)

        yield plain
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = env.error_console
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("probing", total=None)
        running: list[str] = []  # the benchmark probes run side by side, taking turns

        def fancy(event: ProbeEvent) -> None:
            progress.update(task, total=event.total)
            if event.outcome is None:
                running.append(event.spec.name)
                progress.update(task, description=f"probing {' and '.join(running)}")
                return
            if event.spec.name in running:
                running.remove(event.spec.name)
            progress.update(task, description=f"probing {' and '.join(running)}".rstrip())
            progress.advance(task)
            style = "green" if isinstance(event.outcome, ProbeSuccess) else (
                "yellow" if isinstance(event.outcome, SkippedProbe) else "red")
            console.print(describe_outcome(event), style=style, markup=False, highlight=False)
            if verbose or isinstance(event.outcome, FailedProbe):
                for line in _details(event):
                    console.print(line, markup=False, highlight=False)

        yield fancy
