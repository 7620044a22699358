"""Orchestration: selecting probes, running them in order, assembling the report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from advisor.errors import InputError
from advisor.probing import (
    DEFAULT_PROBES,
    FailedProbe,
    ProbeEvent,
    ProbeSpec,
    ProbeSuccess,
    SkippedProbe,
    collect_probe_report,
    failed_probes,
)
from advisor.probing.assemble import assemble_report, redact_home
from advisor.probing.specs import select_probes
from tests.conftest import ASSETS

HARDWARE = {"cpu": {"model": "Fake CPU", "logical_cores": 4}, "memory_bytes": 1024, "gpus": []}


def test_select_by_group_and_by_name_keeps_run_order() -> None:
    names = [spec.name for spec in select_probes(["ecosystem", "hardware"], DEFAULT_PROBES)]
    assert names == ["hardware", "ecosystem"]
    names = [spec.name for spec in select_probes(["framework_torch"], DEFAULT_PROBES)]
    assert names == ["framework_torch"]
    # Opt-in probes (the hybrid bridge) run only when named.
    default_run = [spec for spec in DEFAULT_PROBES if not spec.opt_in]
    assert select_probes(None, DEFAULT_PROBES) == default_run


def test_unknown_name_is_an_input_error_listing_the_allowed_ones() -> None:
    with pytest.raises(InputError) as caught:
        select_probes(["hardware", "gpu"], DEFAULT_PROBES)
    message = str(caught.value)
    assert "--only" in message and "'gpu'" in message
    assert "allowed: hardware, frameworks, ecosystem" in message


def test_budget_scales_timeouts_and_arguments_only_for_probes_that_take_it() -> None:
    bench = ProbeSpec("bench_x", "bench_x.py", "benchmarks", 100, takes_budget=True)
    env = ProbeSpec("hardware", "hardware.py", "hardware", 100, takes_identifiers=True)
    assert bench.timeout_for("thorough") == 300 and env.timeout_for("thorough") == 100
    assert bench.command_args(budget="quick", include_identifiers=True) == ["--budget", "quick"]
    assert env.command_args(budget="quick", include_identifiers=True) == ["--include-identifiers"]
    assert env.command_args(budget="quick", include_identifiers=False) == []


def test_collect_runs_real_subprocesses_and_reports_each_outcome() -> None:
    specs = [
        ProbeSpec("framework_x", "framework_absent.py", "frameworks", 30, key="xflow"),
        ProbeSpec("crashy", "aborts.py", "ecosystem", 30),
        ProbeSpec("hang", "sleeps_forever.py", "benchmarks", 1.0),
    ]
    events: list[ProbeEvent] = []
    report = collect_probe_report(
        python=sys.executable, specs=specs, probes_path=ASSETS / "probes", progress=events.append
    )
    assert [(e.spec.name, e.outcome is None) for e in events] == [
        ("framework_x", True), ("framework_x", False), ("crashy", True), ("crashy", False),
        ("hang", True), ("hang", False),
    ]
    kinds = {failure.probe: failure.kind for failure in report.failures}
    assert kinds == {"framework_x": "skipped", "crashy": "failed", "hang": "timeout"}
    assert report.frameworks["xflow"].installed is False
    assert failed_probes(report) == ["crashy", "hang"]
    crash = next(f for f in report.failures if f.probe == "crashy")
    assert "SIGABRT" in crash.reason and "native code" in crash.reason
    assert crash.stderr_tail and "something went wrong" in crash.stderr_tail
    assert [run.outcome for run in report.probe_runs] == ["skipped", "failed", "timeout"]


def _ok(name: str, data: dict[str, Any]) -> ProbeSuccess:
    return ProbeSuccess(name, data, "", 0.5)


def test_assembly_puts_each_document_in_its_section() -> None:
    specs = {spec.name: spec for spec in DEFAULT_PROBES}
    eco = {
        "packages": {"pytorch": [{"package": "torchvision", "version": "0.28.0",
                                  "domains": ["vision"]}], "tensorflow": [], "shared": []},
        "compatibility": [{"id": "torchvision-torch", "status": "ok"}],
        "catalogue_version": "t",
    }
    report = assemble_report([
        (specs["hardware"], _ok("hardware", HARDWARE)),
        (specs["framework_torch"], _ok("framework_torch", {"installed": True, "version": "2.13"})),
        (specs["framework_tensorflow"], SkippedProbe("framework_tensorflow", "not installed")),
        (specs["ecosystem"], _ok("ecosystem", eco)),
    ], interpreter="/usr/bin/python3", created_at="2026-01-01T00:00:00+00:00")
    assert report.hardware is not None and report.hardware.cpu.model == "Fake CPU"
    assert report.frameworks["pytorch"].version == "2.13"
    assert report.frameworks["tensorflow"].installed is False
    assert report.ecosystem["pytorch"][0].package == "torchvision"
    assert [(c.id, c.status) for c in report.ecosystem_checks] == [("torchvision-torch", "ok")]
    assert report.ecosystem_summary.catalogue_version == "t"
    assert [f.kind for f in report.failures] == ["skipped"]
    assert report.interpreter == "/usr/bin/python3"


def test_a_document_that_does_not_fit_the_model_becomes_a_failure() -> None:
    spec = DEFAULT_PROBES[0]
    bad = {"cpu": {"logical_cores": "many"}}
    report = assemble_report([(spec, _ok("hardware", bad))])
    assert report.hardware is None
    assert report.failures[0].kind == "failed"
    assert "cpu.logical_cores" in report.failures[0].reason


def test_failure_entries_carry_the_last_stderr_line() -> None:
    spec = DEFAULT_PROBES[0]
    failed = FailedProbe("hardware", "failed", "exited with status 3", "a\nb\nlast words", 1.0)
    report = assemble_report([(spec, failed)])
    assert report.failures[0].reason == "exited with status 3; last stderr line: last words"
    assert report.failures[0].stderr_tail == "a\nb\nlast words"


def test_home_folder_is_redacted_from_the_interpreter_path() -> None:
    home = str(Path.home())
    assert redact_home(f"{home}/venv/bin/python") == "~/venv/bin/python"
    assert redact_home("/usr/bin/python3") == "/usr/bin/python3"
    report = assemble_report([], interpreter=f"{home}/v/bin/python")
    assert report.interpreter == "~/v/bin/python"
    kept = assemble_report([], interpreter=f"{home}/v/bin/python", include_identifiers=True)
    assert kept.interpreter == f"{home}/v/bin/python"


def test_probes_that_take_turns_run_side_by_side(tmp_path: Path) -> None:
    log = tmp_path / "log"
    specs = [
        ProbeSpec("framework_x", "framework_absent.py", "frameworks", 30, key="xflow"),
        ProbeSpec("bench_a", "takes_turns.py", "benchmarks", 30, key="a",
                  args=(str(log), "A", "3"), takes_turns=True),
        ProbeSpec("bench_b", "takes_turns.py", "benchmarks", 30, key="b",
                  args=(str(log), "B", "3"), takes_turns=True),
    ]
    events: list[ProbeEvent] = []
    report = collect_probe_report(python=sys.executable, specs=specs,
                                  probes_path=ASSETS / "probes", progress=events.append)
    assert [(e.spec.name, e.index, e.outcome is None) for e in events] == [
        ("framework_x", 0, True), ("framework_x", 0, False),
        ("bench_a", 1, True), ("bench_b", 2, True), ("bench_a", 1, False), ("bench_b", 2, False)]
    assert [run.outcome for run in report.probe_runs] == ["skipped", "ok", "ok"]
    starts = [line.split()[:2] for line in log.read_text().splitlines() if "start" in line]
    assert starts == [["A", "1"], ["B", "1"], ["A", "2"], ["B", "2"], ["A", "3"], ["B", "3"]]


def test_without_turn_taking_the_runner_runs_turn_takers_one_by_one() -> None:
    specs = [ProbeSpec(name, "x.py", "benchmarks", 30, takes_turns=True) for name in "ab"]
    calls: list[str] = []

    def runner(script: Path, **options: Any) -> ProbeSuccess:
        calls.append(options["name"])
        return _ok(options["name"], {})

    collect_probe_report(python=sys.executable, specs=specs, runner=runner, take_turns=False)
    assert calls == ["a", "b"]


def test_the_hardware_probe_runs_under_advisors_interpreter_even_with_another_python(
    tmp_path: Path,
) -> None:
    # A target interpreter that cannot run anything: only the probes meant for it fail.
    broken = tmp_path / "python"
    broken.write_text("#!/bin/sh\necho 'not this interpreter' >&2\nexit 3\n")
    broken.chmod(0o755)
    assert next(s for s in DEFAULT_PROBES if s.name == "hardware").interpreter == "advisor"
    report = collect_probe_report(["hardware", "ecosystem"], python=str(broken))
    assert report.hardware is not None and report.hardware.cpu.logical_cores
    assert [(f.probe, f.kind) for f in report.failures] == [("ecosystem", "failed")]
    assert "not this interpreter" in (report.failures[0].stderr_tail or "")
