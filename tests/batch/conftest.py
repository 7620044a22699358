"""Fixtures of the batch tests: saved probe reports of fake machines and profile generators."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import cli_env

#: Fixed created_at for runs whose outputs are compared byte for byte.
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

STAGES = ["research", "prototype", "production", "research_to_production"]
DOMAINS = ["nlp_llm", "vision", "generative", "tabular", "graph", "time_series"]
TARGETS = ["cloud_server", "mobile", "edge_embedded", "batch_offline", "serverless"]
LEVELS = ["none", "some", "strong"]


def probe_report_data(name: str, speed: float) -> dict[str, Any]:
    """A saved probe report of a made-up machine whose benchmarks scale with `speed`."""
    benchmarks = []
    for framework, factor in (("pytorch", 1.0), ("tensorflow", 1.2)):
        for workload, batch, unit, base in (
            ("mlp_inference", 1000, "samples/s", 0.004),
            ("cnn_train_step", 64, "samples/s", 0.05),
            ("matmul", None, "GFLOP/s", 0.02),
        ):
            median = base * factor / speed
            work = 2 * 4096**3 / 1e9 if workload == "matmul" else batch
            benchmarks.append({
                "framework": framework, "workload": workload, "mode": "eager", "device": "cpu",
                "batch_size": batch, "median_s": median, "iqr_s": median / 20,
                "samples": [median] * 5, "throughput": work / median, "throughput_unit": unit,
                "compile_s": None,
            })
    return {
        "schema_version": "1",
        "created_at": "2026-01-01T00:00:00+00:00",
        "hardware": {
            "cpu": {"model": f"{name} CPU", "physical_cores": 2, "logical_cores": 4,
                    "features": ["avx2"], "peak_gflops_fp32": None},
            "memory_bytes": 8 * 1024**3, "gpus": [], "tpus": [], "os": {"system": "Linux"},
            "python": {"version": "3.11"},
        },
        "frameworks": {
            "pytorch": {"installed": True, "version": "2.13.0"},
            "tensorflow": {"installed": True, "version": "2.21.0"},
        },
        "ecosystem": {"pytorch": [], "tensorflow": [], "shared": []},
        "benchmarks": benchmarks,
        "failures": [],
    }


def write_probe_report(path: Path, name: str, speed: float = 1.0) -> Path:
    """Write a probe report file and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(probe_report_data(name, speed), indent=2), encoding="utf-8")
    return path


def profile_answers(number: int) -> dict[str, Any]:
    """Varied, valid answers for profile `number` (deterministic)."""
    return {
        "project_name": f"Project {number:03d}",
        "stage": STAGES[number % len(STAGES)],
        "domains": [DOMAINS[number % len(DOMAINS)], DOMAINS[(number * 7 + 1) % len(DOMAINS)]],
        "deployment_targets": [TARGETS[number % len(TARGETS)]],
        "team_pytorch_experience": LEVELS[number % 3],
        "team_tensorflow_experience": LEVELS[(number // 3) % 3],
        "priorities": {"performance": 1 + number % 5, "ecosystem": 1 + (number * 3) % 5},
    }


def write_profile_folder(folder: Path, count: int, *, bad: set[int] | None = None) -> Path:
    """`count` answers files profile-000.yaml...; those in `bad` have an invalid stage."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        answers = profile_answers(number)
        if bad and number in bad:
            answers["stage"] = "shipping"
        (folder / f"profile-{number:03d}.yaml").write_text(
            yaml.safe_dump(answers, sort_keys=False), encoding="utf-8")
    return folder


@pytest.fixture
def machine_a(tmp_path: Path) -> Path:
    """A saved probe report of machine A."""
    return write_probe_report(tmp_path / "machines" / "machine-a.json", "Machine A", 1.0)


@pytest.fixture
def machine_b(tmp_path: Path) -> Path:
    """A saved probe report of machine B, twice as fast."""
    return write_probe_report(tmp_path / "machines" / "machine-b.json", "Machine B", 2.0)


def run_closed_stdin(args: list[str], cwd: Path, env: dict[str, str] | None = None,
                     timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `python -m advisor ARGS` with file descriptor 0 closed (not even /dev/null)."""
    command = " ".join(_quote(a) for a in [sys.executable, "-m", "advisor", *args])
    return subprocess.run(["/bin/sh", "-c", f"exec {command} <&-"], cwd=cwd,
                          env=cli_env(env), capture_output=True, text=True, timeout=timeout)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(str(text))


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> content)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}



@pytest.fixture(autouse=True)
def _json_reports_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batch tests write JSON reports unless they pass --format: HTML/PDF take seconds each."""
    monkeypatch.setenv("ADVISOR_FORMAT", "json")
