"""A village's month workbook read into RaterSheets, one per rater (a fast path beside the cell path).

Each workbook is checked on its own (in a worker process when there are many); what spans
workbooks — a grid in two workbooks, a cell scored twice, completeness — is validate.across's.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import chain

from gridscore.model import Item, Kind, RaterSheet, Straight
from gridscore.problems import Code, Report
from gridscore.tables import (
    CellError,
    InputFile,
    Table,
    address,
    cell_text,
    is_blank,
    value_at,
)
from gridscore.validate.common import (
    SELF_INFO,
    blank_form,
    cell_at,
    check_totals,
    clean_block,
    hidden,
    score,
    score_headers,
    suggesting,
    unreadable,
)
from gridscore.validate.score_tables import SELF, Context, score_tables

BASE, DEDUCTION, VETO = Kind.BASE, Kind.DEDUCTION, Kind.VETO  # Kind.X is an attribute look-up each time


def self_workbook(file: InputFile, month: str, context: Context, report: Report) -> list[RaterSheet]:
    """A village's workbook for a month: one RaterSheet per rater's sheet; a sheet refused for
    its key header counts as its rater's (scoring nothing), so the rater is not also missing."""
    refused: list[str] = []
    tables = score_tables(file, SELF, report, context, refused)
    sheets = [_rater_sheet(table, month, context, report) for table in tables]
    return sheets + [RaterSheet(file.name, name, month) for name in refused]


def _rater_sheet(table: Table, month: str, context: Context, report: Report) -> RaterSheet:
    items, lookup = context.items, context.grid_lookup
    grid_cols: dict[int, str] = {}
    first_col: dict[str, str] = {}
    for c, header, where in score_headers(table, SELF_INFO, report):
        grid_id, problem = lookup.find(header)
        if grid_id is None:
            report.add(problem, value=header, **suggesting(lookup.suggest(header)), **where)
        elif grid_id in first_col:
            report.add(Code.DUPLICATE_COLUMN, grid=grid_id, first=first_col[grid_id], **where)
        else:
            first_col[grid_id] = where["cell"]
            grid_cols[c] = grid_id
    key_col = table.column("编号")
    assert key_col is not None and table.key == "编号"  # its key texts are the table's data_keys()
    rows: list[tuple[int, list[object], Item]] = []  # the rows scored: item rows, vetoes aside
    seen: dict[str, int] = {}  # item code -> its row
    misspelt: set[str] = set()  # the codes that unknown keys were suggested to mean
    for (r, values), text in zip(table.data_rows(), table.data_keys(), strict=True):
        code = context.code(text)
        # A key that names an item is a cell with text (within the row); any other is looked at.
        if code is None or isinstance(values[key_col], CellError):
            raw_key = value_at(values, key_col)
            if isinstance(raw_key, CellError):
                unreadable(raw_key, report, **cell_at(table, r, key_col))
                continue
        if code is None:
            if text:
                suggestion = context.item_lookup.suggest(text)
                report.add(
                    Code.UNKNOWN_ITEM, value=text, **suggesting(suggestion), **cell_at(table, r, key_col)
                )
                if suggestion is not None:  # the row is there, misspelt: not also a missing row
                    misspelt.add(suggestion)
            else:
                report.add(Code.VALUE_MISSING, column="编号", **cell_at(table, r, key_col))
            continue
        if code in seen:
            report.add(
                Code.DUPLICATE_ROW,
                code=code,
                first=address(seen[code], key_col),
                **cell_at(table, r, key_col),
            )
            continue
        seen[code] = r
        if items[code].kind is VETO:
            report.add(Code.VETO_IN_SELF, code=code, **cell_at(table, r, key_col))
            continue
        rows.append((r, values, items[code]))
    lines = [values for _, values, _ in rows]
    if blank_form(table, lines, grid_cols, (item for *_, item in rows), report):
        return RaterSheet(table.file, table.sheet, month, {}, "")
    sheet = _clean_sheet(table, rows, lines, grid_cols, month, context)
    if sheet is None:
        scores = _cell_by_cell(table, rows, grid_cols, report)
        sheet = RaterSheet.from_scores(table.file, table.sheet, month, scores, items)
    if grid_cols:
        for item in context.base_items:
            if item.code not in seen and item.code not in misspelt:
                report.add(
                    Code.ROW_MISSING, file=table.file, sheet=table.sheet, code=item.code, content=item.content
                )
    check_totals(table, list(grid_cols), report, _self_sign(context, key_col))
    hidden(table, report, grid_cols)
    return sheet


def _cell_by_cell(
    table: Table, rows: list[tuple[int, list[object], Item]], grid_cols: dict[int, str], report: Report
) -> dict[str, dict[str, Decimal]]:
    """scores[grid][code], every cell checked and every problem reported where it is."""
    scores: dict[str, dict[str, Decimal]] = {g: {} for g in grid_cols.values()}
    for r, values, item in rows:
        blank_is_zero = item.kind is not Kind.BASE
        for c, grid_id in grid_cols.items():
            value = score(value_at(values, c), item, table, r, c, report, blank_is_zero=blank_is_zero)
            if value is not None:
                scores[grid_id][item.code] = value
            elif is_blank(value_at(values, c)):
                report.add(Code.SCORE_MISSING, grid=grid_id, code=item.code, **cell_at(table, r, c))
    return scores


MAX_PLACES = 12  # decimals summed as scaled integers; more (a stray 1e-300) go cell by cell


def _clean_sheet(
    table: Table,
    rows: list[tuple[int, list[object], Item]],
    lines: list[list[object]],
    grid_cols: dict[int, str],
    month: str,
    context: Context,
) -> RaterSheet | None:
    """The sheet summed at once when every score cell is a number in range, which is nearly
    always: the rows grouped by what their cells may hold (the item's points, blank as 0 or
    not), each group's distinct values checked once (by score(), as cell by cell, remembered
    for the process), and the columns summed as integers scaled to the sheet's decimals, with
    no list per row. None when any cell is blank where a score is needed or wrong, so that it
    is read cell by cell and reported."""
    cols = list(grid_cols)
    if not cols:
        return None
    first, end = cols[0], cols[-1] + 1
    if end - first == len(cols) and min(map(len, lines), default=end) >= end:
        cells = [values[first:end] for values in lines]  # each row's score cells
    else:
        cells = [[value_at(values, c) for c in cols] for values in lines]
    groups: dict[tuple[Decimal, bool, bool], tuple[Item, list[list[object]]]] = {}
    for row, (_, _, item) in zip(cells, rows, strict=True):
        kind = item.kind
        key = (item.points, kind is not BASE, kind is DEDUCTION)
        group = groups.get(key)
        if group is None:
            groups[key] = group = (item, [])
        group[1].append(row)
    unreported = Report()  # score() reports nothing here: a problem sends the sheet cell by cell
    decimals: dict[object, Decimal] = {}  # cell value -> its score, over the sheet
    signed: dict[bool, list[list[object]]] = {False: [], True: []}  # deduction rows or not
    for (points, blank_is_zero, deduction), (item, block) in groups.items():
        found = clean_block(  # a value's score depends on the item's points and blank rule only
            block,
            lambda raw: score(raw, item, table, 0, first, unreported, blank_is_zero=blank_is_zero),  # noqa: B023
            context.score_cache(points, blank_is_zero),
        )
        if found is None:
            return None
        decimals.update(found)  # a value scores the same in every group it is clean in
        signed[deduction] += block
    places = max([0, *(-value.as_tuple().exponent for value in decimals.values())])
    if places > MAX_PLACES:
        return None
    get = {raw: int(value.scaleb(places)) for raw, value in decimals.items()}.__getitem__
    n = len(cols)
    added = list(map(get, chain.from_iterable(signed[False])))  # row by row: column j at j, j + n …
    taken = list(map(get, chain.from_iterable(signed[True])))
    totals = {
        grid_cols[c]: Decimal(sum(added[j::n]) - sum(taken[j::n])).scaleb(-places) for j, c in enumerate(cols)
    }
    return RaterSheet(table.file, table.sheet, month, totals, _straight(cells, rows, n, decimals, context))


def _straight(
    cells: list[list[object]],
    rows: list[tuple[int, list[object], Item]],
    n: int,
    decimals: dict[object, Decimal],
    context: Context,
) -> Straight | None:
    """How a clean sheet is straight-lined, as RaterSheet.from_scores finds it: each base
    item's row full marks (and every base item has its row), or one score on each row."""
    if not context.base_items:
        return None
    full, same, scored = True, n > 1, 0
    for row, (_, _, item) in zip(cells, rows, strict=True):
        if item.kind is BASE:
            scores = {decimals[raw] for raw in set(row)}
            full = full and scores == {item.points}
            same = same and len(scores) == 1
            if not (full or same):
                return None
            scored += 1
    # A sheet's item codes are distinct, so as many base rows as base items is every one of them.
    if full and scored == len(context.base_items):
        return Straight.FULL_MARKS
    # the base items only: bonus and deduction cells record events, and may differ
    return Straight.SAME_SCORES if same else None


def _self_sign(context: Context, key_col: int) -> Callable[[list[object]], int]:
    def sign(values: list[object]) -> int:
        code = context.code(cell_text(value_at(values, key_col)))
        kind = context.items[code].kind if code else None
        return -1 if kind is Kind.DEDUCTION else 0 if kind is Kind.VETO else 1

    return sign
