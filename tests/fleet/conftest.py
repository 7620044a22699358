"""A real local Ray cluster of two nodes for the fleet tests (one per test module).

The machine is small and shared: each node gets one CPU, a small object store and no dashboard.
The head checks its nodes' health often, so a killed node is noticed in seconds.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import cli_env

#: The worker node's name label (the head has none and is named after the host).
WORKER_NAME = "box-b"
_OBJECT_STORE = 80 * 1024 * 1024


@dataclass
class TwoNodes:
    """The running cluster, its address and its worker node (the one tests may kill or load)."""

    cluster: Any
    address: str
    worker: Any


@pytest.fixture(scope="module")
def two_nodes() -> Iterator[TwoNodes]:
    """Start a head and one worker node labelled `box-b`; shut them down after the module."""
    ray_cluster_utils = pytest.importorskip("ray.cluster_utils")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    cluster = ray_cluster_utils.Cluster(
        initialize_head=True,
        head_node_args={
            "num_cpus": 1,
            "include_dashboard": False,
            "object_store_memory": _OBJECT_STORE,
            "_system_config": {"health_check_period_ms": 500,
                               "health_check_failure_threshold": 3},
        },
    )
    try:
        worker = cluster.add_node(num_cpus=1, object_store_memory=_OBJECT_STORE,
                                  labels={"advisor-name": WORKER_NAME})
        cluster.wait_for_nodes()
        yield TwoNodes(cluster, cluster.address, worker)
    finally:
        cluster.shutdown()


class StreamingCli:
    """`python -m advisor ARGS` in the background, its stderr lines readable while it runs."""

    def __init__(self, *args: str | os.PathLike[str], cwd: Path,
                 env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "advisor", *map(str, args)], cwd=cwd, env=cli_env(env),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line)
            self.lines.put(line)

    def wait_for_line(self, needle: str, timeout: float) -> str:
        """The first stderr line (from now on) that holds `needle`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            if needle in line:
                return line
        raise AssertionError(f"no line with {needle!r} in: {''.join(self.stderr)}")

    def finish(self, timeout: float) -> tuple[int, str, str]:
        """Exit status, stdout and all of stderr."""
        assert self.process.stdout is not None
        stdout = self.process.stdout.read()
        returncode = self.process.wait(timeout=timeout)
        time.sleep(0.2)  # the reader thread takes the last lines
        return returncode, stdout, "".join(self.stderr)

