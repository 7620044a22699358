"""Which device the benchmarks measure: an accelerator both frameworks can use, else the CPU.

The framework probes run before the benchmarks and list the devices each framework sees. When
both list a CUDA (or ROCm) GPU the benchmark probes get `--device cuda` and use device index 0 of
what CUDA_VISIBLE_DEVICES leaves visible, the same GPU for both. When only one framework sees
it, both are measured on the CPU and the report says why: a GPU time against a CPU time is no
comparison of the frameworks. A project whose answers name CPUs only is measured on the CPU.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from advisor.options import label

#: Device types as the framework probes list them, per framework, that --device cuda can use.
_GPU_TYPES = {"pytorch": ("cuda",), "tensorflow": ("gpu",)}


@dataclass(frozen=True)
class BenchmarkDevice:
    """The benchmarks' device (the probes' --device value), its name and why it was chosen."""

    device: str
    name: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """The report's `benchmark_device` entry."""
        return asdict(self)


def _gpus(framework: str, document: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    if not document or not document.get("installed", True):
        return []
    devices = document.get("devices") or []
    return [d for d in devices
            if isinstance(d, Mapping) and str(d.get("type", "")).lower() in _GPU_TYPES[framework]]


def _label(device: Mapping[str, Any]) -> str | None:
    return str(device.get("name") or device.get("model") or "") or None


def choose_benchmark_device(
    frameworks: Mapping[str, Mapping[str, Any] | None],
    *,
    cpu_only_project: bool = False,
) -> BenchmarkDevice:
    """The device for the benchmarks from the framework probes' documents (None: not run).

    `cpu_only_project`: the answers say the project trains and serves on CPUs only, so the
    CPU is what the team will use and is measured even when a GPU is present.
    """
    if cpu_only_project:
        return BenchmarkDevice("cpu", None, "the project targets CPUs only (hardware answer"
                               " cpu_only), so the benchmarks measure the CPU")
    if any(frameworks.get(fw) is None for fw in _GPU_TYPES):
        missing = [label(fw) for fw in _GPU_TYPES if frameworks.get(fw) is None]
        return BenchmarkDevice("cpu", None, f"the {' and '.join(missing)} environment probe"
                               " did not report its devices, so the benchmarks use the CPU")
    seen = {fw: _gpus(fw, frameworks[fw]) for fw in _GPU_TYPES}
    if seen["pytorch"] and seen["tensorflow"]:
        torch_gpu = seen["pytorch"][0]
        name = _label(torch_gpu) or _label(seen["tensorflow"][0])
        return BenchmarkDevice("cuda", name, f"both frameworks see the GPU ({name or 'GPU 0'});"
                               " both are measured on its device 0")
    alone = [fw for fw in _GPU_TYPES if seen[fw]]
    if alone:
        other = next(fw for fw in _GPU_TYPES if fw not in alone)
        name = _label(seen[alone[0]][0]) or "a GPU"
        return BenchmarkDevice("cpu", None, f"only {label(alone[0])} sees {name};"
                               f" {label(other)} does not, so both are measured on the CPU"
                               " (a GPU time against a CPU time compares devices, not frameworks)")
    return BenchmarkDevice("cpu", None, "no GPU that both frameworks can use")
