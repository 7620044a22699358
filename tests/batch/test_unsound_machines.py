"""A machine whose benchmarks were not sound (busy, unfair conditions, too noisy) is marked
wherever the batch summary shows its figures: summary.json, the page (English and Japanese) and
each profile's cost line, so its figures never win a comparison between machines silently."""

from __future__ import annotations

import io
import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from advisor.batch.machines import benchmark_caveat, benchmark_medians
from advisor.batch.page import page_context, render_summary_html, render_summary_page
from advisor.models import ProbeReport
from tests.conftest import REPO, CliRunner

SOUND = REPO / "tests" / "assets" / "report" / "probe_report.json"
BUSY = REPO / "tests" / "assets" / "report" / "probe_report_quick_busy.json"


def _report(path: Path, **summary: Any) -> ProbeReport:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["benchmark_summary"].update(summary)
    return ProbeReport.model_validate(data)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def batch(run_cli: CliRunner, tmp_path: Path) -> Path:
    """The issue's batch: a sound machine at 0.9 per hour and a busy one at 3.2."""
    out = tmp_path / "out"
    result = run_cli("batch", REPO / "examples" / "batch" / "profiles.csv",
                     "--probe-results", SOUND, BUSY, "--cost", "probe_report.json=0.9",
                     "--cost", "probe_report_quick_busy.json=3.2", "--format", "json,md",
                     "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def test_summary_json_says_which_machine_is_indicative_only(batch: Path) -> None:
    sound, busy = json.loads((batch / "summary.json").read_text(encoding="utf-8"))["machines"]
    assert sound["benchmark_caveat"] is None
    assert busy["benchmark_caveat"]["kind"] == "machine_busy"
    assert "the machine was busy" in busy["benchmark_caveat"]["reason"]
    assert sound["benchmarks"] and busy["benchmarks"]
    assert not any(b["indicative_only"] for b in sound["benchmarks"])
    assert all(b["indicative_only"] for b in busy["benchmarks"])
    # Each entry carries its workload's verdict in the probe report's words.
    assert {b["verdict"] for b in busy["benchmarks"]} == {"inconclusive"}
    verdicts = {(b["workload"], b["mode"]): b["verdict"] for b in sound["benchmarks"]}
    assert verdicts[("cnn_train_step", "compiled")] == "too_close_to_call"
    assert verdicts[("mlp_inference", "eager")] == "pytorch_faster"


def test_the_batch_says_so_on_stderr(run_cli: CliRunner, tmp_path: Path) -> None:
    result = run_cli("batch", REPO / "examples" / "batch" / "answers", "--probe-results", SOUND,
                     BUSY, "--format", "json", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert ("advisor: probe-report-quick-busy: benchmark figures are indicative only"
            " (machine_busy): the run was not fair: the machine was busy") in result.stderr
    assert "probe-report:" not in result.stderr


def test_each_profiles_cost_line_says_when_its_figures_are_indicative(batch: Path) -> None:
    for machine, caveat in (("probe-report", False), ("probe-report-quick-busy", True)):
        records = sorted((batch / machine).glob("*/*.md"))
        assert records
        for record in records:
            (line,) = [t for t in record.read_text(encoding="utf-8").splitlines()
                       if t.startswith("Cost:")]
            assert ("Indicative only: the machine was busy during the benchmarks" in line) \
                == caveat, line


def test_page_marks_the_busy_machine_with_one_note(batch: Path) -> None:
    document = json.loads((batch / "summary.json").read_text(encoding="utf-8"))
    html = render_summary_html(page_context(document, []))
    compare = html[html.index("<h2>Machines compared"):html.index("<h2>Benchmarks on each")]
    assert "<th>probe-report</th>" in compare  # the sound machine is not marked
    assert re.search(r"<th>probe-report-quick-busy<span class=\"indicative\"[^>]*>&nbsp;&dagger;",
                     compare)
    # Every figure of the busy machine, its per-dollar figure included, carries the mark.
    busy_cells = re.findall(r'<td class="num indicative">(.*?)</td>', compare, re.S)
    assert len(busy_cells) == 10  # 5 workloads x 2 frameworks
    assert all("&dagger;" in cell for cell in busy_cells)
    assert any("per dollar" in cell for cell in busy_cells)
    assert compare.count('class="meta indicative-note"') == 1
    text = _text(compare)
    assert "† Indicative only, not a basis for comparing machines or for a purchase" in text
    assert ("probe-report-quick-busy : the machine was busy during its benchmarks (other"
            " processes competed for the CPUs)") in text
    sound_cells = [c for c in re.findall(r'<td class="num">(.*?)</td>', compare, re.S)
                   if "per dollar" in c]
    assert sound_cells and not any("&dagger;" in c for c in sound_cells)
    each = _text(html[html.index("<h2>Benchmarks on each"):])
    assert "probe-report-quick-busy † † Indicative only: the machine was busy" in each


def test_japanese_page_and_pdf_carry_the_note(batch: Path) -> None:
    from pypdf import PdfReader

    document = json.loads((batch / "summary.json").read_text(encoding="utf-8"))
    html = render_summary_html(page_context(document, [], "ja"))
    assert "参考値であり、マシンの比較や購入判断の根拠にはなりません" in html
    assert "ベンチマーク中にマシンが混雑していた" in html
    files, errors = render_summary_page(document, [], html=False, pdf=True, lang="ja")
    assert errors == []
    pages = PdfReader(io.BytesIO(files["summary.pdf"])).pages
    text = "".join("".join(page.extract_text().split()) for page in pages)
    assert "参考値であり、マシンの比較や購入判断の根拠にはなりません" in text
    assert "probe-report-quick-busy†" in text


def test_a_summary_written_before_the_caveat_still_renders(batch: Path) -> None:
    document = json.loads((batch / "summary.json").read_text(encoding="utf-8"))
    for machine in document["machines"]:
        del machine["benchmark_caveat"]
    html = render_summary_html(page_context(document, []))
    assert "&dagger;" not in html and "class=\"meta indicative-note\"" not in html


@pytest.mark.parametrize(("summary", "kind"), [
    ({}, None),
    ({"inconclusive": "inconclusive: the machine was busy"}, "machine_busy"),
    ({"fair_conditions": False, "fairness_warnings": ["PyTorch ran with 2 threads and"
                                                      " TensorFlow with 1"]},
     "unfair_conditions"),
    ({"noisy": ["mlp_inference (eager)", "cnn_train_step (eager)", "matmul (eager)"]},
     "too_noisy"),
    # Noise in the other mode, or in under half the workloads, leaves the figures sound.
    ({"noisy": ["mlp_inference (compiled)", "cnn_train_step (compiled)", "matmul (compiled)"]},
     None),
    ({"noisy": ["mlp_inference (eager)"]}, None),
])
def test_which_runs_are_indicative_only(summary: dict[str, Any], kind: str | None) -> None:
    caveat = benchmark_caveat(_report(SOUND, **summary))
    assert (caveat and caveat["kind"]) == kind
    if kind == "unfair_conditions":
        assert caveat is not None and "2 threads" in caveat["reason"]


def test_no_caveat_without_benchmarks() -> None:
    assert benchmark_caveat(None) is None
    assert benchmark_caveat(ProbeReport.model_validate({})) is None
    assert benchmark_medians(ProbeReport.model_validate({})) == []
