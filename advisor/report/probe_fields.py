"""Reading a probe report tolerantly: a key may be a field (newer models) or an extra (older)."""

from __future__ import annotations

from typing import Any


def get_field(item: Any, key: str, default: Any = None) -> Any:
    if isinstance(item, dict):
        return item.get(key, default)
    return getattr(item, key, default)


def extra_field(model: Any, key: str) -> Any:
    """A key a newer probe report may carry as a field or (older models) as an extra key."""
    value = getattr(model, key, None)
    if value is not None and not callable(value):
        return value
    extra = getattr(model, "model_extra", None) or {}
    return extra.get(key)


# The build facts a reviewer weighs, in reading order, by the names the framework probes use
# (torch: cuda, cudnn, hip, cpu_capability, onednn_version, blas; TensorFlow:
