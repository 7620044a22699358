"""The seed suite: the models of the source article's A100 table, in each framework's own
implementation, untrained (no weights are downloaded), inference only.

`--suite seed` runs each model at batch 1 (latency, `<model>_latency`) and at a throughput batch
(`<model>_throughput`): the article's batch on a GPU, 1/32 of it (at least 2) on a CPU, where
the article's batches would take minutes a call. Each runs in float32 and, where the hardware
has bfloat16 units (AVX512-BF16 or AMX-BF16 on x86; see `bf16_units`), in bfloat16 as each
framework does mixed precision (torch.autocast; a Keras "mixed_bfloat16" policy). The models:

| id           | PyTorch                              | TensorFlow                               |
|--------------|--------------------------------------|------------------------------------------|
| resnet50     | torchvision.models.resnet50          | keras.applications.ResNet50              |
| efficientnet | torchvision.models.efficientnet_b0   | keras.applications.EfficientNetB0        |
| vit_b16      | torchvision.models.vit_b_16          | ViT-B/16 from keras layers (Keras has no |
|              |                                      | ViT application)                         |
| bert_base    | nn.TransformerEncoder, 12 x 768      | keras MultiHeadAttention stack, 12 x 768 |
| gpt2         | the same stack, causal, pre-norm, LM | the same, use_causal_mask, LM head       |
|              | head                                 |                                          |

EfficientNet is B0 at 224 px here (the article's B7 at 600 px is about 45 times the work).
Standard library only.
"""

from __future__ import annotations

from bench_workloads import Workload
from timing_harness import SamplingPlan

#: The article's table: model -> (batch on the A100, unit). Source in advisor.benchmarking.
ARTICLE_BATCH = {"resnet50": 128, "bert_base": 32, "gpt2": 16, "vit_b16": 64, "efficientnet": 32}
#: On a CPU the throughput batch is the article's divided by this (at least 2).
CPU_BATCH_DIVISOR = 32
SEQUENCE = 128  # tokens per sequence for BERT-Base and GPT-2
VOCAB = {"bert_base": 30522, "gpt2": 50257}
IMAGE = 224

_DESCRIPTIONS = {
    "resnet50": "ResNet-50, 224x224 RGB images, untrained (torchvision / keras.applications)",
    "efficientnet": "EfficientNet-B0, 224x224 RGB images, untrained (torchvision / "
                    "keras.applications); the article measured B7",
    "vit_b16": "ViT-B/16, 224x224 images, 12 layers x 768, 12 heads, MLP 3072, untrained",
    "bert_base": f"BERT-Base encoder, sequence {SEQUENCE}, 12 layers x 768, 12 heads, FF 3072, "
                 "GELU, post-norm, token + position embeddings, untrained",
    "gpt2": f"GPT-2 (124M) decoder, sequence {SEQUENCE}, 12 layers x 768, 12 heads, FF 3072, "
            "GELU, pre-norm, causal mask, LM head over 50257 tokens, untrained",
}
_UNITS = {"resnet50": "images/s", "efficientnet": "images/s", "vit_b16": "images/s",
          "bert_base": "sequences/s", "gpt2": "sequences/s"}


def throughput_batch(model: str, device: str) -> int:
    """The throughput batch: the article's on a GPU, scaled down on a CPU."""
    batch = ARTICLE_BATCH[model]
    return batch if device == "cuda" else max(2, batch // CPU_BATCH_DIVISOR)


def seed_workloads(device: str) -> dict[str, Workload]:
    """The seed suite's workloads on `device`: latency (batch 1) and throughput per model."""
    catalogue = {}
    for model in ARTICLE_BATCH:
        for kind, batch in (("latency", 1), ("throughput", throughput_batch(model, device))):
            catalogue[f"{model}_{kind}"] = Workload(
                f"{model}_{kind}", batch, _UNITS[model],
                description=f"{_DESCRIPTIONS[model]}; batch {batch}, inference")
    return catalogue


def model_of(workload: str) -> str:
    """The model id of a seed workload id ("resnet50_latency" -> "resnet50")."""
    return workload.rsplit("_", 1)[0]


#: Sampling of the seed suite: calls of 0.05-3 s on a CPU, so fewer and longer samples.
SEED_PLANS: dict[str, SamplingPlan] = {
    "quick": SamplingPlan(warmup_calls=1, min_samples=3, max_samples=10, max_seconds=1.0,
                          rounds=2),
    "standard": SamplingPlan(warmup_calls=2, min_samples=5, max_samples=200, max_seconds=6.0,
                             warmup_s=1.0, min_seconds=3.0, rounds=4),
    "thorough": SamplingPlan(warmup_calls=3, min_samples=10, max_samples=1000, max_seconds=20.0,
                             warmup_s=2.0, min_seconds=10.0, rounds=6),
}
#: Seconds for the seed workloads of one framework, after its import.
SEED_RUN_CAPS_S = {"quick": 100.0, "standard": 400.0, "thorough": 1500.0}


def bf16_units(cpuinfo: str = "/proc/cpuinfo") -> str | None:
    """The CPU's bfloat16 units ("amx_bf16", "avx512_bf16"), or None (then float32 only)."""
    try:
        with open(cpuinfo) as handle:
            for line in handle:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    for unit in ("amx_bf16", "avx512_bf16"):
                        if unit in flags:
                            return unit
                    return None
    except OSError:
        pass
    return None
