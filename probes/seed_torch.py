"""PyTorch builders of the seed suite (bench_seed.py): torchvision's own models, and BERT-Base
and GPT-2 shapes from torch.nn's transformer layers. Untrained: no weights are downloaded.

Imports torch (and torchvision, when a seed workload asks for it) and the standard library.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from typing import Any

from bench_seed import IMAGE, SEQUENCE, VOCAB, model_of
from bench_workloads import Step

#: The torchvision ops a CPU torch cannot load from a CUDA torchvision wheel's extension; they
#: are declared (without kernels) so `import torchvision` gets past its fake-tensor
#: registrations. The classification models use none of them.
_OPS = ("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor",
        "qnms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
_declared: list[Any] = []


def import_torchvision(torch: Any) -> tuple[Any, str | None]:
    """torchvision, and a note when its compiled ops did not load (declared without kernels)."""
    try:
        return importlib.import_module("torchvision"), None
    except RuntimeError as exc:
        if "torchvision::" not in str(exc):
            raise
    for name in [n for n in sys.modules if n == "torchvision" or n.startswith("torchvision.")]:
        del sys.modules[name]
    library = torch.library.Library("torchvision", "DEF")
    for schema in _OPS:
        library.define(schema)
    _declared.append(library)  # the declarations live as long as the library object
    note = ("torchvision's compiled ops (detection: nms, roi_align...) do not load with this "
            "torch build; the classification models do not use them")
    return importlib.import_module("torchvision"), note


def build_seed(torch: Any, workload: str, batch: int, dtype: str, device: str,
               notes: list[str], models: dict[str, Any]) -> Step:
    """One seed workload's inference step (inference_mode, eval, autocast for bfloat16);
    `models` keeps the models built so far, by model id."""
    model_id = model_of(workload)
    model = models.get(model_id)
    if model_id in ("resnet50", "efficientnet", "vit_b16"):
        torchvision, note = import_torchvision(torch)
        if note and note not in notes:
            notes.append(note)
        factory = {"resnet50": torchvision.models.resnet50,
                   "efficientnet": torchvision.models.efficientnet_b0,
                   "vit_b16": torchvision.models.vit_b_16}[model_id]
        model = model or factory(weights=None)
        inputs = torch.randn(batch, 3, IMAGE, IMAGE, device=device)
    elif model_id in ("bert_base", "gpt2"):
        model = model or _TextModel(torch, causal=model_id == "gpt2", vocab=VOCAB[model_id])
        inputs = torch.randint(0, VOCAB[model_id], (batch, SEQUENCE), device=device)
    else:
        raise ValueError(f"unknown seed workload {workload!r}")
    model = models[model_id] = model.to(device).eval()

    def step() -> object:
        with torch.inference_mode(), _precision(torch, dtype, device):
            return model(inputs)

    return step


def _precision(torch: Any, dtype: str, device: str) -> Any:
    if dtype == "bfloat16":
        return torch.autocast(device_type=device, dtype=torch.bfloat16)
    return contextlib.nullcontext()


def _TextModel(torch: Any, *, causal: bool, vocab: int) -> Any:
    """BERT-Base (post-norm encoder) or GPT-2 (pre-norm, causal, LM head), 12 x 768."""
    nn = torch.nn
    module: Any = nn.Module

    class TextModel(module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.tokens = nn.Embedding(vocab, 768)
            self.positions = nn.Embedding(SEQUENCE, 768)
            layer = nn.TransformerEncoderLayer(768, 12, 3072, dropout=0.1, activation="gelu",
                                               batch_first=True, norm_first=causal)
            self.layers = nn.TransformerEncoder(layer, 12, enable_nested_tensor=False)
            self.norm = nn.LayerNorm(768) if causal else nn.Identity()
            self.head = nn.Linear(768, vocab, bias=False) if causal else nn.Identity()
            self.causal = causal

        def forward(self, ids: Any) -> Any:
            positions = torch.arange(ids.shape[1], device=ids.device)
            x = self.tokens(ids) + self.positions(positions)
            mask = (nn.Transformer.generate_square_subsequent_mask(ids.shape[1], device=ids.device)
                    if self.causal else None)
            x = self.layers(x, mask=mask, is_causal=self.causal)
            return self.head(self.norm(x))

    return TextModel()
