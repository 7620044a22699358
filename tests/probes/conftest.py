"""The probe scripts are not a package: put probes/ on sys.path (as `python probes/x.py` does)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.conftest import ASSETS, REPO

PROBES_DIR = REPO / "probes"
SYSROOTS = ASSETS / "sysroots"
COMMANDS = ASSETS / "commands"
ENVIRONMENTS = ASSETS / "env"

if str(PROBES_DIR) not in sys.path:
    sys.path.insert(0, str(PROBES_DIR))


def fake_view(root: str, env: Mapping[str, str] | None = None,
              commands: Mapping[str, str] | None = None, system: str = "Linux",
              machine: str = "x86_64") -> Any:
    """A SystemView on a recorded sysroot, with a fake environment and recorded commands."""
    from sysview import SystemView

    outputs = dict(commands or {})

    def run(argv: Sequence[str]) -> str | None:
        return outputs.get(" ".join(argv)) or outputs.get(argv[0])

    return SystemView(root=SYSROOTS / root, env=dict(env or {}), run=run, system=system,
                      machine=machine)


def run_probe_script(name: str, *args: str | Path) -> dict[str, Any]:
    """Run probes/NAME.py in a subprocess and return its one JSON document."""
    result = subprocess.run(
        [sys.executable, str(PROBES_DIR / f"{name}.py"), *map(str, args)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document
