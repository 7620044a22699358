"""How long probing takes on this machine, against the issue's targets.

Prints:
  * the wall time of `advisor probe --only hardware,ecosystem` (target: under 3 s);
  * for each framework environment probe, its wall time next to a bare `python -c "import X"`
    of the same interpreter (target: at most the import time plus 1 s).

Each measurement is the median of --repeats runs; probe and import runs are interleaved so that
load from other processes affects both alike. Run from the checkout:
    python benchmarks/bench_probes.py [--repeats 3] [--python PATH] [--check]
With --check the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FRAMEWORKS = (("framework_torch", "torch"), ("framework_tensorflow", "tensorflow"))


def wall_time(command: list[str], env: dict[str, str]) -> float:
    """Seconds from start to exit of `command` (its output is discarded)."""
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False, timeout=900)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--python", default=sys.executable, help="Interpreter to probe.")
    parser.add_argument("--check", action="store_true", help="Exit 1 when a target is missed.")
    options = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    missed = []
    with tempfile.TemporaryDirectory() as folder:
        output = str(Path(folder) / "probe.json")
        probe = [sys.executable, "-m", "advisor", "probe", "--only", "hardware,ecosystem",
                 "--python", options.python, "-o", output]
        wall_time(probe, env)  # warm the file cache once
        times = [wall_time(probe, env) for _ in range(options.repeats)]
    median = statistics.median(times)
    ok = median < 3.0
    missed += [] if ok else ["hardware,ecosystem"]
    print(f"advisor probe --only hardware,ecosystem: median {median:.2f} s over {len(times)} runs"
          f" (target < 3 s: {'met' if ok else 'MISSED'})")
    print()
    print(f"{'probe':<24}{'bare import (s)':>16}{'probe (s)':>11}{'overhead (s)':>14}  target")
    for probe_name, module in FRAMEWORKS:
        script = str(REPO / "probes" / f"{probe_name}.py")
        imports, probes = [], []
        wall_time([options.python, "-c", f"import {module}"], env)  # warm the file cache
        for _ in range(options.repeats):
            imports.append(wall_time([options.python, "-c", f"import {module}"], env))
            probes.append(wall_time([options.python, script], env))
        bare, probed = statistics.median(imports), statistics.median(probes)
        ok = probed <= bare + 1.0
        missed += [] if ok else [probe_name]
        print(f"{probe_name:<24}{bare:>16.2f}{probed:>11.2f}{probed - bare:>+14.2f}"
              f"  <= import + 1 s: {'met' if ok else 'MISSED'}")
    return 1 if options.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
