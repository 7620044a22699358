"""Input a review of main found accepted silently: the wrong file, the wrong type, a null, an
output folder that holds the input. Each is exit 2 with file, field and what is allowed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ASSETS, EXAMPLE_ANSWERS, CliRunner, assert_clean_error

SCORED = ASSETS / "assessments" / "scored_with_probes.json"


def assess_with(run_cli: CliRunner, probe_results: Path, *extra: str) -> object:
    return run_cli("assess", "--no-input", "-a", EXAMPLE_ANSWERS, "--probe-results",
                   probe_results, "--format", "md", "-o", "out", *extra)


def test_an_assessment_is_not_a_probe_report(run_cli: CliRunner, tmp_path: Path) -> None:
    result = assess_with(run_cli, SCORED)
    assert_clean_error(result, str(SCORED), "not a probe report", "advisor assessment",
                       "advisor report", "advisor score")
    assert result.files == ()


def test_a_schema_version_alone_is_not_a_probe_report(run_cli: CliRunner, tmp_path: Path) -> None:
    bare = tmp_path / "bare.json"
    bare.write_text('{"schema_version": "1"}', encoding="utf-8")
    result = assess_with(run_cli, bare)
    assert_clean_error(result, "bare.json", "not a probe report",
                       "none of hardware, frameworks, ecosystem, benchmarks, failures",
                       "advisor probe --output")
    assert result.files == ()


def test_batch_refuses_an_assessment_as_a_machine(run_cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copy(EXAMPLE_ANSWERS, folder / "one.yaml")
    result = run_cli("batch", folder, "--probe-results", SCORED, "-o", "out")
    assert_clean_error(result, "not a probe report", "advisor assessment")
    assert not (tmp_path / "out").exists()


SAVED_PROBE_REPORTS = sorted([*(ASSETS / "probe_reports").glob("*.json"),
                              *(ASSETS / "report").glob("probe_report*.json")])


@pytest.mark.parametrize("path", SAVED_PROBE_REPORTS, ids=lambda path: path.name)
def test_older_probe_reports_still_load(run_cli: CliRunner, path: Path) -> None:
    """The minimal probe report: schema_version and one section (the trimmed assets have few)."""
    result = assess_with(run_cli, path)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("domains: vision\n", ["answers.yaml: domains", "expected a list, got text 'vision'",
                               "a list, e.g. [vision]"]),
        ("hardware: cpu_only, nvidia_gpu\n",
         ["answers.yaml: hardware", "e.g. [cpu_only, nvidia_gpu]"]),
        ("project_name: null\n", ["answers.yaml: project_name: null is not allowed",
                                  "free text, 1-200 characters"]),
        ("stage:\n", ["answers.yaml: stage: null is not allowed",
                      "leave the line out to take the default", "one of research, prototype"]),
        ("deployment_targets: ~\n", ["answers.yaml: deployment_targets: null is not allowed",
                                     "a list of cloud_server"]),
    ],
)
def test_answers_file_types_are_its_own(run_cli: CliRunner, tmp_path: Path, text: str,
                                        needles: list[str]) -> None:
    answers = tmp_path / "answers.yaml"
    # The field under test comes last, so it replaces the example's own answer to it.
    lines = [line for line in EXAMPLE_ANSWERS.read_text(encoding="utf-8").splitlines()
             if not line.startswith(text.split(":")[0] + ":")]
    answers.write_text("\n".join(lines) + "\n" + text, encoding="utf-8")
    result = run_cli("assess", "--no-input", "--no-probes", "-a", answers, "-f", "json",
                     "-o", "out")
    assert_clean_error(result, *needles)
    assert "no terminal is attached" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_null_project_name_names_the_file_not_a_missing_answer(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("project_name: null\nstage: research\n", encoding="utf-8")
    result = run_cli("assess", "--no-input", "--no-probes", "-a", answers, "-o", "out")
    assert_clean_error(result, "a.yaml: project_name: null is not allowed")


def test_text_syntaxes_keep_their_list_form(run_cli: CliRunner, tmp_path: Path) -> None:
    """`--set domains=vision` and a CSV cell `vision,nlp_llm` are text: a,b is their list."""
    result = run_cli("assess", "--no-input", "--no-probes", "--set", "project_name=X",
                     "--set", "domains=vision", "-f", "json", "-o", "out")
    assert result.exit_code == 0, result.stderr
    saved = json.loads((tmp_path / "out" / "x.json").read_text(encoding="utf-8"))
    assert saved["answers"]["domains"] == ["vision"]
    csv = tmp_path / "profiles.csv"
    csv.write_text('project_name,domains\nOne,vision\nTwo,"vision,nlp_llm"\n', encoding="utf-8")
    result = run_cli("batch", csv, "--no-probes", "-o", "batch")
    assert result.exit_code == 0, result.stderr


def test_saved_assessments_still_score_and_render(run_cli: CliRunner, tmp_path: Path) -> None:
    # hostile.json's answers are not choices on purpose (the renderers' escaping is its test).
    for path in sorted(set((ASSETS / "assessments").glob("*.json")) - {ASSETS / "assessments"
                                                                        / "hostile.json"}):
        for command in ("report", "score"):
            result = run_cli(command, path, "-f", "json", "-o", f"out-{command}-{path.stem}")
            assert result.exit_code == 0, (command, path.name, result.stderr)


def test_score_never_overwrites_the_assessment_it_reads(run_cli: CliRunner,
                                                        tmp_path: Path) -> None:
    first = run_cli("assess", "--no-input", "--no-probes", "-a", EXAMPLE_ANSWERS,
                    "-f", "json,md", "-o", "reports")
    assert first.exit_code == 0, first.stderr
    saved = next((tmp_path / "reports").glob("*.json"))
    before = {p.name: p.read_bytes() for p in (tmp_path / "reports").iterdir()}
    result = run_cli("score", saved, "--set", "priorities.performance=1", "-o", "reports")
    assert_clean_error(result, str(saved), "--output", "would overwrite the assessment",
                       "choose another --output")
    assert {p.name: p.read_bytes() for p in (tmp_path / "reports").iterdir()} == before
    # The same path spelt another way is the same file.
    result = run_cli("score", Path("reports") / ".." / "reports" / saved.name, "-o", "./reports")
    assert_clean_error(result, "would overwrite the assessment")
    # Another folder is fine, and `-f md` alone into the same folder writes no JSON over it.
    assert run_cli("score", saved, "-o", "rescored").exit_code == 0
    assert run_cli("score", saved, "-f", "html", "-o", "reports").exit_code == 0
    assert saved.read_bytes() == before[saved.name]
