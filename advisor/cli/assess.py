"""`advisor assess`: questionnaire (or answers file), probes, scoring and the report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.app import app
from advisor.cli.environment import current
from advisor.cli.language import LangOption, PaperOption
from advisor.exit_status import ExitStatus

ANSWERS_HELP = "Answers file (YAML or JSON): no prompts, missing answers take their defaults."


@app.command()
def assess(
    answers_file: Annotated[
        Path | None, typer.Option("--answers", "-a", metavar="FILE", help=ANSWERS_HELP)
    ] = None,
    set_values: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="ID=VALUE",
            help="Set one answer, overriding the answers file (lists: a,b; priorities.x=4).",
        ),
    ] = None,
    questionnaire_file: Annotated[
        Path | None,
        typer.Option("--questionnaire", metavar="FILE", help="Use a custom questionnaire."),
    ] = None,
    probe_results: Annotated[
        Path | None,
        typer.Option("--probe-results", metavar="FILE", envvar="ADVISOR_PROBE_RESULTS",
                     help="Use saved probe results."),
    ] = None,
    no_probes: Annotated[
        bool, typer.Option("--no-probes", envvar="ADVISOR_NO_PROBES",
                           help="Do not probe this machine (in the environment: 1 or true).")
    ] = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format", "-f", metavar="FORMAT", envvar="ADVISOR_FORMAT",
            help="Output formats, repeated or comma-separated.",
        ),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="DIR", envvar="ADVISOR_OUTPUT",
                           help="Output folder.")
    ] = Path("reports"),
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt, even in a terminal.")
    ] = False,
    decision_model: Annotated[
        Path | None,
        typer.Option(
            "--decision-model", metavar="FILE", help="Score with a custom decision model."
        ),
    ] = None,
    python: Annotated[
        str | None,
        typer.Option("--python", metavar="PATH", help="Probe the frameworks of this interpreter."),
    ] = None,
    budget: Annotated[
        str,
        typer.Option(
            "--budget", metavar="quick|standard|thorough", envvar="ADVISOR_BUDGET",
            help="Benchmark budget: quick, standard, thorough.",
        ),
    ] = "standard",
    lang: LangOption = None,
    paper: PaperOption = "a4",
) -> int:
    """Assess a project: answers, probes, scoring and the report.

    Pipelines can set the options in the environment instead (ADVISOR_OUTPUT, ADVISOR_FORMAT,
    ADVISOR_BUDGET, ADVISOR_PROBE_RESULTS, ADVISOR_NO_PROBES, ADVISOR_LANG, ADVISOR_PAPER); a
    command-line option wins.
    """
    from advisor.cli.answers_input import resolve_cli_answers
    from advisor.errors import InputError
    from advisor.i18n import parse_language
    from advisor.outputs import DEFAULT_FORMATS, parse_formats
    from advisor.pipeline import assess as run_assess
    from advisor.pipeline import write_assessment
    from advisor.report.paper import parse_paper

    env = current()
    chosen_formats = parse_formats(formats) if formats else list(DEFAULT_FORMATS)
    language = parse_language(lang)
    paper_size = parse_paper(paper)
    if probe_results is not None and no_probes:
        raise InputError("--probe-results and --no-probes exclude each other", file="--no-probes")
    from advisor.scoring import load_decision_model

    load_decision_model(decision_model)  # a bad decision model fails before prompts and probes

    from advisor.probing.options import parse_budget, resolve_interpreter

    interpreter = resolve_interpreter(python)
    chosen_budget = parse_budget(budget)
    questionnaire, answers = resolve_cli_answers(
        env, answers_file, set_values or [], questionnaire_file, interactive=not no_input
    )
    for note in answers.notes:  # e.g. an old answer read in its new form: say so up front
        env.say(f"note: {note}")
    probes = None
    failed: list[str] = []
    if probe_results is not None:
        from advisor.assessment_io import load_probe_report

        probes = load_probe_report(probe_results)
    elif not no_probes:
        from advisor.fileio import prepare_output_dir

        prepare_output_dir(output)  # a read-only or wrong --output fails before the probes
        from advisor.cli.probe_progress import probe_progress
        from advisor.probing import collect_probe_report, failed_probes

        with probe_progress(env) as progress:
            # A CPU-only project is measured on the CPU even where this machine has a GPU.
            probes = collect_probe_report(
                python=interpreter, progress=progress, budget=chosen_budget,
                cpu_only_project=answers.values.get("hardware") == ["cpu_only"],
            )
        failed = failed_probes(probes)
    assessment = run_assess(
        answers,
        probes,
        questionnaire_id=questionnaire.id,
        command=["advisor", *env.argv],
        decision_model_path=decision_model,
        questionnaire=questionnaire,
    )
    from advisor.cli.outcome import print_outcome

    status = print_outcome(env, assessment, lambda: write_assessment(
        assessment, chosen_formats, output, paper=paper_size, lang=language))
    if failed:
        env.say(f"{len(failed)} probe(s) failed: {', '.join(failed)}; the report says why")
        return ExitStatus.PARTIAL
    return max(status, ExitStatus.OK)
