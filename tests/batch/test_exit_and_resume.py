"""Batch outcomes a pipeline relies on: exit 1 when probing this machine had failed probes, and
`--resume` redoing what a changed `--format` asks for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.models import ProbeReport
from tests.batch.conftest import EPOCH, probe_report_data, write_profile_folder
from tests.conftest import run_main


def fake_probing(monkeypatch: pytest.MonkeyPatch, failures: list[dict[str, Any]]) -> None:
    import advisor.probing

    def collect(**kwargs: Any) -> ProbeReport:
        return ProbeReport.model_validate({**probe_report_data("Here", 1.0),
                                           "failures": failures})

    monkeypatch.setattr(advisor.probing, "collect_probe_report", collect)


def test_failed_probes_of_this_machine_exit_1_and_every_profile_is_still_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    fake_probing(monkeypatch, [
        {"probe": "bench_torch", "kind": "timeout", "reason": "no result after 60 s"},
        {"probe": "ecosystem", "kind": "failed", "reason": "exit code 1"},
        {"probe": "bench_tensorflow", "kind": "skipped", "reason": "not installed"},
    ])
    profiles = write_profile_folder(tmp_path / "profiles", 2)
    out = tmp_path / "out"
    assert run_main(["batch", str(profiles), "-o", str(out), "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert "2 probe(s) failed: bench_torch, ecosystem" in err  # a skipped probe is no failure
    assert (out / "profile-000" / "project-000.json").is_file()
    assert (out / "profile-001" / "project-001.json").is_file()


def test_skipped_probes_alone_exit_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_probing(monkeypatch, [
        {"probe": "bench_tensorflow", "kind": "skipped", "reason": "not installed"}])
    profiles = write_profile_folder(tmp_path / "profiles", 1)
    assert run_main(["batch", str(profiles), "-o", str(tmp_path / "out"), "-f", "json"]) == 0


def test_resume_with_an_added_format_writes_it_for_every_profile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    profiles = write_profile_folder(tmp_path / "profiles", 3)
    out = tmp_path / "out"
    args = ["batch", str(profiles), "--no-probes", "-o", str(out), "--json"]
    assert run_main([*args, "--format", "json"]) == 0
    assert not list(out.rglob("*.md"))
    capsys.readouterr()

    assert run_main([*args, "--format", "json,md", "--resume"]) == 0
    captured = capsys.readouterr()
    assert "resumed" not in captured.err  # the formats changed: nothing is complete
    for number in range(3):
        folder = out / f"profile-{number:03d}"
        assert (folder / f"project-{number:03d}.md").is_file()
        assert (folder / f"project-{number:03d}.json").is_file()
    document = json.loads(captured.out)
    assert all(any(r.endswith(".md") for r in p["reports"]) for p in document["profiles"])

    # The same formats again: now everything is complete and resumed.
    assert run_main([*args, "--format", "json,md", "--resume"]) == 0
    assert "3 profiles resumed" in capsys.readouterr().err


def test_resume_with_another_paper_size_redoes_the_pdf_profiles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import advisor.report.pdf

    monkeypatch.setattr(advisor.report.pdf, "render_pdf",
                        lambda context, paper="a4": b"%PDF-1.7 fake " + paper.encode())
    profiles = write_profile_folder(tmp_path / "profiles", 2)
    out = tmp_path / "out"
    args = ["batch", str(profiles), "--no-probes", "-o", str(out), "-f", "pdf"]
    assert run_main(args) == 0
    capsys.readouterr()
    assert run_main([*args, "--paper", "letter", "--resume"]) == 0
    assert "resumed" not in capsys.readouterr().err
    assert (out / "profile-000" / "project-000.pdf").read_bytes().endswith(b"letter")
