"""Run the selected probes and assemble their report.

Each probe is its own subprocess, so two frameworks never share a process. The probes run one
after another, except the benchmarks, which run side by side and take turns on the machine
(advisor.probing.turns): they must not compete for the CPU, yet should meet the same machine.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from advisor.models.probe_report import ProbeReport
from advisor.probing.assemble import assemble_report
from advisor.probing.contention import read_cpus
from advisor.probing.devices import BenchmarkDevice, choose_benchmark_device
from advisor.probing.identifiers import HostIdentifiers, scrub_outcome, scrub_text
from advisor.probing.outcomes import ProbeOutcome, ProbeSuccess
from advisor.probing.runner import run_probe
from advisor.probing.specs import (
    DEFAULT_PROBES,
    Budget,
    ProbeSpec,
    Suite,
    for_suite,
    select_probes,
)
from advisor.probing.turns import TurnJob, run_probes_in_turns


@dataclass(frozen=True)
class ProbeEvent:
    """Progress: probe `index` of `total` is starting (`outcome` None) or has finished."""

    spec: ProbeSpec
    index: int
    total: int
    outcome: ProbeOutcome | None = None


ProgressCallback = Callable[[ProbeEvent], None]
ProbeRunner = Callable[..., ProbeOutcome]


def probe_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a probe: ours, without bytecode files next to installed probes."""
    env = dict(os.environ if base is None else base)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def collect_probe_report(
    only: Iterable[str] | None = None,
    *,
    python: str | None = None,
    progress: ProgressCallback | None = None,
    include_identifiers: bool = False,
    budget: Budget = "standard",
    specs: Sequence[ProbeSpec] | None = None,
    probes_path: Path | None = None,
    runner: ProbeRunner = run_probe,
    take_turns: bool = True,
    created_at: str | None = None,
    identifiers: HostIdentifiers | None = None,
    suite: Suite = "default",
    cpu_only_project: bool = False,
) -> ProbeReport:
    """Run the probes named by `only` (all when None) with `python` and return their report.

    Probes whose spec says `interpreter="advisor"` (the hardware probe) run with advisor's own
    interpreter whatever `python` is. With `take_turns`, the probes that take turns (the
    benchmarks) run side by side through advisor.probing.turns; otherwise, and for every other
    probe, `runner` runs them one by one.

    Unless `include_identifiers`, each outcome is scrubbed of `identifiers` (default: this
    machine's host name, user name and home folder) and of UUID- and MAC-shaped values.
    The benchmarks measure the GPU both frameworks see (advisor.probing.devices), or the CPU
    when there is none or `cpu_only_project` (the answers name CPUs only).
    Raises InputError for an unknown name in `only`; a probe that fails is reported, not raised.
    """
    from advisor.assessment_io import utc_now_iso
    from advisor.paths import probes_dir

    interpreter = python or sys.executable
    selected = [for_suite(spec, suite)
                for spec in select_probes(only, DEFAULT_PROBES if specs is None else specs)]
    folder = probes_path or probes_dir()
    env = probe_environment()
    if not include_identifiers and identifiers is None:
        identifiers = HostIdentifiers.of_this_machine()
    results: list[tuple[ProbeSpec, ProbeOutcome]] = []

    def finished(spec: ProbeSpec, outcome: ProbeOutcome) -> None:
        if identifiers is not None and not include_identifiers:
            outcome = scrub_outcome(outcome, identifiers)
        results.append((spec, outcome))
        if progress is not None:
            progress(ProbeEvent(spec, selected.index(spec), len(selected), outcome))

    in_turns = [spec for spec in selected if spec.takes_turns] if take_turns else []
    device: BenchmarkDevice | None = None
    # Read once, just before the first benchmark, so both frameworks get the same thread count.
    machine: list[str] | None = None
    for index, spec in enumerate(selected):
        if spec.takes_device and device is None:
            # The framework probes ran first (GROUPS order): their device lists decide.
            device = choose_benchmark_device(_framework_documents(results),
                                             cpu_only_project=cpu_only_project)
        chosen = device.device if device is not None and spec.takes_device else "cpu"
        extra: list[str] = []
        if spec.group in ("benchmarks", "bridge"):
            if machine is None:
                machine = read_cpus().probe_args()
            extra = machine + (["--suite", suite] if suite != "default"
                               and spec.group == "benchmarks" else [])
        if len(in_turns) >= 2 and spec in in_turns:
            if spec is in_turns[0]:
                _run_in_turns(in_turns, finished, progress=progress, total=len(selected),
                              position=selected.index, folder=folder, python=interpreter,
                              env=env, budget=budget, include_identifiers=include_identifiers,
                              device=chosen, extra=extra)
            continue
        if progress is not None:
            progress(ProbeEvent(spec, index, len(selected)))
        finished(spec, runner(
            folder / spec.script,
            python=sys.executable if spec.interpreter == "advisor" else interpreter,
            args=spec.command_args(budget=budget, include_identifiers=include_identifiers,
                                   device=chosen) + extra,
            timeout_s=spec.timeout_for(budget),
            memory_limit_bytes=spec.memory_limit_bytes,
            env=env,
            name=spec.name,
        ))
    if identifiers is not None and not include_identifiers:
        interpreter = scrub_text(interpreter, identifiers)
    return assemble_report(
        results,
        interpreter=interpreter,
        include_identifiers=include_identifiers,
        created_at=created_at or utc_now_iso(),
        benchmark_device=device.as_dict() if device is not None else None,
    )


def _framework_documents(
    results: Sequence[tuple[ProbeSpec, ProbeOutcome]],
) -> dict[str, dict[str, object] | None]:
    """Each framework probe's document so far: {} when it was skipped or failed (no devices),
    None when it has not run."""
    documents: dict[str, dict[str, object] | None] = {"pytorch": None, "tensorflow": None}
    for spec, outcome in results:
        if spec.group == "frameworks" and (spec.key or spec.name) in documents:
            documents[spec.key or spec.name] = (
                outcome.data if isinstance(outcome, ProbeSuccess) else {"installed": False})
    return documents


def _run_in_turns(specs: Sequence[ProbeSpec], finished: Callable[[ProbeSpec, ProbeOutcome], None],
                  *, progress: ProgressCallback | None, total: int,
                  position: Callable[[ProbeSpec], int], folder: Path, python: str,
                  env: dict[str, str], budget: Budget, include_identifiers: bool,
                  device: str = "cpu", extra: list[str] | None = None) -> None:
    """Run `specs` side by side, taking turns, and report each one's outcome."""
    for spec in specs:
        if progress is not None:
            progress(ProbeEvent(spec, position(spec), total))
    jobs = [TurnJob(folder / spec.script,
                    spec.command_args(budget=budget, include_identifiers=include_identifiers,
                                      device=device) + (extra or []),
                    spec.timeout_for(budget), spec.name, spec.memory_limit_bytes)
            for spec in specs]
    for spec, outcome in zip(specs, run_probes_in_turns(jobs, python=python, env=env),
                             strict=True):
        finished(spec, outcome)


def failed_probes(report: ProbeReport) -> list[str]:
    """Names of probes that failed or timed out (skipped probes are not failures)."""
    return [failure.probe for failure in report.failures if failure.kind != "skipped"]
