"""GPU and TPU detectors against recorded sysfs trees, command outputs and a fake NVML."""

from __future__ import annotations

from gpu_devices import (
    amd_from_kfd,
    apple_gpu,
    detect_gpus,
    nvidia_from_nvml,
    parse_nvidia_smi,
    pci_display_controllers,
)
from tpu_devices import detect_tpus, is_tpu_chip, tpu_environment

from tests.probes.conftest import COMMANDS, fake_view
from tests.probes.fake_pynvml import FakeNvml

SMI = (COMMANDS / "nvidia_a100" / "nvidia-smi.txt").read_text()
AMD_SMI = (COMMANDS / "amd_mi250x" / "amd-smi.txt").read_text()


def test_nvml_lists_gpus_with_driver_cuda_and_pcie() -> None:
    nvml = FakeNvml()
    gpus, cuda = nvidia_from_nvml(nvml, include_identifiers=False)
    assert cuda == "12.4"
    assert len(gpus) == 2
    first = gpus[0]
    assert first["name"] == "NVIDIA A100-SXM4-40GB"
    assert first["memory_bytes"] == 40 * 2**30
    assert first["compute_capability"] == "8.0"
    assert first["driver"] == "550.54.15"
    assert first["pcie"] == {"gen": 4, "width": 16, "max_gen": 4, "max_width": None}
    assert "uuid" not in first
    assert nvml.shutdown_called


def test_nvml_uuid_only_with_identifiers() -> None:
    gpus, _ = nvidia_from_nvml(FakeNvml(count=1), include_identifiers=True)
    assert gpus[0]["uuid"] == "GPU-0000-0"


def test_nvidia_smi_rows_parse_including_not_available_cells() -> None:
    gpus = parse_nvidia_smi(SMI, include_identifiers=False)
    assert [gpu["index"] for gpu in gpus] == [0, 1]
    assert gpus[0]["memory_bytes"] == 81920 * 2**20
    assert gpus[0]["compute_capability"] == "8.0"
    assert gpus[1]["pcie"]["gen"] is None and gpus[1]["pcie"]["max_width"] == 16
    assert "serial" not in gpus[0] and "uuid" not in gpus[0]
    with_ids = parse_nvidia_smi(SMI, include_identifiers=True)
    assert with_ids[0]["serial"] == "1564720004631"


def test_nvml_failure_falls_back_to_nvidia_smi() -> None:
    view = fake_view("nvidia_a100", commands={"nvidia-smi": SMI})
    gpus, facts, notes = detect_gpus(view, FakeNvml(fail_init=True), include_identifiers=False)
    assert [gpu["source"] for gpu in gpus] == ["nvidia-smi", "nvidia-smi"]
    assert any("NVML unavailable" in note for note in notes)
    assert facts == {}


def test_nvidia_gpu_without_driver_is_noted() -> None:
    gpus, _, notes = detect_gpus(fake_view("nvidia_no_driver"), None, include_identifiers=False)
    assert gpus == []
    assert any("NVIDIA GPU 0x2330" in note and "kernel driver: none" in note for note in notes)


def test_amd_kfd_topology_lists_gpu_nodes_only() -> None:
    gpus = amd_from_kfd(fake_view("amd_mi250x"))
    assert len(gpus) == 2
    assert gpus[0]["gfx_target"] == "gfx90a"
    assert gpus[0]["memory_bytes"] == 68702699520
    assert gpus[0]["compute_units"] == 110
    assert gpus[0]["driver"] == "6.7.0"


def test_amd_smi_preferred_and_rocm_version_reported() -> None:
    view = fake_view("amd_mi250x", commands={"amd-smi": AMD_SMI})
    gpus, facts, notes = detect_gpus(view, None, include_identifiers=False)
    assert [gpu["name"] for gpu in gpus] == ["AMD Instinct MI250X"] * 2
    assert gpus[0]["memory_bytes"] == 65536 * 2**20
    assert facts["rocm_version"] == "6.1.2-119"
    assert notes == []


def test_amd_without_amd_smi_uses_kfd() -> None:
    gpus, _, _ = detect_gpus(fake_view("amd_mi250x"), None, include_identifiers=False)
    assert [gpu["source"] for gpu in gpus] == ["kfd", "kfd"]


def test_apple_silicon_reports_an_mps_gpu() -> None:
    view = fake_view("nvidia_no_driver", system="Darwin", machine="arm64", commands={
        "sysctl -n machdep.cpu.brand_string": "Apple M2 Pro\n",
        "sysctl -n hw.memsize": "34359738368\n",
    })
    assert apple_gpu(view) == [{"vendor": "apple", "name": "Apple M2 Pro",
                                "memory_bytes": 34359738368, "unified_memory": True,
                                "mps": True, "source": "sysctl"}]
    assert apple_gpu(fake_view("nvidia_no_driver")) == []


def test_pci_display_controllers_ignore_other_classes() -> None:
    assert pci_display_controllers(fake_view("tpu_v4_vm")) == []
    found = pci_display_controllers(fake_view("nvidia_a100"))
    assert [c["vendor"] for c in found] == ["nvidia", "nvidia"]


def test_tpu_v4_chips_from_pci_and_dev_accel() -> None:
    env = {"TPU_ACCELERATOR_TYPE": "v4-8", "TPU_NAME": "projects/acme/nodes/train-1"}
    tpus = detect_tpus(fake_view("tpu_v4_vm", env=env), include_identifiers=False)
    assert len(tpus) == 4
    assert {tpu["generation"] for tpu in tpus} == {"v4"}
    assert [tpu["device_node"] for tpu in tpus] == [f"/dev/accel{i}" for i in range(4)]
    assert tpus[0]["accelerator_type"] == "v4-8"


def test_tpu_from_environment_only_and_identifier_redaction() -> None:
    env = {"TPU_NAME": "grpc://10.0.0.2:8470", "TPU_ACCELERATOR_TYPE": "v5litepod-16"}
    tpus = detect_tpus(fake_view("nvidia_no_driver", env=env), include_identifiers=False)
    assert tpus == [{"vendor": "google", "generation": "v5e", "accelerator_type": "v5litepod-16",
                     "device_nodes": [], "source": "environment"}]
    hidden = tpu_environment(fake_view("nvidia_no_driver", env=env), include_identifiers=False)
    assert hidden["TPU_NAME"] == "<set>"
    shown = tpu_environment(fake_view("nvidia_no_driver", env=env), include_identifiers=True)
    assert shown["TPU_NAME"] == "grpc://10.0.0.2:8470"


def test_no_tpu_on_an_ordinary_machine() -> None:
    assert detect_tpus(fake_view("intel_sapphire_rapids_k8s"), include_identifiers=False) == []


def test_google_network_disk_and_bridge_are_not_tpus() -> None:
    # A GCE a2-highgpu-1g: gVNIC 1ae0:0042, NVMe 1ae0:001f and a bridge 1ae0:a010 beside an A100.
    assert detect_tpus(fake_view("gce_a100"), include_identifiers=False) == []


def test_tpu_chip_needs_a_listed_id_or_the_accelerator_class() -> None:
    assert is_tpu_chip("0x0076", "0x120000")  # TPU7x
    assert is_tpu_chip("0x0027", "0x0b4000")  # a listed id with another non-excluded class
    assert is_tpu_chip("0x0099", "0x120000")  # a newer generation: processing accelerator
    assert not is_tpu_chip("0x0042", "0x020000")  # gVNIC
    assert not is_tpu_chip("0x001f", "0x010802")  # NVMe
    assert not is_tpu_chip("0x005e", "0x020000")  # a listed id on a network class


def test_gce_a100_lists_the_gpu_and_no_tpu() -> None:
    smi = (COMMANDS / "gce_a100" / "nvidia-smi.txt").read_text()
    gpus, _, notes = detect_gpus(fake_view("gce_a100", commands={"nvidia-smi": smi}), None,
                                 include_identifiers=False)
    assert [gpu["name"] for gpu in gpus] == ["NVIDIA A100-SXM4-40GB"]
    assert notes == []


def test_mig_slices_carry_their_own_memory() -> None:
    gpus, _ = nvidia_from_nvml(FakeNvml(count=1, mig_slices_gib=[10, 10, 20]),
                               include_identifiers=False)
    assert [s["memory_bytes"] for s in gpus[0]["mig_instances"]] == [10 * 2**30, 10 * 2**30,
                                                                      20 * 2**30]
    assert gpus[0]["mig_instances"][2]["name"].endswith("MIG 4g.20gb")
    plain, _ = nvidia_from_nvml(FakeNvml(count=1), include_identifiers=False)
    unsupported, _ = nvidia_from_nvml(FakeNvml(count=1, mig_supported=False),
                                      include_identifiers=False)
    assert "mig_instances" not in plain[0] and "mig_instances" not in unsupported[0]


def test_nvidia_smi_that_refuses_one_field_keeps_the_gpus() -> None:
    # Driver 470's nvidia-smi does not know compute_cap and refuses the whole query.
    base = "--format=csv,noheader,nounits"
    answers = {
        f"nvidia-smi --query-gpu=index {base}": "0\n1\n",
        f"nvidia-smi --query-gpu=index,name {base}": "0, Tesla V100-SXM2-16GB\n"
                                                     "1, Tesla V100-SXM2-16GB\n",
        f"nvidia-smi --query-gpu=index,memory.total {base}": "0, 16160\n1, 16160\n",
        f"nvidia-smi --query-gpu=index,driver_version {base}": "0, 470.182.03\n1, 470.182.03\n",
        f"nvidia-smi --query-gpu=index,pcie.link.gen.current {base}": "0, 3\n1, 3\n",
    }
    view = fake_view("nvidia_a100", commands=answers)
    gpus, _, notes = detect_gpus(view, None, include_identifiers=False)
    assert [gpu["name"] for gpu in gpus] == ["Tesla V100-SXM2-16GB"] * 2
    assert gpus[1]["memory_bytes"] == 16160 * 2**20
    assert gpus[0]["compute_capability"] is None and gpus[0]["pcie"]["gen"] == 3
    assert any("compute_cap" in note for note in notes)


def test_intel_integrated_gpu_is_not_an_accelerator() -> None:
    gpus, _, _ = detect_gpus(fake_view("intel_igpu"), None, include_identifiers=False)
    assert [(g["vendor"], g["integrated"], g["accelerator"]) for g in gpus] == [
        ("intel", True, False), ("intel", False, True)]
