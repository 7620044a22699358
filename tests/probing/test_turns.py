"""run_probes_in_turns: two probes side by side, never working at once, each failure contained.

Driven with tests/assets/probes/takes_turns.py, a probe that takes turns through the real
probes/turn_taking.py and logs the start and end of each of its phases with a timestamp.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from advisor.probing import FailedProbe, ProbeSuccess
from advisor.probing.turns import TurnJob, run_probes_in_turns
from tests.conftest import ASSETS, REPO, default_sigint, process_alive

SCRIPT = ASSETS / "probes" / "takes_turns.py"
PHASES = 4


def _job(log: Path, name: str, *behaviour: str, timeout_s: float = 60.0) -> TurnJob:
    return TurnJob(SCRIPT, [str(log), name, str(PHASES), *behaviour], timeout_s, name)


def _phases(log: Path) -> list[tuple[str, int, str, float]]:
    """(probe, phase, start|end, time) in the order they happened."""
    rows = [line.split() for line in log.read_text().splitlines()]
    return sorted(((n, int(k), what, float(t)) for n, k, what, t, _ in rows), key=lambda r: r[3])


def _open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


def test_two_probes_alternate_phase_by_phase_and_never_overlap(tmp_path: Path) -> None:
    log = tmp_path / "log"
    fds = _open_fds()
    first, second = run_probes_in_turns([_job(log, "A"), _job(log, "B")],
                                        python=sys.executable)
    order = [(name, phase) for name, phase, what, _ in _phases(log) if what == "start"]
    assert order == [(name, k) for k in range(1, PHASES + 1) for name in ("A", "B")]
    events = _phases(log)
    for start, end in zip(events[::2], events[1::2], strict=True):
        assert start[:2] == end[:2] and (start[2], end[2]) == ("start", "end")  # no overlap
    for outcome, name in ((first, "A"), (second, "B")):
        assert isinstance(outcome, ProbeSuccess) and outcome.name == name
        assert outcome.data["turns"] == PHASES
        # Its own time leaves out the other's turns: they are what it waited for.
        assert outcome.data["waited_s"] >= 0.05 * (PHASES - 1)
        assert outcome.data["own_s"] < 0.05 * PHASES + 0.5
        assert len(outcome.stderr) == 200_000  # drained while it ran: no pipe filled up
    assert _open_fds() == fds  # every pipe closed again


def test_a_probe_that_crashes_leaves_the_other_all_the_turns(tmp_path: Path) -> None:
    log = tmp_path / "log"
    crashed, whole = run_probes_in_turns([_job(log, "A", "crash-at=2"), _job(log, "B")],
                                         python=sys.executable)
    assert isinstance(crashed, FailedProbe) and crashed.kind == "failed"
    assert "SIGABRT" in crashed.reason and "crashing in phase 2" in crashed.stderr_tail
    assert isinstance(whole, ProbeSuccess) and whole.data["turns"] == PHASES
    starts = [(name, phase) for name, phase, what, _ in _phases(log) if what == "start"]
    assert starts == [("A", 1), ("B", 1), ("A", 2), ("B", 2), ("B", 3), ("B", 4)]


def test_a_probe_that_hangs_in_its_turn_is_killed_by_its_own_timeout(tmp_path: Path) -> None:
    log = tmp_path / "log"
    started = time.monotonic()
    whole, hung = run_probes_in_turns(
        [_job(log, "A"), _job(log, "B", "hang-at=3", timeout_s=2.0)], python=sys.executable)
    assert time.monotonic() - started < 15
    assert isinstance(hung, FailedProbe) and hung.kind == "timeout"
    assert "timed out after 2 s of its own turns" in hung.reason
    assert "hanging in phase 3" in hung.stderr_tail
    assert isinstance(whole, ProbeSuccess) and whole.data["turns"] == PHASES


def test_timeouts_count_a_probes_own_turns_only(tmp_path: Path) -> None:
    # A works 4 x 0.6 s; B needs 4 x 0.05 s of its 1 s, though the run lasts over 2.4 s.
    log = tmp_path / "log"
    started = time.monotonic()
    slow, quick = run_probes_in_turns(
        [_job(log, "A", "busy=0.6"), _job(log, "B", timeout_s=1.0)], python=sys.executable)
    assert time.monotonic() - started > 2.4
    assert isinstance(slow, ProbeSuccess) and isinstance(quick, ProbeSuccess)
    assert quick.duration_s < 1.0 < slow.duration_s


def test_a_probe_that_does_not_take_turns_runs_whole_in_its_first_turn(tmp_path: Path) -> None:
    log = tmp_path / "log"
    alone, other = run_probes_in_turns([_job(log, "A", "ignore-turns"), _job(log, "B")],
                                       python=sys.executable)
    assert isinstance(alone, ProbeSuccess) and alone.data["turns"] == 0
    assert isinstance(other, ProbeSuccess) and other.data["turns"] == PHASES
    starts = [name for name, _, what, _ in _phases(log) if what == "start"]
    assert starts == ["A"] * PHASES + ["B"] * PHASES


def test_an_interpreter_that_cannot_start_is_a_failure(tmp_path: Path) -> None:
    log = tmp_path / "log"
    missing, other = run_probes_in_turns([_job(log, "A"), _job(log, "B")],
                                         python=str(tmp_path / "no-python"))
    assert isinstance(missing, FailedProbe) and "cannot start" in missing.reason
    assert isinstance(other, FailedProbe) and "cannot start" in other.reason


INTERRUPTED = """
import sys
from pathlib import Path
from advisor.probing.turns import TurnJob, run_probes_in_turns
script, log = Path(sys.argv[1]), sys.argv[2]
run_probes_in_turns([TurnJob(script, [log, "A", "4", "hang-at=2"], 600, "A"),
                     TurnJob(script, [log, "B", "4"], 600, "B")], python=sys.executable)
"""


def test_ctrl_c_kills_both_probes(tmp_path: Path) -> None:
    log = tmp_path / "log"
    process = subprocess.Popen([sys.executable, "-c", INTERRUPTED, str(SCRIPT), str(log)],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=default_sigint)
    for _ in range(300):  # A hangs in its second turn while B waits for its own
        if log.exists() and "A 2 start" in log.read_text():
            break
        time.sleep(0.05)
    pids = {line.split()[0]: int(line.split()[4]) for line in log.read_text().splitlines()}
    assert set(pids) == {"A", "B"} and all(process_alive(pid) for pid in pids.values())
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert b"KeyboardInterrupt" in stderr
    for _ in range(50):
        if not any(process_alive(pid) for pid in pids.values()):
            break
        time.sleep(0.1)
    assert not any(process_alive(pid) for pid in pids.values()), "a probe outlived Ctrl-C"
