"""Optional cross-check of the weighted sum with other MCDM methods (pymcdm, when installed).

TOPSIS and SPOTIS run on the same fixed-scale matrix: SPOTIS takes the scale bounds directly;
TOPSIS normalises on the fixed scale and gets two reference rows (every rating at the scale's
minimum and maximum) so that its ideal and anti-ideal points are the scale's ends, never the two
options (with two options a plain min-max turns every criterion into 0 or 1). The result says
whether the methods agree with the weighted sum on the winner. Without pymcdm the block says it
was not run.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray


@cache
def pymcdm_available() -> bool:
    """True when pymcdm can be imported (it is an optional extra, never required)."""
    return importlib.util.find_spec("pymcdm") is not None


def cross_check(
    options: list[str],
    ratings: NDArray[np.float64],
    weights: NDArray[np.float64],
    scale: tuple[float, float],
    winner: str,
) -> dict[str, Any]:
    """Winners of TOPSIS and SPOTIS over `options` (ratings: options x criteria)."""
    if not pymcdm_available():
        return {
            "available": False,
            "text": "not run: pymcdm is not installed (pip install pymcdm)",
        }
    from pymcdm.methods import SPOTIS, TOPSIS

    active = weights > 0
    matrix = ratings[:, active]
    normalised = weights[active] / weights[active].sum()
    types = np.ones(matrix.shape[1])
    low, high = scale
    bounds = np.tile([low, high], (matrix.shape[1], 1)).astype(float)
    anchored = np.vstack([matrix, np.full(matrix.shape[1], low), np.full(matrix.shape[1], high)])
    span = high - low

    def fixed_scale(column: NDArray[np.float64], cost: bool) -> NDArray[np.float64]:
        # Same as pymcdm's min-max on the anchored column (its min and max are the scale's
        # ends), without the per-column reductions.
        return (high - column) / span if cost else (column - low) / span

    topsis_method = TOPSIS(normalization_function=fixed_scale)
    topsis = topsis_method(anchored, normalised, types, validation=False)[: len(options)]
    spotis = SPOTIS(bounds)(matrix, normalised, types, validation=False)  # lower is better
    methods = {
        "topsis": _result(options, topsis, higher_is_better=True),
        "spotis": _result(options, spotis, higher_is_better=False),
    }
    agree = all(m["winner"] == winner for m in methods.values())
    disagreeing = [name.upper() for name, m in methods.items() if m["winner"] != winner]
    text = (
        "TOPSIS and SPOTIS agree with the weighted sum"
        if agree
        else f"{', '.join(disagreeing)} disagree with the weighted sum: weigh the margin with care"
    )
    return {"available": True, "agree": agree, "methods": methods, "text": text}


def _result(options: list[str], values: NDArray[np.float64], *, higher_is_better: bool) -> dict[
    str, Any
]:
    scores = {o: round(float(v), 4) for o, v in zip(options, values, strict=True)}
    key = (lambda o: -scores[o]) if higher_is_better else (lambda o: scores[o])
    return {
        "scores": scores,
        "winner": min(options, key=key),
        "better": "higher" if higher_is_better else "lower",
    }
