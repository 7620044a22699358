"""`advisor probe --ray ADDRESS`: probe every alive node of a Ray cluster, a report per node.

The nodes run the same `advisor probe` as a local run, with the options given here (all but the
fleet's own: --ray, --output, --busy-timeout), so an option added to `advisor probe` applies on
every node without a change here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from advisor.cli.environment import Environment, current
from advisor.errors import InputError
from advisor.exit_status import ExitStatus
from advisor.probing.specs import DEFAULT_PROBES, select_probes

if TYPE_CHECKING:
    from advisor.fleet.cluster import FleetEvent
    from advisor.fleet.results import NodeResult
    from advisor.probing import Budget

DEFAULT_FLEET_FOLDER = Path("reports") / "fleet"
DEFAULT_BUSY_TIMEOUT_S = 600.0
#: Options of `advisor probe` that are about the fleet itself and stay on this machine.
_FLEET_OPTIONS = frozenset({"ray_address", "output", "busy_timeout"})


def probe_fleet_command(ctx: typer.Context, address: str, output: str | None, *,
                        budget: Budget, only: list[str] | None,
                        busy_timeout_s: float | None) -> int:
    """Probe the fleet, write `DIR/<node>.json` and `DIR/fleet.json`; exit 1 if a node failed."""
    env = current()
    if output == "-":
        raise InputError("a fleet writes a folder of reports, not one document on stdout",
                         field="--output", allowed="--output DIR with --ray")
    folder = Path(output) if output is not None else DEFAULT_FLEET_FOLDER
    select_probes(only, DEFAULT_PROBES)  # an unknown name: exit 2 now, not a failure per node
    if folder.exists() and not folder.is_dir():
        raise InputError("is a file; with --ray, --output is the folder of the reports",
                         file=folder, field="--output")
    try:
        from advisor.fleet import cluster
    except ImportError as exc:
        raise InputError(f"Ray is not installed ({exc})", field="--ray",
                         allowed="pip install 'advisor[fleet]'") from None
    from advisor.fleet.results import write_fleet_document, write_node_report

    limits = cluster.FleetLimits(
        busy_timeout_s=DEFAULT_BUSY_TIMEOUT_S if busy_timeout_s is None else busy_timeout_s,
        run_timeout_s=_run_timeout_s(budget),
    )

    def save(result: NodeResult) -> None:
        if result.ok:
            _write(folder, lambda: write_node_report(folder, result))

    # Ray's driver prints the cluster's error messages (a raylet that died, with its log and
    # state dump) on stdout, which carries only the paths written. The fleet's failure rows say
    # what happened to each node; Ray's own words go to stderr with --verbose only.
    with contextlib.ExitStack() as stack:
        sink = env.stderr if ctx.params.get("verbose") else stack.enter_context(
            open(os.devnull, "w", encoding="utf-8"))
        stack.enter_context(contextlib.redirect_stdout(sink))
        cluster.connect(address)
        try:
            nodes = cluster.alive_nodes()
            if not nodes:
                raise InputError(f"the Ray cluster at {address!r} has no alive node",
                                 field="--ray")
            _make_folder(folder)  # only now: a cluster that cannot be reached leaves nothing
            env.say(f"probing {len(nodes)} node(s): {', '.join(n.name for n in nodes)}")
            results = cluster.probe_fleet(nodes, node_arguments(ctx), limits=limits,
                                          progress=lambda event: _show(env, event),
                                          on_result=save)
        finally:
            cluster.disconnect()
    fleet_file = _write(folder, lambda: write_fleet_document(folder, results))
    return _summarise(env, results, folder, fleet_file)


def node_arguments(ctx: typer.Context) -> list[str]:
    """The options of this `advisor probe` that each node's `advisor probe` gets too."""
    arguments: list[str] = []
    for param in ctx.command.params:
        if param.name in _FLEET_OPTIONS or not param.opts or not param.opts[0].startswith("-"):
            continue
        value = ctx.params.get(param.name or "")
        if value is None or value == param.default:
            continue
        option = param.opts[0]
        if getattr(param, "is_flag", False):
            arguments += [option] if value else []
        elif param.multiple:
            for item in value:
                arguments += [option, str(item)]
        else:
            arguments += [option, str(value)]
    return arguments


def _run_timeout_s(budget: Budget) -> float:
    # A backstop for a hung node only: each probe on the node has its own timeout, and they
    # add up to this at most (twice over, for a node slower than the timeouts assume).
    return 2 * sum(spec.timeout_for(budget) for spec in DEFAULT_PROBES) + 300


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder: {exc.strerror or exc}", file=folder,
                         field="--output") from None


def _write(folder: Path, write: Callable[[], Path]) -> Path:
    try:
        return write()
    except OSError as exc:
        raise InputError(f"cannot write the fleet's reports: {exc.strerror or exc}",
                         file=exc.filename or folder, field="--output") from None


def _show(env: Environment, event: FleetEvent) -> None:
    """A line of progress per node event on stderr."""
    text = {"ok": "ok, report received", "failed": f"FAILED: {event.text}"}.get(event.kind,
                                                                              event.text)
    env.say(f"node {event.node.name}: {text}")
    env.stderr.flush()


def _summarise(env: Environment, results: Sequence[NodeResult], folder: Path,
               fleet_file: Path) -> int:
    from advisor.fleet.results import node_report_path
    from advisor.probing import failed_probes

    for result in results:
        if result.ok:
            env.print(str(node_report_path(folder, result.node)))
    env.print(str(fleet_file))
    failed_nodes = [result.node.name for result in results if not result.ok]
    with_failed_probes = [result.node.name for result in results
                          if result.report is not None and failed_probes(result.report)]
    if failed_nodes:
        env.say(f"{len(failed_nodes)} of {len(results)} node(s) failed: "
                f"{', '.join(failed_nodes)}; {fleet_file.name} says why")
    if with_failed_probes:
        env.say(f"probes failed on {', '.join(with_failed_probes)}; their reports say why")
    return ExitStatus.PARTIAL if failed_nodes or with_failed_probes else ExitStatus.OK
