"""What the audit finds: flags (their evidence as data), per grid-month statistics, the result."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from gridscore.audit.evidence import Evidence
from gridscore.config import Audit
from gridscore.rounding import fixed, half_up
from gridscore.tables import fold


class Signal(StrEnum):
    """The audit's signals, in the order reports list them."""

    BURST = "burst"
    RUSH = "rush"
    SILENT = "silent"
    IMPOSSIBLE = "impossible"
    STRAIGHT_LINE = "straight_line"


SIGNALS = tuple(Signal)
EXAMPLES = 3  # events quoted in the evidence; every event id is in Flag.events


@dataclass(frozen=True)
class Flag:
    """One finding: what, where, who, when, and the evidence behind it."""

    signal: Signal
    grid_id: str  # empty for straight_line
    person: str
    month: str  # 2020-07
    evidence: Evidence  # the window and the numbers that triggered it (i18n.evidence_text words it)
    events: tuple[str, ...]  # the event ids behind it
    numbers: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class GridMonthStats:
    grid_id: str
    month: str
    records_by_type: dict[str, int]  # every type, check-ins included
    records: int  # check-ins aside
    checkins: int
    events: int
    closed: int
    closed_in_grid: int
    disputes: int
    disputes_closed: int
    closure_rate: Decimal | None
    in_grid_rate: Decimal | None
    median_close_minutes: Decimal | None


@dataclass
class AuditResult:
    flags: list[Flag]
    stats: list[GridMonthStats]
    # Street totals over the months: records, checkins, events, closed, closed_in_grid,
    # disputes, disputes_closed (int); closure_rate, in_grid_rate, median_close_minutes
    # (Decimal or None); flags (int).
    totals: dict[str, int | Decimal | None]
    months_without_events: tuple[str, ...] = ()


class Kinds:
    """Which event types are check-ins and disputes, compared after folding (memoized: a log
    holds a handful of types and hundreds of thousands of events)."""

    def __init__(self, rules: Audit) -> None:
        self.checkins = {fold(k) for k in rules.checkin_types}
        self.disputes = {fold(k) for k in rules.dispute_types}
        self.memo: dict[str, tuple[bool, bool]] = {}

    def of(self, kind: str) -> tuple[bool, bool]:
        """Whether a type is a check-in's, and whether a dispute's."""
        if kind not in self.memo:
            folded = fold(kind)
            self.memo[kind] = (folded in self.checkins, folded in self.disputes)
        return self.memo[kind]


def order(flags: Iterable[Flag]) -> list[Flag]:
    """Worst grids first (most flags), then by grid, month and signal; straight_line last."""
    flags = list(flags)
    per_grid = Counter(f.grid_id for f in flags)
    return sorted(
        flags,
        key=lambda f: (
            f.grid_id == "",
            -per_grid[f.grid_id],
            f.grid_id,
            f.month,
            SIGNALS.index(f.signal),
            f.person,
            f.events,
        ),
    )


def share_of(part: int, whole: int) -> Decimal | None:
    return half_up(Fraction(part, whole), 4) if whole else None


def minutes_text(delta: dt.timedelta) -> str:
    """A duration in minutes as text: 47, 47.5 (half-up to 1 place, trailing zero dropped)."""
    return fixed(Fraction(int(delta.total_seconds()), 60), 1).removesuffix(".0")
