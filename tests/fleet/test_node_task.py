"""The task each node runs, called here directly: the node's `advisor probe --output -`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.fleet.node_task import probe_on_node
from advisor.fleet.nodes import fleet_nodes
from advisor.fleet.results import result_from_node
from tests.fleet.test_nodes_and_results import ray_node


def test_it_streams_the_nodes_progress_then_its_report() -> None:
    events = list(probe_on_node(["--only", "hardware"]))
    assert events[0]["event"] == "started" and events[0]["python"] == sys.executable
    lines = [e["text"] for e in events if e["event"] == "line"]
    assert any(line.startswith("advisor: probe hardware: ok") for line in lines), lines
    done = events[-1]
    assert done["event"] == "done" and done["returncode"] == 0, done["stderr_tail"]
    assert json.loads(done["stdout"])["hardware"]["cpu"]["logical_cores"]
    result = result_from_node(fleet_nodes([ray_node("a", "box")])[0], {**events[0], **done})
    assert result.ok


def bare_python() -> str:
    """A Python interpreter that has no advisor (this machine's system Python)."""
    for candidate in ("/usr/bin/python3", shutil.which("python3") or ""):
        if candidate and subprocess.run([candidate, "-c", "import advisor"],
                                        capture_output=True, cwd="/").returncode != 0:
            return candidate
    pytest.skip("every Python here has advisor")


def test_a_python_without_advisor_gives_a_reason_not_a_crash(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # `python -m advisor` would find the checkout's package here
    python = bare_python()
    events = list(probe_on_node(["--only", "hardware"], python=python))
    result = result_from_node(fleet_nodes([ray_node("a", "box")])[0], {**events[0],
                                                                      **events[-1]})
    assert result.reason is not None
    assert result.reason.startswith(f"advisor is not installed for {python} on the node")


SHIPPED = """
import pickle, sys
import ray.cloudpickle
from advisor.fleet import cluster, node_task
cluster.probe_task()
shipped = ray.cloudpickle.dumps(node_task.probe_on_node)
for name in [m for m in sys.modules if m == "advisor" or m.startswith("advisor.")]:
    del sys.modules[name]
sys.modules["advisor"] = None  # a node where advisor cannot be imported
task = pickle.loads(shipped)
print(next(task([]))["event"])
"""


def test_the_task_reaches_a_node_without_advisor_by_value(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    result = subprocess.run([sys.executable, "-c", SHIPPED], capture_output=True, text=True,
                            cwd=tmp_path, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"
