"""The tables of a workbook (score tables, the checklist, the roster, event logs), found by their key header, or where it was lost (raised, beside, blank)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from gridscore.i18n import Phrase
from gridscore.model import Grid, Item, Kind
from gridscore.problems import Code, Report
from gridscore.tables import (
    InputFile,
    RawSheet,
    Table,
    address,
    canonical,
    cell_text,
    column_letter,
    find_table,
    fold,
    is_blank,
    value_at,
)
from gridscore.validate.common import (
    SELF_INFO,
    STREET_INFO,
    DepartmentLookup,
    GridLookup,
    ItemLookup,
)

SELF_KEYS = ("编号",)
SCORE_CACHE = 10_000
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
    def departments(self) -> DepartmentLookup:
        return DepartmentLookup(self.items)

    @functools.cached_property
    def codes(self) -> dict[str, str]:
        """Item codes by their folded, upper-case form (dj-01 and ＤＪ－０１ are DJ-01)."""
        return {fold(code).upper(): code for code in self.items}

    @functools.cached_property
    def _code_of_text(self) -> dict[str, str | None]:
        return {}

    @functools.cached_property
    def base_items(self) -> list[Item]:
        """The checklist's base items, in its order."""
        return [item for item in self.items.values() if item.kind is Kind.BASE]

    @functools.cached_property
    def _score_caches(self) -> dict[tuple[Decimal, bool], dict[tuple[type, object], Decimal | None]]:
        return {}

    def score_cache(self, points: Decimal, blank_is_zero: bool) -> dict[tuple[type, object], Decimal | None]:
        """A clean-path memo of cell values' scores for items of these points and blank rule
        (kept for the process, at most SCORE_CACHE values each: sheets repeat a few dozen)."""
        cache = self._score_caches.setdefault((points, blank_is_zero), {})
        if len(cache) > SCORE_CACHE:
            cache.clear()
        return cache

    def code(self, text: str) -> str | None:
        """The item code a key cell's text names, or None (remembered: every sheet repeats them)."""
        known = self._code_of_text
        code = known.get(text)
        if code is None and text not in known:
            code = self.codes.get(fold(text).upper())
            if len(known) < 100_000:
                known[text] = code
        return code


@dataclass(frozen=True)
class TableKind:
    """A kind of table and how a workbook holds it: found by its key header (`keys`, the first
    named in problems); `info` its informational columns (a 合计 there beside a blank key marks a
    total row); `what` what it is, a phrase key (a sheet without it "is not …"); `single` when
    a workbook holds one (the checklist, the roster), else any number (a rater or a department
    per sheet, an event export over several sheets)."""

    keys: tuple[str, ...]
    what: str
    info: frozenset[str] = frozenset()
    single: bool = False


SELF = TableKind(SELF_KEYS, "table.score", SELF_INFO)
STREET = TableKind(STREET_KEYS, "table.score", STREET_INFO)


def score_tables(
    file: InputFile,
    kind: TableKind,
    report: Report,
    context: Context | None = None,
    refused: list[str] | None = None,
) -> list[Table]:
    """The visible sheets holding a table of `kind`; a hidden sheet holding one is left out
    with a note, any other sheet skipped with a note, every table kind alike (score workbooks,
    the checklist and the roster, event logs). A second visible table of a single kind is an
    error naming both sheets, and neither is returned: which one is meant is the clerk's call.

    With the checklist and roster (`context`, score tables only) a sheet that is plainly a
    score table without its key header is an error, never a skipped sheet (its name added to
    `refused`), and a key header raised or beside its column is read with a warning. The other
    kinds have no such repairs: their sheets are found by their key header alone."""
    tables = []
    refused = [] if refused is None else refused
    keys, info = kind.keys, kind.info
    for raw in file.sheets:
        table = find_table(file.name, raw, keys, info)
        if not raw.visible:
            if table is not None:
                report.add(Code.SHEET_HIDDEN, file=file.name, sheet=raw.name, key=keys[0])
        elif table is None:
            if context is not None and (headless := _headless(raw, keys, context)):
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
                what = Phrase(kind.what)
                report.add(Code.SHEET_SKIPPED, file=file.name, sheet=raw.name, key=keys[0], what=what)
        elif context is None:
            tables.append(table)
        else:
            tables.append(
                _key_raised(file.name, raw, table, keys, info, context, report)
                or _key_beside(file.name, raw, table, keys, info, context, report)
                or table
            )
    if not tables and not refused:
        report.add(Code.NO_TABLE, file=file.name, key=keys[0])
    if kind.single and len(tables) > 1:
        first, what = tables[0].sheet, Phrase(kind.what)
        for other in tables[1:]:
            report.add(
                Code.TABLE_TWICE,
                file=file.name,
                sheet=other.sheet,
                first=first,
                other=other.sheet,
                key=keys[0],
                what=what,
            )
        return []
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
            file=file,
            sheet=raw.name,
            cell=address(r, key_col),
            key=table.key,
            column=column_letter(c),
            sample="、".join(hits[:2]),
        )
        return moved
    return None
