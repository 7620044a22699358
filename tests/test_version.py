"""`advisor --version` and `python -m advisor` work and stay light."""

from __future__ import annotations

import subprocess
import sys

from advisor import __version__
from tests.conftest import CliRunner, cli_env


def test_version(run_cli: CliRunner) -> None:  # the real process: tests/cli/test_real_process.py
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"advisor {__version__}"


def test_version_and_help_import_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from advisor.cli import main\n"
        "for argv in (['--version'], ['--help'], ['assess', '--help'], ['probe', '--help']):\n"
        "    main(argv)\n"
        "heavy = {'torch', 'tensorflow', 'pandas', 'matplotlib', 'weasyprint', 'ray'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=cli_env(), check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
