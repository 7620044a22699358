"""TensorFlow environment probe: version and distribution, build (tf.sysconfig.get_build_info()),
devices, threads, oneDNN, and warnings worth a reviewer's attention. No timing.

Usage: python probes/framework_tensorflow.py [--include-identifiers] [--root DIR] [--env-file F]

Prints {"skipped": ...} when tensorflow is not installed in this interpreter. Imports tensorflow
and the standard library only. Listing physical devices does not allocate GPU memory.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import sys
import time
from pathlib import Path
from typing import Any

from framework_checks import (
    arch_warnings,
    call_capturing_stderr,
    cuda_start_error_warning,
    cuinit_error,
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

#: Distributions that install the `tensorflow` module.
TENSORFLOW_DISTRIBUTIONS = (
    "tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tensorflow-intel", "tensorflow-macos",
    "tensorflow-rocm", "intel-tensorflow", "tf-nightly", "tf-nightly-cpu",
)
RELATED_PACKAGES = ("keras", "tf-keras", "numpy", "tensorflow-metal",
                    "tensorflow-io-gcs-filesystem", "nvidia-cudnn-cu12", "nvidia-cuda-runtime-cu12",
                    "nvidia-cublas-cu12", "nvidia-nccl-cu12", "onnx", "tf2onnx")
#: Variables that change what TensorFlow does; LD_* for which native libraries get loaded.
ENVIRONMENT = ("CUDA_VISIBLE_DEVICES", "TF_FORCE_GPU_ALLOW_GROWTH", "TF_XLA_FLAGS",
               "TF_USE_LEGACY_KERAS", "KERAS_BACKEND", "TF_GPU_ALLOCATOR",
               "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "ONEDNN_MAX_CPU_ISA",
               "LD_PRELOAD", "LD_LIBRARY_PATH")


def _safe(call: Any, default: Any = None) -> Any:
    try:
        return call()
    except Exception:
        return default


def installed_versions(names: tuple[str, ...]) -> dict[str, str]:
    """Versions of the installed distributions among `names` (metadata only)."""
    found = {}
    for name in names:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def onednn_state(built: bool | None, setting: str | None, system: str, machine: str,
                 version: str) -> dict[str, Any]:
    """Whether oneDNN optimisations are on: TF_ENABLE_ONEDNN_OPTS, else TF's platform default
    (on for Linux x86-64 since TF 2.9, off elsewhere)."""
    if setting is not None and setting.strip().lower() in ("0", "false", "no", "off"):
        enabled, basis = False, "TF_ENABLE_ONEDNN_OPTS"
    elif setting is not None and setting.strip().lower() in ("1", "true", "yes", "on"):
        enabled, basis = True, "TF_ENABLE_ONEDNN_OPTS"
    else:
        major_minor = tuple(int(part) for part in version.split(".")[:2] if part.isdigit())
        enabled = system == "Linux" and machine in ("x86_64", "AMD64") and major_minor >= (2, 9)
        basis = "platform default"
    return {"built": built, "TF_ENABLE_ONEDNN_OPTS": setting, "enabled": bool(built and enabled)
            if built is not None else enabled, "basis": basis}


def tensorflow_devices(tf: Any) -> list[dict[str, Any]]:
    """The physical devices TensorFlow sees, with GPU details when it has them."""
    devices = []
    for device in tf.config.list_physical_devices():
        entry: dict[str, Any] = {"type": device.device_type.lower(), "name": device.name}
        if device.device_type == "GPU":
            details = _safe(lambda d=device: tf.config.experimental.get_device_details(d), {})
            cc = details.get("compute_capability")
            entry["model"] = details.get("device_name")
            entry["compute_capability"] = ".".join(map(str, cc)) if cc else None
        devices.append(entry)
    return devices


def tensorflow_warnings(build: dict[str, Any], distributions: dict[str, str],
                        devices: list[dict[str, Any]], present: dict[str, Any],
                        driver: str | None, runtimes: list[dict[str, str]],
                        start_error: str | None = None) -> list[str]:
    """What a reviewer should know before trusting this environment's numbers.

    The driver table speaks only when TensorFlow lists no GPU (a listed GPU proves the driver
    runs this build); with GPUs listed, the build's architectures are compared with theirs.
    """
    warnings: list[str] = []
    gpus = [device for device in devices if device["type"] == "gpu"]
    sees_gpu = bool(gpus)
    if present["nvidia"] and "tensorflow-cpu" in distributions:
        warnings.append(
            "tensorflow-cpu is installed on a machine with an NVIDIA GPU: it cannot use the GPU;"
            " install tensorflow[and-cuda] instead"
        )
    elif present["nvidia"] and not build.get("is_cuda_build"):
        warnings.append("an NVIDIA GPU is present but this TensorFlow build has no CUDA")
    if present["amd"] and not build.get("is_rocm_build"):
        warnings.append("an AMD GPU is present but this TensorFlow build has no ROCm")
    if build.get("is_cuda_build") and present["nvidia"] and not sees_gpu:
        warnings.append(
            "TensorFlow is built with CUDA and an NVIDIA GPU is present, but TensorFlow sees no"
            " GPU (CUDA libraries missing? install tensorflow[and-cuda]; or CUDA_VISIBLE_DEVICES)"
        )
    warnings += cuda_start_error_warning(start_error)
    if not sees_gpu:
        warnings += driver_cuda_warnings(driver, build.get("cuda_version"))
    elif build.get("is_cuda_build"):
        archs = build.get("cuda_compute_capabilities")
        named = [{**gpu, "name": gpu.get("model")} for gpu in gpus]
        warnings += arch_warnings("TensorFlow", [str(a) for a in archs or []], named)
    warnings += openmp_warnings(runtimes)
    return warnings


def probe_tensorflow(tf: Any, view: SystemView, import_s: float, onednn_setting: str | None,
                     include_identifiers: bool) -> dict[str, Any]:
    """The tensorflow entry of the probe report's frameworks section."""
    build = {str(key): value for key, value in dict(tf.sysconfig.get_build_info()).items()}
    # The compiler of the build (collect_env's question), e.g. "Clang 18.1.8"; no git hash.
    build.setdefault("compiler", _safe(lambda: str(tf.version.COMPILER_VERSION)))
    try:
        from tensorflow.python.util import _pywrap_util_port

        onednn_built: bool | None = bool(_pywrap_util_port.IsMklEnabled())
    except Exception:
        onednn_built = None
    distributions = installed_versions(TENSORFLOW_DISTRIBUTIONS)
    # Listing the devices starts CUDA; a failed cuInit is only logged (on fd 2), so it is kept.
    devices, log = call_capturing_stderr(lambda: tensorflow_devices(tf))
    start_error = cuinit_error(log)
    present = gpus_present(view)
    driver = nvidia_driver_version(view)
    runtimes = loaded_openmp_runtimes(view.read("/proc/self/maps") or "")
    if not include_identifiers:
        home = view.env.get("HOME") or str(Path.home())
        runtimes = [{**item, "path": redact_home(item["path"], home)} for item in runtimes]
    return {
        "framework": "tensorflow",
        "installed": True,
        "version": tf.__version__,
        "distribution": distributions,
        "import_s": round(import_s, 3),
        "build": build,
        "devices": devices,
        "gpu_available": any(device["type"] == "gpu" for device in devices),
        "cuda_start_error": start_error,
        "nvidia_driver": driver,
        "gpus_present": present,
        "threads": {
            "intra_op": tf.config.threading.get_intra_op_parallelism_threads(),
            "inter_op": tf.config.threading.get_inter_op_parallelism_threads(),
            "note": "0 means TensorFlow picks the number of threads (all cores)",
            "environment": thread_environment(view.env),
        },
        "onednn": onednn_state(onednn_built, onednn_setting, view.system, view.machine,
                               tf.__version__),
        "openmp_runtimes": runtimes,
        "environment": reported_environment(view.env, ENVIRONMENT, include_identifiers,
                                            view.env.get("HOME") or str(Path.home())),
        "related_packages": installed_versions(RELATED_PACKAGES),
        "warnings": tensorflow_warnings(build, distributions, devices, present, driver, runtimes,
                                        start_error),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the TensorFlow environment document, or a skip if tensorflow is not installed."""
    options = common_arguments(__doc__ or "").parse_args(argv)
    view = view_from_options(options.root, options.env_file, options.replay_commands)
    if importlib.util.find_spec("tensorflow") is None:
        emit(skip(f"tensorflow is not installed in {sys.executable}", framework="tensorflow"))
        return 0
    onednn_setting = os.environ.get("TF_ENABLE_ONEDNN_OPTS")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # only errors from TF's C++ logging
    with guarded_stdout() as stdout:
        started = time.perf_counter()
        import tensorflow as tf

        import_s = time.perf_counter() - started
        emit(probe_tensorflow(tf, view, import_s, onednn_setting, options.include_identifiers),
             stdout)
    return 0


if __name__ == "__main__":
    exit_now(main())
