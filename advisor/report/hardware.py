"""The hardware part of the evidence: CPU, memory, accelerators and what each framework sees."""

from __future__ import annotations

from typing import Any

from advisor import options
from advisor.i18n import N_, _
from advisor.models import ProbeReport
from advisor.options import FRAMEWORKS
from advisor.report.devices import gpu_label, tpu_label
from advisor.report.scoring_text import scoring_sentence

# The build facts a reviewer weighs, in reading order, by the names the framework probes use
# (torch: cuda, cudnn, hip, cpu_capability, onednn_version, blas; TensorFlow:
# tf.sysconfig.get_build_info() keys). The rest (git hashes, ABI flags) stays in the JSON.
_BUILD_FACTS = (
    ("cuda", "CUDA"), ("cuda_version", "CUDA"), ("cudnn", "cuDNN"), ("cudnn_version", "cuDNN"),
    ("hip", "ROCm/HIP"), ("rocm_version", "ROCm"), ("cpu_capability", N_("CPU kernels")),
    ("onednn_version", "oneDNN"), ("mkldnn", "oneDNN"), ("onednn", "oneDNN"), ("blas", "BLAS"),
)


def _device_label(device: Any) -> str:
    """"cuda:0 NVIDIA A100 (80.0 GiB)", "cpu": a device as each framework probe lists it."""
    if not isinstance(device, dict):
        return str(device)
    kind = str(device.get("type") or "device")
    where = f"{kind}:{device['index']}" if device.get("index") is not None else kind
    name = device.get("name")
    if name and str(name).lower() != kind:
        # TensorFlow's names ("/physical_device:GPU:0") already say where the device is.
        where = str(name) if str(name).startswith("/") else f"{where} {name}"
    memory = device.get("memory_bytes")
    if isinstance(memory, int | float) and memory > 0:
        where += f" ({memory / 2**30:.1f} GiB)"
    return where


def _build_facts(build: dict[str, Any]) -> list[dict[str, str]]:
    """A framework build in a few words: accelerator support first, then the CPU libraries."""
    gpu_keys = ("cuda", "cuda_version", "hip", "rocm_version", "is_cuda_build", "is_rocm_build")
    cpu_only = not any(build.get(k) for k in gpu_keys) and any(k in build for k in gpu_keys)
    facts: list[dict[str, str]] = []
    if cpu_only:
        facts.append({"key": _("accelerators"), "value": _("none (CPU-only build)")})
    elif build.get("is_cuda_build") and not build.get("cuda_version"):
        facts.append({"key": "CUDA", "value": _("yes")})
    elif build.get("is_rocm_build") and not build.get("rocm_version"):
        facts.append({"key": "ROCm", "value": _("yes")})
    seen: set[str] = set()
    for key, label in _BUILD_FACTS:
        value = build.get(key)
        if value is None or value is False or label in seen:
            continue
        if cpu_only and label in ("CUDA", "cuDNN", "ROCm/HIP", "ROCm"):
            continue
        seen.add(label)
        facts.append({"key": _(label), "value": _("yes") if value is True else str(value)})
    return facts


def hardware_context(probes: ProbeReport) -> dict[str, Any]:
    """CPU, memory, accelerators, OS, Python and what each framework sees."""
    hw = probes.hardware
    frameworks = []
    for name in sorted(probes.frameworks, key=lambda n: (n not in FRAMEWORKS, n)):
        info = probes.frameworks[name]
        build = {str(k): v for k, v in info.build.items()}
        frameworks.append({
            "id": name,
            "label": options.label(name),
            "installed": info.installed,
            "version": info.version,
            "devices": [_device_label(d) for d in info.devices],
            "build": _build_facts(build),
            "warnings": [scoring_sentence(w) for w in info.warnings],
        })
    if hw is None:
        return {"measured": False, "frameworks": frameworks, "warnings": _all_warnings(frameworks)}
    gpus = ", ".join(gpu_label(g) for g in hw.gpus) or _("no GPU")
    return {
        "measured": True,
        "summary": f"{hw.cpu.model or _('unknown CPU')}; {gpus}"
                   + (f"; {len(hw.tpus)} TPU(s)" if hw.tpus else ""),
        "cpu_model": hw.cpu.model,
        "physical_cores": hw.cpu.physical_cores,
        "logical_cores": hw.cpu.logical_cores,
        "features": list(hw.cpu.features),
        "peak_gflops": hw.cpu.peak_gflops_fp32,
        "memory_bytes": hw.memory_bytes,
        "gpus": [
            {"vendor": g.vendor, "name": gpu_label(g), "memory_bytes": g.memory_bytes,
             "driver": g.driver}
            for g in hw.gpus
        ],
        "tpus": [tpu_label(t) for t in hw.tpus],
        "os": ", ".join(f"{k} {v}" for k, v in hw.os.items() if v not in (None, "")),
        "python": ", ".join(f"{k} {v}" for k, v in hw.python.items() if v not in (None, "")),
        "frameworks": frameworks,
        "warnings": _all_warnings(frameworks),
    }


def _all_warnings(frameworks: list[dict[str, Any]]) -> list[str]:
    return [f"{fw['label']}: {w}" for fw in frameworks for w in fw["warnings"]]

