"""A benchmark-like probe that takes turns (probes/turn_taking.py) and logs each of its phases.

Usage: takes_turns.py LOG NAME PHASES [crash-at=K | hang-at=K | ignore-turns | busy=S]
                      --turns IN,OUT
Each phase appends "NAME k start/end" lines to LOG, keeps the CPU busy (0.05 s, or S), then
hands over.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "probes"))
from turn_taking import Turns

log, name, phases = sys.argv[1], sys.argv[2], int(sys.argv[3])
behaviour = sys.argv[4] if len(sys.argv) > 4 and not sys.argv[4].startswith("--") else ""
spec = sys.argv[sys.argv.index("--turns") + 1] if "--turns" in sys.argv else None
busy = float(behaviour.split("=")[1]) if behaviour.startswith("busy=") else 0.05
turns = Turns(None if behaviour == "ignore-turns" else spec)
own_from = turns.clock()
turns.wait()


def note(text: str) -> None:
    with open(log, "a") as handle:
        handle.write(f"{name} {text} {time.monotonic():.6f} {os.getpid()}\n")


for phase in range(1, phases + 1):
    note(f"{phase} start")
    if behaviour == f"crash-at={phase}":
        sys.stderr.write(f"{name} crashing in phase {phase}\n")
        sys.stderr.flush()
        os.abort()
    if behaviour == f"hang-at={phase}":
        sys.stderr.write(f"{name} hanging in phase {phase}\n")
        sys.stderr.flush()
        time.sleep(3600)
    busy_until = time.perf_counter() + busy
    while time.perf_counter() < busy_until:
        pass
    note(f"{phase} end")
    if phase < phases:
        turns.hand_over()
sys.stderr.write("x" * 200_000)  # more than a pipe holds: the advisor must drain it
print(json.dumps({"name": name, "phases": phases, "turns": turns.turns,
                  "own_s": turns.clock() - own_from, "waited_s": turns.waited_s}))
