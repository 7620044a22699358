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


class BenchmarkVerdict(ForwardCompatible):
    """Which framework was faster on one workload and mode, and how sure that is.

    `ratio` is TensorFlow's median time over PyTorch's: above 1 PyTorch is faster. The interval
    is a bootstrap of the ratio of medians; `verdict` is "no_meaningful_difference" exactly when
    it contains 1, otherwise the faster framework however small the difference (`summary` then
    calls a difference whose whole interval is within 5% small), "insufficient_samples"
    when a side has too few samples for an interval, and "inconclusive" when other processes
    competed for the CPUs during the run (the ratio is then indicative only). The interval
    includes a run-to-run allowance (`run_to_run_allowance`, at least 15% each side).
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
    verdict: Literal[
        "pytorch_faster", "tensorflow_faster", "no_meaningful_difference", "insufficient_samples",
        "inconclusive",
    ]
    summary: str
    samples: dict[str, int] = Field(default_factory=dict)
    noise_warning: bool = False
    fairness_warnings: list[str] = Field(default_factory=list)


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
    benchmark_summary: dict[str, Any] | None = None
    benchmark_ledger: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # Hybrid bridge evidence by route ("onnx": PyTorch -> ONNX -> ONNX Runtime, LiteRT where
    # installed): per workload, converted, max_abs_diff and the speed of each side
    # (probes/bridge_onnx.py; `advisor probe --only bridge`).
    hybrid_bridge: dict[str, dict[str, Any]] | None = None

