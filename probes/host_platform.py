"""The host: operating system, kernel, container and VM hints, memory, Python.

Standard library only. Host and user names are read only when identifiers are included.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path
from typing import Any

from sysview import SystemView

#: DMI sys_vendor / product_name fragments that identify a cloud.
_CLOUDS = (("Google", "gcp"), ("Amazon EC2", "aws"), ("Microsoft Corporation", "azure"))
#: DMI product names of hypervisors.
_VIRTUAL_PRODUCTS = ("KVM", "QEMU", "VMware", "VirtualBox", "Virtual Machine", "HVM domU")


def describe_os(view: SystemView, include_identifiers: bool) -> dict[str, Any]:
    """OS name, distribution, kernel, architecture, libc, container and VM hints."""
    release = _os_release(view.read("/etc/os-release") or "")
    info: dict[str, Any] = {
        "system": view.system,
        "distribution": release.get("PRETTY_NAME"),
        "kernel": view.read_value("/proc/sys/kernel/osrelease")
        or (platform.release() if view.is_live else None),
        "architecture": view.machine,
        "libc": "-".join(filter(None, platform.libc_ver())) or None if view.is_live else None,
        "container": container_hint(view),
        "virtualization": virtualization_hint(view),
        "cgroup_memory_limit_bytes": _cgroup_memory_limit(view),
    }
    if view.system == "Darwin" and view.is_live:
        info["distribution"] = f"macOS {platform.mac_ver()[0]}"
    if include_identifiers:
        info["hostname"] = view.read_value("/proc/sys/kernel/hostname") or platform.node()
    return info


def _os_release(text: str) -> dict[str, str]:
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip().strip('"')
    return values


def container_hint(view: SystemView) -> dict[str, Any] | None:
    """Which container runtime this seems to run in, and the evidence."""
    evidence: list[str] = []
    kind = None
    if view.exists("/.dockerenv"):
        kind, evidence = "docker", [*evidence, "/.dockerenv exists"]
    if view.exists("/run/.containerenv"):
        kind, evidence = "podman", [*evidence, "/run/.containerenv exists"]
    cgroup = view.read("/proc/1/cgroup") or ""
    for marker, name in (("kubepods", "kubernetes"), ("docker", "docker"), ("lxc", "lxc"),
                         ("containerd", "containerd")):
        if marker in cgroup:
            kind = kind or name
            evidence.append(f"/proc/1/cgroup mentions {marker}")
            break
    if "KUBERNETES_SERVICE_HOST" in view.env:
        kind = "kubernetes"
        evidence.append("KUBERNETES_SERVICE_HOST is set")
    return {"kind": kind, "evidence": evidence} if kind else None


def virtualization_hint(view: SystemView) -> dict[str, Any] | None:
    """Whether this is a virtual machine, its hypervisor and cloud, from DMI and CPU flags."""
    vendor = view.read_value("/sys/class/dmi/id/sys_vendor")
    product = view.read_value("/sys/class/dmi/id/product_name")
    hypervisor = view.read_value("/sys/hypervisor/type")
    flagged = " hypervisor " in f" {view.read('/proc/cpuinfo') or ''} ".replace("\n", " ")
    both = f"{vendor or ''} {product or ''}"
    cloud = next((name for fragment, name in _CLOUDS if fragment in both), None)
    virtual = (flagged or hypervisor is not None or view.exists("/sys/hypervisor/type")
               or any(name in both for name in _VIRTUAL_PRODUCTS))
    if not (virtual or cloud):
        return None
    return {
        "virtual_machine": virtual,
        "hypervisor": hypervisor,
        "platform": both.strip() or None,
        "cloud": cloud,
    }


def _cgroup_memory_limit(view: SystemView) -> int | None:
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        value = view.read_value(path)
        if value and value.isdigit() and int(value) < 2**60:
            return int(value)
    return None


def describe_memory(view: SystemView) -> dict[str, int | None]:
    """Total and available memory in bytes (/proc/meminfo, else psutil on a live system)."""
    fields: dict[str, int] = {}
    for line in (view.read("/proc/meminfo") or "").splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            fields[key] = int(parts[0]) * (1024 if parts[1:] == ["kB"] else 1)
    total, available = fields.get("MemTotal"), fields.get("MemAvailable")
    if total is None and view.is_live:
        try:
            import psutil

            memory = psutil.virtual_memory()
            total, available = int(memory.total), int(memory.available)
        except Exception:
            pass
    return {"total": total, "available": available}


def describe_python(include_identifiers: bool) -> dict[str, Any]:
    """The interpreter running this probe (the one whose frameworks are probed)."""
    executable = sys.executable
    home = str(Path.home())
    if not include_identifiers and home not in ("", "/") and executable.startswith(home + "/"):
        executable = "~" + executable[len(home):]
    return {
        "version": platform.python_version(),
        "implementation": platform.python_implementation(),
        "compiler": platform.python_compiler(),
        "bits": 64 if sys.maxsize > 2**32 else 32,
        "executable": executable,
        "virtual_environment": sys.prefix != sys.base_prefix,
        "conda": (Path(sys.prefix) / "conda-meta").is_dir(),
        "gil_enabled": getattr(sys, "_is_gil_enabled", lambda: True)(),
    }
