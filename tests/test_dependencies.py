"""What advisor imports is what pyproject.toml declares (deptry, configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_deptry_finds_every_import_declared_and_every_dependency_used() -> None:
    deptry = shutil.which("deptry", path=str(Path(sys.executable).parent))
    if deptry is None:
        pytest.fail("deptry is not installed: bash scripts/setup.sh --dev installs the dev extra")
    result = subprocess.run([deptry, "."], cwd=REPO, capture_output=True, text=True, timeout=120,
                            env={"NO_COLOR": "1", "PATH": str(Path(sys.executable).parent)})
    # A new probe module imported by its siblings belongs in [tool.deptry] known_first_party.
    assert result.returncode == 0, result.stdout + result.stderr
