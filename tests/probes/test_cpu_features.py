"""CPU detection against recorded /proc and /sys trees, and the documented peak formula."""

from __future__ import annotations

from pathlib import Path

import pytest
from cpu_features import describe_cpu, features_from_flags, microarchitecture, parse_cpuinfo

from tests.probes.conftest import SYSROOTS, fake_view


def test_sapphire_rapids_in_a_container_with_cgroup_quota() -> None:
    cpu = describe_cpu(fake_view("intel_sapphire_rapids_k8s"))
    assert cpu["model"] == "Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz"
    assert (cpu["physical_cores"], cpu["logical_cores"]) == (2, 4)
    assert cpu["microarchitecture"] == "Sapphire Rapids"
    for feature in ("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "avx512_fp16",
                    "amx_tile", "amx_bf16", "amx_int8", "avx_vnni"):
        assert feature in cpu["features"]
    assert cpu["usable_cores"] == {"cgroup_quota": 3.0}
    assert (cpu["sockets"], cpu["numa_nodes"]) == (1, 2)
    assert cpu["caches"] == {"L1d": 48 * 1024, "L1i": 32 * 1024, "L2": 2 * 1024**2,
                             "L3": 105 * 1024**2}
    # base frequency from sysfs (2.0 GHz) x 2 physical cores x 64 FLOPs/cycle
    assert cpu["frequency_mhz"] == 2000.0 and cpu["frequency_basis"] == "base (sysfs)"
    assert cpu["peak_gflops_fp32"] == pytest.approx(2 * 2.0 * 64)
    basis = cpu["peak_gflops_fp32_basis"]
    assert basis["estimate"] is True and basis["fp32_flops_per_cycle"] == 64


def test_graviton3_arm_cores_and_features() -> None:
    cpu = describe_cpu(fake_view("arm_graviton3", machine="aarch64"))
    assert cpu["model"] == "Arm Neoverse V1"
    assert cpu["vendor"] == "ARM"
    assert (cpu["physical_cores"], cpu["logical_cores"]) == (4, 4)
    assert {"neon", "sve", "dotprod", "i8mm", "bf16"} <= set(cpu["features"])
    assert "avx2" not in cpu["features"]
    assert cpu["peak_gflops_fp32"] == pytest.approx(4 * 2.6 * 32)
    assert cpu["frequency_basis"] == "max (sysfs)"


def test_zen2_uses_current_frequency_when_sysfs_has_none() -> None:
    cpu = describe_cpu(fake_view("tpu_v4_vm"))
    assert cpu["microarchitecture"] == "Zen 2"
    assert cpu["frequency_basis"] == "current (/proc/cpuinfo)"
    assert cpu["peak_gflops_fp32"] == pytest.approx(2 * 2.25 * 32, rel=1e-3)
    assert cpu["hypervisor"] is True


def test_unknown_microarchitecture_gets_no_peak_and_says_why() -> None:
    blocks = parse_cpuinfo((SYSROOTS / "intel_sapphire_rapids_k8s/proc/cpuinfo").read_text())
    first = {**blocks[0], "model": "250"}
    assert microarchitecture(first, []) is None
    assert microarchitecture({"vendor_id": "AuthenticAMD", "cpu family": "25",
                              "model": "17"}, []) == ("Zen 4", 32)


def test_missing_proc_gives_nulls_not_errors() -> None:
    cpu = describe_cpu(fake_view("nvidia_no_driver"))
    assert cpu["model"] is None and cpu["logical_cores"] is None
    assert cpu["peak_gflops_fp32"] is None


def test_feature_filter_keeps_ml_relevant_flags_in_display_order() -> None:
    assert features_from_flags({"sse", "avx512f", "avx2", "fma", "asimd"}) == [
        "fma", "avx2", "avx512f", "neon"]


def test_live_machine_agrees_with_proc_cpuinfo() -> None:
    from sysview import SystemView

    cpu = describe_cpu(SystemView())
    text = Path("/proc/cpuinfo").read_text()
    assert cpu["logical_cores"] == text.count("processor\t:")
    model_line = next((line for line in text.splitlines() if line.startswith("model name")), "")
    if model_line:
        assert cpu["model"] == model_line.split(":", 1)[1].strip()
