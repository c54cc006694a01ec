"""Pure: one self-assessment or street workbook -> its validated scores, and its problems.

Each workbook is checked on its own (in a worker process when there are many); what spans
workbooks — a grid in two workbooks, a cell scored twice, completeness — is validate.py's.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from gridscore.io import InputFile
from gridscore.model import Grid, Item, Kind, RaterSheet, StreetColumn
from gridscore.problems import Code, Report, Severity
from gridscore.tables import (
    FLOAT_DECIMALS,
    CellError,
    RawSheet,
    Table,
    address,
    canonical,
    cell_text,
    column_letter,
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

    @functools.cached_property
    def _code_of_text(self) -> dict[str, str | None]:
        return {}

    def code(self, text: str) -> str | None:
        """The item code a key cell's text names, or None (remembered: every sheet repeats them)."""
        known = self._code_of_text
        code = known.get(text)
        if code is None and text not in known:
            code = self.codes.get(fold(text).upper())
            if len(known) < 100_000:
                known[text] = code
        return code


def score_tables(
    file: InputFile, keys: tuple[str, ...], report: Report, context: Context, refused: list[str] | None = None
) -> list[Table]:
    """The visible sheets holding a score table; others are skipped with a note. A sheet that
    is plainly a score table without its key header is an error, never a skipped sheet (its
    name added to `refused`)."""
    tables = []
    refused = [] if refused is None else refused
    info = SELF_INFO if keys == SELF_KEYS else STREET_INFO
    for raw in file.sheets:
        table = find_table(file.name, raw, keys, info)
        if not raw.visible:
            if table is not None:
                report.add(Code.SHEET_HIDDEN, Severity.NOTE, file=file.name, sheet=raw.name, key=keys[0])
        elif table is None:
            if headless := _headless(raw, keys, context):
                refused.append(raw.name)
                r, c, key, samples = headless
                value = cell_text(value_at(raw.rows[r], c)) if r < len(raw.rows) else ""
                report.add(
                    Code.HEADER_KEY_WRONG if value else Code.HEADER_KEY_MISSING,
                    file=file.name,
                    sheet=raw.name,
                    cell=address(r, c),
                    key=key,
                    value=value,
                    sample="、".join(samples),
                )
            else:
                report.add(Code.SHEET_SKIPPED, Severity.NOTE, file=file.name, sheet=raw.name, key=keys[0])
        else:
            tables.append(
                _key_raised(file.name, raw, table, keys, info, context, report)
                or _key_beside(file.name, raw, table, keys, info, context, report)
                or table
            )
    if not tables and not refused:
        report.add(Code.NO_TABLE, file=file.name, key=keys[0])
    return tables


HEADLESS_ROWS = HEADLESS_COLS = 300  # the corner looked at for a score table without its key header


def _names_header(keys: tuple[str, ...], context: Context) -> Callable[[str], str | None]:
    """What a header cell of the table's other columns names: a grid (self), an item (street)."""
    if keys == SELF_KEYS:
        return lambda text: context.grid_lookup.find(text)[0]
    lookup = context.item_lookup
    firsts = {folded[:1] for folded, _ in lookup.codes}  # most cells start like no item code
    return lambda text: lookup.find(text) if fold(text[:2])[:1].upper() in firsts else None


def _names_key(keys: tuple[str, ...], context: Context) -> Callable[[str], str | None]:
    """What a key cell names: an item code (self), a grid (street)."""
    if keys == SELF_KEYS:
        return context.code
    return lambda text: context.grid_lookup.find(text)[0]


def _headless(
    raw: RawSheet, keys: tuple[str, ...], context: Context
) -> tuple[int, int, str, list[str]] | None:
    """Where the key header of a score table belongs, when a sheet without it plainly is one:
    a column mostly of item codes (self) or grids (street), or a header row naming at least
    two grids (self) or items (street). (row, column, the key to write, what was seen); None
    when the sheet is no score table (填表说明 and the like)."""
    rows = raw.rows[:HEADLESS_ROWS]
    texts = [[cell_text(v) if not is_blank(v) else "" for v in values[:HEADLESS_COLS]] for values in rows]
    names_key, names_header = _names_key(keys, context), _names_header(keys, context)
    best_col: tuple[int, int, list[int]] | None = None  # (hits, column, rows hit)
    width = max(map(len, texts), default=0)
    for c in range(width):
        column = [line[c] if c < len(line) else "" for line in texts]
        hits = [r for r, text in enumerate(column) if text and names_key(text)]
        if len(hits) < 2:
            continue
        filled = sum(1 for text in column[hits[0] :] if text)
        if 2 * len(hits) > filled and (best_col is None or len(hits) > best_col[0]):
            best_col = (len(hits), c, hits)
    best_row: tuple[int, int, list[int]] | None = None  # (hits, row, columns hit)
    for r, line in enumerate(texts):
        hits = [c for c, text in enumerate(line) if text and names_header(text)]
        if len(hits) >= 2 and (best_row is None or len(hits) >= best_row[0]):
            best_row = (len(hits), r, hits)  # the latest of equals: ids under a row of names
    if best_col is None and best_row is None:
        return None
    if best_col is not None and (best_row is None or best_row[1] >= best_col[2][0]):
        _, col, hits = best_col
        row = max(hits[0] - 1, 0)
    elif best_col is not None:
        assert best_row is not None
        _, col, _ = best_col
        row = best_row[1]
    else:
        assert best_row is not None
        _, row, header_hits = best_row
        info = SELF_INFO if keys == SELF_KEYS else STREET_INFO
        free = [
            c
            for c, text in enumerate(texts[row])
            if c not in header_hits and (not text or canonical(text) not in info)
        ]
        col = free[0] if free else 0
    # A key header merged down over a two-row header holds its text in the upper row (a
    # header row, not a title: more than one cell filled).
    upper = texts[row - 1] if row > 0 else []
    if not _text_at(texts, row, col) and _text_at(texts, row - 1, col) and sum(map(bool, upper)) > 1:
        row -= 1
    if best_col is not None:
        samples = [texts[r][col] for r in best_col[2][:2]]
    else:
        assert best_row is not None
        samples = [texts[best_row[1]][c] for c in best_row[2][:2]]
    key = keys[0]
    if keys == STREET_KEYS and best_col is not None:
        by_id = context.grid_lookup.by_id
        if not any(fold(texts[r][col]).upper() in by_id for r in best_col[2]):
            key = "网格名称"  # the column holds grid names
    return row, col, key, samples


def _text_at(texts: list[list[str]], r: int, c: int) -> str:
    return texts[r][c] if r < len(texts) and c < len(texts[r]) else ""


def _key_raised(
    file: str,
    raw: RawSheet,
    table: Table,
    keys: tuple[str, ...],
    info: frozenset[str],
    context: Context,
    report: Report,
) -> Table | None:
    """A key header one row below the others' (编号 under a row of grids, nothing else beside
    it): the two rows read as one header, with a warning. None when the table is laid out
    right."""
    r, key_col = table.header_row, table.column(table.key)
    if r == 0 or key_col is None or any(name not in info for name in table.columns.values()):
        return None
    names_header = _names_header(keys, context)
    above = raw.rows[r - 1]
    if not any(not is_blank(v) and names_header(cell_text(v)) for v in above):
        return None
    if not is_blank(value_at(above, key_col)):
        return None
    rows = list(raw.rows)
    rows[r - 1] = [*above, *[None] * (key_col + 1 - len(above))]
    rows[r - 1][key_col] = rows[r][key_col]
    rows[r] = list(rows[r])
    rows[r][key_col] = None
    raised = find_table(file, dataclasses.replace(raw, rows=rows), keys, info)
    if raised is None:
        return None
    report.add(
        Code.HEADER_KEY_LOW,
        Severity.WARNING,
        file=file,
        sheet=raw.name,
        cell=address(r, key_col),
        key=table.columns[key_col],
        row=r,
        low=r + 1,
    )
    return raised


def _key_beside(
    file: str,
    raw: RawSheet,
    table: Table,
    keys: tuple[str, ...],
    info: frozenset[str],
    context: Context,
    report: Report,
) -> Table | None:
    """A key header over an empty column, the keys in the column beside it under a blank
    header (编号 merged over two columns): that column read as the key, with a warning.
    None when the key column holds its keys."""
    key_col = table.column(table.key)
    if key_col is None or any(not is_blank(value_at(values, key_col)) for _, values in table.data_rows()):
        return None
    names_key = _names_key(keys, context)
    for c in (key_col + 1, key_col - 1):
        if c < 0 or c in table.columns:
            continue
        cells = [cell_text(value_at(values, c)) for _, values in table.data_rows()]
        hits = [text for text in cells if text and names_key(text)]
        if len(hits) < 2 or 2 * len(hits) <= sum(map(bool, cells)):
            continue
        # the key text moved over its keys, in the row that holds it (the upper of two rows)
        h = table.header_row
        r = next((r for r in (h, h - 1) if r >= 0 and not is_blank(value_at(raw.rows[r], key_col))), h)
        rows = list(raw.rows)
        rows[r] = [*rows[r], *[None] * (c + 1 - len(rows[r]))]
        rows[r][c], rows[r][key_col] = rows[r][key_col], None
        moved = find_table(file, dataclasses.replace(raw, rows=rows), keys, info)
        if moved is None:
            return None
        report.add(
            Code.HEADER_KEY_BESIDE,
            Severity.WARNING,
            file=file,
            sheet=raw.name,
            cell=address(r, key_col),
            key=table.key,
            column=column_letter(c),
            sample="、".join(hits[:2]),
        )
        return moved
    return None


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
    """A village's workbook for a month: one RaterSheet per rater's sheet; a sheet refused for
    its key header counts as its rater's (scoring nothing), so the rater is not also missing."""
    refused: list[str] = []
    tables = score_tables(file, SELF_KEYS, report, context, refused)
    sheets = [_rater_sheet(table, month, context, report) for table in tables]
    return sheets + [RaterSheet(file.name, name, month) for name in refused]


def _rater_sheet(table: Table, month: str, context: Context, report: Report) -> RaterSheet:
    items, lookup = context.items, context.grid_lookup
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
    rows: list[tuple[int, list[object], Item]] = []  # the rows scored: item rows, vetoes aside
    seen: dict[str, int] = {}  # item code -> its row
    for r, values in table.data_rows():
        raw_key = value_at(values, key_col)
        if isinstance(raw_key, CellError):
            unreadable(raw_key, report, **_at(table, r, key_col))
            continue
        text = cell_text(raw_key)
        code = context.code(text)
        if code is None:
            problem = Code.UNKNOWN_ITEM if text else Code.VALUE_MISSING
            report.add(problem, value=text, column="编号", **_at(table, r, key_col))
            continue
        if code in seen:
            report.add(
                Code.DUPLICATE_ROW, code=code, first=address(seen[code], key_col), **_at(table, r, key_col)
            )
            continue
        seen[code] = r
        if items[code].kind is Kind.VETO:
            report.add(Code.VETO_IN_SELF, Severity.WARNING, code=code, **_at(table, r, key_col))
            continue
        rows.append((r, values, items[code]))
    if _blank_form(table, [values for _, values, _ in rows], grid_cols, [item for *_, item in rows], report):
        return RaterSheet(table.file, table.sheet, month, {}, "")
    sheet = _clean_sheet(table, rows, grid_cols, month, items)
    if sheet is None:
        scores = _cell_by_cell(table, rows, grid_cols, report)
        sheet = RaterSheet.from_scores(table.file, table.sheet, month, scores, items)
    if grid_cols:
        for item in items.values():
            if item.kind is Kind.BASE and item.code not in seen:
                report.add(
                    Code.ROW_MISSING, file=table.file, sheet=table.sheet, code=item.code, content=item.content
                )
    check_totals(table, list(grid_cols), report, _self_sign(context, key_col))
    hidden(table, report, grid_cols)
    return sheet


def _blank_form(
    table: Table, lines: list[list[object]], score_cols: Iterable[int], items: Iterable[Item], report: Report
) -> bool:
    """A form with no score filled in at all (a template not yet filled) is one error for the
    sheet, not one per empty cell; True when it is one. A table without base items (bonus,
    deduction or veto only) may rightly be left blank."""
    cols = list(score_cols)
    if not cols or not lines or not any(item.kind is Kind.BASE for item in items):
        return False
    if any(not is_blank(value_at(values, c)) for values in lines for c in cols):
        return False
    report.add(Code.SHEET_BLANK, file=table.file, sheet=table.sheet)
    return True


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
                report.add(Code.SCORE_MISSING, grid=grid_id, code=item.code, **_at(table, r, c))
    return scores


def _clean_values(
    cells: list[object],
    check: Callable[[object], Decimal | None],
    cache: dict[tuple[type, object], Decimal | None],
) -> dict[object, Decimal] | None:
    """Each distinct cell value's score, checked once; None when any is blank where a score
    is needed, or wrong (the cells are then checked one by one, and reported)."""
    try:
        distinct = set(cells)
    except TypeError:  # an unhashable cell value: never from the readers, but be safe
        return None
    if bool in set(map(type, cells)):
        return None  # TRUE is never a score, but it equals 1 and would hide in the set behind one
    found = {}
    for raw in distinct:
        key = (type(raw), raw)
        if key not in cache:
            cache[key] = check(raw)
        if (value := cache[key]) is None:
            return None
        found[raw] = value
    return found


MAX_PLACES = 12  # decimals summed as scaled integers; more (a stray 1e-300) go cell by cell


def _clean_sheet(
    table: Table,
    rows: list[tuple[int, list[object], Item]],
    grid_cols: dict[int, str],
    month: str,
    items: dict[str, Item],
) -> RaterSheet | None:
    """The sheet summed a row at a time when every score cell is a number in range, which is
    nearly always: each distinct value of a row is checked once (by score(), as cell by cell)
    and the columns are summed as integers scaled to the sheet's decimals. None when any cell
    is blank where a score is needed or wrong, so that it is read cell by cell and reported."""
    cols = list(grid_cols)
    if not cols:
        return None
    first, end = cols[0], cols[-1] + 1
    contiguous = end - first == len(cols)
    caches: dict[tuple[Decimal, bool], dict[tuple[type, object], Decimal | None]] = {}
    unreported = Report()  # score() reports nothing here: a problem sends the sheet cell by cell
    decimals: dict[object, Decimal] = {}  # cell value -> its score, over the sheet
    rows_read: list[tuple[list[object], Item, set[Decimal]]] = []
    for r, values, item in rows:
        cells = (
            values[first:end] if contiguous and len(values) >= end else [value_at(values, c) for c in cols]
        )
        blank_is_zero = item.kind is not Kind.BASE
        found = _clean_values(  # the check is called here and now, with this row's item
            cells,
            lambda raw: score(raw, item, table, r, first, unreported, blank_is_zero=blank_is_zero),  # noqa: B023
            caches.setdefault((item.points, blank_is_zero), {}),
        )
        if found is None:
            return None
        decimals.update(found)  # a value scores the same on every row it is clean on
        rows_read.append((cells, item, set(found.values())))
    places = max([0, *(-value.as_tuple().exponent for value in decimals.values())])
    if places > MAX_PLACES:
        return None
    plus = {raw: int(value.scaleb(places)) for raw, value in decimals.items()}
    minus = {raw: -n for raw, n in plus.items()}
    scaled = [
        list(map((minus if item.kind is Kind.DEDUCTION else plus).__getitem__, cells))
        for cells, item, _ in rows_read
    ]
    columns = zip(*scaled, strict=True) if scaled else ([] for _ in cols)
    totals = {
        grid_cols[c]: Decimal(sum(column)).scaleb(-places) for c, column in zip(cols, columns, strict=True)
    }
    base = [item for item in items.values() if item.kind is Kind.BASE]
    full = {item.code: row_scores == {item.points} for _, item, row_scores in rows_read}
    straight = ""
    if base and all(full.get(item.code, False) for item in base):
        straight = "full_marks"
    elif (
        len(cols) > 1
        and base
        and all(len(row_scores) == 1 for _, item, row_scores in rows_read if item.kind is Kind.BASE)
    ):  # the base items only: bonus and deduction cells record events, and may differ
        straight = "same_scores"
    return RaterSheet(table.file, table.sheet, month, totals, straight)


def _self_sign(context: Context, key_col: int) -> Callable[[list[object]], int]:
    def sign(values: list[object]) -> int:
        code = context.code(cell_text(value_at(values, key_col)))
        kind = context.items[code].kind if code else None
        return -1 if kind is Kind.DEDUCTION else 0 if kind is Kind.VETO else 1

    return sign


def street_workbook(file: InputFile, context: Context, report: Report) -> list[StreetColumn]:
    """A department's workbook for a quarter: every item column it holds, in order
    (duplicates are found across workbooks by validate.StreetMerge)."""
    grid_lookup, item_lookup = context.grid_lookup, context.item_lookup
    department = file.path.stem
    columns: list[StreetColumn] = []
    for table in score_tables(file, STREET_KEYS, report, context):
        columns += _street_table(table, department, context.items, grid_lookup, item_lookup, report)
    return columns


def _street_table(
    table: Table,
    department: str,
    items: dict[str, Item],
    grid_lookup: GridLookup,
    item_lookup: ItemLookup,
    report: Report,
) -> list[StreetColumn]:
    item_cols: dict[int, Item] = {}
    for c, header, where in _score_headers(table, STREET_INFO, report):
        code = item_lookup.find(header)
        if code is None and table.key == "网格名称" and (ids := _grid_ids(table, c, grid_lookup)):
            # 网格编号 retyped (编号) beside 网格名称: refused, as a table with no key header
            value = cell_text(value_at(table.header_values, c))
            report.add(Code.HEADER_KEY_WRONG, key="网格编号", value=value, sample="、".join(ids[:2]), **where)
            return []
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
    rows, grids, lines = [], [], []
    for r, values in table.data_rows():
        raw_key = value_at(values, key_col)
        if isinstance(raw_key, CellError):
            unreadable(raw_key, report, **_at(table, r, key_col))
            continue
        key = cell_text(raw_key)
        if not key:
            report.add(Code.VALUE_MISSING, column=table.columns[key_col], **_at(table, r, key_col))
            continue
        grid_id, problem = grid_lookup.find(key)
        if grid_id is None:
            report.add(problem or Code.UNKNOWN_GRID, value=key, **_at(table, r, key_col))
            continue
        rows.append(r)
        grids.append(grid_id)
        lines.append(values)
    row_numbers, grid_ids = tuple(rows), tuple(grids)
    blank = _blank_form(table, lines, item_cols, item_cols.values(), report)
    columns = []
    for c, item in item_cols.items():
        cells = [value_at(values, c) for values in lines]
        if blank:  # reported once for the table; its cells count as seen, and unscored
            scores: tuple[Decimal | None, ...] = (None,) * len(cells)
        else:
            scores = _street_column(cells, item, table, rows, grids, c, report)
        blanks = sum(is_blank(raw) for raw in cells)
        columns.append(
            StreetColumn(
                item.code, table.file, table.sheet, c, row_numbers, grid_ids, scores, len(cells) - blanks
            )
        )
    check_totals(table, list(item_cols), report)
    return columns


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
    found = _clean_values(cells, lambda raw: check(raw, 0, unreported), {})
    if found is not None:
        return tuple(map(found.__getitem__, cells))
    scores = []
    for r, grid_id, raw in zip(rows, grids, cells, strict=True):
        value = check(raw, r, report)
        if value is None and item.kind is not Kind.VETO and is_blank(raw):
            report.add(Code.SCORE_MISSING, grid=grid_id, code=item.code, **_at(table, r, c))
        scores.append(value)
    return tuple(scores)
