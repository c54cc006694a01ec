"""Blank fill-in workbooks laid out exactly as the reader expects them (SPEC §2).

A month gives one workbook per village (items down, the village's grids across, one rater
sheet to copy per rater); a quarter gives one workbook per department (grids down, the
department's items across). Every score cell carries Excel data validation with the item's
range and its scoring standard; everything but the score cells is protected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gridscore.config import Fonts, Rules
from gridscore.model import Grid, Item, Kind
from gridscore.tables import column_letter
from gridscore.validate.common import number_text
from gridscore.workbooks.book import PAGES, Book, lines_needed, safe_file_name
from gridscore.workbooks.notice import QUARTER_NAMES

SIGNATURE = "评分人（签字）：________________　　日期：____年__月__日"


class _Form(Book):
    """A Book with the formats of a fill-in form: unlocked score cells, locked headers."""

    def __init__(self, title: str, fonts: Fonts | None = None) -> None:
        super().__init__(title, 2, fonts)
        self.fmt["input"] = self.format({"border": 1, "locked": False, "bg_color": "#FFF2CC"})
        self.fmt["wrap"] = self.format({"border": 1, "text_wrap": True, "valign": "vcenter"})
        self.fmt["total"] = self.format(
            {"border": 1, "bold": True, "num_format": "0.##", "valign": "vcenter"}
        )
        self.fmt["points"] = self.format(
            {"border": 1, "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#EDEDED"}
        )
        self.fmt["sign"] = self.format({"align": "left", "valign": "vcenter"})

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

    def sign_line(self, ws: Any, row: int, last: int) -> None:
        """The rater's signature and date, above the table: never read as one of its rows."""
        ws.merge_range(row, 0, row, last, SIGNATURE, self.fmt["sign"])
        ws.set_row(row, 24)


def points_text(item: Item) -> str:
    """An item's type and points as a form shows them: 基础项 满分10分, 扣分项 最多扣5分."""
    points = number_text(item.points)
    return {
        Kind.BASE: f"基础项\n满分{points}分",
        Kind.BONUS: f"加分项\n最多加{points}分",
        Kind.DEDUCTION: f"扣分项\n最多扣{points}分",
        Kind.VETO: "否决项\n填“是”或“否”",
    }[item.kind]


def _limit(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _page(book: _Form, ws: Any, header_rows: tuple[int, int], freeze: tuple[int, int]) -> None:
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(*header_rows)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer(PAGES)
    ws.freeze_panes(*freeze)


def month_forms(
    items: dict[str, Item], grids: dict[str, Grid], month: str, street_name: str, fonts: Fonts | None = None
) -> dict[str, bytes]:
    """One self-assessment workbook per village, by file name. Each rater sheet ends with a
    合计 row per grid (a formula: Excel and WPS show the rater's total as they type; the reader
    skips total rows and compares them with the sum)."""
    year, mm = month.split("-")
    rows = [i for i in items.values() if i.kind is not Kind.VETO]
    forms = {}
    for village in dict.fromkeys(g.village for g in grids.values()):
        own = [g for g in grids.values() if g.village == village]
        title = f"{village}{year}年{int(mm)}月网格化工作月度自考评分表"
        book = _Form(title, fonts)
        ws = book.sheet("评分人1")
        info = ["编号", "类别", "类型", "考核内容", "分值", "评分标准"]
        widths = [8, 10, 6, 30, 6, 32]
        last = len(info) + len(own) - 1
        ws.merge_range(0, 0, 0, last, title, book.fmt["title"])
        ws.set_row(0, 30)
        book.sign_line(ws, 1, len(info) - 2)
        # The grid names above their ids: the reader takes the row holding 编号 as the header.
        ws.write_string(1, len(info) - 1, "网格名称 →", book.fmt["sign"])
        for c, grid in enumerate(own, start=len(info)):
            ws.write_string(1, c, grid.name, book.fmt["header"])
        for c, header in enumerate(info + [g.grid_id for g in own]):
            ws.write_string(2, c, header, book.fmt["header"])
        for c, width in enumerate(widths + [12] * len(own)):
            ws.set_column(c, c, width)
        wrap = {"text": book.fmt["wrap"], "number": book.fmt["exact"]}  # points as written: 2, 2.5
        first = 3
        for r, item in enumerate(rows, start=first):
            cells = [item.code, item.category, item.kind.value, item.content, item.points, item.standard]
            for c, value in enumerate(cells):
                book.write(ws, r, c, value, wrap)
            for c in range(len(info), last + 1):
                book.score_cell(ws, r, c, item)
            lines = max(lines_needed(item.content, widths[3]), lines_needed(item.standard, widths[5]))
            ws.set_row(r, book.line_height * max(lines, 1) + 3)
        total = first + len(rows)
        ws.write_string(total, 0, "合计", book.fmt["total"])
        ws.merge_range(
            total, 1, total, len(info) - 1, "基础项得分 + 加分 − 扣分（自动计算）", book.fmt["text"]
        )
        for c in range(len(info), last + 1):
            col = column_letter(c)
            kinds, scores = f"$C${first + 1}:$C${total}", f"{col}{first + 1}:{col}{total}"
            formula = f'=SUMIF({kinds},"<>扣分",{scores})-SUMIF({kinds},"扣分",{scores})'
            ws.write_formula(total, c, formula, book.fmt["total"], 0)  # cached 0: the blank form's total
        _page(book, ws, (1, 2), (3, len(info)))
        book.protect(ws)
        _instructions(
            book,
            [
                f"{street_name}网格化工作月度自考：每位评分人（村干部、党员代表、老干部等）填写一张工作表。",
                "复制“评分人1”工作表，每位评分人一张，并把工作表改名为评分人的身份和姓名，如“党员代表-张三”。",
                "只在黄色单元格中填写得分：基础项、加分项填写得分，扣分项填写扣除的分数（未扣分可留空）。",
                "得分只填数字（如 8 或 7.5），不要带“分”等文字。鼠标停在单元格上可看到该项的满分和评分标准。",
                "基础项每个网格都必须评分；加分项、扣分项留空按 0 分计算。否决项不参加村自考。",
                "最后一行“合计”自动计算每个网格的得分（基础项 + 加分 − 扣分），请核对。",
                "打印后手工填写的，评分人在表头的“评分人（签字）”处签字并写上日期。",
                "不要修改编号、网格编号和表头；不要增删行列。填好后交回街道网格办。",
            ],
        )
        forms[f"{safe_file_name(village)}.xlsx"] = book.close()
    return forms


def quarter_forms(
    items: dict[str, Item], grids: dict[str, Grid], period: str, street_name: str, fonts: Fonts | None = None
) -> dict[str, bytes]:
    """One street-assessment workbook per department, by file name (= the department). Each
    item column shows its type and points on the row above its header (the reader takes the
    lower row of a two-row header as the column names)."""
    year, quarter = period.split("-Q")
    forms = {}
    for department in dict.fromkeys(i.department for i in items.values()):
        own = [i for i in items.values() if i.department == department]
        title = (
            f"{street_name}{year}年第{QUARTER_NAMES[int(quarter)]}季度网格化工作考核评分表（{department}）"
        )
        book = _Form(title, fonts)
        ws = book.sheet("考核评分")
        info = ["网格编号", "网格名称", "村(社区)"]
        last = len(info) + len(own)
        ws.merge_range(0, 0, 0, last, title, book.fmt["title"])
        ws.set_row(0, 30)
        book.sign_line(ws, 1, last)
        upper, lower = 2, 3
        for c, header in enumerate(info):
            ws.merge_range(upper, c, lower, c, header, book.fmt["header"])
        ws.merge_range(upper, last, lower, last, "备注", book.fmt["header"])
        item_width = 16
        for c, item in enumerate(own, start=len(info)):
            ws.write_string(upper, c, points_text(item), book.fmt["points"])
            ws.write_string(lower, c, f"{item.code} {item.content}", book.fmt["header"])
        ws.set_row(upper, book.line_height * 2 + 4)
        head_lines = max((lines_needed(f"{i.code} {i.content}", item_width) for i in own), default=1)
        ws.set_row(lower, book.line_height * head_lines + 4)
        for c, width in enumerate([10, 18, 12] + [item_width] * len(own) + [24]):
            ws.set_column(c, c, width)
        for r, grid in enumerate(grids.values(), start=lower + 1):
            for c, value in enumerate((grid.grid_id, grid.name, grid.village)):
                book.write(ws, r, c, value)
            for c, item in enumerate(own, start=len(info)):
                book.score_cell(ws, r, c, item)
            ws.write_blank(r, last, None, book.fmt["input"])
            ws.set_row(r, 20)  # room to write a score by hand on paper
        _page(book, ws, (upper, lower), (lower + 1, len(info)))
        book.protect(ws)
        _instructions(
            book,
            [
                f"{street_name}网格化工作季度考核：本表由{department}填写，文件名就是部门名称，请勿改名。",
                "只在黄色单元格中填写：基础项、加分项填写得分，扣分项填写扣除的分数（未扣分可留空）。",
                "每个考核项目上方写明了类型和分值：基础项填 0 到满分之间的得分，扣分项填扣除的分数。",
                "否决项从下拉列表选择“是”或“否”（留空表示不否决）。鼠标停在单元格上可看到该项的评分标准。",
                "每个网格的基础项都必须评分。扣分、否决请在“备注”中写明原因。",
                "打印后手工填写的，评分人在表头的“评分人（签字）”处签字并写上日期。",
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
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.6, top=0.8, bottom=0.8)
    ws.set_footer(PAGES)
    ws.protect("")


def template_outputs(
    items: dict[str, Item], grids: dict[str, Grid], period: str, rules: Rules, out: Path
) -> dict[Path, bytes]:
    """The period's blank forms, laid out under OUT as the data folder holds them."""
    if "-Q" in period:
        folder = out / rules.paths.street / period
        forms = quarter_forms(items, grids, period, rules.street_name, rules.fonts)
    else:
        folder = out / rules.paths.self_ / period
        forms = month_forms(items, grids, period, rules.street_name, rules.fonts)
    return {folder / name: content for name, content in forms.items()}
