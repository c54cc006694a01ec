"""The output workbooks, built in memory (xlsxwriter); io.write_outputs puts them on disk."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from gridscore import __version__
from gridscore.i18n import text
from gridscore.problems import Report, Severity
from gridscore.rules import GridResult, QuarterResult

QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


def timestamp() -> dt.datetime:
    """Document time: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Book:
    """An xlsxwriter workbook in memory with the formats every output shares.

    Strings are never turned into formulas or links: a name such as '=1+1' stays text.
    """

    def __init__(self, title: str, decimals: int) -> None:
        import xlsxwriter

        self.stream = io.BytesIO()
        self.wb = xlsxwriter.Workbook(
            self.stream,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.wb.set_properties({"title": title, "author": "gridscore", "created": timestamp()})
        self.wb.set_calc_mode("auto")
        number = "0." + "0" * decimals if decimals else "0"
        add = self.wb.add_format
        self.fmt = {
            "title": add({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}),
            "note": add({"font_size": 10, "align": "left", "text_wrap": True, "valign": "top"}),
            "header": add(
                {
                    "bold": True,
                    "border": 1,
                    "align": "center",
                    "valign": "vcenter",
                    "bg_color": "#D9E1F2",
                    "text_wrap": True,
                }
            ),
            "text": add({"border": 1, "valign": "vcenter"}),
            "center": add({"border": 1, "align": "center", "valign": "vcenter"}),
            "number": add({"border": 1, "num_format": number, "valign": "vcenter"}),
            "exact": add({"border": 1, "num_format": "General", "valign": "vcenter"}),
        }

    def sheet(self, name: str) -> Any:
        return self.wb.add_worksheet(name)

    def write(self, ws: Any, row: int, col: int, value: object) -> None:
        if isinstance(value, Decimal):
            ws.write_number(row, col, float(value), self.fmt["number"])
        elif isinstance(value, bool):
            ws.write_string(row, col, "是" if value else "", self.fmt["center"])
        elif isinstance(value, int):
            ws.write_number(row, col, value, self.fmt["center"])
        elif value is None:
            ws.write_blank(row, col, None, self.fmt["text"])
        else:
            ws.write_string(row, col, str(value), self.fmt["text"])

    def table(
        self,
        ws: Any,
        row: int,
        headers: Sequence[str],
        rows: Iterable[Sequence[object]],
        widths: Sequence[int] = (),
    ) -> int:
        """A bordered table from `row`; returns the row after it."""
        for col, header in enumerate(headers):
            ws.write_string(row, col, header, self.fmt["header"])
            ws.set_column(col, col, widths[col] if col < len(widths) else max(10, 2 * len(header) + 2))
        for r, values in enumerate(rows, start=row + 1):
            for col, value in enumerate(values):
                self.write(ws, r, col, value)
            row = r
        return row + 1

    def titled_table(
        self,
        name: str,
        title: str,
        subtitle: str,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[int],
        footer: Sequence[str] = (),
    ) -> Any:
        """A print-ready sheet: title, subtitle, table, footer; A4, one page wide, header repeated."""
        ws = self.sheet(name)
        last = len(headers) - 1
        ws.merge_range(0, 0, 0, last, title, self.fmt["title"])
        ws.set_row(0, 32)
        ws.merge_range(1, 0, 1, last, subtitle, self.fmt["note"])
        ws.set_row(1, 30)
        after = self.table(ws, 2, headers, rows, widths)
        for offset, line in enumerate(footer, start=1):
            ws.merge_range(after + offset, 0, after + offset, last, line, self.fmt["note"])
            ws.set_row(after + offset, 30)
        ws.set_paper(9)  # A4
        ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(2)
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.set_footer("&C第 &P 页，共 &N 页")
        ws.freeze_panes(3, 0)
        return ws

    def close(self) -> bytes:
        self.wb.close()
        return self.stream.getvalue()


def period_title(result: QuarterResult) -> str:
    year, quarter = result.period.split("-Q")
    return f"{result.rules.street_name}{year}年第{QUARTER_NAMES[int(quarter)]}季度网格化工作"


def _reason(g: GridResult, result: QuarterResult, which: str) -> str:
    lists = result.rules.lists
    words = {
        "top": text("reason.top", n=lists.commend_top),
        "bottom": text("reason.bottom", n=lists.interview_bottom),
        "veto": text("reason.veto") + ("（" + "、".join(g.vetoes) + "）" if g.vetoes else ""),
    }
    keep = {"commend": ("top",), "interview": ("bottom", "veto")}[which]
    return "；".join(words[r] for r in g.reasons if r in keep)


def notice(result: QuarterResult) -> bytes:
    """The public notice: the ranking and nothing internal."""
    rules = result.rules
    title = period_title(result) + "考核结果公示"
    book = Book(title, rules.ranking.decimals)
    headers = ["排名", "村(社区)", "网格名称", "网格长", "村自考得分", "街道考核得分", "综合得分"]
    widths = [7, 14, 22, 10, 12, 14, 11]
    with_grade = bool(rules.grades)
    with_remark = any(g.vetoed for g in result.grids)
    if with_grade:
        headers.append("等次")
        widths.append(9)
    if with_remark:
        headers.append("备注")
        widths.append(11)
    rows = []
    for g in result.grids:
        row: list[object] = [
            g.rank,
            g.grid.village,
            g.grid.name,
            g.grid.leader,
            g.self_score,
            g.street_score,
            g.composite,
        ]
        if with_grade:
            row.append(g.grade)
        if with_remark:
            row.append(text("reason.veto") if g.vetoed else "")
        rows.append(row)
    w_self = _percent(rules.weights.self_)
    w_street = _percent(rules.weights.street)
    subtitle = (
        f"综合得分 = 村自考得分 × {w_self}% + 街道考核得分 × {w_street}%，"
        "按综合得分由高到低排名，得分相同名次并列。"
    )
    footer = [
        f"公示期为{rules.notice.days}天，自公示之日起计算。对考核结果如有异议，请在公示期内向{rules.notice.contact}反映。",
        rules.street_name + "网格化服务管理中心" if rules.street_name else "",
    ]
    book.titled_table("公示", title, subtitle, headers, rows, widths, [line for line in footer if line])
    return book.close()


def _percent(weight: Decimal) -> str:
    return f"{(weight * 100).normalize():f}"


def name_list(result: QuarterResult, which: str) -> bytes:
    """The commendation (commend) or interview (interview) list."""
    rules = result.rules
    grids = result.commended if which == "commend" else result.interviewed
    name = {"commend": "表彰名单", "interview": "提醒谈话名单"}[which]
    title = period_title(result) + "考核" + name
    book = Book(title, rules.ranking.decimals)
    headers = ["序号", "网格名称", "村(社区)", "网格长", "网格员", "综合得分", "排名", "原因"]
    widths = [6, 22, 14, 10, 24, 11, 7, 22]
    rows = [
        [
            n,
            g.grid.name,
            g.grid.village,
            g.grid.leader,
            "、".join(g.grid.members),
            g.composite,
            g.rank,
            _reason(g, result, which),
        ]
        for n, g in enumerate(grids, start=1)
    ]
    limit = rules.lists.commend_top if which == "commend" else rules.lists.interview_bottom
    longer = result.commend_longer if which == "commend" else result.interview_longer
    subtitle = f"共 {len(grids)} 个网格。网格长与网格员捆绑考核。"
    if longer:
        subtitle += f"因名次并列，名单多于规定的 {limit} 个。"
    if which == "commend" and any(g.vetoed for g in result.grids):
        subtitle += "被一票否决的网格不参加表彰，名额依次递补。"
    book.titled_table(name, title, subtitle, headers, rows, widths)
    return book.close()


def detail(result: QuarterResult, report: Report) -> bytes:
    """The internal detail workbook: how every number came about, and from which files."""
    rules, data = result.rules, result.data
    book = Book(period_title(result) + "考核明细", rules.ranking.decimals)
    months = list(data.months)
    flags = {key: text(f"flag.{key}") for key in ("veto", "month_missing", "bonus_capped")}
    summary_rows = []
    for g in result.grids:
        by_month = {m.month: m.score for m in g.months}
        summary_rows.append(
            [g.rank, g.grid.grid_id, g.grid.name, g.grid.village, g.grid.leader, "、".join(g.grid.members)]
            + [by_month.get(m) for m in months]
            + [
                g.self_score,
                g.street_score,
                g.composite,
                g.grade,
                "、".join(g.vetoes),
                g.commended,
                g.interviewed,
            ]
            + ["、".join(flags[f] for f in g.flags)]
        )
    ws = book.sheet("汇总")
    book.table(
        ws,
        0,
        ["排名", "网格编号", "网格名称", "村(社区)", "网格长", "网格员"]
        + [f"{int(m[-2:])}月自考" for m in months]
        + ["村自考得分", "街道考核得分", "综合得分", "等次", "否决项", "表彰", "提醒谈话", "标记"],
        summary_rows,
    )
    ws.freeze_panes(1, 3)
    ws.autofilter(0, 0, len(summary_rows), 12 + len(months))

    self_rows = []
    for g in sorted(result.grids, key=lambda g: g.grid.grid_id):
        for m in g.months:
            for r in m.raters:
                self_rows.append(
                    [g.grid.grid_id, g.grid.name, m.month, r.rater, r.file, r.total, m.score, m.trimmed]
                )
    ws = book.sheet("村自考明细")
    book.table(
        ws,
        0,
        ["网格编号", "网格名称", "月份", "评分人", "工作簿", "评分人合计", "月度自考得分", "去掉最高最低分"],
        self_rows,
        [12, 22, 9, 18, 30, 11, 13, 14],
    )
    ws.freeze_panes(1, 2)

    categories = list(dict.fromkeys(i.category for i in data.items.values()))
    departments = list(dict.fromkeys(i.department for i in data.items.values()))
    _breakdown(book, "街道得分-按类别", result, lambda g: g.by_category, categories)
    _breakdown(book, "街道得分-按部门", result, lambda g: g.by_department, departments)

    dept_rows = []
    for department in departments:
        codes = [i.code for i in data.items.values() if i.department == department]
        filled = sum(1 for (_, code), s in data.street.items() if code in codes and s.filled)
        dept_rows.append(
            [
                department,
                len(codes),
                len(codes) * len(data.grids),
                filled,
                "、".join(data.street_files.get(department, [])),
            ]
        )
    ws = book.sheet("部门报送")
    book.table(
        ws,
        0,
        ["责任部门", "考核项目数", "应评分单元格", "已填写单元格", "提交文件"],
        dept_rows,
        [18, 11, 13, 13, 40],
    )

    problem_rows = [
        [text(f"severity.{p.severity}"), p.file, p.sheet, p.cell, str(p.code), p.message()]
        for p in report
        if p.severity is not Severity.ERROR
    ]
    ws = book.sheet("警告与提示")
    book.table(
        ws, 0, ["级别", "文件", "工作表", "单元格", "代码", "说明"], problem_rows, [8, 36, 18, 8, 22, 70]
    )

    ws = book.sheet("规则与来源")
    rows: list[list[object]] = [["期间", result.period], ["gridscore 版本", __version__]]
    rows += [[key, value] for key, value in _flatten(rules.model_dump(by_alias=True))]
    end = book.table(ws, 0, ["项目", "取值"], rows, [34, 80])
    book.table(ws, end + 1, ["输入文件", "SHA-256"], data.inputs, [34, 80])
    return book.close()


def _breakdown(book: Book, name: str, result: QuarterResult, parts: Any, keys: list[str]) -> None:
    rows = [
        [
            g.grid.grid_id,
            g.grid.name,
            *(parts(g).get(k, Decimal(0)) for k in keys),
            g.bonus_raw,
            g.street_score,
        ]
        for g in sorted(result.grids, key=lambda g: g.grid.grid_id)
    ]
    ws = book.sheet(name)
    book.table(ws, 0, ["网格编号", "网格名称", *keys, "加分合计(封顶前)", "街道考核得分"], rows)
    ws.freeze_panes(1, 2)


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    pairs = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            pairs += _flatten(value, name + ".")
        elif isinstance(value, list):
            pairs.append((name, ", ".join(str(v) for v in value)))
        else:
            pairs.append((name, "" if value is None else str(value)))
    return pairs


def quarter_outputs(result: QuarterResult, report: Report, out: Path) -> dict[Path, bytes]:
    """The four workbooks of a quarter, by their paths under OUT/2020-Q3/."""
    folder = out / result.period
    p = result.period
    return {
        folder / f"公示-{p}.xlsx": notice(result),
        folder / f"表彰名单-{p}.xlsx": name_list(result, "commend"),
        folder / f"提醒谈话名单-{p}.xlsx": name_list(result, "interview"),
        folder / f"明细-{p}.xlsx": detail(result, report),
    }
