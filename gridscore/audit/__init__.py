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
  base item to every grid (bonus and deduction cells record events, and may differ). Person = the rater (the sheet's name), grid empty, the evidence names the
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

from collections.abc import Sequence
from dataclasses import dataclass

from gridscore.audit.flags import SIGNALS, AuditResult, Flag, GridMonthStats, Kinds, order
from gridscore.audit.signals import burst, impossible, rush, silent, straight_line
from gridscore.audit.stats import scope, statistics, street_totals
from gridscore.config import Audit, Rules
from gridscore.model import Event, EventLog, Grid, Item, RaterSheet

__all__ = [
    "SIGNALS",
    "AuditResult",
    "Audited",
    "Flag",
    "GridMonthStats",
    "audit",
    "audit_events",
    "order",
    "with_sheets",
]


@dataclass
class Audited:
    """An audit's findings, with what a report of them needs."""

    result: AuditResult
    events: Sequence[Event]  # as read (an EventLog)
    grids: dict[str, Grid]
    rules: Rules
    period: str


def audit(
    events: Sequence[Event],
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
    return with_sheets(audit_events(events, grids, months, rules), rater_sheets, items, months)


def audit_events(
    events: Sequence[Event], grids: dict[str, Grid], months: tuple[str, ...], rules: Audit
) -> AuditResult:
    """What the event log alone shows (audit's every signal but straight_line), flags in the
    order found: the loader reads the self-assessment sheets meanwhile."""
    kinds = Kinds(rules)
    scoped = scope(EventLog.of(events), months, kinds, grids)
    active = {month for _, month in scoped.groups}
    flags = (
        burst(scoped, rules)
        + rush(scoped, rules)
        + silent(scoped, grids, tuple(m for m in months if m in active))
        + impossible(scoped, rules)
    )
    stats = statistics(scoped, grids, months)
    totals = street_totals(stats, scoped)
    totals["flags"] = len(flags)
    return AuditResult(flags, stats, totals, tuple(m for m in months if m not in active))


def with_sheets(
    found: AuditResult, rater_sheets: list[RaterSheet], items: dict[str, Item], months: tuple[str, ...]
) -> AuditResult:
    """audit_events' findings with the straight-lined sheets of the months; flags worst grid first."""
    flags = found.flags + straight_line([s for s in rater_sheets if s.month in months], items)
    totals = {**found.totals, "flags": len(flags)}
    return AuditResult(order(flags), found.stats, totals, found.months_without_events)
