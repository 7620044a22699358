"""The options advisor compares, in one place: the two frameworks and the hybrid of both.

Every part that names a framework or an option (the probe specs, the models of the boundary
files, scoring, the report, the batch summary, the CLI's verdict line) reads it from here, so the
list, its order and its display labels cannot drift apart. The order is the order of the report's
columns and of tie-breaking in scoring (docs/contract.md section 1): PyTorch, TensorFlow, hybrid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, get_args

from advisor.i18n import N_

#: A framework the probes look at and the decision model rates.
Framework = Literal["pytorch", "tensorflow"]
#: A possible recommendation: one of the frameworks, or the hybrid of both.
Option = Literal["pytorch", "tensorflow", "hybrid"]

# Plain strings here: the ids arrive as str from answers and saved files, and dicts keyed by them
# are dict[str, ...] throughout; the Literal types check the boundary files' models.
FRAMEWORKS: Final[tuple[str, ...]] = get_args(Framework)
HYBRID: Final = "hybrid"
OPTIONS: Final[tuple[str, ...]] = get_args(Option)


@dataclass(frozen=True)
class FrameworkProbes:
    """The probe scripts (modules under probes/) that look at one framework."""

    environment: str  # what is installed and which devices it sees, e.g. "framework_torch"
    benchmark: str  # the default benchmark suite, e.g. "bench_torch"


#: Display labels, English source strings; proper names stay as they are in every language,
#: "Hybrid" is translated where shown (advisor.i18n).
LABELS: Final[Mapping[str, str]] = {
    "pytorch": "PyTorch",
    "tensorflow": "TensorFlow",
    HYBRID: N_("Hybrid"),
}
PROBES: Final[Mapping[str, FrameworkProbes]] = {
    "pytorch": FrameworkProbes(environment="framework_torch", benchmark="bench_torch"),
    "tensorflow": FrameworkProbes(environment="framework_tensorflow",
                                  benchmark="bench_tensorflow"),
}


def label(option: str) -> str:
    """The display label of `option` (PyTorch, TensorFlow, Hybrid; an unknown id as it is), in
    English: the report shows it in its language through advisor.report.decision.option_label."""
    return LABELS.get(option, option)


def other_framework(framework: str) -> str:
    """The framework that is not `framework` (its rival head to head)."""
    rivals = [f for f in FRAMEWORKS if f != framework]
    if len(rivals) != 1:
        raise ValueError(f"not a framework: {framework!r}")
    return rivals[0]
