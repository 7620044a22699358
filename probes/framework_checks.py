"""Checks shared by the framework environment probes: GPUs present, the NVIDIA driver and the CUDA
versions it supports, OpenMP runtimes loaded in the process. Standard library only.

Minimum Linux drivers by CUDA version (NVIDIA CUDA Toolkit release notes, table 2 and 3): a build
for CUDA X.Y runs on a driver at least as new as the major release's minimum with minor-version
compatibility (11.x: 450.80.02, 12.x: 525.60.13, 13.x: 580.65.06); older drivers cannot run it at
all. Below the toolkit's own release driver some features (PTX JIT of newer code) are missing.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sysview import SystemView

MINOR_COMPAT_MINIMUM_DRIVER = {11: "450.80.02", 12: "525.60.13", 13: "580.65.06"}
TOOLKIT_RELEASE_DRIVER = {
    "11.8": "520.61.05", "12.0": "525.60.13", "12.1": "530.30.02", "12.2": "535.54.03",
    "12.3": "545.23.06", "12.4": "550.54.14", "12.5": "555.42.02", "12.6": "560.28.03",
    "12.8": "570.26", "12.9": "575.51.03", "13.0": "580.65.06",
}
_OPENMP_LIBRARY = re.compile(r"^lib(gomp|iomp5|omp)(-[0-9a-f]+)?\.so(\.[0-9.]+)?$")
_OPENMP_KINDS = {"gomp": "GNU libgomp", "iomp5": "Intel libiomp5", "omp": "LLVM libomp"}


def version_tuple(version: str) -> tuple[int, ...]:
    """ "535.104.05" -> (535, 104, 5); tails are ignored ("2.13.0+cpu" -> (2, 13, 0))."""
    parts = []
    for piece in re.split(r"[.+-]", version):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)


def nvidia_driver_version(view: SystemView) -> str | None:
    """The loaded NVIDIA kernel driver's version (/proc/driver/nvidia/version or sysfs)."""
    text = view.read("/proc/driver/nvidia/version") or ""
    match = re.search(r"Kernel Module\s+(?:for \S+\s+)?([0-9]+\.[0-9.]+)", text)
    if match:
        return match.group(1)
    return view.read_value("/sys/module/nvidia/version")


def gpus_present(view: SystemView) -> dict[str, Any]:
    """Which GPU vendors' devices this machine exposes, with the evidence (cheap: no libraries)."""
    evidence: dict[str, list[str]] = {"nvidia": [], "amd": []}
    for path in ("/dev/nvidia0", "/proc/driver/nvidia/version"):
        if view.exists(path):
            evidence["nvidia"].append(path)
    if view.exists("/dev/kfd"):
        evidence["amd"].append("/dev/kfd")
    for device in view.glob("/sys/bus/pci/devices/*"):
        pci_class = view.read_value(view.display(device / "class")) or ""
        vendor = view.read_value(view.display(device / "vendor"))
        if pci_class.startswith("0x03") and vendor in ("0x10de", "0x1002"):
            evidence["nvidia" if vendor == "0x10de" else "amd"].append(f"PCI {device.name}")
    return {
        "nvidia": bool(evidence["nvidia"]),
        "amd": bool(evidence["amd"]),
        "evidence": evidence,
    }


def driver_cuda_warnings(driver: str | None, build_cuda: str | None) -> list[str]:
    """Warnings when the NVIDIA driver is too old for the CUDA version of a framework build."""
    if not driver or not build_cuda:
        return []
    cuda = version_tuple(build_cuda)
    if not cuda:
        return []
    minimum = MINOR_COMPAT_MINIMUM_DRIVER.get(cuda[0])
    if minimum and version_tuple(driver) < version_tuple(minimum):
        return [
            f"NVIDIA driver {driver} is older than CUDA {build_cuda} needs (at least {minimum}"
            f" for any CUDA {cuda[0]}.x build): the GPU cannot be used; update the driver"
        ]
    release = TOOLKIT_RELEASE_DRIVER.get(".".join(map(str, cuda[:2])))
    if release and version_tuple(driver) < version_tuple(release):
        return [
            f"NVIDIA driver {driver} is older than CUDA {build_cuda}'s release driver {release}:"
            " it runs through minor-version compatibility, without PTX JIT of newer kernels"
        ]
    return []


def loaded_openmp_runtimes(maps_text: str) -> list[dict[str, str]]:
    """OpenMP runtime libraries mapped in a process (the text of /proc/PID/maps), one per file."""
    seen: dict[str, dict[str, str]] = {}
    for line in maps_text.splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) < 6 or not parts[5].startswith("/"):
            continue
        path = parts[5].strip()
        match = _OPENMP_LIBRARY.match(Path(path).name)
        if match and path not in seen:
            seen[path] = {"runtime": _OPENMP_KINDS[match.group(1)], "path": path}
    return list(seen.values())


def openmp_warnings(runtimes: list[dict[str, str]]) -> list[str]:
    """A warning when more than one OpenMP runtime is loaded in one process."""
    if len(runtimes) < 2:
        return []
    listed = "; ".join(f"{item['runtime']} ({item['path']})" for item in runtimes)
    return [
        f"{len(runtimes)} OpenMP runtimes are loaded in one process: {listed}. They compete for"
        " threads (oversubscription) and can crash or slow down; keep one (e.g. set"
        " LD_PRELOAD to one runtime) and set OMP_NUM_THREADS"
    ]


def cxx_compiler(view: SystemView) -> dict[str, str | None]:
    """The C++ compiler torch.compile's CPU backend (inductor) would use: $CXX, else the first
    of c++, g++, clang++ that answers `--version`; with the first line of that answer."""
    candidates = [view.env["CXX"]] if view.env.get("CXX") else []
    for program in (*candidates, "c++", "g++", "clang++"):
        answer = view.run([program, "--version"])
        if answer and answer.strip():
            return {"command": program, "version": answer.strip().splitlines()[0]}
    return {"command": None, "version": None}


def thread_environment(env: dict[str, str] | Any) -> dict[str, str | None]:
    """Thread-count variables that change what the frameworks do."""
    names = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "KMP_AFFINITY",
             "OMP_PROC_BIND", "KMP_BLOCKTIME")
    return {name: env.get(name) for name in names}


_GPU_UUID = re.compile(r"\b(?:GPU|MIG)-[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\b")


def reported_environment(env: dict[str, str] | Any, names: tuple[str, ...],
                         include_identifiers: bool, home: str) -> dict[str, str | None]:
    """The values of `names` in `env`; without identifiers, GPU/MIG UUIDs (CUDA_VISIBLE_DEVICES
    may list them) become "<gpu-uuid>" and paths under the home folder start with ~."""
    values: dict[str, str | None] = {}
    for name in names:
        value = env.get(name)
        if value is not None and not include_identifiers:
            value = _GPU_UUID.sub("<gpu-uuid>", value)
            value = ":".join(redact_home(part, home) for part in value.split(":"))
        values[name] = value
    return values


def redact_home(path: str, home: str) -> str:
    """`path` with the home folder (it usually names the user) replaced by ~."""
    if home not in ("", "/") and (path == home or path.startswith(home + "/")):
        return "~" + path[len(home):]
    return path


_ARCH = re.compile(r"^(sm|compute)_(\d+)(\d)([af]?)$")


def arch_runs_on(arch_list: list[str], compute_capability: str | None) -> tuple[bool | None, str]:
    """Whether a build for `arch_list` (torch.cuda.get_arch_list(), TensorFlow's
    cuda_compute_capabilities: "sm_80", "sm_90a", "compute_90") runs on a device of
    `compute_capability` ("8.6"), and how. None when either is unknown.

    CUDA's rules: a cubin for sm_XY runs on devices of the same major version and minor >= Y
    (an "a"/"f" variant only on exactly XY); PTX for compute_XY is JIT-compiled by the driver for
    any device of XY or newer (slow first run, and the driver must be new enough).
    """
    try:
        major, minor = (int(part) for part in (compute_capability or "").split(".")[:2])
    except ValueError:
        return None, "compute capability unknown"
    parsed = [(m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), text)
              for text in arch_list if (m := _ARCH.match(text.strip()))]
    if not parsed:
        return None, "architecture list unknown"
    for kind, a_major, a_minor, variant, text in parsed:
        exact = (a_major, a_minor) == (major, minor)
        if kind == "sm" and (exact or (not variant and a_major == major and a_minor <= minor)):
            return True, f"native code ({text})"
    ptx = [(a_major, a_minor, text) for kind, a_major, a_minor, _, text in parsed
           if kind == "compute" and (a_major, a_minor) <= (major, minor)]
    if ptx:
        return True, f"PTX {max(ptx)[2]} JIT-compiled by the driver (slow first run)"
    return False, "no native code or PTX for this GPU"


def arch_warnings(framework: str, arch_list: list[str], devices: list[dict[str, Any]]) -> list[str]:
    """A warning per GPU that the framework's build has no code for (newer wheels drop old GPUs)."""
    warnings = []
    for device in devices:
        runs, how = arch_runs_on(arch_list, device.get("compute_capability"))
        if runs is False:
            warnings.append(
                f"this {framework} build has code for {', '.join(arch_list)} only, but"
                f" {device.get('name') or 'the GPU'} has compute capability"
                f" {device['compute_capability']}: {how}; its kernels will fail to launch"
                " (install a build that lists this GPU's architecture)")
    return warnings


#: CUDA start-up errors worth explaining (CUDA driver API error codes, cuda.h).
CUDA_START_ERRORS = {
    "802": "CUDA_ERROR_SYSTEM_NOT_READY: on NVSwitch machines (HGX/DGX) the Fabric Manager"
           " service is not running or does not match the driver (start nvidia-fabricmanager)",
    "803": "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH: the user-space driver library and the kernel"
           " module are different versions (reboot, or reinstall the driver)",
    "804": "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE: a CUDA forward-compatibility package"
           " (cuda-compat) is loaded, but it only works on data-centre GPUs; remove it from"
           " LD_LIBRARY_PATH or use a driver that supports this CUDA version",
}
_CUDA_ERROR_NAMES = {"CUDA_ERROR_SYSTEM_NOT_READY": "802", "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH":
                     "803", "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE": "804"}


def cuda_start_error_warning(text: str | None) -> list[str]:
    """A warning quoting the CUDA start-up error (e.g. the warning torch.cuda.is_available()
    swallows: "CUDA initialization: ... Error 802: system not yet initialized"), explained."""
    if not text:
        return []
    match = re.search(r"[Ee]rror (\d{3})\b", text)
    code = match.group(1) if match else next(
        (number for name, number in _CUDA_ERROR_NAMES.items() if name in text), None)
    first = " ".join(text.split())[:300]
    hint = f"; {CUDA_START_ERRORS[code]}" if code in CUDA_START_ERRORS else ""
    return [f"CUDA could not start, so the GPU is unusable: {first}{hint}"]


def call_capturing_stderr(call: Callable[[], Any]) -> tuple[Any, str]:
    """`call()` with file descriptor 2 captured (native libraries log there, e.g. TensorFlow's
    "failed call to cuInit: CUDA_ERROR_SYSTEM_NOT_READY"); the text is passed on to stderr."""
    with tempfile.TemporaryFile() as captured:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(captured.fileno(), 2)
        try:
            result = call()
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
        captured.seek(0)
        text = captured.read().decode("utf-8", errors="replace")
    sys.stderr.write(text)
    return result, text


def cuinit_error(log: str) -> str | None:
    """The line of a native log where cuInit failed, if any (TensorFlow's / XLA's wording)."""
    match = re.search(r"failed call to cuInit: [^\n]*", log)
    return match.group(0).strip() if match else None
