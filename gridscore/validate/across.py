"""Checks across a period's workbooks: who owns each sheet, each cell scored once, every form in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePosixPath

from gridscore.config import Rules
from gridscore.model import Grid, Item, Kind, RaterSheet, StreetColumn
from gridscore.problems import Code, Report, Severity
from gridscore.tables import (
    address,
    fold,
)
from gridscore.validate.near import closest


def self_owners(sheets_by_file: list[tuple[str, list[RaterSheet]]], report: Report) -> None:
    """A grid belongs to one workbook a month; within a workbook, every rater scores the same
    grids (else the grids' means rest on different panels). A workbook repeating another's
    grids (a copy, 青山村 - 副本.xlsx) is one problem naming both and the grids."""
    owner: dict[str, str] = {}  # grid id -> the workbook it was first seen in
    for file, sheets in sheets_by_file:
        covered = [set(sheet.totals) for sheet in sheets if sheet.totals]
        repeated: dict[str, dict[str, None]] = {}  # the other workbook -> the grids both hold
        for sheet in sheets:
            for grid_id in sheet.totals:
                if (first := owner.setdefault(grid_id, file)) != file:
                    repeated.setdefault(first, {})[grid_id] = None
        for other, grids in repeated.items():
            report.add(
                Code.GRID_IN_TWO_WORKBOOKS, file=file, other=other, grids="、".join(grids), count=len(grids)
            )
        everyone = set().union(*covered) if covered else set()
        for sheet in sheets:
            if sheet.totals and (missing := sorted(everyone - set(sheet.totals))):
                report.add(
                    Code.RATERS_UNEVEN,
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
        row by row, so that a second score is the later one in reading order. Second scores
        of cells first scored in one other workbook (a copy, a resubmission: 党建办（重报）.xlsx)
        are one problem naming both workbooks, not one per cell."""
        repeats: list[tuple[int, str, str, int, int, str, str]] = []  # the first's table, the cell
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
                    repeats.append((where[grid_id] >> 40, file, sheet, row, col, grid_id, code))
        tables = list(self._tables)
        by_first: dict[str, list[tuple[str, str, int, int, str, str]]] = {}  # first file -> cells
        for table, file, sheet, row, col, grid_id, code in repeats:
            by_first.setdefault(tables[table][0], []).append((file, sheet, row, col, grid_id, code))
        for first_file, cells in by_first.items():
            if len(cells) > 1 and all(cell[0] != first_file for cell in cells):
                self._repeated_workbook(first_file, cells)
                continue
            for file, sheet, row, col, grid_id, code in cells:
                self.report.add(
                    Code.SCORED_TWICE,
                    file=file,
                    sheet=sheet,
                    cell=address(row, col),
                    grid=grid_id,
                    code=code,
                    first=self._first(code, grid_id),
                )

    def _repeated_workbook(self, other: str, cells: list[tuple[str, str, int, int, str, str]]) -> None:
        file, sheet, row, col, *_ = cells[0]
        self.report.add(
            Code.SCORED_IN_TWO_WORKBOOKS,
            file=file,
            sheet=sheet,
            cell=address(row, col),
            other=other,
            count=len(cells),
            codes=_some(dict.fromkeys(cell[5] for cell in cells)),
            grids=_some(dict.fromkeys(cell[4] for cell in cells)),
        )

    def _first(self, code: str, grid_id: str) -> str:
        """Where the score that counts for (grid, item) was read: file › sheet › cell."""
        packed = self._where[code][grid_id]
        file, sheet = list(self._tables)[packed >> 40]
        return f"{file} › {sheet} › {address((packed >> 16) & 0xFFFFFF, packed & 0xFFFF)}"


def _some(names: Iterable[str], shown: int = 10) -> str:
    """Names for a message: all of a few, the first `shown` of many (G01、G02…等 85 个)."""
    names = list(names)
    if len(names) <= shown:
        return "、".join(names)
    return "、".join(names[:shown]) + f"…（{len(names)}）"


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
    unread: dict[str, list[str]] | None = None,
) -> None:
    """Every grid is self-assessed every month, unless the rules allow a missing month.
    month_folders: each month's folder as it is spelled (2020-7), where not folder/2020-07.
    unread: by month, the workbooks that gave no rater sheet (each reported as such); the
    grids of the village such a workbook is named after are not reported again as missing."""
    present = {(s.month, g) for s in sheets for g in s.totals}
    villages = list(dict.fromkeys(grid.village for grid in grids.values()))
    excused = {
        (month, village)
        for month, files in (unread or {}).items()
        for file in files
        if (village := closest(PurePosixPath(file).stem, villages))
    }
    allowed = rules.self_.allow_missing_months
    for month in months:
        for g, grid in grids.items():
            if (month, g) not in present and (month, grid.village) not in excused:
                severity = Severity.WARNING if allowed else Severity.ERROR
                where = (month_folders or {}).get(month) or f"{folder}/{month}"
                report.add(Code.MONTH_MISSING, severity, file=where, grid=g, month=month)
    for g in grids:
        if allowed and not any((m, g) in present for m in months):
            report.add(Code.NO_SELF_SCORE, file=folder, grid=g, months="、".join(months))
