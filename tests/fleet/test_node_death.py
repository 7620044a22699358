"""A node that dies in the middle of its probe becomes a failure row; the rest is still written.

A module of its own: the test kills a node of its cluster.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.assessment_io import load_probe_report
from advisor.options import FRAMEWORKS
from tests.fleet.conftest import WORKER_NAME, StreamingCli, TwoNodes

pytestmark = pytest.mark.slow


def test_a_node_killed_mid_probe_is_a_failure_row(two_nodes: TwoNodes, tmp_path: Path) -> None:
    # hardware first (about a second), then the framework probes import torch and tensorflow
    # (several seconds each): the node is killed between the two.
    cli = StreamingCli("probe", "--ray", two_nodes.address, "--only", "hardware,frameworks",
                       "-o", "out", cwd=tmp_path)
    cli.wait_for_line(f"node {WORKER_NAME}: probe hardware: ok", timeout=180)
    two_nodes.cluster.remove_node(two_nodes.worker, allow_graceful=False)
    returncode, stdout, stderr = cli.finish(timeout=300)

    assert returncode == 1, stderr
    assert "Traceback" not in stderr
    rows = {row["name"]: row for row in
            json.loads((tmp_path / "out" / "fleet.json").read_text(encoding="utf-8"))["nodes"]}
    dead = rows.pop(WORKER_NAME)
    assert dead["status"] == "failed" and dead["report"] is None
    assert "died" in dead["reason"], dead["reason"]
    assert not (tmp_path / "out" / f"{WORKER_NAME}.json").exists()
    (head,) = rows.values()
    assert head["status"] == "ok", head
    report = load_probe_report(Path(head["report"]))
    assert set(report.frameworks) == set(FRAMEWORKS)
    assert f"advisor: node {WORKER_NAME}: FAILED: " in stderr
    assert stdout.splitlines() == [str(Path("out") / f"{head['name']}.json"),
                                   str(Path("out") / "fleet.json")]
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".part")]
