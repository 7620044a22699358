"""Mutation score per package: the share of small planted bugs that the fast tests catch.

    pip install mutmut            # into .venv; not a dev dependency, CI does not run it
    python benchmarks/mutation_score.py [--package scoring fileio ...] [--max-children 2]
                                        [--workdir /tmp/advisor-mutation]

For each package, copies this checkout (tracked and untracked, not ignored, files) into
WORKDIR/<package>, points mutmut 3 at the package's files and at the fast tests of that
subsystem only (every test would take hours on two cores), runs it and prints the kill rate:
(killed + timed out) / (every mutant but those skipped). A mutant no selected test reaches ("no
tests") counts as survived: code that no test of its own subsystem runs is not protected. The
checkout itself is never modified. Surviving mutants are listed in WORKDIR/<package>/survivors.txt;
`cd WORKDIR/<package> && python -m mutmut show NAME` prints one as a diff.

Figures and what the survivors mean: docs/notes/mutation.md. Several minutes per package on a
quiet machine; the scoring and batch packages take longest.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: Data folders the tests read next to the package (advisor.paths finds them at the top level).
DATA = ["tests", "questionnaires", "probes", "templates", "examples", "benchmarks", "scripts",
        "pyproject.toml"]
FAST = ["-m", "not slow"]


@dataclass(frozen=True)
class Target:
    """One package: the files to mutate and the fast tests of its own subsystem."""

    name: str
    mutate: tuple[str, ...]
    tests: tuple[str, ...]
    #: Tests left out: those that only start the CLI in a subprocess. mutmut picks the tests of
    #: each mutant by the calls it saw in its own process, so these never run against a mutant;
    #: leaving them out saves their minutes in mutmut's first, recording run.
    leave_out: tuple[str, ...] = ()


TARGETS = {
    t.name: t for t in (
        Target("fileio", ("advisor/fileio/*",), ("tests/fileio",)),
        Target("slug", ("advisor/slug.py",), ("tests/test_slug.py",)),
        Target("scoring", ("advisor/scoring/*",), ("tests/scoring",),
               ("--ignore=tests/scoring/test_score_cli.py",
                "--ignore=tests/scoring/test_bench_scoring.py", "-k", "not test_cli_")),
        Target("benchmarking", ("advisor/benchmarking/*",), ("tests/benchmarking",)),
        Target("batch", ("advisor/batch/*",), ("tests/batch",),
               ("--ignore=tests/batch/test_batch_cli.py",
                "--ignore=tests/batch/test_gates_and_interrupts.py")),
    )
}
KILLED = {"killed", "timeout"}
#: Tests start the CLI in subprocesses whose working folder is a temporary one; mutmut's
#: trampolines there read its settings from the working folder. This file, first on their
#: PYTHONPATH (tests.conftest.cli_env), loads them from the copy instead.
SITECUSTOMIZE = """\
import os

if os.environ.get("MUTANT_UNDER_TEST") and os.environ.get("ADVISOR_MUTATION_ROOT"):
    from mutmut import configuration

    _here = os.getcwd()
    os.chdir(os.environ["ADVISOR_MUTATION_ROOT"])
    try:
        configuration.config()
    finally:
        os.chdir(_here)
"""


def copy_checkout(destination: Path) -> None:
    """The files git would see (tracked, and untracked but not ignored), without .venv etc."""
    if destination.exists():
        shutil.rmtree(destination)
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def configure(folder: Path, target: Target) -> None:
    """Append mutmut's settings to the copy's pyproject.toml."""
    def toml_list(items: list[str] | tuple[str, ...]) -> str:
        return "[" + ", ".join(f'"{i}"' for i in items) + "]"

    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    with (folder / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n[tool.mutmut]\n"
            'source_paths = ["advisor"]\n'
            f"only_mutate = {toml_list(target.mutate)}\n"
            f"pytest_add_cli_args_test_selection = {toml_list(target.tests)}\n"
            "pytest_add_cli_args = "
            f"{toml_list([*FAST, '-p', 'no:cacheprovider', *target.leave_out])}\n"
            f"also_copy = {toml_list([*DATA, 'sitecustomize.py'])}\n"
        )


def statuses(folder: Path) -> dict[str, str]:
    """mutant name -> status, as `mutmut results --all true` lists them."""
    listed = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"],
                            cwd=folder, check=True, capture_output=True, text=True).stdout
    out = {}
    for line in listed.splitlines():
        name, sep, status = line.strip().partition(": ")
        if sep:
            out[name] = status
    return out


def run(target: Target, workdir: Path, max_children: int, sample: str,
        report_only: bool) -> dict[str, str]:
    folder = workdir / target.name
    if report_only:  # the figures of an earlier (or interrupted) run in WORKDIR
        found = {n: s for n, s in statuses(folder).items() if s != "not checked"}
        return {n: s for n, s in found.items() if not sample or n[-1] in sample}
    copy_checkout(folder)
    configure(folder, target)
    log = folder / "mutmut.log"
    env = {**os.environ, "ADVISOR_MUTATION_ROOT": str(folder / "mutants")}
    with log.open("w", encoding="utf-8") as handle:
        subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children",
                        str(max_children), *(f"*__mutmut_*{d}" for d in sample)],
                       cwd=folder, env=env, stdout=handle, stderr=subprocess.STDOUT, check=False)
    found = statuses(folder)
    if sample:  # the others were generated but not run
        found = {n: s for n, s in found.items() if n[-1] in sample}
    survivors = sorted(name for name, status in found.items()
                       if status not in KILLED | {"skipped"})
    (folder / "survivors.txt").write_text(
        "".join(f"{name}: {found[name]}\n" for name in survivors), encoding="utf-8")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", nargs="+", choices=sorted(TARGETS), default=list(TARGETS))
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/advisor-mutation"))
    parser.add_argument("--sample", default="", metavar="DIGITS",
                        help="only the mutants whose number ends in one of these digits (a"
                             " fixed sample: '05' is about a fifth), for a quicker estimate")
    parser.add_argument("--report-only", action="store_true",
                        help="print the figures of the mutants an earlier run in WORKDIR checked")
    args = parser.parse_args()
    try:
        import mutmut
    except ImportError:
        print("mutmut is not installed: pip install -e '.[mutation]'", file=sys.stderr)
        return 2
    sampled = f"; mutants numbered ...[{args.sample}] only" if args.sample else ""
    print(f"mutmut {mutmut.__version__}; fast tests of each package's own subsystem{sampled}")
    print(f"{'package':<14}{'mutants':>8}{'killed':>8}{'survived':>9}{'no tests':>9}"
          f"{'rate':>8}{'minutes':>9}")
    for name in args.package:
        start = time.monotonic()
        found = run(TARGETS[name], args.workdir, args.max_children, args.sample,
                    args.report_only)
        counts = collections.Counter(found.values())
        tested = len(found) - counts["skipped"]
        killed = sum(counts[s] for s in KILLED)
        rate = f"{killed / tested:.1%}" if tested else "-"
        print(f"{name:<14}{len(found):>8}{killed:>8}{counts['survived']:>9}"
              f"{counts['no tests']:>9}{rate:>8}{(time.monotonic() - start) / 60:>9.1f}",
              flush=True)
        other = {s: n for s, n in counts.items() if s not in KILLED | {"survived", "no tests"}}
        if other:
            print(f"{'':<14}also: {dict(sorted(other.items()))}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
