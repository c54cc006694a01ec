"""Per grid-month statistics of the event log and the street's totals."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from gridscore.audit.flags import GridMonthStats, Kinds, share_of
from gridscore.model import Event, Grid
from gridscore.rounding import half_up

# --- statistics ----------------------------------------------------------------------------


def statistics(
    groups: dict[tuple[str, str], list[Event]], kinds: Kinds, grids: dict[str, Grid], months: tuple[str, ...]
) -> list[GridMonthStats]:
    """One row per roster grid and month (zeros included), by grid id then month."""
    return [
        _stats(grids[g], month, groups.get((g, month), []), kinds) for g in sorted(grids) for month in months
    ]


def _stats(grid: Grid, month: str, rows: list[Event], kinds: Kinds) -> GridMonthStats:
    c = _count(rows, kinds, {grid.grid_id: grid})
    return GridMonthStats(
        grid.grid_id,
        month,
        dict(sorted(Counter(e.kind for e in rows).items(), key=lambda kv: (-kv[1], kv[0]))),
        c["records"],
        c["checkins"],
        c["events"],
        c["closed"],
        c["closed_in_grid"],
        c["disputes"],
        c["disputes_closed"],
        share_of(c["closed"], c["events"]),
        share_of(c["closed_in_grid"], c["events"]),
        _median_minutes(rows, kinds),
    )


def _count(rows: list[Event], kinds: Kinds, grids: dict[str, Grid]) -> Counter[str]:
    c: Counter[str] = Counter()
    for e in rows:
        if kinds.checkin(e):
            c["checkins"] += 1
            continue
        c["records"] += 1
        dispute = kinds.dispute(e)
        c["disputes"] += dispute
        if e.closed is not None or dispute:
            c["events"] += 1
        if e.closed is not None:
            c["closed"] += 1
            c["disputes_closed"] += dispute
            grid = grids.get(e.grid_id)
            staff = {grid.leader, *grid.members} if grid else set()
            c["closed_in_grid"] += e.closer == e.reporter or e.closer in staff
    return c


def street_totals(
    stats: list[GridMonthStats], events: list[Event], kinds: Kinds
) -> dict[str, int | Decimal | None]:
    keys = ("records", "checkins", "events", "closed", "closed_in_grid", "disputes", "disputes_closed")
    totals: dict[str, int | Decimal | None] = {k: sum(getattr(s, k) for s in stats) for k in keys}
    totals["closure_rate"] = share_of(int(totals["closed"] or 0), int(totals["events"] or 0))
    totals["in_grid_rate"] = share_of(int(totals["closed_in_grid"] or 0), int(totals["events"] or 0))
    totals["median_close_minutes"] = _median_minutes(events, kinds)
    return totals


def _median_minutes(rows: list[Event], kinds: Kinds) -> Decimal | None:
    seconds = sorted(
        int((e.closed - e.reported).total_seconds())
        for e in rows
        if e.closed is not None and e.closed >= e.reported and kinds.dispute(e)
    )
    if not seconds:
        return None
    mid = len(seconds) // 2
    middle = Fraction(seconds[mid]) if len(seconds) % 2 else Fraction(seconds[mid - 1] + seconds[mid], 2)
    return half_up(middle / 60, 1)


# --- helpers -------------------------------------------------------------------------------


def grid_months(events: Iterable[Event], months: tuple[str, ...]) -> dict[tuple[str, str], list[Event]]:
    """The events of the months by (grid, month reported), each group in reporting order."""
    names = {month: month for month in months}  # (year, month) text made once, not per event
    keys: dict[tuple[int, int], str | None] = {}
    groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for e in events:
        ym = (e.reported.year, e.reported.month)
        if ym not in keys:
            keys[ym] = names.get(f"{ym[0]:04d}-{ym[1]:02d}")
        if (month := keys[ym]) is not None:
            groups[(e.grid_id, month)].append(e)
    for rows in groups.values():
        rows.sort(key=lambda e: (e.reported, e.event_id))
    return dict(groups)
