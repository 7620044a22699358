"""`advisor probe --verbose`: the time of each probe and of each benchmark phase, on stderr.

The benchmark document comes from the real run loop (probes/bench_run.py) driven by a fake
framework on a fake clock, and reaches the CLI through the real collect_probe_report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.cli.probe_progress import phase_lines
from advisor.probing import FailedProbe, ProbeSuccess
from advisor.probing.specs import ProbeSpec
from tests.benchmarking.conftest import SECONDS, FakeBackend, FakeClock
from tests.conftest import run_main

SPECS = [
    ProbeSpec("hardware", "hardware.py", "hardware", 60.0),
    ProbeSpec("bench_torch", "bench_torch.py", "benchmarks", 300.0, key="pytorch",
              takes_budget=True),
    ProbeSpec("bench_tensorflow", "bench_tensorflow.py", "benchmarks", 300.0,
              key="tensorflow", takes_budget=True),
]


def _bench_document(broken: tuple[str, ...] = ()) -> dict[str, Any]:
    # probes/ is on sys.path once tests.benchmarking.conftest is imported (as above).
    from bench_probe import bench_arguments
    from bench_run import run_benchmarks

    clock = FakeClock()
    backend = FakeBackend(clock, SECONDS, compile_s=4.0, broken=broken)
    options = bench_arguments("test").parse_args(
        ["--budget", "standard", "--workloads", "mlp_inference,matmul,cnn_train_step",
         "--time-budget-s", "20"])
    return run_benchmarks(backend, options, import_s=2.0, clock=clock)


def _runner(script: Path, **kwargs: Any) -> Any:
    name = kwargs["name"]
    if name == "hardware":
        return ProbeSuccess(name, {"cpu": {}}, "", 0.4)
    if name == "bench_torch":
        document = {**_bench_document(broken=("cnn_train_step",)), "ledger": {}}
        return ProbeSuccess(name, document, "", 9.5)
    return FailedProbe(name, "timeout", "no result within 300 s", "XLA compiling\n", 300.2)


@pytest.fixture
def probe_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    import advisor.probing as probing

    real = probing.collect_probe_report

    def collect(only: Any = None, **kwargs: Any) -> Any:
        return real(only, specs=SPECS, runner=_runner, **kwargs)

    monkeypatch.setattr(probing, "collect_probe_report", collect)


def test_phase_lines_time_each_workload_and_mode_with_the_first_call_apart() -> None:
    document = _bench_document()
    lines = phase_lines(document)
    assert lines[0] == "  import of the framework: 2.00 s"
    eager = next(line for line in lines if line.startswith("  mlp_inference (eager): "))
    row = next(r for r in document["benchmarks"]
               if (r["workload"], r["mode"]) == ("mlp_inference", "eager"))
    assert f"first call {row['first_call_s']:.2f} s" in eager
    assert f"{row['n']} samples in {row['sampling_s']:.2f} s" in eager
    compiled = next(line for line in lines if line.startswith("  mlp_inference (compiled): "))
    assert "compile and first call 4.01 s" in compiled
    phase = document["phases"]["mlp_inference:compiled_s"]
    assert compiled.startswith(f"  mlp_inference (compiled): {phase:.2f} s")
    # Every timed phase has its line, then the compiled workloads the budget left out, and why.
    skipped = [f for f in document["failures"] if f["kind"] == "skipped"]
    assert skipped and len(lines) == len(document["phases"]) + len(skipped)
    assert any(line.startswith("  sampling, every workload a window a round: ") for line in lines)
    assert f"over {document['budget']['rounds']} rounds spanning " in eager
    assert lines[-1].startswith("  cnn_train_step (compiled): compiled mode skipped: "
                                "compiling needs about ")


def test_verbose_prints_each_probe_and_benchmark_phase_on_stderr(
    probe_cli: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    output = tmp_path / "probe.json"
    assert run_main(["probe", "--verbose", "--output", str(output)]) == 1  # one probe timed out
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert "advisor: probe hardware: ok (0.4 s)" in err
    assert "advisor: probe bench_torch: ok (9.5 s)" in err
    assert ("advisor: probe bench_tensorflow: TIMEOUT after 300.2 s: no result within 300 s"
            in err)
    assert "  import of the framework: 2.00 s" in err
    assert any(line.startswith("  mlp_inference (eager): ") and "first call" in line
               for line in err)
    assert any(line.startswith("  mlp_inference (compiled): ")
               and "compile and first call 4.01 s" in line for line in err)
    assert any(line.startswith("  cnn_train_step (eager): ") and line.endswith("(failed)")
               for line in err)
    assert "    XLA compiling" in err  # the stderr tail of the failure
    assert captured.out.strip() == str(output)
    phases = json.loads(output.read_text())["benchmark_ledger"]["pytorch"]["phases"]
    assert "mlp_inference:compiled_s" in phases


def test_without_verbose_only_the_probe_lines_are_printed(
    probe_cli: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_main(["probe", "--output", str(tmp_path / "probe.json")]) == 1
    err = capsys.readouterr().err
    assert "advisor: probe bench_torch: ok (9.5 s)" in err
    assert "mlp_inference" not in err and "import of the framework" not in err
