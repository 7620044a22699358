"""How long the environment probes take on this machine, against the issue's targets.

Prints:
  * the wall time of `advisor probe --only hardware,ecosystem` (target: under 3 s), median and
    slowest of --repeats runs;
  * for each framework environment probe, its wall time next to a bare `python -c "import X"`
    of the same interpreter (target: at most the import time plus 1 s).

Machines shared with other work are noisy (a load average above the core count moves an import
by seconds), so each framework is measured as --repeats *pairs* (bare import, then probe, back
to back) and judged on the median of the per-pair differences, which cancels most of the load
that hits both alike. The probe's own split is printed too: its wall time minus the import time
it measured in the same process (`import_s`), the part of the probe that is not the import.

    python benchmarks/bench_env_probes.py [--repeats 5] [--python PATH] [--check]

With --check the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FRAMEWORKS = (("framework_torch", "torch"), ("framework_tensorflow", "tensorflow"))
PROBE_TARGET_S = 3.0
OVERHEAD_TARGET_S = 1.0


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds from start to exit of `command`, and its stdout."""
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True,
                            check=False, timeout=900)
    return time.perf_counter() - started, result.stdout


def load_average() -> str:
    """The 1-minute load average and the core count, for context."""
    try:
        return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    except OSError:
        return "load average unknown"


def bench_hardware_ecosystem(repeats: int, python: str, env: dict[str, str]) -> bool:
    """Time `advisor probe --only hardware,ecosystem`; True when the target is met."""
    with tempfile.TemporaryDirectory() as folder:
        output = str(Path(folder) / "probe.json")
        command = [sys.executable, "-m", "advisor", "probe", "--only", "hardware,ecosystem",
                   "--python", python, "-o", output]
        timed(command, env)  # warm the file cache once
        times = [timed(command, env)[0] for _ in range(repeats)]
    median = statistics.median(times)
    ok = median < PROBE_TARGET_S
    print(f"advisor probe --only hardware,ecosystem: median {median:.2f} s, slowest"
          f" {max(times):.2f} s over {repeats} runs (target < {PROBE_TARGET_S:g} s:"
          f" {'met' if ok else 'MISSED'})")
    return ok


def bench_framework(probe: str, module: str, repeats: int, python: str,
                    env: dict[str, str]) -> bool:
    """Time one framework probe against a bare import; True when the target is met."""
    script = str(REPO / "probes" / f"{probe}.py")
    bare_command = [python, "-c", f"import {module}"]
    timed(bare_command, env)  # warm the file cache
    bare, probed, own_import = [], [], []
    for _ in range(repeats):
        bare.append(timed(bare_command, env)[0])
        seconds, stdout = timed([python, script], env)
        probed.append(seconds)
        try:
            document = json.loads(stdout)
        except json.JSONDecodeError:
            document = {}
        if "skipped" in document:
            print(f"{probe:<22} skipped: {document['skipped']}")
            return True
        if isinstance(document.get("import_s"), int | float):
            own_import.append(seconds - float(document["import_s"]))
    overheads = [p - b for p, b in zip(probed, bare, strict=True)]
    overhead = statistics.median(overheads)
    ok = overhead <= OVERHEAD_TARGET_S
    beyond = f"{statistics.median(own_import):>+12.2f}" if own_import else f"{'-':>12}"
    print(f"{probe:<22}{statistics.median(bare):>12.2f}{statistics.median(probed):>11.2f}"
          f"{overhead:>+14.2f}{beyond}  <= import + {OVERHEAD_TARGET_S:g} s:"
          f" {'met' if ok else 'MISSED'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--python", default=sys.executable, help="Interpreter to probe.")
    parser.add_argument("--check", action="store_true", help="Exit 1 when a target is missed.")
    options = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1",
               TF_CPP_MIN_LOG_LEVEL="2")
    print(f"before: {load_average()}")
    results = [bench_hardware_ecosystem(options.repeats, options.python, env)]
    print()
    print(f"{'probe':<22}{'import (s)':>12}{'probe (s)':>11}{'overhead (s)':>14}"
          f"{'non-import':>12}  target (medians of {options.repeats} pairs)")
    for probe, module in FRAMEWORKS:
        results.append(bench_framework(probe, module, options.repeats, options.python, env))
    print(f"after: {load_average()}")
    return 1 if options.check and not all(results) else 0


if __name__ == "__main__":
    sys.exit(main())
