"""Fairness of compiled mode: both frameworks compile the same scope of each workload.

TensorFlow's tf.function(jit_compile=True) compiles the whole cnn train step (forward, backward,
Adam). The PyTorch probe must hand torch.compile the same scope: checked here by tracing the
probe's own compiled step with a recording torch.compile backend (no inductor, so it is quick),
in a subprocess so that torch never loads in the test process.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import textwrap

import pytest
from bench_probe import bench_arguments
from bench_run import run_benchmarks
from bench_tensorflow import TensorFlowBackend
from bench_torch import TorchBackend
from bench_workloads import COMPILE_ORDER

from advisor.report.filters import truncate_middle
from tests.benchmarking.conftest import SECONDS, FakeBackend, FakeClock
from tests.conftest import REPO

TRACE = textwrap.dedent("""
    import argparse, json, sys
    sys.path.insert(0, sys.argv[1])
    import torch
    from bench_torch import TorchBackend

    backend = TorchBackend(torch, argparse.Namespace(threads=1, interop_threads=1, device="cpu"))
    graphs = []

    def recorder(gm, example_inputs):
        graphs.append(sorted({getattr(node.target, "__name__", str(node.target))
                              for node in gm.graph.nodes
                              if node.op in ("call_function", "call_method")}))
        return gm.forward

    backend.compile_options = {"backend": recorder}
    step = backend.build("cnn_train_step", "compiled")
    for _ in range(3):
        step()
    print(json.dumps(graphs))
""")


@pytest.mark.slow
def test_torch_compiles_the_whole_cnn_train_step_like_xla() -> None:
    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed")
    done = subprocess.run([sys.executable, "-c", TRACE, str(REPO / "probes")],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    graphs = [set(ops) for ops in json.loads(done.stdout.strip().splitlines()[-1])]
    forward = [ops for ops in graphs if "conv2d" in ops]
    update = [ops for ops in graphs if {"addcdiv_", "lerp_", "sqrt"} <= ops]
    assert forward and {"linear", "relu", "cross_entropy"} <= forward[0]  # forward and loss
    assert update, f"the Adam update was not compiled: {graphs}"  # the optimizer step too
    assert not any("conv2d" in ops for ops in update)  # a graph of its own, after backward()


def test_both_ledgers_record_what_each_side_compiled() -> None:
    assert set(TorchBackend.compile_scope) == set(TensorFlowBackend.compile_scope) == set(
        COMPILE_ORDER)
    for scope in (TorchBackend.compile_scope, TensorFlowBackend.compile_scope):
        assert "whole step" in scope["cnn_train_step"]
        assert "Adam" in scope["cnn_train_step"]
        # The report's ledger shows the scope in one cell, which long text would cut short.
        cell = truncate_middle(", ".join(f"{w}={text}" for w, text in scope.items()))
        assert "left out" not in cell


def test_compiled_results_carry_their_compile_scope(clock: FakeClock) -> None:
    options: argparse.Namespace = bench_arguments("test").parse_args(
        ["--budget", "standard", "--workloads", "cnn_train_step", "--time-budget-s", "60"])
    document = run_benchmarks(FakeBackend(clock, SECONDS), options, import_s=1.0, clock=clock)
    rows = {row["mode"]: row for row in document["benchmarks"]}
    assert rows["compiled"]["compile_scope"] == "the whole fake step"
    assert rows["eager"]["compile_scope"] is None
