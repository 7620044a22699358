"""Host description and the checks the framework probes share, against recorded trees."""

from __future__ import annotations

import pytest
from framework_checks import (
    driver_cuda_warnings,
    gpus_present,
    loaded_openmp_runtimes,
    nvidia_driver_version,
    openmp_warnings,
    version_tuple,
)
from host_platform import (
    container_hint,
    describe_memory,
    describe_os,
    describe_python,
    virtualization_hint,
)

from tests.conftest import ASSETS
from tests.probes.conftest import COMMANDS, fake_view

MAPS_TWO_RUNTIMES = (ASSETS / "proc_maps" / "two_openmp_runtimes.txt").read_text()


def test_container_kubernetes_and_cloud_vm_hints() -> None:
    view = fake_view("intel_sapphire_rapids_k8s", env={"KUBERNETES_SERVICE_HOST": "10.0.0.1"})
    hint = container_hint(view)
    assert hint is not None and hint["kind"] == "kubernetes"
    assert "/proc/1/cgroup mentions kubepods" in hint["evidence"]
    vm = virtualization_hint(view)
    assert vm == {"virtual_machine": True, "hypervisor": "Google Compute Engine (KVM-based)",
                  "platform": "Google Google Compute Engine", "cloud": "gcp",
                  "basis": ["/sys/class/dmi/id/sys_vendor is 'Google'",
                            "/proc/cpuinfo flags include hypervisor"]}


def test_aws_graviton_vm_detected_from_dmi_and_hypervisor_file() -> None:
    vm = virtualization_hint(fake_view("arm_graviton3"))
    assert vm is not None and vm["cloud"] == "aws" and vm["virtual_machine"] is True
    assert vm["hypervisor"] == "Amazon EC2 (Nitro, KVM-based)"
    assert vm["basis"][0] == "/sys/class/dmi/id/sys_vendor is 'Amazon EC2'"


@pytest.mark.parametrize(
    ("root", "hypervisor", "cloud", "first_basis"),
    [
        ("vmware_esxi", "VMware", None, "/sys/class/dmi/id/sys_vendor is 'VMware, Inc.'"),
        ("azure_hyperv", "Hyper-V", "azure", "/sys/class/dmi/id/product_name is 'Virtual Machine'"),
        ("onprem_hyperv", "Hyper-V", None, "/sys/class/dmi/id/product_name is 'Virtual Machine'"),
        ("xen_hvm", "Xen", None, "/sys/class/dmi/id/sys_vendor is 'Xen'"),
        ("planted_identifiers", "QEMU", None, "/sys/class/dmi/id/sys_vendor is 'QEMU'"),
        ("tpu_v4_vm", "Google Compute Engine (KVM-based)", "gcp",
         "/sys/class/dmi/id/sys_vendor is 'Google'"),
    ],
)
def test_dmi_names_the_hypervisor_and_the_file_that_said_so(
    root: str, hypervisor: str, cloud: str | None, first_basis: str
) -> None:
    vm = virtualization_hint(fake_view(root))
    assert vm is not None and vm["virtual_machine"] is True
    assert (vm["hypervisor"], vm["cloud"], vm["basis"][0]) == (hypervisor, cloud, first_basis)


def test_azure_is_told_by_its_asset_tag_and_other_asset_tags_are_not_quoted() -> None:
    azure = virtualization_hint(fake_view("azure_hyperv"))
    assert azure is not None and "/sys/class/dmi/id/chassis_asset_tag is Azure's" in azure["basis"]
    onprem = virtualization_hint(fake_view("onprem_hyperv"))
    assert onprem is not None and "PLANTED-ASSET-0042" not in str(onprem)


def test_xen_hypervisor_file_is_part_of_the_basis() -> None:
    vm = virtualization_hint(fake_view("xen_hvm"))
    assert vm is not None and "/sys/hypervisor/type is 'xen'" in vm["basis"]


def test_ec2_bare_metal_is_aws_but_not_a_virtual_machine() -> None:
    vm = virtualization_hint(fake_view("aws_metal"))
    assert vm is not None
    assert (vm["virtual_machine"], vm["hypervisor"], vm["cloud"]) == (False, None, "aws")
    assert "/sys/class/dmi/id/product_name 'c6i.metal' is bare metal" in vm["basis"]


def test_without_dmi_lscpu_names_the_hypervisor_of_a_flagged_cpu() -> None:
    lscpu = (COMMANDS / "docker_on_kvm" / "lscpu.txt").read_text()
    vm = virtualization_hint(fake_view("docker_on_kvm", commands={"lscpu": lscpu}))
    assert vm is not None and vm["hypervisor"] == "KVM" and vm["cloud"] is None
    assert vm["basis"] == ["/proc/cpuinfo flags include hypervisor",
                           "lscpu says Hypervisor vendor: KVM"]
    flagged_only = virtualization_hint(fake_view("docker_on_kvm"))
    assert flagged_only is not None and flagged_only["virtual_machine"] is True
    assert flagged_only["hypervisor"] is None
    assert container_hint(fake_view("docker_on_kvm")) == {
        "kind": "docker", "evidence": ["/.dockerenv exists"]}


def test_bare_tree_has_no_container_or_vm() -> None:
    view = fake_view("nvidia_no_driver")
    assert container_hint(view) is None
    assert virtualization_hint(view) is None


def test_os_description_hides_the_hostname_unless_asked() -> None:
    view = fake_view("intel_sapphire_rapids_k8s")
    plain = describe_os(view, include_identifiers=False)
    assert plain["distribution"] == "Ubuntu 22.04.4 LTS"
    assert plain["kernel"] == "5.15.0-1057-gcp"
    assert plain["cgroup_memory_limit_bytes"] == 8 * 2**30
    assert "hostname" not in plain
    assert describe_os(view, include_identifiers=True)["hostname"] == "trainer-7f9c"


def test_memory_from_meminfo() -> None:
    memory = describe_memory(fake_view("intel_sapphire_rapids_k8s"))
    assert memory == {"total": 16393216 * 1024, "available": 12000000 * 1024}


def test_python_executable_redacts_home() -> None:
    info = describe_python(include_identifiers=False)
    assert info["implementation"] == "CPython"
    assert isinstance(info["virtual_environment"], bool)


def test_nvidia_driver_version_and_gpu_presence() -> None:
    view = fake_view("nvidia_a100")
    assert nvidia_driver_version(view) == "535.104.05"
    present = gpus_present(view)
    assert present["nvidia"] is True and present["amd"] is False
    assert "/dev/nvidia0" in present["evidence"]["nvidia"]
    assert gpus_present(fake_view("amd_mi250x"))["amd"] is True
    assert gpus_present(fake_view("tpu_v4_vm")) == {
        "nvidia": False, "amd": False, "evidence": {"nvidia": [], "amd": []}}


def test_driver_older_than_the_cuda_build_is_a_warning() -> None:
    assert driver_cuda_warnings("535.104.05", "12.1") == []
    newer_toolkit = driver_cuda_warnings("535.104.05", "12.4")
    assert len(newer_toolkit) == 1 and "minor-version compatibility" in newer_toolkit[0]
    too_old = driver_cuda_warnings("470.223.02", "12.1")
    assert len(too_old) == 1 and "cannot be used" in too_old[0] and "525.60.13" in too_old[0]
    assert driver_cuda_warnings(None, "12.1") == []
    assert driver_cuda_warnings("470.223.02", None) == []


def test_two_openmp_runtimes_in_maps_are_found_and_warned_about() -> None:
    runtimes = loaded_openmp_runtimes(MAPS_TWO_RUNTIMES)
    assert [r["runtime"] for r in runtimes] == ["GNU libgomp", "Intel libiomp5", "GNU libgomp"]
    warning = openmp_warnings(runtimes)
    assert len(warning) == 1 and warning[0].startswith("3 OpenMP runtimes are loaded")
    assert openmp_warnings(runtimes[:1]) == []


def test_version_tuple_ignores_local_tags() -> None:
    assert version_tuple("2.13.0+cpu") == (2, 13, 0)
    assert version_tuple("535.104.05") == (535, 104, 5)


def test_toolchain_is_the_first_line_of_each_version_answer() -> None:
    from host_platform import describe_toolchain

    gcc = "gcc (Debian 12.2.0-14+deb12u1) 12.2.0\nCopyright (C) 2022"
    view = fake_view("nvidia_no_driver", commands={"gcc": gcc, "cmake": "cmake 3.25.1"})
    assert describe_toolchain(view) == {
        "gcc": "gcc (Debian 12.2.0-14+deb12u1) 12.2.0", "clang": None, "cmake": "cmake 3.25.1"}


def test_mac_memory_from_sysctl() -> None:
    view = fake_view("nvidia_no_driver", commands={"sysctl -n hw.memsize": "34359738368\n"},
                     system="Darwin", machine="arm64")
    assert describe_memory(view) == {"total": 32 * 2**30, "available": None}
