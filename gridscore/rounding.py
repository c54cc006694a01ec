"""Rounding, in one place: half-up (四舍五入) at a number of decimals, exact means, percentages
and their text; never round() (half to even) and never a format spec's rounding (:.1f)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def half_up(value: Decimal | Fraction | int, places: int) -> Decimal:
    """Round half away from zero at `places` decimals, exactly (84.125 -> 84.13); zero keeps its
    places (0.0000, which the audit's JSON shows)."""
    if isinstance(value, Decimal):
        return value.quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)
    return _ratio_half_up(*Fraction(value).as_integer_ratio(), places)


def _ratio_half_up(numerator: int, denominator: int, places: int) -> Decimal:
    """numerator / denominator rounded half away from zero, in integers only."""
    scaled, sign = abs(numerator) * 10**places, -1 if numerator < 0 else 1
    whole = (2 * scaled + denominator) // (2 * denominator)  # floor(x + 1/2) for x >= 0
    return Decimal(sign * whole).scaleb(-places).quantize(_QUANTUM[places])


_QUANTUM = {places: Decimal(1).scaleb(-places) for places in range(0, 11)}


def mean(values: Sequence[Decimal], places: int) -> Decimal:
    """The exact mean, rounded half up (a mean of thirds is never cut short first)."""
    numerator, denominator = sum(values, Decimal(0)).as_integer_ratio()
    return _ratio_half_up(numerator, denominator * len(values), places)


def fixed(value: Decimal | Fraction | int, places: int) -> str:
    """Half-up at `places` decimals as text, never in exponent form: 84.13, 0.00."""
    return f"{half_up(value, places):f}"


def percent(rate: Decimal | Fraction, places: int) -> str:
    """A rate as a percentage, rounded once, half-up: 0.8225 -> 82.3% at 1 place."""
    return f"{fixed(rate * 100, places)}%"
