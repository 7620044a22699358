"""`advisor probe`: run the probes on this machine and save the probe report (JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.app import app
from advisor.exit_status import ExitStatus

#: Where `advisor probe` writes without --output (the default output folder of the advisor).
DEFAULT_PROBE_REPORT = Path("reports") / "probe-report.json"

PYTHON_HELP = ("Probe the frameworks of this interpreter (e.g. another virtual environment);"
               " the hardware probe runs in advisor's own.")
ONLY_HELP = ("Run only these probe groups or probes, comma-separated: hardware, frameworks,"
             " ecosystem, benchmarks, or a probe name such as framework_torch.")
BUDGET_HELP = "Time budget of the benchmarks."
VERBOSE_HELP = ("Show warnings, the stderr of failures and the time of each phase (each probe;"
                " each benchmark workload and mode, compile or first call apart).")


@app.command()
def probe(
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="Probe report to write.")
    ] = DEFAULT_PROBE_REPORT,
    python: Annotated[
        str | None, typer.Option("--python", metavar="PATH", help=PYTHON_HELP)
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option("--only", metavar="NAMES", help=ONLY_HELP)
    ] = None,
    include_identifiers: Annotated[
        bool,
        typer.Option("--include-identifiers",
                     help="Include host and user names, serial numbers and UUIDs."),
    ] = False,
    budget: Annotated[
        str, typer.Option("--budget", metavar="quick|standard|thorough", help=BUDGET_HELP)
    ] = "standard",
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help=VERBOSE_HELP)
    ] = False,
) -> int:
    """Probe this machine (hardware, frameworks, ecosystem, benchmarks); save the results as JSON.

    The benchmarks run by default and take most of the time: about 15-25 s with --budget
    quick, 70-100 s with standard, up to 20 minutes with thorough. --only
    hardware,frameworks,ecosystem skips them (a few seconds, plus each framework's import).
    """
    import sys

    from advisor.cli.probe_progress import probe_progress
    from advisor.errors import InputError
    from advisor.fileio import atomic_write_json
    from advisor.probing import collect_probe_report, failed_probes
    from advisor.probing.options import parse_budget, parse_only, resolve_interpreter

    if output.is_dir():
        raise InputError("is a folder; give the probe report's file name", file=output,
                         field="--output")
    interpreter = resolve_interpreter(python)
    chosen_budget = parse_budget(budget)
    names = parse_only(only)
    with probe_progress(verbose) as progress:
        report = collect_probe_report(
            names,
            python=interpreter,
            progress=progress,
            include_identifiers=include_identifiers,
            budget=chosen_budget,
        )
    try:
        atomic_write_json(output, report.model_dump(mode="json"))
    except OSError as exc:
        raise InputError(f"cannot write the probe report: {exc.strerror or exc}", file=output,
                         field="--output") from None
    print(output)
    failed = failed_probes(report)
    if failed:
        print(f"advisor: {len(failed)} probe(s) failed: {', '.join(failed)}; the report says why",
              file=sys.stderr)
        return ExitStatus.PARTIAL
    return ExitStatus.OK
