"""Pure: the platform's event export (一体化平台事件导出) read into events, and every problem found.

One row is one record on the platform: a check-in, a piece of information collected, or an
event handled (a dispute, a hazard ...). Columns (SPEC §8), the header row found under any
title rows by its 事件编号 column:

    事件编号   required, unique across every file read together
    网格编号   required (or a 网格名称 unique in the roster)
    事件类型   required
    上报人     required
    上报时间   required, a date and a time
    办结时间   optional; where filled, 上报时间 must be filled too
    办结人     optional (alias 处置人); blank means the 上报人
    事件描述   optional

Times are Excel date-times, or text in the forms clerks and platforms write, read after
NFKC folding (full-width digits and colons become ASCII): ``2020-07-03 14:05``,
``2020/7/3 14:05:00``, ``2020-07-03T14:05``, ``2020.7.3 14:05`` and
``2020年7月3日 14:05`` (or ``14时05分``). Times are kept to the second. Text without a
time of day is a problem: the signals need the time. An Excel date-time that falls exactly at
midnight is read back as a bare date by the spreadsheet reader, so an Excel date is taken as
00:00 of that day. A number in a time cell is an Excel serial date-time (a cell that lost its
date format) when it falls in the years 2000–2099, and a problem otherwise.

A row with any problem is reported and left out; every other row becomes an Event. Where a
file lies in a month's folder (2020-07, 2020年7月 …) and an event's reported time falls in another month, that is
a warning: the audit counts an event in the month it was reported.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from pathlib import PurePosixPath

from gridscore.model import Event, Grid, show_time
from gridscore.periods import period_named
from gridscore.problems import Code, Report
from gridscore.tables import InputFile, Table, address, cell_text, value_at
from gridscore.validate.common import GridLookup, required_columns, suggesting
from gridscore.validate.score_tables import TableKind, score_tables

KEY = "事件编号"
EVENTS = TableKind((KEY,), "table.events")  # any number of sheets, found by their key alone
REQUIRED = ("事件编号", "事件类型", "上报人", "上报时间")
GRID_COLUMNS = ("网格编号", "网格名称")
_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"  # date, separators already folded to '-'
    r"(?:\s*T\s*|\s+)"  # 'T' or spaces between date and time
    r"(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?:?"
)
# Excel's serial day 0 is 1899-12-30 (with the 1900 leap-year bug already accounted for).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_SERIAL_RANGE = (36526, 73051)  # 2000-01-01 .. 2100-01-01


def parse_time(value: object) -> dt.datetime | None:
    """A cell as a date-time; None when blank. Raises ValueError when it is not one."""
    if isinstance(value, dt.datetime):
        # To the nearest second: Excel stores days as binary fractions (14:05 may read 14:04:59.999).
        whole = value.replace(microsecond=0, tzinfo=None)
        return whole + dt.timedelta(seconds=1) if value.microsecond >= 500_000 else whole
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return _from_serial(value)
    text = cell_text(value)
    if not text:
        return None
    return _from_text(text)


def _from_serial(value: float) -> dt.datetime:
    if not _SERIAL_RANGE[0] <= value < _SERIAL_RANGE[1]:
        raise ValueError(value)
    # Round to the second: serials carry binary noise (0.5868055555555556 days).
    seconds = round(value * 86400)
    return _EXCEL_EPOCH + dt.timedelta(seconds=seconds)


@functools.lru_cache(maxsize=65_536)  # a month's log repeats its minutes: parsed once each
def _from_text(text: str) -> dt.datetime:
    folded = unicodedata.normalize("NFKC", text).strip()
    for old, new in (("年", "-"), ("月", "-"), ("日", " "), ("/", "-"), ("时", ":"), ("分", ":"), ("秒", "")):
        folded = folded.replace(old, new)
    # 2020.7.3 14:05: dots separate the date, never the time.
    folded = re.sub(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})", r"\1-\2-\3", folded)
    folded = re.sub(r"\s+", " ", folded)
    match = _TIME.fullmatch(folded)
    if match is None:
        raise ValueError(text)
    year, month, day, hour, minute = (int(match[i]) for i in range(1, 6))
    second = int(match[6]) if match[6] else 0
    return dt.datetime(year, month, day, hour, minute, second)  # ValueError when out of range


def read_events(files: list[InputFile], grids: dict[str, Grid], report: Report) -> list[Event]:
    """Every readable event of the files, in file order; every problem added to the report."""
    lookup = GridLookup(grids)
    first: dict[str, str] = {}  # event id -> where it was first seen
    events: list[Event] = []
    for file in files:
        tables = score_tables(file, EVENTS, report)
        folder = period_named(PurePosixPath(file.name).parent.name)  # 2020-07, 2020年7月 …
        month = str(folder) if folder is not None and folder.month is not None else None
        for table in tables:
            events += _read_table(table, lookup, first, month, report)
    return events


def _read_table(
    table: Table, lookup: GridLookup, first: dict[str, str], month: str | None, report: Report
) -> list[Event]:
    cols = required_columns(table, REQUIRED, report)
    grid_cols = [c for name in GRID_COLUMNS if (c := table.column(name)) is not None]
    if not grid_cols:
        report.add(Code.COLUMN_MISSING, file=table.file, sheet=table.sheet, column=GRID_COLUMNS[0])
    if len(cols) < len(REQUIRED) or not grid_cols:
        return []
    closed_col, closer_col, text_col = (table.column(n) for n in ("办结时间", "办结人", "事件描述"))
    events = []
    for r, values in table.data_rows():
        row = _Row(table, r, values, report)
        event_id = row.required(cols[KEY])
        grid_id = row.grid(grid_cols, lookup)
        kind = row.required(cols["事件类型"])
        reporter = row.required(cols["上报人"])
        closed = row.time(closed_col)
        reported = row.time(cols["上报时间"], closed=closed)
        if event_id:
            where = address(r, cols[KEY])
            if event_id in first:
                report.add(
                    Code.EVENT_DUPLICATE,
                    file=table.file,
                    sheet=table.sheet,
                    cell=where,
                    event=event_id,
                    first=first[event_id],
                )
                continue
            first[event_id] = f"{table.file} › {table.sheet} › {where}"
        if not row.ok or grid_id is None or reported is None:
            continue
        if month and f"{reported:%Y-%m}" != month:
            report.add(
                Code.EVENT_OUTSIDE_MONTH,
                file=table.file,
                sheet=table.sheet,
                cell=address(r, cols["上报时间"]),
                value=show_time(reported),
                month=month,
                actual=f"{reported:%Y-%m}",
            )
        closer = cell_text(value_at(values, closer_col)) if closer_col is not None else ""
        description = cell_text(value_at(values, text_col)) if text_col is not None else ""
        events.append(
            Event(
                event_id,
                grid_id,
                kind,
                reporter,
                reported,
                closed,
                closer or reporter,
                description,
                table.file,
                table.sheet,
                r + 1,
            )
        )
    return events


class _Row:
    """One data row being read; `ok` turns false at its first problem."""

    def __init__(self, table: Table, r: int, values: list[object], report: Report) -> None:
        self.table, self.r, self.values, self.report = table, r, values, report
        self.ok = True

    def _problem(self, code: Code, col: int, **params: object) -> None:
        self.ok = False
        self.report.add(
            code, file=self.table.file, sheet=self.table.sheet, cell=address(self.r, col), **params
        )

    def required(self, col: int) -> str:
        text = cell_text(value_at(self.values, col))
        if not text:
            self._problem(Code.VALUE_MISSING, col, column=self.table.columns[col])
        return text

    def grid(self, cols: list[int], lookup: GridLookup) -> str | None:
        """The grid by 网格编号, else by 网格名称 (where both columns exist, the first filled)."""
        col = next((c for c in cols if cell_text(value_at(self.values, c))), cols[0])
        text = self.required(col)
        if not text:
            return None
        grid_id, problem = lookup.find(text)
        if grid_id is None:
            self._problem(problem or Code.UNKNOWN_GRID, col, value=text, **suggesting(lookup.suggest(text)))
        return grid_id

    def time(self, col: int | None, closed: dt.datetime | None = None) -> dt.datetime | None:
        """A time cell; with `closed` given it is the required 上报时间 of a closed event."""
        if col is None:
            return None
        raw = value_at(self.values, col)
        try:
            value = parse_time(raw)
        except (ValueError, OverflowError):
            self._problem(Code.TIME_INVALID, col, column=self.table.columns[col], value=cell_text(raw))
            return None
        if value is None and self.table.columns[col] == "上报时间":
            if closed is not None:
                self._problem(Code.REPORTED_MISSING, col, closed=show_time(closed))
            else:
                self._problem(Code.VALUE_MISSING, col, column="上报时间")
        return value
