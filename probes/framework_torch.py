"""PyTorch environment probe: version, build (CUDA, cuDNN, HIP, oneDNN), devices, threads and
warnings worth a reviewer's attention. No timing (the benchmark probes do that).

Usage: python probes/framework_torch.py [--include-identifiers] [--root DIR] [--env-file FILE]

Prints {"skipped": ...} when torch is not installed in this interpreter. Imports torch and the
standard library only; takes torch's import time plus a few milliseconds.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import re
import sys
import time
import warnings as python_warnings
from pathlib import Path
from typing import Any

from framework_checks import (
    arch_warnings,
    cuda_start_error_warning,
    cxx_compiler,
    driver_cuda_warnings,
    gpus_present,
    loaded_openmp_runtimes,
    nvidia_driver_version,
    openmp_warnings,
    redact_home,
    reported_environment,
    thread_environment,
)
from probe_output import common_arguments, emit, exit_now, guarded_stdout, skip
from sysview import SystemView, view_from_options

#: Packages whose versions `python -m torch.utils.collect_env` also lists.
RELATED_PACKAGES = ("numpy", "triton", "optree", "mkl", "intel-openmp", "nvidia-cudnn-cu12",
                    "nvidia-cuda-runtime-cu12", "nvidia-cublas-cu12", "nvidia-nccl-cu12",
                    "pytorch-triton-rocm", "onnx", "onnxruntime", "intel-extension-for-pytorch")
#: Variables that change what torch does (collect_env reports the CUDA ones); LD_* because a
#: preloaded OpenMP runtime or a stray CUDA library path changes which native code runs.
ENVIRONMENT = ("CUDA_VISIBLE_DEVICES", "CUDA_MODULE_LOADING", "PYTORCH_CUDA_ALLOC_CONF",
               "HIP_VISIBLE_DEVICES", "TORCHINDUCTOR_CACHE_DIR", "ATEN_CPU_CAPABILITY",
               "ONEDNN_MAX_CPU_ISA", "PYTORCH_ENABLE_MPS_FALLBACK", "CXX", "LD_PRELOAD",
               "LD_LIBRARY_PATH")


def _safe(call: Any, default: Any = None) -> Any:
    try:
        return call()
    except Exception:
        return default


def installed_versions(names: tuple[str, ...]) -> dict[str, str]:
    """Versions of the installed distributions among `names` (metadata only, nothing imported)."""
    found = {}
    for name in names:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def torch_build(torch: Any) -> dict[str, Any]:
    """How this torch was built: CUDA, cuDNN, HIP, oneDNN, BLAS, compiler, CPU capability."""
    config = _safe(torch.__config__.show, "") or ""
    settings = dict(re.findall(r"(\w+)=([^,\s]*)", config))
    onednn = re.search(r"MKL-DNN v([0-9.]+)", config)
    compiler = re.search(r"^\s*- (GCC [0-9.]+|clang [0-9.]+|MSVC [0-9.]+)", config, re.M)
    parallel = re.search(r"ATen parallel backend: (\S+)", _safe(torch.__config__.parallel_info, ""))
    return {
        "cuda": torch.version.cuda,
        "cudnn": _safe(torch.backends.cudnn.version),
        "hip": getattr(torch.version, "hip", None),
        "debug": bool(getattr(torch.version, "debug", False)),
        "git_version": getattr(torch.version, "git_version", None),
        "cxx11_abi": _safe(lambda: bool(torch._C._GLIBCXX_USE_CXX11_ABI)),
        "cpu_capability": _safe(torch.backends.cpu.get_cpu_capability),
        "onednn_version": onednn.group(1) if onednn else None,
        "mkl": _safe(torch.backends.mkl.is_available),
        "openmp": _safe(torch.backends.openmp.is_available),
        "mps_built": _safe(torch.backends.mps.is_built),
        "xnnpack": _safe(
            lambda: bool(importlib.import_module("torch.backends.xnnpack").enabled)
        ),
        "blas": settings.get("BLAS_INFO"),
        "compiler": compiler.group(1) if compiler else None,
        "parallel_backend": parallel.group(1) if parallel else None,
    }


def cuda_start(torch: Any) -> tuple[bool, str | None]:
    """(torch.cuda.is_available(), the start-up error it turned into a warning, if any).

    When cudaGetDeviceCount fails (error 802: Fabric Manager not running; 804: forward
    compatibility on an unsupported GPU) torch answers False and only warns; the probe keeps
    that text, since it is the one explanation the user gets.
    """
    with python_warnings.catch_warnings(record=True) as caught:
        python_warnings.simplefilter("always")
        available = bool(_safe(torch.cuda.is_available, False))
    errors = [str(item.message) for item in caught
              if re.search(r"CUDA|HIP|cudaGetDeviceCount|hipGetDeviceCount", str(item.message))]
    return available, (errors[0] if errors and not available else None)


def torch_devices(torch: Any, cuda_available: bool | None = None) -> list[dict[str, Any]]:
    """The devices torch can use (CPU always; CUDA/ROCm, MPS, XPU when available).

    On ROCm builds torch's "cuda" devices are AMD GPUs: their major.minor is not a CUDA
    compute capability (an MI300X reads 9.4, like a Hopper), so the gfx architecture is given.
    """
    devices: list[dict[str, Any]] = [{"type": "cpu"}]
    if cuda_available is None:
        cuda_available = bool(_safe(torch.cuda.is_available, False))
    rocm = bool(getattr(torch.version, "hip", None))
    if cuda_available:
        for index in range(torch.cuda.device_count()):
            props = torch.cuda.get_device_properties(index)
            device: dict[str, Any] = {
                "type": "cuda",
                "index": index,
                "name": props.name,
                "compute_capability": None if rocm else f"{props.major}.{props.minor}",
                "memory_bytes": int(props.total_memory),
                "multiprocessors": props.multi_processor_count,
            }
            if rocm:
                device["backend"] = "rocm"
                device["gfx_arch"] = str(getattr(props, "gcnArchName", "") or "") or None
            devices.append(device)
    if _safe(torch.backends.mps.is_available, False):
        devices.append({"type": "mps"})
    xpu = getattr(torch, "xpu", None)
    if xpu is not None and _safe(xpu.is_available, False):
        devices += [{"type": "xpu", "index": i} for i in range(xpu.device_count())]
    return devices


def torch_warnings(build: dict[str, Any], devices: list[dict[str, Any]], present: dict[str, Any],
                   driver: str | None, runtimes: list[dict[str, str]],
                   compiler: dict[str, str | None] | None = None, *,
                   arch_list: list[str] | None = None,
                   start_error: str | None = None) -> list[str]:
    """What a reviewer should know before trusting this environment's numbers.

    The driver-version table speaks only when torch lists no GPU: a listed GPU proves the
    driver runs this build (minor-version compatibility and cuda-compat packages make the
    table's minimums conservative).
    """
    warnings: list[str] = []
    if compiler is not None and compiler["command"] is None:
        warnings.append(
            "no C++ compiler found ($CXX, c++, g++, clang++): torch.compile's CPU backend"
            " (inductor) needs one, so compiled-mode results on CPU will be missing"
        )
    gpu_devices = [device for device in devices if device["type"] == "cuda"]
    if present["nvidia"] and not build["cuda"]:
        warnings.append(
            "an NVIDIA GPU is present but this torch build is CPU-only (no CUDA): install a CUDA"
            " build of torch to use the GPU"
        )
    if present["amd"] and not build["hip"]:
        warnings.append(
            "an AMD GPU is present but this torch build has no ROCm (HIP): install a ROCm build"
            " of torch to use the GPU"
        )
    if (build["cuda"] or build["hip"]) and (present["nvidia"] or present["amd"]) \
            and not gpu_devices:
        warnings.append("torch is built for GPUs and a GPU is present, but torch cannot use it"
                        " (driver missing or too old, or CUDA_VISIBLE_DEVICES hides it)")
    warnings += cuda_start_error_warning(start_error)
    if not gpu_devices:
        warnings += driver_cuda_warnings(driver, build["cuda"])
    elif build["cuda"] and not build.get("hip"):
        warnings += arch_warnings("torch", arch_list or [], gpu_devices)
    warnings += openmp_warnings(runtimes)
    if build["debug"]:
        warnings.append("this is a debug build of torch: timings will be much slower")
    return warnings


def probe_torch(torch: Any, view: SystemView, import_s: float,
                include_identifiers: bool) -> dict[str, Any]:
    """The pytorch entry of the probe report's frameworks section."""
    build = torch_build(torch)
    cuda_available, start_error = cuda_start(torch)
    devices = torch_devices(torch, cuda_available)
    arch_list = list(_safe(torch.cuda.get_arch_list, []) or []) if cuda_available else []
    present = gpus_present(view)
    driver = nvidia_driver_version(view)
    runtimes = loaded_openmp_runtimes(view.read("/proc/self/maps") or "")
    compiler = cxx_compiler(view)
    if not include_identifiers:
        home = view.env.get("HOME") or str(Path.home())
        runtimes = [{**item, "path": redact_home(item["path"], home)} for item in runtimes]
    return {
        "framework": "pytorch",
        "installed": True,
        "version": torch.__version__,
        "distribution": installed_versions(("torch",)),
        "import_s": round(import_s, 3),
        "build": build,
        "devices": devices,
        "cuda_available": any(device["type"] == "cuda" for device in devices),
        "cuda_start_error": start_error,
        "cuda_arch_list": arch_list,
        # On a TPU VM PyTorch reaches the TPU through torch_xla; the probe does not start it
        # (that would take the TPU), it records that it is installed.
        "torch_xla": installed_versions(("torch_xla",)).get("torch_xla"),
        "nvidia_driver": driver,
        "gpus_present": present,
        "threads": {
            "intra_op": torch.get_num_threads(),
            "inter_op": torch.get_num_interop_threads(),
            "environment": thread_environment(view.env),
        },
        "onednn": {
            "available": _safe(torch.backends.mkldnn.is_available),
            "enabled": _safe(lambda: bool(torch.backends.mkldnn.enabled)),
            "version": build["onednn_version"],
        },
        "openmp_runtimes": runtimes,
        "environment": reported_environment(view.env, ENVIRONMENT, include_identifiers,
                                            view.env.get("HOME") or str(Path.home())),
        "related_packages": installed_versions(RELATED_PACKAGES),
        "inductor_cxx_compiler": compiler,
        "warnings": torch_warnings(build, devices, present, driver, runtimes, compiler,
                                   arch_list=arch_list, start_error=start_error),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the PyTorch environment document, or a skip if torch is not installed."""
    options = common_arguments(__doc__ or "").parse_args(argv)
    view = view_from_options(options.root, options.env_file, options.replay_commands)
    if importlib.util.find_spec("torch") is None:
        emit(skip(f"torch is not installed in {sys.executable}", framework="pytorch"))
        return 0
    with guarded_stdout() as stdout:
        started = time.perf_counter()
        import torch

        import_s = time.perf_counter() - started
        emit(probe_torch(torch, view, import_s, options.include_identifiers), stdout)
    return 0


if __name__ == "__main__":
    exit_now(main())
