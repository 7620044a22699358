"""Google TPUs: PCI devices of vendor 0x1ae0, /dev/accel* and /dev/vfio nodes, TPU_* variables.

PCI device ids (from the TPU kernel driver constants): 0x0027 v2/v3, 0x005e v4, 0x0056 v4 lite,
0x0063 v5e, 0x0062 v5p, 0x006f v6e. Standard library only.
"""

from __future__ import annotations

from typing import Any

from sysview import SystemView

GOOGLE_PCI_VENDOR = "0x1ae0"
TPU_GENERATIONS = {
    "0x0027": "v2/v3", "0x005e": "v4", "0x0056": "v4 lite", "0x0063": "v5e", "0x0062": "v5p",
    "0x006f": "v6e",
}
#: TPU_* variables that name a resource or a host: left out unless identifiers are included.
IDENTIFYING_VARIABLES = {"TPU_NAME", "TPU_WORKER_HOSTNAMES", "TPU_PROCESS_ADDRESSES",
                         "TPU_WORKER_ID", "COLAB_TPU_ADDR"}


def tpu_environment(view: SystemView, include_identifiers: bool) -> dict[str, str]:
    """TPU_* (and Colab's COLAB_TPU_ADDR) variables; identifying values shown as "<set>"."""
    found = {}
    for name in sorted(view.env):
        if name.startswith("TPU_") or name == "COLAB_TPU_ADDR":
            value = view.env[name]
            hidden = name in IDENTIFYING_VARIABLES and not include_identifiers
            found[name] = "<set>" if hidden else value
    return found


def detect_tpus(view: SystemView, include_identifiers: bool) -> list[dict[str, Any]]:
    """One entry per TPU chip on the PCI bus; else one entry if the environment names a TPU."""
    chips: list[dict[str, Any]] = []
    nodes = [view.display(path) for path in view.glob("/dev/accel*")]
    nodes += [view.display(path) for path in view.glob("/dev/vfio/[0-9]*")]
    for device in view.glob("/sys/bus/pci/devices/*"):
        if view.read_value(view.display(device / "vendor")) != GOOGLE_PCI_VENDOR:
            continue
        device_id = view.read_value(view.display(device / "device")) or ""
        chips.append({
            "vendor": "google",
            "generation": TPU_GENERATIONS.get(device_id, "unknown"),
            "pci_device_id": device_id,
            "pci_address": device.name,
            "source": "pci",
        })
    for chip, node in zip(chips, nodes, strict=False):
        chip["device_node"] = node
    env = tpu_environment(view, include_identifiers)
    accelerator = env.get("TPU_ACCELERATOR_TYPE")
    if accelerator:
        for chip in chips:
            chip["accelerator_type"] = accelerator
    named = accelerator or "TPU_NAME" in env or "COLAB_TPU_ADDR" in env
    if not chips and ((nodes and env) or named):
        chips.append({
            "vendor": "google",
            "generation": _generation_from_type(accelerator),
            "accelerator_type": accelerator,
            "device_nodes": nodes,
            "source": "environment",
        })
    return chips


def _generation_from_type(accelerator: str | None) -> str | None:
    """ "v4-8" -> "v4", "v5litepod-16" -> "v5e", "v6e-8" -> "v6e"."""
    if not accelerator:
        return None
    head = accelerator.split("-")[0].lower()
    return "v5e" if head.startswith("v5lite") else head
