"""`advisor probe --ray` against a real local two-node Ray cluster, then `advisor batch` on it.

The CLI runs in a subprocess: a Ray driver is process-wide state that must not outlive a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from advisor.assessment_io import load_probe_report
from tests.conftest import REPO, CliRunner, ProcessRunner, cli_env
from tests.fleet.conftest import WORKER_NAME, StreamingCli, TwoNodes

pytestmark = pytest.mark.slow


def fleet(out: Path) -> dict[str, Any]:
    return json.loads((out / "fleet.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def probed(two_nodes: TwoNodes, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One fleet probe of both nodes, hardware and ecosystem, shared by the module's tests."""
    cwd = tmp_path_factory.mktemp("fleet")
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "probe", "--ray", two_nodes.address,
         "--only", "hardware,ecosystem", "--output", "fleet"],
        cwd=cwd, env=cli_env(), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=300)
    return result, cwd / "fleet"


def test_every_node_gives_a_report_named_after_it(probed: tuple[Any, Path]) -> None:
    result, out = probed
    assert result.returncode == 0, result.stderr
    nodes = fleet(out)["nodes"]
    names = [node["name"] for node in nodes]
    assert len(names) == 2 and WORKER_NAME in names
    (head,) = set(names) - {WORKER_NAME}  # the head is named after its host name
    assert sorted(p.name for p in out.iterdir()) == sorted(["fleet.json", f"{head}.json",
                                                            f"{WORKER_NAME}.json"])
    for node in nodes:
        assert node["status"] == "ok" and node["reason"] is None
        assert len(node["node_id"]) == 56  # Ray's hex node id
        assert Path(node["report"]) == (out / f"{node['name']}.json").absolute()
        report = load_probe_report(Path(node["report"]))
        assert report.hardware is not None and report.hardware.cpu.logical_cores
        assert set(report.ecosystem) == {"pytorch", "tensorflow", "shared"}
        assert [run.probe for run in report.probe_runs] == ["hardware", "ecosystem"]
    assert len({node["node_id"] for node in nodes}) == 2
    # stdout lists what was written; stderr shows each node's own progress
    assert result.stdout.splitlines()[-1] == str(Path("fleet") / "fleet.json")
    for name in names:
        assert f"advisor: node {name}: probe hardware: ok" in result.stderr
        assert f"advisor: node {name}: ok, report received" in result.stderr
    assert "Traceback" not in result.stderr


def test_batch_compares_the_fleets_machines_priced_by_node_name(
        probed: tuple[Any, Path], run_cli: CliRunner, tmp_path: Path) -> None:
    _, out = probed
    # what a shell makes of fleet/*.json: the reports and fleet.json, which stands for them
    reports = sorted(out.glob("*.json"))
    result = run_cli("batch", REPO / "examples" / "batch" / "profiles.csv",
                     "--probe-results", *reports, "--cost", f"{WORKER_NAME}=2.5",
                     "-f", "json", "-o", tmp_path / "batch")
    assert result.returncode == 0, result.stderr
    summary = json.loads((tmp_path / "batch" / "summary.json").read_text(encoding="utf-8"))
    machines = {m["machine"]: m for m in summary["machines"]}
    assert set(machines) == {row["name"] for row in fleet(out)["nodes"]}
    assert machines[WORKER_NAME]["cost_per_hour"] == 2.5
    for machine in machines.values():
        assert machine["hardware"] != "not probed"
        assert sum(machine["recommendations"].values()) == 6  # the example's six profiles


BLOCKER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import ray
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy
    ray.init(address=sys.argv[1], log_to_driver=False)
    (node,) = [n for n in ray.nodes()
               if n["Alive"] and n["Labels"].get("advisor-name") == sys.argv[2]]
    @ray.remote(num_cpus=1, max_retries=0)
    def hold(flag, seconds):
        Path(flag).write_text("holding")
        time.sleep(seconds)
        Path(flag).write_text(repr(time.time()))  # when it let go of the node
    strategy = NodeAffinitySchedulingStrategy(node["NodeID"], soft=False)
    ray.get(hold.options(scheduling_strategy=strategy).remote(sys.argv[3], float(sys.argv[4])))
""")


def hold_worker_node(two_nodes: TwoNodes, flag: Path, seconds: float) -> subprocess.Popen[bytes]:
    """Another Ray job's task holding the worker node's CPU for `seconds`, started."""
    blocker = subprocess.Popen([sys.executable, "-c", BLOCKER, two_nodes.address, WORKER_NAME,
                                str(flag), str(seconds)], env=cli_env(),
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not flag.exists():
        if blocker.poll() is not None or time.monotonic() > deadline:
            blocker.kill()
            raise AssertionError(blocker.stderr.read() if blocker.stderr else "no blocker")
        time.sleep(0.2)
    return blocker


def test_a_busy_node_is_probed_once_the_other_work_is_done(two_nodes: TwoNodes,
                                                           tmp_path: Path) -> None:
    flag = tmp_path / "holding"
    blocker = hold_worker_node(two_nodes, flag, 8)
    try:
        cli = StreamingCli("probe", "--ray", two_nodes.address, "--only", "hardware",
                           "-o", "out", cwd=tmp_path)
        cli.wait_for_line(f"node {WORKER_NAME}: started", timeout=180)
        started = time.time()
        returncode, _, stderr = cli.finish(timeout=180)
    finally:
        blocker.kill()
        blocker.wait()
    assert returncode == 0, stderr
    assert started >= float(flag.read_text())  # it waited for the node to be free
    assert {row["status"] for row in fleet(tmp_path / "out")["nodes"]} == {"ok"}


def test_a_node_busy_past_the_busy_timeout_is_a_failure_row(two_nodes: TwoNodes,
                                                       run_process: ProcessRunner,
                                                       tmp_path: Path) -> None:
    blocker = hold_worker_node(two_nodes, tmp_path / "holding", 600)
    try:
        # `auto` is the cluster RAY_ADDRESS names
        result = run_process("probe", "--ray", "auto", "--only", "hardware", "--busy-timeout", "4",
                         "-o", tmp_path / "out", env={"RAY_ADDRESS": two_nodes.address})
    finally:
        blocker.kill()  # its driver gone, Ray ends the blocking task and frees the node
        blocker.wait()
    assert result.returncode == 1, result.stderr
    rows = {row["name"]: row for row in fleet(tmp_path / "out")["nodes"]}
    busy = rows.pop(WORKER_NAME)
    assert busy["status"] == "failed" and busy["report"] is None
    assert busy["reason"].startswith("busy: other Ray work held the node's resources")
    assert not (tmp_path / "out" / f"{WORKER_NAME}.json").exists()
    (head,) = rows.values()
    assert head["status"] == "ok" and Path(head["report"]).is_file()
    assert f"advisor: node {WORKER_NAME}: FAILED: busy" in result.stderr
    assert "1 of 2 node(s) failed: box-b" in result.stderr
