"""benchmarks/bench_scoring.py runs and prints its rate (the rate itself is not asserted here:
CI machines are shared; the script's output is the figure)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO, cli_env


def test_bench_scoring_runs_on_a_few_profiles() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_scoring.py"), "--profiles", "25"],
        capture_output=True, text=True, env=cli_env(), timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "scored 25 profiles" in result.stdout
    assert "profiles per second:" in result.stdout
