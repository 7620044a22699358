"""Ecosystem probe: the catalogue is consistent data, versions come from metadata, rules hold."""

from __future__ import annotations

import importlib.metadata
import json
from typing import Any

import pytest
import yaml
from ecosystem import CATALOGUE, check_rule, normalize, probe_ecosystem

from tests.conftest import REPO
from tests.probes.conftest import run_probe_script

CATALOGUE_DATA: dict[str, Any] = json.loads(CATALOGUE.read_text())
RULES = {rule["id"]: rule for rule in CATALOGUE_DATA["compatibility"]}


def _choices(question_id: str) -> set[str]:
    questionnaire = yaml.safe_load((REPO / "questionnaires" / "default.yaml").read_text())
    question = next(q for q in questionnaire["questions"] if q["id"] == question_id)
    return {choice["value"] for choice in question["choices"]}


def test_catalogue_uses_the_questionnaires_domains_and_targets() -> None:
    assert set(CATALOGUE_DATA["domains"]) == _choices("domains")
    assert set(CATALOGUE_DATA["deployment_targets"]) == _choices("deployment_targets")
    for entries in CATALOGUE_DATA["packages"].values():
        for entry in entries:
            domains = entry["domains"]
            assert domains == "all" or set(domains) <= set(CATALOGUE_DATA["domains"]), entry
            assert set(entry["deployment_targets"]) <= set(CATALOGUE_DATA["deployment_targets"])


def test_catalogue_names_the_packages_the_issue_asks_for() -> None:
    listed = {e["package"] for entries in CATALOGUE_DATA["packages"].values() for e in entries}
    wanted = {"torchvision", "torchaudio", "transformers", "timm", "lightning", "torch_geometric",
              "stable-baselines3", "torchserve", "executorch", "keras", "tf-keras",
              "tensorflow-text", "tensorflow-hub", "tfx", "tensorflow-serving-api",
              "ai-edge-litert", "tflite-runtime", "tensorflow-probability", "tf-agents",
              "tensorflow-gnn", "tensorflowjs", "onnx", "onnxruntime", "tf2onnx", "onnx2tf"}
    assert wanted <= listed
    assert {"pytorch", "tensorflow", "shared"} == set(CATALOGUE_DATA["packages"])
    assert all(rule["kind"] in ("same_minor", "minor_offset", "version_bands")
               for rule in RULES.values())


@pytest.mark.parametrize(
    ("rule", "package", "partner", "status"),
    [
        ("torchvision-torch", "0.28.0", "2.13.0+cpu", "ok"),
        ("torchvision-torch", "0.20.1", "2.5.1", "ok"),
        ("torchvision-torch", "0.20.1", "2.4.0", "mismatch"),
        ("torchaudio-torch", "2.5.1", "2.5.0", "ok"),
        ("torchaudio-torch", "2.4.0", "2.5.0", "mismatch"),
        ("keras-tensorflow", "3.15.1", "2.21.0", "ok"),
        ("keras-tensorflow", "3.0.0", "2.15.1", "mismatch"),
        ("keras-tensorflow", "2.15.0", "2.15.1", "ok"),
        ("keras-tensorflow", "2.15.0", "2.16.1", "mismatch"),
        ("tf-keras-tensorflow", "2.21.0", "2.21.0", "ok"),
        ("tf-keras-tensorflow", "2.20.1", "2.21.0", "mismatch"),
        ("tensorflow-text-tensorflow", "2.21.0rc0", "2.21.0", "ok"),
        ("torchvision-torch", None, "2.5.0", "not_applicable"),
    ],
)
def test_compatibility_rules(rule: str, package: str | None, partner: str, status: str) -> None:
    result = check_rule(RULES[rule], package, partner)
    assert result["status"] == status, result
    if status == "mismatch":
        assert "expects" in result["message"]


def test_document_from_a_fake_environment_groups_by_domain_and_target() -> None:
    index = {"torch": "2.5.1", "torchvision": "0.19.0", "torch-geometric": "2.6.1",
             "onnxruntime-gpu": "1.20.0", "tensorflow-cpu": "2.21.0", "keras": "3.15.1",
             "tensorflowjs": "4.22.0"}
    document = probe_ecosystem(CATALOGUE_DATA, index)
    torch_side = {item["package"]: item for item in document["packages"]["pytorch"]}
    assert torch_side["torchvision"]["version"] == "0.19.0"
    assert torch_side["torch_geometric"]["version"] == "2.6.1"
    assert torch_side["timm"] == {**torch_side["timm"], "version": None, "installed": False}
    shared = {item["package"]: item for item in document["packages"]["shared"]}
    assert shared["onnxruntime"]["distribution"] == "onnxruntime-gpu"
    assert document["frameworks"] == {"torch": "2.5.1", "tensorflow": "2.21.0"}
    assert document["installed_by_domain"]["graph"] == {"pytorch": ["torch_geometric"],
                                                         "tensorflow": ["keras", "tensorflowjs"],
                                                         "shared": ["onnxruntime"]}
    assert document["installed_by_deployment_target"]["browser"] == {
        "tensorflow": ["tensorflowjs"]}
    statuses = {check["id"]: check["status"] for check in document["compatibility"]}
    assert statuses["torchvision-torch"] == "mismatch"  # 0.19 belongs to torch 2.4
    assert statuses["keras-tensorflow"] == "ok"
    assert document["summary"]["pytorch"]["installed"] == 2


def test_real_probe_matches_installed_metadata() -> None:
    document = run_probe_script("ecosystem")
    for side in document["packages"].values():
        for item in side:
            for name in [item["distribution"] or item["package"]]:
                try:
                    expected: str | None = importlib.metadata.version(name)
                except importlib.metadata.PackageNotFoundError:
                    expected = None
                assert item["version"] == expected, item
    assert document["frameworks"]["torch"] == importlib.metadata.version("torch")


def test_normalize_follows_pep_503() -> None:
    assert normalize("Torch_Geometric") == normalize("torch-geometric") == "torch-geometric"
