"""Fixtures for the probe command: interpreters without frameworks, and one that always fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def bare_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a fresh virtual environment: no torch, no tensorflow, no psutil."""
    venv = tmp_path_factory.mktemp("bare-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    return venv / "bin" / "python"


@pytest.fixture
def broken_python(tmp_path: Path) -> Path:
    """An "interpreter" that writes an error and exits 3, whatever it is asked to run."""
    script = tmp_path / "broken-python"
    script.write_text("#!/bin/sh\necho 'broken interpreter: cannot start' >&2\nexit 3\n")
    script.chmod(0o755)
    return script
