"""`advisor batch` end to end, in subprocesses as a pipeline runs it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from advisor.options import OPTIONS
from tests.batch.conftest import EPOCH, run_closed_stdin, tree, write_profile_folder
from tests.conftest import REPO, CliRunner, assert_clean_error, write


def summary(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_one_malformed_profile_among_100(run_cli: CliRunner, tmp_path: Path,
                                         machine_a: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 100, bad={57})
    out = tmp_path / "out"
    result = run_cli("batch", profiles, "--probe-results", machine_a, "-f", "json", "-o", out,
                     "--jobs", "2")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "profile-057.yaml: stage: 'shipping' is not a choice" in result.stderr
    data = summary(out)
    assert data["totals"] == {**data["totals"], "profiles": 100, "ok": 99, "failed": 1}
    (failure,) = data["failures"]
    assert failure["profile"] == "profile-057"
    assert failure["source"].endswith("profile-057.yaml")
    assert "'shipping' is not a choice" in failure["error"]
    written = sorted(p.parent.name for p in out.glob("*/*.json"))
    assert written == [f"profile-{n:03d}" for n in range(100) if n != 57]
    rows = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text())))
    assert len(rows) == 100 and [r["status"] for r in rows].count("failed") == 1
    assert rows[57]["status"] == "failed" and "shipping" in rows[57]["error"]
    assert rows[57]["reports"] == "" and rows[57]["recommendation"] == ""
    assert rows[0]["reports"] == "profile-000/project-000.json;profile-000/project-000.answers.yaml"
    assert rows[0]["recommendation"] in OPTIONS
    assert 0 <= float(rows[0]["confidence"]) <= 1


@pytest.mark.slow
def test_jobs_1_and_jobs_2_give_identical_outputs(run_cli: CliRunner, tmp_path: Path,
                                                  machine_a: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 6, bad={4})
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    outs = []
    for jobs in ("1", "2"):
        cwd = tmp_path / f"run{jobs}"
        cwd.mkdir()
        result = run_cli("batch", profiles, "--probe-results", machine_a, "-f", "json,md,html",
                         "-o", "out", "--jobs", jobs, env=env, cwd=cwd)
        assert result.returncode == 1, result.stderr
        outs.append(tree(cwd / "out"))
    assert outs[0].keys() == outs[1].keys()
    # json, md, html and answers per ok profile; summary json, csv and html; the manifest
    assert len(outs[0]) == 5 * 4 + 4
    assert "summary.html" in outs[0]
    for name in outs[0]:
        assert outs[0][name] == outs[1][name], name
    assessment = json.loads(outs[0]["profile-000/project-000.json"])
    assert assessment["created_at"] == "2026-01-01T00:00:00+00:00"
    assert assessment["command"] == ["advisor", "assess", "--answers",
                                     "out/profile-000/project-000.answers.yaml",
                                     "--probe-results", str(machine_a)]


def test_stdin_closed_end_to_end_nothing_waits_for_input(tmp_path: Path) -> None:
    csv_file = REPO / "examples" / "batch" / "profiles.csv"
    out = tmp_path / "out"
    result = run_closed_stdin(["batch", str(csv_file), "--no-probes", "-o", str(out),
                               "--jobs", "2", "--format", "json,md"], cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert len(summary(out)["profiles"]) == 6
    assert (out / "row-0002" / "retail-shelf-vision.json").is_file()
    assert (out / "row-0007" / "product-recommender.md").is_file()


def test_json_prints_only_the_summary_on_stdout(run_cli: CliRunner, tmp_path: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 3, bad={1})
    out = tmp_path / "out"
    result = run_cli("batch", profiles, "--no-probes", "-o", out, "--json")
    assert result.returncode == 1
    document = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert document == summary(out)
    assert "profile failed" in result.stderr and "3 profiles" in result.stderr
    assert "profile failed" not in result.stdout


def test_resume_skips_complete_profiles_and_redoes_the_rest(run_cli: CliRunner,
                                                            tmp_path: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 5, bad={2})
    out = tmp_path / "out"
    args = ["batch", profiles, "--no-probes", "-f", "json", "-o", out, "--json"]
    first = run_cli(*args, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert first.returncode == 1
    kept = out / "profile-000" / "project-000.json"
    deleted = out / "profile-001" / "project-001.json"
    changed = profiles / "profile-003.yaml"
    before = kept.stat().st_mtime_ns
    deleted.unlink()
    changed.write_text(changed.read_text().replace("Project 003", "Renamed 003"))
    write_profile_folder(profiles, 3)  # fixes profile-002 (and rewrites 000/001 identically)

    second = run_cli(*args, "--resume")
    assert second.returncode == 0, second.stderr
    assert "2 profiles resumed" in second.stderr  # 000 and 004: unchanged and complete
    assert kept.stat().st_mtime_ns == before
    assert deleted.is_file()
    assert (out / "profile-003" / "renamed-003.json").is_file()
    data = json.loads(second.stdout)
    assert [r["status"] for r in data["profiles"]] == ["ok"] * 5
    assert data["profiles"][0]["reports"] == json.loads(first.stdout)["profiles"][0]["reports"]
    # Without --resume everything runs again.
    third = run_cli(*args)
    assert "resumed" not in third.stderr
    assert kept.stat().st_mtime_ns != before


def test_several_machines_with_costs(run_cli: CliRunner, tmp_path: Path, machine_a: Path,
                                     machine_b: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 2)
    out = tmp_path / "out"
    result = run_cli("batch", profiles, "--probe-results", machine_a, machine_b,
                     "--cost", f"{machine_a}=2", "machine-b.json=8", "-o", out, "--json",
                     "--format", "json,md")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [m["machine"] for m in data["machines"]] == ["machine-a", "machine-b"]
    assert [(r["profile"], r["machine"]) for r in data["profiles"]] == [
        ("profile-000", "machine-a"), ("profile-000", "machine-b"),
        ("profile-001", "machine-a"), ("profile-001", "machine-b")]
    assert (out / "machine-a" / "profile-000" / "project-000.json").is_file()
    assert (out / "machine-b" / "profile-001" / "project-001.json").is_file()
    a, b = data["machines"]
    assert a["cost_per_hour"] == 2 and b["cost_per_hour"] == 8
    assert a["hardware"] == "Machine A CPU"
    mlp_a = next(x for x in a["benchmarks"]
                 if x["workload"] == "mlp_inference" and x["framework"] == "pytorch")
    mlp_b = next(x for x in b["benchmarks"]
                 if x["workload"] == "mlp_inference" and x["framework"] == "pytorch")
    assert mlp_a["median_s"] == pytest.approx(0.004)
    assert mlp_a["throughput"] == pytest.approx(250_000)
    assert mlp_a["throughput_per_cost"] == pytest.approx(125_000)
    assert mlp_a["units_per_dollar"] == pytest.approx(250_000 * 3600 / 2)
    # B is twice as fast but four times the price: half the performance per dollar.
    assert mlp_b["units_per_dollar"] == pytest.approx(mlp_a["units_per_dollar"] / 2)
    first, _ = data["comparison"]
    assert first["profile"] == "profile-000" and set(first["machines"]) == {"machine-a",
                                                                           "machine-b"}
    assert first["agree"] == (first["machines"]["machine-a"]["recommendation"]
                              == first["machines"]["machine-b"]["recommendation"])
    assessment = json.loads((out / "machine-b" / "profile-000" / "project-000.json").read_text())
    assert assessment["probes"]["hardware"]["cpu"]["model"] == "Machine B CPU"
    # The price is saved with the assessment, so a report written again from the JSON keeps
    # the cost line the batch's report had.
    assert assessment["cost_per_hour"] == 8
    record = (out / "machine-b" / "profile-000" / "project-000.md").read_text(encoding="utf-8")
    (line,) = [text for text in record.splitlines() if "one dollar buys" in text]
    again = run_cli("report", out / "machine-b" / "profile-000" / "project-000.json",
                    "-f", "md", "-o", tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert line in (tmp_path / "again" / "project-000.md").read_text(encoding="utf-8")
    unpriced = tmp_path / "unpriced"
    assert run_cli("batch", profiles, "--probe-results", machine_a, "-o", unpriced,
                   "--format", "json").returncode == 0
    assert "cost_per_hour" not in json.loads(
        (unpriced / "profile-000" / "project-000.json").read_text(encoding="utf-8"))
    # Each profile's report gives what a dollar buys on its machine, naming the price's source.
    record = (out / "machine-b" / "profile-000" / "project-000.md").read_text(encoding="utf-8")
    assert "Cost: at 8.00 per hour for this machine (from advisor batch --cost)" in record


def test_cost_for_an_unknown_machine_is_an_input_error(run_cli: CliRunner, tmp_path: Path,
                                                       machine_a: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 1)
    result = run_cli("batch", profiles, "--probe-results", machine_a, "--cost", "other.json=3",
                     "-o", tmp_path / "out")
    assert_clean_error(result, "--cost", "'other.json' is not one of the --probe-results files",
                       f"{machine_a}=PRICE")
    bad_price = run_cli("batch", profiles, "--probe-results", machine_a, "--cost",
                        "machine-a.json=free", "-o", tmp_path / "out")
    assert_clean_error(bad_price, "price 'free' is not a positive number")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("setup", "needles"),
    [
        ("missing", ["nope", "not found"]),
        ("empty", ["the folder holds no answers files", ".yaml"]),
        ("unknown-column", ["unknown column", "colour", "priority.performance"]),
        ("header-only", ["no profile rows"]),
    ],
)
def test_batch_input_errors_exit_2(run_cli: CliRunner, tmp_path: Path, setup: str,
                                   needles: list[str]) -> None:
    target = {
        "missing": tmp_path / "nope",
        "empty": tmp_path / "empty",
        "unknown-column": write(tmp_path / "u.csv", "project_name,colour\nA,red\n"),
        "header-only": write(tmp_path / "h.csv", "project_name,stage\n"),
    }[setup]
    (tmp_path / "empty").mkdir()
    result = run_cli("batch", target, "--no-probes", "-o", tmp_path / "out")
    assert_clean_error(result, *needles)
    assert not (tmp_path / "out").exists()


def test_environment_variables_configure_the_batch(run_cli: CliRunner, tmp_path: Path,
                                                   machine_a: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 3)
    env = {"ADVISOR_OUTPUT": str(tmp_path / "env-out"), "ADVISOR_FORMAT": "json",
           "ADVISOR_JOBS": "2", "ADVISOR_PROBE_RESULTS": str(machine_a),
           "ADVISOR_BUDGET": "quick"}
    result = run_cli("batch", profiles, "--json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["machines"][0]["probe_results"] == str(machine_a)
    assert (tmp_path / "env-out" / "profile-002" / "project-002.json").is_file()
    bad = run_cli("batch", profiles, env={**env, "ADVISOR_BUDGET": "forever"})
    assert_clean_error(bad, "--budget", "quick, standard, thorough")
    bad_paper = run_cli("batch", profiles, env={**env, "ADVISOR_PAPER": "a3"})
    assert_clean_error(bad_paper, "--paper", "a4, letter")
    # Options on the command line win; ADVISOR_NO_PROBES needs no probe results.
    cli = run_cli("batch", profiles, "-o", tmp_path / "cli-out", "--format", "md", "--json",
                  env={**env, "ADVISOR_PROBE_RESULTS": "", "ADVISOR_NO_PROBES": "true"})
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout)["machines"][0]["machine"] == "no-probes"
    assert (tmp_path / "cli-out" / "profile-000" / "project-000.md").is_file()
    assert not (tmp_path / "cli-out" / "profile-000" / "project-000.json").exists()


def test_help_shows_the_environment_variables(run_cli: CliRunner) -> None:
    result = run_cli("batch", "--help", env={"COLUMNS": "200"})
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for name in ("ADVISOR_OUTPUT", "ADVISOR_FORMAT", "ADVISOR_BUDGET", "ADVISOR_JOBS",
                 "ADVISOR_PROBE_RESULTS", "ADVISOR_NO_PROBES", "ADVISOR_PAPER"):
        assert f"env var: {name}" in text, name


def test_unknown_format_and_fail_on_are_input_errors(run_cli: CliRunner, tmp_path: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 1)
    bad_format = run_cli("batch", profiles, "--no-probes", "-f", "docx", "-o", tmp_path / "o")
    assert_clean_error(bad_format, "unknown format 'docx'")
    bad_gate = run_cli("batch", profiles, "--no-probes", "--fail-on", "doubt", "-o",
                       tmp_path / "o")
    assert_clean_error(bad_gate, "--fail-on", "close-call")


def test_progress_bar_only_when_stderr_is_a_terminal(run_cli: CliRunner, tmp_path: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 4)
    piped = run_cli("batch", profiles, "--no-probes", "-o", tmp_path / "piped", "--json")
    assert "\x1b[" not in piped.stderr and "\x1b[" not in piped.stdout
    # stdout redirected to a file, stderr on the terminal: `advisor batch ... > summary.json`
    terminal = run_cli("batch", profiles, "--no-probes", "-o", tmp_path / "tty", "--json",
                       stderr_isatty=True)
    assert terminal.returncode == 0, terminal.stderr
    assert "4/4" in terminal.stderr and "\x1b[" in terminal.stderr  # rich progress
    assert json.loads(terminal.stdout)["totals"]["ok"] == 4


def test_recorded_command_reproduces_the_assessment(run_cli: CliRunner, tmp_path: Path,
                                                    machine_a: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 1)
    assert run_cli("batch", profiles, "--probe-results", machine_a, "-o", "out").returncode == 0
    batch_json = json.loads((tmp_path / "out" / "profile-000" / "project-000.json").read_text())
    program, *args = batch_json["command"]
    assert program == "advisor"
    replay = run_cli(*args, "--format", "json", "--output", "replay")
    assert replay.returncode == 0, replay.stderr
    again = json.loads((tmp_path / "replay" / "project-000.json").read_text())
    assert again["recommendation"] == batch_json["recommendation"]
    assert again["scores"] == batch_json["scores"]
    assert again["answers"] == batch_json["answers"]


@pytest.mark.slow
def test_all_formats_on_a_few_profiles(run_cli: CliRunner, tmp_path: Path,
                                       machine_a: Path) -> None:
    from pypdf import PdfReader

    profiles = write_profile_folder(tmp_path / "profiles", 3, bad={1})
    out = tmp_path / "out"
    result = run_cli("batch", profiles, "--probe-results", machine_a, "-o", out, "--jobs", "2",
                     "--format", "html,pdf,json,md", "--json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["profiles"][0]["reports"] == [
        f"profile-000/project-000.{ext}" for ext in ("html", "pdf", "json", "md")
    ] + ["profile-000/project-000.answers.yaml"]
    for row in data["profiles"]:
        for report in row["reports"]:
            assert (out / report).stat().st_size > 0
    html = (out / "summary.html").read_text()
    assert "<svg" in html and "profile-001.yaml" in html
    text = "".join(p.extract_text() for p in PdfReader(out / "summary.pdf").pages)
    compact = "".join(text.split())
    assert "Batchsummary" in compact and "Failedprofiles" in compact
    assert "profile-001.yaml:stage:'shipping'" in compact
    report_pdf = PdfReader(out / "profile-002" / "project-002.pdf")
    assert "Project 002" in "".join(p.extract_text() for p in report_pdf.pages)


def test_resume_redoes_a_profile_whose_file_was_truncated_edited_or_deleted(
        run_cli: CliRunner, tmp_path: Path) -> None:
    profiles = write_profile_folder(tmp_path / "profiles", 5)
    out = tmp_path / "out"
    args = ["batch", profiles, "--no-probes", "-f", "json,md", "-o", out, "--json"]
    assert run_cli(*args, env={"SOURCE_DATE_EPOCH": EPOCH}).returncode == 0
    manifest = json.loads((out / ".advisor-batch.json").read_text(encoding="utf-8"))
    entry = manifest["entries"]["no-probes/profile-000"]
    md = "profile-000/project-000.md"
    assert entry["files"][md]["size"] == (out / md).stat().st_size
    assert set(entry["files"]) == set(entry["row"]["reports"])
    original = {n: (out / f"profile-00{n}" / f"project-00{n}.md").read_bytes() for n in range(5)}
    truncated = out / "profile-001" / "project-001.md"
    truncated.write_bytes(original[1][: len(original[1]) // 2])
    edited = out / "profile-002" / "project-002.json"  # same size, one byte different
    data = edited.read_bytes()
    edited.write_bytes(data[:-2] + (b"X" if data[-2:-1] != b"X" else b"Y") + data[-1:])
    (out / "profile-003" / "project-003.answers.yaml").unlink()
    untouched = out / "profile-004" / "project-004.md"
    before = untouched.stat().st_mtime_ns

    second = run_cli(*args, "--resume", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert second.returncode == 0, second.stderr
    assert "2 profiles resumed" in second.stderr  # 000 and 004
    assert untouched.stat().st_mtime_ns == before
    assert truncated.read_bytes() == original[1]
    assert json.loads(edited.read_text(encoding="utf-8"))["answers"]["project_name"] == (
        "Project 002")
    assert (out / "profile-003" / "project-003.answers.yaml").is_file()
    # The rewritten manifest records the redone files as they are now.
    again = json.loads((out / ".advisor-batch.json").read_text(encoding="utf-8"))["entries"]
    assert again["no-probes/profile-001"]["files"] == manifest["entries"][
        "no-probes/profile-001"]["files"]


def test_a_truncated_csv_row_fails_alone_and_the_others_are_written(run_cli: CliRunner,
                                                                    tmp_path: Path) -> None:
    lines = (REPO / "examples" / "batch" / "profiles.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3][: len(lines[3]) // 2]  # row 4 cut off mid-row
    lines[5] += ",5,extra"  # row 6 has too many cells
    source = write(tmp_path / "profiles.csv", "\n".join(lines) + "\n")
    out = tmp_path / "out"
    result = run_cli("batch", source, "--no-probes", "-o", out, "--json")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{source}:4: row 4: has " in result.stderr and "is the row truncated?" in result.stderr
    assert f"{source}:6: row 6: has " in result.stderr and "(too many)" in result.stderr
    data = json.loads(result.stdout)
    assert [(f["profile"], f["row"]) for f in data["failures"]] == [("row-0004", 4),
                                                                    ("row-0006", 6)]
    assert data["totals"]["ok"] == 4
    written = sorted(p.parent.name for p in out.glob("row-*/*.json"))
    assert written == ["row-0002", "row-0003", "row-0005", "row-0007"]


@pytest.mark.slow
def test_batch_reports_are_identical_to_rendering_one_assessment_alone(
        run_cli: CliRunner, tmp_path: Path) -> None:
    # The second profile's benchmark chart is reused from the first in the batch process;
    # `advisor report` draws every chart afresh: the bytes must not differ.
    probes = REPO / "tests" / "assets" / "report" / "probe_report.json"
    profiles = write_profile_folder(tmp_path / "profiles", 2)
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    result = run_cli("batch", profiles, "--probe-results", probes, "-f", "html,md,json",
                     "-o", "out", env=env)
    assert result.returncode == 0, result.stderr
    # The same arguments as the regenerate command the reports print.
    alone = run_cli("report", "out/profile-001/project-001.json", "-f", "html,md,json",
                    "-o", "alone", env=env)
    assert alone.returncode == 0, alone.stderr
    for ext in ("html", "md"):
        batch_file = tmp_path / "out" / "profile-001" / f"project-001.{ext}"
        assert (tmp_path / "alone" / f"project-001.{ext}").read_bytes() == batch_file.read_bytes()
