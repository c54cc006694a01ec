"""The output workbooks, built in memory (xlsxwriter); io.write_outputs puts them on disk."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from gridscore import __version__
from gridscore.config import Rules
from gridscore.i18n import text
from gridscore.problems import Report, Severity
from gridscore.rules import GridResult, QuarterResult, YearGrid, YearResult

Ranked = GridResult | YearGrid

# Characters XML 1.0 forbids (control characters but tab, LF, CR; lone surrogates; U+FFFE/F).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def clean_text(value: str) -> str:
    """Text from the inputs with the characters XML forbids removed."""
    return _XML_FORBIDDEN.sub("", value)


def _utf16_cut(text: str, units: int) -> str:
    """The longest start of text that is at most `units` UTF-16 code units long."""
    while len(text.encode("utf-16-le")) > 2 * units:
        text = text[:-1]
    return text


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
        self.wb.set_properties({"title": clean_text(title), "author": "gridscore", "created": timestamp()})
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
            # Always a string, never a formula: '=1+1', '@SUM(A1)', '\t-2' stay text.
            ws.write_string(row, col, clean_text(str(value)), self.fmt["text"])

    def safe_sheet_name(self, name: str) -> str:
        """A sheet name from the data that Excel accepts and this workbook has not used:
        no []:*?/\\ or control characters, no leading or trailing apostrophe, at most 31
        characters as Excel counts them (UTF-16), made unique with (2), (3) ..."""
        base = _SHEET_FORBIDDEN.sub("_", clean_text(name)).strip().strip("'") or "Sheet"
        if base.lower() == "history":  # reserved by Excel
            base += "_"
        used = {n.lower() for n in self.wb.sheetnames}
        candidate, n = _utf16_cut(base, 31), 1
        while candidate.lower() in used:
            n += 1
            suffix = f"({n})"
            candidate = _utf16_cut(base, 31 - len(suffix)) + suffix
        return candidate

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


def period_title(result: QuarterResult | YearResult) -> str:
    if isinstance(result, YearResult):
        return f"{result.rules.street_name}{result.year}年度网格化工作"
    year, quarter = result.period.split("-Q")
    return f"{result.rules.street_name}{year}年第{QUARTER_NAMES[int(quarter)]}季度网格化工作"


def _reason(g: Ranked, result: QuarterResult | YearResult, which: str) -> str:
    lists = result.rules.lists
    words = {
        "top": text("reason.top", n=lists.commend_top),
        "bottom": text("reason.bottom", n=lists.interview_bottom),
        "veto": text("reason.veto") + ("（" + "、".join(g.vetoes) + "）" if g.vetoes else ""),
    }
    keep = {"commend": ("top",), "interview": ("bottom", "veto")}[which]
    return "；".join(words[r] for r in g.reasons if r in keep)


def notice(result: QuarterResult | YearResult) -> bytes:
    """The public notice: the ranking and nothing internal."""
    rules = result.rules
    title = period_title(result) + "考核结果公示"
    book = Book(title, rules.ranking.decimals)
    headers = ["排名", "村(社区)", "网格名称", "网格长"]
    widths = [7, 14, 22, 10]
    if isinstance(result, YearResult):
        quarters = sorted(result.quarters)
        headers += [f"第{QUARTER_NAMES[q]}季度" for q in quarters] + ["年度综合得分"]
        widths += [10] * len(quarters) + [13]
        scores = [[*(g.quarters[q].composite for q in quarters), g.composite] for g in result.grids]
        subtitle = "年度综合得分 = 各季度综合得分的平均数，按年度综合得分由高到低排名，得分相同名次并列。"
        if result.partial:
            subtitle += f"本年度仅结算 {len(quarters)} 个季度。"
    else:
        headers += ["村自考得分", "街道考核得分", "综合得分"]
        widths += [12, 14, 11]
        scores = [[g.self_score, g.street_score, g.composite] for g in result.grids]
        w_self, w_street = _percent(rules.weights.self_), _percent(rules.weights.street)
        subtitle = (
            f"综合得分 = 村自考得分 × {w_self}% + 街道考核得分 × {w_street}%，"
            "按综合得分由高到低排名，得分相同名次并列。"
        )
    with_grade = bool(rules.grades)
    with_remark = any(g.vetoed for g in result.grids)
    if with_remark:
        subtitle += "被一票否决的网格排在末位。"
    if with_grade:
        headers.append("等次")
        widths.append(9)
    if with_remark:
        headers.append("备注")
        widths.append(13)
    rows = []
    for g, score_cells in zip(result.grids, scores, strict=True):
        row: list[object] = [g.rank, g.grid.village, g.grid.name, g.grid.leader, *score_cells]
        if with_grade:
            row.append(g.grade)
        if with_remark:
            row.append(text("reason.veto") if g.vetoed else "")
        rows.append(row)
    footer = [
        f"公示期为{rules.notice.days}天，自公示之日起计算。对考核结果如有异议，请在公示期内向{rules.notice.contact}反映。",
        rules.street_name + "网格化服务管理中心" if rules.street_name else "",
    ]
    book.titled_table("公示", title, subtitle, headers, rows, widths, [line for line in footer if line])
    return book.close()


def _percent(weight: Decimal) -> str:
    return f"{(weight * 100).normalize():f}"


def name_list(result: QuarterResult | YearResult, which: str) -> bytes:
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
    summary_rows = []
    for g in result.grids:
        by_month = {m.month: m.score for m in g.months}
        summary_rows.append(
            [
                g.rank,
                rank_change_text(g.rank_change),
                g.grid.grid_id,
                g.grid.name,
                g.grid.village,
                g.grid.leader,
                "、".join(g.grid.members),
            ]
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
            + [flag_text(g.flags)]
        )
    ws = book.sheet("汇总")
    book.table(
        ws,
        0,
        ["排名", "名次变化", "网格编号", "网格名称", "村(社区)", "网格长", "网格员"]
        + [f"{int(m[-2:])}月自考" for m in months]
        + ["村自考得分", "街道考核得分", "综合得分", "等次", "否决项", "表彰", "提醒谈话", "标记"],
        summary_rows,
    )
    ws.freeze_panes(1, 4)
    ws.autofilter(0, 0, len(summary_rows), len(summary_rows[0]) - 1 if summary_rows else 0)

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
        filled = sum(data.street_filled.get(code, 0) for code in codes)
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

    if result.audit is not None:
        from gridscore.audit_report import flags_sheet

        flags_sheet(book, result.audit, data.grids, period_title(result) + "数据核查")
    _warnings(book, report)

    _sources(book, result.period, rules, data.inputs)
    return book.close()


def rank_change_text(change: int | None) -> str:
    """↑3 moved up three places, ↓2 down two, — unchanged; blank without a previous quarter."""
    if change is None:
        return ""
    return "—" if change == 0 else f"↑{change}" if change > 0 else f"↓{-change}"


def flag_text(flags: list[str]) -> str:
    return "、".join(text(f"flag.{f}") for f in flags)


def _warnings(book: Book, report: Report) -> None:
    """The warnings and notes of the run (errors would have stopped it)."""
    rows = [
        [text(f"severity.{p.severity}"), p.file, p.sheet, p.cell, str(p.code), p.message()]
        for p in report
        if p.severity is not Severity.ERROR
    ]
    ws = book.sheet("警告与提示")
    book.table(ws, 0, ["级别", "文件", "工作表", "单元格", "代码", "说明"], rows, [8, 36, 18, 8, 22, 70])


def _sources(book: Book, period: str, rules: Rules, inputs: list[tuple[str, str]]) -> None:
    """The rules used, every input file with its SHA-256, and the tool version."""
    ws = book.sheet("规则与来源")
    rows: list[list[object]] = [["期间", period], ["gridscore 版本", __version__]]
    rows += [[key, value] for key, value in _flatten(rules.model_dump(by_alias=True))]
    end = book.table(ws, 0, ["项目", "取值"], rows, [34, 80])
    book.table(ws, end + 1, ["输入文件", "SHA-256"], inputs, [34, 80])


def year_detail(result: YearResult, report: Report) -> bytes:
    """The year's detail: each grid's quarters, ranks and trajectory, and a chart."""
    rules = result.rules
    book = Book(period_title(result) + "考核明细", rules.ranking.decimals)
    quarters = sorted(result.quarters)
    names = [f"第{QUARTER_NAMES[q]}季度" for q in quarters]
    rows = []
    for g in result.grids:
        ranks = [g.quarters[q].rank for q in quarters]
        rows.append(
            [g.rank, g.grid.grid_id, g.grid.name, g.grid.village, g.grid.leader]
            + [g.quarters[q].composite for q in quarters]
            + ranks
            + ["→".join(map(str, ranks)), g.composite, g.grade, "、".join(g.vetoes)]
            + [g.commended, g.interviewed, flag_text(g.flags)]
        )
    headers = ["排名", "网格编号", "网格名称", "村(社区)", "网格长"]
    headers += [f"{n}综合得分" for n in names] + [f"{n}排名" for n in names]
    headers += ["名次走势", "年度综合得分", "等次", "否决项", "表彰", "提醒谈话", "标记"]
    ws = book.sheet("汇总")
    book.table(ws, 0, headers, rows)
    ws.freeze_panes(1, 3)
    ws.autofilter(0, 0, len(rows), len(headers) - 1)
    _year_chart(book, result, len(quarters))
    _warnings(book, report)
    _sources(book, result.period, rules, result.inputs)
    return book.close()


def _year_chart(book: Book, result: YearResult, n_quarters: int, n: int = 5) -> None:
    """A native line chart of the quarter composites of the top and bottom n grids."""
    ws = book.sheet("走势图")
    chart = book.wb.add_chart({"type": "line"})
    picked = result.grids[:n] + [g for g in result.grids[-n:] if g not in result.grids[:n]]
    for g in picked:
        row = result.grids.index(g) + 1  # its row on 汇总 (0-based, after the header)
        chart.add_series(
            {
                "name": ["汇总", row, 2],
                "categories": ["汇总", 0, 5, 0, 4 + n_quarters],
                "values": ["汇总", row, 5, row, 4 + n_quarters],
                "marker": {"type": "circle"},
            }
        )
    chart.set_title({"name": f"前{n}名与后{n}名网格各季度综合得分"})
    chart.set_y_axis({"name": "综合得分"})
    chart.set_legend({"position": "right"})
    chart.set_size({"width": 900, "height": 520})
    ws.insert_chart(1, 1, chart)


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


def outputs(result: QuarterResult | YearResult, report: Report, out: Path) -> dict[Path, bytes]:
    """The four workbooks of a quarter or a year, by their paths under OUT/2020-Q3/ or OUT/2020/."""
    folder = out / result.period
    p = result.period
    details = year_detail(result, report) if isinstance(result, YearResult) else detail(result, report)
    return {
        folder / f"公示-{p}.xlsx": notice(result),
        folder / f"表彰名单-{p}.xlsx": name_list(result, "commend"),
        folder / f"提醒谈话名单-{p}.xlsx": name_list(result, "interview"),
        folder / f"明细-{p}.xlsx": details,
    }
