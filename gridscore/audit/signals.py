"""The audit's signals, each a list of flags: burst, rush, silent, impossible, straight_line."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from fractions import Fraction

from gridscore.audit.evidence import Burst, Impossible, Reason, Rush, Silent, StraightLine
from gridscore.audit.flags import EXAMPLES, Flag, Kinds, Signal, minutes_text
from gridscore.config import Audit
from gridscore.model import Event, Grid, Item, Kind, RaterSheet, show_time
from gridscore.rounding import fixed

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


def burst(events: list[Event], kinds: Kinds, rules: Audit) -> list[Flag]:
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
    start, end = episode[0].closed, episode[-1].closed
    w_start, w_end = window[0].closed, window[-1].closed
    assert start and end and w_start and w_end
    evidence = Burst(
        tuple(sorted({e.kind for e in episode})),
        len(episode),
        start,
        end,
        len(window),
        w_start,
        w_end,
        rules.burst_minutes,
        rules.burst_count,
        tuple(sorted(grids)),
    )
    return Flag(
        Signal.BURST,
        grid_id,
        person,
        f"{start:%Y-%m}",
        evidence,
        tuple(e.event_id for e in episode),
        {
            "count": str(len(episode)),
            "first": show_time(start),
            "last": show_time(end),
            "window_count": str(len(window)),
            "window_start": show_time(w_start),
            "window_end": show_time(w_end),
            "window_minutes": minutes_text(w_end - w_start),
            "grids": "、".join(sorted(grids)),
        },
    )


def rush(groups: dict[tuple[str, str], list[Event]], kinds: Kinds, rules: Audit) -> list[Flag]:
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
        evidence = Rush(times[i], times[j], count, len(records), rules.rush_hours, share)
        flags.append(
            Flag(
                Signal.RUSH,
                grid_id,
                "、".join(people),
                month,
                evidence,
                tuple(e.event_id for e in window),
                {
                    "count": str(count),
                    "records": str(len(records)),
                    "share": fixed(Fraction(count, len(records)), 4),
                    "window_start": show_time(times[i]),
                    "window_end": show_time(times[j]),
                    "window_hours": fixed(Fraction(int((times[j] - times[i]).total_seconds()), 3600), 2),
                    "reporters": "、".join(f"{p} {reporters[p]}" for p in people),
                },
            )
        )
    return flags


def silent(
    groups: dict[tuple[str, str], list[Event]], kinds: Kinds, grids: dict[str, Grid], months: tuple[str, ...]
) -> list[Flag]:
    """A roster grid-month with no records, or only check-ins."""
    flags = []
    for month in months:
        for grid_id in sorted(grids):
            rows = groups.get((grid_id, month), [])
            if any(not kinds.checkin(e) for e in rows):
                continue
            people = Counter(e.reporter for e in rows)
            by_count = sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))
            evidence = Silent(month, len(rows), tuple(by_count))
            flags.append(
                Flag(
                    Signal.SILENT,
                    grid_id,
                    "、".join(p for p, _ in by_count),
                    month,
                    evidence,
                    tuple(e.event_id for e in rows),
                    {"records": "0", "checkins": str(len(rows))},
                )
            )
    return flags


def impossible(groups: dict[tuple[str, str], list[Event]], kinds: Kinds, rules: Audit) -> list[Flag]:
    """Closed before reported; a dispute closed under min_resolution_minutes after it was reported."""
    fastest = dt.timedelta(minutes=rules.min_resolution_minutes)
    cases: dict[tuple[str, str, str, Reason], list[Event]] = defaultdict(list)
    for (_, month), rows in groups.items():
        for e in rows:
            if e.closed is None:
                continue
            if e.closed < e.reported:
                reason = Reason.CLOSED_BEFORE_REPORTED
            elif kinds.dispute(e) and e.closed - e.reported < fastest:
                reason = Reason.TOO_FAST
            else:
                continue
            cases[(e.grid_id, e.closer, month, reason)].append(e)
    flags = []
    for (grid_id, person, month, reason), rows in sorted(cases.items()):
        gaps = [e.closed - e.reported for e in rows if e.closed is not None]
        examples = tuple((e.event_id, e.reported, e.closed) for e in rows[:EXAMPLES] if e.closed is not None)
        kinds = tuple(sorted({e.kind for e in rows}))
        evidence = Impossible(reason, kinds, len(rows), rules.min_resolution_minutes, examples)
        flags.append(
            Flag(
                Signal.IMPOSSIBLE,
                grid_id,
                person,
                month,
                evidence,
                tuple(e.event_id for e in rows),
                {"reason": str(reason), "count": str(len(rows)), "shortest_minutes": minutes_text(min(gaps))},
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
        evidence = StraightLine(sheet.straight, sheet.file, sheet.rater, len(grid_ids), len(base))
        flags.append(
            Flag(
                Signal.STRAIGHT_LINE,
                "",
                sheet.rater,
                sheet.month,
                evidence,
                (),
                {
                    "reason": str(sheet.straight),
                    "file": sheet.file,
                    "grids": "、".join(grid_ids),
                    "items": str(len(base)),
                },
            )
        )
    return flags
