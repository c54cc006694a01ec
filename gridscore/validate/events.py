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

Times are read as gridscore.validate.event_times reads them (Excel date-times, serials, text
in the forms clerks and platforms write), kept to the second.

A row with any problem is reported and left out; every other row becomes an event. Where a
file lies in a month's folder (2020-07, 2020年7月 …) and an event's reported time falls in another month, that is
a warning: the audit counts an event in the month it was reported.

A file is read and checked on its own (file_events, in a worker process), its events as
columns (model.EventLog), its cells read once per distinct value; the files then come
together in file order (EventsAcross), where an 事件编号 seen before is the one check left.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
import operator
from pathlib import PurePosixPath
from typing import Any

from gridscore.model import Event, EventLog, Grid, from_seconds, show_time
from gridscore.periods import period_named
from gridscore.problems import Code, Problem, Report
from gridscore.tables import TOTAL_KEYS, InputFile, Table, address, cell_text, is_blank, value_at
from gridscore.validate.common import GridLookup, required_columns, suggesting
from gridscore.validate.event_times import NO_TIME, cell_time, parse_time
from gridscore.validate.score_tables import TableKind, score_tables

KEY = "事件编号"
EVENTS = TableKind((KEY,), "table.events")  # any number of sheets, found by their key alone
REQUIRED = ("事件编号", "事件类型", "上报人", "上报时间")
GRID_COLUMNS = ("网格编号", "网格名称")


@dataclasses.dataclass
class FileEvents:
    """One file's events as columns, checked on its own (as it crosses from a worker), and the
    事件编号 of each of its data rows, an event or not, for the check across files."""

    file: str
    events: EventLog = dataclasses.field(default_factory=EventLog)
    ids: list[str] = dataclasses.field(default_factory=list)  # every filled 事件编号, in the file's order
    id_rows: list[int] = dataclasses.field(default_factory=list)  # the 0-based row of each
    event_at: list[int] = dataclasses.field(default_factory=list)  # for each event, its row's index in ids
    # (sheet, 事件编号 column, 上报时间 column, how many ids come before the table's)
    tables: list[tuple[str, int, int, int]] = dataclasses.field(default_factory=list)


def read_events(files: list[InputFile], grids: dict[str, Grid], report: Report) -> list[Event]:
    """Every readable event of the files, in file order; every problem added to the report."""
    lookup = GridLookup(grids)
    across = EventsAcross(report)
    for file in files:
        own = Report()
        across.take(file_events(file, lookup, own), list(own))
    return list(across.log)


def file_events(file: InputFile, lookup: GridLookup, report: Report) -> FileEvents:
    """A file's events and its own problems: every check but that of an 事件编号 seen in an
    earlier file or row (EventsAcross). Cells are read once per distinct value: a log repeats
    its types, its people and its minutes."""
    folder = period_named(PurePosixPath(file.name).parent.name)  # 2020-07, 2020年7月 …
    month = str(folder) if folder is not None and folder.month is not None else None
    part = FileEvents(file.name)
    for table in score_tables(file, EVENTS, report):
        _read_table(table, lookup, month, part, report)
    return part


def _read_table(
    table: Table, lookup: GridLookup, month: str | None, part: FileEvents, report: Report
) -> None:
    """A table's events into part, column by column; the rows with a problem read again cell by
    cell to report it (rare), and left out."""
    cols = required_columns(table, REQUIRED, report)
    grid_cols = [c for name in GRID_COLUMNS if (c := table.column(name)) is not None]
    if not grid_cols:
        report.add(Code.COLUMN_MISSING, file=table.file, sheet=table.sheet, column=GRID_COLUMNS[0])
    if len(cols) < len(REQUIRED) or not grid_cols:
        return
    key_col, reported_col = cols[KEY], cols["上报时间"]
    closed_col, closer_col, text_col = (table.column(n) for n in ("办结时间", "办结人", "事件描述"))
    rows, values, ids = _data_rows(table, key_col)
    column = _Columns(values)
    grid_texts = [column.texts(c) for c in grid_cols]
    grid_text = grid_texts[0] if len(grid_texts) == 1 else [a or b for a, b in zip(*grid_texts, strict=True)]
    found = {text: lookup.find(text)[0] if text else None for text in set(grid_text)}
    grid_ids = list(map(found.__getitem__, grid_text))
    kinds, reporters = column.texts(cols["事件类型"]), column.texts(cols["上报人"])
    (reported, reported_month), (closed, _) = column.times(reported_col), column.times(closed_col)
    bad: set[int] = set()
    if None in grid_ids or "" in ids or "" in kinds or "" in reporters or NO_TIME in closed:
        bad = {k for k, row in enumerate(zip(ids, grid_ids, kinds, reporters, strict=True)) if not all(row)}
        bad.update(k for k, at in enumerate(closed) if at is NO_TIME)
    if None in reported or NO_TIME in reported:
        bad.update(k for k, at in enumerate(reported) if at is None or at is NO_TIME)
    ok = [k for k in range(len(rows)) if k not in bad] if bad else range(len(rows))
    warned: list[int] = []
    if month and ({reported_month[k] for k in ok} if bad else set(reported_month)) - {month}:
        warned = [k for k in ok if reported_month[k] != month]
    for k in sorted(bad.union(warned)):
        if k in bad:
            _problems(table, rows[k], values[k], cols, grid_cols, closed_col, lookup, report)
        else:
            report.add(
                Code.EVENT_OUTSIDE_MONTH,
                file=table.file,
                sheet=table.sheet,
                cell=address(rows[k], reported_col),
                value=show_time(from_seconds(reported[k])),
                month=month,
                actual=reported_month[k],
            )

    def kept(cells: list[Any]) -> list[Any]:
        return [cells[k] for k in ok] if bad else cells

    before = len(part.ids)
    part.tables.append((table.sheet, key_col, reported_col, before))
    if "" in ids:
        id_at = _filled_index(ids)
        part.event_at += [id_at[k] + before for k in ok]
        part.ids += [x for x in ids if x]
        part.id_rows += [rows[k] for k, x in enumerate(ids) if x]
    else:
        part.event_at += [k + before for k in ok] if bad else range(before, before + len(ids))
        part.ids += ids
        part.id_rows += rows
    log, reporters = part.events, kept(reporters)
    log.event_id += kept(ids)
    log.grid_id += kept(grid_ids)
    log.kind += kept(kinds)
    log.reporter += reporters
    log.reported += kept(reported)
    log.closed += kept(closed)
    if closer_col is None:
        log.closer += reporters
    else:
        log.closer += [
            closer or reporter
            for closer, reporter in zip(kept(column.texts(closer_col)), reporters, strict=True)
        ]
    log.description += kept(column.texts(text_col))
    log.file += [table.file] * len(ok)
    log.sheet += [table.sheet] * len(ok)
    log.row += map(operator.add, kept(rows), itertools.repeat(1))


def _problems(
    table: Table,
    r: int,
    values: list[object],
    cols: dict[str, int],
    grid_cols: list[int],
    closed_col: int | None,
    lookup: GridLookup,
    report: Report,
) -> None:
    """A row's problems, cell by cell (only rows with some are read this way)."""
    row = _Row(table, r, values, report)
    row.required(cols[KEY])
    row.grid(grid_cols, lookup)
    row.required(cols["事件类型"])
    row.required(cols["上报人"])
    row.time(cols["上报时间"], closed=row.time(closed_col))


class EventsAcross:
    """The files' events brought together in file order: an 事件编号 seen before, in an earlier
    file or row, is a problem naming where it was first seen, and its row is left out."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.log = EventLog()
        self._first: dict[str, int] = {}  # 事件编号 -> where first seen, counted over every file's ids
        self._parts: list[FileEvents] = []
        self._offsets: list[int] = []  # how many ids come before each file's

    def take(self, part: FileEvents, problems: list[Problem]) -> None:
        """A file's events and problems (its own, as file_events found them), in file order."""
        offset = self._offsets[-1] + len(self._parts[-1].ids) if self._parts else 0
        self._parts.append(dataclasses.replace(part, events=EventLog()))  # where its ids are
        self._offsets.append(offset)
        fresh = dict(zip(part.ids, itertools.count(offset)))
        if len(fresh) == len(part.ids) and self._first.keys().isdisjoint(fresh):
            self._first.update(fresh)
            self.report.extend(problems)
            self.log.extend(part.events)
            return
        seen: set[int] = set()  # the file's ids seen before
        dropped: set[tuple[str, str]] = set()  # their 上报时间 cells
        for i, event_id in enumerate(part.ids):
            first = self._first.setdefault(event_id, offset + i)
            if first == offset + i:
                continue
            seen.add(i)
            sheet, key_col, reported_col = self._where(part, i)
            row = part.id_rows[i]
            dropped.add((sheet, address(row, reported_col)))
            self.report.add(
                Code.EVENT_DUPLICATE,
                file=part.file,
                sheet=sheet,
                cell=address(row, key_col),
                event=event_id,
                first=self._location(first),
            )
        # A row seen before is no event, and so not one outside its folder's month either.
        outside = Code.EVENT_OUTSIDE_MONTH
        self.report.extend(p for p in problems if p.code is not outside or (p.sheet, p.cell) not in dropped)
        self.log.extend(part.events, [k for k, i in enumerate(part.event_at) if i not in seen])

    def _where(self, part: FileEvents, i: int) -> tuple[str, int, int]:
        """The sheet, 事件编号 column and 上报时间 column of a file's i-th id."""
        at = bisect.bisect_right([t[3] for t in part.tables], i) - 1
        sheet, key_col, reported_col, _ = part.tables[at]
        return sheet, key_col, reported_col

    def _location(self, first: int) -> str:
        at = bisect.bisect_right(self._offsets, first) - 1
        offset, part = self._offsets[at], self._parts[at]
        sheet, key_col, _ = self._where(part, first - offset)
        return f"{part.file} › {sheet} › {address(part.id_rows[first - offset], key_col)}"


def _data_rows(table: Table, key_col: int) -> tuple[list[int], list[list[object]], list[str]]:
    """The rows of Table.data_rows (total rows 合计 … and blank rows left out), their cells and
    their 事件编号."""
    rows = [r for r, _ in table.rows]
    values = [v for _, v in table.rows]
    keys = _Columns(values).texts(key_col)
    if "" not in keys and TOTAL_KEYS.isdisjoint(keys):
        return rows, values, keys
    kept = [
        k
        for k, key in enumerate(keys)
        if key not in TOTAL_KEYS and (key or not all(is_blank(v) for v in values[k]))
    ]
    return [rows[k] for k in kept], [values[k] for k in kept], [keys[k] for k in kept]


class _Columns:
    """A table's columns read whole, each cell once per distinct value (the same text object
    for each, so that it crosses from a worker once)."""

    def __init__(self, values: list[list[object]]) -> None:
        self.values = values
        self.width = min(map(len, values), default=0)  # every row has a cell in the columns before

    def cells(self, col: int) -> list[object]:
        if col < self.width:
            return list(map(operator.itemgetter(col), self.values))
        return [value_at(row, col) for row in self.values]

    def texts(self, col: int | None) -> list[str]:
        """cell_text of each cell; empty texts for a column the table does not have."""
        if col is None:
            return [""] * len(self.values)
        cells = self.cells(col)
        if set(map(type, cells)) != {str}:  # 1, 1.0 and True would be one key, not one text
            return list(map(cell_text, cells))
        if "".join(cells).isascii():  # cell_text's own shortcut, kept in C
            return list(map(str.strip, cells))
        known = {v: cell_text(v) for v in set(cells)}
        return list(map(known.__getitem__, cells))

    def times(self, col: int | None) -> tuple[list[Any], list[str | None]]:
        """Each cell's time in seconds (None where blank or no such column, NO_TIME where no
        time), and its month (2020-07). (1, 1.0 and True are one key here: none is a time.)"""
        if col is None:
            return [None] * len(self.values), [None] * len(self.values)
        cells = self.cells(col)
        days: dict[str, int | None] = {}  # shared by the column's cells
        minutes: dict[str, int | None] = {}
        seconds, months = {}, {}
        for value in set(cells):
            at = cell_time(value, days, minutes)
            seconds[value], months[value] = at if type(at) is tuple else (at, None)
        return list(map(seconds.__getitem__, cells)), list(map(months.__getitem__, cells))


def _filled_index(ids: list[str]) -> list[int]:
    """For each row, how many filled ids come before it (its index in ids, where filled)."""
    if "" not in ids:
        return list(range(len(ids)))
    index, n = [], 0
    for x in ids:
        index.append(n)
        n += bool(x)
    return index


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
