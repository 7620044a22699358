"""The device a benchmark ran on, in words: every verdict, the summary and the score evidence
say where it was measured, so "PyTorch 1.8x faster" is never read as a GPU result when the
CPU was measured (or the other way round)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.options import FRAMEWORKS

_KINDS = {"cpu": "the CPU", "cuda": "the GPU", "gpu": "the GPU", "mps": "the Apple GPU (MPS)",
          "xpu": "the Intel GPU (XPU)", "tpu": "the TPU", "xla": "the TPU"}


def device_name(device: str, ledgers: Mapping[str, Any] | None) -> str | None:
    """The model of `device` as a framework's fairness ledger names it (PyTorch's first)."""
    for framework in FRAMEWORKS:
        ledger = (ledgers or {}).get(framework)
        if isinstance(ledger, Mapping) and ledger.get("device") == device:
            name = ledger.get("device_name")
            if isinstance(name, str) and name:
                return name
    return None


def device_phrase(device: str | None, ledgers: Mapping[str, Any] | None = None) -> str:
    """ "the CPU", "the GPU NVIDIA A100-SXM4-40GB", "the GPU": where a comparison was measured."""
    if not device:
        return "an unrecorded device"
    kind = _KINDS.get(device.lower(), f"the {device} device")
    name = None if device.lower() == "cpu" else device_name(device, ledgers)
    return f"{kind} {name}" if name else kind


def devices_phrase(devices: list[str], ledgers: Mapping[str, Any] | None = None) -> str:
    """Several devices joined: "the GPU NVIDIA A100-SXM4-40GB and the CPU"."""
    return " and ".join(device_phrase(device, ledgers) for device in devices)
