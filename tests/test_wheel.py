"""The built wheel carries questionnaires/, probes/ and templates/ and works from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_installed_wheel_works_from_any_directory(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
        check=True, capture_output=True, text=True,
    )
    wheel = next(dist.glob("advisor-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "advisor/_data/questionnaires/default.yaml" in names
    # The Japanese report's texts: the catalogue and the decision model's and questionnaire's.
    for name in ("questionnaires/decision_model.ja.yaml", "questionnaires/default.ja.yaml",
                 "templates/locale/ja/LC_MESSAGES/advisor.po"):
        assert f"advisor/_data/{name}" in names, name
    for folder in ("probes", "templates"):
        assert any(name.startswith(f"advisor/_data/{folder}/") for name in names), folder

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, text=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    where = subprocess.run(
        [sys.executable, "-c", "import advisor, advisor.paths as p;"
         " print(advisor.__file__); print(p.questionnaires_dir())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    ).stdout
    assert str(target) in where.splitlines()[0]
    assert "_data" in where.splitlines()[1]
    shown = subprocess.run(
        [sys.executable, "-m", "advisor", "questions"], cwd=elsewhere, env=env,
        capture_output=True, text=True,
    )
    assert shown.returncode == 0, shown.stderr
    assert "deployment_targets" in shown.stdout
