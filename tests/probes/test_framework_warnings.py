"""The warnings of the framework probes, from recorded build facts (no framework imported)."""

from __future__ import annotations

from framework_checks import gpus_present
from framework_tensorflow import onednn_state, tensorflow_warnings
from framework_torch import torch_warnings

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
