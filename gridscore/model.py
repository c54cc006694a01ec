"""The value types: a period, its validated inputs (checklist, roster, rater sheets, street scores), events,
and the vocabularies of the results (grid flags, list reasons)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    BASE = "基础"
    BONUS = "加分"
    DEDUCTION = "扣分"
    VETO = "否决"


class GridFlag(StrEnum):
    """A grid's flags in the results and the JSON documents (`flags`): a contract for scripts,
    documented in README; each has zh and en text (flag.<value>)."""

    VETO = "veto"  # vetoed (the year: in any quarter)
    MONTH_MISSING = "month_missing"  # a self-assessment month missing, allowed by the rules
    BONUS_CAPPED = "bonus_capped"  # the street bonus over bonus_cap
    RANK_DROP = "rank_drop"  # fell rank_drop_flag places or more (the year: in any quarter)
    INTERVIEW_TWICE = "interview_twice"  # on the interview list this quarter and the previous
    PARTIAL = "partial"  # a year of fewer than four quarters


class ListReason(StrEnum):
    """Why a grid is on a list (reason.<value> in words)."""

    TOP = "top"  # commended: the top of the ranking
    BOTTOM = "bottom"  # interviewed: the bottom of the ranking
    VETO = "veto"  # interviewed: vetoed (with veto_to_interview)


@dataclass(frozen=True)
class Item:
    code: str
    category: str
    content: str
    department: str
    points: Decimal  # 0 for veto items
    kind: Kind
    standard: str = ""


@dataclass(frozen=True)
class Grid:
    grid_id: str
    name: str
    village: str
    leader: str
    members: tuple[str, ...] = ()


class Straight(StrEnum):
    """How a rater sheet is straight-lined (the audit's straight_line signal, SPEC §8)."""

    FULL_MARKS = "full_marks"  # every grid full marks on every base item
    SAME_SCORES = "same_scores"  # two or more grids, the very same score on every base item


@dataclass(slots=True)
class RaterSheet:
    """One rater's sheet for one month, kept small: each grid's exact total (base + bonus −
    deduction) and whether the sheet is straight-lined (for the audit, SPEC §8)."""

    file: str
    rater: str
    month: str
    totals: dict[str, Decimal] = field(default_factory=dict)
    straight: Straight | None = None

    @classmethod
    def from_scores(
        cls, file: str, rater: str, month: str, scores: dict[str, dict[str, Decimal]], items: dict[str, Item]
    ) -> RaterSheet:
        """From scores[grid][code]. full_marks: every grid full marks on every base item;
        same_scores: two or more grids, each given the very same score on every base item."""
        deductions = [c for c, item in items.items() if item.kind is Kind.DEDUCTION]
        totals = {
            grid: sum(own.values(), Decimal(0))
            - 2 * sum((own[c] for c in deductions if c in own), Decimal(0))
            for grid, own in scores.items()
        }
        base = [i for i in items.values() if i.kind is Kind.BASE]
        straight = None
        if scores and base and all(own.get(i.code) == i.points for own in scores.values() for i in base):
            straight = Straight.FULL_MARKS
        elif len(scores) > 1 and base:
            # The base items only: bonus and deduction cells record events, and may differ.
            first, *rest = ([own.get(i.code) for i in base] for own in scores.values())
            if all(own == first for own in rest):
                straight = Straight.SAME_SCORES
        return cls(file, rater, month, totals, straight)


@dataclass(frozen=True, slots=True)
class StreetColumn:
    """One item's column of a department's table, as it crosses from a worker: each grid
    row's score (1/0 for a veto item), or None where the cell was blank or wrong (already
    reported there, so that it is not reported again as never scored). The table's rows
    and grids are shared by its columns (and pickled once)."""

    code: str
    file: str
    sheet: str
    col: int
    rows: tuple[int, ...]  # 0-based, as the reader gives them
    grids: tuple[str, ...]
    values: tuple[Decimal | None, ...]
    filled: int  # cells not blank


@dataclass
class QuarterData:
    """Everything one quarter's scores are computed from."""

    period: str  # e.g. 2020-Q3
    months: tuple[str, ...]  # e.g. 2020-07, 2020-08, 2020-09
    items: dict[str, Item]
    grids: dict[str, Grid]
    rater_sheets: list[RaterSheet]
    street: dict[str, dict[str, Decimal]]  # item code -> grid id -> points (1/0 for a veto)
    inputs: list[tuple[str, str]] = field(default_factory=list)  # (file, sha256)
    street_files: dict[str, list[str]] = field(default_factory=dict)  # department -> files
    street_filled: dict[str, int] = field(default_factory=dict)  # item code -> cells filled in

    def results_only(self) -> QuarterData:
        """This quarter without its cells: what a year keeps once the quarter is scored."""
        return QuarterData(
            self.period,
            self.months,
            self.items,
            self.grids,
            [],
            {},
            self.inputs,
            self.street_files,
            self.street_filled,
        )


@dataclass(frozen=True, order=True)
class Period:
    """A quarter (2020-Q3) or a month (2020-07)."""

    year: int
    quarter: int | None = None
    month: int | None = None

    def previous(self) -> Period:
        """The quarter before this one (2020-Q1 -> 2019-Q4)."""
        assert self.quarter is not None
        return (
            Period(self.year - 1, quarter=4)
            if self.quarter == 1
            else Period(self.year, quarter=self.quarter - 1)
        )

    def __str__(self) -> str:
        if self.quarter is not None:
            return f"{self.year}-Q{self.quarter}"
        return f"{self.year}-{self.month:02d}"

    @property
    def months(self) -> tuple[str, ...]:
        if self.quarter is None:
            return (str(self),)
        first = 3 * self.quarter - 2
        return tuple(f"{self.year}-{m:02d}" for m in range(first, first + 3))

    @property
    def of_quarter(self) -> Period:
        """The quarter this period is or belongs to (2020-08 -> 2020-Q3)."""
        if self.quarter is not None:
            return self
        assert self.month is not None
        return Period(self.year, quarter=(self.month + 2) // 3)


@dataclass(frozen=True)
class Event:
    """One platform record, with where it was read (row is 1-based, as Excel shows it)."""

    event_id: str
    grid_id: str
    kind: str  # 事件类型
    reporter: str
    reported: dt.datetime
    closed: dt.datetime | None
    closer: str  # 办结人, else the reporter
    description: str
    file: str
    sheet: str
    row: int

    @property
    def month(self) -> str:
        """The month the event counts for: the month it was reported, as 2020-07."""
        return f"{self.reported.year:04d}-{self.reported.month:02d}"


EPOCH = dt.datetime(1970, 1, 1)  # times in an EventLog: whole seconds from here (no time zone)
_SECOND = dt.timedelta(seconds=1)


def seconds(value: dt.datetime) -> int:
    return (value - EPOCH) // _SECOND


def from_seconds(value: int) -> dt.datetime:
    return EPOCH + dt.timedelta(seconds=value)


@dataclass
class EventLog(Sequence[Event]):
    """Events as columns, one list per Event field, times in whole seconds (closed: None where
    not closed): a quarter's log is hundreds of thousands of records, read in worker processes
    and counted by the audit without an object each. Indexing gives an Event."""

    event_id: list[str] = field(default_factory=list)
    grid_id: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    reporter: list[str] = field(default_factory=list)
    reported: list[int] = field(default_factory=list)
    closed: list[int | None] = field(default_factory=list)
    closer: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    file: list[str] = field(default_factory=list)
    sheet: list[str] = field(default_factory=list)
    row: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, events: Iterable[Event]) -> EventLog:
        if isinstance(events, EventLog):
            return events
        log = cls()
        for e in events:
            log.append(e)
        return log

    def append(self, e: Event) -> None:
        values = (e.event_id, e.grid_id, e.kind, e.reporter, seconds(e.reported))
        values += (None if e.closed is None else seconds(e.closed), e.closer, e.description, e.file, e.sheet)
        for column, value in zip(self._columns(), (*values, e.row), strict=True):
            column.append(value)

    def extend(self, other: EventLog, keep: list[int] | None = None) -> None:
        """Another log's events after these (only those at the indexes `keep`, when given)."""
        for mine, theirs in zip(self._columns(), other._columns(), strict=True):
            mine += theirs if keep is None else [theirs[i] for i in keep]

    def by_id(self, ids: Iterable[str]) -> dict[str, Event]:
        """The events of these ids that are here (the last of an id found twice)."""
        wanted = set(ids)
        found = itertools.compress(itertools.count(), map(wanted.__contains__, self.event_id))
        return {self.event_id[i]: self[i] for i in found} if wanted else {}

    def _columns(self) -> tuple[list, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    def __len__(self) -> int:
        return len(self.event_id)

    def __getitem__(self, i: int) -> Event:  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]  # type: ignore[return-value]
        closed = self.closed[i]
        return Event(
            self.event_id[i],
            self.grid_id[i],
            self.kind[i],
            self.reporter[i],
            from_seconds(self.reported[i]),
            None if closed is None else from_seconds(closed),
            self.closer[i],
            self.description[i],
            self.file[i],
            self.sheet[i],
            self.row[i],
        )

    def __iter__(self) -> Iterator[Event]:
        return map(self.__getitem__, range(len(self)))


def show_time(value: dt.datetime) -> str:
    """A time as the messages and reports show it: 2020-07-03 14:05 (seconds only if any)."""
    return f"{value:%Y-%m-%d %H:%M:%S}" if value.second else f"{value:%Y-%m-%d %H:%M}"
