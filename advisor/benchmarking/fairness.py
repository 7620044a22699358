"""Conditions that differ between the two frameworks' benchmark runs (their ledgers).

A difference in threads, device, dtype, thread environment or a GPU switch (TF32, cuDNN
autotuning, CUDA graphs) makes a comparison less fair; each becomes a fairness warning on the
verdicts. A busy machine (contention.py) is one too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.benchmarking.contention import busy_warnings


def ledger_warnings(ledgers: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Conditions that differ between the frameworks' runs and make a comparison less fair."""
    torch_ledger, tf_ledger = ledgers.get("pytorch"), ledgers.get("tensorflow")
    if not torch_ledger or not tf_ledger:
        return []
    warnings = []
    checks: dict[str, tuple[str, str | None]] = {
        "intra-op threads": ("threads", "intra_op"),
        "inter-op threads": ("threads", "inter_op"),
        "device": ("device", None),
        "dtype": ("dtype", None),
        "OMP_NUM_THREADS": ("thread_environment", "OMP_NUM_THREADS"),
    }
    for label, (outer, inner) in checks.items():
        mine, theirs = (_lookup(led, outer, inner) for led in (torch_ledger, tf_ledger))
        if mine != theirs:
            warnings.append(f"{label} differ: PyTorch {mine}, TensorFlow {theirs}")
    for label, key in _GPU_SWITCHES.items():
        mine, theirs = (_switch_state(led.get(key)) for led in (torch_ledger, tf_ledger))
        if mine is not None and theirs is not None and mine != theirs:
            warnings.append(f"{label} differs: PyTorch {_on(mine)}, TensorFlow {_on(theirs)}")
    warnings.extend(busy_warnings(ledgers))
    return warnings


#: GPU settings both ledgers record as on/off (bench probes); a difference is a fairness warning.
_GPU_SWITCHES = {"TF32": "tf32", "cuDNN autotuning": "cudnn_autotune", "CUDA graphs": "cuda_graphs"}


def _switch_state(value: Any) -> bool | None:
    """On or off from a ledger entry: a bool, {"enabled": bool, ...} or per-library flags
    ({"matmul": False, "cudnn": False}: on when any is); None when not recorded."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Mapping):
        if isinstance(value.get("enabled"), bool):
            return bool(value["enabled"])
        flags = [v for v in value.values() if isinstance(v, bool)]
        return any(flags) if flags else None
    return None


def _on(state: bool) -> str:
    return "on" if state else "off"


def _lookup(ledger: Mapping[str, Any], outer: str, inner: str | None) -> Any:
    value = ledger.get(outer)
    if inner is None:
        return value
    return value.get(inner) if isinstance(value, Mapping) else None
