"""`advisor probe`: run the probes on this machine (or on every node of a Ray cluster) and save
the probe report (JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.app import app
from advisor.exit_status import ExitStatus

#: Where `advisor probe` writes without --output (the default output folder of the advisor).
DEFAULT_PROBE_REPORT = Path("reports") / "probe-report.json"
#: `--output -`: the probe report goes to stdout.
STDOUT = "-"

OUTPUT_HELP = ("Probe report to write (default reports/probe-report.json), or - for stdout."
               " With --ray, the folder of the reports (default reports/fleet).")
PYTHON_HELP = ("Probe the frameworks of this interpreter (e.g. another virtual environment;"
               " the hardware probe runs in advisor's own); with --ray, a path on the nodes.")
ONLY_HELP = ("Run only these probe groups or probes, comma-separated: hardware, frameworks,"
             " ecosystem, benchmarks, bridge (PyTorch -> ONNX Runtime; only when named), or a"
             " probe name such as framework_torch.")
BUDGET_HELP = "Time budget of the benchmarks."
SUITE_HELP = ("Benchmark suite: default (five small workloads) or seed (the models of the"
              " article's A100 table: ResNet-50, BERT-Base, GPT-2, ViT-B/16, EfficientNet;"
              " batch 1 and a throughput batch, float32 and bfloat16 where the CPU has bf16).")
VERBOSE_HELP = ("Show warnings, the stderr of failures and the time of each phase (each probe;"
                " each benchmark workload and mode, compile or first call apart).")
RAY_HELP = ("Probe every alive node of this Ray cluster (auto: the one RAY_ADDRESS names);"
            " needs advisor[fleet].")
BUSY_HELP = ("With --ray: how long to wait for a node whose CPUs or GPUs other Ray work holds"
             " before reporting it busy.")


@app.command()
def probe(
    ctx: typer.Context,
    output: Annotated[
        str | None, typer.Option("--output", "-o", metavar="FILE", help=OUTPUT_HELP)
    ] = None,
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
    suite: Annotated[str, typer.Option("--suite", metavar="SUITE", help=SUITE_HELP)] = "default",
    ray_address: Annotated[
        str | None, typer.Option("--ray", metavar="ADDRESS", help=RAY_HELP)
    ] = None,
    busy_timeout: Annotated[
        float | None, typer.Option("--busy-timeout", metavar="SECONDS", min=0, help=BUSY_HELP)
    ] = None,
) -> int:
    """Probe this machine (hardware, frameworks, ecosystem, benchmarks); save the results as JSON.

    The benchmarks run by default and take most of the time: about 25 s with --budget
    quick, 85-100 s with standard, up to 20 minutes with thorough. --only
    hardware,frameworks,ecosystem skips them (a few seconds, plus each framework's import).
    With --ray, probe every node of a Ray cluster: a report per node and fleet.json.
    """
    from advisor.cli.environment import current
    from advisor.cli.probe_progress import probe_progress
    from advisor.errors import InputError
    from advisor.fileio import atomic_write_json
    from advisor.probing import collect_probe_report, failed_probes
    from advisor.probing.options import (
        parse_budget,
        parse_only,
        parse_suite,
        resolve_interpreter,
    )

    env = current()
    if ray_address is not None:
        from advisor.cli.probe_fleet import probe_fleet_command

        return probe_fleet_command(ctx, ray_address, output, budget=parse_budget(budget),
                                   only=parse_only(only), busy_timeout_s=busy_timeout)
    if busy_timeout is not None:
        raise InputError("only applies to a fleet", field="--busy-timeout",
                         allowed="--busy-timeout with --ray ADDRESS")
    target = Path(output) if output is not None else DEFAULT_PROBE_REPORT
    to_stdout = output == STDOUT
    if not to_stdout and target.is_dir():
        raise InputError("is a folder; give the probe report's file name", file=target,
                         field="--output")
    interpreter = resolve_interpreter(python)
    chosen_budget = parse_budget(budget)
    chosen_suite = parse_suite(suite)
    names = parse_only(only)
    with probe_progress(env, verbose) as progress:
        report = collect_probe_report(
            names,
            python=interpreter,
            progress=progress,
            include_identifiers=include_identifiers,
            budget=chosen_budget,
            suite=chosen_suite,
        )
    if to_stdout:
        import json

        env.print(json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False))
        env.stdout.flush()
    else:
        try:
            atomic_write_json(target, report.model_dump(mode="json"))
        except OSError as exc:
            raise InputError(f"cannot write the probe report: {exc.strerror or exc}",
                             file=target, field="--output") from None
        env.print(str(target))
    failed = failed_probes(report)
    if failed:
        env.say(f"{len(failed)} probe(s) failed: {', '.join(failed)}; the report says why")
        return ExitStatus.PARTIAL
    return ExitStatus.OK

