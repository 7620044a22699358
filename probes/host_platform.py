"""The host: operating system, kernel, container and VM hints, memory, Python.

Standard library only. Host and user names are read only when identifiers are included.
"""

from __future__ import annotations

import platform
import re
import sys
from pathlib import Path
from typing import Any

from sysview import SystemView

#: DMI files read for the VM hint (under /sys/class/dmi/id), in the order they are trusted.
DMI_FIELDS = ("sys_vendor", "product_name", "board_vendor", "bios_vendor", "product_version",
              "chassis_vendor")
#: DMI value fragment -> (hypervisor, cloud or None, whether it is certainly a VM). A cloud's own
#: name comes first: "Amazon EC2" is a Nitro (KVM-based) VM, unless the product is a .metal type.
#: After systemd-detect-virt's DMI table (src/basic/virt.c) and the clouds' documentation.
DMI_HYPERVISORS: tuple[tuple[str, str, str | None, bool], ...] = (
    ("Amazon EC2", "Amazon EC2 (Nitro, KVM-based)", "aws", True),
    ("Google Compute Engine", "Google Compute Engine (KVM-based)", "gcp", True),
    ("Alibaba Cloud", "Alibaba Cloud ECS (KVM-based)", "alibaba", True),
    ("OpenStack", "OpenStack (KVM)", None, True),
    ("DigitalOcean", "DigitalOcean (KVM)", "digitalocean", True),
    ("KubeVirt", "KubeVirt (KVM)", None, True),
    ("KVM", "KVM", None, True),
    ("QEMU", "QEMU", None, True),
    ("VMware", "VMware", None, True),
    ("VMW", "VMware", None, True),
    ("innotek GmbH", "VirtualBox", None, True),
    ("VirtualBox", "VirtualBox", None, True),
    ("Xen", "Xen", None, True),
    ("HVM domU", "Xen", None, True),
    ("Hyper-V", "Hyper-V", None, True),
    ("Virtual Machine", "Hyper-V", None, True),  # Microsoft's product_name for Hyper-V guests
    ("Parallels", "Parallels", None, True),
    ("BHYVE", "bhyve", None, True),
    ("Bochs", "Bochs", None, True),
    ("Apple Virtualization", "Apple Virtualization", None, True),
    ("Google", "Google Compute Engine (KVM-based)", "gcp", True),
)
#: Vendors that say which cloud even on bare-metal instances.
DMI_CLOUDS = (("Amazon EC2", "aws"), ("Google", "gcp"))
#: The chassis asset tag every Azure VM carries (Azure's documentation on detecting Azure).
AZURE_ASSET_TAG = "7783-7084-3265-9085-8269-3286-77"
#: /sys/hypervisor/type values (Xen guests) and their names.
HYPERVISOR_TYPES = {"xen": "Xen", "kvm": "KVM", "vmware": "VMware", "hyperv": "Hyper-V"}


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
        "toolchain": describe_toolchain(view),
    }
    if view.system == "Darwin" and view.is_live:
        info["distribution"] = f"macOS {platform.mac_ver()[0]}"
    if include_identifiers:
        info["hostname"] = host_name(view)
    return info


def describe_toolchain(view: SystemView) -> dict[str, str | None]:
    """GCC, Clang and CMake on PATH, as `python -m torch.utils.collect_env` lists them (the first
    line of `--version`); torch.compile and source builds of extensions use them."""
    found: dict[str, str | None] = {}
    for program in ("gcc", "clang", "cmake"):
        answer = (view.run([program, "--version"]) or "").strip()
        found[program] = answer.splitlines()[0] if answer else None
    return found


def host_name(view: SystemView) -> str | None:
    """The host name (read only when identifiers are included)."""
    return view.read_value("/proc/sys/kernel/hostname") or (
        platform.node() or None if view.is_live else None)


#: DMI files that identify one machine (most are readable by root only).
DMI_IDENTIFIERS = ("product_serial", "product_uuid", "board_serial", "board_asset_tag",
                   "chassis_serial", "chassis_asset_tag")


def describe_identifiers(view: SystemView) -> dict[str, Any]:
    """What identifies this machine and its user: only with --include-identifiers.

    Host name, user name, home folder, /etc/machine-id, DMI serials and UUID, and the MAC
    address of each network interface (loopback and all-zero addresses left out).
    """
    user = view.env.get("USER") or view.env.get("LOGNAME")
    if user is None and view.is_live:
        import getpass

        try:
            user = getpass.getuser()
        except Exception:
            user = None
    macs = {}
    for interface in view.glob("/sys/class/net/*"):
        address = view.read_value(view.display(interface / "address"))
        if address and interface.name != "lo" and address.strip("0:"):
            macs[interface.name] = address
    dmi = {name: view.read_value(f"/sys/class/dmi/id/{name}") for name in DMI_IDENTIFIERS}
    return {
        "hostname": host_name(view),
        "user": user,
        "home": view.env.get("HOME"),
        "machine_id": view.read_value("/etc/machine-id"),
        "dmi": {name: value for name, value in dmi.items() if value},
        "mac_addresses": macs,
    }


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
    """Whether this is a virtual machine, which hypervisor and cloud, and which file said so.

    DMI (sys_vendor, product_name, board_vendor, ...) names the hypervisor or cloud;
    /sys/hypervisor/type names Xen-style hypervisors; the CPU's "hypervisor" flag only says "a VM".
    """
    dmi = {name: view.read_value(f"/sys/class/dmi/id/{name}") for name in DMI_FIELDS}
    basis: list[str] = []
    hypervisor: str | None = None
    cloud: str | None = None
    virtual = False
    for name, value in dmi.items():
        if not value or hypervisor is not None:
            continue
        match = next((entry for entry in DMI_HYPERVISORS if entry[0] in value), None)
        if match is not None:
            hypervisor, cloud, virtual = match[1], match[2], match[3]
            basis.append(f"/sys/class/dmi/id/{name} is {value!r}")
    for name, value in dmi.items():
        found = next((c for fragment, c in DMI_CLOUDS if value and fragment in value), None)
        if cloud is None and found is not None:
            cloud = found
            basis.append(f"/sys/class/dmi/id/{name} is {value!r}")
    if cloud is None and view.read_value("/sys/class/dmi/id/chassis_asset_tag") == AZURE_ASSET_TAG:
        cloud = "azure"
        basis.append("/sys/class/dmi/id/chassis_asset_tag is Azure's")
    if cloud == "aws" and (dmi["product_name"] or "").endswith(".metal"):
        hypervisor, virtual = None, False  # an EC2 bare-metal instance
        basis.append(f"/sys/class/dmi/id/product_name {dmi['product_name']!r} is bare metal")
    xen_type = view.read_value("/sys/hypervisor/type")
    if xen_type is not None or view.exists("/sys/hypervisor/type"):
        virtual = True
        hypervisor = hypervisor or HYPERVISOR_TYPES.get((xen_type or "").lower(), xen_type)
        basis.append(f"/sys/hypervisor/type is {xen_type!r}" if xen_type
                     else "/sys/hypervisor/type exists")
    if " hypervisor " in f" {view.read('/proc/cpuinfo') or ''} ".replace("\n", " "):
        virtual = True
        basis.append("/proc/cpuinfo flags include hypervisor")
    if virtual and hypervisor is None:
        # No DMI (containers often hide /sys/class/dmi): lscpu reads CPUID's hypervisor leaf.
        vendor = re.search(r"^Hypervisor vendor:\s*(.+)$", view.run(["lscpu"]) or "", re.M)
        if vendor:
            hypervisor = vendor.group(1).strip()
            basis.append(f"lscpu says Hypervisor vendor: {hypervisor}")
    if not (virtual or cloud):
        return None
    product = " ".join(filter(None, (dmi["sys_vendor"], dmi["product_name"])))
    return {
        "virtual_machine": virtual,
        "hypervisor": hypervisor,
        "platform": product or None,
        "cloud": cloud,
        "basis": basis,
    }


def _cgroup_memory_limit(view: SystemView) -> int | None:
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        value = view.read_value(path)
        if value and value.isdigit() and int(value) < 2**60:
            return int(value)
    return None


def describe_memory(view: SystemView) -> dict[str, int | None]:
    """Total and available memory in bytes (/proc/meminfo; on macOS sysctl hw.memsize; else
    psutil on a live system)."""
    fields: dict[str, int] = {}
    for line in (view.read("/proc/meminfo") or "").splitlines():
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            fields[key] = int(parts[0]) * (1024 if parts[1:] == ["kB"] else 1)
    total, available = fields.get("MemTotal"), fields.get("MemAvailable")
    if total is None and view.system == "Darwin":
        answer = (view.run(["sysctl", "-n", "hw.memsize"]) or "").strip()
        total = int(answer) if answer.isdigit() else None
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
