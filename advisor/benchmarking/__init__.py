"""Benchmark statistics on the advisor's side: verdicts per workload and the summary for scoring.

The measuring happens in the probe scripts (probes/bench_torch.py, probes/bench_tensorflow.py,
probes/timing_harness.py), each in its own subprocess; this package only reads their raw samples.
"""

from advisor.benchmarking.bootstrap import (
    RatioEstimate,
    geometric_mean,
    geometric_mean_interval,
    ratio_of_medians,
)
from advisor.benchmarking.classification import classify, contradicts
from advisor.benchmarking.fairness import ledger_warnings
from advisor.benchmarking.verdicts import BenchmarkAnalysis, analyse_benchmarks

__all__ = [
    "BenchmarkAnalysis",
    "RatioEstimate",
    "analyse_benchmarks",
    "classify",
    "contradicts",
    "geometric_mean",
    "geometric_mean_interval",
    "ledger_warnings",
    "ratio_of_medians",
]
