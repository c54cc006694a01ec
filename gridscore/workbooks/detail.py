"""The internal detail workbooks: a quarter's (scores, raters, submissions, sources, rules) and a year's."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from gridscore._version import __version__
from gridscore.config import Rules
from gridscore.i18n import problem_message, text
from gridscore.model import GridFlag
from gridscore.problems import Report, Severity
from gridscore.rules import QuarterResult, YearResult
from gridscore.workbooks.book import FOOTER, Book
from gridscore.workbooks.notice import QUARTER_NAMES, date_text, percent, period_title


def detail(result: QuarterResult, report: Report) -> bytes:
    """The internal detail workbook: how every number came about, and from which files."""
    rules, data = result.rules, result.data
    book = Book(period_title(result) + "考核明细", rules.ranking.decimals, rules.fonts)
    months = list(data.months)
    audit_flags = _audit_flags(result)
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
            + ["；".join(part for part in (flag_text(g.flags), audit_flags.get(g.grid.grid_id, "")) if part)]
        )
    headers = ["排名", "名次变化", "网格编号", "网格名称", "村(社区)", "网格长", "网格员"]
    headers += [f"{int(m[-2:])}月自考" for m in months]
    headers += ["村自考得分", "街道考核得分", "综合得分", "等次", "否决项", "表彰", "提醒谈话", "标记"]
    ws = book.sheet("汇总")
    caps = [0, 0, 0, 0, 0, 0, 16] + [0] * (len(headers) - 8) + [24]
    _, widths = book.table(ws, 0, headers, summary_rows, caps)
    book.print_setup(ws, widths, (0, 0), freeze=(1, 4))
    ws.autofilter(0, 0, len(summary_rows), len(headers) - 1)

    # One row per grid and month, its raters' totals in one cell: a third of the rows (and
    # pages) of one row per rater, and a month's panel read at a glance.
    self_rows = []
    for g in sorted(result.grids, key=lambda g: g.grid.grid_id):
        for m in g.months:
            files = "、".join(dict.fromkeys(Path(r.file).name for r in m.raters))
            totals = "、".join(f"{r.rater} {_decimal_text(r.total, rules)}" for r in m.raters)
            self_rows.append(
                [g.grid.grid_id, g.grid.name, m.month, files, len(m.raters), totals, m.score, m.trimmed]
            )
    headers = ["网格编号", "网格名称", "月份", "工作簿", "评分人数", "各评分人合计"]
    headers += ["月度自考得分", "去掉最高最低分"]
    _plain_sheet(book, "村自考明细", headers, self_rows, [0, 0, 0, 16, 0, 50], freeze=(1, 2))

    categories = list(dict.fromkeys(i.category for i in data.items.values()))
    departments = list(dict.fromkeys(i.department for i in data.items.values()))
    _breakdown(book, "街道得分-按类别", result, lambda g: g.by_category, categories)
    _breakdown(book, "街道得分-按部门", result, lambda g: g.by_department, departments)
    _submissions(book, result, departments)

    if result.audit is not None:
        from gridscore.workbooks.audit import flags_sheet

        flags_sheet(book, result.audit, data.grids, period_title(result) + "数据核查")
    _warnings(book, report)

    _sources(book, result.period, rules, data.inputs)
    return book.close()


def _decimal_text(value: Decimal, rules: Rules) -> str:
    return f"{value:.{rules.ranking.decimals}f}"


def _plain_sheet(
    book: Book,
    name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    caps: Sequence[int] = (),
    freeze: tuple[int, int] = (1, 0),
) -> Any:
    """An internal sheet that is one table under its header row, set up to print."""
    ws = book.sheet(name)
    _, widths = book.table(ws, 0, headers, rows, caps)
    book.print_setup(ws, widths, (0, 0), freeze=freeze)
    return ws


def _submissions(book: Book, result: QuarterResult, departments: list[str]) -> None:
    """Which department has scored how many of its required (base) cells; the optional
    bonus, deduction and veto cells counted apart (blank there means 0 or no)."""
    data = result.data
    rows = []
    for department in departments:
        own = [i for i in data.items.values() if i.department == department]
        base = [i.code for i in own if i.kind.value == "基础"]
        optional = [i.code for i in own if i.kind.value != "基础"]
        required = len(base) * len(data.grids)
        filled = sum(data.street_filled.get(code, 0) for code in base)
        rows.append(
            [
                department,
                len(base),
                required,
                filled,
                required - filled,
                len(optional),
                sum(data.street_filled.get(code, 0) for code in optional),
                "、".join(data.street_files.get(department, [])),
            ]
        )
    headers = ["责任部门", "基础项目数", "应评分单元格", "已评分单元格", "未评分单元格"]
    headers += ["加分、扣分、否决项目数", "已填写的加分、扣分、否决单元格", "提交文件"]
    _plain_sheet(book, "部门报送", headers, rows, [0, 0, 0, 0, 0, 12, 14, 40])


def _audit_flags(result: QuarterResult) -> dict[str, str]:
    """Per grid, the audit flags in words: 核查：集中办结 2 条、突击录入 1 条."""
    if result.audit is None:
        return {}
    counts: dict[str, dict[str, int]] = {}
    for flag in result.audit.flags:
        if flag.grid_id:
            own = counts.setdefault(flag.grid_id, {})
            own[flag.signal] = own.get(flag.signal, 0) + 1
    return {
        grid: "核查：" + "、".join(f"{text(f'signal.{s}')} {n} 条" for s, n in own.items())
        for grid, own in counts.items()
    }


def rank_change_text(change: int | None) -> str:
    """↑3 moved up three places, ↓2 down two, 持平 unchanged, 无上季度数据 without the previous quarter."""
    if change is None:
        return "无上季度数据"
    return "持平" if change == 0 else f"↑{change}" if change > 0 else f"↓{-change}"


def flag_text(flags: list[GridFlag]) -> str:
    return "、".join(text(f"flag.{f}") for f in flags)


def _warnings(book: Book, report: Report) -> None:
    """The warnings and notes of the run (errors would have stopped it)."""
    rows = [
        [
            text(f"severity.{p.severity}"),
            p.file,
            p.sheet,
            p.cell,
            str(p.code),
            problem_message(p.code, "zh", p.params),
        ]
        for p in report
        if p.severity is not Severity.ERROR
    ]
    headers = ["级别", "文件", "工作表", "单元格", "代码", "说明"]
    _plain_sheet(book, "警告与提示", headers, rows, [0, 30, 16, 0, 0, 60])


def _sources(book: Book, period: str, rules: Rules, inputs: list[tuple[str, str]]) -> None:
    """The rules used (in words, with units), every input file with its SHA-256, and the tool version."""
    ws = book.sheet("规则与来源")
    rows: list[list[object]] = [["期间", period, ""], ["gridscore 版本", __version__, ""]]
    rows += [[_rule_label(key), _rule_value(key, value, rules), key] for key, value in _rule_pairs(rules)]
    end, widths = book.table(ws, 0, ["项目", "取值", "规则文件中的设置项"], rows, [30, 50, 28])
    _, more = book.table(ws, end + 1, ["输入文件", "SHA-256"], inputs, [40, 66])
    widths = [max(w, more[col]) if col < len(more) else w for col, w in enumerate(widths)]
    for col in range(2):  # the second table shares the columns: keep the wider of the two
        ws.set_column(col, col, widths[col])
    book.print_setup(ws, widths, (0, 0), freeze=(1, 0))


# The rules' keys in a clerk's words; a key not named here is shown as it is.
RULE_LABELS = {
    "street_name": "街道名称",
    "year": "年度",
    "total_points": "基础项满分合计",
    "weights.self": "村自考权重",
    "weights.street": "街道考核权重",
    "ranking.decimals": "保留小数位数（四舍五入）",
    "ranking.method": "排名方法",
    "ranking.tie_break": "得分相同时依次比较",
    "grades": "等次",
    "lists.commend_top": "表彰名额",
    "lists.interview_bottom": "提醒谈话名额（后几名）",
    "lists.veto_to_interview": "一票否决的网格列入提醒谈话",
    "lists.rank_drop_flag": "名次下降标记（比上季度下降）",
    "self.raters": "月度自考得分",
    "self.trimmed_min_raters": "去掉最高最低分所需评分人数",
    "self.allow_missing_months": "允许自考缺月",
    "street.bonus_cap": "街道考核加分上限",
    "notice.days": "公示天数",
    "notice.contact": "异议受理",
    "notice.start": "公示开始日期",
    "notice.issuer": "落款",
    "notice.about": "标题写成“关于……的公示”",
    "fonts.body": "正文字体",
    "fonts.title": "标题字体",
    "paths.checklist": "责任清单文件",
    "paths.roster": "花名册文件",
    "paths.self": "村自考文件夹",
    "paths.street": "街道考核文件夹",
    "paths.events": "事件记录文件夹",
    "audit.dispute_types": "矛盾纠纷类事件类型",
    "audit.checkin_types": "打卡签到类事件类型",
    "audit.burst_count": "集中办结：件数",
    "audit.burst_minutes": "集中办结：时间窗口",
    "audit.rush_share": "突击录入：占比",
    "audit.rush_hours": "突击录入：时间窗口",
    "audit.rush_min_records": "突击录入：最少记录数",
    "audit.min_resolution_minutes": "矛盾纠纷最短办结用时",
}
_UNITS = {
    "total_points": "分",
    "ranking.decimals": "位",
    "lists.commend_top": "名",
    "lists.interview_bottom": "名",
    "lists.rank_drop_flag": "名及以上",
    "self.trimmed_min_raters": "人及以上",
    "street.bonus_cap": "分",
    "notice.days": "天",
    "audit.burst_count": "件及以上",
    "audit.burst_minutes": "分钟",
    "audit.rush_hours": "小时",
    "audit.rush_min_records": "条",
    "audit.min_resolution_minutes": "分钟",
}
_PERCENT = {"weights.self", "weights.street", "audit.rush_share"}
_WORDS = {
    "ranking.method": {
        "competition": "并列占位（1、2、2、4，同 Excel 的 RANK.EQ）",
        "dense": "中国式排名（1、2、2、3）",
    },
    "self.raters": {"mean": "各评分人合计的平均分", "trimmed": "去掉一个最高分和一个最低分后平均"},
    "ranking.tie_break": {"street": "街道考核得分", "self": "村自考得分"},
}


def _rule_pairs(rules: Rules) -> list[tuple[str, Any]]:
    """(dotted key, value) for every setting, in the model's order."""
    pairs: list[tuple[str, Any]] = []

    def walk(data: dict[str, Any], prefix: str) -> None:
        for key, value in data.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                pairs.append((f"{prefix}{key}", value))

    walk(rules.model_dump(by_alias=True), "")
    return pairs


def _rule_label(key: str) -> str:
    return RULE_LABELS.get(key, key)


def _rule_value(key: str, value: Any, rules: Rules) -> str:
    """A setting in words: 是/否, 20%, 5 天, 不设上限 …"""
    if key == "grades":
        bands = sorted(value, key=lambda g: g["min"], reverse=True)
        return "；".join(f"{g['name']} ≥ {g['min']}" for g in bands) if bands else "不分等次"
    if key == "notice.issuer" and value is None:
        return f"{rules.issuer}（默认）" if rules.issuer else "无（未设置街道名称）"
    if value is None:
        return {"year": "按数据确定", "street.bonus_cap": "不另设上限（以加分项分值为限）"}.get(
            key, "未设置（公示期日期留空手填）" if key == "notice.start" else "未设置"
        )
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        words = _WORDS.get(key, {})
        return "、".join(words.get(v, str(v)) for v in value) or "不比较（名次并列）"
    if isinstance(value, dt.date):
        return date_text(value)
    if key in _PERCENT:
        return f"{percent(Decimal(value))}%"
    if key in _WORDS:
        return _WORDS[key].get(str(value), str(value))
    shown = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
    return f"{shown} {_UNITS[key]}" if key in _UNITS else shown


def year_detail(result: YearResult, report: Report) -> bytes:
    """The year's detail: each grid's quarters, ranks and trajectory, and a chart."""
    rules = result.rules
    book = Book(period_title(result) + "考核明细", rules.ranking.decimals, rules.fonts)
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
    ws = _plain_sheet(book, "汇总", headers, rows, [0] * (len(headers) - 1) + [24], freeze=(1, 3))
    ws.autofilter(0, 0, len(rows), len(headers) - 1)
    _year_chart(book, result, len(quarters))
    _warnings(book, report)
    _sources(book, result.period, rules, result.inputs)
    return book.close()


def axis_range(values: Sequence[Decimal], step: int = 5) -> tuple[int, int]:
    """A value axis from a little below the lowest score shown to a little above the highest,
    on multiples of `step`, so that the lines are not flattened against a 0–120 axis."""
    low, high = min(values, default=Decimal(0)), max(values, default=Decimal(100))
    bottom = math.floor((low - 1) / step) * step
    top = math.ceil((high + 1) / step) * step
    return max(bottom, 0), max(top, bottom + step)


def _year_chart(book: Book, result: YearResult, n_quarters: int, n: int = 5) -> None:
    """A native line chart of the quarter composites of the top and bottom n grids, one
    landscape page."""
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
    low, high = axis_range([q.composite for g in picked for q in g.quarters.values()])
    font = {"name": book.fonts.body}
    chart.set_title({"name": f"前{n}名与后{n}名网格各季度综合得分", "name_font": {"name": book.fonts.title}})
    chart.set_x_axis({"num_font": font})
    chart.set_y_axis({"name": "综合得分", "min": low, "max": high, "num_font": font, "name_font": font})
    chart.set_legend({"position": "right", "font": font})
    chart.set_size({"width": 940, "height": 600})
    ws.write_string(0, 0, "", book.fmt["note"])
    ws.insert_chart(1, 1, chart)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 1)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer(FOOTER)


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
    headers = ["网格编号", "网格名称", *keys, "加分合计(封顶前)", "街道考核得分"]
    _plain_sheet(book, name, headers, rows, [0, 0, *[12] * len(keys)], freeze=(1, 2))
