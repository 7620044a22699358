"""The fairness ledger as a reviewer reads it: the settings that decide whether the two
frameworks were measured alike, one row each, in plain words.

The benchmark probes record far more than a reader can weigh (every thread variable, whether
set or not, per-phase timings, plan internals); printed raw it fills several pages of "not
recorded". Here the known settings are picked and worded, rows no side recorded are dropped, and
any setting this module does not know yet (a newer probe) is still shown under its own name.
The complete ledger stays in the JSON assessment (probe_report.benchmark_ledger).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advisor import options
from advisor.i18n import N_, _
from advisor.report.filters import MISSING
from advisor.report.scoring_text import scoring_sentence

#: Ledger columns and ecosystem sections: the frameworks, and what both share.
FRAMEWORK_LABELS = {**options.LABELS, "shared": N_("Shared")}
ABSENT = MISSING
FULL_LEDGER_NOTE = (
    N_("The full ledger, with every thread variable and the time of each phase, is in the JSON"
    " assessment under probe_report.benchmark_ledger.")
)


def _plain(value: Any) -> str:
    if value is None:
        return ABSENT
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, dict):
        shown = {k: v for k, v in value.items() if v is not None}
        return ", ".join(f"{k.replace('_', '-')} {_plain(v)}" for k, v in shown.items()) or ABSENT
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value) or ABSENT
    return scoring_sentence(str(value))  # a probe's description, in the report's language


def _version(side: dict[str, Any]) -> str | None:
    version = side.get("version")
    if version is None:
        return None
    keras = side.get("keras")
    if isinstance(keras, dict):  # {"version": ..., "backend": ...}
        keras = keras.get("version")
    return f"{version} (Keras {keras})" if keras else str(version)


def _device(side: dict[str, Any]) -> str | None:
    device, name = side.get("device"), side.get("device_name")
    if device is None:
        return None
    return f"{device} ({name})" if name else str(device)


def _threads(side: dict[str, Any]) -> str | None:
    threads = side.get("threads")
    if threads is None:
        return None
    if isinstance(threads, dict):
        text = ", ".join(f"{k.replace('_', '-')} {v}" for k, v in threads.items() if v is not None)
    else:
        text = str(threads)
    requested = side.get("threads_requested")
    if isinstance(requested, dict) and isinstance(threads, dict) and requested != threads:
        text += _(" (asked for {threads})").format(threads=_plain(requested))
    cpus = side.get("cpus_available")
    if cpus is not None:
        text += _("; {cpus} CPUs available").format(cpus=cpus)
    return text


def _thread_variables(side: dict[str, Any]) -> str | None:
    env = side.get("thread_environment")
    if not isinstance(env, dict):
        return None
    set_vars = [f"{k}={v}" for k, v in env.items() if v is not None]
    return ", ".join(set_vars) if set_vars else _("none set")


def _onednn(side: dict[str, Any]) -> str | None:
    onednn = side.get("onednn")
    if isinstance(onednn, bool) or onednn is None:
        return None if onednn is None else (_("on") if onednn else _("off"))
    if not isinstance(onednn, dict):
        return str(onednn)
    enabled = onednn.get("enabled")
    text = _("on") if enabled else (_("off") if enabled is False else _("unknown"))
    if onednn.get("version"):
        text += f" ({onednn['version']})"
    if onednn.get("TF_ENABLE_ONEDNN_OPTS") is not None:
        text += f", TF_ENABLE_ONEDNN_OPTS={onednn['TF_ENABLE_ONEDNN_OPTS']}"
    return text


def _math(side: dict[str, Any]) -> str | None:
    parts = []
    if side.get("mkl") is not None:
        parts.append(f"MKL {_('yes') if side['mkl'] else _('no')}")
    if side.get("cpu_capability"):
        parts.append(_("CPU kernels {value}").format(value=side["cpu_capability"]))
    if side.get("float32_matmul_precision"):
        parts.append(_("fp32 matmul precision {value}").format(
            value=side["float32_matmul_precision"]))
    return ", ".join(parts) or None


def _tf32(side: dict[str, Any]) -> str | None:
    """TF32 on or off; PyTorch records it per library ({"matmul": False, "cudnn": False})."""
    tf32 = side.get("tf32")
    if tf32 is None:
        return None
    if isinstance(tf32, dict):
        flags = {k: v for k, v in tf32.items() if isinstance(v, bool)}
        state = _("on") if any(flags.values()) else _("off")
        detail = ", ".join(f"{k} {_('on') if v else _('off')}" for k, v in flags.items()
                           if k != "enabled")
        return f"{state} ({detail})" if detail else state
    return _("on") if tf32 else _("off")


def _switch(key: str) -> Callable[[dict[str, Any]], str | None]:
    """A setting recorded as {"enabled": bool, "how": text}: "on (how)" / "off (how)"."""
    def read(side: dict[str, Any]) -> str | None:
        value = side.get(key)
        if not isinstance(value, dict):
            return None if value is None else _plain(value)
        state = _("on") if value.get("enabled") else _("off")
        return f"{state}: {value['how']}" if value.get("how") else state

    return read


def _visible(side: dict[str, Any]) -> str | None:
    visible, index = side.get("visible_devices"), side.get("device_index")
    if visible is None:
        return None
    text = _plain(visible)
    return (_("{devices}; measured: device {index}").format(devices=text, index=index)
            if index is not None else text)


def _batch_sizes(side: dict[str, Any]) -> str | None:
    sizes = side.get("batch_sizes")
    if not isinstance(sizes, dict):
        return None
    shown = [f"{w} {b}" for w, b in sizes.items() if b is not None]
    return ", ".join(shown) or None


def _compile_cache(side: dict[str, Any]) -> str | None:
    cache = side.get("compile_cache")
    if not isinstance(cache, dict):
        return None if cache is None else str(cache)
    warm = cache.get("warm_before_run")
    if warm is None:
        return None
    if warm:
        return _("warm before the run (compile times are lower than a first compile)")
    return _("cold (compile times include code generation)")


def _harness(side: dict[str, Any]) -> str | None:
    harness = side.get("harness")
    if not isinstance(harness, dict):
        return None
    plan = harness.get("plan") or {}
    parts = []
    if plan.get("warmup_calls") is not None:
        warm = _("{calls} warm-up calls").format(calls=plan["warmup_calls"])
        if plan.get("warmup_s"):
            warm += _(" and at least {seconds} s").format(seconds=f"{plan['warmup_s']:g}")
        parts.append(warm)
    if plan.get("min_samples") is not None and plan.get("max_samples") is not None:
        parts.append(_("{low}-{high} timed runs").format(low=plan["min_samples"],
                                                          high=plan["max_samples"]))
    if plan.get("min_seconds") and parts:
        parts[-1] += _(" over at least {seconds} s").format(seconds=f"{plan['min_seconds']:g}")
    if plan.get("max_seconds") is not None:
        parts.append(_("at most {seconds} s per workload").format(
            seconds=f"{plan['max_seconds']:g}"))
    if isinstance(plan.get("rounds"), int) and plan["rounds"] > 1:
        parts.append(_("taken in {rounds} rounds, every workload a window a round").format(
            rounds=plan["rounds"]))
    if harness.get("target_rel_iqr") is not None:
        parts.append(_("stops once IQR/median is under {share}").format(
            share=f"{harness['target_rel_iqr']:.0%}"))
    if harness.get("noise_rel_iqr") is not None:
        parts.append(_("noisy above {share}").format(share=f"{harness['noise_rel_iqr']:.0%}"))
    if harness.get("gc"):
        parts.append(_("garbage collection {gc}").format(gc=scoring_sentence(str(harness["gc"]))))
    if harness.get("clock"):
        parts.append(scoring_sentence(str(harness["clock"])))
    return "; ".join(parts) or None


def _budget(side: dict[str, Any]) -> str | None:
    budget = side.get("budget")
    if not isinstance(budget, dict):
        return None if budget is None else str(budget)
    text = str(budget.get("name", "?"))
    if budget.get("modes"):
        text += f" ({', '.join(budget['modes'])})"
    if budget.get("spent_s") is not None:
        text += _(", {seconds} s spent").format(seconds=f"{budget['spent_s']:.1f}")
    return text


def _machine_load(side: dict[str, Any]) -> str | None:
    load = side.get("machine_load")
    if not isinstance(load, dict):
        return None
    parts = []
    start, end = load.get("loadavg_1min_start"), load.get("loadavg_1min_end")
    if start is not None and end is not None:
        parts.append(_("load average {start} to {end}").format(start=f"{start:g}", end=f"{end:g}"))
    if load.get("cpus_available") is not None:
        parts.append(_("on {cpus} CPUs").format(cpus=load["cpus_available"]))
    share = load.get("cpu_pressure_share")
    if share is not None:
        parts.append(_("tasks waited for a CPU {share} of the time").format(share=f"{share:.0%}"))
    return ", ".join(parts) or None


def _workload_ids(sides: list[dict[str, Any]], key: str) -> list[str]:
    """The workloads a per-workload setting names on either side, in recorded order."""
    ids: list[str] = []
    for side in sides:
        texts = side.get(key)
        if isinstance(texts, dict):
            ids.extend(w for w in texts if w not in ids)
    return ids


def _per_workload(side: dict[str, Any], key: str, workload: str) -> Any:
    texts = side.get(key)
    return texts.get(workload) if isinstance(texts, dict) else None


def _synchronisation(side: dict[str, Any]) -> Any:
    return side.get("synchronisation") or side.get("gpu_sync")


def _key(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda side: side.get(name)


# (label, reader, ledger keys it consumes). Order is reading order: what ran, on what, how.
_ROWS: tuple[tuple[str, Callable[[dict[str, Any]], Any], tuple[str, ...]], ...] = (
    (N_("Version"), _version, ("version", "keras")),
    (N_("Python"), _key("python"), ("python",)),
    (N_("Device"), _device, ("device", "device_name")),
    (N_("Visible devices"), _visible, ("visible_devices", "device_index")),
    (N_("Threads"), _threads, ("threads", "threads_requested", "cpus_available")),
    (N_("Thread variables set"), _thread_variables,
     ("thread_environment", "thread_environment_inherited")),
    (N_("oneDNN"), _onednn, ("onednn",)),
    (N_("Math libraries"), _math, ("mkl", "cpu_capability", "float32_matmul_precision")),
    (N_("TF32"), _tf32, ("tf32",)),
    (N_("CUDA"), _key("cuda"), ("cuda",)),
    (N_("cuDNN"), _key("cudnn"), ("cudnn",)),
    (N_("cuDNN autotuning"), _switch("cudnn_autotune"), ("cudnn_autotune",)),
    (N_("Data type"), _key("dtype"), ("dtype",)),
    (N_("Batch sizes"), _batch_sizes, ("batch_sizes",)),
    (N_("Compiled mode"), _key("compile_mode"), ("compile_mode",)),
    (N_("CUDA graphs"), _switch("cuda_graphs"), ("cuda_graphs",)),
    (N_("Compile-time autotuning"), _key("compile_autotune"), ("compile_autotune",)),
    (N_("Calls per sample"), _key("calls_per_sample"), ("calls_per_sample",)),
    (N_("Compile cache"), _compile_cache, ("compile_cache",)),
    (N_("Inference"), _key("inference"), ("inference",)),
    (N_("Synchronisation"), _synchronisation, ("synchronisation", "gpu_sync")),
    (N_("GPU memory growth"), _key("memory_growth"), ("memory_growth",)),
    (N_("Data layout"), _key("layout"), ("layout",)),
    (N_("Optimizer"), _key("optimizer"), ("optimizer",)),
    (N_("Training data"), _key("training_data"), ("training_data",)),
    (N_("Denormal numbers"), _key("denormals"), ("denormals",)),
    (N_("Transformer layer"), _key("transformer"), ("transformer",)),
    (N_("Timing harness"), _harness, ("harness",)),
    (N_("Budget"), _budget, ("budget",)),
    (N_("Machine load"), _machine_load, ("machine_load",)),
    (N_("Run order"), _key("run_order"), ("run_order",)),
    (N_("Benchmark suite"), _key("suite"), ("suite",)),
    (N_("bfloat16 units"), _key("bf16_units"), ("bf16_units",)),
    (N_("Peak memory of the process (bytes)"), _key("peak_rss_bytes_process"),
     ("peak_rss_bytes_process",)),
    (N_("Load before the run"), _key("contention_before"), ("contention_before",)),
    (N_("Thread variables inherited"), _key("thread_environment_inherited"),
     ("thread_environment_inherited",)),
    (N_("Notes"), lambda side: _plain(side["notes"]) if side.get("notes") else None, ("notes",)),
)
# Recorded for the JSON, not for the table: identity, timings per phase, workload texts (the
# workloads get rows of their own).
_NOT_SHOWN = {"framework", "phases", "workloads"}


def _label(key: str) -> str:
    words = key.replace("_", " ")
    return words[:1].upper() + words[1:]


def ledger_table(ledger: Any) -> dict[str, Any]:
    """{"columns": [...], "rows": [{"setting", "values"}], "note"}: a settings-by-framework table.

    Accepts the probes' ledger ({framework: {setting: value}}) and, from hand-written or older
    reports, a flat mapping or a list."""
    if isinstance(ledger, dict) and ledger and all(isinstance(v, dict) for v in ledger.values()):
        return _by_framework(ledger)
    if isinstance(ledger, dict) and ledger:
        return {"columns": [_("Value")], "note": "",
                "rows": [{"setting": _label(k), "values": [_plain(v)]} for k, v in ledger.items()]}
    if isinstance(ledger, list) and ledger:
        return {"columns": [_("Value")], "note": "",
                "rows": [{"setting": str(i + 1), "values": [_plain(v)]}
                         for i, v in enumerate(ledger)]}
    return {"columns": [], "rows": [], "note": ""}


def _by_framework(ledger: dict[str, dict[str, Any]]) -> dict[str, Any]:
    sides = list(ledger.values())
    rows: list[dict[str, Any]] = []

    def add(setting: str, values: list[Any]) -> None:
        if any(v is not None for v in values):
            rows.append({"setting": setting, "values": [_plain(v) for v in values]})

    consumed: set[str] = set(_NOT_SHOWN) | {"compile_scope"}
    for label, read, keys in _ROWS:
        consumed.update(keys)
        add(_(label), [read(side) for side in sides])
        if label == "Compiled mode":  # what each side compiled, workload by workload
            for workload in _workload_ids(sides, "compile_scope"):
                add(_("Compiles, {workload}").format(workload=workload),
                    [_per_workload(side, "compile_scope", workload) for side in sides])
    for side in sides:  # settings of a newer probe this table does not know by name
        for key in side:
            if key not in consumed:
                consumed.add(key)
                add(_label(key), [s.get(key) for s in sides])
    for workload in _workload_ids(sides, "workloads"):
        add(_("Workload {workload}").format(workload=workload),
            [_per_workload(side, "workloads", workload) for side in sides])
    dropped = any(key in side for side in sides for key in ("phases", "thread_environment"))
    return {"columns": [_(FRAMEWORK_LABELS[c]) if c in FRAMEWORK_LABELS else c for c in ledger],
            "rows": rows, "note": _(FULL_LEDGER_NOTE) if dropped else ""}
