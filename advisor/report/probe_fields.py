"""Reading the benchmark fields of a probe report that are not typed yet (a key may be a field
or an extra key); every other part of the report is typed in advisor.models.probe_report."""

from __future__ import annotations

from typing import Any


def extra_field(model: Any, key: str) -> Any:
    """A key the probe report carries as a field or as an extra key."""
    value = getattr(model, key, None)
    if value is not None and not callable(value):
        return value
    extra = getattr(model, "model_extra", None) or {}
    return extra.get(key)
