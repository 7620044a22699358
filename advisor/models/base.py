"""The base of the boundary files' models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ForwardCompatible(BaseModel):
    """Frozen, and keeps the keys it does not know: a file written by a newer probe or advisor
    passes through an older advisor unchanged (docs/contract.md)."""

    model_config = ConfigDict(frozen=True, extra="allow")
