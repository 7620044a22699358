"""`advisor batch INPUT`: many profiles, one command, for pipelines (never prompts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor.cli.app import app
from advisor.cli.environment import Environment, current
from advisor.cli.language import LangOption, PaperOption
from advisor.exit_status import ExitStatus

if TYPE_CHECKING:
    from advisor.batch.machines import Machine
    from advisor.batch.session import BatchOutcome
    from advisor.probing import Budget

FAIL_ON = ("close-call",)

INPUT_HELP = (
    "A folder of answers files (.yaml, .yml, .json), or a CSV with one profile a row (columns"
    " are question ids, lists separated by ';', priorities as priority.<criterion>)."
    " Extra FILE.json arguments after --probe-results are more machines; FILE=PRICE after"
    " --cost are more prices."
)
PROBES_HELP = (
    "Saved probe results (advisor probe --output FILE); several files (repeat the option, or"
    " --probe-results a.json b.json) assess every profile on every machine."
)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": False})
def batch(
    ctx: typer.Context,
    input_argument: Annotated[
        str, typer.Argument(metavar="INPUT", help=INPUT_HELP, show_default=False)
    ],
    probe_results: Annotated[
        list[str] | None,
        typer.Option("--probe-results", metavar="FILE", envvar="ADVISOR_PROBE_RESULTS",
                     help=PROBES_HELP + " In the environment: paths separated by spaces."),
    ] = None,
    no_probes: Annotated[
        bool, typer.Option("--no-probes", envvar="ADVISOR_NO_PROBES",
                           help="Assess without probe results (in the environment: 1 or true).")
    ] = False,
    costs: Annotated[
        list[str] | None,
        typer.Option("--cost", metavar="FILE=PRICE",
                     help="Price per hour of a --probe-results machine (e.g. a.json=3.2, or a"
                     " fleet node's name: gpu-a100=3.2): the summary adds performance per cost."),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="DIR", envvar="ADVISOR_OUTPUT",
                           help="Output folder: one sub-folder per profile, plus the summary.")
    ] = Path("reports"),
    formats: Annotated[
        list[str] | None,
        typer.Option("--format", "-f", metavar="FORMAT", envvar="ADVISOR_FORMAT",
                     help="Report formats per profile, repeated or comma-separated; html and pdf"
                     " also give summary.html / summary.pdf."),
    ] = None,
    budget: Annotated[
        str, typer.Option("--budget", metavar="quick|standard|thorough", envvar="ADVISOR_BUDGET",
                          help="Probing budget when this machine is probed.")
    ] = "standard",
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, envvar="ADVISOR_JOBS",
                          help="Worker processes (0: one per CPU). Results are identical for"
                          " any number.")
    ] = 1,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip profiles whose outputs are complete and"
                           " unchanged since an earlier run into the same folder.")
    ] = False,
    fail_on: Annotated[
        list[str] | None,
        typer.Option("--fail-on", metavar="close-call",
                     help="Also exit 1 when any recommendation is a close call (for gates)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print only the summary JSON on stdout; everything"
                           " else goes to stderr.")
    ] = False,
    questionnaire_file: Annotated[
        Path | None,
        typer.Option("--questionnaire", metavar="FILE", help="Use a custom questionnaire."),
    ] = None,
    paper: PaperOption = "a4",
    lang: LangOption = None,
) -> int:
    """Assess many profiles at once (a folder of answers files or a CSV), without prompts.

    Writes each profile's reports into DIR/<profile>/ (DIR/<machine>/<profile>/ with several
    machines), and DIR/summary.json and DIR/summary.csv. Exit 0 when every profile was
    written, 1 when any failed (the others are still written), 2 for an input error, 130 on
    Ctrl-C.

    Pipelines can set the options in the environment instead (ADVISOR_OUTPUT, ADVISOR_FORMAT,
    ADVISOR_BUDGET, ADVISOR_JOBS, ADVISOR_PROBE_RESULTS, ADVISOR_NO_PROBES, ADVISOR_PAPER,
    ADVISOR_LANG); a
    command-line option wins.
    """
    import os

    from advisor.batch.machines import load_machines
    from advisor.batch.session import BatchRequest, load_batch_profiles
    from advisor.errors import InputError
    from advisor.i18n import parse_language
    from advisor.outputs import DEFAULT_FORMATS, parse_formats
    from advisor.probing.options import parse_budget
    from advisor.questionnaire import load_default_questionnaire, load_questionnaire
    from advisor.report.paper import parse_paper

    env = current()
    input_path, probe_paths, cost_items = _split_arguments(
        [input_argument, *ctx.args], probe_results or [], costs or [])
    if probe_paths and no_probes:
        raise InputError("--probe-results and --no-probes exclude each other", file="--no-probes")
    chosen_budget = parse_budget(budget)
    for item in fail_on or []:
        if item not in FAIL_ON:
            raise InputError(f"unknown condition {item!r}", file="--fail-on",
                             allowed=", ".join(FAIL_ON))
    chosen = parse_formats(formats) if formats else list(DEFAULT_FORMATS)
    paper_size = parse_paper(paper)
    probe_here = not probe_paths and not no_probes
    if probe_here and cost_items:
        raise InputError("--cost needs --probe-results FILE to know which machine costs what",
                         file="--cost")
    questionnaire = (load_questionnaire(questionnaire_file) if questionnaire_file
                     else load_default_questionnaire())
    machines = () if probe_here else load_machines(probe_paths, cost_items)
    request = BatchRequest(
        input_path=input_path, questionnaire=questionnaire, machines=machines,
        formats=tuple(chosen), output_dir=output, jobs=jobs or (os.cpu_count() or 1),
        resume=resume, fail_on_close_call="close-call" in (fail_on or []),
        paper=paper_size, lang=parse_language(lang),
    )
    profiles = load_batch_profiles(request)
    from advisor.batch.lock import batch_lock
    from advisor.fileio import prepare_output_dir

    prepare_output_dir(output)  # read-only, a file, no permission: exit 2 before any work
    with batch_lock(output):
        if probe_here:
            # Once for the whole batch, after the inputs are known to be usable.
            from dataclasses import replace

            request = replace(request,
                              machines=(_probe_this_machine(env, output, chosen_budget, resume),))
        outcome = _run_with_progress(env, request, profiles)
    _report(env, outcome, as_json=as_json, fail_on_close_call=request.fail_on_close_call)
    return max(outcome.exit_status, _probe_failures(env, request.machines))


def _probe_failures(env: Environment, machines: tuple[Machine, ...]) -> int:
    """Exit 1 when probing this machine here had failed probes (docs/contract.md section 4)."""
    from advisor.batch.machines import THIS_MACHINE_LABEL
    from advisor.probing import failed_probes

    failed = [name for m in machines if m.label == THIS_MACHINE_LABEL and m.report is not None
              for name in failed_probes(m.report)]
    if failed:
        env.say(f"{len(failed)} probe(s) failed: {', '.join(failed)}; the reports say why")
        return ExitStatus.PARTIAL
    return ExitStatus.OK


def _split_arguments(arguments: list[str], probe_results: list[str], costs: list[str]
                     ) -> tuple[Path, list[Path], list[str]]:
    """INPUT, then the machines and prices given after --probe-results / --cost."""
    from advisor.errors import InputError

    inputs: list[str] = []
    probes = list(probe_results)
    prices = list(costs)
    for argument in arguments:
        if "=" in argument and costs and not Path(argument).exists():
            prices.append(argument)
        elif argument.lower().endswith(".json") and probe_results and not Path(argument).is_dir():
            probes.append(argument)
        else:
            inputs.append(argument)
    if len(inputs) != 1:
        shown = ", ".join(repr(a) for a in inputs) or "none"
        raise InputError(f"expected exactly one INPUT, got {shown}", file="INPUT",
                         allowed="one folder of answers files or one CSV file")
    return Path(inputs[0]), [Path(p) for p in probes], prices


def _probe_this_machine(env: Environment, output: Path, budget: Budget, resume: bool
                        ) -> Machine:
    from advisor.batch.machines import THIS_MACHINE_FILE, load_this_machine, probe_this_machine
    from advisor.cli.probe_progress import probe_progress

    saved = output / THIS_MACHINE_FILE
    if resume and saved.is_file():
        env.say(f"--resume: reusing the probe results of this machine in {saved}")
        return load_this_machine(saved)
    env.say("probing this machine once for the whole batch (--probe-results FILE or"
            " --no-probes skip this)")
    output.mkdir(parents=True, exist_ok=True)
    with probe_progress(env) as progress:
        return probe_this_machine(output, budget=budget, progress=progress)


def _run_with_progress(env: Environment, request: Any, profiles: list[Any]) -> BatchOutcome:
    from advisor.batch.session import execute_batch

    if not env.stderr_isatty:
        return execute_batch(request, profiles)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=env.error_console, transient=True) as bar:
        task = bar.add_task("profiles", total=len(profiles))

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return execute_batch(request, profiles, progress=advance)


def _report(env: Environment, outcome: BatchOutcome, *, as_json: bool,
            fail_on_close_call: bool) -> None:
    """The summary JSON (--json) or a short account on stdout; problems always on stderr."""
    for failure in outcome.failures:
        where = failure.source if failure.row is None else f"{failure.source} row {failure.row}"
        machine = f" on {failure.machine}" if len(outcome.summary["machines"]) > 1 else ""
        # Validation errors already start with the file (and line); others get it in front.
        text = failure.error if failure.error.startswith(failure.source) else (
            f"{where}: {failure.error}")
        env.say(f"profile failed{machine}: {text}")
    for machine in outcome.summary["machines"]:
        # Its figures are in summary.json marked `indicative_only`; a pipeline's log says so too.
        if caveat := machine.get("benchmark_caveat"):
            env.say(f"{machine['machine']}: benchmark figures are indicative only"
                    f" ({caveat['kind']}): {caveat['reason']}")
    if fail_on_close_call:
        for result in outcome.close_calls:
            env.say(f"close call: {result.key} ({result.project}) on {result.machine}:"
                    f" {result.recommendation} at confidence {result.confidence}")
    for problem in outcome.write_errors:
        env.error(str(problem))
    if outcome.summary.get("page_error"):
        env.error(f"summary page not written: {outcome.summary['page_error']}")
    totals = outcome.summary["totals"]
    line = (f"{totals['profiles']} profiles x {totals['machines']} machine(s): {totals['ok']} ok,"
            f" {totals['failed']} failed, {totals['close_calls']} close call(s)")
    if outcome.resumed:
        line += f"; {outcome.resumed} profiles resumed from an earlier run"
    if as_json:
        env.print(line, err=True)
        env.print(json.dumps(outcome.summary, indent=2, ensure_ascii=False))
        return
    counts = ", ".join(f"{k} {v}" for k, v in totals["recommendations"].items() if v)
    env.print(line)
    env.print(f"recommendations: {counts or 'none'}")
    for path in outcome.summary_files:
        env.print(str(path))
