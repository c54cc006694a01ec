"""A flag's evidence as data: the numbers, times, window and thresholds behind it, per signal.

Put into words (zh or en) by i18n.evidence_text from gridscore.messages.evidence; the audit
itself composes no sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from gridscore.model import Straight

__all__ = ["Burst", "Evidence", "Impossible", "Reason", "Rush", "Silent", "StraightLine"]


class Reason(StrEnum):
    """Why a closing time is impossible."""

    CLOSED_BEFORE_REPORTED = "closed_before_reported"
    TOO_FAST = "too_fast"


@dataclass(frozen=True)
class Burst:
    """`count` closures of `kinds` from `start` to `end`; the densest window in them."""

    kinds: tuple[str, ...]
    count: int
    start: dt.datetime
    end: dt.datetime
    window_count: int
    window_start: dt.datetime
    window_end: dt.datetime
    threshold_minutes: int
    threshold_count: int
    grids: tuple[str, ...]  # every grid of the closures, sorted


@dataclass(frozen=True)
class Rush:
    """`count` of the month's `records` (check-ins aside) reported from `start` to `end`."""

    start: dt.datetime
    end: dt.datetime
    count: int
    records: int
    threshold_hours: int
    threshold_share: Fraction


@dataclass(frozen=True)
class Silent:
    """A grid-month with `checkins` check-ins (by `people`, most first) and nothing else."""

    month: str
    checkins: int
    people: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Impossible:
    """`count` events closed impossibly; the first few quoted as (id, reported, closed)."""

    reason: Reason
    kinds: tuple[str, ...]
    count: int
    threshold_minutes: int
    examples: tuple[tuple[str, dt.datetime, dt.datetime], ...]


@dataclass(frozen=True)
class StraightLine:
    """A rater's sheet (in `file`) straight-lined over `grids` grids and `items` base items."""

    reason: Straight
    file: str
    rater: str
    grids: int
    items: int


Evidence = Burst | Rush | Silent | Impossible | StraightLine
