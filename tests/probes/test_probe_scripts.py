"""The probe scripts run as real subprocesses: recorded trees, identifiers, this machine."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.probes.conftest import (
    COMMANDS,
    ENVIRONMENTS,
    PROBES_DIR,
    SYSROOTS,
    run_probe_script,
)


def test_hardware_on_a_recorded_tpu_vm() -> None:
    document = run_probe_script(
        "hardware", "--root", SYSROOTS / "tpu_v4_vm", "--env-file", ENVIRONMENTS / "tpu_v4.json",
        "--replay-commands", COMMANDS / "none")
    assert [tpu["generation"] for tpu in document["tpus"]] == ["v4"] * 4
    assert document["tpu_environment"]["TPU_NAME"] == "<set>"
    assert document["tpu_environment"]["TPU_ACCELERATOR_TYPE"] == "v4-8"
    assert document["cpu"]["model"] == "AMD EPYC 7B12"
    assert document["memory_bytes"] == 417808508 * 1024
    assert document["os"]["virtualization"]["cloud"] == "gcp"
    assert document["gpus"] == []


def test_hardware_on_a_recorded_nvidia_machine_with_identifiers() -> None:
    args = ["--root", SYSROOTS / "nvidia_a100", "--env-file", ENVIRONMENTS / "empty.json",
            "--replay-commands", COMMANDS / "nvidia_a100"]
    plain = run_probe_script("hardware", *args)
    assert [gpu["name"] for gpu in plain["gpus"]] == ["NVIDIA A100-SXM4-80GB"] * 2
    assert "uuid" not in plain["gpus"][0] and "hostname" not in plain["os"]
    assert plain["gpu_drivers"]["cuda_toolkit_nvcc"] == "12.4.131"
    with_ids = run_probe_script("hardware", *args, "--include-identifiers")
    assert with_ids["gpus"][0]["uuid"].startswith("GPU-1c7a9f2e")


def _lscpu() -> dict[str, str]:
    if shutil.which("lscpu") is None:
        pytest.skip("lscpu is not installed")
    text = subprocess.run(["lscpu"], capture_output=True, text=True, check=True,
                          env={**os.environ, "LC_ALL": "C"}).stdout
    return {key.strip(): value.strip() for key, _, value in
            (line.partition(":") for line in text.splitlines()) if value}


def test_hardware_on_this_machine_agrees_with_proc_and_lscpu() -> None:
    document = run_probe_script("hardware")
    cpu = document["cpu"]
    lscpu = _lscpu()
    assert cpu["logical_cores"] == int(lscpu["CPU(s)"]) == os.cpu_count()
    if "Core(s) per socket" in lscpu and "Socket(s)" in lscpu:
        assert cpu["physical_cores"] == (
            int(lscpu["Core(s) per socket"]) * int(lscpu["Socket(s)"]))
    if "Model name" in lscpu:
        assert cpu["model"] == lscpu["Model name"]
    if "Vendor ID" in lscpu:
        assert cpu["vendor"] == lscpu["Vendor ID"]
    for flag in ("avx2", "avx512f", "amx_tile"):
        assert (flag in cpu["features"]) == (flag in lscpu.get("Flags", "").split())
    meminfo = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    assert document["memory_bytes"] == int(meminfo["MemTotal"].split()[0]) * 1024
    assert document["python"]["version"] == platform.python_version()
    assert document["os"]["libc"] == "-".join(platform.libc_ver())
    assert "hostname" not in document["os"] and "identifiers" not in document
    assert not json.dumps(document).count(f'"{platform.node()}"')


def test_framework_probe_in_an_interpreter_without_the_framework(tmp_path: Path) -> None:
    # python -S leaves site-packages out: torch and tensorflow are then "not installed".
    for name, framework in (("framework_torch", "pytorch"),
                            ("framework_tensorflow", "tensorflow")):
        result = subprocess.run([sys.executable, "-S", str(PROBES_DIR / f"{name}.py")],
                                capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stderr
        document = json.loads(result.stdout)
        assert document["framework"] == framework
        assert "is not installed" in document["skipped"]
