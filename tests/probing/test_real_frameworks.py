"""The real framework probes, once each, from a real `advisor probe` whose own process never
imports torch or tensorflow."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from advisor.assessment_io import load_probe_report
from tests.conftest import REPO, cli_env

IN_PROCESS = textwrap.dedent("""
    import json, sys
    from advisor.cli import main
    code = main(["probe", "--only", "frameworks,hardware", "-o", sys.argv[1]])
    loaded = sorted(name for name in sys.modules
                    if name.split(".")[0] in ("torch", "tensorflow", "keras", "jax"))
    with open(sys.argv[2], "w") as handle:
        json.dump({"code": code, "loaded": loaded}, handle)
""")


def _distribution_version(*names: str) -> str:
    """The version `pip show` gives for the first of `names` that is installed."""
    for name in names:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        shown = subprocess.run([sys.executable, "-m", "pip", "show", name], capture_output=True,
                               text=True, timeout=120, check=False).stdout
        pip_version = next((line.split(":", 1)[1].strip() for line in shown.splitlines()
                            if line.startswith("Version:")), None)
        assert pip_version == version, f"pip show {name} gave no version matching {version}"
        return pip_version
    pytest.skip(f"none of {names} is installed")


def test_advisor_process_imports_no_framework_at_startup() -> None:
    code = ("import sys, advisor.cli, advisor.probing, advisor.pipeline;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('torch', 'tensorflow')];"
            "sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], env=cli_env(), cwd=REPO,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_real_framework_probes_and_no_framework_in_the_advisor_process(tmp_path: Path) -> None:
    torch_version = _distribution_version("torch")
    tf_version = _distribution_version("tensorflow", "tensorflow-cpu", "tensorflow-intel")
    out, facts = tmp_path / "probe.json", tmp_path / "facts.json"
    result = subprocess.run([sys.executable, "-c", IN_PROCESS, str(out), str(facts)],
                            env=cli_env(), cwd=tmp_path, capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(facts.read_text())
    assert outcome == {"code": 0, "loaded": []}

    report = load_probe_report(out)
    torch_info = report.frameworks["pytorch"]
    assert torch_info.installed and torch_info.version == torch_version
    assert {"cuda", "cudnn", "hip", "cpu_capability", "onednn_version"} <= set(torch_info.build)
    assert {"type": "cpu"} in torch_info.devices
    extra = torch_info.model_extra or {}
    assert extra["threads"]["intra_op"] >= 1
    assert extra["import_s"] > 0

    tf_info = report.frameworks["tensorflow"]
    assert tf_info.installed and tf_info.version == tf_version
    assert "is_cuda_build" in tf_info.build
    assert any(device["type"] == "cpu" for device in tf_info.devices)
    tf_extra = tf_info.model_extra or {}
    assert "enabled" in tf_extra["onednn"]
    assert report.failures == []
    # each environment probe costs its framework's import plus little more
    runs = {run.probe: run.duration_s for run in report.probe_runs}
    assert runs["framework_torch"] <= extra["import_s"] + 5
    assert runs["framework_tensorflow"] <= tf_extra["import_s"] + 5


#: collect_env's ways of saying "nothing here".
_NOTHING = ("Could not collect", "N/A", "None")


def _collect_env() -> dict[str, str]:
    """`python -m torch.utils.collect_env` as a mapping of its "Key: value" lines."""
    text = subprocess.run([sys.executable, "-m", "torch.utils.collect_env"], capture_output=True,
                          text=True, timeout=300, check=True).stdout
    fields = {key.strip(): value.strip() for key, sep, value in
              (line.partition(": ") for line in text.splitlines()) if sep}
    fields.update(line[len("[pip3] "):].split("==", 1)  # type: ignore[arg-type]
                  for line in text.splitlines() if line.startswith("[pip3] ") and "==" in line)
    return fields


def _same(ours: object, theirs: str) -> None:
    if theirs in _NOTHING:
        assert ours in (None, False), (ours, theirs)
    else:
        assert ours is not None and str(ours).endswith(theirs), (ours, theirs)


@pytest.mark.slow
def test_probes_cover_what_torch_collect_env_reports() -> None:
    pytest.importorskip("torch")
    env = _collect_env()
    scripts = REPO / "probes"
    torch_doc = json.loads(subprocess.run(
        [sys.executable, str(scripts / "framework_torch.py")], capture_output=True, text=True,
        timeout=300, check=True).stdout)
    hardware = json.loads(subprocess.run(
        [sys.executable, str(scripts / "hardware.py")], capture_output=True, text=True,
        timeout=120, check=True).stdout)
    build, system = torch_doc["build"], hardware["os"]
    assert torch_doc["version"] == env["PyTorch version"]
    assert str(build["debug"]) == env["Is debug build"]
    _same(build["cuda"], env["CUDA used to build PyTorch"])
    _same(build["hip"], env["ROCM used to build PyTorch"])
    assert env["OS"].startswith(system["distribution"])
    _same(system["toolchain"]["gcc"], env["GCC version"])
    _same(system["toolchain"]["clang"], env["Clang version"])
    _same(system["toolchain"]["cmake"], env["CMake version"])
    assert system["libc"] == env["Libc version"]
    assert env["Python version"].startswith(hardware["python"]["version"] + " ")
    assert str(torch_doc["cuda_available"]) == env["Is CUDA available"]
    _same(hardware["gpu_drivers"].get("cuda_toolkit_nvcc"), env["CUDA runtime version"])
    _same(torch_doc["nvidia_driver"], env["Nvidia driver version"])
    _same(build["cudnn"], env["cuDNN version"])
    assert str(build["xnnpack"]) == env["Is XNNPACK available"]
    _same(torch_doc["environment"]["CUDA_MODULE_LOADING"], env["CUDA_MODULE_LOADING set to"])
    _same(torch_doc["environment"]["PYTORCH_CUDA_ALLOC_CONF"], env["Caching allocator config"])
    for package in ("numpy", "optree", "triton"):
        if package in env:
            assert torch_doc["related_packages"][package] == env[package]
    assert any(device["type"] == "xpu" for device in torch_doc["devices"]) == (
        env["Is XPU available"] == "True")
