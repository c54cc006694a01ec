"""A village's month workbook read into RaterSheets, one per rater (a fast path beside the cell path).

Each workbook is checked on its own (in a worker process when there are many); what spans
workbooks — a grid in two workbooks, a cell scored twice, completeness — is validate.across's.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from decimal import Decimal

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
    clean_values,
    hidden,
    score,
    score_headers,
    suggesting,
    unreadable,
)
from gridscore.validate.score_tables import SELF, Context, score_tables


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
        if items[code].kind is Kind.VETO:
            report.add(Code.VETO_IN_SELF, code=code, **cell_at(table, r, key_col))
            continue
        rows.append((r, values, items[code]))
    if blank_form(table, [values for _, values, _ in rows], grid_cols, [item for *_, item in rows], report):
        return RaterSheet(table.file, table.sheet, month, {}, "")
    sheet = _clean_sheet(table, rows, grid_cols, month, items)
    if sheet is None:
        scores = _cell_by_cell(table, rows, grid_cols, report)
        sheet = RaterSheet.from_scores(table.file, table.sheet, month, scores, items)
    if grid_cols:
        for item in items.values():
            if item.kind is Kind.BASE and item.code not in seen and item.code not in misspelt:
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
    grid_cols: dict[int, str],
    month: str,
    items: dict[str, Item],
) -> RaterSheet | None:
    """The sheet summed at once when every score cell is a number in range, which is nearly
    always: the rows grouped by what their cells may hold (the item's points, blank as 0 or
    not), each group's distinct values checked once (by score(), as cell by cell), and the
    columns summed as integers scaled to the sheet's decimals, with no list per row. None when
    any cell is blank where a score is needed or wrong, so that it is read cell by cell and
    reported."""
    cols = list(grid_cols)
    if not cols:
        return None
    first, end = cols[0], cols[-1] + 1
    contiguous = end - first == len(cols)
    lines: list[list[object]] = []  # each row's score cells, in the order of rows
    groups: dict[tuple[Decimal, bool], tuple[int, Item, list[list[object]]]] = {}
    for r, values, item in rows:
        cells = (
            values[first:end] if contiguous and len(values) >= end else [value_at(values, c) for c in cols]
        )
        lines.append(cells)
        key = (item.points, item.kind is not Kind.BASE)
        if key not in groups:
            groups[key] = (r, item, [])
        groups[key][2].append(cells)
    unreported = Report()  # score() reports nothing here: a problem sends the sheet cell by cell
    decimals: dict[object, Decimal] = {}  # cell value -> its score, over the sheet
    for (_, blank_is_zero), (r, item, block) in groups.items():
        found = clean_values(  # a value's score depends on the item's points and blank rule only
            list(itertools.chain.from_iterable(block)),
            lambda raw: score(raw, item, table, r, first, unreported, blank_is_zero=blank_is_zero),  # noqa: B023
            {},
        )
        if found is None:
            return None
        decimals.update(found)  # a value scores the same in every group it is clean in
    places = max([0, *(-value.as_tuple().exponent for value in decimals.values())])
    if places > MAX_PLACES:
        return None
    get = {raw: int(value.scaleb(places)) for raw, value in decimals.items()}.__getitem__
    added = [
        cells for cells, (_, _, item) in zip(lines, rows, strict=True) if item.kind is not Kind.DEDUCTION
    ]
    taken = [cells for cells, (_, _, item) in zip(lines, rows, strict=True) if item.kind is Kind.DEDUCTION]
    totals = {
        grid_cols[c]: Decimal(sum(map(get, plus)) - sum(map(get, minus))).scaleb(-places)
        for c, plus, minus in zip(cols, _columns(added, cols), _columns(taken, cols), strict=True)
    }
    return RaterSheet(table.file, table.sheet, month, totals, _straight(lines, rows, cols, decimals, items))


def _columns(lines: list[list[object]], cols: list[int]) -> Iterable[tuple[object, ...]]:
    """The cells of each column of rows of cells (one empty column per column without rows)."""
    return zip(*lines, strict=True) if lines else [() for _ in cols]


def _straight(
    lines: list[list[object]],
    rows: list[tuple[int, list[object], Item]],
    cols: list[int],
    decimals: dict[object, Decimal],
    items: dict[str, Item],
) -> Straight | None:
    """How a clean sheet is straight-lined, as RaterSheet.from_scores finds it: each base
    item's row full marks (and every base item has its row), or one score on each row."""
    base = [item for item in items.values() if item.kind is Kind.BASE]
    if not base:
        return None
    scored = [
        (cells, item) for cells, (_, _, item) in zip(lines, rows, strict=True) if item.kind is Kind.BASE
    ]
    # A sheet's item codes are distinct, so as many base rows as base items is every one of them.
    if len(scored) == len(base) and all(
        {decimals[raw] for raw in set(cells)} == {item.points} for cells, item in scored
    ):
        return Straight.FULL_MARKS
    if len(cols) > 1 and all(len({decimals[raw] for raw in set(cells)}) == 1 for cells, _ in scored):
        # the base items only: bonus and deduction cells record events, and may differ
        return Straight.SAME_SCORES
    return None


def _self_sign(context: Context, key_col: int) -> Callable[[list[object]], int]:
    def sign(values: list[object]) -> int:
        code = context.code(cell_text(value_at(values, key_col)))
        kind = context.items[code].kind if code else None
        return -1 if kind is Kind.DEDUCTION else 0 if kind is Kind.VETO else 1

    return sign
