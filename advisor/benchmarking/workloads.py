"""The default benchmark suite's workloads, read from the probes' own catalogue.

`probes/bench_workloads.py` is the one list of workloads: both backends build exactly those, the
run loop measures them, and the probe records the list it ran in each framework's ledger
(`benchmark_ledger[framework]["budget"]["workloads"]`). advisor's side (the machine comparison of
a batch) reads the same catalogue here instead of keeping a copy that could drift. The catalogue
is standard library only, so loading it imports neither torch nor TensorFlow.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from advisor.paths import probes_dir

CATALOGUE_FILE = "bench_workloads.py"


def _load_catalogue(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("_advisor_bench_workloads", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"cannot load the workload catalogue {path}")
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs: its dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@cache
def default_workloads() -> tuple[str, ...]:
    """The ids of the default suite's workloads, in the catalogue's (and the report's) order."""
    catalogue = _load_catalogue(probes_dir() / CATALOGUE_FILE)
    return tuple(str(workload) for workload in catalogue.WORKLOADS)

