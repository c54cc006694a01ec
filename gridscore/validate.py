"""Pure: tables read from the inputs -> the validated model, and every problem found."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from gridscore.config import Rules
from gridscore.io import InputFile
from gridscore.model import Grid, Item, Kind, RaterSheet, StreetScore
from gridscore.problems import Code, Report, Severity
from gridscore.tables import (
    CellError,
    Table,
    address,
    cell_text,
    column_letter,
    find_table,
    fold,
    is_blank,
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


def _unreadable(raw: object, report: Report, **where: str) -> bool:
    """Report a cell whose value the file does not hold (a formula error, or a formula
    never calculated); True when it is one. Such a cell is never read as blank or zero."""
    if not isinstance(raw, CellError):
        return False
    if raw.error:
        report.add(Code.FORMULA_ERROR, value=raw.error, **where)
    else:
        report.add(Code.FORMULA_NOT_CALCULATED, formula=str(raw), **where)
    return True


def _not_a_number(raw: object, report: Report, **where: str) -> None:
    """The problem with a cell that should hold a number and does not, echoing what it holds."""
    if _unreadable(raw, report, **where):
        return
    if isinstance(raw, (dt.date, dt.time, dt.timedelta)):
        report.add(Code.SCORE_IS_DATE, value=cell_text(raw), **where)
    else:
        report.add(Code.NOT_A_NUMBER, value=cell_text(raw), **where)


def _hidden(table: Table, report: Report, columns: Iterable[int] = ()) -> None:
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


def _required_columns(table: Table, names: Iterable[str], report: Report) -> dict[str, int]:
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
    if col is not None and _unreadable(
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
    cols = _required_columns(table, required, report)
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
        kind_text = cell_text(value_at(values, kind_col)) if kind_col is not None else ""
        kind = KINDS.get(fold(kind_text))
        if kind is None:
            report.add(Code.TYPE_INVALID, cell=address(r, kind_col), value=kind_text, **where)
            continue
        points = Decimal(0)
        if kind is not Kind.VETO:
            points_cell = address(r, cols["分值"])
            raw = value_at(values, cols["分值"])
            try:
                parsed = to_decimal(raw)
            except ValueError:
                _not_a_number(raw, report, cell=points_cell, **where)
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
    cols = _required_columns(table, required, report)
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
    return grids


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


def _score(
    raw: object, item: Item, where: dict[str, str], report: Report, *, blank_is_zero: bool
) -> Decimal | None:
    """A score cell checked against its item's range; None when it is a problem."""
    try:
        value = to_decimal(raw)
    except ValueError:
        _not_a_number(raw, report, **where)
        return None
    if value is None:
        if blank_is_zero:
            return Decimal(0)
        return None
    if not 0 <= value <= item.points:
        report.add(
            Code.SCORE_OUT_OF_RANGE,
            value=number_text(value),
            max=number_text(item.points),
            code=item.code,
            **where,
        )
        return None
    return value


def self_month(
    files: list[InputFile],
    month: str,
    items: dict[str, Item],
    grids: dict[str, Grid],
    report: Report,
) -> list[RaterSheet]:
    """The month's rater sheets. A grid belongs to one workbook a month."""
    lookup = GridLookup(grids)
    owner: dict[str, str] = {}  # grid id -> the workbook it was first seen in
    sheets = []
    for file in files:
        tables = []
        for raw in file.sheets:
            if not raw.visible:
                if find_table(file.name, raw, ("编号",)):
                    report.add(Code.SHEET_HIDDEN, Severity.NOTE, file=file.name, sheet=raw.name, key="编号")
                continue
            table = find_table(file.name, raw, ("编号",))
            if table is None:
                report.add(Code.SHEET_SKIPPED, Severity.NOTE, file=file.name, sheet=raw.name, key="编号")
            else:
                tables.append(table)
        if not tables:
            report.add(Code.NO_TABLE, file=file.name, key="编号")
        for table in tables:
            sheet = _rater_sheet(table, month, items, lookup, report)
            for grid_id in sheet.scores:
                if owner.setdefault(grid_id, file.name) != file.name:
                    report.add(
                        Code.GRID_IN_TWO_WORKBOOKS,
                        file=file.name,
                        sheet=table.sheet,
                        grid=grid_id,
                        other=owner[grid_id],
                    )
            sheets.append(sheet)
    return sheets


def _rater_sheet(
    table: Table, month: str, items: dict[str, Item], lookup: GridLookup, report: Report
) -> RaterSheet:
    sheet = RaterSheet(table.file, table.sheet, month)
    grid_cols: dict[int, str] = {}
    first_col: dict[str, str] = {}
    for c, header in table.columns.items():
        if header in SELF_INFO:
            continue
        where = {"file": table.file, "sheet": table.sheet, "cell": address(table.header_row, c)}
        if _unreadable(value_at(table.header_values, c), report, **where):
            continue
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
    seen: dict[str, str] = {}
    for r, values in table.data_rows():
        where = {"file": table.file, "sheet": table.sheet, "cell": address(r, key_col)}
        if _unreadable(value_at(values, key_col), report, **where):
            continue
        code = cell_text(value_at(values, key_col))
        item = items.get(code)
        if item is None:
            report.add(Code.UNKNOWN_ITEM if code else Code.VALUE_MISSING, value=code, column="编号", **where)
            continue
        if code in seen:
            report.add(Code.DUPLICATE_ROW, code=code, first=seen[code], **where)
            continue
        seen[code] = where["cell"]
        if item.kind is Kind.VETO:
            report.add(Code.VETO_IN_SELF, Severity.WARNING, code=code, **where)
            continue
        for c, grid_id in grid_cols.items():
            cell = {"file": table.file, "sheet": table.sheet, "cell": address(r, c)}
            raw = value_at(values, c)
            value = _score(raw, item, cell, report, blank_is_zero=item.kind is not Kind.BASE)
            if value is None and is_blank(raw):
                report.add(Code.SCORE_MISSING, grid=grid_id, code=code, **cell)
            if value is not None:
                scores[grid_id][code] = value
    if grid_cols:
        for item in items.values():
            if item.kind is Kind.BASE and item.code not in seen:
                report.add(
                    Code.ROW_MISSING,
                    file=table.file,
                    sheet=table.sheet,
                    code=item.code,
                    content=item.content,
                )
    _check_totals(table, grid_cols, items, report)
    _hidden(table, report, grid_cols)
    sheet.scores = scores
    return sheet


def _check_totals(table: Table, cols: dict[int, str], items: dict[str, Item], report: Report) -> None:
    """A total row (合计 …) is not data; warn where its numbers differ from the cells' sum."""
    key_col = table.column(table.key)
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
                item = items.get(cell_text(value_at(row, key_col)))
                try:
                    value = to_decimal(value_at(row, c)) or Decimal(0)
                except ValueError:
                    continue
                plain += value
                signed += -value if item and item.kind is Kind.DEDUCTION else value
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


def street_quarter(
    files: list[InputFile], items: dict[str, Item], grids: dict[str, Grid], report: Report
) -> dict[tuple[str, str], StreetScore]:
    """Every (grid, item) street score of the quarter; each is scored exactly once."""
    grid_lookup, item_lookup = GridLookup(grids), ItemLookup(items)
    scores: dict[tuple[str, str], StreetScore] = {}
    for file in files:
        department = file.path.stem
        tables = []
        for raw in file.sheets:
            if not raw.visible:
                if find_table(file.name, raw, ("网格编号", "网格名称")):
                    report.add(
                        Code.SHEET_HIDDEN, Severity.NOTE, file=file.name, sheet=raw.name, key="网格编号"
                    )
                continue
            table = find_table(file.name, raw, ("网格编号", "网格名称"))
            if table is None:
                report.add(Code.SHEET_SKIPPED, Severity.NOTE, file=file.name, sheet=raw.name, key="网格编号")
            else:
                tables.append(table)
        if not tables:
            report.add(Code.NO_TABLE, file=file.name, key="网格编号")
        for table in tables:
            _street_table(table, department, items, grid_lookup, item_lookup, scores, report)
    return scores


def _street_table(
    table: Table,
    department: str,
    items: dict[str, Item],
    grid_lookup: GridLookup,
    item_lookup: ItemLookup,
    scores: dict[tuple[str, str], StreetScore],
    report: Report,
) -> None:
    item_cols: dict[int, Item] = {}
    for c, header in table.columns.items():
        if header in STREET_INFO:
            continue
        where = {"file": table.file, "sheet": table.sheet, "cell": address(table.header_row, c)}
        if _unreadable(value_at(table.header_values, c), report, **where):
            continue
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
    _hidden(table, report, item_cols)
    for r, values in table.data_rows():
        cell = {"file": table.file, "sheet": table.sheet, "cell": address(r, key_col)}
        if _unreadable(value_at(values, key_col), report, **cell):
            continue
        key = cell_text(value_at(values, key_col))
        grid_id, problem = grid_lookup.find(key)
        if grid_id is None:
            report.add(
                problem or Code.UNKNOWN_GRID,
                file=table.file,
                sheet=table.sheet,
                cell=address(r, key_col),
                value=key,
            )
            continue
        for c, item in item_cols.items():
            cell = address(r, c)
            where = {"file": table.file, "sheet": table.sheet, "cell": cell}
            raw = value_at(values, c)
            if item.kind is Kind.VETO:
                value = _veto(raw, item, where, report)
            else:
                value = _score(raw, item, where, report, blank_is_zero=item.kind is not Kind.BASE)
                if value is None and is_blank(raw):
                    report.add(Code.SCORE_MISSING, grid=grid_id, code=item.code, **where)
            if value is None:
                continue
            earlier = scores.get((grid_id, item.code))
            if earlier is not None:
                report.add(
                    Code.SCORED_TWICE,
                    grid=grid_id,
                    code=item.code,
                    first=f"{earlier.file} › {earlier.sheet} › {earlier.cell}",
                    **where,
                )
                continue
            scores[(grid_id, item.code)] = StreetScore(
                grid_id, item.code, value, department, table.file, table.sheet, cell, not is_blank(raw)
            )


def _veto(raw: object, item: Item, where: dict[str, str], report: Report) -> Decimal | None:
    if _unreadable(raw, report, **where):
        return None
    text = cell_text(raw)
    if text in VETO_NO:
        return Decimal(0)
    if text in VETO_YES:
        return Decimal(1)
    report.add(Code.VETO_INVALID, value=text, code=item.code, **where)
    return None


def street_complete(
    scores: dict[tuple[str, str], StreetScore],
    items: dict[str, Item],
    grids: dict[str, Grid],
    folder: str,
    report: Report,
) -> None:
    """Every base item of every roster grid is scored; gaps grouped by item, then by grid."""
    base = [i for i in items.values() if i.kind is Kind.BASE]
    seen_grids = {g for g, _ in scores}
    # Cells left blank on a sheet are reported where they are; here, what no sheet holds.
    missing = [(g, i) for g in grids for i in base if (g, i.code) not in scores]
    blank_cells = {
        (p.params.get("grid"), p.params.get("code")) for p in report if p.code is Code.SCORE_MISSING
    }
    missing = [(g, i) for g, i in missing if (g, i.code) not in blank_cells]
    by_item: dict[str, list[str]] = {}
    for g, i in missing:
        by_item.setdefault(i.code, []).append(g)
    for code, missing_grids in by_item.items():
        item = items[code]
        if len(missing_grids) == len(grids) and len(grids) > 1:
            report.add(
                Code.ITEM_NOT_SCORED, file=folder, code=code, content=item.content, department=item.department
            )
            continue
        for g in missing_grids:
            if g not in seen_grids:
                continue
            report.add(Code.SCORE_MISSING, file=folder, grid=g, code=code)
    for g in grids:
        if g not in seen_grids:
            report.add(Code.GRID_NOT_SCORED, file=folder, grid=g)


def self_complete(
    sheets: list[RaterSheet],
    months: tuple[str, ...],
    grids: dict[str, Grid],
    rules: Rules,
    folder: str,
    report: Report,
) -> None:
    """Every grid is self-assessed every month, unless the rules allow a missing month."""
    present = {(s.month, g) for s in sheets for g in s.scores}
    for month in months:
        for g in grids:
            if (month, g) not in present:
                severity = Severity.WARNING if rules.self_.allow_missing_months else Severity.ERROR
                report.add(Code.MONTH_MISSING, severity, file=f"{folder}/{month}", grid=g, month=month)
    for g in grids:
        if rules.self_.allow_missing_months and not any((m, g) in present for m in months):
            report.add(Code.MONTH_MISSING, file=folder, grid=g, month="、".join(months))
