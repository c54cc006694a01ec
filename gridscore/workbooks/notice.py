"""The workbooks handed out: the public notice (公示) and the two lists.

Laid out as formal
documents (title, opening line, table, closing lines, 落款 and date), ready to print on A4."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from gridscore.config import Rules
from gridscore.i18n import text
from gridscore.model import ListReason
from gridscore.rules import GridResult, QuarterResult, YearGrid, YearResult
from gridscore.workbooks.book import PAGES, Book

Ranked = GridResult | YearGrid
QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
BLANK_DATE = "____年__月__日"  # filled in by hand where the rules give no date
DOCUMENT_SIZE = 12  # 小四, the body of a posted notice
TITLE_SIZE = 18  # 小二


def period_words(street_name: str, period: str) -> str:
    """青山街道2020年第三季度网格化工作 (a quarter, 2020-Q3) or 青山街道2020年度网格化工作 (2020)."""
    if "-Q" not in period:
        return f"{street_name}{period}年度网格化工作"
    year, quarter = period.split("-Q")
    return f"{street_name}{year}年第{QUARTER_NAMES[int(quarter)]}季度网格化工作"


def period_title(result: QuarterResult | YearResult) -> str:
    return period_words(result.rules.street_name, result.period)


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_period(rules: Rules) -> str:
    """公示期：2020年10月12日至10月16日（共5天）, or blanks to fill in without notice.start."""
    days, start = rules.notice.days, rules.notice.start
    if start is None:
        return f"公示期：{BLANK_DATE}至{BLANK_DATE}（共{days}天）"
    end = start + dt.timedelta(days=days - 1)
    until = date_text(end) if end.year != start.year else f"{end.month}月{end.day}日"
    return f"公示期：{date_text(start)}至{until}（共{days}天）"


def issue_date(rules: Rules) -> str:
    """The date under the 落款: the first day of the notice period, else a blank to fill in."""
    return date_text(rules.notice.start) if rules.notice.start else BLANK_DATE


def _vetoes(g: Ranked, result: QuarterResult | YearResult) -> list[tuple[int | None, str]]:
    """A grid's veto items as (quarter in the year or None, the item's content), in order."""
    items = result.items
    pairs = g.veto_items if isinstance(g, YearGrid) else [(None, code) for code in g.vetoes]
    return [(q, items[code].content if code in items else code) for q, code in pairs]


def veto_reason(g: Ranked, result: QuarterResult | YearResult) -> str:
    """一票否决：发生群体性事件（第三季度）, one per veto item."""
    return "；".join(
        f"{text('reason.veto')}：{content}" + (f"（第{QUARTER_NAMES[q]}季度）" if q else "")
        for q, content in _vetoes(g, result)
    )


def _reason(g: Ranked, result: QuarterResult | YearResult, which: str) -> str:
    """Why a grid is on the list, in words a reader can act on: 综合排名第3名, 综合排名并列第10名,
    综合排名后5名（第58名）, 一票否决：{the item's content}（第三季度）."""
    place = f"{'并列' if g.rank_shared else ''}第{g.rank}名"
    words = []
    if which == "commend":
        words.append(f"综合排名{place}")
    else:
        if ListReason.BOTTOM in g.reasons:
            words.append(f"{text('reason.bottom', n=result.rules.lists.interview_bottom)}（{place}）")
        if ListReason.VETO in g.reasons:
            words.append(veto_reason(g, result))
    return "；".join(words)


class Document:
    """A sheet laid out as a formal document to post or hand out: title, an opening line,
    the table (its header repeated on every page), closing lines, the 落款 and the date
    right-aligned. A4 portrait, one page wide."""

    def __init__(self, book: Book, name: str, width: int) -> None:
        self.book, self.ws, self.row, self.last = book, book.sheet(name), 0, width - 1
        f = book.format
        self.fmt = {
            "title": f(
                {"font_size": TITLE_SIZE, "align": "center", "valign": "vcenter", "text_wrap": True},
                title=True,
            ),
            "line": f({"align": "left", "valign": "vcenter", "text_wrap": True, "indent": 2}),
            "right": f({"align": "right", "valign": "vcenter", "indent": 2}),
            "header": f(
                {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
            ),
        }
        cell = {"border": 1, "align": "center", "valign": "vcenter"}
        self.cells = {
            "text": f(cell),
            "wrap": f({**cell, "align": "left", "text_wrap": True}),
            "center": f(cell),
            "number": f({**cell, "num_format": book.number}),
            "bold": f({**cell, "bold": True}),
        }
        self.widths: list[int] = []

    def title(self, title: str) -> None:
        self.book.merged_line(self.ws, self.row, self.last, title, self.fmt["title"], 80, height=36)
        self.row += 1

    def line(self, text_: str, kind: str = "line") -> None:
        width = sum(self.widths) if self.widths else 80
        self.book.merged_line(self.ws, self.row, self.last, text_, self.fmt[kind], width / 1.1, height=22)
        self.row += 1

    def blank(self) -> None:
        self.ws.set_row(self.row, 12)
        self.row += 1

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        caps: Sequence[int],
        bold: int | None = None,
    ) -> None:
        self.header_row = self.row
        self.row, self.widths = self.book.table(
            self.ws, self.row, headers, rows, caps, header_format=self.fmt["header"], formats=self.cells
        )
        self.ws.set_row(self.header_row, 32)
        if bold is not None:  # the remark column (一票否决) in bold where it says something
            for r, values in enumerate(rows, start=self.header_row + 1):
                if values[bold]:
                    self.ws.write_string(r, bold, str(values[bold]), self.cells["bold"])

    def sign(self, issuer: str, date: str) -> None:
        """The 落款 and the date under it, right-aligned."""
        self.blank()
        for value in (issuer, date):
            if value:
                self.line(value, "right")

    def finish(self) -> None:
        widths = self.widths
        self.book.print_setup(
            self.ws,
            widths,
            (self.header_row, self.header_row),
            landscape=False,
            footer=PAGES,
            freeze=(self.header_row + 1, 0),
        )


def notice(result: QuarterResult | YearResult) -> bytes:
    """The public notice: a formal document with the ranking, and nothing internal."""
    rules = result.rules
    title = (
        f"关于{period_title(result)}考核结果的公示"
        if rules.notice.about
        else period_title(result) + "考核结果公示"
    )
    book = Book(title, rules.ranking.decimals, rules.fonts, size=DOCUMENT_SIZE - 1)
    headers = ["排名", "村(社区)", "网格名称", "网格长"]
    if isinstance(result, YearResult):
        quarters = sorted(result.quarters)
        headers += [f"第{QUARTER_NAMES[q]}季度" for q in quarters] + ["年度综合得分"]
        scores = [[*(g.quarters[q].composite for q in quarters), g.composite] for g in result.grids]
        method = "年度综合得分 = 各季度综合得分的平均数，按年度综合得分由高到低排名，得分相同的名次并列。"
        if result.partial:
            method += f"本年度仅结算 {len(quarters)} 个季度。"
    else:
        headers += ["村自考得分", "街道考核得分", "综合得分"]
        scores = [[g.self_score, g.street_score, g.composite] for g in result.grids]
        w_self, w_street = percent(rules.weights.self_), percent(rules.weights.street)
        method = (
            f"综合得分 = 村自考得分 × {w_self}% + 街道考核得分 × {w_street}%，"
            "按综合得分由高到低排名，得分相同的名次并列。"
        )
    with_grade = bool(rules.grades)
    with_remark = any(g.vetoed for g in result.grids)
    if with_remark:  # SPEC §3.6: 一票否决，排名列末位
        method += "被一票否决的网格排在末位。"
    if with_grade:
        headers.append("等次")
    if with_remark:
        headers.append("备注")
    rows = []
    for g, score_cells in zip(result.grids, scores, strict=True):
        row: list[object] = [g.rank, g.grid.village, g.grid.name, g.grid.leader, *score_cells]
        if with_grade:
            row.append(g.grade)
        if with_remark:
            row.append(text("reason.veto") if g.vetoed else "")
        rows.append(row)
    doc = Document(book, "公示", len(headers))
    doc.title(title)
    doc.line(f"现将{period_title(result)}考核结果予以公示。{method}")
    doc.table(
        headers, rows, [8, 16, 24, 10, *[14] * (len(headers) - 4)], len(headers) - 1 if with_remark else None
    )
    doc.blank()
    doc.line(notice_period(rules))
    doc.line(f"公示期内，对考核结果如有异议，请向{rules.notice.contact}反映。")
    doc.line("特此公示。")
    doc.sign(rules.issuer, issue_date(rules))
    doc.finish()
    return book.close()


def percent(weight: Decimal) -> str:
    return f"{(weight * 100).normalize():f}"


def name_list(result: QuarterResult | YearResult, which: str) -> bytes:
    """The commendation (commend) or interview (interview) list, in the notice's column order."""
    rules = result.rules
    grids = result.commended if which == "commend" else result.interviewed
    name = {"commend": "表彰名单", "interview": "提醒谈话名单"}[which]
    title = period_title(result) + "考核" + name
    book = Book(title, rules.ranking.decimals, rules.fonts, size=DOCUMENT_SIZE - 1)
    headers = ["序号", "排名", "村(社区)", "网格名称", "网格长", "网格员", "综合得分", "原因"]
    rows = [
        [
            n,
            g.rank,
            g.grid.village,
            g.grid.name,
            g.grid.leader,
            "、".join(g.grid.members),
            g.composite,
            _reason(g, result, which),
        ]
        for n, g in enumerate(grids, start=1)
    ]
    limit = rules.lists.commend_top if which == "commend" else rules.lists.interview_bottom
    longer = result.commend_longer if which == "commend" else result.interview_longer
    count = f"共 {len(grids)} 个网格，网格长与网格员捆绑考核。"
    if longer:
        count += f"因名次并列，名单多于规定的 {limit} 个。"
    if which == "commend" and any(g.vetoed for g in result.grids):
        count += "被一票否决的网格不参加表彰。"
    doc = Document(book, name, len(headers))
    doc.title(title)
    doc.line(count)
    doc.table(headers, rows, [6, 8, 14, 22, 10, 20, 12, 34])
    doc.sign(rules.issuer, issue_date(rules))
    doc.finish()
    return book.close()
