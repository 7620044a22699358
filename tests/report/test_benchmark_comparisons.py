"""The published A100 table beside the measured ratios, the hybrid bridge evidence and the dtype
column, in the HTML, Markdown and Japanese reports.

tests/assets/report/probe_report_seed.json is a real `advisor probe --only benchmarks --suite seed
--budget quick` run on the shared 2-CPU machine (busy, so every verdict is inconclusive) with the
`hybrid_bridge` of a real `advisor probe --only bridge --budget quick` run on the same machine
(litert-torch not installed). tests/assets/report/bridge_litert.json is the bridge probe's
document from an interpreter where litert-torch 0.10.0 is installed.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import yaml

from advisor.i18n import Language
from advisor.models import Assessment, BridgeRun
from advisor.report.context import build_report_context
from advisor.report.html import render_html
from advisor.report.markdown import render_markdown
from tests.report.conftest import ASSETS, real_assessment

SEED_PROBES = ASSETS / "report" / "probe_report_seed.json"
LITERT_BRIDGE = ASSETS / "report" / "bridge_litert.json"
MOBILE_TEAM = ASSETS / "report" / "mobile_team.yaml"


@cache
def seed_assessment() -> Assessment:
    return real_assessment(answers=yaml.safe_load(MOBILE_TEAM.read_text("utf-8")),
                           probe_report=SEED_PROBES)


def _with_bridge(assessment: Assessment, document: dict[str, Any]) -> Assessment:
    probes = assessment.probes
    assert probes is not None
    bridge = {"onnx": BridgeRun.model_validate(document)}
    return assessment.model_copy(update={"probes": probes.model_copy(
        update={"hybrid_bridge": bridge})})


def _as_hybrid(assessment: Assessment) -> Assessment:
    rec = assessment.recommendation
    assert rec is not None
    return assessment.model_copy(update={"recommendation": rec.model_copy(
        update={"framework": "hybrid"})})


def _html(assessment: Assessment, lang: Language = "en") -> str:
    return render_html(build_report_context(assessment, lang=lang))


def test_the_published_table_stands_beside_the_measured_ratios() -> None:
    context = build_report_context(seed_assessment(), charts=False)
    published = context["evidence"]["benchmarks"]["published"]
    assert published["measured_any"] and published["dtypes"] == ["float32", "bfloat16"]
    resnet = next(r for r in published["rows"] if r["model"] == "ResNet-50")
    assert resnet["published_ratio"] == round(312 / 298, 4)
    measured = json.loads(SEED_PROBES.read_text("utf-8"))["benchmark_verdicts"]
    expected = next(v["ratio"] for v in measured if v["workload"] == "resnet50_throughput"
                    and v["dtype"] == "bfloat16")
    assert resnet["measured"]["bfloat16"]["ratio"] == expected
    assert published["url"] == "https://dailyhack.dev/blog/pytorch-tensorflow-comparison-2025"
    stable = next(r for r in published["rows"] if r["model"] == "Stable Diffusion")
    assert stable["measured"] == {}  # not in the seed suite: "not run"
    html = _html(seed_assessment())
    body = html.split('id="appendix"')[0]
    assert 'id="published"' in body and "Here, bfloat16" in body and "not run" in body
    assert "Why they may differ: the article measured on NVIDIA A100" in body
    assert "EfficientNet is B0 here" in body
    assert 'href="https://dailyhack.dev/blog/pytorch-tensorflow-comparison-2025"' in body
    appendix = html.split('id="appendix"')[1]
    assert 'id="published-detail"' in appendix and "312 img/s" in appendix
    assert "(2025-06)" in appendix


def test_the_verdict_table_has_a_precision_column_only_with_two_precisions() -> None:
    seed = build_report_context(seed_assessment(), charts=False)["evidence"]["benchmarks"]
    assert seed["has_dtypes"] and seed["compact"]
    assert {(r["workload"], r["dtype"]) for r in seed["rows"]} >= {
        ("resnet50_throughput", "float32"), ("resnet50_throughput", "bfloat16")}
    body = _html(seed_assessment()).split('id="appendix"')[0]
    bench = body.split('id="bench"')[1].split("</table>")[0]
    assert "<th scope=\"col\">Precision</th>" in bench and "<td>bfloat16</td>" in bench
    # Compact: each verdict in a few words with its ratio; the sentences are in the appendix.
    assert "Inconclusive: TensorFlow/PyTorch time ratio" not in bench
    default = build_report_context(real_assessment(), charts=False)["evidence"]["benchmarks"]
    assert not default["has_dtypes"] and not default["compact"]
    html = _html(real_assessment()).split('id="appendix"')[0]
    assert "Precision" not in html.split('id="bench"')[1].split("</table>")[0]
    # The default suite measures none of the article's models: one line points to the seed suite.
    assert "advisor probe --suite seed</code> measures them here" in html


def test_the_hybrid_option_shows_the_measured_bridge_and_why_litert_was_not() -> None:
    html = _html(seed_assessment())
    options = html.split('id="options"')[1].split('id="evidence"')[0]
    assert ("Measured here: PyTorch → ONNX → ONNX Runtime converted all 2 workloads (MLP, CNN),"
            " largest output difference 3.9e-07") in options
    assert "(the machine was busy: indicative only)" in options
    assert ("LiteRT conversion not measured: litert-torch is not installed in the probed"
            " interpreter.") in options
    markdown = render_markdown(build_report_context(seed_assessment(), charts=False))
    assert "converted all 2 workloads (MLP, CNN)" in markdown
    assert "LiteRT conversion not measured" in markdown
    assert "| ResNet-50 | 1.05 |" in markdown


def test_a_measured_litert_route_is_reported() -> None:
    document = json.loads(LITERT_BRIDGE.read_text("utf-8"))["bridge"]
    html = _html(_with_bridge(seed_assessment(), document))
    options = html.split('id="options"')[1].split('id="evidence"')[0]
    assert "LiteRT converted them too (MLP, CNN), largest output difference 1.6e-06" in options
    assert "LiteRT conversion not measured" not in html


def test_a_failed_conversion_is_said_where_the_conversion_risk_is() -> None:
    document = json.loads(LITERT_BRIDGE.read_text("utf-8"))["bridge"]
    document["workloads"]["cnn_inference"]["onnx"] = {
        "converted": False, "error": "UnsupportedOperatorError: aten::conv2d"}
    hybrid = _as_hybrid(_with_bridge(seed_assessment(), document))
    html = _html(hybrid)
    risks = html.split('id="risks"')[1].split("</table>")[0]
    assert "the conversion to ONNX failed for CNN (UnsupportedOperatorError" in risks
    converted = _html(_as_hybrid(seed_assessment()))
    risks = converted.split('id="risks"')[1].split("</table>")[0]
    assert "Measured here: the bridge's own workloads (MLP, CNN) converted (section 3)" in risks


def test_the_japanese_report_translates_the_new_evidence() -> None:
    html = _html(seed_assessment(), lang="ja")
    assert "公表値" in html and "本機, bfloat16" in html
    assert ("LiteRT への変換は未計測: 計測対象のインタープリターに litert-torch が"
            "インストールされていない") in html
    assert "差が出うる理由" in html
