"""Pure: authenticity signals (核查, SPEC §8) and per-grid-month statistics from the event log.

A flag is evidence for the grid office, never a deduction. Thresholds come from `[audit]`.

Scope. An event counts for the month it was reported in; events reported outside `months`
are left out. A check-in is an event whose type is one of `checkin_types`, a dispute one of
`dispute_types` (types compared after NFKC folding, spaces ignored). Person names are taken
as written: two people with the same name are one person to the burst signal (the flag names
every grid involved, so the office can tell).

Boundaries, all inclusive, measured to the second:

- burst: `burst_count` or more dispute closures by one 办结人 whose last closure is at most
  `burst_minutes` after the first (closures at t and at t + 60 min are within 60 minutes).
  Overlapping qualifying windows are one episode and one flag: its events are every closure of
  the episode, its numbers the episode's span and the densest window in it. The flag's grid
  is the grid most of those events belong to; its month, the month of the first closure.
- rush: a grid-month with at least `rush_min_records` records other than check-ins, of which
  a share of at least `rush_share` (compared exactly) were reported within one window whose
  last report is at most `rush_hours` after its first. One flag per grid-month, for its
  densest window (the earliest, among equals); the person is the window's reporters, most
  records first.
- silent: a roster grid in a month with no records other than check-ins. A month without
  a single event in the whole street is taken as a month whose export is missing, not as a
  silent street: it is listed in `AuditResult.months_without_events` and not flagged.
- impossible: an event closed before it was reported (any type), or a dispute closed less
  than `min_resolution_minutes` after it was reported (exactly 5 minutes is fine; 0 turns this
  check off). One flag per grid, 办结人, month and reason.
- straight_line: a self-assessment rater sheet that gives every grid on it full marks on every
  base item (one grid is enough), or else, with two or more grids, the very same score on every
  base item to every grid (bonus and deduction cells record events, and may differ). Person = the rater (the sheet's name), grid empty, detail names the
  workbook.

Statistics per roster grid and month (SPEC §8; the figures the source document reports):

- records: records other than check-ins (信息采集, the source's "采集各类信息");
- events: records handled as events (上报事件): those with a 办结时间, and every dispute;
- closed: records with a 办结时间; closure_rate = closed / events;
- closed_in_grid: closed records whose 办结人 is the reporter or on the grid's roster (its
  grid leader or a grid member) — "resolved within the grid"; in_grid_rate = that / events;
- disputes, disputes_closed, and median_close_minutes: the median time from report to close
  of the closed disputes (those closed before reported left out), in minutes.

Rates are exact fractions rounded half-up to 4 places (0.9167), None where the denominator
is 0; medians are rounded half-up to 1 decimal place of a minute.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from gridscore.config import Audit
from gridscore.model import Event, Grid, Item, Kind, RaterSheet, show_time
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


def audit(
    events: list[Event],
    rater_sheets: list[RaterSheet],
    items: dict[str, Item],
    grids: dict[str, Grid],
    months: tuple[str, ...],
    rules: Audit,
) -> AuditResult:
    """Every flag and statistic of the months (e.g. a quarter's three); flags worst grid first.

    `events` may hold events of other months (they are left out); `rater_sheets` are the
    self-assessment sheets read for the same months; `items` the checklist (its base items are
    the ones a straight-line sheet gives full marks on).
    """
    kinds = _Kinds(rules)
    groups = grid_months(events, months)
    scoped = [e for rows in groups.values() for e in rows]
    active = {month for _, month in groups}
    flags = (
        burst(scoped, kinds, rules)
        + rush(groups, kinds, rules)
        + silent(groups, kinds, grids, tuple(m for m in months if m in active))
        + impossible(groups, kinds, rules)
        + straight_line([s for s in rater_sheets if s.month in months], items)
    )
    stats = statistics(groups, kinds, grids, months)
    totals = _totals(stats, scoped, kinds)
    totals["flags"] = len(flags)
    return AuditResult(order(flags), stats, totals, tuple(m for m in months if m not in active))


class _Kinds:
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


# --- signals -------------------------------------------------------------------------------


def densest(times: Sequence[dt.datetime], width: dt.timedelta) -> list[tuple[int, int]]:
    """For each start i of sorted times, (i, j): j the last index with times[j] - times[i] <= width."""
    spans = []
    j = 0
    for i, start in enumerate(times):
        j = max(j, i)
        while j + 1 < len(times) and times[j + 1] - start <= width:
            j += 1
        spans.append((i, j))
    return spans


def burst(events: list[Event], kinds: _Kinds, rules: Audit) -> list[Flag]:
    """One person closing burst_count or more disputes within burst_minutes."""
    by_person: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if e.closed is not None and kinds.dispute(e):
            by_person[e.closer].append(e)
    width = dt.timedelta(minutes=rules.burst_minutes)
    flags = []
    for person, closed in sorted(by_person.items()):
        closed.sort(key=lambda e: (e.closed, e.event_id))
        times = [e.closed for e in closed]
        qualifying = [(i, j) for i, j in densest(times, width) if j - i + 1 >= rules.burst_count]
        for first, last, best in _episodes(qualifying):
            flags.append(_burst_flag(person, closed[first : last + 1], closed[best[0] : best[1] + 1], rules))
    return flags


def _episodes(spans: list[tuple[int, int]]) -> list[tuple[int, int, tuple[int, int]]]:
    """Overlapping spans merged: (first, last, the widest span in it, the earliest among equals)."""
    merged: list[tuple[int, int, tuple[int, int]]] = []
    for i, j in spans:
        if merged and i <= merged[-1][1]:
            first, last, best = merged[-1]
            if j - i > best[1] - best[0]:
                best = (i, j)
            merged[-1] = (first, max(last, j), best)
        else:
            merged.append((i, j, (i, j)))
    return merged


def _burst_flag(person: str, episode: list[Event], window: list[Event], rules: Audit) -> Flag:
    grids = Counter(e.grid_id for e in episode)
    grid_id = min(grids, key=lambda g: (-grids[g], g))
    kinds = "、".join(sorted({e.kind for e in episode}))
    start, end = episode[0].closed, episode[-1].closed
    w_start, w_end = window[0].closed, window[-1].closed
    assert start and end and w_start and w_end
    detail = f"{_span(start, end)} 办结{kinds} {len(episode)} 起"
    if len(window) < len(episode):
        detail += f"，其中 {_span(w_start, w_end)} {_minutes(w_end - w_start)} 分钟内 {len(window)} 起"
    else:
        detail += f"，用时 {_minutes(end - start)} 分钟"
    detail += f"（阈值：{rules.burst_minutes} 分钟内 {rules.burst_count} 起）"
    if len(grids) > 1:
        detail += "；涉及网格 " + "、".join(sorted(grids))
    return Flag(
        "burst",
        grid_id,
        person,
        f"{start:%Y-%m}",
        detail,
        tuple(e.event_id for e in episode),
        {
            "count": str(len(episode)),
            "first": show_time(start),
            "last": show_time(end),
            "window_count": str(len(window)),
            "window_start": show_time(w_start),
            "window_end": show_time(w_end),
            "window_minutes": _minutes(w_end - w_start),
            "grids": "、".join(sorted(grids)),
        },
    )


def rush(groups: dict[tuple[str, str], list[Event]], kinds: _Kinds, rules: Audit) -> list[Flag]:
    """A grid-month whose records (check-ins aside) were mostly reported within rush_hours."""
    width = dt.timedelta(hours=rules.rush_hours)
    share = Fraction(rules.rush_share)
    flags = []
    for (grid_id, month), rows in sorted(groups.items()):
        records = [e for e in rows if not kinds.checkin(e)]
        if len(records) < rules.rush_min_records:
            continue
        times = [e.reported for e in records]
        i, j = min(densest(times, width), key=lambda span: (-(span[1] - span[0]), span[0]))
        count = j - i + 1
        if Fraction(count, len(records)) < share:
            continue
        window = records[i : j + 1]
        reporters = Counter(e.reporter for e in window)
        people = sorted(reporters, key=lambda p: (-reporters[p], p))
        detail = (
            f"{_span(times[i], times[j])} 上报 {count} 条，占本月 {len(records)} 条记录（打卡签到除外）的"
            f" {_percent(Fraction(count, len(records)))}（阈值：{rules.rush_hours} 小时内"
            f" {_percent(share)}）"
        )
        flags.append(
            Flag(
                "rush",
                grid_id,
                "、".join(people),
                month,
                detail,
                tuple(e.event_id for e in window),
                {
                    "count": str(count),
                    "records": str(len(records)),
                    "share": str(_round(Fraction(count, len(records)), 4)),
                    "window_start": show_time(times[i]),
                    "window_end": show_time(times[j]),
                    "window_hours": str(
                        _round(Fraction(int((times[j] - times[i]).total_seconds()), 3600), 2)
                    ),
                    "reporters": "、".join(f"{p} {reporters[p]}" for p in people),
                },
            )
        )
    return flags


def silent(
    groups: dict[tuple[str, str], list[Event]], kinds: _Kinds, grids: dict[str, Grid], months: tuple[str, ...]
) -> list[Flag]:
    """A roster grid-month with no records, or only check-ins."""
    flags = []
    for month in months:
        for grid_id in sorted(grids):
            rows = groups.get((grid_id, month), [])
            if any(not kinds.checkin(e) for e in rows):
                continue
            people = Counter(e.reporter for e in rows)
            if rows:
                detail = f"{month} 只有打卡签到 {len(rows)} 次（{_people(people)}），没有采集或上报任何信息"
            else:
                detail = f"{month} 平台上没有任何记录（连打卡签到也没有）"
            flags.append(
                Flag(
                    "silent",
                    grid_id,
                    "、".join(sorted(people, key=lambda p: (-people[p], p))),
                    month,
                    detail,
                    tuple(e.event_id for e in rows),
                    {"records": "0", "checkins": str(len(rows))},
                )
            )
    return flags


def impossible(groups: dict[tuple[str, str], list[Event]], kinds: _Kinds, rules: Audit) -> list[Flag]:
    """Closed before reported; a dispute closed under min_resolution_minutes after it was reported."""
    fastest = dt.timedelta(minutes=rules.min_resolution_minutes)
    cases: dict[tuple[str, str, str, str], list[Event]] = defaultdict(list)
    for (_, month), rows in groups.items():
        for e in rows:
            if e.closed is None:
                continue
            if e.closed < e.reported:
                reason = "closed_before_reported"
            elif kinds.dispute(e) and e.closed - e.reported < fastest:
                reason = "too_fast"
            else:
                continue
            cases[(e.grid_id, e.closer, month, reason)].append(e)
    flags = []
    for (grid_id, person, month, reason), rows in sorted(cases.items()):
        quoted = (
            "；".join(
                f"{e.event_id} 上报 {show_time(e.reported)}，办结 {show_time(e.closed)}"  # type: ignore[arg-type]
                for e in rows[:EXAMPLES]
            )
            + ("；……" if len(rows) > EXAMPLES else "")
        )
        gaps = [e.closed - e.reported for e in rows if e.closed is not None]
        if reason == "closed_before_reported":
            detail = f"{len(rows)} 起事件办结时间早于上报时间：{quoted}"
        else:
            detail = (
                f"{len(rows)} 起{'、'.join(sorted({e.kind for e in rows}))}上报后不到"
                f" {rules.min_resolution_minutes} 分钟即办结：{quoted}"
            )
        flags.append(
            Flag(
                "impossible",
                grid_id,
                person,
                month,
                detail,
                tuple(e.event_id for e in rows),
                {"reason": reason, "count": str(len(rows)), "shortest_minutes": _minutes(min(gaps))},
            )
        )
    return flags


def straight_line(sheets: list[RaterSheet], items: dict[str, Item]) -> list[Flag]:
    """A rater sheet with full marks everywhere, or the very same base-item scores for every
    grid (RaterSheet.from_scores decides which, when the sheet is read)."""
    base = [item for item in items.values() if item.kind is Kind.BASE]
    flags = []
    for sheet in sheets:
        if not sheet.straight:
            continue
        grid_ids = sorted(sheet.totals)
        where = f"{sheet.file} 中评分人“{sheet.rater}”的工作表"
        if sheet.straight == "full_marks":
            detail = f"{where}给全部 {len(grid_ids)} 个网格的 {len(base)} 项基础项都打了满分"
        else:
            detail = f"{where}给全部 {len(grid_ids)} 个网格的 {len(base)} 项基础项逐项打了完全相同的分"
        flags.append(
            Flag(
                "straight_line",
                "",
                sheet.rater,
                sheet.month,
                detail,
                (),
                {
                    "reason": sheet.straight,
                    "file": sheet.file,
                    "grids": "、".join(grid_ids),
                    "items": str(len(base)),
                },
            )
        )
    return flags


# --- statistics ----------------------------------------------------------------------------


def statistics(
    groups: dict[tuple[str, str], list[Event]], kinds: _Kinds, grids: dict[str, Grid], months: tuple[str, ...]
) -> list[GridMonthStats]:
    """One row per roster grid and month (zeros included), by grid id then month."""
    return [
        _stats(grids[g], month, groups.get((g, month), []), kinds) for g in sorted(grids) for month in months
    ]


def _stats(grid: Grid, month: str, rows: list[Event], kinds: _Kinds) -> GridMonthStats:
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
        _share(c["closed"], c["events"]),
        _share(c["closed_in_grid"], c["events"]),
        _median_minutes(rows, kinds),
    )


def _count(rows: list[Event], kinds: _Kinds, grids: dict[str, Grid]) -> Counter[str]:
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


def _totals(
    stats: list[GridMonthStats], events: list[Event], kinds: _Kinds
) -> dict[str, int | Decimal | None]:
    keys = ("records", "checkins", "events", "closed", "closed_in_grid", "disputes", "disputes_closed")
    totals: dict[str, int | Decimal | None] = {k: sum(getattr(s, k) for s in stats) for k in keys}
    totals["closure_rate"] = _share(int(totals["closed"] or 0), int(totals["events"] or 0))
    totals["in_grid_rate"] = _share(int(totals["closed_in_grid"] or 0), int(totals["events"] or 0))
    totals["median_close_minutes"] = _median_minutes(events, kinds)
    return totals


def _median_minutes(rows: list[Event], kinds: _Kinds) -> Decimal | None:
    seconds = sorted(
        int((e.closed - e.reported).total_seconds())
        for e in rows
        if e.closed is not None and e.closed >= e.reported and kinds.dispute(e)
    )
    if not seconds:
        return None
    mid = len(seconds) // 2
    middle = Fraction(seconds[mid]) if len(seconds) % 2 else Fraction(seconds[mid - 1] + seconds[mid], 2)
    return _round(middle / 60, 1)


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


def _round(value: Fraction, places: int) -> Decimal:
    """Half-up (四舍五入) to `places` decimals, exactly."""
    scale = 10**places
    magnitude = int(abs(value) * scale + Fraction(1, 2))
    result = (Decimal(magnitude) / scale).quantize(Decimal(1).scaleb(-places))
    return -result if value < 0 else result


def _share(part: int, whole: int) -> Decimal | None:
    return _round(Fraction(part, whole), 4) if whole else None


def _percent(value: Fraction) -> str:
    return f"{_round(value * 100, 1)}%"


def _minutes(delta: dt.timedelta) -> str:
    """A duration in minutes as text: 47, 47.5 (half-up to 1 place, trailing zero dropped)."""
    text = f"{_round(Fraction(int(delta.total_seconds()), 60), 1):f}"
    return text.removesuffix(".0")


def _span(start: dt.datetime, end: dt.datetime) -> str:
    """2020-07-03 14:05 至 14:52, the date said once when both fall on the same day."""
    if start.date() == end.date():
        return f"{show_time(start)} 至 {end:%H:%M}" + (f":{end:%S}" if end.second else "")
    return f"{show_time(start)} 至 {show_time(end)}"


def _people(counts: Counter[str]) -> str:
    return "、".join(f"{p} {n} 次" for p, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
