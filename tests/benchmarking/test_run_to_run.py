"""Two quiet quick runs back to back: the intervals hold each other's estimates and no verdict of
one run contradicts the other's (issue 19), on real runs recorded on the shared 2-core VM.

Run 1 measured TensorFlow's transformer at 21 ms in both of its processes, run 2 at 26 and
24 ms, while PyTorch's stayed at 18.7-19.7 ms in all four: the ratio moved from 1.10 to 1.31. At
the old 15% floor the first run called it "no meaningful difference" and the second "PyTorch
faster"; the quick budget's floor allows for that movement, and an interval that holds 1 but
reaches past the equivalence margin is "too close to call", which claims nothing either way.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from advisor.benchmarking import bootstrap, classification
from advisor.benchmarking.bootstrap import RUN_TO_RUN_FLOOR, RUN_TO_RUN_FLOORS, run_to_run_floor
from advisor.benchmarking.classification import contradicts
from advisor.benchmarking.contention import busy_machine
from advisor.benchmarking.verdicts import BenchmarkAnalysis, analyse_benchmarks, budget_floor
from advisor.models.probe_report import BenchmarkResult

PAIR = Path(__file__).resolve().parents[1] / "assets" / "probe_reports" / "quiet_quick_pair"


def _analysis(name: str) -> BenchmarkAnalysis:
    document: dict[str, Any] = json.loads((PAIR / name).read_text(encoding="utf-8"))
    results = [BenchmarkResult.model_validate(row) for row in document["benchmarks"]]
    return analyse_benchmarks(results, ledgers=document["benchmark_ledger"])


def _verdicts(analysis: BenchmarkAnalysis) -> dict[str, str]:
    return {v.workload: v.verdict for v in analysis.verdicts if v.workload != "import_time"}


def test_the_floor_follows_the_budget() -> None:
    assert run_to_run_floor(["quick", "quick"]) == RUN_TO_RUN_FLOORS["quick"] > RUN_TO_RUN_FLOOR
    assert run_to_run_floor(["standard", "standard"]) == RUN_TO_RUN_FLOOR
    # Older reports record no budget; a comparison of two budgets takes the wider floor.
    assert run_to_run_floor([None, None]) == RUN_TO_RUN_FLOOR
    assert run_to_run_floor(["standard", "quick"]) == RUN_TO_RUN_FLOORS["quick"]
    assert budget_floor({"pytorch": {"budget": {"name": "thorough"}},
                         "tensorflow": {"budget": "garbled"}}) == RUN_TO_RUN_FLOOR


def test_two_recorded_quiet_quick_runs_agree() -> None:
    first, second = _analysis("run1.json"), _analysis("run2.json")
    assert _verdicts(first) == _verdicts(second) == {
        "matmul": "tensorflow_faster", "mlp_inference": "too_close_to_call",
        "cnn_train_step": "pytorch_faster", "transformer_inference": "too_close_to_call"}
    for mine, theirs in ((first, second), (second, first)):
        assert mine.summary is not None and theirs.summary is not None
        assert mine.summary["run_to_run_allowance"] == RUN_TO_RUN_FLOORS["quick"]
        assert mine.summary["ci_low"] <= theirs.summary["geomean_ratio"] <= mine.summary["ci_high"]
        for verdict, other in zip(mine.verdicts, theirs.verdicts, strict=True):
            if verdict.workload == "import_time":
                continue  # one import a side in quick: no interval
            assert verdict.ci_low is not None and verdict.ci_high is not None
            assert verdict.ci_low <= other.ratio <= verdict.ci_high, verdict.workload
    geomeans = [a.summary["geomean_ratio"] for a in (first, second) if a.summary]
    assert abs(math.log(geomeans[0] / geomeans[1])) < math.log(1.1)


def test_at_the_old_floor_the_recorded_runs_disagree(monkeypatch: pytest.MonkeyPatch) -> None:
    # What the quick floor is for: the same samples at the standard budget's floor.
    monkeypatch.setitem(bootstrap.RUN_TO_RUN_FLOORS, "quick", RUN_TO_RUN_FLOOR)
    first, second = (_verdicts(_analysis(name)) for name in ("run1.json", "run2.json"))
    assert first["transformer_inference"] == "too_close_to_call"
    assert second["transformer_inference"] == "pytorch_faster"
    # and with "no meaningful difference" for any interval holding 1 (as before), a contradiction
    monkeypatch.setattr(classification, "EQUIVALENCE_MARGIN", math.inf)
    first = _verdicts(_analysis("run1.json"))
    assert contradicts(first["transformer_inference"], second["transformer_inference"])


def test_a_run_another_process_started_into_is_busy_and_the_quiet_pair_is_not() -> None:
    # Recorded the same morning: a quick run during which another session started its tests
    # (rounds 40-100% apart, numpy reference up to 40 ms against 9 ms before it).
    disturbed = {"loadavg_1min_start": 1.51, "loadavg_1min_end": 1.72,
                 "cpu_pressure_share": 0.119, "cpu_steal_share": 0.0,
                 "other_runnable_mean": 0.25, "other_runnable_max": 1,
                 "other_runnable_observations": 4, "cpus_available": 2}
    assert "waited for a CPU 12% of the time" in (busy_machine(disturbed, 2) or "")
    for name in ("run1.json", "run2.json"):
        document = json.loads((PAIR / name).read_text(encoding="utf-8"))
        for ledger in document["benchmark_ledger"].values():
            assert busy_machine(ledger["machine_load"], ledger["threads"]["intra_op"]) is None


EDGE = Path(__file__).resolve().parents[1] / "assets" / "probe_reports" / "quiet_quick_edge_pair"


def _edge(name: str) -> BenchmarkAnalysis:
    document: dict[str, Any] = json.loads((EDGE / name).read_text(encoding="utf-8"))
    results = [BenchmarkResult.model_validate(row) for row in document["benchmarks"]]
    return analyse_benchmarks(results, ledgers=document["benchmark_ledger"])


def test_a_workload_at_the_edge_is_too_close_to_call_never_contradicted() -> None:
    # Two more quiet quick runs back to back (Dec 7, about 07:00 UTC): the CNN step read 1.38
    # then 1.48, the transformer 1.15 then 1.34; each run separated one of them and not the other.
    first, second = (_verdicts(_edge(name)) for name in ("run1.json", "run2.json"))
    assert first == {"matmul": "tensorflow_faster", "mlp_inference": "too_close_to_call",
                     "cnn_train_step": "pytorch_faster",
                     "transformer_inference": "too_close_to_call"}
    assert second == {"matmul": "tensorflow_faster", "mlp_inference": "too_close_to_call",
                      "cnn_train_step": "too_close_to_call",
                      "transformer_inference": "pytorch_faster"}
    assert not any(contradicts(first[name], second[name]) for name in first)


def test_without_the_equivalence_margin_the_edge_pair_contradicts_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What "too close to call" is for: called "no meaningful difference" (any interval holding
    # 1, as before), each run denies a difference the other one measured.
    monkeypatch.setattr(classification, "EQUIVALENCE_MARGIN", math.inf)
    first, second = (_verdicts(_edge(name)) for name in ("run1.json", "run2.json"))
    assert first["transformer_inference"] == "no_meaningful_difference"
    assert second["transformer_inference"] == "pytorch_faster"
    assert contradicts(first["transformer_inference"], second["transformer_inference"])
    assert contradicts(first["cnn_train_step"], second["cnn_train_step"])


def test_a_quiet_seed_run_is_not_busy_but_the_same_pressure_in_the_default_suite_is() -> None:
    # Recorded on the quiet 2-core VM (Dec 7, 08:33 UTC): the seed suite's own threads (2
    # intra-op and 2 inter-op a framework) kept a task waiting for a CPU 9-11% of the time.
    from advisor.benchmarking.contention import busy_warnings

    def ledgers(suite: str) -> dict[str, Any]:
        loads = {"pytorch": (0.094, 0.0, 0), "tensorflow": (0.109, 0.25, 1)}
        return {name: {"budget": {"name": "quick", "suite": suite},
                       "threads": {"intra_op": 2, "inter_op": 2},
                       "machine_load": {"loadavg_1min_start": 0.92, "loadavg_1min_end": 1.39,
                                        "cpu_pressure_share": pressure, "cpu_steal_share": 0.01,
                                        "other_runnable_mean": mean, "other_runnable_max": most,
                                        "other_runnable_observations": 4, "cpus_available": 2}}
                for name, (pressure, mean, most) in loads.items()}

    assert busy_warnings(ledgers("seed")) == []
    (busy,) = busy_warnings(ledgers("default"))
    assert busy.startswith("the machine was busy during the TensorFlow run (a task waited for a"
                           " CPU 11% of the time)")
    # Real contention still shows in the seed suite: runs into other sessions' load read 0.97+.
    contended = ledgers("seed")
    contended["pytorch"]["machine_load"]["cpu_pressure_share"] = 0.97
    assert len(busy_warnings(contended)) == 1
