"""`advisor report` re-renders a saved assessment; `advisor assess` ends with the verdict."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CliRunner, ProcessRunner, assert_clean_error, cli_env, run_main
from tests.report.conftest import ASSESSMENTS


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    return Path(shutil.copy(ASSESSMENTS / "scored_no_probes.json", tmp_path / "speech.json"))


def test_report_renders_md_and_html_without_probing(
    saved: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run_main(["report", str(saved), "--format", "md,html", "--output", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "speech-on-the-edge.html", "speech-on-the-edge.md"]
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "Verdict: Hybrid (close call, confidence 54%, margin 0.03)"
    # In the order asked for.
    assert printed[1:] == [str(out / "speech-on-the-edge.md"), str(out / "speech-on-the-edge.html")]
    record = (out / "speech-on-the-edge.md").read_text()
    assert f"advisor report {saved} --format" in record


def test_report_never_overwrites_its_own_input(saved: Path) -> None:
    target = saved.parent / "speech-on-the-edge.json"
    shutil.move(saved, target)
    before = target.read_bytes()
    assert run_main(["report", str(target), "--format", "json,md", "-o", str(saved.parent)]) == 0
    assert target.read_bytes() == before
    assert (saved.parent / "speech-on-the-edge.md").is_file()


def test_bad_paper_and_missing_file_are_usage_errors(
    run_cli: CliRunner, saved: Path, tmp_path: Path
) -> None:
    assert_clean_error(run_cli("report", saved, "--paper", "a3"), "--paper", "a4, letter")
    assert_clean_error(run_cli("report", tmp_path / "nope.json"), "nope.json")
    assert_clean_error(run_cli("report", saved, "--format", "docx"), "docx", "html")


def test_failed_format_exits_1_after_writing_the_rest(
    saved: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import advisor.report.pdf
    from advisor.errors import ReportError

    def broken(context: object, paper: str = "a4") -> bytes:
        raise ReportError("the PDF report could not be rendered: no fonts")

    monkeypatch.setattr(advisor.report.pdf, "render_pdf", broken)
    out = tmp_path / "o"
    assert run_main(["report", str(saved), "-f", "pdf,md", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "pdf report not written" in captured.err and "no fonts" in captured.err
    assert (out / "speech-on-the-edge.md").is_file()
    assert not (out / "speech-on-the-edge.pdf").exists()


@pytest.mark.slow
def test_report_pdf_letter_in_a_subprocess(run_process: ProcessRunner, saved: Path,
                                           tmp_path: Path) -> None:
    # A process of its own: WeasyPrint's and fontconfig's warnings would reach file descriptor 2
    # around sys.stderr, which only a real process's stderr shows.
    result = run_process("report", saved, "--format", "pdf", "--paper", "letter", "-o",
                         tmp_path / "p")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # WeasyPrint's warnings stay out of the user's terminal
    pdf = tmp_path / "p" / "speech-on-the-edge.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_assess_prints_verdict_and_paths(
    example_answers: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a"
    code = run_main(["assess", "--answers", str(example_answers), "--no-probes",
                     "--format", "json,md", "-o", str(out)])
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Verdict: ") and "confidence" in lines[0]
    assert lines[1:] == [str(out / "retail-shelf-vision.json"), str(out / "retail-shelf-vision.md"),
                         str(out / "retail-shelf-vision.answers.yaml")]


#: Modules that only rendering needs: `--help` must not pay for them (seconds of import time).
RENDERING_MODULES = ("weasyprint", "matplotlib", "jinja2", "pandas", "advisor.report",
                     "advisor.outputs", "advisor.scoring")
_LIST_IMPORTS = """
import json
import sys
from advisor.cli import main
for argv in json.loads(sys.argv[1]):
    main(argv)
print("IMPORTED", *sorted(sys.modules))
"""


def test_help_does_not_import_renderers(tmp_path: Path) -> None:
    # A fresh interpreter (this test process has long imported everything), one for all three:
    # what none of them imported, each of them did not.
    argvs = [["report", "--help"], ["--help"], ["--version"]]
    result = subprocess.run([sys.executable, "-c", _LIST_IMPORTS, json.dumps(argvs)],
                            cwd=tmp_path, env=cli_env(), capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    *shown, imported_line = result.stdout.rstrip("\n").split("\n")
    assert "--paper" in "\n".join(shown)
    imported = imported_line.split()[1:]
    assert "advisor.cli" in imported  # the list is real
    heavy = [m for m in imported if m.split(".")[0] in RENDERING_MODULES
             or any(m == r or m.startswith(r + ".") for r in RENDERING_MODULES)]
    assert heavy == [], heavy
