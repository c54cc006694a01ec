"""Write a seeded, realistic platform event log (一体化平台事件导出) for the demo street.

Part of the demo (gridscore.demo.make calls files() with the roster's grids).

The months of 2020-Q3 are written to events/2020-MM/ in the demo folder, one export a month:
.xlsx with a title row above the header, except
2020-08, which is a UTF-8 (with BOM) .csv with text times and the 处置人 alias, as some
platforms export it. (A whole year would be about 3 MB; the quarter keeps the demo small.)

An honest month: every grid's staff check in on some working days, and report tens of records
(信息采集, 社情民意, 安全隐患, 矛盾纠纷 ...) over working hours; disputes and hazards are
closed hours or days later, mostly by the grid's own staff. Four patterns are planted in
2020-Q3 (printed when run, pinned by tests/test_audit.py):

- burst: SQ03's grid leader 田刚 closes 12 disputes within 48 minutes on 2020-08-27;
- rush: XG04 (a village grid) reports 36 of its 40 September records on the morning of
  2020-09-30;
- silent: TY04 only checks in during 2020-07;
- impossible: a hazard in DB02 closed 35 minutes before it was reported (2020-08-12).
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from gridscore.demo.xlsx import Book

YEAR = 2020
STREET_NAME = "青山街道"
STAMP = datetime(2020, 1, 1)
MONTHS = (7, 8, 9)
CSV_MONTH = 8
HEADER = [
    "序号",
    "事件编号",
    "网格编号",
    "网格名称",
    "事件类型",
    "事件描述",
    "上报人",
    "上报时间",
    "办结时间",
    "办结人",
]

# Statutory holidays of 2020 (no routine work); weekends aside.
HOLIDAYS = {
    date(2020, 1, 1),
    *(date(2020, 1, 24) + timedelta(days=d) for d in range(10)),
    *(date(2020, 4, 4) + timedelta(days=d) for d in range(3)),
    *(date(2020, 5, 1) + timedelta(days=d) for d in range(5)),
    *(date(2020, 6, 25) + timedelta(days=d) for d in range(3)),
    *(date(2020, 10, 1) + timedelta(days=d) for d in range(8)),
}

# type, weight, descriptions (separated by 、)
KINDS = [
    (
        "信息采集",
        40,
        "走访登记新增流动人口、更新出租房屋登记信息、采集独居老人基本信息、核实重点人员居住情况、登记新入住户籍人口、更新残疾人帮扶信息、采集新办个体工商户信息、核对低保户家庭信息",
    ),
    (
        "社情民意",
        22,
        "群众反映路灯损坏、居民建议增设健身器材、群众反映小区停车难、群众咨询医保缴费办法、村民反映道路坑洼、群众反映公交班次少、居民建议增设垃圾分类点、群众咨询养老保险待遇",
    ),
    (
        "安全隐患",
        12,
        "电动车楼道内充电、燃气管道老化、河塘边缺少防护栏、违规使用液化气罐、消防通道被杂物堵塞、自建房墙体开裂、施工工地围挡破损",
    ),
    (
        "矛盾纠纷",
        10,
        "邻里因排水问题发生纠纷、土地承包边界纠纷、家庭赡养纠纷、宅基地界址纠纷、拖欠务工人员工资、装修噪音扰民引发纠纷、房屋租赁押金纠纷、养殖异味引发邻里矛盾",
    ),
    ("环境卫生", 8, "垃圾堆放未及时清运、河道有漂浮物、路边乱堆柴草、公厕卫生差"),
    ("综合执法", 5, "占道经营、违章搭建彩钢棚、流动摊贩占道、违规张贴小广告"),
    ("便民服务", 3, "代办老年优待证、代办社保卡挂失、代办居住证"),
]
CLOSED_KINDS = {"矛盾纠纷", "安全隐患", "环境卫生", "综合执法", "便民服务"}
OUTSIDE_CLOSERS = ["街道综合执法中队-王强", "街道综合执法中队-李军", "街道环卫所-陈明"]

BURST = ("SQ03", date(2020, 8, 27))
RUSH = ("XG04", date(2020, 9, 30))
SILENT = ("TY04", 7)
IMPOSSIBLE = ("DB02", date(2020, 8, 12))


@dataclass(frozen=True)
class Grid:
    grid_id: str
    name: str
    village: str
    leader: str
    members: tuple[str, ...]

    @property
    def staff(self) -> list[str]:
        return [self.leader, *self.members]


@dataclass
class Row:
    grid: Grid
    kind: str
    description: str
    reporter: str
    reported: datetime
    closed: datetime | None = None
    closer: str = ""
    event_id: str = ""


def workdays(month: int) -> list[date]:
    day, days = date(YEAR, month, 1), []
    while day.month == month:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def at(day: date, start: str, end: str, rng: random.Random) -> datetime:
    """A random minute between two times of a day."""
    h0, m0 = map(int, start.split(":"))
    h1, m1 = map(int, end.split(":"))
    minute = rng.randint(h0 * 60 + m0, h1 * 60 + m1)
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60)


def close_time(reported: datetime, kind: str, rng: random.Random) -> datetime:
    """Hours or days later, in working hours: disputes take longer than hazards."""
    hours = rng.uniform(2, 96) if kind == "矛盾纠纷" else rng.uniform(0.75, 48)
    closed = reported + timedelta(minutes=round(hours * 60))
    if not 8 <= closed.hour < 19:  # after hours: the next morning
        next_day = closed.date() + timedelta(days=1 if closed.hour >= 19 else 0)
        closed = at(next_day, "08:30", "11:30", rng)
    return closed


def pick_kind(rng: random.Random) -> tuple[str, str]:
    kind, _, texts = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
    return kind, rng.choice(texts.split("、"))


def honest_month(grid: Grid, month: int, rng: random.Random) -> list[Row]:
    """Check-ins and tens of records over working hours; closures hours or days later."""
    days = workdays(month)
    rows = []
    for person in grid.staff:
        for day in sorted(rng.sample(days, k=min(len(days), rng.randint(4, 8)))):
            rows.append(Row(grid, "打卡签到", "网格巡查签到", person, at(day, "07:50", "08:50", rng)))
    if (grid.grid_id, month) == (SILENT[0], SILENT[1]):
        return rows
    for _ in range(rng.randint(18, 38)):
        kind, text = pick_kind(rng)
        rows.append(
            Row(grid, kind, text, rng.choice(grid.staff), at(rng.choice(days), "08:30", "17:40", rng))
        )
    for row in rows:
        close(row, grid, rng)
    return rows


def close(row: Row, grid: Grid, rng: random.Random) -> None:
    if row.kind not in CLOSED_KINDS or rng.random() < 0.04:  # a few stay open
        return
    row.closed = close_time(row.reported, row.kind, rng)
    if row.kind in ("综合执法", "环境卫生") and rng.random() < 0.5:
        row.closer = rng.choice(OUTSIDE_CLOSERS)
    else:
        row.closer = grid.leader if rng.random() < 0.6 else row.reporter


def plant(grids: dict[str, Grid], months: dict[int, list[Row]], rng: random.Random) -> None:
    """The four patterns of 2020-Q3 (see the module docstring)."""
    # burst: 12 disputes reported through August, all closed by the leader within 48 minutes.
    grid, day = grids[BURST[0]], BURST[1]
    texts = next(k[2] for k in KINDS if k[0] == "矛盾纠纷").split("、")
    report_days = [d for d in workdays(8) if d < day]
    start = datetime(day.year, day.month, day.day, 15, 8)
    for n in range(12):
        row = Row(
            grid,
            "矛盾纠纷",
            rng.choice(texts),
            rng.choice(grid.staff),
            at(rng.choice(report_days), "08:30", "17:30", rng),
        )
        row.closed, row.closer = start + timedelta(minutes=round(n * 48 / 11)), grid.leader
        months[8].append(row)
    # rush: XG04's September records replaced: 4 early in the month, 36 on the last morning.
    grid, day = grids[RUSH[0]], RUSH[1]
    months[9] = [r for r in months[9] if r.grid is not grid or r.kind == "打卡签到"]
    early = workdays(9)[:8]
    for n in range(40):
        kind, text = pick_kind(rng)
        when = at(rng.choice(early), "08:30", "17:00", rng) if n < 4 else at(day, "08:35", "12:20", rng)
        row = Row(grid, kind, text, grid.staff[n % len(grid.staff)], when)
        close(row, grid, rng)
        months[9].append(row)
    # impossible: a hazard closed before it was reported (the clerk mixed up the two times).
    grid, day = grids[IMPOSSIBLE[0]], IMPOSSIBLE[1]
    reported = datetime(day.year, day.month, day.day, 10, 15)
    row = Row(grid, "安全隐患", "电动车楼道内充电", grid.members[0], reported)
    row.closed, row.closer = reported - timedelta(minutes=35), grid.leader
    months[8].append(row)


def number(rows: list[Row]) -> list[Row]:
    """Platform ids in reporting order: SJ + date + the day's sequence number."""
    rows.sort(key=lambda r: (r.reported, r.grid.grid_id, r.reporter, r.kind, r.description))
    per_day: dict[date, int] = {}
    for row in rows:
        n = per_day[row.reported.date()] = per_day.get(row.reported.date(), 0) + 1
        row.event_id = f"SJ{row.reported:%Y%m%d}{n:04d}"
    return rows


def title(month: int) -> str:
    return f"{STREET_NAME}网格化服务管理一体化平台事件导出（{YEAR}年{month}月）"


def write_xlsx(rows: list[Row], month: int) -> bytes:
    book = Book(STAMP)
    ws = book.sheet("事件列表")
    ws.title(title(month), len(HEADER), height=None)
    ws.append(HEADER)
    when = book.format(num_format="yyyy-mm-dd hh:mm")
    for n, r in enumerate(rows, start=1):
        ws.append(
            [
                n,
                r.event_id,
                r.grid.grid_id,
                r.grid.name,
                r.kind,
                r.description,
                r.reporter,
                r.reported,
                r.closed,
                r.closer if r.closed else None,
            ],
            columns={7: when, 8: when},
        )
    ws.widths([7, 17, 9, 18, 10, 24, 10, 17, 17, 22])
    ws.freeze("A3")
    return book.bytes()


def write_csv(rows: list[Row], month: int) -> bytes:
    def text(value: datetime | None) -> str:
        return f"{value.year}/{value.month}/{value.day} {value:%H:%M:%S}" if value else ""

    stream = io.StringIO(newline="")
    out = csv.writer(stream, lineterminator="\r\n")
    out.writerow([title(month)])
    out.writerow([*HEADER[:-1], "处置人"])
    for n, r in enumerate(rows, start=1):
        out.writerow(
            [
                n,
                r.event_id,
                r.grid.grid_id,
                r.grid.name,
                r.kind,
                r.description,
                r.reporter,
                text(r.reported),
                text(r.closed),
                r.closer if r.closed else "",
            ]
        )
    return stream.getvalue().encode("utf-8-sig")


def file_name(month: int) -> str:
    suffix = "csv" if month == CSV_MONTH else "xlsx"
    return f"events/{YEAR}-{month:02d}/一体化平台事件导出-{YEAR}-{month:02d}.{suffix}"


def layout() -> list[str]:
    """The event log's files in the demo folder, relative."""
    return [file_name(month) for month in MONTHS]


def files(roster: list[Grid]) -> tuple[dict[str, bytes], str]:
    """The demo's event log for 2020-Q3 (files in memory by relative path), and a summary."""
    grids = {g.grid_id: g for g in roster}
    rng = random.Random(2020_06)
    months = {m: [row for g in grids.values() for row in honest_month(g, m, rng)] for m in MONTHS}
    plant(grids, months, rng)
    out, total = {}, 0
    for month, rows in months.items():
        write = write_csv if month == CSV_MONTH else write_xlsx
        out[file_name(month)] = write(number(rows), month)
        total += len(rows)
    return out, (
        f"{total} events for {len(grids)} grids; planted in 2020-Q3: burst {BURST[0]}, "
        f"rush {RUSH[0]}, silent {SILENT[0]}, impossible {IMPOSSIBLE[0]}"
    )
