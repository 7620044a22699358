"""Two pieces of benchmark evidence beside the verdict table: the source article's published A100
table next to the ratios measured here, and the hybrid bridge (PyTorch -> ONNX -> ONNX Runtime,
LiteRT where installed) as measured on this machine.

Both read the typed probe report (`benchmark_summary.published_comparison`, `hybrid_bridge`) and
return plain data; the templates word it, so every sentence is in the message catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.benchmarking.published import SOURCE as PUBLISHED_SOURCE
from advisor.i18n import N_, _
from advisor.models import BenchmarkSummary, BridgeRun
from advisor.models.probe_report import BridgeConversion

#: Precisions in the order the tables show them.
DTYPE_ORDER = ("float32", "bfloat16", "float16")
#: The article's title as the report's language gives it: in English described in English, as
#: the decision model gives its Japanese sources (the title as published would also put a CJK
#: font in every English PDF for 33 characters); the Japanese report gives it as published.
PUBLISHED_TITLE = N_("PyTorch vs TensorFlow 2025, the latest comparison: a complete guide for AI"
                     " developers (Daily Hack, Japanese article), section Benchmark results:"
                     " inference speed on an NVIDIA A100 GPU")
#: The bridge workloads as the report names them.
BRIDGE_MODELS = {"mlp_inference": "MLP", "cnn_inference": "CNN"}


def published_context(summary: BenchmarkSummary | None) -> dict[str, Any] | None:
    """The published table with the measured ratio per precision, or None when the probe report
    has no comparison (older probes, or no eager float32 summary)."""
    comparison = summary.published_comparison if summary is not None else None
    if comparison is None:
        return None
    rows: list[dict[str, Any]] = []
    dtypes: set[str] = set()
    for row in comparison.rows:
        cells = {}
        for dtype, value in (row.measured or {}).items():
            if value.ratio > 0:
                dtypes.add(dtype)
                cells[dtype] = value.model_dump()
        rows.append({"model": row.model, "batch_size": row.batch_size, "unit": row.unit,
                     "pytorch": row.pytorch, "tensorflow": row.tensorflow,
                     "published_ratio": row.published_ratio, "measured": cells})
    source = comparison.source
    return {
        "rows": rows,
        "dtypes": [d for d in DTYPE_ORDER if d in dtypes] + sorted(dtypes - set(DTYPE_ORDER)),
        "measured_any": bool(dtypes),
        "title": _(PUBLISHED_TITLE) if source.title == PUBLISHED_SOURCE["title"] else source.title,
        "date": source.date,
        "url": source.url,
        "device": source.device or "a GPU",
        "pytorch_version": source.versions.get("pytorch", "?"),
        "tensorflow_version": source.versions.get("tensorflow", "?"),
        # Which device measured "here", for the why-they-differ line.
        "measured_device": " and ".join(summary.device_names.values())
        if summary is not None and summary.device_names else "this machine",
        # The seed suite runs EfficientNet-B0 on a CPU (probes/bench_seed.py), the article B7.
        "efficientnet_b0": any(r["model"].startswith("EfficientNet") and r["measured"]
                               for r in rows) and summary is not None
        and summary.devices == ["cpu"],
    }


def bridge_context(bridge: Mapping[str, BridgeRun] | None) -> dict[str, Any]:
    """What the bridge probe measured: per model, converted or not, the largest output difference
    and ONNX Runtime's speed against PyTorch eager; and LiteRT's, or why it was not measured."""
    run = (bridge or {}).get("onnx")
    if run is None or not run.workloads:
        return {"measured": False, "rows": []}
    rows: list[dict[str, Any]] = []
    litert: list[tuple[str, BridgeConversion]] = []
    for workload, routes in run.workloads.items():
        model = BRIDGE_MODELS.get(workload, workload)
        onnx = routes.get("onnx")
        if onnx is not None:
            rows.append({"model": model, "converted": onnx.converted,
                         "max_abs_diff": onnx.max_abs_diff, "speedup": onnx.onnxruntime_speedup,
                         "error": onnx.error or ""})
        if "litert" in routes:
            litert.append((model, routes["litert"]))
    diffs = [r["max_abs_diff"] for r in rows if r["max_abs_diff"] is not None]
    speeds = [r["speedup"] for r in rows if r["speedup"] is not None]
    return {
        "measured": bool(rows),
        "rows": rows,
        "converted": [r["model"] for r in rows if r["converted"]],
        "failed": [r for r in rows if not r["converted"]],
        "all_converted": all(r["converted"] for r in rows),
        "max_abs_diff": max(diffs) if diffs else None,
        "speed_low": min(speeds) if speeds else None,
        "speed_high": max(speeds) if speeds else None,
        # Timings taken while other processes competed for the CPUs are indicative only.
        "busy": bool((run.contention_before or {}).get("busy")),
        "litert": _litert(litert),
    }


def _litert(records: list[tuple[str, BridgeConversion]]) -> dict[str, Any]:
    """LiteRT measured (converted models, largest difference, speed) or why it was not."""
    if records and all(record.converted for _model, record in records):
        diffs = [r.max_abs_diff for _model, r in records if r.max_abs_diff is not None]
        speeds = [r.litert_speedup for _model, r in records if r.litert_speedup is not None]
        return {"measured": True, "models": [model for model, _record in records],
                "max_abs_diff": max(diffs) if diffs else None,
                "speed_low": min(speeds) if speeds else None,
                "speed_high": max(speeds) if speeds else None}
    if records and all(r.available is False for _model, r in records):
        # The probe's usual reason, in the report's language (the probe writes English).
        return {"measured": False, "failed": [],
                "reason": _("litert-torch is not installed in the probed interpreter")}
    reasons = [r.reason or r.error or "" for _model, r in records if not r.converted]
    return {"measured": False,
            "reason": next((r for r in reasons if r), _("the bridge probe did not try it")),
            "failed": [model for model, r in records if r.available and not r.converted]}
