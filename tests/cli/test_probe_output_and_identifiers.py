"""What a probe hands back (issue 18): its output is bounded in memory, and identifiers the
scrubber used to miss (upper-case machine ids, dashed or bare MACs, UUIDs without dashes) are
scrubbed."""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest

from advisor.probing.identifiers import HostIdentifiers, scrub_text
from advisor.probing.outcomes import FailedProbe, ProbeSuccess
from advisor.probing.runner import run_probe

MEBIBYTE = 2**20


def test_a_probe_printing_300_mb_costs_the_advisor_far_less(tmp_path: Path) -> None:
    script = tmp_path / "chatty.py"
    script.write_text(
        "import sys\n"
        "chunk = b'x' * (1 << 20)\n"
        "for _ in range(300):\n"
        "    sys.stdout.buffer.write(chunk)\n"
        "    sys.stderr.buffer.write(b'noise line\\n' * 1000)\n"
        "sys.stderr.buffer.write(b'the last line\\n')\n", encoding="utf-8")
    tracemalloc.start()
    try:
        outcome = run_probe(script, python=sys.executable, timeout_s=120)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(outcome, FailedProbe)
    assert "printed more than 64 MiB on stdout" in outcome.reason
    assert outcome.stderr_tail.endswith("the last line")
    assert peak < 100 * MEBIBYTE, f"peak {peak / MEBIBYTE:.0f} MiB"


def test_a_probe_within_the_limits_still_gives_its_document(tmp_path: Path) -> None:
    script = tmp_path / "fine.py"
    script.write_text("import json, sys\nsys.stderr.write('warming up\\n')\n"
                      "print(json.dumps({'value': 'x' * 100000}))\n", encoding="utf-8")
    outcome = run_probe(script, python=sys.executable, timeout_s=60)
    assert isinstance(outcome, ProbeSuccess)
    assert outcome.data["value"] == "x" * 100000 and "warming up" in outcome.stderr


def test_a_chatty_probe_that_hangs_is_still_a_timeout(tmp_path: Path) -> None:
    script = tmp_path / "hang.py"
    script.write_text("import sys, time\nsys.stdout.write('x' * 100000)\nsys.stdout.flush()\n"
                      "sys.stderr.write('stuck\\n')\nsys.stderr.flush()\ntime.sleep(60)\n",
                      encoding="utf-8")
    outcome = run_probe(script, python=sys.executable, timeout_s=2)
    assert isinstance(outcome, FailedProbe) and outcome.kind == "timeout"
    assert "stuck" in outcome.stderr_tail


MACHINE_ID = "4c4c4544004d3010804bb4c04f4d3432"


@pytest.mark.parametrize(("text", "gone"), [
    (f"machine {MACHINE_ID.upper()} booted", MACHINE_ID.upper()),
    ("eth0 AA-BB-CC-DD-EE-0F up", "AA-BB-CC-DD-EE-0F"),
    ("eth0 aa-bb-cc-dd-ee-0f up", "aa-bb-cc-dd-ee-0f"),
    ("address aabbccddee0f", "aabbccddee0f"),
    ("address AABBCCDDEE0F", "AABBCCDDEE0F"),
    ("cisco 001a.2b3c.4d5e", "001a.2b3c.4d5e"),
    ("uuid 123e4567e89b12d3a456426614174000 set", "123e4567e89b12d3a456426614174000"),
    ("GPU-123E4567-E89B-12D3-A456-426614174000", "123E4567"),
])
def test_the_scrubber_catches_what_it_used_to_miss(text: str, gone: str) -> None:
    scrubbed = scrub_text(text, HostIdentifiers(machine_ids=(MACHINE_ID,)))
    assert gone not in scrubbed and "<" in scrubbed


@pytest.mark.parametrize("text", [
    "memory 137438953472 bytes",  # a 12-digit number is not a MAC
    "torch 2.13.0+cpu git 0123456789abcdef0123456789abcdef01234567",  # a 40-hex commit
    "run 20261206 took 12.5 s",
])
def test_the_scrubber_leaves_numbers_and_commits_alone(text: str) -> None:
    assert scrub_text(text, HostIdentifiers()) == text
