"""Google TPUs: PCI devices of vendor 0x1ae0, /dev/accel* and /dev/vfio nodes, TPU_* variables.

Vendor 0x1ae0 alone does not make a TPU: on Google Compute Engine the gVNIC network card
(1ae0:0042), the NVMe disk (1ae0:001f) and PCI bridges (1ae0:a010) carry it too. A chip is a
device whose id is on the TPU list (JAX's jax/_src/hardware_utils.py, 2025: 0x0027 v2/v3,
0x0056 v4 lite / plc, 0x005e v4, 0x0062 v5p, 0x0063 v5e, 0x006f v6e, 0x0076 TPU7x) and whose
PCI class is not a network, storage, display or bridge class; a Google device of class 0x12
(processing accelerator) that is not on the list is counted as a TPU of unknown generation, so
a newer generation is not missed. Standard library only.
"""

from __future__ import annotations

from typing import Any

from sysview import SystemView

GOOGLE_PCI_VENDOR = "0x1ae0"
TPU_GENERATIONS = {
    "0x0027": "v2/v3", "0x005e": "v4", "0x0056": "v4 lite", "0x0063": "v5e", "0x0062": "v5p",
    "0x006f": "v6e", "0x0076": "TPU7x",
}
#: PCI base classes that are never an accelerator: storage, network, display, bridge.
NON_ACCELERATOR_CLASSES = ("0x01", "0x02", "0x03", "0x06")
#: PCI base class 0x12: processing accelerators (what TPU v4 and later report).
PROCESSING_ACCELERATOR_CLASS = "0x12"
#: TPU_* variables known to describe the slice, not to name a resource, host or worker: their
#: values are shown. Any other TPU_* value (TPU_NAME, TPU_WORKER_HOSTNAMES, TPU_WORKER_ID,
#: TPU_PROCESS_ADDRESSES, COLAB_TPU_ADDR, and names we do not know) is "<set>" unless
#: identifiers are included: an allow-list, so a new identifying variable is hidden too.
DESCRIPTIVE_VARIABLES = frozenset({
    "TPU_ACCELERATOR_TYPE", "TPU_CHIPS_PER_HOST_BOUNDS", "TPU_CHIPS_PER_PROCESS_BOUNDS",
    "TPU_HOST_BOUNDS", "TPU_PROCESS_BOUNDS", "TPU_TOPOLOGY", "TPU_TOPOLOGY_WRAP",
    "TPU_TOPOLOGY_ALT", "TPU_SKIP_MDS_QUERY", "TPU_ML_PLATFORM", "TPU_ML_PLATFORM_VERSION",
    "TPU_RUNTIME_METRICS_PORTS", "TPU_VISIBLE_CHIPS", "TPU_VISIBLE_DEVICES", "TPU_MEGACORE",
    "TPU_STDERR_LOG_LEVEL", "TPU_MIN_LOG_LEVEL", "TPU_LOG_DIR", "TPU_LIBRARY_PATH",
    "TPU_PREMAPPED_BUFFER_SIZE", "TPU_PROCESS_PORT",
})


def tpu_environment(view: SystemView, include_identifiers: bool) -> dict[str, str]:
    """TPU_* (and Colab's COLAB_TPU_ADDR) variables; identifying values shown as "<set>"."""
    found = {}
    home = view.env.get("HOME", "")
    for name in sorted(view.env):
        if name.startswith("TPU_") or name == "COLAB_TPU_ADDR":
            value = view.env[name]
            if not include_identifiers:
                value = value if name in DESCRIPTIVE_VARIABLES else "<set>"
                if home not in ("", "/") and (value == home or value.startswith(home + "/")):
                    value = "~" + value[len(home):]  # TPU_LOG_DIR=/home/alice/...
            found[name] = value
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
        if not is_tpu_chip(device_id, view.read_value(view.display(device / "class")) or ""):
            continue
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


def is_tpu_chip(device_id: str, pci_class: str) -> bool:
    """Whether a Google (0x1ae0) PCI device is a TPU chip, by its device id and class."""
    if pci_class.startswith(NON_ACCELERATOR_CLASSES):
        return False
    return device_id in TPU_GENERATIONS or pci_class.startswith(PROCESSING_ACCELERATOR_CLASS)


def _generation_from_type(accelerator: str | None) -> str | None:
    """ "v4-8" -> "v4", "v5litepod-16" -> "v5e", "v6e-8" -> "v6e"."""
    if not accelerator:
        return None
    head = accelerator.split("-")[0].lower()
    return "v5e" if head.startswith("v5lite") else head
