"""Host identifiers stay out of a probe report unless --include-identifiers is given.

Known values are planted in recorded trees (tests/assets/sysroots/planted_identifiers: host name,
machine id, DMI serials and UUID, MAC addresses), in an environment file (user, home folder,
TPU names, a GPU UUID in CUDA_VISIBLE_DEVICES), in recorded nvidia-smi output (GPU UUID and
serial) and in a probe that leaks them into its document and stderr. The report is searched for
every one of them, without and with the flag.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from advisor.models.probe_report import ProbeReport
from advisor.probing import ProbeSpec, collect_probe_report
from advisor.probing.identifiers import HostIdentifiers, scrub, scrub_text
from tests.conftest import ASSETS, REPO

PLANTED = HostIdentifiers(hostnames=("planted-host-4711",), user="planteduser",
                          home="/home/planteduser")
#: Every identifying value planted in the fixtures.
IDENTIFIERS = (
    "planted-host-4711",  # /proc/sys/kernel/hostname, and leaked by the probe
    "planteduser",  # $USER, in $HOME and in leaked paths
    "4d1c0ffee0ddba11c0ffee0ddba11d4e",  # /etc/machine-id
    "PLANTED-SERIAL-93A1",  # DMI product_serial
    "PLANTED-BOARD-77Q",  # DMI board_serial
    "8f6b2c1e-3d4a-4b5c-9e7f-0a1b2c3d4e5f",  # DMI product_uuid
    "52:54:00:ab:cd:ef",  # MAC of eth0
    "0a:1b:2c:3d:4e:5f",  # MAC of ens5
    "GPU-5eed0a11-7e57-4a55-b00b-c0ffee000001",  # nvidia-smi uuid, CUDA_VISIBLE_DEVICES
    "PLANTEDGPUSERIAL1",  # nvidia-smi serial
    "planted-tpu-node",  # TPU_NAME
    "planted-worker-0",  # TPU_WORKER_HOSTNAMES
)


def _specs() -> list[ProbeSpec]:
    recorded = ("--root", str(ASSETS / "sysroots" / "planted_identifiers"),
                "--env-file", str(ASSETS / "env" / "planted_identifiers.json"),
                "--replay-commands", str(ASSETS / "commands" / "planted_identifiers"))
    leaky = str(ASSETS / "probes" / "leaks_identifiers.py")
    return [
        ProbeSpec("hardware", str(REPO / "probes" / "hardware.py"), "hardware", 60,
                  args=recorded, takes_identifiers=True),
        ProbeSpec("framework_leaky", leaky, "frameworks", 60, key="leaky"),
        ProbeSpec("framework_crashy", leaky, "frameworks", 60, key="crashy", args=("--fail",)),
    ]


def _report(include_identifiers: bool) -> ProbeReport:
    return collect_probe_report(python=sys.executable, specs=_specs(),
                                include_identifiers=include_identifiers, identifiers=PLANTED,
                                created_at="2026-01-01T00:00:00+00:00")


@pytest.fixture(scope="module")
def without_flag() -> str:
    return _report(include_identifiers=False).model_dump_json()


@pytest.fixture(scope="module")
def with_flag() -> str:
    return _report(include_identifiers=True).model_dump_json()


@pytest.mark.parametrize("value", IDENTIFIERS)
def test_no_planted_identifier_reaches_the_report_without_the_flag(
    without_flag: str, value: str
) -> None:
    assert value.lower() not in without_flag.lower()


@pytest.mark.parametrize("value", IDENTIFIERS)
def test_every_planted_identifier_is_reported_with_the_flag(with_flag: str, value: str) -> None:
    assert value in with_flag


def test_the_report_stays_useful_and_says_what_was_left_out(without_flag: str) -> None:
    report = ProbeReport.model_validate_json(without_flag)
    assert report.hardware is not None and report.identifiers_included is False
    assert [gpu.name for gpu in report.hardware.gpus] == ["NVIDIA H100 80GB HBM3"]
    extra = report.hardware.model_extra or {}
    assert "identifiers" not in extra
    assert report.hardware.os["virtualization"]["hypervisor"] == "QEMU"
    assert extra["tpu_environment"] == {
        "TPU_ACCELERATOR_TYPE": "v4-8", "TPU_LOG_DIR": "~/tpu-logs", "TPU_NAME": "<set>",
        "TPU_WORKER_HOSTNAMES": "<set>", "TPU_WORKER_ID": "<set>"}
    leaky = report.frameworks["leaky"]
    assert leaky.warnings[:2] == [
        "loaded ~/venv/lib/python3.12/site-packages/libfoo.so on <hostname>",
        "CUDA_VISIBLE_DEVICES=<gpu-uuid>"]
    crash = next(f for f in report.failures if f.probe == "framework_crashy")
    assert crash.stderr_tail is not None and 'File "~/venv/lib' in crash.stderr_tail


def test_with_the_flag_the_identifiers_section_lists_them(with_flag: str) -> None:
    report = ProbeReport.model_validate_json(with_flag)
    assert report.identifiers_included is True and report.hardware is not None
    ids = (report.hardware.model_extra or {})["identifiers"]
    assert ids["hostname"] == "planted-host-4711" and ids["user"] == "planteduser"
    assert ids["mac_addresses"] == {"ens5": "0a:1b:2c:3d:4e:5f", "eth0": "52:54:00:ab:cd:ef"}
    assert ids["dmi"]["product_uuid"] == "8f6b2c1e-3d4a-4b5c-9e7f-0a1b2c3d4e5f"


def test_scrubbing_keeps_words_that_merely_contain_a_name() -> None:
    ids = HostIdentifiers(hostnames=("vm",), user="al", home="/home/al")
    text = "kvm vm /home/al/x /home/alice /opt/al/y alpha vm.example ~ al@vm"
    assert scrub_text(text, ids) == (
        "kvm <hostname> ~/x /home/alice /opt/<user>/y alpha <hostname>.example ~ <user>@<hostname>")
    assert scrub({"GPU-5eed0a11-7e57-4a55-b00b-c0ffee000001": [1, "0000:07:00.0"]}, ids) == {
        "<gpu-uuid>": [1, "0000:07:00.0"]}


def test_the_home_folder_is_replaced_only_where_a_path_starts() -> None:
    ids = HostIdentifiers(hostnames=(), user="root", home="/root")
    text = 'File "/root/x.py", cwd=/root; /sys/fs/cgroup/root /rootfs/a PATH=/usr/bin:/root/bin'
    assert scrub_text(text, ids) == (
        'File "~/x.py", cwd=~; /sys/fs/cgroup/root /rootfs/a PATH=/usr/bin:~/bin')


def test_this_machine_names_leave_out_generic_ones() -> None:
    ids = HostIdentifiers.of_this_machine()
    assert "localhost" not in ids.hostnames and "" not in ids.hostnames
    machine_id = Path("/etc/machine-id")
    if machine_id.is_file() and len(machine_id.read_text().strip()) >= 6:
        assert machine_id.read_text().strip() in ids.machine_ids


def test_machine_ids_are_replaced_wherever_they_appear() -> None:
    ids = HostIdentifiers(machine_ids=("3d1219c7c4c5404aaa1f6d2a48adfda4",))
    assert scrub_text("id=3d1219c7c4c5404aaa1f6d2a48adfda4.", ids) == "id=<id>."


def test_the_hardware_probe_alone_leaves_them_out_without_the_scrubber() -> None:
    spec = _specs()[0]
    result = subprocess.run([sys.executable, spec.script, *spec.args], capture_output=True,
                            text=True, timeout=120, check=True)
    for value in IDENTIFIERS:
        assert value not in result.stdout, value
    named = subprocess.run([sys.executable, spec.script, *spec.args, "--include-identifiers"],
                           capture_output=True, text=True, timeout=120, check=True).stdout
    assert "PLANTED-SERIAL-93A1" in named and "52:54:00:ab:cd:ef" in named
