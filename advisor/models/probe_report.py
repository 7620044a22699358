"""The probe report (docs/contract.md section 5): what the probes found on one machine.

Models accept extra keys (`extra="allow"`) so a newer probe can add fields that an older advisor
still carries through unchanged; the keys listed here are the contract.

Schema history:
  "1": first version.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from advisor.models.base import ForwardCompatible
from advisor.options import Framework

PROBE_REPORT_SCHEMA_VERSION = "1"

FailureKind = Literal["skipped", "failed", "timeout"]


class CpuInfo(ForwardCompatible):
    """The CPU as the hardware probe saw it."""

    model: str | None = None
    physical_cores: int | None = None
    logical_cores: int | None = None
    features: list[str] = Field(default_factory=list)
    peak_gflops_fp32: float | None = None


class MigInstance(ForwardCompatible):
    """One MIG slice of a GPU in MIG mode: what CUDA sees instead of the whole GPU."""

    index: int | None = None
    name: str | None = None
    memory_bytes: int | None = None


class GpuInfo(ForwardCompatible):
    """One GPU (NVIDIA, AMD, Apple or Intel)."""

    vendor: str
    name: str | None = None
    memory_bytes: int | None = None
    driver: str | None = None
    #: The slices of an NVIDIA GPU in MIG mode (None when it is not in MIG mode).
    mig_instances: list[MigInstance] | None = None
    #: An integrated GPU (Intel's on the root bus): no training accelerator, so the scoring
    #: does not count it.
    integrated: bool = False


class TpuInfo(ForwardCompatible):
    """One TPU chip on the PCI bus, or the TPU the environment names (probes/tpu_devices.py)."""

    vendor: str | None = None
    #: "v4", "v5e"... ("unknown" for a chip whose PCI id is not in the probe's table).
    generation: str | None = None
    #: The TPU_ACCELERATOR_TYPE of a TPU VM, e.g. "v4-8".
    accelerator_type: str | None = None
    source: str | None = None


class HardwareInfo(ForwardCompatible):
    """The machine: CPU, memory, accelerators, OS and Python."""

    cpu: CpuInfo = Field(default_factory=CpuInfo)
    memory_bytes: int | None = None
    gpus: list[GpuInfo] = Field(default_factory=list)
    tpus: list[TpuInfo] = Field(default_factory=list)
    os: dict[str, Any] = Field(default_factory=dict)
    python: dict[str, Any] = Field(default_factory=dict)


class FrameworkInfo(ForwardCompatible):
    """What one framework's environment probe found."""

    installed: bool
    version: str | None = None
    build: dict[str, Any] = Field(default_factory=dict)
    devices: list[Any] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    #: PyTorch only: the installed torch_xla, through which PyTorch reaches a TPU (the probe
    #: does not start it: that would take the TPU).
    torch_xla: str | None = None


class EcosystemPackage(ForwardCompatible):
    """One ecosystem package and where it matters."""

    package: str
    version: str | None = None
    domains: list[str] = Field(default_factory=list)
    #: Where it deploys to (the deployment_targets answers it serves), and its role in words.
    deployment_targets: list[str] = Field(default_factory=list)
    role: str | None = None


class CompatibilityCheck(ForwardCompatible):
    """One version-compatibility rule of the ecosystem catalogue (torchvision vs torch...)."""

    id: str
    #: The two packages' installed versions (None: not installed).
    packages: dict[str, str | None] = Field(default_factory=dict)
    description: str = ""
    source: str | None = None
    #: "not_applicable" when one of the two is not installed.
    status: Literal["ok", "mismatch", "not_applicable"]
    message: str = ""


class EcosystemSummary(ForwardCompatible):
    """The ecosystem probe's overview: the catalogue it read and what is installed where."""

    catalogue_version: str | None = None
    #: Each framework's installed version by the catalogue's distributions.
    frameworks: dict[str, str | None] = Field(default_factory=dict)
    #: Per domain (and per deployment target), per side, the installed packages.
    installed_by_domain: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    installed_by_deployment_target: dict[str, dict[str, list[str]]] = Field(
        default_factory=dict)
    #: Per side: {installed, listed} counts.
    summary: dict[str, dict[str, int]] = Field(default_factory=dict)


class BenchmarkResult(ForwardCompatible):
    """One workload measured in one framework and mode."""

    framework: Framework
    workload: str
    mode: Literal["eager", "compiled"]
    device: str
    batch_size: int | None = None
    median_s: float | None = None
    iqr_s: float | None = None
    samples: list[float] = Field(default_factory=list)
    throughput: float | None = None
    throughput_unit: str | None = None
    compile_s: float | None = None
    # Added by Benchmarks 2.0 (issue 19). Rows without a dtype (older probes) are float32.
    dtype: str = "float32"
    min_s: float | None = None
    n: int | None = None  # timed samples (the harness may keep fewer in `samples`)
    rel_iqr: float | None = None
    # True when IQR/median is above 10% on this side; older hand-written reports give a sentence.
    noise_warning: bool | str = False
    round_sizes: list[int] | None = None  # samples per sampling round, in order
    # The median in each fresh process that timed this workload, this probe's first (newer probes).
    process_medians: list[float] | None = None
    loops_per_sample: int | None = None
    peak_rss_bytes: int | None = None
    device_peak_memory_bytes: int | None = None
    device_memory_before_bytes: int | None = None
    # The matmul's share of the hardware probe's estimated fp32 peak (advisor.benchmarking):
    # a share above 1 means the estimate is too low, flagged and explained in `peak_note`.
    peak_share: float | None = None
    peak_gflops_fp32: float | None = None
    peak_is_estimate: bool | None = None
    peak_share_above_estimate: bool | None = None
    peak_note: str | None = None


class ProbeFailure(ForwardCompatible):
    """A probe that did not give results, and why."""

    probe: str
    kind: FailureKind
    reason: str
    stderr_tail: str | None = None  # the last lines the probe wrote on stderr, if any
    #: A benchmark probe's failure of one workload (its other results stand), and its mode.
    workload: str | None = None
    mode: str | None = None


class ProbeRun(ForwardCompatible):
    """How one probe ran: its outcome and wall time (provenance for reviewers)."""

    probe: str
    outcome: Literal["ok", "skipped", "failed", "timeout"]
    duration_s: float


#: A benchmark verdict (BenchmarkVerdict.verdict, and the summary's for its geometric mean).
VerdictKind = Literal[
    "pytorch_faster", "tensorflow_faster", "no_meaningful_difference", "too_close_to_call",
    "insufficient_samples", "inconclusive",
]


class BenchmarkVerdict(ForwardCompatible):
    """Which framework was faster on one workload and mode, and how sure that is.

    `ratio` is TensorFlow's median time over PyTorch's: above 1 PyTorch is faster. The interval
    is a bootstrap of the ratio of medians. `verdict` names the faster framework when the
    interval excludes 1, however small the difference (`summary` then calls a difference whose
    whole interval is within 5% small); when it holds 1, "no_meaningful_difference" if it also
    lies within 25% of 1 on both sides (an equivalence margin) and "too_close_to_call" if it
    reaches further (the run could not tell them apart: no claim either way). It is
    "insufficient_samples" when a side has too few samples for an interval, and "inconclusive"
    when other processes competed for the CPUs during the run (the ratio is then indicative
    only). The interval includes a run-to-run allowance (`run_to_run_allowance`, at least 25%
    each side in the quick budget, 15% in standard and thorough), widened where needed to hold
    the ratio of each fresh process that timed the workload (`process_ratios`).
    """

    workload: str
    mode: Literal["eager", "compiled"]
    device: str
    pytorch_median_s: float
    tensorflow_median_s: float
    ratio: float
    ci_low: float | None = None
    ci_high: float | None = None
    confidence: float = 0.95
    faster: Framework | None = None
    speedup: float = 1.0  # how many times faster the faster side is (>= 1)
    verdict: VerdictKind
    summary: str
    samples: dict[str, int] = Field(default_factory=dict)
    noise_warning: bool = False
    fairness_warnings: list[str] = Field(default_factory=list)
    dtype: str = "float32"
    batch_size: int | None = None
    run_to_run_allowance: float | None = None
    # The TensorFlow/PyTorch ratio in each fresh process, where both timed it in two or more.
    process_ratios: list[float] | None = None


class PublishedSource(ForwardCompatible):
    """Where the published table comes from (advisor.benchmarking.published)."""

    title: str
    date: str
    url: str | None = None
    device: str | None = None
    versions: dict[str, str] = Field(default_factory=dict)
    precision: str | None = None


class MeasuredRatio(ForwardCompatible):
    """One precision's measured throughput-batch ratio (TF time / PyTorch time) of a model."""

    ratio: float
    ci_low: float | None = None
    ci_high: float | None = None
    verdict: str | None = None
    batch_size: int | None = None
    device: str | None = None


class PublishedRow(ForwardCompatible):
    """One model of the published table with the ratio measured here, per precision."""

    model: str
    workload: str | None = None
    batch_size: int | None = None
    pytorch: float
    tensorflow: float
    unit: str
    published_ratio: float
    measured: dict[str, MeasuredRatio] | None = None


class PublishedComparison(ForwardCompatible):
    """The source article's A100 table beside the ratios measured here."""

    source: PublishedSource
    meaning: str | None = None
    rows: list[PublishedRow] = Field(default_factory=list)
    why_different: str | None = None
    measured_device: str | None = None


class BenchmarkSummary(ForwardCompatible):
    """The headline the scoring reads: the geometric mean of the eager float32 time ratios
    (TF time / PyTorch time, above 1 PyTorch is faster) with its interval, and how it was made.
    `inconclusive` is set (once per report) when the machine was busy during the run.
    `verdict` is the geometric mean's verdict, in the words of BenchmarkVerdict.verdict
    (absent from probe reports written before it)."""

    geomean_ratio: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    workloads: int | None = None
    included: list[str] = Field(default_factory=list)
    devices: list[str] = Field(default_factory=list)
    device_names: dict[str, str] = Field(default_factory=dict)
    mode: str | None = None  # None: a hand-written summary that does not say what it covers
    verdict: VerdictKind | None = None
    confidence: float | None = None
    meaning: str | None = None
    inconclusive: str | None = None
    machine_busy: list[str] = Field(default_factory=list)
    statement: str | None = None
    fair_conditions: bool | None = None
    excluded: dict[str, str] = Field(default_factory=dict)
    by_mode: dict[str, dict[str, Any]] = Field(default_factory=dict)
    noisy: list[str] = Field(default_factory=list)
    fairness_warnings: list[str] = Field(default_factory=list)
    matmul_peak_share: dict[str, float] = Field(default_factory=dict)
    method: str | None = None
    run_to_run_allowance: float | None = None
    interval_method: str | None = None
    published_comparison: PublishedComparison | None = None


class BenchmarkDevice(ForwardCompatible):
    """The benchmarks' device (the probes' --device value), its name and why it was chosen."""

    device: str
    name: str | None = None
    reason: str | None = None


class BridgeConversion(ForwardCompatible):
    """One model through one bridge route (probes/bridge_onnx.py): converted or why not, the
    largest output difference against PyTorch, and both sides' median times."""

    converted: bool
    available: bool | None = None  # LiteRT: whether its converter is installed
    reason: str | None = None  # why it was not tried
    error: str | None = None  # why the conversion failed
    exporter: str | None = None
    export_s: float | None = None
    max_abs_diff: float | None = None
    max_abs_output: float | None = None
    calls: int | None = None
    pytorch_median_s: float | None = None
    onnxruntime_median_s: float | None = None
    onnxruntime_speedup: float | None = None  # above 1 ONNX Runtime is faster than PyTorch
    litert_median_s: float | None = None
    litert_speedup: float | None = None  # above 1 LiteRT is faster than PyTorch


class BridgeRun(ForwardCompatible):
    """One bridge probe run: per workload, each route's conversion (`onnx`, `litert`)."""

    workloads: dict[str, dict[str, BridgeConversion]] = Field(default_factory=dict)
    versions: dict[str, str | None] = Field(default_factory=dict)
    threads: int | None = None
    contention_before: dict[str, Any] | None = None
    method: str | None = None


class ProbeReport(ForwardCompatible):
    """Everything the probes found on one machine."""

    schema_version: str = PROBE_REPORT_SCHEMA_VERSION
    created_at: str | None = None
    hardware: HardwareInfo | None = None
    frameworks: dict[str, FrameworkInfo] = Field(default_factory=dict)
    ecosystem: dict[str, list[EcosystemPackage]] = Field(default_factory=dict)
    benchmarks: list[BenchmarkResult] = Field(default_factory=list)
    failures: list[ProbeFailure] = Field(default_factory=list)
    # Added by the probes issue: compatibility checks of installed ecosystem packages, the
    # interpreter whose frameworks were probed, each probe's run, and whether host/user names,
    # serial numbers and UUIDs were included (only with --include-identifiers).
    ecosystem_checks: list[CompatibilityCheck] = Field(default_factory=list)
    ecosystem_summary: EcosystemSummary = Field(default_factory=EcosystemSummary)
    interpreter: str | None = None
    probe_runs: list[ProbeRun] = Field(default_factory=list)
    identifiers_included: bool = False
    # Added by the benchmarks issue: a verdict per workload and mode, the headline summary the
    # scoring reads ({"geomean_ratio": TF time / PyTorch time, "ci_low", "ci_high", "workloads"}:
    # above 1 PyTorch is faster), and each framework's fairness ledger (versions, threads,
    # oneDNN, device, dtype, compile mode, synchronisation).
    benchmark_verdicts: list[BenchmarkVerdict] = Field(default_factory=list)
    benchmark_summary: BenchmarkSummary | None = None
    benchmark_ledger: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # Hybrid bridge evidence by route ("onnx": PyTorch -> ONNX -> ONNX Runtime, LiteRT where
    # installed): per workload, converted, max_abs_diff and the speed of each side
    # (probes/bridge_onnx.py; `advisor probe --only bridge`).
    hybrid_bridge: dict[str, BridgeRun] | None = None
    # What the benchmarks measured on and why (advisor.probing.devices), when benchmarks ran.
    benchmark_device: BenchmarkDevice | None = None

