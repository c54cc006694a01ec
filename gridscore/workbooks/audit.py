"""The internal audit workbook (核查-2020-Q3.xlsx): flags with their evidence, statistics, events.

Sheets: 核查标记 (one row per flag, worst grids first, numbered), 统计 (per grid and month,
with the street's totals), 事件明细 (for every flag, the events behind it, under the flag's
number, so each flag can be traced to the platform's records). Never part of the notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from gridscore.audit import SIGNALS, AuditResult, GridMonthStats
from gridscore.config import Fonts
from gridscore.i18n import evidence_text, text
from gridscore.model import Event, EventLog, Grid, show_time
from gridscore.rounding import half_up, percent
from gridscore.workbooks.book import Book
from gridscore.workbooks.notice import period_words

NOTE = (
    "核查标记是从平台事件记录和自考评分表中发现的异常线索，供网格办核实，不是扣分依据。"
    "经核实确属弄虚作假的，由网格办通过责任清单中的扣分项目记录扣分。"
)
SHOWN_EVENTS = 12  # a flag's event ids listed on the flags sheet; all of them on 事件明细
EVIDENCE = "“事件明细”表"


def audit_workbook(
    result: AuditResult,
    grids: dict[str, Grid],
    events: Sequence[Event],
    period: str,
    street_name: str,
    fonts: Fonts | None = None,
) -> bytes:
    """The workbook's bytes; `events` are those read (the flags' events are looked up in them)."""
    title = period_words(street_name, period) + "数据核查"
    book = Book(title, 2, fonts)
    flags_sheet(book, result, grids, title)
    _stats_sheet(book, result, grids)
    _events_sheet(book, result, events)
    return book.close()


def _titled(
    book: Book,
    name: str,
    title: str,
    note: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    caps: Sequence[int],
    freeze: tuple[int, int] = (3, 0),
) -> Any:
    """A sheet with a title, a note and one table (header on row 3), set up to print."""
    ws = book.sheet(name)
    _, widths = book.table(ws, 2, headers, rows, caps)
    last, width = len(headers) - 1, sum(widths)
    ws.merge_range(0, 0, 0, last, title, book.fmt["title"])
    ws.set_row(0, 28)
    book.merged_line(ws, 1, last, note, book.fmt["note"], width / 1.1, height=15)
    book.print_setup(ws, widths, (2, 2), freeze=freeze)
    if rows:
        ws.autofilter(2, 0, 2 + len(rows), last)
    return ws


def _grid_cells(grids: dict[str, Grid], grid_id: str) -> list[object]:
    grid = grids.get(grid_id)
    return [grid_id, grid.name if grid else "", grid.village if grid else ""]


def flags_sheet(
    book: Book, result: AuditResult, grids: dict[str, Grid], title: str, evidence: str = EVIDENCE
) -> None:
    """One row per flag; a flag's long list of event ids is cut short here and given whole
    on the evidence sheet (事件明细), so the table stays readable on paper."""
    headers = [
        "序号",
        "标记",
        "网格编号",
        "网格名称",
        "村(社区)",
        "人员",
        "月份",
        "说明",
        "事件数",
        "事件编号",
    ]
    rows = [
        [
            n,
            text(f"signal.{flag.signal}"),
            *_grid_cells(grids, flag.grid_id),
            flag.person,
            flag.month,
            evidence_text(flag.evidence),
            len(flag.events),
            _event_ids(flag.events, evidence),
        ]
        for n, flag in enumerate(result.flags, start=1)
    ]
    counts = "，".join(
        f"{text(f'signal.{s}')} {n} 条" for s in SIGNALS if (n := sum(f.signal == s for f in result.flags))
    )
    note = (
        f"共 {len(result.flags)} 条标记"
        + (f"（{counts}）" if counts else "")
        + "，问题多的网格排在前面。"
        + NOTE
    )
    _titled(book, "核查标记", title + "标记", note, headers, rows, [0, 0, 0, 0, 0, 14, 0, 44, 0, 36])


def _stats_sheet(book: Book, result: AuditResult, grids: dict[str, Grid]) -> None:
    kinds = _kinds(result.stats)
    headers = [
        "网格编号",
        "网格名称",
        "村(社区)",
        "月份",
        *kinds,
        "信息采集(条，打卡除外)",
        "上报事件(件)",
        "已办结",
        "网格内办结",
        "办结率(%)",
        "网格内办结率(%)",
        "矛盾纠纷类",
        "矛盾纠纷类已办结",
        "办结用时中位数(分钟)",
        "核查标记",
    ]
    flags: dict[tuple[str, str], int] = {}
    for flag in result.flags:
        flags[(flag.grid_id, flag.month)] = flags.get((flag.grid_id, flag.month), 0) + 1
    rows = [
        [
            *_grid_cells(grids, s.grid_id),
            s.month,
            *(s.records_by_type.get(k, 0) for k in kinds),
            *_figures(s),
            flags.get((s.grid_id, s.month), 0),
        ]
        for s in result.stats
    ]
    t = result.totals
    by_kind = {k: sum(s.records_by_type.get(k, 0) for s in result.stats) for k in kinds}
    rows.append(
        [
            "全街道合计",
            "",
            "",
            "、".join(dict.fromkeys(s.month for s in result.stats)),
            *by_kind.values(),
            t.get("records"),
            t.get("events"),
            t.get("closed"),
            t.get("closed_in_grid"),
            _percent(t.get("closure_rate")),
            _percent(t.get("in_grid_rate")),
            t.get("disputes"),
            t.get("disputes_closed"),
            t.get("median_close_minutes"),
            t.get("flags"),
        ]
    )
    note = (
        f"全街道共采集各类信息 {t.get('records', 0)} 条（打卡签到 {t.get('checkins', 0)} 次另计），"
        f"其中上报事件 {t.get('events', 0)} 件（有办结时间的记录及全部矛盾纠纷），"
        f"已办结 {t.get('closed', 0)} 件，办结率 {_percent_text(t.get('closure_rate'))}；"
        f"由本网格网格长、网格员或上报人自己办结的 {t.get('closed_in_grid', 0)} 件，"
        f"占上报事件的 {_percent_text(t.get('in_grid_rate'))}。"
    )
    if result.months_without_events:
        note += (
            "以下月份没有任何事件记录，未作“只打卡无记录”判断："
            + "、".join(result.months_without_events)
            + "。"
        )
    caps = [0, 0, 0, 10] + [10] * len(kinds) + [12] * 10
    _titled(book, "统计", "网格事件统计", note, headers, rows, caps, freeze=(3, 2))


def _kinds(stats: Sequence[GridMonthStats]) -> list[str]:
    """Event types, most frequent first."""
    totals: dict[str, int] = {}
    for s in stats:
        for kind, n in s.records_by_type.items():
            totals[kind] = totals.get(kind, 0) + n
    return sorted(totals, key=lambda k: (-totals[k], k))


def _figures(s: GridMonthStats) -> list[object]:
    return [
        s.records,
        s.events,
        s.closed,
        s.closed_in_grid,
        _percent(s.closure_rate),
        _percent(s.in_grid_rate),
        s.disputes,
        s.disputes_closed,
        s.median_close_minutes,
    ]


def _percent(rate: object) -> Decimal | None:
    return rate * 100 if isinstance(rate, Decimal) else None


def _percent_text(rate: object) -> str:
    return percent(rate, 2) if isinstance(rate, Decimal) else "—"


def _events_sheet(book: Book, result: AuditResult, events: Sequence[Event]) -> None:
    by_id = EventLog.of(events).by_id(e for flag in result.flags for e in flag.events)
    headers = [
        "标记序号",
        "标记",
        "事件编号",
        "网格编号",
        "事件类型",
        "事件描述",
        "上报人",
        "上报时间",
        "办结时间",
        "办结人",
        "用时(分钟)",
        "来源（文件 › 工作表 › 行）",
    ]
    rows: list[list[object]] = []
    for n, flag in enumerate(result.flags, start=1):
        for event_id in flag.events:
            e = by_id.get(event_id)
            if e is None:
                rows.append([n, text(f"signal.{flag.signal}"), event_id] + [None] * 9)
                continue
            minutes = None
            if e.closed is not None:
                minutes = half_up(Fraction(int((e.closed - e.reported).total_seconds()), 60), 1)
            rows.append(
                [
                    n,
                    text(f"signal.{flag.signal}"),
                    e.event_id,
                    e.grid_id,
                    e.kind,
                    e.description,
                    e.reporter,
                    show_time(e.reported),
                    show_time(e.closed) if e.closed else "",
                    e.closer if e.closed else "",
                    minutes,
                    f"{e.file} › {e.sheet} › 第 {e.row} 行",
                ]
            )
    note = "按核查标记的序号列出每条标记所依据的平台事件记录，可据此回到原始导出文件逐条核实。评分雷同的标记依据的是自考评分表，没有事件记录。"
    caps = [0, 0, 0, 0, 0, 30, 0, 0, 0, 14, 0, 40]
    _titled(book, "事件明细", "核查标记所依据的事件", note, headers, rows, caps)


def _event_ids(ids: Sequence[str], evidence: str) -> str:
    """The event ids of a flag; past SHOWN_EVENTS, the first of them and where the rest are."""
    if len(ids) <= SHOWN_EVENTS:
        return "、".join(ids)
    return "、".join(ids[:SHOWN_EVENTS]) + f" 等 {len(ids)} 个，全部见{evidence}"
