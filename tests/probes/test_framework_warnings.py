"""The warnings of the framework probes, from recorded build facts (no framework imported)."""

from __future__ import annotations

import os
import warnings
from types import SimpleNamespace
from typing import Any

import pytest
from framework_checks import (
    arch_runs_on,
    call_capturing_stderr,
    cuda_start_error_warning,
    cuinit_error,
    gpus_present,
)
from framework_tensorflow import onednn_state, tensorflow_warnings
from framework_torch import cuda_start, torch_devices, torch_warnings

from tests.probes.conftest import fake_view

CPU_BUILD = {"cuda": None, "hip": None, "debug": False}
CUDA_BUILD = {"cuda": "12.4", "hip": None, "debug": False}
NO_GPU = {"nvidia": False, "amd": False}
TWO_OMP = [{"runtime": "GNU libgomp", "path": "/a/libgomp.so.1"},
           {"runtime": "Intel libiomp5", "path": "/b/libiomp5.so"}]


def test_torch_cpu_build_on_a_gpu_machine() -> None:
    present = gpus_present(fake_view("nvidia_a100"))
    warnings = torch_warnings(CPU_BUILD, [{"type": "cpu"}], present, "535.104.05", [])
    assert len(warnings) == 1 and "CPU-only" in warnings[0]


def test_torch_cuda_build_with_an_old_driver_cannot_see_the_gpu() -> None:
    present = gpus_present(fake_view("nvidia_old_driver"))
    warnings = torch_warnings(CUDA_BUILD, [{"type": "cpu"}], present, "470.223.02", [])
    assert any("cannot use it" in text for text in warnings)
    assert any("older than CUDA 12.4 needs" in text for text in warnings)


def test_torch_rocm_missing_on_an_amd_machine_and_two_openmp_runtimes() -> None:
    present = gpus_present(fake_view("amd_mi250x"))
    warnings = torch_warnings(CPU_BUILD, [{"type": "cpu"}], present, None, TWO_OMP)
    assert any("no ROCm" in text for text in warnings)
    assert any("OpenMP runtimes" in text for text in warnings)


def test_clean_cpu_machine_has_no_torch_warnings() -> None:
    assert torch_warnings(CPU_BUILD, [{"type": "cpu"}], NO_GPU, None, TWO_OMP[:1]) == []


def test_tensorflow_cpu_package_on_an_nvidia_machine() -> None:
    present = gpus_present(fake_view("nvidia_a100"))
    build = {"is_cuda_build": False, "is_rocm_build": False}
    warnings = tensorflow_warnings(build, {"tensorflow-cpu": "2.21.0"}, [{"type": "cpu"}],
                                   present, "535.104.05", [])
    assert len(warnings) == 1 and "tensorflow-cpu is installed" in warnings[0]


def test_tensorflow_cuda_build_that_sees_no_gpu() -> None:
    present = gpus_present(fake_view("nvidia_a100"))
    build = {"is_cuda_build": True, "cuda_version": "12.5.1", "cudnn_version": "9"}
    warnings = tensorflow_warnings(build, {"tensorflow": "2.21.0"}, [{"type": "cpu"}],
                                   present, "535.104.05", [])
    assert any("sees no GPU" in text for text in warnings)
    assert any("release driver 555.42.02" in text for text in warnings)
    seen = tensorflow_warnings(build, {"tensorflow": "2.21.0"}, [{"type": "gpu"}],
                               present, "560.35.03", [])
    assert seen == []


def test_onednn_setting_and_platform_default() -> None:
    assert onednn_state(True, None, "Linux", "x86_64", "2.21.0")["enabled"] is True
    off = onednn_state(True, "0", "Linux", "x86_64", "2.21.0")
    assert off["enabled"] is False and off["basis"] == "TF_ENABLE_ONEDNN_OPTS"
    assert onednn_state(True, None, "Darwin", "arm64", "2.21.0")["enabled"] is False
    assert onednn_state(True, None, "Linux", "x86_64", "2.8.0")["enabled"] is False


def test_missing_cxx_compiler_warns_that_inductor_cannot_compile_on_cpu() -> None:
    from framework_checks import cxx_compiler

    bare = cxx_compiler(fake_view("nvidia_no_driver"))
    assert bare == {"command": None, "version": None}
    warnings = torch_warnings(CPU_BUILD, [{"type": "cpu"}], NO_GPU, None, [], bare)
    assert len(warnings) == 1 and "no C++ compiler found" in warnings[0]
    gxx = cxx_compiler(fake_view("nvidia_no_driver",
                                 commands={"g++": "g++ (Debian 12.2.0-14) 12.2.0\nCopyright"}))
    assert gxx == {"command": "g++", "version": "g++ (Debian 12.2.0-14) 12.2.0"}
    assert torch_warnings(CPU_BUILD, [{"type": "cpu"}], NO_GPU, None, [], gxx) == []
    chosen = cxx_compiler(fake_view("nvidia_no_driver", env={"CXX": "clang++-18"},
                                    commands={"clang++-18": "clang version 18.1.8", "g++": "g"}))
    assert chosen["command"] == "clang++-18"


def test_environment_values_hide_gpu_uuids_and_the_home_folder() -> None:
    from framework_checks import reported_environment

    env = {"CUDA_VISIBLE_DEVICES": "GPU-5eed0a11-7e57-4a55-b00b-c0ffee000001,1",
           "LD_LIBRARY_PATH": "/home/alice/cuda/lib64:/usr/lib", "OTHER": "x"}
    names = ("CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH", "UNSET")
    assert reported_environment(env, names, False, "/home/alice") == {
        "CUDA_VISIBLE_DEVICES": "<gpu-uuid>,1", "LD_LIBRARY_PATH": "~/cuda/lib64:/usr/lib",
        "UNSET": None}
    assert reported_environment(env, names, True, "/home/alice") == {
        "CUDA_VISIBLE_DEVICES": env["CUDA_VISIBLE_DEVICES"],
        "LD_LIBRARY_PATH": env["LD_LIBRARY_PATH"], "UNSET": None}


A100 = {"type": "cuda", "index": 0, "name": "NVIDIA A100-SXM4-80GB", "compute_capability": "8.0"}
P100 = {"type": "cuda", "index": 0, "name": "Tesla P100-PCIE-16GB", "compute_capability": "6.0"}
CUDA13_ARCHS = ["sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120", "compute_120"]


def test_listed_gpu_silences_the_driver_table() -> None:
    present = gpus_present(fake_view("nvidia_a100"))
    # 470 is below the 12.x minimum, yet torch lists the GPU (cuda-compat): no driver warning.
    warnings = torch_warnings(CUDA_BUILD, [{"type": "cpu"}, A100], present, "470.223.02", [],
                              arch_list=["sm_80", "sm_90"])
    assert warnings == []


def test_build_without_code_for_the_gpu_is_called_out() -> None:
    present = gpus_present(fake_view("nvidia_a100"))
    warnings = torch_warnings(CUDA_BUILD, [{"type": "cpu"}, P100], present, "580.65.06", [],
                              arch_list=CUDA13_ARCHS)
    assert len(warnings) == 1 and "compute capability 6.0" in warnings[0]
    assert "Tesla P100" in warnings[0]


def test_arch_rules_native_minor_versions_and_ptx() -> None:
    assert arch_runs_on(["sm_80"], "8.6") == (True, "native code (sm_80)")
    assert arch_runs_on(["sm_90a"], "9.0")[0] is True
    assert arch_runs_on(["sm_90a"], "10.0")[0] is False
    assert arch_runs_on(["sm_80", "compute_90"], "12.0") == (
        True, "PTX compute_90 JIT-compiled by the driver (slow first run)")
    assert arch_runs_on(["sm_86"], "8.0")[0] is False
    assert arch_runs_on(["sm_120"], "12.0")[0] is True
    assert arch_runs_on([], "8.0")[0] is None and arch_runs_on(["sm_80"], None)[0] is None


def test_tensorflow_build_architectures_against_the_gpu() -> None:
    present = gpus_present(fake_view("nvidia_a100"))
    build = {"is_cuda_build": True, "cuda_version": "12.5.1",
             "cuda_compute_capabilities": ["sm_60", "sm_70", "sm_80", "sm_89", "compute_90"]}
    fine = [{"type": "gpu", "model": "NVIDIA H100", "compute_capability": "9.0"}]
    assert tensorflow_warnings(build, {"tensorflow": "2.21.0"}, fine, present, "470.1", []) == []
    old = [{"type": "gpu", "model": "Tesla K80", "compute_capability": "3.7"}]
    warned = tensorflow_warnings(build, {"tensorflow": "2.21.0"}, old, present, "470.1", [])
    assert len(warned) == 1 and "Tesla K80" in warned[0]


def test_cuda_start_up_errors_are_explained() -> None:
    text = ("CUDA initialization: Unexpected error from cudaGetDeviceCount(). Did you run some"
            " cuda functions before calling NumCudaDevices() that might have already set an"
            " error? Error 802: system not yet initialized (Triggered internally at"
            " /pytorch/c10/cuda/CUDAFunctions.cpp:109.)")
    present = gpus_present(fake_view("nvidia_a100"))
    warnings = torch_warnings(CUDA_BUILD, [{"type": "cpu"}], present, "550.54.15", [],
                              start_error=text)
    assert any("Error 802" in w and "Fabric Manager" in w for w in warnings)
    compat = cuda_start_error_warning("Error 804: forward compatibility was attempted on non"
                                      " supported HW")
    assert "cuda-compat" in compat[0]
    assert cuda_start_error_warning(None) == []


def _fake_torch(hip: str | None, available: Any) -> Any:
    props = SimpleNamespace(name="AMD Instinct MI300X", major=9, minor=4,
                            total_memory=192 * 2**30, multi_processor_count=304,
                            gcnArchName="gfx942:sramecc+:xnack-")
    return SimpleNamespace(
        version=SimpleNamespace(hip=hip, cuda=None if hip else "12.4"),
        cuda=SimpleNamespace(is_available=available, device_count=lambda: 1,
                             get_device_properties=lambda index: props),
        backends=SimpleNamespace(mps=SimpleNamespace(is_available=lambda: False)),
    )


def test_rocm_devices_carry_the_gfx_arch_not_a_compute_capability() -> None:
    devices = torch_devices(_fake_torch("6.2.41133", lambda: True))
    assert devices[1]["backend"] == "rocm" and devices[1]["gfx_arch"] == "gfx942:sramecc+:xnack-"
    assert devices[1]["compute_capability"] is None


def test_cuda_start_keeps_the_warning_torch_swallows() -> None:
    def failing() -> bool:
        warnings.warn("CUDA initialization: Unexpected error from cudaGetDeviceCount()."
                      " Error 804: forward compatibility was attempted on non supported HW",
                      UserWarning, stacklevel=1)
        return False

    available, error = cuda_start(_fake_torch(None, failing))
    assert available is False and error is not None and "Error 804" in error
    assert cuda_start(_fake_torch(None, lambda: True)) == (True, None)


def test_tensorflow_cuinit_failure_is_read_from_the_native_log(
    capfd: pytest.CaptureFixture[str],
) -> None:
    line = ("E0000 00:00:1733500000.000000 1 cuda_executor.cc:1228] failed call to cuInit:"
            " CUDA_ERROR_SYSTEM_NOT_READY: system not yet initialized")

    def list_devices() -> list[str]:
        os.write(2, f"{line}\n".encode())
        return ["cpu"]

    devices, log = call_capturing_stderr(list_devices)
    assert devices == ["cpu"]
    assert capfd.readouterr().err.strip() == line  # passed on to the probe's stderr
    error = cuinit_error(log)
    assert error is not None and error.startswith("failed call to cuInit")
    present = gpus_present(fake_view("nvidia_a100"))
    build = {"is_cuda_build": True, "cuda_version": "12.5.1"}
    warnings_ = tensorflow_warnings(build, {"tensorflow": "2.21.0"}, [{"type": "cpu"}],
                                    present, "550.54.15", [], error)
    assert any("Fabric Manager" in w for w in warnings_)
    assert cuinit_error("nothing wrong here") is None
