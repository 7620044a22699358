"""What each node gave back, and the fleet folder: `<node>.json` per node and `fleet.json`.

`fleet.json` (docs/contract.md section 6): `{nodes: [{node_id, name, report, status, reason}]}`,
where `report` is the path of the node's probe report (absolute, so it opens from anywhere) or
null when the node failed, and `reason` says why it failed (null when it did not).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from advisor.fleet.nodes import FleetNode
from advisor.models import ProbeReport

FLEET_FILE = "fleet.json"
FLEET_SCHEMA_VERSION = "1"
#: Exit codes of the node's `advisor probe` that come with a report (1: some probe failed).
_REPORT_EXITS = (0, 1)


@dataclass(frozen=True)
class NodeResult:
    """A node's probe report, or why there is none."""

    node: FleetNode
    report: ProbeReport | None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the node gave a probe report."""
        return self.report is not None


def failed(node: FleetNode, reason: str) -> NodeResult:
    """A node that gave no report."""
    return NodeResult(node, None, reason)


def result_from_node(node: FleetNode, done: Mapping[str, Any]) -> NodeResult:
    """The result of the node's finished `advisor probe --output -` (its `done` event)."""
    returncode = done.get("returncode")
    stdout = str(done.get("stdout") or "")
    tail = str(done.get("stderr_tail") or "")
    python = str(done.get("python") or "the node's Python")
    if returncode in _REPORT_EXITS and stdout.strip():
        try:
            return NodeResult(node, ProbeReport.model_validate_json(stdout))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first.get("loc", ()))) or "the document"
            return failed(node, f"the node's advisor wrote a probe report this advisor cannot "
                                f"read ({where}: {first.get('msg')})")
    if "No module named advisor" in tail:
        return failed(node, f"advisor is not installed for {python} on the node: install it in "
                            "the node's image or the job's runtime environment (see README, "
                            "Fleet)")
    last = next((line.strip() for line in reversed(tail.splitlines()) if line.strip()),
                "no message")
    if returncode is None:
        return failed(node, last)
    return failed(node, f"advisor probe on the node exited with status {returncode}: {last}")


def node_report_path(folder: Path, node: FleetNode) -> Path:
    """Where the node's probe report goes."""
    return folder / f"{node.name}.json"


def write_node_report(folder: Path, result: NodeResult) -> Path:
    """Write the node's probe report (atomically) and return its path."""
    from advisor.fileio import atomic_write_json

    assert result.report is not None
    return atomic_write_json(node_report_path(folder, result.node),
                             result.report.model_dump(mode="json"))


def fleet_document(folder: Path, results: Sequence[NodeResult]) -> dict[str, Any]:
    """The content of `fleet.json`."""
    return {
        "schema_version": FLEET_SCHEMA_VERSION,
        "nodes": [
            {
                "node_id": result.node.node_id,
                "name": result.node.name,
                "report": str(node_report_path(folder, result.node).absolute())
                if result.ok else None,
                "status": "ok" if result.ok else "failed",
                "reason": result.reason,
                "failed_probes": [failure.probe for failure in result.report.failures
                                  if failure.kind != "skipped"] if result.report else [],
            }
            for result in results
        ],
    }


def write_fleet_document(folder: Path, results: Sequence[NodeResult]) -> Path:
    """Write `fleet.json` (atomically) and return its path."""
    from advisor.fileio import atomic_write_json

    return atomic_write_json(folder / FLEET_FILE, fleet_document(folder, results))


def fleet_report_paths(fleet_file: Path) -> list[Path]:
    """The probe reports a `fleet.json` lists as ok: `<name>.json` beside it (moved or not)."""
    from advisor.assessment_io import MAX_BOUNDARY_FILE_BYTES
    from advisor.errors import AssessmentFileError
    from advisor.fileio import load_structured_file

    data = load_structured_file(fleet_file, error=AssessmentFileError,
                                max_bytes=MAX_BOUNDARY_FILE_BYTES)
    nodes = data.get("nodes")
    if not isinstance(nodes, list) or not all(isinstance(row, dict) for row in nodes):
        raise AssessmentFileError("not a fleet summary (advisor probe --ray)", file=fleet_file,
                                  field="nodes", allowed="a list of {node_id, name, status, ...}")
    names = [str(row.get("name") or "") for row in nodes if row.get("status") == "ok"]
    for name in names:
        if not name or Path(name).name != name:  # a name is a file name beside fleet.json
            raise AssessmentFileError(f"{name!r} is not a node's report name", file=fleet_file,
                                      field="nodes.name", allowed="a file name")
    return [fleet_file.parent / f"{name}.json" for name in names]
