"""Which probes exist, what they fill in the report, and how long each may take.

A `ProbeSpec` is data: the benchmarks add their own specs to `DEFAULT_PROBES` (group
"benchmarks") and a merger for their section in `advisor.probing.assemble`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal, get_args

from advisor.errors import InputError
from advisor.options import PROBES

Budget = Literal["quick", "standard", "thorough"]
BUDGETS: tuple[Budget, ...] = get_args(Budget)
#: Benchmark suites: the five small workloads, or the models of the article's A100 table.
Suite = Literal["default", "seed"]
SUITES: tuple[Suite, ...] = get_args(Suite)
#: The seed suite's models take minutes where the default workloads take seconds
#: (probes/bench_seed.py: quick 100 s, standard 400 s, thorough 1500 s per framework).
SEED_TIMEOUT_FACTOR = 5.0

#: Report sections, in the order probes run (benchmarks last: they want a quiet machine).
GROUPS = ("hardware", "frameworks", "ecosystem", "benchmarks", "bridge")

#: Timeouts of probes that take a budget grow with it (quick runs are also shorter).
BUDGET_TIMEOUT_FACTOR: dict[Budget, float] = {"quick": 0.5, "standard": 1.0, "thorough": 3.0}


@dataclass(frozen=True)
class ProbeSpec:
    """One probe script and how to run it."""

    name: str  # the probe's id in the report and in --only, e.g. "framework_torch"
    script: str  # file name in the probes folder
    group: str  # the report section it fills (one of GROUPS)
    timeout_s: float
    key: str | None = None  # its entry within the section, e.g. "pytorch" under frameworks
    args: tuple[str, ...] = ()
    takes_budget: bool = False  # append --budget BUDGET and scale the timeout
    takes_identifiers: bool = False  # append --include-identifiers when asked
    memory_limit_bytes: int | None = None
    # Runs in turns with the other probes that do (the benchmarks): see advisor.probing.turns.
    takes_turns: bool = False
    # Runs only when --only names it or its group (it takes longer than the default run allows).
    opt_in: bool = False
    # Which interpreter runs it: "target" (the one `--python` names, default advisor's own) for
    # probes whose subject lives there (frameworks, ecosystem, benchmarks); "advisor" for the
    # machine itself, so the hardware probe always has advisor's psutil, py-cpuinfo and
    # nvidia-ml-py (NVML) even when the target environment lacks them.
    interpreter: Literal["target", "advisor"] = "target"
    # Appends --device DEVICE when the benchmarks measure an accelerator (advisor.probing.devices).
    takes_device: bool = False

    def command_args(self, *, budget: Budget, include_identifiers: bool,
                     device: str = "cpu") -> list[str]:
        """The arguments after the script's path (`device`: what the benchmarks measure)."""
        extra = list(self.args)
        if self.takes_budget:
            extra += ["--budget", budget]
        if self.takes_device and device != "cpu":
            extra += ["--device", device]
        if self.takes_identifiers and include_identifiers:
            extra.append("--include-identifiers")
        return extra

    def timeout_for(self, budget: Budget) -> float:
        """The timeout under `budget`."""
        return self.timeout_s * (BUDGET_TIMEOUT_FACTOR[budget] if self.takes_budget else 1.0)


BENCHMARK_PROBES = tuple(
    ProbeSpec(probes.benchmark, f"{probes.benchmark}.py", "benchmarks", 300.0, key=framework,
              takes_budget=True, takes_turns=True, takes_device=True)
    for framework, probes in PROBES.items()
)

# Framework imports can take tens of seconds on a cold disk: generous timeouts, since a timeout
# is reported as a failure of the user's environment.
DEFAULT_PROBES: list[ProbeSpec] = [
    ProbeSpec("hardware", "hardware.py", "hardware", 60.0, takes_identifiers=True,
              interpreter="advisor"),
    *(ProbeSpec(probes.environment, f"{probes.environment}.py", "frameworks", 180.0,
                key=framework, takes_identifiers=True) for framework, probes in PROBES.items()),
    ProbeSpec("ecosystem", "ecosystem.py", "ecosystem", 60.0),
    # The benchmarks keep to their own budget (probes/bench_run.py: quick 6 s, standard 45 s,
    # thorough 600 s of workloads per framework); the timeout only catches a hang or a compile
    # far slower than estimated. They run last, side by side, taking turns on the machine.
    *BENCHMARK_PROBES,
    # Hybrid bridge evidence: PyTorch -> ONNX -> ONNX Runtime (and LiteRT where installed).
    ProbeSpec("bridge_onnx", "bridge_onnx.py", "bridge", 240.0, key="onnx", takes_budget=True,
              opt_in=True),
]


def for_suite(spec: ProbeSpec, suite: Suite) -> ProbeSpec:
    """The spec as it runs in `suite`: the seed suite's benchmarks get longer timeouts."""
    if suite == "seed" and spec.group == "benchmarks":
        return replace(spec, timeout_s=spec.timeout_s * SEED_TIMEOUT_FACTOR)
    return spec


def select_probes(only: Iterable[str] | None, specs: Sequence[ProbeSpec]) -> list[ProbeSpec]:
    """The specs named by `only` (group names or probe names), in run order.

    Raises InputError naming the allowed values for an unknown name.
    """
    ordered = sorted(specs, key=lambda spec: GROUPS.index(spec.group))
    if only is None:
        return [spec for spec in ordered if not spec.opt_in]
    wanted = {name.strip() for name in only if name.strip()}
    groups = [group for group in GROUPS if any(spec.group == group for spec in specs)]
    allowed = list(dict.fromkeys([*groups, *(spec.name for spec in ordered)]))
    unknown = sorted(wanted - set(allowed))
    if unknown:
        raise InputError(
            f"unknown probe {', '.join(map(repr, unknown))}",
            field="--only",
            allowed=", ".join(allowed),
        )
    if not wanted:
        raise InputError("no probe named", field="--only", allowed=", ".join(allowed))
    return [spec for spec in ordered if spec.group in wanted or spec.name in wanted]
