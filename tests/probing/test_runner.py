"""run_probe turns every way a probe can misbehave into a FailedProbe with a reason."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from advisor.probing import FailedProbe, ProbeSuccess, SkippedProbe, run_probe
from tests.conftest import ASSETS, REPO, process_alive

PROBES = ASSETS / "probes"


def run(name: str, **options: object) -> object:
    options.setdefault("timeout_s", 60)
    return run_probe(PROBES / f"{name}.py", python=sys.executable, **options)  # type: ignore[arg-type]


def test_success_returns_the_document_and_keeps_stderr() -> None:
    outcome = run("succeeds", args=["--flag", "x"])
    assert isinstance(outcome, ProbeSuccess)
    assert outcome.data == {"answer": 42, "argv": ["--flag", "x"]}
    assert "loading..." in outcome.stderr
    assert outcome.name == "succeeds"
    assert outcome.duration_s > 0


def test_skipped_document_becomes_a_skipped_probe() -> None:
    outcome = run("framework_absent")
    assert outcome == SkippedProbe("framework_absent", "no_such_framework_xyz is not installed",
                                   outcome.duration_s)  # type: ignore[union-attr]


def test_hang_times_out_and_kills_the_whole_process_group() -> None:
    started = time.monotonic()
    outcome = run("sleeps_forever", timeout_s=3)
    assert time.monotonic() - started < 15
    assert isinstance(outcome, FailedProbe)
    assert outcome.kind == "timeout"
    assert "timed out after 3 s" in outcome.reason
    assert "about to hang" in outcome.stderr_tail
    grandchild = int(outcome.stderr_tail.splitlines()[0])
    for _ in range(50):
        if not process_alive(grandchild):
            break
        time.sleep(0.1)
    assert not process_alive(grandchild), "the probe's child survived the timeout"


def test_abort_reports_sigabrt_and_the_stderr_tail() -> None:
    outcome = run("aborts")
    assert isinstance(outcome, FailedProbe)
    assert outcome.kind == "failed"
    assert "SIGABRT" in outcome.reason
    assert "something went wrong in native code" in outcome.stderr_tail


def test_segfault_reports_sigsegv() -> None:
    outcome = run("segfaults")
    assert isinstance(outcome, FailedProbe)
    assert "SIGSEGV" in outcome.reason and "segmentation fault" in outcome.reason


def test_nonzero_exit_reports_status_and_keeps_only_the_tail() -> None:
    outcome = run("exits_3")
    assert isinstance(outcome, FailedProbe)
    assert outcome.reason == "exited with status 3"
    lines = outcome.stderr_tail.splitlines()
    assert len(lines) == 20
    assert lines[-1] == "error: the framework refused to start"
    assert "log line 0" not in outcome.stderr_tail


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("prints_garbage", "Loading CUDA libraries"),
        ("prints_two_documents", "not one JSON document"),
        ("prints_list", "JSON list, not an object"),
        ("prints_nothing", "printed nothing on stdout"),
    ],
)
def test_anything_but_one_json_object_on_stdout_fails(name: str, needle: str) -> None:
    outcome = run(name)
    assert isinstance(outcome, FailedProbe)
    assert outcome.kind == "failed"
    assert needle in outcome.reason


def test_memory_limit_turns_a_big_allocation_into_an_out_of_memory_failure() -> None:
    outcome = run("exceeds_memory", memory_limit_bytes=512 * 2**20)
    assert isinstance(outcome, FailedProbe)
    assert outcome.reason.startswith("ran out of memory (limit 512 MiB)")
    assert "MemoryError" in outcome.stderr_tail


def test_native_allocation_failure_is_reported_as_out_of_memory() -> None:
    outcome = run("native_bad_alloc")
    assert isinstance(outcome, FailedProbe)
    assert outcome.reason == "ran out of memory; killed by SIGABRT (aborted)"


def test_without_a_limit_the_same_allocation_succeeds() -> None:
    outcome = run("exceeds_memory")
    assert isinstance(outcome, ProbeSuccess)
    assert outcome.data["allocated"] == 2 * 1024**3


def test_missing_interpreter_is_a_failure_not_an_exception(tmp_path: Path) -> None:
    outcome = run_probe(PROBES / "succeeds.py", python=str(tmp_path / "nope"), timeout_s=5)
    assert isinstance(outcome, FailedProbe)
    assert "cannot start" in outcome.reason


def test_environment_is_passed_to_the_probe(tmp_path: Path) -> None:
    script = tmp_path / "env_probe.py"
    script.write_text("import json, os\nprint(json.dumps({'v': os.environ.get('PROBE_X')}))\n")
    outcome = run_probe(script, python=sys.executable, timeout_s=30, env={"PROBE_X": "7"})
    assert isinstance(outcome, ProbeSuccess)
    assert outcome.data == {"v": "7"}


def test_sigkill_is_reported_as_possibly_the_out_of_memory_killer() -> None:
    outcome = run("killed")
    assert isinstance(outcome, FailedProbe) and outcome.kind == "failed"
    assert outcome.reason == "killed by SIGKILL (possibly the out-of-memory killer)"
    assert "allocating a lot" in outcome.stderr_tail


def test_a_document_followed_by_a_nonzero_exit_is_a_failure() -> None:
    outcome = run("document_then_exits_3")
    assert isinstance(outcome, FailedProbe)
    assert outcome.reason == "exited with status 3"
    assert "error during shutdown" in outcome.stderr_tail


def test_a_shared_library_that_cannot_be_mapped_is_out_of_memory() -> None:
    outcome = run("dlopen_out_of_memory", memory_limit_bytes=1024 * 2**20)
    assert isinstance(outcome, FailedProbe)
    assert outcome.reason == "ran out of memory (limit 1024 MiB); exited with status 1"


@pytest.mark.slow
def test_the_real_torch_probe_under_a_small_address_space_limit_fails_as_out_of_memory() -> None:
    pytest.importorskip("torch")
    outcome = run_probe(REPO / "probes" / "framework_torch.py", python=sys.executable,
                        timeout_s=120, memory_limit_bytes=200 * 2**20)
    assert isinstance(outcome, FailedProbe) and outcome.kind == "failed"
    assert outcome.reason.startswith("ran out of memory (limit 200 MiB)")
