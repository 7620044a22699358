"""matplotlib keeps its cache in the advisor's cache folder, not in the user's home (issue 18)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ASSETS, cli_env


def _files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_rendering_charts_writes_no_cache_outside_the_advisor_cache_folder(
    tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = cli_env({"HOME": str(home)})
    for name in ("MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "ADVISOR_CACHE_DIR"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "advisor", "report",
         str(ASSETS / "assessments" / "scored_with_probes.json"), "--format", "html",
         "--output", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    written = _files_under(home)
    assert written, "matplotlib wrote no cache at all: the test does not test anything"
    assert all(path.startswith(".cache/advisor/matplotlib/") for path in written), written


def test_advisor_cache_dir_and_a_users_mplconfigdir_are_honoured(tmp_path: Path) -> None:
    code = ("import os\nimport advisor.report\nprint(os.environ['MPLCONFIGDIR'])\n")
    env = cli_env({"ADVISOR_CACHE_DIR": str(tmp_path / "cache")})
    env.pop("MPLCONFIGDIR", None)
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, check=True).stdout.strip()
    assert shown == str(tmp_path / "cache" / "matplotlib")
    env["MPLCONFIGDIR"] = os.fspath(tmp_path / "mine")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, check=True).stdout.strip()
    assert shown == str(tmp_path / "mine")
