"""The audit's signals, each a list of flags: burst, rush, silent, impossible, straight_line."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import operator
from collections import Counter, defaultdict
from collections.abc import Sequence
from fractions import Fraction

from gridscore.audit.evidence import Burst, Impossible, Reason, Rush, Silent, StraightLine
from gridscore.audit.flags import EXAMPLES, Flag, Signal, minutes_text
from gridscore.audit.stats import CHECKIN, CLOSED, DISPUTE, Scope
from gridscore.config import Audit
from gridscore.model import EventLog, Grid, Item, Kind, RaterSheet, from_seconds, show_time
from gridscore.rounding import fixed

# --- signals -------------------------------------------------------------------------------


def densest(times: Sequence[int], width: int) -> list[int]:
    """For each start i of sorted times, how many of them fall from times[i] to times[i] + width."""
    ends = map(
        bisect.bisect_right, itertools.repeat(times), map(operator.add, times, itertools.repeat(width))
    )
    return list(map(operator.sub, ends, itertools.count()))


def burst(scoped: Scope, rules: Audit) -> list[Flag]:
    """One person closing burst_count or more disputes within burst_minutes."""
    log = scoped.log
    by_person: dict[str, list[int]] = defaultdict(list)
    for i in scoped.events():
        if scoped.bits[i] & CLOSED and scoped.bits[i] & DISPUTE:
            by_person[log.closer[i]].append(i)
    flags = []
    for person, closed in sorted(by_person.items()):
        if len(closed) < rules.burst_count:
            continue
        closed.sort(key=log.event_id.__getitem__)  # by time closed, then 事件编号
        closed.sort(key=log.closed.__getitem__)  # type: ignore[arg-type]
        times = [log.closed[i] for i in closed]
        counts = densest(times, 60 * rules.burst_minutes)  # type: ignore[arg-type]
        qualifying = [(i, i + n - 1) for i, n in enumerate(counts) if n >= rules.burst_count]
        for first, last, best in _episodes(qualifying):
            episode, window = closed[first : last + 1], closed[best[0] : best[1] + 1]
            flags.append(_burst_flag(person, episode, window, log, rules))
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


def _burst_flag(person: str, episode: list[int], window: list[int], log: EventLog, rules: Audit) -> Flag:
    grids = Counter(log.grid_id[i] for i in episode)
    grid_id = min(grids, key=lambda g: (-grids[g], g))
    start, end, w_start, w_end = (
        _time(log.closed[i]) for i in (episode[0], episode[-1], window[0], window[-1])
    )
    evidence = Burst(
        tuple(sorted({log.kind[i] for i in episode})),
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
        tuple(log.event_id[i] for i in episode),
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


def rush(scoped: Scope, rules: Audit) -> list[Flag]:
    """A grid-month whose records (check-ins aside) were mostly reported within rush_hours."""
    log = scoped.log
    share = Fraction(rules.rush_share)
    flags = []
    for (grid_id, month), rows in sorted(scoped.groups.items()):
        if len(rows) < rules.rush_min_records:
            continue
        records = [i for i in rows if not scoped.bits[i] & CHECKIN]
        if len(records) < rules.rush_min_records:
            continue
        times = [log.reported[i] for i in records]
        counts = densest(times, 3600 * rules.rush_hours)
        count = max(counts)
        if count * share.denominator < share.numerator * len(records):  # count / records < share
            continue
        i = counts.index(count)  # the earliest of the densest windows
        window = records[i : i + count]
        reporters = Counter(log.reporter[k] for k in window)
        people = sorted(reporters, key=lambda p: (-reporters[p], p))
        start, end = _time(times[i]), _time(times[i + count - 1])
        evidence = Rush(start, end, count, len(records), rules.rush_hours, share)
        flags.append(
            Flag(
                Signal.RUSH,
                grid_id,
                "、".join(people),
                month,
                evidence,
                tuple(log.event_id[k] for k in window),
                {
                    "count": str(count),
                    "records": str(len(records)),
                    "share": fixed(Fraction(count, len(records)), 4),
                    "window_start": show_time(start),
                    "window_end": show_time(end),
                    "window_hours": fixed(Fraction(times[i + count - 1] - times[i], 3600), 2),
                    "reporters": "、".join(f"{p} {reporters[p]}" for p in people),
                },
            )
        )
    return flags


def silent(scoped: Scope, grids: dict[str, Grid], months: tuple[str, ...]) -> list[Flag]:
    """A roster grid-month with no records, or only check-ins."""
    log = scoped.log
    flags = []
    for month in months:
        for grid_id in sorted(grids):
            rows = scoped.groups.get((grid_id, month), [])
            if not all(scoped.bits[i] & CHECKIN for i in rows):
                continue
            people = Counter(log.reporter[i] for i in rows)
            by_count = sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))
            evidence = Silent(month, len(rows), tuple(by_count))
            flags.append(
                Flag(
                    Signal.SILENT,
                    grid_id,
                    "、".join(p for p, _ in by_count),
                    month,
                    evidence,
                    tuple(log.event_id[i] for i in rows),
                    {"records": "0", "checkins": str(len(rows))},
                )
            )
    return flags


def impossible(scoped: Scope, rules: Audit) -> list[Flag]:
    """Closed before reported; a dispute closed under min_resolution_minutes after it was reported."""
    log = scoped.log
    fastest = 60 * rules.min_resolution_minutes
    cases: dict[tuple[str, str, str, Reason], list[int]] = defaultdict(list)
    for (_, month), rows in scoped.groups.items():
        for i in rows:
            if not scoped.bits[i] & CLOSED:
                continue
            gap = log.closed[i] - log.reported[i]  # type: ignore[operator]
            if gap < 0:
                reason = Reason.CLOSED_BEFORE_REPORTED
            elif gap < fastest and scoped.bits[i] & DISPUTE:
                reason = Reason.TOO_FAST
            else:
                continue
            cases[(log.grid_id[i], log.closer[i], month, reason)].append(i)
    flags = []
    for (grid_id, person, month, reason), rows in sorted(cases.items()):
        gaps = [log.closed[i] - log.reported[i] for i in rows]  # type: ignore[operator]
        examples = tuple(
            (log.event_id[i], _time(log.reported[i]), _time(log.closed[i])) for i in rows[:EXAMPLES]
        )
        kinds = tuple(sorted({log.kind[i] for i in rows}))
        evidence = Impossible(reason, kinds, len(rows), rules.min_resolution_minutes, examples)
        flags.append(
            Flag(
                Signal.IMPOSSIBLE,
                grid_id,
                person,
                month,
                evidence,
                tuple(log.event_id[i] for i in rows),
                {
                    "reason": str(reason),
                    "count": str(len(rows)),
                    "shortest_minutes": minutes_text(dt.timedelta(seconds=min(gaps))),
                },
            )
        )
    return flags


def _time(value: int | None) -> dt.datetime:
    assert value is not None
    return from_seconds(value)


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
