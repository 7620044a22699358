"""CPU detection against recorded /proc and /sys trees, and the documented peak formula."""

from __future__ import annotations

from pathlib import Path

import pytest
from cpu_features import describe_cpu, features_from_flags, microarchitecture, parse_cpuinfo

from tests.probes.conftest import COMMANDS, SYSROOTS, fake_view


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
    # the highest clock reported, sysfs maximum (3.8 GHz; base 2.0 GHz), x 2 physical cores x
    # 64 FLOPs/cycle: a peak from the base clock was exceeded by a measured matmul
    assert cpu["frequency_mhz"] == 3800.0 and cpu["frequency_basis"] == "max (sysfs)"
    assert cpu["peak_gflops_fp32"] == pytest.approx(2 * 3.8 * 64)
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


@pytest.mark.parametrize(
    ("vendor", "family", "model", "name", "expected"),
    [
        ("GenuineIntel", 6, 0x55, "Intel(R) Xeon(R) Platinum 8280 CPU @ 2.70GHz",
         ("Skylake-SP/Cascade Lake/Cooper Lake", 64)),
        ("GenuineIntel", 6, 0x55, "Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz",
         ("Skylake-SP/Cascade Lake/Cooper Lake (one AVX-512 FMA unit)", 32)),
        ("GenuineIntel", 6, 0x55, "Intel(R) Xeon(R) Gold 5218 CPU @ 2.30GHz",
         ("Skylake-SP/Cascade Lake/Cooper Lake (one AVX-512 FMA unit)", 32)),
        ("GenuineIntel", 6, 0x55, "Intel(R) Xeon(R) Gold 5222 CPU @ 3.80GHz",
         ("Skylake-SP/Cascade Lake/Cooper Lake", 64)),
        ("GenuineIntel", 6, 0x6A, "Intel(R) Xeon(R) Platinum 8375C CPU", ("Ice Lake-SP", 64)),
        ("GenuineIntel", 6, 0x8F, "Intel(R) Xeon(R) Platinum 8480+", ("Sapphire Rapids", 64)),
        ("GenuineIntel", 6, 0xCF, "INTEL(R) XEON(R) PLATINUM 8592+", ("Emerald Rapids", 64)),
        ("GenuineIntel", 6, 0xAD, "Intel(R) Xeon(R) 6980P", ("Granite Rapids", 64)),
        ("GenuineIntel", 6, 0xAF, "Intel(R) Xeon(R) 6780E", ("Sierra Forest (E-cores)", 16)),
        ("GenuineIntel", 6, 0xC6, "Intel(R) Core(TM) Ultra 9 285K", ("Arrow Lake", 32)),
        ("AuthenticAMD", 0x17, 0x31, "AMD EPYC 7742 64-Core Processor", ("Zen 2", 32)),
        ("AuthenticAMD", 0x19, 0x01, "AMD EPYC 7763 64-Core Processor", ("Zen 3", 32)),
        ("AuthenticAMD", 0x19, 0x11, "AMD EPYC 9654 96-Core Processor", ("Zen 4", 32)),
        ("AuthenticAMD", 0x19, 0xA0, "AMD EPYC 9754 128-Core Processor", ("Zen 4", 32)),
        ("AuthenticAMD", 0x1A, 0x02, "AMD EPYC 9755 128-Core Processor", ("Zen 5", 64)),
        ("AuthenticAMD", 0x1A, 0x44, "AMD Ryzen 9 9950X 16-Core Processor", ("Zen 5", 64)),
        ("AuthenticAMD", 0x1A, 0x24, "AMD Ryzen AI 9 HX 370",
         ("Zen 5 (256-bit datapath)", 32)),
        ("HygonGenuine", 0x18, 0x01, "Hygon C86 7185 32-core Processor",
         ("Zen (Hygon Dhyana)", 16)),
    ],
)
def test_server_x86_microarchitectures_are_in_the_table(
    vendor: str, family: int, model: int, name: str, expected: tuple[str, int]
) -> None:
    first = {"vendor_id": vendor, "cpu family": str(family), "model": str(model),
             "model name": name}
    assert microarchitecture(first, []) == expected


@pytest.mark.parametrize(
    ("implementer", "part", "expected"),
    [
        ("0x41", "0xd0c", ("Neoverse N1", 16)),  # Graviton2, Ampere Altra
        ("0x41", "0xd40", ("Neoverse V1", 32)),  # Graviton3
        ("0x41", "0xd4f", ("Neoverse V2", 32)),  # Graviton4, Axion, Grace
        ("0x41", "0xd84", ("Neoverse V3", 32)),
        ("0x41", "0xd8e", ("Neoverse N3", 16)),
        ("0x46", "0x001", ("A64FX", 64)),
        ("0x61", "0x023", ("Apple M1 Firestorm (P)", 32)),
    ],
)
def test_arm_server_cores_are_in_the_table(
    implementer: str, part: str, expected: tuple[str, int]
) -> None:
    assert microarchitecture({"cpu implementer": implementer, "cpu part": part}, []) == expected


def test_zen6_and_other_unknown_models_get_no_estimate() -> None:
    assert microarchitecture({"vendor_id": "AuthenticAMD", "cpu family": "26",
                              "model": str(0x50)}, []) is None
    assert microarchitecture({"vendor_id": "GenuineIntel", "cpu family": "19",
                              "model": "1"}, []) is None


def test_apple_m1_under_linux_sums_its_p_and_e_clusters() -> None:
    cpu = describe_cpu(fake_view("asahi_m1", machine="aarch64"))
    assert cpu["vendor"] == "Apple" and cpu["logical_cores"] == 8
    assert cpu["microarchitecture"] == (
        "4 x Apple M1 Icestorm (E) + 4 x Apple M1 Firestorm (P)")
    basis = cpu["peak_gflops_fp32_basis"]
    assert [(c["cores"], c["ghz"], c["fp32_flops_per_cycle"]) for c in basis["clusters"]] == [
        (4, 2.064, 16), (4, 3.204, 32)]
    assert cpu["peak_gflops_fp32"] == pytest.approx(4 * 2.064 * 16 + 4 * 3.204 * 32, abs=0.1)


def test_peak_on_this_machine_follows_the_documented_formula() -> None:
    from sysview import SystemView

    cpu = describe_cpu(SystemView())
    basis = cpu["peak_gflops_fp32_basis"]
    if not basis["estimate"]:
        pytest.skip(f"no estimate here: {basis['reason']}")
    clusters = basis.get("clusters") or [
        {"cores": cpu["physical_cores"], "ghz": basis["ghz"],
         "fp32_flops_per_cycle": basis["fp32_flops_per_cycle"]}]
    expected = sum(c["cores"] * c["ghz"] * c["fp32_flops_per_cycle"] for c in clusters)
    assert cpu["peak_gflops_fp32"] == pytest.approx(expected, abs=0.1)


def _sysctl(name: str) -> dict[str, str]:
    return {"sysctl": (COMMANDS / name / "sysctl.txt").read_text()}


def test_apple_silicon_mac_reports_its_core_clusters_and_no_guessed_peak() -> None:
    cpu = describe_cpu(fake_view("nvidia_no_driver", commands=_sysctl("macos_m2_pro"),
                                 system="Darwin", machine="arm64"))
    assert (cpu["model"], cpu["vendor"]) == ("Apple M2 Pro", "Apple")
    assert (cpu["physical_cores"], cpu["logical_cores"]) == (12, 12)
    assert cpu["core_clusters"] == [{"name": "Performance", "cores": 8},
                                    {"name": "Efficiency", "cores": 4}]
    assert cpu["features"] == ["neon", "neon_fp16", "dotprod", "i8mm", "bf16"]
    assert cpu["peak_gflops_fp32"] is None
    assert "exposes no clock" in cpu["peak_gflops_fp32_basis"]["reason"]


def test_intel_mac_gets_a_peak_from_its_family_model_and_clock() -> None:
    cpu = describe_cpu(fake_view("nvidia_no_driver", commands=_sysctl("macos_intel"),
                                 system="Darwin", machine="x86_64"))
    assert cpu["microarchitecture"] == "Kaby/Coffee Lake"
    assert cpu["features"] == ["fma", "avx2"]
    assert cpu["peak_gflops_fp32"] == pytest.approx(8 * 2.3 * 32)
