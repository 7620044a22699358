"""The source article's published A100 inference table, beside the ratios measured here.

The article (a June 2025 PyTorch-vs-TensorFlow comparison; /work/shared/seeds/000 and 001, the
same article) lists throughput on an NVIDIA A100, PyTorch 2.0 vs TensorFlow 2.15. The seed
suite (`advisor probe --suite seed`) runs the same models in each framework's own
implementation; `published_comparison` puts each published row next to the measured
throughput-batch ratio of the same model, with why the two may differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.models.probe_report import BenchmarkVerdict

SOURCE = {
    "title": "PyTorch vs TensorFlow 2025年最新比較 - AI開発者のための完全ガイド (Daily Hack), "
             "section ベンチマーク結果: NVIDIA A100 GPU での推論速度比較",
    "date": "2025-06",
    "url": "https://dailyhack.dev/blog/pytorch-tensorflow-comparison-2025",
    "device": "NVIDIA A100",
    "versions": {"pytorch": "2.0", "tensorflow": "2.15"},
    "precision": "not stated",
}

#: (model id of the seed suite or None, label, batch, PyTorch, TensorFlow, unit)
ROWS: tuple[tuple[str | None, str, int, float, float, str], ...] = (
    ("resnet50", "ResNet-50", 128, 312.0, 298.0, "img/s"),
    ("bert_base", "BERT-Base", 32, 215.0, 189.0, "seq/s"),
    ("gpt2", "GPT-2", 16, 142.0, 168.0, "seq/s"),
    ("vit_b16", "ViT-B/16", 64, 187.0, 173.0, "img/s"),
    ("efficientnet", "EfficientNet-B7", 32, 89.0, 102.0, "img/s"),
    (None, "Stable Diffusion", 1, 2.3, 1.8, "img/s"),
)

WHY_DIFFERENT = (
    "The published figures are from an A100 GPU with PyTorch 2.0 and TensorFlow 2.15 at the "
    "article's batch sizes (precision not stated); the measured ones come from this machine's "
    "device and framework versions, at a batch scaled to the device (on a CPU 1/32 of the "
    "article's), and EfficientNet is B0 on a CPU where the article ran B7."
)


def published_comparison(verdicts: Sequence[BenchmarkVerdict],
                         device: str | None = None) -> dict[str, Any]:
    """The published table with, per model, the measured throughput-batch ratio (TF time /
    PyTorch time, above 1 PyTorch faster) in each precision measured, or None when not run."""
    measured: dict[str, dict[str, dict[str, Any]]] = {}
    for verdict in verdicts:
        if verdict.mode != "eager" or not verdict.workload.endswith("_throughput"):
            continue
        model = verdict.workload.rsplit("_", 1)[0]
        dtype = verdict.dtype
        measured.setdefault(model, {})[dtype] = {
            "ratio": verdict.ratio, "ci_low": verdict.ci_low, "ci_high": verdict.ci_high,
            "verdict": verdict.verdict, "batch_size": verdict.batch_size,
            "device": verdict.device}
    rows = []
    for model_id, label, batch, torch_rate, tf_rate, unit in ROWS:
        rows.append({
            "model": label, "workload": f"{model_id}_throughput" if model_id else None,
            "batch_size": batch, "pytorch": torch_rate, "tensorflow": tf_rate, "unit": unit,
            # Throughputs: PyTorch's over TensorFlow's is TF time over PyTorch time.
            "published_ratio": round(torch_rate / tf_rate, 4),
            "measured": measured.get(model_id or "", {}) or None,
        })
    return {"source": SOURCE, "meaning": "ratio = TensorFlow time / PyTorch time (published: "
            "PyTorch throughput / TensorFlow throughput); above 1 PyTorch is faster",
            "rows": rows, "why_different": WHY_DIFFERENT, "measured_device": device}
