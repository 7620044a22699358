"""Fleet pieces that need no cluster: node names, what a node's run becomes, fleet.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from advisor.fleet.nodes import fleet_nodes
from advisor.fleet.results import fleet_document, result_from_node
from tests.batch.conftest import probe_report_data


def ray_node(node_id: str, host: str, *, label: str | None = None, alive: bool = True,
             resources: dict[str, float] | None = None) -> dict[str, Any]:
    """A node as `ray.nodes()` lists it (the keys advisor reads)."""
    return {"NodeID": node_id * 56 if len(node_id) == 1 else node_id, "Alive": alive,
            "NodeManagerHostname": host, "NodeManagerAddress": "10.0.0.1",
            "Labels": {"ray.io/node-id": node_id} | ({"advisor-name": label} if label else {}),
            "Resources": resources or {"CPU": 4.0, "memory": 1e9, "node:10.0.0.1": 1.0}}


def test_names_come_from_the_label_else_the_host_and_are_safe_file_names() -> None:
    nodes = fleet_nodes([
        ray_node("a", "ip-10-0-0-1.ec2.internal"),
        ray_node("b", "worker-7", label="GPU A100 / 80GB"),
        ray_node("c", "../../etc"),
        ray_node("d", "gone", alive=False),
    ])
    assert [n.name for n in nodes] == ["etc", "gpu-a100-80gb", "ip-10-0-0-1-ec2-internal"]


def test_nodes_that_share_a_name_each_get_their_id_and_fleet_is_reserved() -> None:
    nodes = fleet_nodes([ray_node("1", "pool"), ray_node("2", "pool"), ray_node("3", "fleet"),
                         ray_node("4", "solo")])
    assert [n.name for n in nodes] == ["fleet-node", "pool-11111111", "pool-22222222", "solo"]


def test_the_probe_claims_the_nodes_cpus_and_accelerators_only() -> None:
    (node,) = fleet_nodes([ray_node("a", "gpu", resources={
        "CPU": 8.0, "GPU": 2.0, "memory": 1e10, "object_store_memory": 1e9,
        "accelerator_type:A100": 1.0})])
    assert dict(node.resources) == {"CPU": 8.0, "GPU": 2.0}
    (head,) = fleet_nodes([ray_node("h", "head", resources={"CPU": 0.0, "memory": 1e9})])
    assert dict(head.resources) == {}  # a head kept free of work (num-cpus 0) is probed too


def one_node() -> Any:
    return fleet_nodes([ray_node("a", "box")])[0]


def test_a_report_on_stdout_is_the_nodes_report_even_when_a_probe_failed() -> None:
    report = json.dumps(probe_report_data("box", 1.0))
    for returncode in (0, 1):
        result = result_from_node(one_node(), {"returncode": returncode, "stdout": report})
        assert result.ok and result.report is not None
        assert result.report.hardware is not None


def test_a_node_without_advisor_says_so() -> None:
    result = result_from_node(one_node(), {
        "returncode": 1, "stdout": "", "python": "/usr/bin/python3",
        "stderr_tail": "/usr/bin/python3: No module named advisor"})
    assert not result.ok
    assert result.reason is not None
    assert result.reason.startswith("advisor is not installed for /usr/bin/python3 on the node")


def test_other_failures_keep_the_last_line_of_the_nodes_stderr() -> None:
    result = result_from_node(one_node(), {
        "returncode": 2, "stdout": "",
        "stderr_tail": "Usage: advisor probe\nadvisor: error: --python: 'x' does not exist\n"})
    assert result.reason == ("advisor probe on the node exited with status 2: advisor: error: "
                             "--python: 'x' does not exist")
    garbled = result_from_node(one_node(), {"returncode": 0, "stdout": '{"hardware": 3}'})
    assert garbled.reason is not None and "cannot read (hardware:" in garbled.reason


def test_fleet_json_has_a_row_per_node() -> None:
    ok = result_from_node(one_node(), {"returncode": 0,
                                       "stdout": json.dumps(probe_report_data("box", 1.0))})
    bad = result_from_node(fleet_nodes([ray_node("b", "dead")])[0],
                           {"returncode": None, "stderr_tail": "the node died"})
    document = fleet_document(Path("out"), [ok, bad])
    assert document["nodes"] == [
        {"node_id": "a" * 56, "name": "box", "report": str(Path("out/box.json").absolute()),
         "status": "ok", "reason": None, "failed_probes": []},
        {"node_id": "b" * 56, "name": "dead", "report": None, "status": "failed",
         "reason": "the node died", "failed_probes": []},
    ]


def test_batch_takes_a_fleet_json_for_its_nodes_and_prices_them_by_node_name(
        tmp_path: Path) -> None:
    from advisor.batch.machines import load_machines
    from advisor.fleet.results import write_fleet_document, write_node_report

    folder = tmp_path / "fleet"
    nodes = fleet_nodes([ray_node("a", "cpu-pool"), ray_node("b", "w", label="GPU_A100"),
                         ray_node("c", "dead")])
    assert [node.name for node in nodes] == ["cpu-pool", "dead", "gpu-a100"]
    results = [result_from_node(node, {"returncode": 0, "stdout": json.dumps(
        probe_report_data(node.name, 1.0))}) for node in (nodes[0], nodes[2])]
    results.append(result_from_node(nodes[1], {"returncode": None, "stderr_tail": "died"}))
    for result in results[:2]:
        write_node_report(folder, result)
    fleet_file = write_fleet_document(folder, results)
    moved = tmp_path / "moved"
    folder.rename(moved)  # the reports are found beside fleet.json, wherever it is now
    machines = load_machines([moved / fleet_file.name, moved / "cpu-pool.json"],
                             ["GPU_A100=3.2", "cpu-pool=0.4"])
    assert [(m.label, m.cost_per_hour) for m in machines] == [("cpu-pool", 0.4),
                                                              ("gpu-a100", 3.2)]
