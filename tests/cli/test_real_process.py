"""The few things only a real `python -m advisor` process shows: its entry point and exit status.

Everything else runs in-process (tests/cli_runner.py); signals, a real terminal, the installed
console script and probes have their own subprocess tests (tests/README.md lists them).
"""

from __future__ import annotations

from advisor import __version__
from tests.conftest import ProcessRunner


def test_the_module_entry_point_exits_with_mains_status(run_process: ProcessRunner) -> None:
    version = run_process("--version")
    assert (version.returncode, version.stdout) == (0, f"advisor {__version__}\n")
    missing = run_process("assess", "--no-probes", "--answers", "missing.yaml")
    assert missing.returncode == 2, missing.stderr
    assert "advisor: error: missing.yaml" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_show_completion_in_a_real_process(run_process: ProcessRunner) -> None:
    result = run_process("--show-completion", "bash")
    assert result.returncode == 0, result.stderr
    assert "_ADVISOR_COMPLETE=complete_bash" in result.stdout
