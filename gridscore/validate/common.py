"""Per-cell checks and lookups shared by every sheet read: numbers, vetoes, hidden cells, grids, items, departments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import chain

from gridscore.model import Grid, Item, Kind
from gridscore.problems import Code, Report
from gridscore.tables import (
    FLOAT_DECIMALS,
    CellError,
    Table,
    address,
    cell_text,
    column_letter,
    fold,
    is_blank,
    to_decimal,
    value_at,
)
from gridscore.validate.near import closest

ZERO, ONE = Decimal(0), Decimal(1)

KINDS = {
    "": Kind.BASE,
    "基础": Kind.BASE,
    "基础项": Kind.BASE,
    "加分": Kind.BONUS,
    "加分项": Kind.BONUS,
    "扣分": Kind.DEDUCTION,
    "扣分项": Kind.DEDUCTION,
    "否决": Kind.VETO,
    "否决项": Kind.VETO,
    "一票否决": Kind.VETO,
}
VETO_NO = frozenset({"", "0", "否"})
VETO_YES = frozenset({"1", "是"})
SELF_INFO = frozenset({"编号", "序号", "类别", "考核内容", "分值", "类型", "评分标准", "备注"})
STREET_INFO = frozenset({"序号", "网格编号", "网格名称", "村(社区)", "网格长", "备注"})


def number_text(value: Decimal) -> str:
    """A decimal as a clerk writes it: 12, 7.5 (no exponent, no trailing zeros)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def unreadable(raw: object, report: Report, **where: str) -> bool:
    """Report a cell whose value the file does not hold (a formula error, or a formula
    never calculated); True when it is one. Such a cell is never read as blank or zero."""
    if not isinstance(raw, CellError):
        return False
    if raw.error:
        report.add(Code.FORMULA_ERROR, value=raw.error, **where)
    else:
        report.add(Code.FORMULA_NOT_CALCULATED, formula=str(raw), **where)
    return True


def not_a_number(raw: object, report: Report, **where: str) -> None:
    """The problem with a cell that should hold a number and does not, echoing what it holds."""
    if unreadable(raw, report, **where):
        return
    if isinstance(raw, (dt.date, dt.time, dt.timedelta)):
        report.add(Code.SCORE_IS_DATE, value=cell_text(raw), **where)
    else:
        report.add(Code.NOT_A_NUMBER, value=cell_text(raw), **where)


def hidden(table: Table, report: Report, columns: Iterable[int] = ()) -> None:
    """Hidden rows and columns are read like the others; say so where they hold data, so a
    hidden second copy of a row is never counted without the clerk being told."""
    where = {"file": table.file, "sheet": table.sheet}
    rows = [r for r, _ in table.data_rows() if r in table.hidden_rows] if table.hidden_rows else []
    if rows:
        cell = address(rows[0], table.column(table.key) or 0)
        report.add(Code.HIDDEN_ROWS, cell=cell, rows="、".join(str(r + 1) for r in rows), **where)
    cols = sorted(c for c in columns if c in table.hidden_cols) if table.hidden_cols else []
    if cols:
        report.add(
            Code.HIDDEN_COLUMNS,
            cell=address(table.header_row, cols[0]),
            columns="、".join(column_letter(c) for c in cols),
            **where,
        )


def required_columns(table: Table, names: Iterable[str], report: Report) -> dict[str, int]:
    columns = {}
    for name in names:
        col = table.column(name)
        if col is None:
            report.add(Code.COLUMN_MISSING, file=table.file, sheet=table.sheet, column=name)
        else:
            columns[name] = col
    return columns


def required_text(table: Table, r: int, values: list[object], col: int | None, report: Report) -> str:
    """A required text cell; empty is a problem."""
    if col is not None and unreadable(
        value_at(values, col), report, file=table.file, sheet=table.sheet, cell=address(r, col)
    ):
        return ""
    text = cell_text(value_at(values, col)) if col is not None else ""
    if not text and col is not None:
        report.add(
            Code.VALUE_MISSING,
            file=table.file,
            sheet=table.sheet,
            cell=address(r, col),
            column=table.columns[col],
        )
    return text


class GridLookup:
    """Finds a grid by its id, else by its name where that name is unique in the roster;
    suggests the closest grid for one that is not there."""

    def __init__(self, grids: dict[str, Grid]) -> None:
        self.by_id = {fold(g).upper(): g for g in grids}
        names: dict[str, list[str]] = {}
        for grid in grids.values():
            names.setdefault(fold(grid.name), []).append(grid.grid_id)
        self.by_name = names
        self._ids = list(grids)
        self._names = list(dict.fromkeys(grid.name for grid in grids.values()))
        self._suggested: dict[str, str | None] = {}
        self._found: dict[str, tuple[str | None, Code | None]] = {}

    def find(self, text: str) -> tuple[str | None, Code | None]:
        """The grid a text names (remembered: every department's workbook names every grid)."""
        found = self._found.get(text)
        if found is None:
            found = self._find(text)
            if len(self._found) < REMEMBERED:
                self._found[text] = found
        return found

    def find_all(self, texts: list[str]) -> list[tuple[str | None, Code | None]]:
        """find() of each text."""
        found = list(map(self._found.get, texts))
        if None in found:
            found = [hit or self.find(text) for hit, text in zip(found, texts, strict=True)]
        return found

    def _find(self, text: str) -> tuple[str | None, Code | None]:
        key = fold(text)
        if key.upper() in self.by_id:
            return self.by_id[key.upper()], None
        ids = self.by_name.get(key, [])
        if len(ids) == 1:
            return ids[0], None
        return None, Code.GRID_NAME_AMBIGUOUS if ids else Code.UNKNOWN_GRID

    def suggest(self, text: str) -> str | None:
        """The roster's grid id or name closest to a text that names no grid (an id typed
        as an id, a name as a name); None for a name that is in the roster, twice."""
        if fold(text) in self.by_name:
            return None
        return _remembered(
            self._suggested, text, lambda: closest(text, self._ids) or closest(text, self._names)
        )


REMEMBERED = 100_000  # distinct texts a lookup remembers what it found for


class ItemLookup:
    """Finds the item whose code starts a header such as 'DJ-01 组织建设'; suggests the
    closest code for one that names none (DJ02, dj-2, DJ02党员联户 → DJ-02)."""

    def __init__(self, items: dict[str, Item]) -> None:
        # Longest codes first, so DJ-10 is not taken for DJ-1.
        self.codes = sorted(((fold(c).upper(), c) for c in items), key=lambda p: -len(p[0]))
        self._suggested: dict[str, str | None] = {}

    def find(self, header: str) -> str | None:
        text = fold(header).upper()
        for folded, code in self.codes:
            rest = text[len(folded) :]
            if text.startswith(folded) and not (rest[:1].isascii() and rest[:1].isalnum()):
                return code
        return None

    def suggest(self, text: str) -> str | None:
        return _remembered(self._suggested, text, lambda: closest(text, [c for _, c in self.codes]))


class DepartmentLookup:
    """The department a street workbook's file name names: a checklist department (width
    and spaces aside), else the closest one (党建办（已填） → 党建办)."""

    def __init__(self, items: dict[str, Item]) -> None:
        self.by_key = {fold(item.department): item.department for item in items.values()}

    def find(self, name: str) -> str | None:
        return self.by_key.get(fold(name))

    def suggest(self, name: str) -> str | None:
        return closest(name, self.by_key.values())

    def submitting(self, name: str) -> str | None:
        """The department a file of this name is taken to come from."""
        return self.find(name) or self.suggest(name)


def suggesting(name: str | None) -> dict[str, str]:
    """A problem's params for a suggestion: none when there is nothing to suggest."""
    return {"suggestion": name} if name else {}


SUGGESTIONS = 1000  # distinct texts a lookup suggests for: more is no typo, and would be slow


def _remembered(memo: dict[str, str | None], text: str, find: Callable[[], str | None]) -> str | None:
    """A suggestion, remembered (a sheet repeats its mistakes); none past SUGGESTIONS texts."""
    if text not in memo:
        if len(memo) >= SUGGESTIONS:
            return None
        memo[text] = find()
    return memo[text]


def check_totals(
    table: Table, cols: list[int], report: Report, sign: Callable[[list[object]], int] | None = None
) -> None:
    """A total row (合计 …) is not data; warn where its number differs from the column's sum
    (and, with `sign`, from the signed sum: deductions subtracted, or base items only)."""
    for r, values in table.total_rows():
        for c in cols:
            try:
                stated = to_decimal(value_at(values, c))
            except ValueError:
                continue
            if stated is None:
                continue
            plain, signed = Decimal(0), Decimal(0)
            for _, row in table.data_rows():
                try:
                    value = to_decimal(value_at(row, c)) or Decimal(0)
                except ValueError:
                    continue
                plain += value
                signed += value * (sign(row) if sign else 1)
            if stated not in (plain, signed):
                report.add(
                    Code.TOTAL_MISMATCH,
                    file=table.file,
                    sheet=table.sheet,
                    cell=address(r, c),
                    value=number_text(stated),
                    expected=number_text(signed),
                )


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
            not_a_number(raw, report, **cell_at(table, r, c))
            return None
    if value is None:
        return Decimal(0) if blank_is_zero else None
    if value < 0 and item.kind is Kind.DEDUCTION:  # -3 for 扣3分: say how deductions are entered
        report.add(
            Code.DEDUCTION_NEGATIVE,
            value=number_text(value),
            points=number_text(-value),
            max=number_text(item.points),
            code=item.code,
            **cell_at(table, r, c),
        )
        return None
    if value < 0 or value > item.points:
        report.add(
            Code.SCORE_OUT_OF_RANGE,
            value=number_text(value),
            max=number_text(item.points),
            code=item.code,
            **cell_at(table, r, c),
        )
        return None
    return value


def veto(raw: object, item: Item, table: Table, r: int, c: int, report: Report) -> Decimal | None:
    if isinstance(raw, CellError):
        unreadable(raw, report, **cell_at(table, r, c))
        return None
    text = cell_text(raw)
    if text in VETO_NO:
        return ZERO
    if text in VETO_YES:
        return ONE
    report.add(Code.VETO_INVALID, value=text, code=item.code, **cell_at(table, r, c))
    return None


def score_headers(
    table: Table, informational: frozenset[str], report: Report
) -> Iterator[tuple[int, str, dict[str, str]]]:
    """The headers that name grids or items (informational columns aside), with where each
    stands; a header cell the file holds no value for is reported and passed over."""
    for c, header in table.columns.items():
        if header in informational:
            continue
        where = cell_at(table, table.header_row, c)
        if not unreadable(value_at(table.header_values, c), report, **where):
            yield c, header, where


def cell_at(table: Table, r: int, c: int) -> dict[str, str]:
    """A cell's location for a problem."""
    return {"file": table.file, "sheet": table.sheet, "cell": address(r, c)}


def blank_form(
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


def clean_values(
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


def clean_block(
    block: list[list[object]],
    check: Callable[[object], Decimal | None],
    cache: dict[tuple[type, object], Decimal | None],
) -> dict[object, Decimal] | None:
    """clean_values over rows of cells at once: one set of the block's values, their types
    looked at only where a boolean could hide behind an equal 0 or 1."""
    try:
        distinct = set().union(*block)
    except TypeError:  # an unhashable cell value: never from the readers, but be safe
        return None
    if (0 in distinct or 1 in distinct) and bool in set(map(type, chain.from_iterable(block))):
        return None  # TRUE is never a score, but it equals 1 and would hide in the set behind one
    found = {}
    for raw in distinct:
        kind = type(raw)
        if kind is bool:
            return None
        key = (kind, raw)
        value = cache.get(key, _UNCHECKED)
        if value is _UNCHECKED:
            value = cache[key] = check(raw)
        if value is None:
            return None
        found[raw] = value
    return found


_UNCHECKED = object()
