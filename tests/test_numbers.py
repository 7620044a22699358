"""advisor.numbers: one way to write each kind of number."""

from __future__ import annotations

import pytest

from advisor import numbers


@pytest.mark.parametrize(
    ("value", "score", "weight"),
    [(4.494, "4.49", "4.5"), (5, "5.00", "5.0"), (0.159, "0.16", "0.2"), (-0.001, "0.00", "0.0"),
     (6.46, "6.46", "6.5"), (2.6624, "2.66", "2.7")],
)
def test_scores_and_weights(value: float, score: str, weight: str) -> None:
    assert numbers.score(value) == score
    assert numbers.weight(value) == weight


def test_signed_deltas_never_print_minus_zero() -> None:
    assert numbers.signed_score(0.5) == "+0.50"
    assert numbers.signed_score(-0.25) == "-0.25"
    assert numbers.signed_score(-0.001) == "+0.00"
    assert numbers.signed_weight(-2) == "-2.0"
    assert numbers.signed_weight(1) == "+1.0"


def test_priorities_percentages_and_ratios() -> None:
    assert numbers.priority(4) == "4"
    assert numbers.priority(4.0) == "4"
    assert numbers.priority(2.44) == "2.4"
    assert numbers.percent(0.982) == "98%"
    assert numbers.percent(1) == "100%"
    assert numbers.ratio(1.1677) == "1.17"
