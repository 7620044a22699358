"""Output formats: every OutputFormat member is written; a failing format spares the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import ReportError
from advisor.outputs import DEFAULT_FORMATS, OutputFormat, ReportsIncomplete, write_outputs
from tests.conftest import run_main
from tests.report.conftest import fixture_assessment


@pytest.fixture
def fast_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in PDF renderer (the real one is covered by the slow PDF tests)."""
    import advisor.report.pdf

    monkeypatch.setattr(advisor.report.pdf, "render_pdf",
                        lambda context, paper="a4": b"%PDF-1.7 fake " + paper.encode())


def test_the_format_help_names_every_format() -> None:
    from advisor.cli.report import FORMAT_HELP

    listed = FORMAT_HELP[FORMAT_HELP.index("(") + 1:FORMAT_HELP.index(")")].split(", ")
    assert listed == [f.value for f in OutputFormat]


def test_every_format_member_is_written(tmp_path: Path, fast_pdf: None) -> None:
    assessment = fixture_assessment("scored_with_probes")
    written = write_outputs(assessment, list(OutputFormat), tmp_path, "retail")
    names = sorted(p.name for p in written)
    expected = sorted([*(f"retail.{f.extension}" for f in OutputFormat), "retail.answers.yaml"])
    assert names == expected
    for path in written:
        assert path.stat().st_size > 0
    assert (tmp_path / "retail.html").read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "retail.md").read_text().startswith("---\nstatus: proposed")
    assert not list(tmp_path.glob(".*.part"))  # atomic writes leave no temporary file


def test_without_format_assess_writes_html_pdf_and_json(
        tmp_path: Path, fast_pdf: None, example_answers: Path) -> None:
    # What a user gets without --format (README and CONTRACT section 2), through the real CLI.
    out = tmp_path / "out"
    assert run_main(["assess", "--answers", str(example_answers), "--no-probes",
                     "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "retail-shelf-vision.answers.yaml", "retail-shelf-vision.html",
        "retail-shelf-vision.json", "retail-shelf-vision.pdf"]
    assert (out / "retail-shelf-vision.pdf").read_bytes().startswith(b"%PDF")
    assert [f.value for f in DEFAULT_FORMATS] == ["html", "pdf", "json"]


def test_a_failing_format_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import advisor.report.pdf

    def broken(context: object, paper: str = "a4") -> bytes:
        raise ReportError("the PDF report could not be rendered: boom")

    monkeypatch.setattr(advisor.report.pdf, "render_pdf", broken)
    with pytest.raises(ReportsIncomplete) as info:
        write_outputs(fixture_assessment("failed_probes"),
                      [OutputFormat.PDF, OutputFormat.HTML, OutputFormat.MD], tmp_path, "fraud")
    assert info.value.exit_code == 1
    assert set(info.value.failures) == {"pdf"}
    assert sorted(p.name for p in info.value.written) == [
        "fraud.answers.yaml", "fraud.html", "fraud.md"]
    assert not (tmp_path / "fraud.pdf").exists()


def test_regenerate_command_warns_when_the_json_was_not_written(tmp_path: Path) -> None:
    assessment = fixture_assessment("scored_no_probes")
    write_outputs(assessment, [OutputFormat.MD], tmp_path / "a", "s")
    assert "add json to --format" in (tmp_path / "a" / "s.md").read_text()
    write_outputs(assessment, [OutputFormat.JSON, OutputFormat.MD], tmp_path / "b", "s")
    record = (tmp_path / "b" / "s.md").read_text()
    assert "add json to --format" not in record
    # Into the folder the files are in (advisor report writes into reports/ by default).
    assert (f"`advisor report {tmp_path / 'b' / 's.json'} --format md"
            f" --output {tmp_path / 'b'}`") in record


def test_regenerate_command_renders_what_this_run_wrote(tmp_path: Path) -> None:
    assessment = fixture_assessment("scored_no_probes")
    write_outputs(assessment, [OutputFormat.JSON, OutputFormat.HTML, OutputFormat.MD],
                  tmp_path, "s", paper="letter")
    record = (tmp_path / "s.md").read_text()
    # html and md again; no --paper, because this run wrote no PDF.
    assert f"`advisor report {tmp_path / 's.json'} --format html,md --output {tmp_path}`" in record
    write_outputs(assessment, [OutputFormat.JSON, OutputFormat.PDF, OutputFormat.MD],
                  tmp_path, "s", paper="letter")
    record = (tmp_path / "s.md").read_text()
    assert (f"`advisor report {tmp_path / 's.json'} --format pdf,md --paper letter"
            f" --output {tmp_path}`") in record
