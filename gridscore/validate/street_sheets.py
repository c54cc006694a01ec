"""A department's quarter workbook read into StreetColumns: one column of scores per item."""

from __future__ import annotations

from decimal import Decimal
from operator import itemgetter

from gridscore.model import Item, Kind, StreetColumn
from gridscore.problems import Code, Report
from gridscore.tables import (
    CellError,
    InputFile,
    Table,
    cell_text,
    fold,
    is_blank,
    value_at,
)
from gridscore.validate.common import (
    STREET_INFO,
    GridLookup,
    ItemLookup,
    blank_form,
    cell_at,
    check_totals,
    clean_values,
    hidden,
    score,
    score_headers,
    suggesting,
    unreadable,
    veto,
)
from gridscore.validate.score_tables import STREET, Context, score_tables


def street_workbook(file: InputFile, context: Context, report: Report) -> list[StreetColumn]:
    """A department's workbook for a quarter: every item column it holds, in order
    (duplicates are found across workbooks by validate.StreetMerge)."""
    grid_lookup, item_lookup = context.grid_lookup, context.item_lookup
    department = context.departments.find(file.path.stem)
    if department is None:  # said once for the file, not once per column as another department's
        department = context.departments.suggest(file.path.stem)
        report.add(
            Code.UNKNOWN_DEPARTMENT,
            file=file.name,
            value=file.path.stem,
            **suggesting(department),
            example=department or next(iter(context.departments.by_key.values()), ""),
        )
    columns: list[StreetColumn] = []
    for table in score_tables(file, STREET, report, context):
        columns += _street_table(table, department, context.items, grid_lookup, item_lookup, report)
    return columns


def _street_table(
    table: Table,
    department: str | None,
    items: dict[str, Item],
    grid_lookup: GridLookup,
    item_lookup: ItemLookup,
    report: Report,
) -> list[StreetColumn]:
    item_cols: dict[int, Item] = {}
    for c, header, where in score_headers(table, STREET_INFO, report):
        code = item_lookup.find(header)
        if code is None and table.key == "网格名称" and (ids := _grid_ids(table, c, grid_lookup)):
            # 网格编号 retyped (编号) beside 网格名称: refused, as a table with no key header
            value = cell_text(value_at(table.header_values, c))
            report.add(Code.HEADER_KEY_WRONG, key="网格编号", value=value, sample="、".join(ids[:2]), **where)
            return []
        if code is None:
            report.add(Code.UNKNOWN_ITEM, value=header, **suggesting(item_lookup.suggest(header)), **where)
            continue
        item_cols[c] = items[code]
        if department is not None and items[code].department != department:
            report.add(
                Code.OTHER_DEPARTMENT,
                code=code,
                owner=items[code].department,
                department=department,
                **where,
            )
    key_col = table.column("网格编号")
    if key_col is None:
        key_col = table.column("网格名称")
    hidden(table, report, item_cols)
    rows, grids, lines = _keyed_rows(table, key_col, grid_lookup) or _rows_read(
        table, key_col, grid_lookup, report
    )
    row_numbers, grid_ids = tuple(rows), tuple(grids)
    blank = blank_form(table, lines, item_cols, item_cols.values(), report)
    columns = []
    long = min(map(len, lines), default=0) > max(item_cols, default=0)  # every row reaches every column
    for c, item in item_cols.items():
        cells = list(map(itemgetter(c), lines)) if long else [value_at(values, c) for values in lines]
        if blank:  # reported once for the table; its cells count as seen, and unscored
            scores: tuple[Decimal | None, ...] = (None,) * len(cells)
        else:
            scores = _street_column(cells, item, table, rows, grids, c, report)
        blanks = _blanks(cells)
        columns.append(
            StreetColumn(
                item.code, table.file, table.sheet, c, row_numbers, grid_ids, scores, len(cells) - blanks
            )
        )
    check_totals(table, list(item_cols), report)
    return columns


def _keyed_rows(
    table: Table, key_col: int, grid_lookup: GridLookup
) -> tuple[list[int], list[str], list[list[object]]] | None:
    """The rows, their grids and their cells when every row's key names a grid, which is
    nearly always (nothing to report: the texts made once, each looked up once); else None."""
    if key_col != table.column(table.key):  # its key texts are not the table's data_keys()
        return None
    texts = table.data_keys()
    if not all(texts):  # a key missing (or a row too short to reach the key column)
        return None
    grids = [grid_id for grid_id, _ in grid_lookup.find_all(texts)]
    if None in grids:
        return None
    data = list(table.data_rows())
    lines = [values for _, values in data]
    if CellError in set(map(type, map(itemgetter(key_col), lines))):
        return None
    return [r for r, _ in data], grids, lines  # type: ignore[return-value]  # no None in grids


def _rows_read(
    table: Table, key_col: int, grid_lookup: GridLookup, report: Report
) -> tuple[list[int], list[str], list[list[object]]]:
    """The rows whose key names a grid, their grids and their cells; every other key reported."""
    rows, grids, lines = [], [], []
    for r, values in table.data_rows():
        raw_key = value_at(values, key_col)
        if isinstance(raw_key, CellError):
            unreadable(raw_key, report, **cell_at(table, r, key_col))
            continue
        key = cell_text(raw_key)
        if not key:
            report.add(Code.VALUE_MISSING, column=table.columns[key_col], **cell_at(table, r, key_col))
            continue
        grid_id, problem = grid_lookup.find(key)
        if grid_id is None:
            suggestion = grid_lookup.suggest(key)
            report.add(
                problem or Code.UNKNOWN_GRID,
                value=key,
                **suggesting(suggestion),
                **cell_at(table, r, key_col),
            )
            continue
        rows.append(r)
        grids.append(grid_id)
        lines.append(values)
    return rows, grids, lines


def _blanks(cells: list[object]) -> int:
    """How many cells are blank: each distinct value looked at once (a blank is None or
    text, equal to no cell of another type)."""
    try:
        distinct = set(cells)
    except TypeError:  # an unhashable cell value: never from the readers, but be safe
        return sum(is_blank(raw) for raw in cells)
    return sum(cells.count(raw) for raw in distinct if (raw is None or type(raw) is str) and is_blank(raw))


def _grid_ids(table: Table, c: int, grid_lookup: GridLookup) -> list[str]:
    """A column's cells, when they are mostly roster grid ids (the grid id column misnamed)."""
    cells = [cell_text(value_at(values, c)) for _, values in table.data_rows()]
    cells = [text for text in cells if text]
    ids = [text for text in cells if fold(text).upper() in grid_lookup.by_id]
    return ids if len(ids) >= 2 and 2 * len(ids) > len(cells) else []


def _street_column(
    cells: list[object], item: Item, table: Table, rows: list[int], grids: list[str], c: int, report: Report
) -> tuple[Decimal | None, ...]:
    """A column's scores: each distinct value checked once when all are clean (nearly
    always), else cell by cell with every problem reported where it is."""

    def check(raw: object, r: int, into: Report) -> Decimal | None:
        if item.kind is Kind.VETO:
            return veto(raw, item, table, r, c, into)
        return score(raw, item, table, r, c, into, blank_is_zero=item.kind is not Kind.BASE)

    unreported = Report()
    found = clean_values(cells, lambda raw: check(raw, 0, unreported), {})
    if found is not None:
        return tuple(map(found.__getitem__, cells))
    scores = []
    for r, grid_id, raw in zip(rows, grids, cells, strict=True):
        value = check(raw, r, report)
        if value is None and item.kind is not Kind.VETO and is_blank(raw):
            report.add(Code.SCORE_MISSING, grid=grid_id, code=item.code, **cell_at(table, r, c))
        scores.append(value)
    return tuple(scores)
