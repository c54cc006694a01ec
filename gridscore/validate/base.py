"""The checklist and the roster: the items and the grids every other workbook is read against."""

from __future__ import annotations

import re
from decimal import Decimal

from gridscore.config import Rules
from gridscore.model import Grid, Item, Kind
from gridscore.problems import Code, Report
from gridscore.tables import InputFile, Table, address, cell_text, fold, to_decimal, value_at
from gridscore.validate.common import (
    KINDS,
    check_totals,
    not_a_number,
    number_text,
    required_columns,
    required_text,
)
from gridscore.validate.score_tables import TableKind, score_tables

_MEMBER_SEPARATORS = re.compile(r"[、，,;；\s]+")


# One table per workbook, found as every kind is (score_tables): a hidden sheet holding it
# noted, a sheet without it (说明) skipped with a note, a second one an error naming both.
CHECKLIST = TableKind(("编号",), "table.checklist", single=True)
ROSTER = TableKind(("网格编号",), "table.roster", single=True)


def _the_table(file: InputFile, kind: TableKind, report: Report) -> Table | None:
    tables = score_tables(file, kind, report)
    return tables[0] if tables else None


def checklist(file: InputFile, rules: Rules, report: Report) -> dict[str, Item]:
    """The checklist items by code. Base points must add up to total_points."""
    table = _the_table(file, CHECKLIST, report)
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
        code = required_text(table, r, values, cols["编号"], report)
        fields = [required_text(table, r, values, cols[name], report) for name in required[1:4]]
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
    table = _the_table(file, ROSTER, report)
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
        grid_id, name, village, leader = (required_text(table, r, values, cols[n], report) for n in required)
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
