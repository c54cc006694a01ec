"""Pure: one self-assessment or street workbook -> its validated scores, and its problems.

Each workbook is checked on its own (in a worker process when there are many); what spans
workbooks — a grid in two workbooks, a cell scored twice, completeness — is validate.py's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from gridscore.io import InputFile
from gridscore.model import Grid, Item, Kind, RaterSheet, StreetScore
from gridscore.problems import Code, Report, Severity
from gridscore.tables import (
    FLOAT_DECIMALS,
    CellError,
    Table,
    address,
    cell_text,
    find_table,
    fold,
    is_blank,
    to_decimal,
    value_at,
)
from gridscore.validate import (
    SELF_INFO,
    STREET_INFO,
    VETO_NO,
    VETO_YES,
    GridLookup,
    ItemLookup,
    check_totals,
    hidden,
    not_a_number,
    number_text,
    unreadable,
)

SELF_KEYS = ("编号",)
ZERO, ONE = Decimal(0), Decimal(1)
STREET_KEYS = ("网格编号", "网格名称")


@dataclass(frozen=True)
class Context:
    """What every workbook is checked against: the checklist and the roster (with their
    lookups, built once per process)."""

    items: dict[str, Item]
    grids: dict[str, Grid]

    @functools.cached_property
    def grid_lookup(self) -> GridLookup:
        return GridLookup(self.grids)

    @functools.cached_property
    def item_lookup(self) -> ItemLookup:
        return ItemLookup(self.items)

    @functools.cached_property
    def codes(self) -> dict[str, str]:
        """Item codes by their folded, upper-case form (dj-01 and ＤＪ－０１ are DJ-01)."""
        return {fold(code).upper(): code for code in self.items}


def score_tables(file: InputFile, keys: tuple[str, ...], report: Report) -> list[Table]:
    """The visible sheets holding a score table; others are skipped with a note."""
    tables = []
    for raw in file.sheets:
        table = find_table(file.name, raw, keys)
        if not raw.visible:
            if table is not None:
                report.add(Code.SHEET_HIDDEN, Severity.NOTE, file=file.name, sheet=raw.name, key=keys[0])
        elif table is None:
            report.add(Code.SHEET_SKIPPED, Severity.NOTE, file=file.name, sheet=raw.name, key=keys[0])
        else:
            tables.append(table)
    if not tables:
        report.add(Code.NO_TABLE, file=file.name, key=keys[0])
    return tables


def score(
    raw: object, item: Item, table: Table, r: int, c: int, report: Report, *, blank_is_zero: bool
) -> Decimal | None:
    """A score cell checked against its item's range; None when it is blank (and blank is
    not zero) or a problem, reported at the cell (its address made only then)."""
    value = FLOAT_DECIMALS.get(raw) if type(raw) is float else None  # the common case, cheaply
    if value is None:
        try:
            value = to_decimal(raw)
        except ValueError:
            not_a_number(raw, report, **_at(table, r, c))
            return None
    if value is None:
        return Decimal(0) if blank_is_zero else None
    if value < 0 or value > item.points:
        report.add(
            Code.SCORE_OUT_OF_RANGE,
            value=number_text(value),
            max=number_text(item.points),
            code=item.code,
            **_at(table, r, c),
        )
        return None
    return value


def veto(raw: object, item: Item, table: Table, r: int, c: int, report: Report) -> Decimal | None:
    if isinstance(raw, CellError):
        unreadable(raw, report, **_at(table, r, c))
        return None
    text = cell_text(raw)
    if text in VETO_NO:
        return ZERO
    if text in VETO_YES:
        return ONE
    report.add(Code.VETO_INVALID, value=text, code=item.code, **_at(table, r, c))
    return None


def _score_headers(
    table: Table, informational: frozenset[str], report: Report
) -> Iterator[tuple[int, str, dict[str, str]]]:
    """The headers that name grids or items (informational columns aside), with where each
    stands; a header cell the file holds no value for is reported and passed over."""
    for c, header in table.columns.items():
        if header in informational:
            continue
        where = _at(table, table.header_row, c)
        if not unreadable(value_at(table.header_values, c), report, **where):
            yield c, header, where


def _at(table: Table, r: int, c: int) -> dict[str, str]:
    """A cell's location for a problem."""
    return {"file": table.file, "sheet": table.sheet, "cell": address(r, c)}


def self_workbook(file: InputFile, month: str, context: Context, report: Report) -> list[RaterSheet]:
    """A village's workbook for a month: one RaterSheet per rater's sheet."""
    lookup, items, codes = context.grid_lookup, context.items, context.codes
    return [
        _rater_sheet(table, month, items, codes, lookup, report)
        for table in score_tables(file, SELF_KEYS, report)
    ]


def _rater_sheet(
    table: Table,
    month: str,
    items: dict[str, Item],
    codes: dict[str, str],
    lookup: GridLookup,
    report: Report,
) -> RaterSheet:
    grid_cols: dict[int, str] = {}
    first_col: dict[str, str] = {}
    for c, header, where in _score_headers(table, SELF_INFO, report):
        grid_id, problem = lookup.find(header)
        if grid_id is None:
            report.add(problem, value=header, **where)
        elif grid_id in first_col:
            report.add(Code.DUPLICATE_COLUMN, grid=grid_id, first=first_col[grid_id], **where)
        else:
            first_col[grid_id] = where["cell"]
            grid_cols[c] = grid_id
    key_col = table.column("编号")
    scores: dict[str, dict[str, Decimal]] = {g: {} for g in grid_cols.values()}
    columns = [(c, scores[g]) for c, g in grid_cols.items()]
    seen: dict[str, int] = {}  # item code -> its row
    for r, values in table.data_rows():
        raw_key = value_at(values, key_col)
        if unreadable(raw_key, report, **_at(table, r, key_col)):
            continue
        text = cell_text(raw_key)
        code = codes.get(fold(text).upper())
        if code is None:
            problem = Code.UNKNOWN_ITEM if text else Code.VALUE_MISSING
            report.add(problem, value=text, column="编号", **_at(table, r, key_col))
            continue
        item = items[code]
        if code in seen:
            report.add(
                Code.DUPLICATE_ROW, code=code, first=address(seen[code], key_col), **_at(table, r, key_col)
            )
            continue
        seen[code] = r
        if item.kind is Kind.VETO:
            report.add(Code.VETO_IN_SELF, Severity.WARNING, code=code, **_at(table, r, key_col))
            continue
        blank_is_zero = item.kind is not Kind.BASE
        top, width = float(item.points), len(values)
        for c, own in columns:
            raw = values[c] if c < width else None
            # The common case, a plain number in range, without a call (floats compare as
            # their 15-digit decimals do: rounding keeps the order).
            if type(raw) is float and 0.0 <= raw <= top and (value := FLOAT_DECIMALS.get(raw)) is not None:
                own[code] = value
                continue
            if raw is None and blank_is_zero:
                own[code] = ZERO
                continue
            value = score(raw, item, table, r, c, report, blank_is_zero=blank_is_zero)
            if value is not None:
                own[code] = value
            elif is_blank(raw):
                report.add(Code.SCORE_MISSING, grid=grid_cols[c], code=code, **_at(table, r, c))
    if grid_cols:
        for item in items.values():
            if item.kind is Kind.BASE and item.code not in seen:
                report.add(
                    Code.ROW_MISSING, file=table.file, sheet=table.sheet, code=item.code, content=item.content
                )
    check_totals(table, list(grid_cols), report, _self_sign(items, codes, key_col))
    hidden(table, report, grid_cols)
    return RaterSheet.from_scores(table.file, table.sheet, month, scores, items)


def _self_sign(items: dict[str, Item], codes: dict[str, str], key_col: int) -> Callable[[list[object]], int]:
    def sign(values: list[object]) -> int:
        code = codes.get(fold(cell_text(value_at(values, key_col))).upper())
        kind = items[code].kind if code else None
        return -1 if kind is Kind.DEDUCTION else 0 if kind is Kind.VETO else 1

    return sign


def street_workbook(file: InputFile, context: Context, report: Report) -> list[StreetScore]:
    """A department's workbook for a quarter: every cell it holds, in order (duplicates are
    found across workbooks by validate.street_merge)."""
    grid_lookup, item_lookup = context.grid_lookup, context.item_lookup
    department = file.path.stem
    cells: list[StreetScore] = []
    for table in score_tables(file, STREET_KEYS, report):
        cells += _street_table(table, department, context.items, grid_lookup, item_lookup, report)
    return cells


def _street_table(
    table: Table,
    department: str,
    items: dict[str, Item],
    grid_lookup: GridLookup,
    item_lookup: ItemLookup,
    report: Report,
) -> list[StreetScore]:
    item_cols: dict[int, Item] = {}
    for c, header, where in _score_headers(table, STREET_INFO, report):
        code = item_lookup.find(header)
        if code is None:
            report.add(Code.UNKNOWN_ITEM, value=header, **where)
            continue
        item_cols[c] = items[code]
        if items[code].department != department:
            report.add(
                Code.OTHER_DEPARTMENT,
                Severity.WARNING,
                code=code,
                owner=items[code].department,
                department=department,
                **where,
            )
    key_col = table.column("网格编号")
    if key_col is None:
        key_col = table.column("网格名称")
    hidden(table, report, item_cols)
    cells = []
    for r, values in table.data_rows():
        raw_key = value_at(values, key_col)
        if unreadable(raw_key, report, **_at(table, r, key_col)):
            continue
        key = cell_text(raw_key)
        if not key:
            report.add(Code.VALUE_MISSING, column=table.columns[key_col], **_at(table, r, key_col))
            continue
        grid_id, problem = grid_lookup.find(key)
        if grid_id is None:
            report.add(problem or Code.UNKNOWN_GRID, value=key, **_at(table, r, key_col))
            continue
        for c, item in item_cols.items():
            raw = values[c] if c < len(values) else None
            if item.kind is Kind.VETO:
                value = veto(raw, item, table, r, c, report)
            else:
                value = score(raw, item, table, r, c, report, blank_is_zero=item.kind is not Kind.BASE)
                if value is None and is_blank(raw):
                    report.add(Code.SCORE_MISSING, grid=grid_id, code=item.code, **_at(table, r, c))
            filled = not is_blank(raw)
            cells.append(
                StreetScore(grid_id, item.code, value, department, table.file, table.sheet, r, c, filled)
            )
    check_totals(table, list(item_cols), report)
    return cells
