"""Pure: tables read from the inputs -> the validated model, and every problem found."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal

from gridscore.config import Rules
from gridscore.io import InputFile
from gridscore.model import Grid, Item, Kind, RaterSheet, StreetColumn
from gridscore.problems import Code, Report, Severity
from gridscore.tables import (
    CellError,
    Table,
    address,
    cell_text,
    column_letter,
    find_table,
    fold,
    to_decimal,
    value_at,
)

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
_MEMBER_SEPARATORS = re.compile(r"[、，,;；\s]+")


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
    rows = [r for r, _ in table.data_rows() if r in table.hidden_rows]
    if rows:
        cell = address(rows[0], table.column(table.key) or 0)
        report.add(
            Code.HIDDEN_ROWS, Severity.WARNING, cell=cell, rows="、".join(str(r + 1) for r in rows), **where
        )
    cols = sorted(c for c in columns if c in table.hidden_cols)
    if cols:
        report.add(
            Code.HIDDEN_COLUMNS,
            Severity.WARNING,
            cell=address(table.header_row, cols[0]),
            columns="、".join(column_letter(c) for c in cols),
            **where,
        )


def _first_table(file: InputFile, keys: tuple[str, ...], report: Report) -> Table | None:
    for sheet in file.sheets:
        if sheet.visible and (table := find_table(file.name, sheet, keys)):
            return table
    report.add(Code.NO_TABLE, file=file.name, key=keys[0])
    return None


def required_columns(table: Table, names: Iterable[str], report: Report) -> dict[str, int]:
    columns = {}
    for name in names:
        col = table.column(name)
        if col is None:
            report.add(Code.COLUMN_MISSING, file=table.file, sheet=table.sheet, column=name)
        else:
            columns[name] = col
    return columns


def _text(table: Table, r: int, values: list[object], col: int | None, report: Report) -> str:
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


def checklist(file: InputFile, rules: Rules, report: Report) -> dict[str, Item]:
    """The checklist items by code. Base points must add up to total_points."""
    table = _first_table(file, ("编号",), report)
    if table is None:
        return {}
    required = ("编号", "类别", "考核内容", "责任部门", "分值")
    cols = required_columns(table, required, report)
    if len(cols) < len(required):
        return {}
    kind_col, standard_col = table.column("类型"), table.column("评分标准")
    items: dict[str, Item] = {}
    first: dict[str, str] = {}
    points_ok = True
    for r, values in table.data_rows():
        where = {"file": table.file, "sheet": table.sheet}
        code = _text(table, r, values, cols["编号"], report)
        fields = [_text(table, r, values, cols[name], report) for name in required[1:4]]
        kind = _kind_of(values, kind_col)
        if kind is None:
            kind_text = cell_text(value_at(values, kind_col))
            report.add(Code.TYPE_INVALID, cell=address(r, kind_col), value=kind_text, **where)
            continue
        points = Decimal(0)
        if kind is not Kind.VETO:
            points_cell = address(r, cols["分值"])
            raw = value_at(values, cols["分值"])
            try:
                parsed = to_decimal(raw)
            except ValueError:
                not_a_number(raw, report, cell=points_cell, **where)
                points_ok = False
                continue
            if parsed is None or parsed <= 0:
                report.add(Code.POINTS_INVALID, cell=points_cell, value=cell_text(raw), **where)
                points_ok = False
                continue
            points = parsed
        if not code:
            continue
        if code in first:
            report.add(
                Code.DUPLICATE_ITEM, cell=address(r, cols["编号"]), code=code, first=first[code], **where
            )
            continue
        first[code] = address(r, cols["编号"])
        standard = cell_text(value_at(values, standard_col)) if standard_col is not None else ""
        items[code] = Item(code, *fields, points, kind, standard)
    if _no_rows(table, report):
        return {}
    check_totals(table, [cols["分值"]], report, lambda row: int(_kind_of(row, kind_col) is Kind.BASE))
    base_total = sum((i.points for i in items.values() if i.kind is Kind.BASE), Decimal(0))
    if points_ok and items and base_total != rules.total_points:
        report.add(
            Code.POINTS_TOTAL,
            file=table.file,
            sheet=table.sheet,
            total=number_text(base_total),
            expected=number_text(rules.total_points),
        )
    return items


def roster(file: InputFile, report: Report) -> dict[str, Grid]:
    """The roster's grids by id."""
    table = _first_table(file, ("网格编号",), report)
    if table is None:
        return {}
    required = ("网格编号", "网格名称", "村(社区)", "网格长")
    cols = required_columns(table, required, report)
    if len(cols) < len(required):
        return {}
    members_col = table.column("网格员")
    grids: dict[str, Grid] = {}
    first: dict[str, str] = {}
    for r, values in table.data_rows():
        grid_id, name, village, leader = (_text(table, r, values, cols[n], report) for n in required)
        if not grid_id:
            continue
        if grid_id in first:
            report.add(
                Code.DUPLICATE_GRID,
                file=table.file,
                sheet=table.sheet,
                cell=address(r, cols["网格编号"]),
                grid=grid_id,
                first=first[grid_id],
            )
            continue
        first[grid_id] = address(r, cols["网格编号"])
        members_text = cell_text(value_at(values, members_col)) if members_col is not None else ""
        members = tuple(m for m in _MEMBER_SEPARATORS.split(members_text) if m)
        grids[grid_id] = Grid(grid_id, name, village, leader, members)
    _no_rows(table, report)
    return grids


def _no_rows(table: Table, report: Report) -> bool:
    """A table with a header and nothing under it is a problem, not an empty street."""
    if next(table.data_rows(), None) is None:
        report.add(Code.NO_ROWS, file=table.file, sheet=table.sheet, key=table.key)
        return True
    return False


def _kind_of(values: list[object], kind_col: int | None) -> Kind | None:
    return KINDS.get(fold(cell_text(value_at(values, kind_col)))) if kind_col is not None else Kind.BASE


class GridLookup:
    """Finds a grid by its id, else by its name where that name is unique in the roster."""

    def __init__(self, grids: dict[str, Grid]) -> None:
        self.by_id = {fold(g).upper(): g for g in grids}
        names: dict[str, list[str]] = {}
        for grid in grids.values():
            names.setdefault(fold(grid.name), []).append(grid.grid_id)
        self.by_name = names

    def find(self, text: str) -> tuple[str | None, Code | None]:
        key = fold(text)
        if key.upper() in self.by_id:
            return self.by_id[key.upper()], None
        ids = self.by_name.get(key, [])
        if len(ids) == 1:
            return ids[0], None
        return None, Code.GRID_NAME_AMBIGUOUS if ids else Code.UNKNOWN_GRID


class ItemLookup:
    """Finds the item whose code starts a header such as 'DJ-01 组织建设'."""

    def __init__(self, items: dict[str, Item]) -> None:
        # Longest codes first, so DJ-10 is not taken for DJ-1.
        self.codes = sorted(((fold(c).upper(), c) for c in items), key=lambda p: -len(p[0]))

    def find(self, header: str) -> str | None:
        text = fold(header).upper()
        for folded, code in self.codes:
            rest = text[len(folded) :]
            if text.startswith(folded) and not (rest[:1].isascii() and rest[:1].isalnum()):
                return code
        return None


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
                    Severity.WARNING,
                    file=table.file,
                    sheet=table.sheet,
                    cell=address(r, c),
                    value=number_text(stated),
                    expected=number_text(signed),
                )


def self_owners(sheets_by_file: list[tuple[str, list[RaterSheet]]], report: Report) -> None:
    """A grid belongs to one workbook a month; within a workbook, every rater scores the same
    grids (else the grids' means rest on different panels)."""
    owner: dict[str, str] = {}  # grid id -> the workbook it was first seen in
    for file, sheets in sheets_by_file:
        covered = [set(sheet.totals) for sheet in sheets if sheet.totals]
        for sheet in sheets:
            for grid_id in sheet.totals:
                if owner.setdefault(grid_id, file) != file:
                    report.add(
                        Code.GRID_IN_TWO_WORKBOOKS,
                        file=file,
                        sheet=sheet.rater,
                        grid=grid_id,
                        other=owner[grid_id],
                    )
        everyone = set().union(*covered) if covered else set()
        for sheet in sheets:
            if sheet.totals and (missing := sorted(everyone - set(sheet.totals))):
                report.add(
                    Code.RATERS_UNEVEN,
                    Severity.WARNING,
                    file=file,
                    sheet=sheet.rater,
                    grids="、".join(missing),
                )


def self_raters(
    by_month: dict[str, list[tuple[str, list[RaterSheet]]]], grids: dict[str, Grid], report: Report
) -> None:
    """A village's raters are the same in each month of a quarter: a month's workbook lacking
    a rater the village's other months have is a warning naming it and the rater; so is a
    rater count that differs between months for another reason (a village's grids split over
    workbooks one month). Months where the village has no workbook are month_missing's."""
    # village -> month -> (its workbooks, its raters' folded names -> as written, sheets counted)
    seen: dict[str, dict[str, tuple[list[str], dict[str, str], int]]] = {}
    for month, sheets_by_file in by_month.items():
        for file, sheets in sheets_by_file:
            villages = Counter(grids[g].village for sheet in sheets for g in sheet.totals if g in grids)
            if not villages:
                continue
            village = min(villages, key=lambda v: (-villages[v], v))
            files, names, count = seen.setdefault(village, {}).get(month, ([], {}, 0))
            for sheet in sheets:
                names.setdefault(fold(sheet.rater), sheet.rater)
            seen[village][month] = ([*files, file], names, count + len(sheets))
    for village, months in seen.items():
        everyone: dict[str, str] = {}
        for _, names, _ in months.values():
            for folded, rater in names.items():
                everyone.setdefault(folded, rater)
        missing = False
        for files, names, _ in months.values():
            for folded, rater in everyone.items():
                if folded not in names:
                    missing = True
                    others = [m for m, (_, own, _) in months.items() if folded in own]
                    report.add(
                        Code.RATER_MISSING,
                        Severity.WARNING,
                        file=files[0],
                        village=village,
                        rater=rater,
                        months="、".join(others),
                    )
        counts = {month: count for month, (_, _, count) in months.items()}
        if not missing and len(set(counts.values())) > 1:
            usual = Counter(counts.values())
            mode = max(usual, key=lambda n: (usual[n], n))
            odd = next(m for m, n in counts.items() if n != mode)
            report.add(
                Code.RATER_COUNT_DIFFERS,
                Severity.WARNING,
                file=months[odd][0][0],
                village=village,
                counts="、".join(f"{m}: {n}" for m, n in counts.items()),
            )


class StreetMerge:
    """The quarter's street scores, column by column: values[code][grid]; each (grid, item)
    scored once, a second score being a problem that names the first; cells left blank or
    wrong (reported where they are) count as seen; filled cells counted per item for the
    departments' submission sheet."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.values: dict[str, dict[str, Decimal]] = {}
        self.blanks: dict[str, set[str]] = {}  # code -> grids whose cell was blank or wrong
        self.filled: dict[str, int] = {}
        self.on_sheets: set[str] = set()  # grids some department's sheet lists
        self._where: dict[str, dict[str, int]] = {}  # code -> grid -> packed table, row, column
        self._tables: dict[tuple[str, str], int] = {}  # (file, sheet) -> its number

    def add(self, columns: Iterable[StreetColumn]) -> None:
        """A workbook's columns. Columns of one table naming the same item are read together,
        row by row, so that a second score is the later one in reading order."""
        by_item: dict[tuple[str, str, str], list[StreetColumn]] = {}
        for column in columns:
            by_item.setdefault((column.file, column.sheet, column.code), []).append(column)
        for (file, sheet, code), same in by_item.items():
            packed_table = self._tables.setdefault((file, sheet), len(self._tables)) << 40
            cells = [
                (row, column.col, grid_id, value)
                for column in same
                for row, grid_id, value in zip(column.rows, column.grids, column.values, strict=True)
            ]
            if len(same) > 1:
                cells.sort(key=lambda cell: cell[:2])
            self.filled[code] = self.filled.get(code, 0) + sum(column.filled for column in same)
            self.on_sheets.update(grid_id for _, _, grid_id, _ in cells)
            scored = self.values.setdefault(code, {})
            blanks = self.blanks.setdefault(code, set())
            where = self._where.setdefault(code, {})
            for row, col, grid_id, value in cells:
                if value is None:
                    blanks.add(grid_id)
                elif grid_id not in scored:
                    scored[grid_id] = value
                    where[grid_id] = packed_table | (row << 16) | col
                else:
                    self.report.add(
                        Code.SCORED_TWICE,
                        file=file,
                        sheet=sheet,
                        cell=address(row, col),
                        grid=grid_id,
                        code=code,
                        first=self._first(code, grid_id),
                    )

    def _first(self, code: str, grid_id: str) -> str:
        """Where the score that counts for (grid, item) was read: file › sheet › cell."""
        packed = self._where[code][grid_id]
        file, sheet = list(self._tables)[packed >> 40]
        return f"{file} › {sheet} › {address((packed >> 16) & 0xFFFFFF, packed & 0xFFFF)}"


def street_complete(
    merge: StreetMerge,
    items: dict[str, Item],
    grids: dict[str, Grid],
    folder: str,
    refused: frozenset[str] = frozenset(),
) -> None:
    """Every base item of every roster grid is scored; what no sheet holds, grouped by item
    (no department scored it), then by grid (the grid is on no sheet), then cell by cell.
    The items of `refused` departments (a table refused for its key header, reported there)
    are not reported again as unscored."""
    report = merge.report
    missing: dict[str, list[str]] = {}
    for item in items.values():
        if item.kind is Kind.BASE and item.department not in refused:
            scored, blanks = merge.values.get(item.code, {}), merge.blanks.get(item.code, set())
            absent = [g for g in grids if g not in scored and g not in blanks]
            if absent:
                missing[item.code] = absent
    for code, missing_grids in missing.items():
        item = items[code]
        if len(missing_grids) == len(grids) and len(grids) > 1:
            report.add(
                Code.ITEM_NOT_SCORED, file=folder, code=code, content=item.content, department=item.department
            )
            continue
        for g in missing_grids:
            if g in merge.on_sheets:
                report.add(Code.SCORE_MISSING, file=folder, grid=g, code=code)
    for g in grids:
        if g not in merge.on_sheets:
            report.add(Code.GRID_NOT_SCORED, file=folder, grid=g)


def self_complete(
    sheets: list[RaterSheet],
    months: tuple[str, ...],
    grids: dict[str, Grid],
    rules: Rules,
    folder: str,
    report: Report,
    month_folders: dict[str, str] | None = None,
) -> None:
    """Every grid is self-assessed every month, unless the rules allow a missing month.
    month_folders: each month's folder as it is spelled (2020-7), where not folder/2020-07."""
    present = {(s.month, g) for s in sheets for g in s.totals}
    allowed = rules.self_.allow_missing_months
    for month in months:
        for g in grids:
            if (month, g) not in present:
                severity = Severity.WARNING if allowed else Severity.ERROR
                where = (month_folders or {}).get(month) or f"{folder}/{month}"
                report.add(Code.MONTH_MISSING, severity, file=where, grid=g, month=month)
    for g in grids:
        if allowed and not any((m, g) in present for m in months):
            report.add(Code.NO_SELF_SCORE, file=folder, grid=g, months="、".join(months))
