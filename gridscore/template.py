"""Blank fill-in workbooks laid out exactly as the reader expects them (SPEC §2).

A month gives one workbook per village (items down, the village's grids across, one rater
sheet to copy per rater); a quarter gives one workbook per department (grids down, the
department's items across). Every score cell carries Excel data validation with the item's
range and its scoring standard; everything but the score cells is protected.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from gridscore.config import Rules
from gridscore.model import Grid, Item, Kind
from gridscore.publish import Book
from gridscore.validate import number_text

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\[\]\x00-\x1f]')


def safe_file_name(name: str) -> str:
    """A file name built from data, safe on Windows."""
    cleaned = _UNSAFE_NAME.sub("_", name).strip(" .")
    return cleaned or "_"


class _Form(Book):
    """A Book with the formats of a fill-in form: unlocked score cells, locked headers."""

    def __init__(self, title: str) -> None:
        super().__init__(title, 2)
        add = self.wb.add_format
        self.fmt["input"] = add({"border": 1, "locked": False, "bg_color": "#FFF2CC"})
        self.fmt["wrap"] = add({"border": 1, "text_wrap": True, "valign": "top"})

    def score_cell(self, ws: Any, row: int, col: int, item: Item) -> None:
        ws.write_blank(row, col, None, self.fmt["input"])
        standard = item.standard or item.content
        if item.kind is Kind.VETO:
            rule = {"validate": "list", "source": ["是", "否"]}
            error = "请从下拉列表中选择 是 或 否。"
        else:
            points = int(item.points) if item.points == item.points.to_integral() else float(item.points)
            rule = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": points}
            error = f"{item.code} 的得分应在 0 到 {number_text(item.points)} 之间。"
        ws.data_validation(
            row,
            col,
            row,
            col,
            {
                **rule,
                "input_title": f"{item.code} {item.kind.value}"[:32],
                "input_message": _limit(f"满分 {number_text(item.points)}。{standard}", 255)
                if item.kind is not Kind.VETO
                else _limit(f"否决项：是/否。{standard}", 255),
                "error_title": "输入有误",
                "error_message": _limit(error, 255),
            },
        )

    def protect(self, ws: Any) -> None:
        ws.protect(
            "",
            {
                "format_columns": True,
                "format_rows": True,
                "select_locked_cells": True,
                "select_unlocked_cells": True,
            },
        )


def _limit(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def month_forms(
    items: dict[str, Item], grids: dict[str, Grid], month: str, street_name: str
) -> dict[str, bytes]:
    """One self-assessment workbook per village, by file name."""
    year, mm = month.split("-")
    rows = [i for i in items.values() if i.kind is not Kind.VETO]
    forms = {}
    for village in dict.fromkeys(g.village for g in grids.values()):
        own = [g for g in grids.values() if g.village == village]
        title = f"{village}{year}年{int(mm)}月网格化工作月度自考评分表"
        book = _Form(title)
        ws = book.sheet("评分人1")
        info = ["编号", "类别", "类型", "考核内容", "分值", "评分标准"]
        widths = [9, 12, 7, 30, 7, 36]
        last = len(info) + len(own) - 1
        ws.merge_range(0, 0, 0, last, title, book.fmt["title"])
        # The grid names above their ids: the reader takes the row holding 编号 as the header.
        ws.write_string(1, len(info) - 1, "网格名称 →", book.fmt["note"])
        for c, grid in enumerate(own, start=len(info)):
            ws.write_string(1, c, grid.name, book.fmt["header"])
        book.table(ws, 2, info + [g.grid_id for g in own], [], widths + [14] * len(own))
        for r, item in enumerate(rows, start=3):
            cells = [item.code, item.category, item.kind.value, item.content, item.points, item.standard]
            for c, value in enumerate(cells):
                book.write(ws, r, c, value)
            for c in range(len(info), last + 1):
                book.score_cell(ws, r, c, item)
        ws.freeze_panes(3, len(info))
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(1, 2)
        book.protect(ws)
        _instructions(
            book,
            [
                f"{street_name}网格化工作月度自考：每位评分人（村干部、党员代表、老干部等）填写一张工作表。",
                "复制“评分人1”工作表，每位评分人一张，并把工作表改名为评分人的身份和姓名，如“党员代表-张三”。",
                "只在黄色单元格中填写得分：基础项、加分项填写得分，扣分项填写扣除的分数（未扣分可留空）。",
                "得分只填数字（如 8 或 7.5），不要带“分”等文字。鼠标停在单元格上可看到该项的满分和评分标准。",
                "基础项每个网格都必须评分；加分项、扣分项留空按 0 分计算。否决项不参加村自考。",
                "不要修改编号、网格编号和表头；不要增删行列。填好后交回街道网格办。",
            ],
        )
        forms[f"{safe_file_name(village)}.xlsx"] = book.close()
    return forms


def quarter_forms(
    items: dict[str, Item], grids: dict[str, Grid], period: str, street_name: str
) -> dict[str, bytes]:
    """One street-assessment workbook per department, by file name (= the department)."""
    year, quarter = period.split("-Q")
    forms = {}
    for department in dict.fromkeys(i.department for i in items.values()):
        own = [i for i in items.values() if i.department == department]
        title = f"{street_name}{year}年第{quarter}季度网格化工作考核评分表（{department}）"
        book = _Form(title)
        ws = book.sheet("考核评分")
        info = ["网格编号", "网格名称", "村(社区)"]
        headers = info + [f"{i.code} {_limit(i.content, 14)}" for i in own] + ["备注"]
        last = len(headers) - 1
        ws.merge_range(0, 0, 0, last, title, book.fmt["title"])
        book.table(ws, 1, headers, [], [10, 20, 12] + [16] * len(own) + [24])
        ws.set_row(1, 45)
        for r, grid in enumerate(grids.values(), start=2):
            for c, value in enumerate((grid.grid_id, grid.name, grid.village)):
                book.write(ws, r, c, value)
            for c, item in enumerate(own, start=len(info)):
                book.score_cell(ws, r, c, item)
            ws.write_blank(r, last, None, book.fmt["input"])
        ws.freeze_panes(2, len(info))
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(1)
        book.protect(ws)
        _instructions(
            book,
            [
                f"{street_name}网格化工作季度考核：本表由{department}填写，文件名就是部门名称，请勿改名。",
                "只在黄色单元格中填写：基础项、加分项填写得分，扣分项填写扣除的分数（未扣分可留空）。",
                "否决项从下拉列表选择“是”或“否”（留空表示不否决）。鼠标停在单元格上可看到该项的评分标准。",
                "每个网格的基础项都必须评分。扣分、否决请在“备注”中写明原因。",
                "不要修改网格编号和表头；不要增删行列。填好后交回街道网格办。",
            ],
        )
        forms[f"{safe_file_name(department)}.xlsx"] = book.close()
    return forms


def _instructions(book: Book, lines: list[str]) -> None:
    ws = book.sheet("填表说明")
    ws.set_column(0, 0, 100)
    ws.write_string(0, 0, "填表说明", book.fmt["title"])
    for r, line in enumerate(lines, start=2):
        ws.write_string(r, 0, f"{r - 1}. {line}", book.fmt["note"])
    ws.protect("")


def template_outputs(
    items: dict[str, Item], grids: dict[str, Grid], period: str, rules: Rules, out: Path
) -> dict[Path, bytes]:
    """The period's blank forms, laid out under OUT as the data folder holds them."""
    if "-Q" in period:
        folder = out / rules.paths.street / period
        forms = quarter_forms(items, grids, period, rules.street_name)
    else:
        folder = out / rules.paths.self_ / period
        forms = month_forms(items, grids, period, rules.street_name)
    return {folder / name: content for name, content in forms.items()}
