"""How the report names accelerators: GPUs with their MIG slices or as integrated, TPUs by
generation, and a workload's own peak of GPU memory."""

from __future__ import annotations

from advisor.models import GpuInfo, TpuInfo


def gpu_label(gpu: GpuInfo) -> str:
    """A GPU's name, with its MIG slices (what CUDA sees instead of the whole GPU) or
    "integrated" for an integrated GPU, which the scoring does not count as an accelerator."""
    label = gpu.name or gpu.vendor
    slices = gpu.mig_instances
    if slices:
        sizes = "/".join(f"{(s.memory_bytes or 0) / 2**30:.0f}" for s in slices)
        label += f" (MIG: {len(slices)} slice(s), {sizes} GiB)"
    if gpu.integrated:
        label += " (integrated)"
    return label


def tpu_label(tpu: TpuInfo) -> str:
    """ "TPU v4 (v4-8)": the generation and accelerator type the hardware probe found."""
    generation, kind = tpu.generation, tpu.accelerator_type
    label = f"TPU {generation}" if generation and generation != "unknown" else "TPU"
    return f"{label} ({kind})" if kind else label


def own_device_peak(peak: int | None, before: int | None) -> int | None:
    """A workload's own peak of GPU memory: the framework's peak counter, reset before the
    build, less what earlier workloads still held then (the probes record both)."""
    if peak is None:
        return None
    return max(peak - before, 0) if before is not None else peak
