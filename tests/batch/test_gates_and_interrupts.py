"""Pipeline gates (--fail-on close-call) and Ctrl-C: exit codes and nothing half-written."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advisor.batch.inputs import load_profiles
from advisor.batch.machines import load_machines
from advisor.batch.session import BatchRequest, execute_batch
from advisor.exit_status import ExitStatus
from advisor.models import Assessment, Recommendation
from advisor.outputs import OutputFormat
from advisor.questionnaire import load_default_questionnaire
from tests.batch.conftest import write_profile_folder
from tests.conftest import REPO, CliRunner, cli_env, default_sigint

EXAMPLE_CSV = REPO / "examples" / "batch" / "profiles.csv"


def test_fail_on_close_call_with_real_scoring(run_cli: CliRunner, tmp_path: Path) -> None:
    plain = run_cli("batch", EXAMPLE_CSV, "--no-probes", "-o", tmp_path / "a", "--json")
    assert plain.returncode == 0, plain.stderr
    close = [r for r in json.loads(plain.stdout)["profiles"] if r["close_call"]]
    assert close, "the example profiles are expected to contain at least one close call"
    gated = run_cli("batch", EXAMPLE_CSV, "--no-probes", "-o", tmp_path / "b", "--json",
                    "--fail-on", "close-call")
    assert gated.returncode == 1
    assert f"close call: {close[0]['profile']}" in gated.stderr
    assert json.loads(gated.stdout)["totals"]["close_calls"] == len(close)


def _request(tmp_path: Path, count: int, *, fail_on: bool) -> BatchRequest:
    questionnaire = load_default_questionnaire()
    return BatchRequest(
        input_path=write_profile_folder(tmp_path / "profiles", count),
        questionnaire=questionnaire, machines=load_machines([], []),
        formats=(OutputFormat.JSON,), output_dir=tmp_path / "out", fail_on_close_call=fail_on,
        created_at="2026-01-01T00:00:00+00:00",
    )


@pytest.mark.parametrize(("close_rows", "fail_on", "expected"), [
    (set(), True, ExitStatus.OK),
    ({1}, False, ExitStatus.OK),
    ({1}, True, ExitStatus.PARTIAL),
])
def test_close_call_gate_decides_the_exit_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 close_rows: set[int], fail_on: bool,
                                                 expected: ExitStatus) -> None:
    import advisor.pipeline

    real_assess = advisor.pipeline.assess

    def fake_assess(answers, probes, **kwargs):  # type: ignore[no-untyped-def]
        assessment: Assessment = real_assess(answers, probes, **kwargs)
        number = int(str(answers.values["project_name"]).split()[-1])
        assert assessment.recommendation is not None
        recommendation = Recommendation.model_validate({
            **assessment.recommendation.model_dump(), "close_call": number in close_rows})
        return assessment.model_copy(update={"recommendation": recommendation})

    monkeypatch.setattr(advisor.pipeline, "assess", fake_assess)
    request = _request(tmp_path, 3, fail_on=fail_on)
    outcome = execute_batch(request, load_profiles(request.input_path, request.questionnaire))
    assert outcome.exit_status == expected
    assert [r.close_call for r in outcome.results] == [n in close_rows for n in range(3)]


def _no_partial_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".part")]


def _manifest_entries(manifest: Path) -> dict[str, dict[str, object]]:
    """The manifest's entries, or none while it is not written yet (it is replaced atomically)."""
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))["entries"]
    except (OSError, ValueError, KeyError):
        return {}
    return entries if isinstance(entries, dict) else {}


PROFILES_TO_INTERRUPT = 120


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_resume_finishes(tmp_path: Path) -> None:
    from advisor.batch.digests import files_intact

    count = PROFILES_TO_INTERRUPT
    profiles = write_profile_folder(tmp_path / "profiles", count)
    out = tmp_path / "out"
    args = [sys.executable, "-m", "advisor", "batch", str(profiles), "--no-probes", "-f", "json",
            "-o", str(out), "--jobs", "2"]
    # A new session, signalled as a terminal does on Ctrl-C: the whole process group.
    process = subprocess.Popen(args, cwd=tmp_path, env=cli_env(), stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, preexec_fn=default_sigint)
    manifest = out / ".advisor-batch.json"
    # Ctrl-C once the workers have delivered a first profile, however long start-up takes under
    # load: the manifest is written as soon as one profile is complete. (A profile takes a
    # fraction of a second, so well over a hundred are still to come when the signal lands.)
    while not _manifest_entries(manifest) and process.poll() is None:
        time.sleep(0.01)
    assert process.poll() is None, process.communicate()
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 130, (stdout, stderr)
    assert "Traceback" not in stderr
    assert "interrupted after" in stderr and "--resume" in stderr
    assert not (out / "summary.json").exists()
    assert _no_partial_files(out) == []
    entries = _manifest_entries(manifest)
    assert 0 < len(entries) < count
    for entry in entries.values():
        row, files = entry["row"], entry["files"]
        assert isinstance(row, dict) and isinstance(files, dict)
        assert files_intact(out, files, row["reports"])  # every listed file complete on disk
        for report in row["reports"]:
            if report.endswith(".json"):
                json.loads((out / report).read_text(encoding="utf-8"))  # parseable
    resumed = subprocess.run([*args, "--resume"], cwd=tmp_path, env=cli_env(),
                             stdin=subprocess.DEVNULL, capture_output=True, text=True,
                             timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(entries)} profiles resumed" in resumed.stdout
    assert json.loads((out / "summary.json").read_text())["totals"]["ok"] == count
    assert len(list(out.glob("profile-*/project-*.json"))) == count


def test_a_failing_format_or_a_bug_costs_one_profile_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import advisor.pipeline
    import advisor.report.markdown
    from advisor.errors import ReportError

    real_assess = advisor.pipeline.assess
    real_markdown = advisor.report.markdown.render_markdown

    def flaky_assess(answers, probes, **kwargs):  # type: ignore[no-untyped-def]
        if answers.values["project_name"] == "Project 001":
            raise RuntimeError("boom")
        return real_assess(answers, probes, **kwargs)

    def flaky_markdown(context, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "Project 002" in str(context):
            raise ReportError("markdown renderer broke")
        return real_markdown(context, *args, **kwargs)

    monkeypatch.setattr(advisor.pipeline, "assess", flaky_assess)
    monkeypatch.setattr(advisor.report.markdown, "render_markdown", flaky_markdown)
    request = _request(tmp_path, 4, fail_on=False)
    request = dataclasses.replace(request, formats=(OutputFormat.JSON, OutputFormat.MD))
    outcome = execute_batch(request, load_profiles(request.input_path, request.questionnaire))
    assert outcome.exit_status == ExitStatus.PARTIAL
    statuses = [r.status for r in outcome.results]
    assert statuses == ["ok", "failed", "failed", "ok"]
    assert outcome.results[1].error == "internal error: RuntimeError: boom"
    assert "md: markdown renderer broke" in outcome.results[2].error
    assert outcome.results[2].reports == ("profile-002/project-002.json",
                                          "profile-002/project-002.answers.yaml")
    assert (tmp_path / "out" / "profile-003" / "project-003.md").is_file()
