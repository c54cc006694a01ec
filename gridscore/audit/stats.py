"""The events the audit counts, grouped by grid-month; per grid-month statistics and the street's totals."""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from gridscore.audit.flags import GridMonthStats, Kinds, share_of
from gridscore.model import EPOCH, EventLog, Grid
from gridscore.rounding import half_up

DAY = 86_400
# Each event's kind of record, as bits: a check-in, a dispute, closed, closed within the grid.
CHECKIN, DISPUTE, CLOSED, IN_GRID = 1, 2, 4, 8


@dataclass
class Scope:
    """The events of the months, as the signals and statistics read them: the log's columns,
    each event's bits (CHECKIN …), and each (grid, month reported)'s events as indexes into the
    columns, in reporting order (by time, then 事件编号)."""

    log: EventLog
    bits: list[int]
    groups: dict[tuple[str, str], list[int]]

    def events(self) -> list[int]:
        """Every event of the months, group by group."""
        return [i for rows in self.groups.values() for i in rows]

    def has(self, i: int, bit: int) -> bool:
        return bool(self.bits[i] & bit)


def scope(log: EventLog, months: tuple[str, ...], kinds: Kinds, grids: dict[str, Grid]) -> Scope:
    """The log's events reported in the months, grouped by grid and month reported."""
    names = {month: month for month in months}  # (year, month) text made once, not per day
    days = list(map(operator.floordiv, log.reported, itertools.repeat(DAY)))
    month_of: dict[int, str | None] = {}
    for day in set(days):
        date = EPOCH + dt.timedelta(days=day)
        month_of[day] = names.get(f"{date.year:04d}-{date.month:02d}")
    kind_bits = {
        kind: CHECKIN * is_checkin + DISPUTE * is_dispute
        for kind in set(log.kind)
        for is_checkin, is_dispute in [kinds.of(kind)]
    }
    bits = list(map(kind_bits.__getitem__, log.kind))
    staff = {g.grid_id: {g.leader, *g.members} for g in grids.values()}
    closer, reporter, grid_id = log.closer, log.reporter, log.grid_id
    for i in itertools.compress(itertools.count(), map(operator.is_not, log.closed, itertools.repeat(None))):
        closed_in_grid = closer[i] == reporter[i] or closer[i] in staff.get(grid_id[i], ())
        bits[i] |= CLOSED | IN_GRID if closed_in_grid else CLOSED
    groups: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(zip(grid_id, map(month_of.__getitem__, days), strict=True)):
        if key[1] is not None:
            groups.setdefault(key, []).append(i)
    for rows in groups.values():  # by time, then 事件编号: two stable sorts
        rows.sort(key=log.event_id.__getitem__)
        rows.sort(key=log.reported.__getitem__)
    return Scope(log, bits, groups)


# --- statistics ----------------------------------------------------------------------------


def statistics(scoped: Scope, grids: dict[str, Grid], months: tuple[str, ...]) -> list[GridMonthStats]:
    """One row per roster grid and month (zeros included), by grid id then month."""
    return [
        _stats(scoped, g, month, scoped.groups.get((g, month), [])) for g in sorted(grids) for month in months
    ]


def _stats(scoped: Scope, grid_id: str, month: str, rows: list[int]) -> GridMonthStats:
    c = _count(scoped, rows)
    by_type = Counter(map(scoped.log.kind.__getitem__, rows))
    return GridMonthStats(
        grid_id,
        month,
        dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
        c["records"],
        c["checkins"],
        c["events"],
        c["closed"],
        c["closed_in_grid"],
        c["disputes"],
        c["disputes_closed"],
        share_of(c["closed"], c["events"]),
        share_of(c["closed_in_grid"], c["events"]),
        _median_minutes(scoped, rows),
    )


def _count(scoped: Scope, rows: list[int]) -> dict[str, int]:
    """Check-ins, and of the other records: disputes, events (closed or a dispute), closed …"""
    c = dict.fromkeys(
        ("records", "checkins", "events", "closed", "closed_in_grid", "disputes", "disputes_closed"), 0
    )
    for bits, n in Counter(map(scoped.bits.__getitem__, rows)).items():
        if bits & CHECKIN:
            c["checkins"] += n
            continue
        c["records"] += n
        if bits & DISPUTE:
            c["disputes"] += n
        if bits & (CLOSED | DISPUTE):
            c["events"] += n
        if bits & CLOSED:
            c["closed"] += n
            c["disputes_closed"] += n if bits & DISPUTE else 0
            c["closed_in_grid"] += n if bits & IN_GRID else 0
    return c


def street_totals(stats: list[GridMonthStats], scoped: Scope) -> dict[str, int | Decimal | None]:
    keys = ("records", "checkins", "events", "closed", "closed_in_grid", "disputes", "disputes_closed")
    totals: dict[str, int | Decimal | None] = {k: sum(getattr(s, k) for s in stats) for k in keys}
    totals["closure_rate"] = share_of(int(totals["closed"] or 0), int(totals["events"] or 0))
    totals["in_grid_rate"] = share_of(int(totals["closed_in_grid"] or 0), int(totals["events"] or 0))
    totals["median_close_minutes"] = _median_minutes(scoped, scoped.events())
    return totals


def _median_minutes(scoped: Scope, rows: list[int]) -> Decimal | None:
    """The median time from report to close of the closed disputes (closed before reported left out)."""
    reported, closed, bits = scoped.log.reported, scoped.log.closed, scoped.bits
    seconds = sorted(
        gap
        for i in rows
        if bits[i] & CLOSED and bits[i] & DISPUTE and (gap := closed[i] - reported[i]) >= 0  # type: ignore[operator]
    )
    if not seconds:
        return None
    mid = len(seconds) // 2
    middle = Fraction(seconds[mid]) if len(seconds) % 2 else Fraction(seconds[mid - 1] + seconds[mid], 2)
    return half_up(middle / 60, 1)
