"""The CPU: model, cores, ISA features, frequency and an estimated fp32 peak.

Peak fp32 GFLOP/s (an estimate, reported with its basis):

    peak = physical cores x frequency (GHz) x fp32 FLOPs per cycle per core

with FLOPs per cycle from the micro-architecture (table and sources in microarchitectures.py).
Only micro-architectures in that table get an estimate; otherwise the peak is null. The
frequency used is the highest the machine reports (sysfs maximum or base, /proc/cpuinfo's
current; in a VM usually the nominal one): it is an estimate either way, since all-core AVX-512
clocks can be lower and turbo clocks higher; the report flags a measured share above 100%.
Standard library only (psutil and py-cpuinfo are consulted when present, on a live system).
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from microarchitectures import ARM_PARTS, microarchitecture
from sysview import SystemView

#: Flags worth a reviewer's attention (x86 /proc/cpuinfo names), in display order.
X86_FEATURES = (
    "sse4_2", "avx", "f16c", "fma", "avx2", "avx_vnni", "avx512f", "avx512dq", "avx512cd",
    "avx512bw", "avx512vl", "avx512ifma", "avx512vbmi", "avx512_vbmi2", "avx512_vnni",
    "avx512_bitalg", "avx512_vpopcntdq", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16",
    "amx_int8", "amx_fp16",
)
#: Arm /proc/cpuinfo "Features" names and how we call them.
ARM_FEATURES = {
    "asimd": "neon", "asimdhp": "neon_fp16", "asimddp": "dotprod", "i8mm": "i8mm",
    "bf16": "bf16", "sve": "sve", "sve2": "sve2", "sme": "sme", "sme2": "sme2",
}


def parse_cpuinfo(text: str) -> list[dict[str, str]]:
    """/proc/cpuinfo as one mapping per block (processor), keys lower-cased."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
            current = {}
            continue
        key, _, value = line.partition(":")
        current[key.strip().lower()] = value.strip()
    if current:
        blocks.append(current)
    return blocks


def _int(value: str | None, base: int = 10) -> int | None:
    try:
        return int(value, base) if value is not None else None
    except ValueError:
        return None


def features_from_flags(flags: set[str]) -> list[str]:
    """The ML-relevant ISA features among x86 flags or Arm feature names."""
    found = [flag for flag in X86_FEATURES if flag in flags]
    found += [name for flag, name in ARM_FEATURES.items() if flag in flags]
    return found


def _frequency_mhz(view: SystemView, first: dict[str, str]) -> tuple[float | None, str | None]:
    """The highest clock the machine reports, and where it came from.

    The highest, not the base: a matmul ran at 121% of a peak computed from the nominal clock
    (turbo clocks are higher), so the lower figure would understate what the cores can do.
    """
    found: list[tuple[float, str]] = []
    for name, basis in (("cpuinfo_max_freq", "max (sysfs)"), ("base_frequency", "base (sysfs)")):
        khz = _int(view.read_value(f"/sys/devices/system/cpu/cpu0/cpufreq/{name}"))
        if khz:
            found.append((khz / 1000.0, basis))
    mhz = first.get("cpu mhz")
    if mhz:
        with contextlib.suppress(ValueError):
            found.append((float(mhz), "current (/proc/cpuinfo)"))
    if view.is_live and not found:
        try:
            import psutil

            freq = psutil.cpu_freq()
            if freq is not None and (freq.max or freq.current):
                found.append((float(freq.max or freq.current), "psutil"))
        except Exception:
            pass
    if not found:
        return None, None
    return max(found, key=lambda item: item[0])


def _core_counts(view: SystemView, blocks: list[dict[str, str]]) -> tuple[int | None, int | None]:
    processors = [block for block in blocks if "processor" in block]
    logical = len(processors) or None
    pairs = {(b.get("physical id", "0"), b["core id"]) for b in processors if "core id" in b}
    physical = len(pairs) or None
    if physical is None and processors and "cpu cores" not in processors[0]:
        # Arm kernels list no core ids: each listed processor is a core.
        physical = logical
    if view.is_live:
        try:
            import psutil

            physical = physical or psutil.cpu_count(logical=False)
            logical = logical or psutil.cpu_count(logical=True)
        except Exception:
            logical = logical or os.cpu_count()
    return physical, logical


def usable_cores(view: SystemView) -> dict[str, Any]:
    """CPUs this process may use: scheduler affinity and a cgroup v2 CPU quota, if any."""
    result: dict[str, Any] = {}
    if view.is_live and hasattr(os, "sched_getaffinity"):
        result["affinity"] = len(os.sched_getaffinity(0))
    quota = view.read_value("/sys/fs/cgroup/cpu.max")
    if quota:
        limit, _, period = quota.partition(" ")
        if limit != "max" and _int(limit) and _int(period):
            result["cgroup_quota"] = round(int(limit) / int(period), 2)
    return result


def cache_sizes(view: SystemView) -> dict[str, int]:
    """Cache size per core (bytes) by level and type, e.g. {"L1d": 32768, "L3": 33554432}."""
    sizes: dict[str, int] = {}
    for index in view.glob("/sys/devices/system/cpu/cpu0/cache/index*"):
        level = view.read_value(view.display(index / "level"))
        kind = view.read_value(view.display(index / "type")) or ""
        size = view.read_value(view.display(index / "size")) or ""
        if not level or not size[:-1].isdigit():
            continue
        suffix = {"Data": "d", "Instruction": "i"}.get(kind, "")
        scale = {"K": 1024, "M": 1024**2}.get(size[-1], 1)
        sizes[f"L{level}{suffix}"] = int(size[:-1]) * scale
    return sizes


def peak_gflops(physical: int | None, mhz: float | None, uarch: tuple[str, int] | None,
                freq_basis: str | None) -> tuple[float | None, dict[str, Any]]:
    """The estimated fp32 peak and the numbers it rests on."""
    if uarch is None:
        return None, {"estimate": False, "reason": "micro-architecture not in the table"}
    if not physical or not mhz:
        return None, {"estimate": False, "reason": "core count or frequency unknown"}
    name, flops = uarch
    peak = physical * (mhz / 1000.0) * flops
    return round(peak, 1), {
        "estimate": True,
        "formula": "physical_cores x GHz x fp32_flops_per_cycle",
        "physical_cores": physical,
        "ghz": round(mhz / 1000.0, 3),
        "frequency_basis": freq_basis,
        "fp32_flops_per_cycle": flops,
        "microarchitecture": name,
    }


def arm_clusters(view: SystemView, blocks: list[dict[str, str]]) -> list[dict[str, Any]] | None:
    """The cores of a heterogeneous Arm CPU (big.LITTLE, Apple P and E cores) grouped by part,
    each group with its own maximum clock; None when all cores are alike."""
    groups: dict[tuple[int, int], list[int]] = {}
    for block in blocks:
        implementer = _int(block.get("cpu implementer"), 16)
        part = _int(block.get("cpu part"), 16)
        cpu = _int(block.get("processor"))
        if implementer is None or part is None or cpu is None:
            return None
        groups.setdefault((implementer, part), []).append(cpu)
    if len(groups) < 2:
        return None
    clusters = []
    for key, cpus in groups.items():
        known = ARM_PARTS.get(key)
        cpufreq = f"/sys/devices/system/cpu/cpu{cpus[0]}/cpufreq"
        khz = _int(view.read_value(f"{cpufreq}/cpuinfo_max_freq"))
        clusters.append({
            "microarchitecture": known[0] if known else f"Arm part 0x{key[1]:03x}",
            "cores": len(cpus),
            "ghz": round(khz / 1e6, 3) if khz else None,
            "fp32_flops_per_cycle": known[1] if known else None,
        })
    return clusters


def cluster_peak(clusters: list[dict[str, Any]]) -> tuple[float | None, dict[str, Any]]:
    """The estimated fp32 peak of a heterogeneous CPU: the sum over its core clusters."""
    if any(c["fp32_flops_per_cycle"] is None for c in clusters):
        return None, {"estimate": False, "reason": "micro-architecture not in the table"}
    if any(c["ghz"] is None for c in clusters):
        return None, {"estimate": False, "reason": "core count or frequency unknown"}
    peak = sum(c["cores"] * c["ghz"] * c["fp32_flops_per_cycle"] for c in clusters)
    return round(peak, 1), {
        "estimate": True,
        "formula": "sum over core clusters of cores x GHz x fp32_flops_per_cycle",
        "frequency_basis": "max (sysfs), per cluster",
        "clusters": clusters,
    }


def describe_cpu(view: SystemView) -> dict[str, Any]:
    """The CPU section of the hardware report."""
    blocks = parse_cpuinfo(view.read("/proc/cpuinfo") or "")
    first = blocks[0] if blocks else {}
    if not blocks and view.system == "Darwin":
        return describe_darwin_cpu(view)
    if not blocks and view.is_live:
        return _describe_cpu_with_library(view)
    flags = set((first.get("flags") or first.get("features") or "").split())
    features = features_from_flags(flags)
    physical, logical = _core_counts(view, blocks)
    mhz, basis = _frequency_mhz(view, first)
    uarch = microarchitecture(first, features)
    peak, peak_basis = peak_gflops(physical, mhz, uarch, basis)
    uarch_name = uarch[0] if uarch else None
    clusters = arm_clusters(view, blocks)
    if clusters is not None:
        peak, peak_basis = cluster_peak(clusters)
        uarch_name = " + ".join(f"{c['cores']} x {c['microarchitecture']}" for c in clusters)
    sockets = len({b["physical id"] for b in blocks if "physical id" in b}) or None
    numa_nodes = len(view.glob("/sys/devices/system/node/node[0-9]*")) or None
    model = first.get("model name") or first.get("hardware")
    if model is None and uarch_name is not None and "cpu implementer" in first:
        model = uarch_name if clusters else f"Arm {uarch_name}"
    return {
        "model": model,
        "vendor": first.get("vendor_id") or _arm_vendor(first),
        "family": _int(first.get("cpu family")),
        "model_number": _int(first.get("model")),
        "architecture": view.machine,
        "physical_cores": physical,
        "logical_cores": logical,
        "usable_cores": usable_cores(view),
        "sockets": sockets,
        "numa_nodes": numa_nodes,
        "caches": cache_sizes(view),
        "features": features,
        "frequency_mhz": round(mhz, 1) if mhz else None,
        "frequency_basis": basis,
        "microarchitecture": uarch_name,
        "hypervisor": "hypervisor" in flags,
        "peak_gflops_fp32": peak,
        "peak_gflops_fp32_basis": peak_basis,
    }


def _arm_vendor(first: dict[str, str]) -> str | None:
    implementer = _int(first.get("cpu implementer"), 16)
    return {0x41: "ARM", 0x61: "Apple", 0xC0: "Ampere"}.get(implementer or -1)


#: macOS `sysctl hw` flags -> our ISA feature names (Apple silicon and Intel Macs).
DARWIN_FEATURES = {
    "hw.optional.neon": "neon", "hw.optional.arm.FEAT_FP16": "neon_fp16",
    "hw.optional.arm.FEAT_DotProd": "dotprod", "hw.optional.arm.FEAT_I8MM": "i8mm",
    "hw.optional.arm.FEAT_BF16": "bf16", "hw.optional.arm.FEAT_SME": "sme",
    "hw.optional.arm.FEAT_SME2": "sme2", "hw.optional.fma": "fma", "hw.optional.avx2_0": "avx2",
    "hw.optional.avx512f": "avx512f", "hw.optional.avx512vnni": "avx512_vnni",
}


def describe_darwin_cpu(view: SystemView) -> dict[str, Any]:
    """The CPU of a Mac from one `sysctl hw machdep.cpu` call.

    Intel Macs get an estimated peak from the family/model table and hw.cpufrequency; Apple
    silicon exposes no clock (and its matmuls run on the AMX units, not NEON), so its peak is
    null, with the performance and efficiency core counts reported instead.
    """
    values: dict[str, str] = {}
    for line in (view.run(["sysctl", "hw", "machdep.cpu"]) or "").splitlines():
        key, sep, value = line.partition(":")
        if sep:
            values[key.strip()] = value.strip()
    features = [name for key, name in DARWIN_FEATURES.items() if values.get(key) == "1"]
    physical, logical = _int(values.get("hw.physicalcpu")), _int(values.get("hw.logicalcpu"))
    hz = _int(values.get("hw.cpufrequency"))
    mhz = hz / 1e6 if hz else None
    first = {"vendor_id": values.get("machdep.cpu.vendor", ""),
             "cpu family": values.get("machdep.cpu.family", ""),
             "model": values.get("machdep.cpu.model", ""),
             "model name": values.get("machdep.cpu.brand_string", "")}
    uarch = microarchitecture(first, features) if first["vendor_id"] else None
    peak, basis = peak_gflops(physical, mhz, uarch, "hw.cpufrequency (sysctl)")
    clusters = []
    for level in range(4):
        cores = _int(values.get(f"hw.perflevel{level}.physicalcpu"))
        if cores:
            clusters.append({"name": values.get(f"hw.perflevel{level}.name"), "cores": cores})
    if view.machine == "arm64" and peak is None:
        basis = {"estimate": False, "reason": "Apple silicon exposes no clock frequency"}
    return {
        "model": first["model name"] or None,
        "vendor": first["vendor_id"] or ("Apple" if view.machine == "arm64" else None),
        "architecture": view.machine,
        "physical_cores": physical,
        "logical_cores": logical,
        "core_clusters": clusters,
        "usable_cores": usable_cores(view),
        "features": features,
        "frequency_mhz": round(mhz, 1) if mhz else None,
        "frequency_basis": "hw.cpufrequency (sysctl)" if mhz else None,
        "microarchitecture": uarch[0] if uarch else None,
        "peak_gflops_fp32": peak,
        "peak_gflops_fp32_basis": basis,
    }


def _describe_cpu_with_library(view: SystemView) -> dict[str, Any]:
    """Without /proc/cpuinfo (Windows): py-cpuinfo if present, else the platform module."""
    import platform

    info: dict[str, Any] = {}
    try:
        import cpuinfo

        info = dict(cpuinfo.get_cpu_info())
    except Exception:
        pass
    flags = {str(flag).replace(".", "_") for flag in info.get("flags", [])}
    physical, logical = _core_counts(view, [])
    return {
        "model": info.get("brand_raw") or platform.processor() or None,
        "vendor": info.get("vendor_id_raw"),
        "architecture": view.machine,
        "physical_cores": physical,
        "logical_cores": logical or os.cpu_count(),
        "usable_cores": usable_cores(view),
        "features": features_from_flags(flags),
        "frequency_mhz": None,
        "frequency_basis": None,
        "microarchitecture": None,
        "peak_gflops_fp32": None,
        "peak_gflops_fp32_basis": {"estimate": False, "reason": "no /proc/cpuinfo"},
    }
