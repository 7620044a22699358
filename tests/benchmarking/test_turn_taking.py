"""The probes' side of taking turns (probes/turn_taking.py), over real pipes in this process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from turn_taking import Turns


def _pipes() -> tuple[Turns, int, int]:
    """A Turns on two new pipes, and the advisor's ends: (turns, write "go" here, read here)."""
    go_read, go_write = os.pipe()
    said_read, said_write = os.pipe()
    return Turns(f"{go_read},{said_write}"), go_write, said_read


def test_without_pipes_nothing_waits_and_the_clock_is_perf_counter() -> None:
    turns = Turns(None)
    turns.wait()
    turns.hand_over()
    assert not turns.active and turns.turns == 0
    assert abs(turns.clock() - time.perf_counter()) < 0.01
    assert turns.record().startswith("alone")


def test_the_own_clock_leaves_out_the_wait_for_a_turn() -> None:
    turns, go, said = _pipes()
    os.write(go, b"go\n")
    turns.wait()
    before = turns.clock()
    threading.Timer(0.3, os.write, (go, b"go\n")).start()
    turns.hand_over()  # says "yield", then waits 0.3 s for the next "go"
    assert os.read(said, 100) == b"yield\n"
    assert turns.clock() - before < 0.1 and turns.waited_s >= 0.25
    assert turns.turns == 2 and "2 turns" in turns.record()
    os.close(go)
    os.close(said)


def test_when_the_advisor_stops_taking_turns_the_probe_goes_on_alone() -> None:
    turns, go, said = _pipes()
    os.write(go, b"go\n")
    turns.wait()
    os.close(go)  # end of file on the next wait
    turns.hand_over()
    assert not turns.active
    turns.hand_over()  # alone now: no pipe, no wait
    assert turns.turns == 1
    os.close(said)


def test_a_lent_turn_goes_to_a_child_process_and_comes_back_when_it_exits() -> None:
    assert Turns(None).lend() == ([], ())
    turns, go, said = _pipes()
    os.write(go, b"go\n")
    turns.wait()
    args, fds = turns.lend()  # ends this turn: the advisor reads "yield"
    assert os.read(said, 100) == b"yield\n"
    probes = Path(__file__).resolve().parents[2] / "probes"
    child = ("import sys; sys.path.insert(0, sys.argv[1]); from turn_taking import Turns; "
             "t = Turns(sys.argv[3]); t.wait(); t.hand_over(); print(t.turns)")
    os.write(go, b"go\ngo\n")  # the child's two turns
    done = subprocess.run([sys.executable, "-c", child, str(probes), *args], pass_fds=fds,
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "2"
    assert os.read(said, 100) == b"yield\n"  # the child's hand-over, on the lent pipe
    os.write(go, b"go\n")  # the parent's turn again: its own pipes still work
    turns.hand_over()
    assert os.read(said, 100) == b"yield\n" and turns.turns == 2
    os.close(go)
    os.close(said)
