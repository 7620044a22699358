"""GPUs: NVIDIA through NVML (fallback nvidia-smi), AMD through KFD sysfs and amd-smi, Apple MPS,
and display controllers on the PCI bus that no driver answered for.

Each detector reads through a `SystemView` or takes the NVML module as an argument, so tests use
recorded sysfs trees, recorded command outputs and a fake NVML. Standard library only.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sysview import SystemView

NVIDIA_SMI_FIELDS = (
    "index", "name", "memory.total", "driver_version", "compute_cap",
    "pcie.link.gen.current", "pcie.link.width.current", "pcie.link.gen.max",
    "pcie.link.width.max", "uuid", "serial",
)
NVIDIA_SMI_COMMAND = (
    "nvidia-smi", f"--query-gpu={','.join(NVIDIA_SMI_FIELDS)}", "--format=csv,noheader,nounits",
)
PCI_VENDORS = {"0x10de": "nvidia", "0x1002": "amd", "0x8086": "intel"}
_MIB = 2**20


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def nvidia_from_nvml(nvml: Any, include_identifiers: bool) -> tuple[list[dict[str, Any]], str]:
    """NVIDIA GPUs through NVML (the pynvml module of nvidia-ml-py, or a fake in tests).

    Returns the GPUs and the CUDA version the driver supports; raises if NVML is unusable.
    """
    nvml.nvmlInit()
    try:
        driver = _text(nvml.nvmlSystemGetDriverVersion())
        cuda = nvml.nvmlSystemGetCudaDriverVersion()  # e.g. 12040 -> "12.4"
        cuda_text = f"{cuda // 1000}.{(cuda % 1000) // 10}"
        gpus = []
        for index in range(nvml.nvmlDeviceGetCount()):
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
            major, minor = nvml.nvmlDeviceGetCudaComputeCapability(handle)
            gpu: dict[str, Any] = {
                "vendor": "nvidia",
                "index": index,
                "name": _text(nvml.nvmlDeviceGetName(handle)),
                "memory_bytes": int(nvml.nvmlDeviceGetMemoryInfo(handle).total),
                "driver": driver,
                "cuda_driver_version": cuda_text,
                "compute_capability": f"{major}.{minor}",
                "pcie": _nvml_pcie(nvml, handle),
                "source": "nvml",
            }
            mig = _nvml_mig_instances(nvml, handle)
            if mig is not None:
                gpu["mig_instances"] = mig
            if include_identifiers:
                gpu["uuid"] = _text(nvml.nvmlDeviceGetUUID(handle))
                try:
                    gpu["serial"] = _text(nvml.nvmlDeviceGetSerial(handle))
                except Exception:  # consumer boards have no serial number
                    gpu["serial"] = None
            gpus.append(gpu)
        return gpus, cuda_text
    finally:
        nvml.nvmlShutdown()


def _nvml_mig_instances(nvml: Any, handle: Any) -> list[dict[str, Any]] | None:
    """The MIG slices of a GPU in MIG mode, each with its own memory; None when not in MIG mode.

    CUDA sees only the slices, not the parent GPU, so the parent's memory would overstate what a
    framework can allocate by up to 7x.
    """
    try:
        current, _pending = nvml.nvmlDeviceGetMigMode(handle)
    except Exception:  # pre-Ampere GPUs, old drivers: no MIG
        return None
    if int(current) != 1:  # NVML_DEVICE_MIG_ENABLE
        return None
    slices: list[dict[str, Any]] = []
    try:
        count = int(nvml.nvmlDeviceGetMaxMigDeviceCount(handle))
    except Exception:
        return slices
    for index in range(count):
        try:
            mig = nvml.nvmlDeviceGetMigDeviceHandleByIndex(handle, index)
        except Exception:  # an unused slot
            continue
        slices.append({
            "index": index,
            "name": _text(nvml.nvmlDeviceGetName(mig)),
            "memory_bytes": int(nvml.nvmlDeviceGetMemoryInfo(mig).total),
        })
    return slices


def _nvml_pcie(nvml: Any, handle: Any) -> dict[str, Any]:
    calls = {
        "gen": "nvmlDeviceGetCurrPcieLinkGeneration",
        "width": "nvmlDeviceGetCurrPcieLinkWidth",
        "max_gen": "nvmlDeviceGetMaxPcieLinkGeneration",
        "max_width": "nvmlDeviceGetMaxPcieLinkWidth",
    }
    link: dict[str, Any] = {}
    for key, call in calls.items():
        try:
            link[key] = int(getattr(nvml, call)(handle))
        except Exception:  # not supported on this GPU (e.g. SXM, vGPU)
            link[key] = None
    return link


def parse_nvidia_smi(text: str, include_identifiers: bool) -> list[dict[str, Any]]:
    """Rows of `nvidia-smi --query-gpu=<NVIDIA_SMI_FIELDS> --format=csv,noheader,nounits`."""
    gpus = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.split(",")]
        if len(cells) != len(NVIDIA_SMI_FIELDS):
            continue
        row = {key: (None if cell in ("[N/A]", "N/A", "") else cell)
               for key, cell in zip(NVIDIA_SMI_FIELDS, cells, strict=True)}
        gpu: dict[str, Any] = {
            "vendor": "nvidia",
            "index": _int(row["index"]),
            "name": row["name"],
            "memory_bytes": _int(row["memory.total"], scale=_MIB),
            "driver": row["driver_version"],
            "compute_capability": row["compute_cap"],
            "pcie": {
                "gen": _int(row["pcie.link.gen.current"]),
                "width": _int(row["pcie.link.width.current"]),
                "max_gen": _int(row["pcie.link.gen.max"]),
                "max_width": _int(row["pcie.link.width.max"]),
            },
            "source": "nvidia-smi",
        }
        if include_identifiers:
            gpu["uuid"] = row["uuid"]
            gpu["serial"] = row["serial"]
        gpus.append(gpu)
    return gpus


def nvidia_from_smi_fields(view: SystemView,
                           include_identifiers: bool) -> tuple[list[dict[str, Any]], list[str]]:
    """GPUs from nvidia-smi: one query of every field, else one query per field.

    An nvidia-smi that does not know one field (compute_cap arrived in driver 510; vGPU and
    some containers reject others) refuses the whole query; asking field by field keeps the
    GPUs and the fields it does know. Returns the GPUs and a note naming the refused fields.
    """
    whole = view.run(list(NVIDIA_SMI_COMMAND))
    if whole:
        return parse_nvidia_smi(whole, include_identifiers), []
    indexes = view.run(["nvidia-smi", "--query-gpu=index", "--format=csv,noheader,nounits"])
    if not indexes:
        return [], []
    rows = {cell.strip(): {"index": cell.strip()} for cell in indexes.splitlines() if cell.strip()}
    refused = []
    wanted = [f for f in NVIDIA_SMI_FIELDS[1:] if include_identifiers or f not in _IDENTIFYING]
    for field in wanted:
        text = view.run(["nvidia-smi", f"--query-gpu=index,{field}",
                         "--format=csv,noheader,nounits"])
        if not text:
            refused.append(field)
            continue
        for line in text.splitlines():
            index, _, value = line.partition(",")
            if index.strip() in rows:
                rows[index.strip()][field] = value.strip()
    lines = [", ".join(row.get(field, "[N/A]") for field in NVIDIA_SMI_FIELDS)
             for row in rows.values()]
    gpus = parse_nvidia_smi("\n".join(lines), include_identifiers)
    notes = [f"nvidia-smi refused the field(s) {', '.join(refused)}; the others were asked"
             " one by one"] if refused else []
    return gpus, notes


_IDENTIFYING = ("uuid", "serial")


def _int(value: str | None, scale: int = 1) -> int | None:
    try:
        return int(float(value)) * scale if value is not None else None
    except ValueError:
        return None


def amd_from_kfd(view: SystemView) -> list[dict[str, Any]]:
    """AMD GPUs from the KFD topology (/sys/class/kfd/kfd/topology/nodes/N)."""
    gpus: list[dict[str, Any]] = []
    for node in view.glob("/sys/class/kfd/kfd/topology/nodes/*"):
        properties = _key_values(view.read(view.display(node / "properties")) or "")
        if not properties.get("simd_count") or properties.get("vendor_id") != 0x1002:
            continue  # a CPU node, or not AMD
        target = properties.get("gfx_target_version", 0)
        memory = sum(
            _key_values(view.read(view.display(bank / "properties")) or "").get("size_in_bytes", 0)
            for bank in sorted((node / "mem_banks").glob("*"))
        )
        gpus.append({
            "vendor": "amd",
            "index": len(gpus),
            "name": view.read_value(view.display(node / "name")) or None,
            "gfx_target": f"gfx{target // 10000}{(target // 100) % 100:x}{target % 100:x}",
            "device_id": f"0x{properties.get('device_id', 0):04x}",
            "memory_bytes": memory or None,
            "compute_units": properties.get("simd_count", 0) // max(
                properties.get("simd_per_cu", 1), 1),
            "driver": view.read_value("/sys/module/amdgpu/version"),
            "source": "kfd",
        })
    return gpus


def _key_values(text: str) -> dict[str, int]:
    values = {}
    for line in text.splitlines():
        key, _, value = line.strip().partition(" ")
        if value.strip().lstrip("-").isdigit():
            values[key] = int(value)
    return values


def amd_from_amd_smi(text: str, include_identifiers: bool = False) -> list[dict[str, Any]]:
    """Market names and VRAM from `amd-smi static --asic --vram --json` (list or {"gpu_data"}).

    The ASIC serial number is read only when identifiers are included.
    """
    data = json.loads(text)
    entries = data.get("gpu_data", []) if isinstance(data, dict) else data
    gpus: list[dict[str, Any]] = []
    for entry in entries:
        asic, vram = entry.get("asic", {}), entry.get("vram", {})
        size = vram.get("size", {})
        mib = size.get("value") if isinstance(size, dict) else size
        gpu: dict[str, Any] = {
            "vendor": "amd",
            "index": entry.get("gpu", len(gpus)),
            "name": asic.get("market_name"),
            "gfx_target": asic.get("target_graphics_version"),
            "memory_bytes": _int(str(mib), scale=_MIB) if mib is not None else None,
            "source": "amd-smi",
        }
        if include_identifiers:
            gpu["serial"] = asic.get("asic_serial")
        gpus.append(gpu)
    return gpus


def apple_gpu(view: SystemView) -> list[dict[str, Any]]:
    """The GPU of an Apple silicon Mac (Metal / MPS); unified memory is shared with the CPU."""
    if view.system != "Darwin" or view.machine != "arm64":
        return []
    chip = (view.run(["sysctl", "-n", "machdep.cpu.brand_string"]) or "").strip() or None
    memory = _int((view.run(["sysctl", "-n", "hw.memsize"]) or "").strip() or None)
    return [{"vendor": "apple", "name": chip, "memory_bytes": memory, "unified_memory": True,
             "mps": True, "source": "sysctl"}]


def pci_display_controllers(view: SystemView) -> list[dict[str, Any]]:
    """Display / 3D controllers (PCI class 0x03xxxx) of known GPU vendors on the PCI bus."""
    found = []
    for device in view.glob("/sys/bus/pci/devices/*"):
        pci_class = view.read_value(view.display(device / "class")) or ""
        vendor = view.read_value(view.display(device / "vendor")) or ""
        if pci_class.startswith("0x03") and vendor in PCI_VENDORS:
            found.append({
                "vendor": PCI_VENDORS[vendor],
                "device_id": view.read_value(view.display(device / "device")),
                "pci_address": device.name,
                "driver": _driver_name(device),
            })
    return found


def _driver_name(device: Any) -> str | None:
    link = device / "driver"
    try:
        return str(link.resolve().name) if link.exists() else None
    except OSError:
        return None


def detect_gpus(
    view: SystemView, nvml: Any, include_identifiers: bool
) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    """All GPUs, driver facts (e.g. the CUDA version the NVIDIA driver supports) and notes."""
    gpus: list[dict[str, Any]] = []
    facts: dict[str, Any] = {}
    notes: list[str] = []
    nvidia: list[dict[str, Any]] = []
    if nvml is not None:
        try:
            nvidia, cuda = nvidia_from_nvml(nvml, include_identifiers)
            facts["nvidia_cuda_driver_version"] = cuda
        except Exception as exc:  # no driver, no library, or NVML error
            notes.append(f"NVML unavailable ({type(exc).__name__}: {exc})")
    if not nvidia:
        nvidia, smi_notes = nvidia_from_smi_fields(view, include_identifiers)
        notes += smi_notes
    gpus += nvidia
    smi_amd = view.run(["amd-smi", "static", "--asic", "--vram", "--json"])
    amd: list[dict[str, Any]] = []
    if smi_amd:
        try:
            amd = amd_from_amd_smi(smi_amd, include_identifiers)
        except (ValueError, AttributeError, TypeError) as exc:
            notes.append(f"amd-smi output not understood ({exc})")
    gpus += amd or amd_from_kfd(view)
    nvcc = view.run(["nvcc", "--version"])
    release = re.search(r"release ([0-9.]+), V([0-9.]+)", nvcc or "")
    if release:
        facts["cuda_toolkit_nvcc"] = release.group(2)
    rocm = view.read_value("/opt/rocm/.info/version")
    if rocm:
        facts["rocm_version"] = rocm
    gpus += apple_gpu(view)
    seen_vendors = {gpu["vendor"] for gpu in gpus}
    for controller in pci_display_controllers(view):
        if controller["vendor"] == "intel":
            # Intel's integrated GPUs sit on the root bus (00:02.0); discrete ones (Arc, Data
            # Center GPU Max) behind a PCIe port on another bus. An integrated GPU is no
            # training accelerator: scoring does not count it.
            integrated = controller["pci_address"].split(":")[1:2] == ["00"]
            gpus.append({"vendor": "intel", "name": None, "memory_bytes": None, "driver":
                         controller["driver"], "device_id": controller["device_id"],
                         "integrated": integrated, "accelerator": not integrated,
                         "source": "pci"})
        elif controller["vendor"] not in seen_vendors:
            notes.append(
                f"{controller['vendor'].upper()} GPU {controller['device_id']} at"
                f" {controller['pci_address']} is on the PCI bus but its driver tools did not"
                f" answer (kernel driver: {controller['driver'] or 'none'})"
            )
    return gpus, facts, notes
