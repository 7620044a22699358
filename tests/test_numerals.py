"""advisor.numerals: one way to write each kind of number."""

from __future__ import annotations

import pytest

from advisor import numerals


@pytest.mark.parametrize(
    ("value", "score", "weight"),
    [(4.494, "4.49", "4.5"), (5, "5.00", "5.0"), (0.159, "0.16", "0.2"), (-0.001, "0.00", "0.0"),
     (6.46, "6.46", "6.5"), (2.6624, "2.66", "2.7")],
)
def test_scores_and_weights(value: float, score: str, weight: str) -> None:
    assert numerals.score(value) == score
    assert numerals.weight(value) == weight


def test_signed_deltas_never_print_minus_zero() -> None:
    assert numerals.signed_score(0.5) == "+0.50"
    assert numerals.signed_score(-0.25) == "-0.25"
    assert numerals.signed_score(-0.001) == "+0.00"
    assert numerals.signed_weight(-2) == "-2.0"
    assert numerals.signed_weight(1) == "+1.0"


def test_priorities_percentages_and_ratios() -> None:
    assert numerals.priority(4) == "4"
    assert numerals.priority(4.0) == "4"
    assert numerals.priority(2.44) == "2.4"
    assert numerals.percent(0.982) == "98%"
    assert numerals.percent(1) == "100%"
    assert numerals.ratio(1.1677) == "1.17"


def test_a_ratio_near_one_keeps_its_side_of_one() -> None:
    # "95% CI 1.00x to 1.36x" would read as an interval that excludes 1.
    assert numerals.ratio(0.998) == "0.998"
    assert numerals.ratio(1.0004) == "1.0004"
    assert numerals.ratio(1.0) == "1.00"
    assert numerals.ratio(1.17) == "1.17"
