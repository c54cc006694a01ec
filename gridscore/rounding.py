"""Rounding, in one place: half-up (四舍五入) at a number of decimals and exact means, never round()."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def half_up(value: Decimal | Fraction | int, places: int) -> Decimal:
    """Round half away from zero at `places` decimals, exactly (84.125 -> 84.13)."""
    if isinstance(value, Decimal):
        return value.quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)
    return _ratio_half_up(*Fraction(value).as_integer_ratio(), places)


def _ratio_half_up(numerator: int, denominator: int, places: int) -> Decimal:
    """numerator / denominator rounded half away from zero, in integers only."""
    scaled, sign = abs(numerator) * 10**places, -1 if numerator < 0 else 1
    whole = (2 * scaled + denominator) // (2 * denominator)  # floor(x + 1/2) for x >= 0
    return Decimal(sign * whole).scaleb(-places)


_QUANTUM = {places: Decimal(1).scaleb(-places) for places in range(0, 11)}


def mean(values: Sequence[Decimal], places: int) -> Decimal:
    """The exact mean, rounded half up (a mean of thirds is never cut short first)."""
    numerator, denominator = sum(values, Decimal(0)).as_integer_ratio()
    return _ratio_half_up(numerator, denominator * len(values), places)


def fraction_half_up(value: Fraction, places: int) -> Decimal:
    """Half-up (四舍五入) to `places` decimals, exactly; zero keeps its places (0.0000, where
    half_up gives 0E-4), which the audit's JSON shows. The audit's rounding until the two are one."""
    scale = 10**places
    magnitude = int(abs(value) * scale + Fraction(1, 2))
    result = (Decimal(magnitude) / scale).quantize(Decimal(1).scaleb(-places))
    return -result if value < 0 else result
