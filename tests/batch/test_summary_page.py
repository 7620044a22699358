"""The summary page across profiles: chart, machines, failures; HTML escaped, PDF self-contained."""

from __future__ import annotations

import io
import re
from concurrent.futures import Future
from pathlib import Path

import pytest

from advisor.batch.chart import COLOURS, confidence_histogram, summary_chart_svg
from advisor.batch.inputs import load_profiles
from advisor.batch.machines import load_machines
from advisor.batch.page import page_context, render_summary_html, render_summary_page
from advisor.batch.session import BatchOutcome, BatchRequest, execute_batch
from advisor.outputs import OutputFormat
from advisor.questionnaire import load_default_questionnaire
from tests.batch.conftest import write_profile_folder
from tests.conftest import write


def _outcome(tmp_path: Path, machines: list[Path], costs: list[str]) -> BatchOutcome:
    folder = write_profile_folder(tmp_path / "profiles", 6, bad={4})
    write(folder / "profile-900.yaml", "project_name: <script>alert(1)</script> & co\n")
    request = BatchRequest(
        input_path=folder, questionnaire=load_default_questionnaire(),
        machines=load_machines(machines, costs), formats=(OutputFormat.JSON,),
        output_dir=tmp_path / "out", created_at="2026-01-01T00:00:00+00:00",
    )
    return execute_batch(request, load_profiles(folder, request.questionnaire))


def test_html_page_shows_chart_machines_failures_and_escapes(tmp_path: Path, machine_a: Path,
                                                             machine_b: Path) -> None:
    outcome = _outcome(tmp_path, [machine_a, machine_b], ["machine-a.json=3.2"])
    html = render_summary_html(page_context(outcome.summary, outcome.results))
    assert html.count("<svg") == 1 and "Confidence distribution" in html
    assert "Recommendation per machine" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "Recommendation on each machine" in html  # the matrix appears with two machines
    assert "Machine A CPU" in html and "3.20 per hour" in html and "per dollar" in html
    # The machines side by side: what each recommends, fastest medians, work per dollar.
    compare = html[html.index("<h2>Machines compared"):html.index("<h2>Recommendation on each")]
    assert "<th>machine-a</th><th>machine-b</th>" in compare
    assert "Cost per hour" in compare and "not given" in compare  # only machine A is priced
    assert "Recommends PyTorch" in compare and "mlp_inference, PyTorch" in compare
    assert "4 ms" in compare and "2 ms" in compare  # machine B is twice as fast
    assert "eager, cpu; 281M samples per dollar" in compare  # 250k/s * 3600 s / 3.2
    # Our stylesheets go in unescaped (an escaped quote would void font and page rules).
    style = html[html.index("<style>"):html.index("</style>")]
    assert "&#34;" not in style and '"Page " counter(page) " of " counter(pages)' in style
    assert 'class="running-header">advisor batch summary' in html and "2026-01-01 00:00 UTC" in html
    assert "profile-004.yaml" in html and "&#39;shipping&#39; is not a choice" in html
    assert 'href="machine-a/profile-000/project-000.json"' in html
    assert not re.search(r"(src|href)=\"(https?:|file:|/)", html)


def test_chart_is_deterministic_and_counts_confidence(tmp_path: Path) -> None:
    outcome = _outcome(tmp_path, [], [])
    first = summary_chart_svg(outcome.results, ["no-probes"])
    assert first == summary_chart_svg(outcome.results, ["no-probes"])
    assert first.startswith("<svg") and "<script" not in first
    # One legend for both panels (under them, where it covers no bar).
    counts = [first.count(f">{label}</text>") for label in ("PyTorch", "TensorFlow", "Hybrid")]
    assert max(counts) == 1, counts
    histogram = confidence_histogram(outcome.results)
    scored = [r for r in outcome.results if r.ok and r.recommendation]
    assert sum(sum(counts) for counts in histogram.values()) == len(scored) == 6
    for option, counts in histogram.items():  # Okabe-Ito colours of the outcomes present
        assert (COLOURS[option].lower() in first.lower()) == bool(sum(counts)), option


@pytest.mark.slow
def test_pdf_page_is_rendered_from_the_same_html(tmp_path: Path) -> None:
    from pypdf import PdfReader

    outcome = _outcome(tmp_path, [], [])
    files, errors = render_summary_page(outcome.summary, outcome.results, html=True, pdf=True)
    assert errors == [] and list(files) == ["summary.html", "summary.pdf"]
    text = "".join(page.extract_text() for page in
                   PdfReader(io.BytesIO(files["summary.pdf"])).pages)
    compact = "".join(text.split())  # long paths wrap anywhere in narrow cells
    assert "Batchsummary" in compact and "Failedprofiles" in compact
    assert "profile-004.yaml:stage:'shipping'isnotachoice" in compact
    assert "Project000" in compact
    pages = PdfReader(io.BytesIO(files["summary.pdf"])).pages
    for number, page in enumerate(pages, start=1):  # running header and page numbers
        page_text = "".join(page.extract_text().split())
        assert f"Page{number}of{len(pages)}" in page_text
        assert "advisorbatchsummary" in page_text and "2026-01-0100:00UTC" in page_text


def test_a_failing_summary_pdf_keeps_everything_else(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    import advisor.batch.page
    import advisor.report.pdf
    from advisor.errors import ReportError
    from advisor.exit_status import ExitStatus

    def broken_pdf(*args: object, **kwargs: object) -> bytes:
        raise ReportError("no fonts today")

    # Per-profile PDFs are not the subject here: a stand-in keeps the test fast.
    monkeypatch.setattr(advisor.report.pdf, "render_pdf", lambda *a, **k: b"%PDF-1.7 stand-in")
    monkeypatch.setattr(advisor.batch.page, "render_summary_pdf", broken_pdf)
    folder = write_profile_folder(tmp_path / "profiles", 2)
    out = tmp_path / "out"
    request = BatchRequest(
        input_path=folder, questionnaire=load_default_questionnaire(),
        machines=load_machines([], []),
        formats=(OutputFormat.JSON, OutputFormat.HTML, OutputFormat.PDF),
        output_dir=out, created_at="2026-01-01T00:00:00+00:00",
    )
    outcome = execute_batch(request, load_profiles(folder, request.questionnaire))
    assert outcome.exit_status == ExitStatus.PARTIAL
    assert [r.status for r in outcome.results] == ["ok", "ok"]
    assert outcome.summary["page_error"] == "summary.pdf: no fonts today"
    assert json.loads((out / "summary.json").read_text())["page_error"] == (
        "summary.pdf: no fonts today")
    assert (out / "summary.html").is_file() and not (out / "summary.pdf").exists()
    assert (out / "profile-001" / "project-001.pdf").read_bytes().startswith(b"%PDF")


def _settled(value: object = None, error: BaseException | None = None) -> Future[bytes]:
    future: Future[bytes] = Future()
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(value)  # type: ignore[arg-type]
    return future


def test_the_page_renders_in_the_workers_and_falls_back_here(tmp_path: Path) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from advisor.batch.page import render_summary_file, render_summary_page
    from advisor.errors import ReportError

    outcome = _outcome(tmp_path, [], [])
    asked: list[str] = []

    def worker(call: object, name: str, *args: object) -> Future[bytes]:
        asked.append(name)
        assert call is render_summary_file
        if name == "summary.html":
            return _settled(b"<html>from a worker</html>")
        return _settled(error=BrokenProcessPool("a worker died"))

    pages, errors = render_summary_page(outcome.summary, outcome.results, html=True, pdf=True,
                                        submit=worker)
    assert asked == ["summary.html", "summary.pdf"] and errors == []
    assert pages["summary.html"] == b"<html>from a worker</html>"
    assert pages["summary.pdf"].startswith(b"%PDF")  # the broken pool's file, rendered here

    def refusing(call: object, name: str, *args: object) -> Future[bytes]:
        return _settled(error=ReportError("no fonts in the worker"))

    pages, errors = render_summary_page(outcome.summary, outcome.results, html=False, pdf=True,
                                        submit=refusing)
    assert pages == {} and errors == ["summary.pdf: no fonts in the worker"]
    with pytest.raises(ValueError, match="not a summary page file"):
        render_summary_file("summary.txt", outcome.summary, outcome.results)
