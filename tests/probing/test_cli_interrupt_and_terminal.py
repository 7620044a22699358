"""Ctrl-C while a probe runs, and the progress display in a terminal."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import CliRunner, cli_env, default_sigint, process_alive


def test_ctrl_c_kills_the_running_probe_and_writes_nothing(tmp_path: Path) -> None:
    pid_file = tmp_path / "probe.pid"
    hanging = tmp_path / "hanging-python"
    hanging.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 300\n")
    hanging.chmod(0o755)
    out = tmp_path / "p.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", "probe", "--python", str(hanging), "-o", str(out)],
        cwd=tmp_path, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=default_sigint,
    )
    for _ in range(200):
        if pid_file.exists() and pid_file.read_text().strip():
            break
        time.sleep(0.05)
    probe_pid = int(pid_file.read_text())
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert not out.exists()
    # Ctrl-C lands before anything is written here, so a `.part` check could not fail: an
    # interrupted write itself is tested in tests/fileio/test_atomic.py.
    for _ in range(50):
        if not process_alive(probe_pid):
            break
        time.sleep(0.1)
    assert not process_alive(probe_pid), "the probe kept running after Ctrl-C"


def test_progress_in_a_terminal_uses_rich_and_still_writes_the_report(
    run_cli: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "p.json"
    result = run_cli("probe", "--only", "ecosystem", "-o", out, stdout_isatty=True,
                     stderr_isatty=True, width=120)
    assert result.returncode == 0, result.stderr
    assert "probe ecosystem: ok" in result.stderr and "\x1b[" in result.stderr
    assert "advisor: probe" not in result.stderr  # rich's lines, not the piped ones
    assert result.stdout.strip() == str(out)  # stdout stays plain
    assert out.is_file()
