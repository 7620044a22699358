"""A second fresh process for the eager workloads, so the verdicts see between-process spread.

On a 2-core VM, TensorFlow's eager MLP ran at about 3 ms in one fresh process and about 6 ms in
the next, steady within each (a bare Keras script shows it too; docs/notes/benchmarks-2.md):
all samples of one probe share their process's state, so neither the bootstrap nor the sampling
rounds see it, and two quiet runs gave opposite verdicts. So the probe, after its own sampling,
runs the same eager workloads once more in a new process of itself (same interpreter, thread
settings, environment and device) with a small time cap of its own, taking turns with the other
framework's probe in this probe's place (turn_taking.Turns.lend: otherwise a slow minute of the
machine would fall on one framework's second process only), and records each workload's median
in both processes (`process_medians`). The advisor centres each verdict on the processes'
ratios and widens its interval until it holds each of them. The second process is skipped in
the seed suite (its models take minutes to build).

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

#: Seconds of sampling for the second process, by budget (its import and builds come on top).
SECOND_PROCESS_CAPS_S = {"quick": 1.0, "standard": 8.0, "thorough": 30.0}
#: Marks the second process itself, so that it does not start a third.
SECOND_PROCESS_FLAG = "--second-process"


def second_process_command(script: Path, options: argparse.Namespace,
                           workloads: list[str]) -> list[str]:
    """The command line of the second process: this probe again, eager only, same threads."""
    return [sys.executable, str(script), "--budget", options.budget,
            "--threads", str(options.threads), "--interop-threads", str(options.interop_threads),
            "--device", options.device, "--workloads", ",".join(workloads), "--modes", "eager",
            "--time-budget-s", str(SECOND_PROCESS_CAPS_S[options.budget]), SECOND_PROCESS_FLAG]


def run_second_process(command: list[str], timeout_s: float,
                       pass_fds: tuple[int, ...] = ()) -> dict[str, Any]:
    """Run the second process and return its document; raises OSError, SubprocessError or
    ValueError (unreadable output) on failure. `pass_fds`: the turn-taking pipes it inherits."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s,
                          check=True, pass_fds=pass_fds)
    document = json.loads(done.stdout)
    if not isinstance(document, dict) or not isinstance(document.get("benchmarks"), list):
        raise ValueError(str(document.get("skipped") if isinstance(document, dict) else
                             "no benchmarks in its output")[:300])
    return document


def attach_process_medians(results: list[dict[str, Any]], document: dict[str, Any]) -> int:
    """Give each eager result `process_medians` [this process, the second one] where the
    second process measured the same workload, mode and dtype; return how many got one."""
    second = {(r.get("workload"), r.get("mode"), r.get("dtype")): r.get("median_s")
              for r in document["benchmarks"] if isinstance(r, dict)}
    attached = 0
    for record in results:
        other = second.get((record["workload"], record["mode"], record.get("dtype")))
        if record["mode"] == "eager" and isinstance(other, (int, float)) and other > 0:
            record["process_medians"] = [record["median_s"], float(other)]
            attached += 1
    return attached
