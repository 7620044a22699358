"""Prints how long `advisor --version` and `advisor --help` take (target: --version < 0.5 s).

Usage: python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def time_command(args: list[str], runs: int) -> list[float]:
    """Wall time of `python -m advisor ARGS`, `runs` times."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "advisor", *args], check=True,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    for args in (["--version"], ["--help"], ["assess", "--help"]):
        times = time_command(args, runs)
        print(f"advisor {' '.join(args):<16} median {statistics.median(times):.3f} s"
              f"  min {min(times):.3f} s  ({runs} runs)")


if __name__ == "__main__":
    main()
