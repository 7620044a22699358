"""The nodes of a fleet and their names: safe file names, unique within the fleet.

A node is named after its Ray node label `advisor-name` where it has one (`ray start --labels
advisor-name=gpu-a100`), otherwise after its host name. Nodes that would share a name (two
replicas of one node group, or several Ray nodes on one host) each get the start of their node
id appended, so a name does not depend on the order Ray lists the nodes in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from advisor.slug import slugify

#: The Ray node label that names a node in the fleet's reports.
NAME_LABEL = "advisor-name"
#: Names a node cannot take: the fleet's own summary file is `fleet.json`.
RESERVED_NAMES = frozenset({"fleet"})
_ID_DIGITS = 8


@dataclass(frozen=True)
class FleetNode:
    """One alive node of the cluster, and what a probe task must hold to have it to itself."""

    node_id: str
    name: str
    hostname: str
    # The node's whole CPU, GPU and TPU resources: the probe task holds them all, so that it waits
    # for other Ray work on the node to end and no other task starts there during the benchmarks.
    resources: Mapping[str, float]

    @property
    def short_id(self) -> str:
        """The start of the node id, as shown beside the name."""
        return self.node_id[:_ID_DIGITS]


#: Resources the probe task claims entirely (accelerators the benchmarks may use, and the CPUs).
CLAIMED_RESOURCES = ("CPU", "GPU", "TPU")


def fleet_nodes(ray_nodes: Iterable[Mapping[str, Any]]) -> list[FleetNode]:
    """The alive nodes of `ray.nodes()`, named, sorted by name."""
    alive = [node for node in ray_nodes if node.get("Alive") or node.get("alive")]
    bases = [_base_name(node) for node in alive]
    counts = Counter(bases)
    nodes: list[FleetNode] = []
    for node, base in zip(alive, bases, strict=True):
        node_id = str(node.get("NodeID") or "")
        name = base if counts[base] == 1 else f"{base}-{node_id[:_ID_DIGITS]}"
        if name in RESERVED_NAMES:
            name = f"{name}-node"
        resources = node.get("Resources") or {}
        claimed = {key: float(resources[key]) for key in CLAIMED_RESOURCES
                   if float(resources.get(key) or 0) > 0}
        nodes.append(FleetNode(node_id, name, str(node.get("NodeManagerHostname") or ""),
                               claimed))
    taken = Counter(node.name for node in nodes)
    # Two ids that share their first digits (practically never): fall back to the whole id.
    nodes = [node if taken[node.name] == 1 else
             FleetNode(node.node_id, f"{node.name}-{node.node_id}", node.hostname, node.resources)
             for node in nodes]
    return sorted(nodes, key=lambda node: node.name)


def _base_name(node: Mapping[str, Any]) -> str:
    labels = node.get("Labels") or {}
    for candidate in (labels.get(NAME_LABEL), node.get("NodeManagerHostname"),
                      node.get("NodeManagerAddress")):
        name = slugify(str(candidate or ""))
        if name:
            return name
    return "node"
