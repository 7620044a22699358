"""Hardware probe: OS, Python, CPU, memory, GPUs and TPUs of this machine, as one JSON document.

Usage: python probes/hardware.py [--include-identifiers] [--root DIR] [--env-file FILE]
                                 [--replay-commands DIR]

Standard library, plus psutil, py-cpuinfo and nvidia-ml-py (pynvml) when importable. With
--root (a recorded /proc, /sys, /dev tree) only that tree is read and no library is asked.
"""

from __future__ import annotations

import sys
from typing import Any

from cpu_features import describe_cpu
from gpu_devices import detect_gpus
from host_platform import describe_identifiers, describe_memory, describe_os, describe_python
from probe_output import common_arguments, emit
from sysview import SystemView, view_from_options
from tpu_devices import detect_tpus, tpu_environment


def load_nvml(view: SystemView) -> Any:
    """The pynvml module on a live system, if installed (initialised later, may still fail)."""
    if not view.is_live:
        return None
    try:
        import pynvml

        return pynvml
    except ImportError:
        return None


def probe_hardware(view: SystemView, nvml: Any, include_identifiers: bool) -> dict[str, Any]:
    """The hardware document (docs/contract.md section 5, `hardware`)."""
    memory = describe_memory(view)
    gpus, gpu_facts, notes = detect_gpus(view, nvml, include_identifiers)
    document: dict[str, Any] = {
        "cpu": describe_cpu(view),
        "memory_bytes": memory["total"],
        "memory_available_bytes": memory["available"],
        "gpus": gpus,
        "gpu_drivers": gpu_facts,
        "tpus": detect_tpus(view, include_identifiers),
        "tpu_environment": tpu_environment(view, include_identifiers),
        "apple_mps": any(gpu.get("mps") for gpu in gpus),
        "os": describe_os(view, include_identifiers),
        "python": describe_python(include_identifiers),
        "notes": notes,
    }
    if include_identifiers:
        document["identifiers"] = describe_identifiers(view)
    return document


def main(argv: list[str] | None = None) -> int:
    """Print the hardware document."""
    options = common_arguments(__doc__ or "").parse_args(argv)
    view = view_from_options(options.root, options.env_file, options.replay_commands)
    emit(probe_hardware(view, load_nvml(view), options.include_identifiers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
