"""The evidence section of the report context: hardware, benchmarks, ecosystem, probe failures.

Tolerant by design: a probe report from an older or newer probe may lack keys or carry extra
ones; whatever is missing becomes a plain "not measured" note instead of an empty section.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from pydantic import BaseModel

from advisor import numbers
from advisor.models import BenchmarkResult, ProbeReport
from advisor.paths import probes_dir
from advisor.report.devices import gpu_label, own_device_peak, tpu_label
from advisor.report.ledger import FRAMEWORK_LABELS, ledger_table

FRAMEWORKS = ("pytorch", "tensorflow")
NO_PROBES = (
    "No probes were run (--no-probes), so nothing was measured on this machine: hardware,"
    " benchmarks and installed packages are not part of this decision; ratings come from the"
    " decision model and the answers only."
)
BENCHMARK_METHOD = (
    "Both frameworks run the same workloads with the same shapes, dtype, batch size and thread"
    " count, each in its own process. Every workload is warmed up first, then repeated until the"
    " spread is small (IQR/median under a threshold) or the time budget runs out. The table shows"
    " the median time of one call, the interquartile range (IQR) and the number of timed runs n;"
    " a verdict says whether the difference is significant. Settings that affect fairness are"
    " recorded in the ledger below."
)
_VERDICT_TEXT = {
    "pytorch_faster": "PyTorch faster",
    "tensorflow_faster": "TensorFlow faster",
    "no_meaningful_difference": "no meaningful difference",
    "insufficient_samples": "too few samples for an interval",
    # Words of hand-written or older reports.
    "no_significant_difference": "no significant difference",
    "inconclusive": "inconclusive",
}


def _get(item: Any, key: str, default: Any = None) -> Any:
    if isinstance(item, dict):
        return item.get(key, default)
    return getattr(item, key, default)


def _extra(model: Any, key: str) -> Any:
    """A key a newer probe report may carry as a field or (older models) as an extra key."""
    value = getattr(model, key, None)
    if value is not None and not callable(value):
        return value
    extra = getattr(model, "model_extra", None) or {}
    return extra.get(key)


# The build facts a reviewer weighs, in reading order, by the names the framework probes use
# (torch: cuda, cudnn, hip, cpu_capability, onednn_version, blas; TensorFlow:
# tf.sysconfig.get_build_info() keys). The rest (git hashes, ABI flags) stays in the JSON.
_BUILD_FACTS = (
    ("cuda", "CUDA"), ("cuda_version", "CUDA"), ("cudnn", "cuDNN"), ("cudnn_version", "cuDNN"),
    ("hip", "ROCm/HIP"), ("rocm_version", "ROCm"), ("cpu_capability", "CPU kernels"),
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
        facts.append({"key": "accelerators", "value": "none (CPU-only build)"})
    elif build.get("is_cuda_build") and not build.get("cuda_version"):
        facts.append({"key": "CUDA", "value": "yes"})
    elif build.get("is_rocm_build") and not build.get("rocm_version"):
        facts.append({"key": "ROCm", "value": "yes"})
    seen: set[str] = set()
    for key, label in _BUILD_FACTS:
        value = build.get(key)
        if value is None or value is False or label in seen:
            continue
        if cpu_only and label in ("CUDA", "cuDNN", "ROCm/HIP", "ROCm"):
            continue
        seen.add(label)
        facts.append({"key": label, "value": "yes" if value is True else str(value)})
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
            "label": FRAMEWORK_LABELS.get(name, name),
            "installed": info.installed,
            "version": info.version,
            "devices": [_device_label(d) for d in info.devices],
            "build": _build_facts(build),
            "warnings": list(info.warnings),
        })
    if hw is None:
        return {"measured": False, "frameworks": frameworks, "warnings": _all_warnings(frameworks)}
    gpus = ", ".join(gpu_label(g) for g in hw.gpus) or "no GPU"
    return {
        "measured": True,
        "summary": f"{hw.cpu.model or 'unknown CPU'}; {gpus}"
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


def _verdict_lookup(verdicts: Any) -> dict[tuple[str, str, str | None], dict[str, Any]]:
    """Verdicts by (workload, mode, device); typed `BenchmarkVerdict`s or plain mappings."""
    found: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    items: Iterable[Any] = verdicts.values() if isinstance(verdicts, dict) else verdicts or []
    for item in items:
        if isinstance(item, BaseModel):
            item = item.model_dump()
        if isinstance(item, dict) and "workload" in item:
            device = item.get("device")
            key = (str(item["workload"]), str(item.get("mode", "eager")),
                   None if device is None else str(device))
            found[key] = item
    return found


def verdict_text(verdict: dict[str, Any] | None) -> str:
    """A verdict as words: the analysis' own sentence, else built from its fields.

    E.g. "PyTorch is 1.25x faster (95% CI 1.22x-1.30x)". The speed-up, never the raw time
    ratio, is quoted, so a TensorFlow win reads "TensorFlow is 1.3x faster", not "0.77x".
    """
    if not verdict:
        return "no verdict"
    sentence = verdict.get("summary") or verdict.get("text")
    if isinstance(sentence, str) and sentence:
        return sentence
    raw = verdict.get("verdict") or "no verdict"
    text = _VERDICT_TEXT.get(str(raw), str(raw).replace("_", " "))
    value = verdict.get("ratio")
    if isinstance(value, int | float) and value > 0:
        interval = ""
        low, high = verdict.get("ci_low"), verdict.get("ci_high")
        if isinstance(low, int | float) and isinstance(high, int | float) and low > 0:
            if value < 1:  # TensorFlow faster: quote its speed-up and the inverted interval
                low, high = 1 / high, 1 / low
            interval = f", 95% CI {low:.2f}-{high:.2f}"
        text += f" ({max(value, 1 / value):.2f}x{interval})"
    return text


def _verdict_notes(verdict: dict[str, Any] | None) -> list[str]:
    if not verdict:
        return []
    notes = [str(w) for w in verdict.get("fairness_warnings") or []]
    if verdict.get("noise_warning"):
        notes.append("noisy: IQR/median above 10% on a side")
    return notes


def _measurement(result: BenchmarkResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    extra = result.model_extra or {}
    n = extra.get("n")
    return {
        "median_s": result.median_s,
        "iqr_s": result.iqr_s,
        "n": n if isinstance(n, int) else len(result.samples) or None,
        "min_s": extra.get("min_s"),
        "throughput": result.throughput,
        "throughput_unit": result.throughput_unit,
        "compile_s": result.compile_s,
        "peak_rss_bytes": extra.get("peak_rss_bytes"),
        "device_peak_bytes": own_device_peak(extra),
        "noise_warning": extra.get("noise_warning"),
        "device": result.device,
        "batch_size": result.batch_size,
        "samples": [s for s in result.samples if isinstance(s, int | float)],
    }


def benchmarks_context(probes: ProbeReport) -> dict[str, Any]:
    """One row per workload and mode with both frameworks side by side, the verdict and ledger."""
    verdicts = _verdict_lookup(_extra(probes, "benchmark_verdicts"))
    keys: list[tuple[str, str, str]] = []
    for result in probes.benchmarks:
        if (result.workload, result.mode, result.device) not in keys:
            keys.append((result.workload, result.mode, result.device))
    devices = {key[2] for key in keys}
    rows: list[dict[str, Any]] = []
    for workload, mode, device in keys:
        cells = {
            fw: _measurement(next(
                (r for r in probes.benchmarks if r.workload == workload and r.mode == mode
                 and r.device == device and r.framework == fw), None))
            for fw in FRAMEWORKS
        }
        verdict = verdicts.get((workload, mode, device)) or verdicts.get((workload, mode, None))
        notes = [_noise_note(fw, c["noise_warning"])
                 for fw, c in cells.items() if c and c["noise_warning"]]
        notes += [n for n in _verdict_notes(verdict) if not n.startswith("noisy:")]
        rows.append({"workload": workload if len(devices) == 1 else f"{workload} ({device})",
                     "mode": mode, "cells": cells,
                     "verdict": verdict_text(verdict) if verdict else None, "notes": notes})
    run_notes = _lift_common_notes(rows)
    summary = _extra(probes, "benchmark_summary")
    ledger = ledger_table(_extra(probes, "benchmark_ledger"))
    method = _extra(probes, "benchmark_method")
    return {
        "measured": bool(rows),
        "rows": rows,
        "run_notes": run_notes,
        "summary": summary if isinstance(summary, dict) else None,
        "summary_scope": _summary_scope(summary) if isinstance(summary, dict) else "",
        "summary_headline": _summary_headline(summary) if isinstance(summary, dict) else "",
        "method": str(method) if method else BENCHMARK_METHOD,
        "ledger": ledger,
        "has_memory": any(c and c["peak_rss_bytes"] for r in rows for c in r["cells"].values()),
        "has_device_memory": any(c and c["device_peak_bytes"] for r in rows
                                 for c in r["cells"].values()),
        "has_compile": any(c and c["compile_s"] for r in rows for c in r["cells"].values()),
    }


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return None


def _summary_headline(summary: dict[str, Any]) -> str:
    """The overall speed in the faster framework's terms ("TensorFlow is 2.27x faster"), never
    a ratio below 1 a reader has to invert; "no meaningful difference" when the interval holds 1.
    """
    geomean = _number(summary.get("geomean_ratio"))
    if geomean is None:
        return ""
    low, high = _number(summary.get("ci_low")), _number(summary.get("ci_high"))
    how = "geometric mean of the per-workload time ratios"
    if summary.get("inconclusive"):
        # Measured under contention (advisor.benchmarking.contention): no faster framework;
        # the run notes below say why, once.
        leader, other, value = (("PyTorch", "TensorFlow", geomean) if geomean >= 1
                                else ("TensorFlow", "PyTorch", 1 / geomean))
        return (f"inconclusive overall, indicative only: {leader} ran"
                f" {numbers.ratio(value)}x as fast as {other} ({how})")
    if low is not None and high is not None and low <= 1 <= high:
        return (f"no meaningful difference overall: PyTorch runs at {numbers.ratio(geomean)}x"
                f" TensorFlow's speed ({how}, 95% CI {numbers.ratio(low)}x to"
                f" {numbers.ratio(high)}x)")
    if geomean >= 1:
        winner, loser, value = "PyTorch", "TensorFlow", geomean
        interval = (low, high)
    else:
        winner, loser, value = "TensorFlow", "PyTorch", 1 / geomean
        interval = (1 / high if high else None, 1 / low if low else None)
    text = f"{winner} is {numbers.ratio(value)}x faster than {loser} ({how}"
    if interval[0] is not None and interval[1] is not None:
        text += f", 95% CI {numbers.ratio(interval[0])}x to {numbers.ratio(interval[1])}x"
    return text + ")"


def _lift_common_notes(rows: list[dict[str, Any]]) -> list[str]:
    """Notes that every row carries (the machine was busy during a run) are facts about the
    run, not about a workload: said once above the table instead of in every verdict cell."""
    if len(rows) < 2:
        return []
    common = [n for n in rows[0]["notes"] if all(n in r["notes"] for r in rows[1:])]
    for row in rows:
        row["notes"] = [n for n in row["notes"] if n not in common]
    return common


def _summary_scope(summary: dict[str, Any]) -> str:
    """Which rows of the table the headline ratio covers, and which it leaves out and why.

    The table shows every workload and mode, the geometric mean only some: a reader comparing
    "across 4 workloads" with a table of five must be told which one is left out.
    """
    included = [str(w) for w in summary.get("included") or []]
    count = len(included) or summary.get("workloads")
    scope = f"{count} workloads" if count else "the workloads"
    if included:
        scope += f" ({', '.join(included)})"
    if summary.get("mode"):
        scope += f", {summary['mode']} mode"
    # Where it was measured (advisor.benchmarking.device_names): a GPU result must not read as
    # a CPU one, nor the other way round.
    names = summary.get("device_names")
    if isinstance(names, dict) and names:
        scope += f", on {' and '.join(str(name) for name in names.values())}"
    excluded = summary.get("excluded")
    if isinstance(excluded, dict) and excluded:
        scope += "; left out: " + "; ".join(f"{w} ({why})" for w, why in excluded.items())
    return scope


def _noise_note(framework: str, warning: Any) -> str:
    label = FRAMEWORK_LABELS[framework]
    if warning is True:  # the timing harness' flag: IQR/median above 10%
        return f"{label}: noisy (IQR/median above 10%), read the median with care"
    return f"{label}: {warning}"


def ecosystem_context(probes: ProbeReport, answers: dict[str, Any]) -> dict[str, Any]:
    """Packages per framework: installed, missing or incompatible, and whether the project needs
    them (their domains or targets overlap the answers)."""
    wanted = {str(v) for key in ("domains", "deployment_targets")
              for v in (answers.get(key) or []) if isinstance(answers.get(key), list)}
    if "mobile_platforms" in answers:
        wanted.add("mobile")
    checks = _compatibility_rows(_extra(probes, "ecosystem_checks"))
    all_domains = catalogue_domains()
    mismatched = {pkg: c["message"] for c in checks if c["status"] == "mismatch"
                  for pkg in c["packages_list"]}
    groups = []
    for framework, packages in probes.ecosystem.items():
        rows = []
        for pkg in packages:
            extra = pkg.model_extra or {}
            targets = [str(t) for t in
                       extra.get("deployment_targets") or extra.get("targets") or []]
            scope = list(dict.fromkeys([*pkg.domains, *targets]))
            every_domain = bool(all_domains) and all_domains.issubset(pkg.domains)
            compatible = extra.get("compatible")
            if pkg.version is None:
                status = "missing"
            elif compatible is False or extra.get("incompatible") or pkg.package in mismatched:
                status = "incompatible"
            else:
                status = "installed"
            rows.append({
                "package": pkg.package,
                "version": pkg.version,
                "status": status,
                "scope": _scope_text(scope, every_domain, all_domains),
                "role": str(extra.get("role") or ""),
                # A package for every domain says nothing about this project through its
                # domains; only its deployment targets can make it specific to it.
                "relevant": bool(wanted.intersection(targets if every_domain else scope)),
                "matches": [x for x in (targets if every_domain else scope) if x in wanted],
                "note": str(extra.get("note") or extra.get("reason")
                            or mismatched.get(pkg.package) or ""),
            })
        rows.sort(key=lambda r: (not r["relevant"], r["status"] != "incompatible", r["package"]))
        # A package this project does not need and does not have is one word, not a table row:
        # a real environment lists dozens of them and they pushed the report to many pages.
        shown = [r for r in rows if r["relevant"] or r["status"] != "missing"]
        groups.append({
            "framework": FRAMEWORK_LABELS.get(framework, framework),
            "rows": shown,
            "not_needed": [r["package"] for r in rows if r not in shown],
            "has_notes": any(r["note"] for r in shown),
            "installed": sum(r["status"] == "installed" for r in rows),
            "missing": sum(r["status"] == "missing" for r in rows),
            "incompatible": sum(r["status"] == "incompatible" for r in rows),
        })
    return {"measured": bool(groups), "groups": groups, "wanted": sorted(wanted),
            "checks": [c for c in checks if c["status"] != "not_applicable"]}


@cache
def catalogue_domains() -> frozenset[str]:
    """The domains of the ecosystem catalogue: the probe spells a package for every domain
    ("all" in the catalogue) as the full list, which reads better as "every domain"."""
    try:
        catalogue = json.loads((probes_dir() / "ecosystem_catalogue.json").read_text("utf-8"))
    except (OSError, ValueError):
        return frozenset()
    domains = catalogue.get("domains") if isinstance(catalogue, dict) else None
    return frozenset(str(d) for d in domains) if isinstance(domains, list) else frozenset()


def _scope_text(scope: list[str], every_domain: bool, all_domains: frozenset[str]) -> str:
    if every_domain:
        rest = [s for s in scope if s not in all_domains]
        return ", ".join(["every domain", *rest])
    return ", ".join(scope) or "general"


def _compatibility_rows(checks: Any) -> list[dict[str, Any]]:
    """Version compatibility checks (torchvision vs torch, keras vs tensorflow, ...)."""
    rows: list[dict[str, Any]] = []
    for check in checks if isinstance(checks, list) else []:
        if not isinstance(check, dict):
            continue
        found = check.get("packages")
        packages: dict[str, Any] = found if isinstance(found, dict) else {}
        rows.append({
            "id": str(check.get("id", "")),
            "description": str(check.get("description") or check.get("id") or ""),
            "packages": ", ".join(f"{k} {v or 'missing'}" for k, v in packages.items()),
            "packages_list": [str(k) for k in packages],
            "status": str(check.get("status", "unknown")),
            "message": str(check.get("message") or ""),
        })
    return rows


def evidence_context(probes: ProbeReport | None, answers: dict[str, Any]) -> dict[str, Any]:
    """Everything measured, or a plain statement that nothing was."""
    if probes is None:
        return {"probed": False, "missing": NO_PROBES, "failures": []}
    failures = [{"probe": f.probe, "kind": f.kind, "reason": f.reason,
                 "stderr": str(_extra(f, "stderr_tail") or "")} for f in probes.failures]
    runs = [{"probe": str(_get(r, "probe", "")), "outcome": str(_get(r, "outcome", "")),
             "duration_s": _get(r, "duration_s")}
            for r in _extra(probes, "probe_runs") or []]
    return {
        "probed": True,
        "missing": None,
        "created_at": probes.created_at,
        "failures": failures,
        "runs": runs,
        "interpreter": _extra(probes, "interpreter"),
        "hardware": hardware_context(probes),
        "benchmarks": benchmarks_context(probes),
        "ecosystem": ecosystem_context(probes, answers),
    }
