"""How every number a reader sees is written, in one place, so prose and tables agree.

- scores, margins, ratings, rating deltas and contributions: 2 decimals (4.49, 0.16, 5.00);
- weights and weight deltas: 1 decimal, as in the weights table (5.0, +1.0);
- priorities: whole numbers on the 1-5 scale (a fraction keeps one decimal);
- shares and confidences: whole percentages (98%);
- speed ratios: 2 decimals (1.17x).

The JSON keeps its numbers at full (4-decimal) precision; only the words about them use these.
"""

from __future__ import annotations

SCORE_DIGITS = 2
WEIGHT_DIGITS = 1


def _fixed(value: float, digits: int) -> str:
    # Adding 0.0 turns a rounded -0.0 into 0.0, so "-0.00" is never printed.
    return f"{round(float(value), digits) + 0.0:.{digits}f}"


def score(value: float) -> str:
    """A score, margin, rating or contribution: 4.49, 0.16, 5.00."""
    return _fixed(value, SCORE_DIGITS)


def weight(value: float) -> str:
    """A criterion weight, as the weights table prints it: 5.0, 6.5."""
    return _fixed(value, WEIGHT_DIGITS)


def priority(value: float) -> str:
    """A priority on the 1-5 scale: 4 (a fractional one keeps one decimal: 2.4)."""
    rounded = round(float(value), WEIGHT_DIGITS)
    return str(int(rounded)) if rounded == int(rounded) else _fixed(rounded, WEIGHT_DIGITS)


def percent(share: float) -> str:
    """A share 0..1 as a whole percentage: 0.982 -> 98%."""
    return f"{float(share) * 100:.0f}%"


def ratio(value: float) -> str:
    """A speed ratio: 1.17 (the caller adds "x" where it reads as a factor). A value that two
    decimals would show as 1.00 without being 1 gets up to two more (0.998), so an interval's
    bound says on which side of 1 it lies: "1.00x to 1.36x" would read as excluding 1."""
    text = _fixed(value, SCORE_DIGITS)
    for digits in (SCORE_DIGITS + 1, SCORE_DIGITS + 2):
        if float(value) == 1.0 or text != _fixed(1.0, digits - 1):
            break
        text = _fixed(value, digits)
    return text


def signed_score(value: float) -> str:
    """A rating (or score) delta with its sign: +0.50, -1.00."""
    text = score(abs(value))
    return f"{'-' if value < 0 and text != score(0) else '+'}{text}"


def signed_weight(value: float) -> str:
    """A weight delta with its sign: +1.0, -2.0."""
    text = weight(abs(value))
    return f"{'-' if value < 0 and text != weight(0) else '+'}{text}"
