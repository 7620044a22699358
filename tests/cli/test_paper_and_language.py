"""Every command that writes a report takes `--paper` and `--lang` (and ADVISOR_PAPER,
ADVISOR_LANG): a team in the US or Japan gets its PDF right the first time, not after
`advisor report` again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import EXAMPLE_ANSWERS, CliRunner, assert_clean_error
from tests.report.conftest import ASSESSMENTS

LETTER = (612, 792)
A4 = (595, 842)


def _size(pdf: Path) -> tuple[int, int]:
    box = PdfReader(pdf).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def _pdf(folder: Path) -> Path:
    (found,) = folder.glob("*.pdf")
    return found


@pytest.mark.slow
def test_assess_writes_letter_pdfs_from_the_option_or_the_environment(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    base = ["assess", "--answers", EXAMPLE_ANSWERS, "--no-probes", "--format", "pdf"]
    assert run_cli(*base, "--paper", "letter", "-o", tmp_path / "opt").exit_code == 0
    assert _size(_pdf(tmp_path / "opt")) == LETTER
    assert run_cli(*base, "-o", tmp_path / "env",
                   env={"ADVISOR_PAPER": "letter"}).exit_code == 0
    assert _size(_pdf(tmp_path / "env")) == LETTER
    assert run_cli(*base, "-o", tmp_path / "default").exit_code == 0
    assert _size(_pdf(tmp_path / "default")) == A4


@pytest.mark.slow
def test_score_takes_the_paper_and_the_language(run_cli: CliRunner, tmp_path: Path) -> None:
    saved = Path(shutil.copy(ASSESSMENTS / "scored_no_probes.json", tmp_path / "speech.json"))
    result = run_cli("score", saved, "--format", "pdf,md", "--paper", "letter", "--lang", "ja",
                     "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert _size(_pdf(tmp_path / "out")) == LETTER
    (record,) = (tmp_path / "out").glob("*.md")
    assert "推奨" in record.read_text(encoding="utf-8")


def test_a_bad_paper_stops_assess_before_any_work(run_cli: CliRunner, tmp_path: Path) -> None:
    result = run_cli("assess", "--answers", EXAMPLE_ANSWERS, "--no-probes", "--paper", "a3",
                     "-o", tmp_path / "out")
    assert_clean_error(result, "--paper", "a4, letter")
    assert not (tmp_path / "out").exists()
    env_result = run_cli("score", ASSESSMENTS / "scored_no_probes.json", "-o", tmp_path / "x",
                         env={"ADVISOR_PAPER": "tabloid"})
    assert_clean_error(env_result, "--paper", "a4, letter")
