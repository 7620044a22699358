"""`advisor assess --probe-results` on a GCE VM with one A100 (and gVNIC, NVMe, no TPU): the
probe report is collected here from the fake CUDA probe environment (the real hardware probe on
the recorded sysfs tree, recorded framework and benchmark documents), then assessed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from advisor.assessment_io import load_probe_report
from advisor.models import ProbeReport
from advisor.probing import DEFAULT_PROBES, collect_probe_report
from advisor.report.evidence import benchmarks_context, hardware_context
from advisor.report.ledger import ledger_table
from tests.conftest import ASSETS, EXAMPLE_ANSWERS, run_main

A100 = "NVIDIA A100-SXM4-40GB"


def test_assess_names_the_gpu_and_finds_no_tpu_on_the_gce_vm(tmp_path: Path) -> None:
    specs = [spec for spec in DEFAULT_PROBES if spec.group != "ecosystem"]
    report = collect_probe_report(python=sys.executable, specs=specs, budget="quick",
                                  probes_path=ASSETS / "probes" / "cuda_a100")
    results = tmp_path / "probes.json"
    results.write_text(report.model_dump_json(), encoding="utf-8")
    out = tmp_path / "out"
    assert run_main(["assess", "--answers", str(EXAMPLE_ANSWERS), "--probe-results",
                     str(results), "-f", "json,md", "-o", str(out), "--no-input"]) == 0
    assessment = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    probes = assessment["probes"]
    assert probes["hardware"]["tpus"] == []
    assert [gpu["name"] for gpu in probes["hardware"]["gpus"]] == [A100]
    verdicts = [v["summary"] for v in probes["benchmark_verdicts"] if v["device"] == "cuda"]
    assert len(verdicts) == 4 and all(v.endswith(f"measured on the GPU {A100}") for v in verdicts)
    assert probes["benchmark_summary"]["statement"].endswith(f"measured on the GPU {A100}")
    evidence = [e for c in assessment["criteria"] for e in c["evidence"]]
    assert any(e.startswith("measured:") and f"on the GPU {A100}" in e for e in evidence)
    assert not any("TPU(s) detected" in e for e in evidence)
    markdown = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert f"eager mode, on the GPU {A100}" in markdown


def test_the_ledger_shows_the_gpu_settings_of_both_frameworks() -> None:
    probes = json.loads((ASSETS / "probe_reports" / "gce_a100.json").read_text(encoding="utf-8"))
    table = ledger_table(probes["benchmark_ledger"])
    assert table["columns"] == ["PyTorch", "TensorFlow"]
    rows = {row["setting"]: row["values"] for row in table["rows"]}
    assert rows["TF32"] == ["off (matmul off, cudnn off)", "off"]
    assert all(value.startswith("on: ") for value in rows["cuDNN autotuning"])
    assert all(value.startswith("off: ") for value in rows["CUDA graphs"])
    assert rows["Visible devices"] == ["cuda:0; measured: device 0",
                                       "/physical_device:GPU:0; measured: device 0"]
    assert rows["Calls per sample"][0] == rows["Calls per sample"][1]
    assert rows["Calls per sample"][0].startswith("10 calls per sample")
    assert "inductor" in rows["Compiled mode"][0] and "XLA" in rows["Compiled mode"][1]


def test_gpu_memory_of_each_framework_reaches_the_report() -> None:
    report = load_probe_report(ASSETS / "probe_reports" / "gce_a100.json")
    context = benchmarks_context(report)
    assert context["has_device_memory"]
    cnn = next(row for row in context["rows"] if row["workload"].startswith("cnn_train_step"))
    # Counted from before the build, less what earlier workloads held (0 in this run).
    assert cnn["cells"]["pytorch"]["device_peak_bytes"] == 31_000_000
    assert cnn["cells"]["tensorflow"]["device_peak_bytes"] == 31_000_000


def test_tpus_mig_slices_and_integrated_gpus_are_labelled_in_the_report() -> None:
    report = ProbeReport.model_validate({"hardware": {
        "gpus": [{"vendor": "nvidia", "name": "NVIDIA A100-SXM4-40GB", "memory_bytes": 40 * 2**30,
                  "mig_instances": [{"index": 0, "memory_bytes": 10 * 2**30},
                                    {"index": 1, "memory_bytes": 20 * 2**30}]},
                 {"vendor": "intel", "name": None, "integrated": True, "accelerator": False}],
        "tpus": [{"vendor": "google", "generation": "v4", "accelerator_type": "v4-8"}]}})
    context = hardware_context(report)
    assert [g["name"] for g in context["gpus"]] == [
        "NVIDIA A100-SXM4-40GB (MIG: 2 slice(s), 10/20 GiB)", "intel (integrated)"]
    assert context["tpus"] == ["TPU v4 (v4-8)"]
