"""Probing every alive node of a running Ray cluster: one pinned probe task per node.

Each task is pinned to its node (hard node affinity: it never runs elsewhere, and fails when the
node is gone), claims the node's whole CPU, GPU and TPU resources (so it waits until other Ray
work on the node is done, and nothing else is scheduled there while it benchmarks), is never
retried (a retried probe would measure a different moment, or fail on a dead node), and streams
its progress back (a Ray generator task). The only module of advisor that imports Ray.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import ray
import ray.exceptions
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

from advisor.errors import InputError
from advisor.fleet import node_task
from advisor.fleet.nodes import FleetNode, fleet_nodes
from advisor.fleet.results import NodeResult, failed, result_from_node

EventKind = Literal["queued", "started", "line", "ok", "failed"]
#: How often the driver looks at the clock while it waits for the nodes.
_POLL_S = 1.0
_REACH_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class FleetEvent:
    """Progress of one node: queued, started, a line of its probe's progress, ok or failed."""

    node: FleetNode
    kind: EventKind
    text: str = ""


FleetProgress = Callable[[FleetEvent], None]


@dataclass(frozen=True)
class FleetLimits:
    """How long a node may keep the fleet waiting."""

    # From submission to start: a node whose CPUs other Ray work holds this long is reported busy.
    busy_timeout_s: float
    # From start to report: a backstop only, since the node's own probes have their timeouts.
    run_timeout_s: float


_ADDRESSES = ("auto (RAY_ADDRESS), or the cluster's address HOST:PORT (its GCS, port 6379 by"
              " default)")


def connect(address: str) -> None:
    """Join the Ray cluster at `address` (`auto`: the one RAY_ADDRESS names) as a driver."""
    address = resolve_address(address)
    _check_reachable(address)
    try:
        ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR,
                 configure_logging=True)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise InputError(f"cannot connect to the Ray cluster at {address!r}: "
                         f"{_first_line(exc)}", field="--ray", allowed=_ADDRESSES) from None


def resolve_address(address: str) -> str:
    """`auto`: RAY_ADDRESS, else the cluster last started on this machine (`ray start`)."""
    if address != "auto":
        return address
    found = os.environ.get("RAY_ADDRESS", "").strip()
    if not found:
        try:  # where `ray start --head` notes its address; Ray reads it the same way
            found = ray._private.utils.read_ray_address() or ""
        except (AttributeError, OSError):
            found = ""
    if not found:
        raise InputError("RAY_ADDRESS is not set and no Ray cluster was started on this machine",
                         field="--ray", allowed=_ADDRESSES)
    return found


def _check_reachable(address: str) -> None:
    # ray.init retries an unreachable cluster for minutes, deaf to Ctrl-C: look first.
    if "://" in address:
        return  # a Ray Client or dashboard URL: Ray says itself what is wrong with it
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise InputError(f"{address!r} is not a cluster address", field="--ray",
                         allowed=_ADDRESSES)
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=_REACH_TIMEOUT_S).close()
    except OSError as exc:
        raise InputError(f"cannot reach the Ray cluster at {address!r}: "
                         f"{exc.strerror or exc}", field="--ray", allowed=_ADDRESSES) from None


def probe_task() -> Any:
    """The Ray remote function that probes a node (see `advisor.fleet.node_task`)."""
    # Sent by value, not as a reference to advisor's module: a node without advisor can then
    # still run it and say what is missing.
    ray.cloudpickle.register_pickle_by_value(node_task)
    return ray.remote(node_task.probe_on_node)


def disconnect() -> None:
    """Leave the cluster (the cluster itself keeps running)."""
    ray.shutdown()


def alive_nodes() -> list[FleetNode]:
    """The cluster's alive nodes, named."""
    return fleet_nodes(ray.nodes())


@dataclass
class _Running:
    node: FleetNode
    generator: Any
    submitted: float
    started: float | None = None
    facts: dict[str, Any] = field(default_factory=dict)


def probe_fleet(nodes: Sequence[FleetNode], arguments: Sequence[str], *, limits: FleetLimits,
                progress: FleetProgress | None = None,
                on_result: Callable[[NodeResult], None] | None = None) -> list[NodeResult]:
    """Run `advisor probe ARGUMENTS` on every node at once; a result per node, in `nodes` order.

    A node that dies, times out, stays busy or lacks advisor gives a failed result; the others
    are unaffected. `on_result` sees each result as soon as it is known.
    """
    emit = progress or (lambda event: None)
    task = probe_task()
    running: dict[Any, _Running] = {}
    results: dict[str, NodeResult] = {}

    def finish(entry: _Running, result: NodeResult) -> None:
        running.pop(entry.generator, None)
        results[entry.node.node_id] = result
        if result.ok:
            emit(FleetEvent(entry.node, "ok"))
        else:
            emit(FleetEvent(entry.node, "failed", result.reason or ""))
        if on_result is not None:
            on_result(result)

    try:
        for node in nodes:
            generator = task.options(**_placement(node)).remote(list(arguments))
            running[generator] = _Running(node, generator, time.monotonic())
            emit(FleetEvent(node, "queued", _claim_text(node)))
        while running:
            ready, _ = ray.wait(list(running), num_returns=1, timeout=_POLL_S)
            for generator in ready:
                _advance(running[generator], emit, finish)
            _enforce_limits(list(running.values()), limits, finish)
    except BaseException:
        for entry in running.values():  # Ctrl-C: leave no probe running on the cluster
            with contextlib.suppress(Exception):
                ray.cancel(entry.generator, force=True)
        raise
    return [results[node.node_id] for node in nodes]


def _placement(node: FleetNode) -> dict[str, Any]:
    claimed = dict(node.resources)
    return {
        "scheduling_strategy": NodeAffinitySchedulingStrategy(node.node_id, soft=False),
        "num_cpus": claimed.pop("CPU", 0),
        "num_gpus": claimed.pop("GPU", 0),
        "resources": claimed,
        "max_retries": 0,
        "name": f"advisor-probe:{node.name}",
    }


def _claim_text(node: FleetNode) -> str:
    held = ", ".join(f"{amount:g} {key}" for key, amount in node.resources.items())
    return f"queued ({node.short_id}); waits until no other Ray task holds its {held}" if held \
        else f"queued ({node.short_id})"


def _advance(entry: _Running, emit: FleetProgress,
             finish: Callable[[_Running, NodeResult], None]) -> None:
    """Read the next event of a node's task."""
    try:
        event = ray.get(next(entry.generator))
    except StopIteration:
        finish(entry, failed(entry.node, "the node's probe task ended without a result"))
        return
    except ray.exceptions.RayError as exc:
        finish(entry, failed(entry.node, _ray_failure(exc)))
        return
    kind = event.get("event")
    if kind == "started":
        entry.started = time.monotonic()
        entry.facts.update(event)
        emit(FleetEvent(entry.node, "started", f"started with {event.get('python')}"))
    elif kind == "line":
        text = str(event.get("text", "")).removeprefix("advisor: ")
        if text.strip():
            emit(FleetEvent(entry.node, "line", text))
    elif kind == "done":
        finish(entry, result_from_node(entry.node, {**entry.facts, **event}))


def _enforce_limits(entries: Sequence[_Running], limits: FleetLimits,
                    finish: Callable[[_Running, NodeResult], None]) -> None:
    now = time.monotonic()
    for entry in entries:
        if entry.started is None and now - entry.submitted > limits.busy_timeout_s:
            reason = (f"busy: other Ray work held the node's resources for more than "
                      f"{limits.busy_timeout_s:g} s (--busy-timeout), so it was not probed")
        elif entry.started is not None and now - entry.started > limits.run_timeout_s:
            reason = f"timed out: no report after {limits.run_timeout_s:g} s"
        else:
            continue
        ray.cancel(entry.generator, force=True)
        finish(entry, failed(entry.node, reason))


def _ray_failure(exc: ray.exceptions.RayError) -> str:
    """Why a node's task failed, in words."""
    if isinstance(exc, ray.exceptions.NodeDiedError):
        return f"the node died during the probe ({_first_line(exc)})"
    if isinstance(exc, ray.exceptions.WorkerCrashedError):
        return ("the Ray worker running the probe died (the node was lost, or the worker was "
                f"killed, e.g. out of memory): {_first_line(exc)}")
    if isinstance(exc, ray.exceptions.TaskUnschedulableError):
        return f"the node left the cluster before its probe could start ({_first_line(exc)})"
    return f"{type(exc).__name__}: {_first_line(exc)}"


def _first_line(exc: BaseException) -> str:
    return next((line.strip() for line in str(exc).splitlines() if line.strip()),
                type(exc).__name__)
