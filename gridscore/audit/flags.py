"""What the audit finds: flags, per grid-month statistics, the result; and how evidence is worded."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from gridscore.config import Audit
from gridscore.model import Event, show_time
from gridscore.rounding import fraction_half_up
from gridscore.tables import fold

SIGNALS = ("burst", "rush", "silent", "impossible", "straight_line")
EXAMPLES = 3  # events quoted in a detail; every event id is in Flag.events


@dataclass(frozen=True)
class Flag:
    """One finding: what, where, who, when, and the evidence behind it."""

    signal: str  # one of SIGNALS
    grid_id: str  # empty for straight_line
    person: str
    month: str  # 2020-07
    detail: str  # Chinese: the window and the numbers that triggered it
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

    def _of(self, kind: str) -> tuple[bool, bool]:
        if kind not in self.memo:
            folded = fold(kind)
            self.memo[kind] = (folded in self.checkins, folded in self.disputes)
        return self.memo[kind]

    def checkin(self, event: Event) -> bool:
        return self._of(event.kind)[0]

    def dispute(self, event: Event) -> bool:
        return self._of(event.kind)[1]


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
    return fraction_half_up(Fraction(part, whole), 4) if whole else None


def percent_text(value: Fraction) -> str:
    return f"{fraction_half_up(value * 100, 1)}%"


def minutes_text(delta: dt.timedelta) -> str:
    """A duration in minutes as text: 47, 47.5 (half-up to 1 place, trailing zero dropped)."""
    text = f"{fraction_half_up(Fraction(int(delta.total_seconds()), 60), 1):f}"
    return text.removesuffix(".0")


def span_text(start: dt.datetime, end: dt.datetime) -> str:
    """2020-07-03 14:05 至 14:52, the date said once when both fall on the same day."""
    if start.date() == end.date():
        return f"{show_time(start)} 至 {end:%H:%M}" + (f":{end:%S}" if end.second else "")
    return f"{show_time(start)} 至 {show_time(end)}"


def people_text(counts: Counter[str]) -> str:
    return "、".join(f"{p} {n} 次" for p, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
