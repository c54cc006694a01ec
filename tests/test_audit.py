"""Data authenticity (核查, SPEC §8): the event log read from real files, and every signal.

Each signal is planted in an otherwise clean, realistic log (tens of records per grid-month
over working hours, disputes closed hours or days later) written with openpyxl and read back
through io.read_input, and must be flagged with the right grid, person, month and events.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import write_book

from gridscore import io
from gridscore.audit import AuditResult, Flag, audit
from gridscore.config import Audit
from gridscore.i18n import evidence_text, problem_message
from gridscore.model import Event, EventLog, Grid, Item, Kind, RaterSheet
from gridscore.problems import Code, Report, Severity
from gridscore.validate import base
from gridscore.validate.events import read_events
from gridscore.workbooks.audit import audit_workbook

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
MONTHS = ("2020-07", "2020-08", "2020-09")
HEADER = ["事件编号", "网格编号", "事件类型", "上报人", "上报时间", "办结时间", "办结人", "事件描述"]
GRIDS = {
    g.grid_id: g
    for g in (
        Grid("G01", "青山村第一网格", "青山村", "张一", ("李一", "王一")),
        Grid("G02", "青山村第二网格", "青山村", "张二", ("李二",)),
        Grid("G03", "青山村第三网格", "青山村", "张三", ()),
        Grid("G04", "东坝村第一网格", "东坝村", "赵四", ("钱四", "孙四")),
        Grid("G05", "东坝村第二网格", "东坝村", "赵五", ("钱五",)),
        Grid("G06", "东坝村第三网格", "东坝村", "赵六", ("钱六",)),
    )
}
KINDS = ["信息采集"] * 8 + ["社情民意"] * 4 + ["安全隐患"] * 2 + ["矛盾纠纷"] * 2 + ["环境卫生"]


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


class Log:
    """An event log: rows of HEADER values, written one workbook per month (title row on top)."""

    def __init__(self) -> None:
        self.rows: list[list[object]] = []

    def add(
        self,
        event_id: str,
        grid: str,
        kind: str,
        reporter: str,
        reported: dt.datetime | str | None,
        closed: dt.datetime | str | None = None,
        closer: str | None = None,
    ) -> str:
        self.rows.append([event_id, grid, kind, reporter, reported, closed, closer, f"{kind}记录"])
        return event_id

    def drop(self, grid: str, month: str, keep_checkins: bool = True) -> None:
        """Remove a grid-month's records (check-ins kept unless asked)."""
        self.rows = [
            r
            for r in self.rows
            if not (
                r[1] == grid
                and isinstance(r[4], dt.datetime)
                and f"{r[4]:%Y-%m}" == month
                and not (keep_checkins and r[2] == "打卡签到")
            )
        ]

    def write(self, root: Path) -> list[Path]:
        by_month: dict[str, list[list[object]]] = {}
        for row in self.rows:
            month = f"{row[4]:%Y-%m}" if isinstance(row[4], dt.datetime) else MONTHS[0]
            by_month.setdefault(month, []).append(row)
        paths = []
        for month, rows in sorted(by_month.items()):
            title = [f"一体化平台事件导出（{month}）"]
            paths.append(
                write_book(root / "events" / month / "平台导出.xlsx", {"事件列表": [title, HEADER, *rows]})
            )
        return paths


def clean_log(seed: int = 7) -> Log:
    """Honest months: check-ins, 20-30 records a grid-month over working hours, closures later."""
    rng = random.Random(seed)
    log = Log()
    for month in MONTHS:
        year, m = map(int, month.split("-"))
        days = [d for d in range(1, 29) if dt.date(year, m, d).weekday() < 5]
        for grid in GRIDS.values():
            staff = [grid.leader, *grid.members]
            n = 0
            for person in staff:
                for day in rng.sample(days, 5):
                    n += 1
                    at = dt.datetime(year, m, day, 8, rng.randint(0, 50))
                    log.add(f"{grid.grid_id}-{month}-{n:03d}", grid.grid_id, "打卡签到", person, at)
            for _ in range(rng.randint(20, 30)):
                n += 1
                kind = rng.choice(KINDS)
                at = dt.datetime(year, m, rng.choice(days), rng.randint(8, 16), rng.randint(0, 59))
                closed = closer = None
                if kind in ("矛盾纠纷", "安全隐患", "环境卫生"):
                    closed = at + dt.timedelta(minutes=rng.randint(120, 72 * 60))
                    closer = grid.leader if rng.random() < 0.6 else None
                log.add(
                    f"{grid.grid_id}-{month}-{n:03d}",
                    grid.grid_id,
                    kind,
                    rng.choice(staff),
                    at,
                    closed,
                    closer,
                )
    return log


def read(root: Path, grids: dict[str, Grid] = GRIDS) -> tuple[list[Event], Report]:
    report = Report()
    files = []
    for month_folder in sorted((root / "events").iterdir()):
        for path in io.list_tables(month_folder, root, report):
            files.append(io.read_input(path, root))
    return read_events(files, grids, report), report


def run(
    log: Log,
    root: Path,
    rules: Audit | None = None,
    sheets: list[RaterSheet] | None = None,
    months: tuple[str, ...] = MONTHS,
) -> AuditResult:
    log.write(root)
    events, report = read(root)
    assert list(report) == []
    return audit(events, sheets or [], ITEMS, GRIDS, months, rules or Audit())


def only(result: AuditResult, signal: str) -> Flag:
    flags = [f for f in result.flags if f.signal == signal]
    assert [f.signal for f in result.flags] == [signal], result.flags
    return flags[0]


# --- a clean log ---------------------------------------------------------------------------


def test_a_realistic_clean_log_raises_nothing(tmp_path: Path) -> None:
    result = run(clean_log(), tmp_path)
    assert result.flags == []
    assert len(result.stats) == len(GRIDS) * len(MONTHS)
    assert all(20 <= s.records <= 30 and s.checkins >= 5 for s in result.stats)
    assert result.totals["flags"] == 0
    assert result.months_without_events == ()


def test_statistics_per_grid_month_and_street_totals(tmp_path: Path) -> None:
    log = Log()
    at = t("2020-07-06 09:00")
    log.add("A1", "G01", "打卡签到", "张一", at)
    log.add("A2", "G01", "信息采集", "李一", at)
    log.add("A3", "G01", "矛盾纠纷", "李一", at, at + dt.timedelta(minutes=90), "张一")  # in grid
    log.add("A4", "G01", "矛盾纠纷", "李一", at, at + dt.timedelta(minutes=30), "街道司法所-周")  # outside
    log.add("A5", "G01", "矛盾纠纷", "王一", at)  # open
    log.add("A6", "G01", "安全隐患", "王一", at, at + dt.timedelta(hours=5))  # closed by its reporter
    result = run(log, tmp_path, months=("2020-07",))
    stats = next(s for s in result.stats if s.grid_id == "G01")
    assert stats.records_by_type == {"矛盾纠纷": 3, "信息采集": 1, "安全隐患": 1, "打卡签到": 1}
    assert (stats.records, stats.checkins, stats.events, stats.closed) == (5, 1, 4, 3)
    assert (stats.closed_in_grid, stats.disputes, stats.disputes_closed) == (2, 3, 2)
    assert stats.closure_rate == Decimal("0.7500")
    assert stats.in_grid_rate == Decimal("0.5000")
    assert stats.median_close_minutes == Decimal("60.0")  # the median of 30 and 90
    assert result.totals["records"] == 5 and result.totals["closure_rate"] == Decimal("0.7500")
    # The other grids have no records that month: silent, and their rates are undefined.
    assert {f.grid_id for f in result.flags} == {"G02", "G03", "G04", "G05", "G06"}
    assert next(s for s in result.stats if s.grid_id == "G02").closure_rate is None


# --- burst ---------------------------------------------------------------------------------


def plant_burst(log: Log, count: int, span_minutes: int, start: str = "2020-07-15 14:05") -> list[str]:
    """`count` disputes reported earlier in July, closed by G01's leader evenly over the span."""
    first = t(start)
    ids = []
    for n in range(count):
        closed = first + dt.timedelta(minutes=span_minutes * n / (count - 1))
        reported = t("2020-07-01 09:00") + dt.timedelta(days=n % 10, hours=n % 5)
        ids.append(log.add(f"B{n:02d}", "G01", "矛盾纠纷", "李一", reported, closed, "张一"))
    return ids


def test_burst_flags_a_dozen_disputes_closed_in_an_hour(tmp_path: Path) -> None:
    log = clean_log()
    ids = plant_burst(log, 12, 47)
    flag = only(run(log, tmp_path), "burst")
    assert (flag.grid_id, flag.person, flag.month) == ("G01", "张一", "2020-07")
    assert set(flag.events) == set(ids)
    assert flag.numbers["count"] == "12"
    assert flag.numbers["window_start"] == "2020-07-15 14:05"
    assert flag.numbers["window_end"] == "2020-07-15 14:52"
    assert evidence_text(flag.evidence).startswith("2020-07-15 14:05 至 14:52 办结矛盾纠纷 12 起")


@pytest.mark.parametrize(
    ("count", "span", "flagged"),
    [(10, 60, True), (9, 60, False), (10, 61, False), (10, 59, True)],
)
def test_burst_boundary(tmp_path: Path, count: int, span: int, flagged: bool) -> None:
    log = clean_log()
    plant_burst(log, count, span)
    result = run(log, tmp_path)
    assert [f.signal for f in result.flags] == (["burst"] if flagged else [])


def test_burst_overlapping_windows_are_one_flag(tmp_path: Path) -> None:
    """15 closures five minutes apart: many qualifying windows, one episode, one flag."""
    log = clean_log()
    ids = plant_burst(log, 15, 70)
    flag = only(run(log, tmp_path), "burst")
    assert flag.events == tuple(ids)
    assert (flag.numbers["count"], flag.numbers["window_count"]) == ("15", "13")


def test_burst_counts_only_dispute_types(tmp_path: Path) -> None:
    log = clean_log()
    closed = t("2020-07-15 14:00")
    for n in range(12):
        log.add(f"H{n}", "G01", "安全隐患", "李一", t("2020-07-01 09:00"), closed, "张一")
    assert run(log, tmp_path).flags == []
    assert [f.signal for f in run(log, tmp_path / "b", Audit(dispute_types=["安全隐患"])).flags] == ["burst"]


# --- rush ----------------------------------------------------------------------------------


def plant_rush(log: Log, total: int, in_window: int, span: dt.timedelta) -> list[str]:
    """G02's August: `in_window` records evenly over `span` from 2020-08-28 08:00, the rest early."""
    log.drop("G02", "2020-08")
    first = t("2020-08-28 08:00")
    ids = []
    for n in range(in_window):
        at = first + span * n / max(in_window - 1, 1)
        ids.append(log.add(f"R{n:02d}", "G02", "信息采集", "李二" if n % 3 else "张二", at))
    for n in range(total - in_window):
        log.add(f"R-early{n}", "G02", "社情民意", "李二", t("2020-08-03 10:00") + dt.timedelta(days=2 * n))
    return ids


def test_rush_flags_a_month_done_in_half_a_day(tmp_path: Path) -> None:
    log = clean_log()
    ids = plant_rush(log, 40, 36, dt.timedelta(hours=4))
    flag = only(run(log, tmp_path), "rush")
    assert (flag.grid_id, flag.month) == ("G02", "2020-08")
    assert flag.person == "李二、张二"
    assert flag.events == tuple(ids)
    assert flag.numbers["share"] == "0.9000"
    assert "上报 36 条，占本月 40 条记录" in evidence_text(flag.evidence)


@pytest.mark.parametrize(
    ("total", "in_window", "span_minutes", "flagged"),
    [
        (10, 8, 12 * 60, True),  # exactly rush_share within exactly rush_hours
        (10, 7, 12 * 60, False),  # one fewer
        (10, 8, 12 * 60 + 1, False),  # one minute wider: only 7 fit in any 12 hours
        (9, 9, 60, False),  # below rush_min_records
    ],
)
def test_rush_boundary(tmp_path: Path, total: int, in_window: int, span_minutes: int, flagged: bool) -> None:
    log = clean_log()
    plant_rush(log, total, in_window, dt.timedelta(minutes=span_minutes))
    result = run(log, tmp_path)
    assert [f.signal for f in result.flags] == (["rush"] if flagged else [])


def test_rush_leaves_check_ins_aside(tmp_path: Path) -> None:
    """Check-ins spread over the month do not dilute the share."""
    log = clean_log()
    plant_rush(log, 10, 8, dt.timedelta(hours=3))
    for n in range(30):
        log.add(f"C{n}", "G02", "签到", "张二", t("2020-08-03 08:00") + dt.timedelta(days=n % 25))
    assert only(run(log, tmp_path), "rush").numbers["records"] == "10"


# --- silent --------------------------------------------------------------------------------


def test_silent_grid_months(tmp_path: Path) -> None:
    log = clean_log()
    log.drop("G03", "2020-09")  # check-ins only
    log.drop("G04", "2020-09", keep_checkins=False)  # nothing at all
    result = run(log, tmp_path)
    flags = {f.grid_id: f for f in result.flags}
    assert [f.signal for f in result.flags] == ["silent", "silent"]
    assert (flags["G03"].month, flags["G03"].person) == ("2020-09", "张三")
    checkins = [r[0] for r in log.rows if r[1] == "G03" and f"{r[4]:%Y-%m}" == "2020-09"]
    assert set(flags["G03"].events) == set(checkins) and checkins
    assert (flags["G04"].month, flags["G04"].person, flags["G04"].events) == ("2020-09", "", ())


def test_a_month_without_any_event_is_a_missing_export_not_a_silent_street(tmp_path: Path) -> None:
    result = run(clean_log(), tmp_path, months=(*MONTHS, "2020-10"))
    assert result.flags == []
    assert result.months_without_events == ("2020-10",)


# --- impossible ----------------------------------------------------------------------------


def test_impossible_times(tmp_path: Path) -> None:
    log = clean_log()
    at = t("2020-08-12 10:15")
    before = log.add("I1", "G05", "安全隐患", "钱五", at, at - dt.timedelta(minutes=35), "赵五")
    fast = log.add("I2", "G05", "矛盾纠纷", "钱五", at, at + dt.timedelta(minutes=4, seconds=59), "赵五")
    log.add("I3", "G05", "矛盾纠纷", "钱五", at, at + dt.timedelta(minutes=5), "赵五")  # exactly 5: fine
    log.add("I4", "G05", "安全隐患", "钱五", at, at + dt.timedelta(minutes=1), "赵五")  # not a dispute
    result = run(log, tmp_path)
    flags = {f.numbers["reason"]: f for f in result.flags}
    assert [f.signal for f in result.flags] == ["impossible", "impossible"]
    assert (flags["closed_before_reported"].grid_id, flags["closed_before_reported"].person) == (
        "G05",
        "赵五",
    )
    assert flags["closed_before_reported"].events == (before,)
    assert flags["closed_before_reported"].month == "2020-08"
    assert "办结 2020-08-12 09:40" in evidence_text(flags["closed_before_reported"].evidence)
    assert flags["too_fast"].events == (fast,)


def test_the_audit_counts_an_event_log_as_its_events(tmp_path: Path) -> None:
    """As the loader gives them (an EventLog, columns) or as Events: the same flags and figures."""
    log = clean_log()
    plant_burst(log, 12, 47)
    plant_rush(log, 40, 36, dt.timedelta(hours=4))
    at = t("2020-08-12 10:15")
    log.add("I1", "G05", "安全隐患", "钱五", at, at - dt.timedelta(minutes=35), "赵五")
    log.drop("G03", "2020-09", keep_checkins=False)
    log.write(tmp_path)
    events, report = read(tmp_path)
    assert list(report) == []
    as_columns = EventLog.of(events)
    assert list(as_columns) == events and as_columns[-1] == events[-1]
    assert audit(as_columns, [], ITEMS, GRIDS, MONTHS, Audit()) == audit(
        events, [], ITEMS, GRIDS, MONTHS, Audit()
    )
    signals = {f.signal for f in audit(as_columns, [], ITEMS, GRIDS, MONTHS, Audit()).flags}
    assert signals == {"burst", "rush", "impossible", "silent"}


# --- straight_line -------------------------------------------------------------------------

ITEMS = {
    i.code: i
    for i in (
        Item("DJ-01", "党建引领", "组织建设", "党建办", Decimal(40), Kind.BASE),
        Item("ZZ-01", "综治维稳", "矛盾纠纷化解", "综治办", Decimal(60), Kind.BASE),
        Item("JF-01", "加分项目", "创新工作", "党建办", Decimal(5), Kind.BONUS),
    )
}


def sheet(rater: str, scores: dict[str, tuple[int, int, int]], month: str = "2020-07") -> RaterSheet:
    codes = ("DJ-01", "ZZ-01", "JF-01")
    return RaterSheet.from_scores(
        f"self/{month}/青山村.xlsx",
        rater,
        month,
        {g: {c: Decimal(v) for c, v in zip(codes, values, strict=True)} for g, values in scores.items()},
        ITEMS,
    )


@pytest.mark.parametrize(
    ("scores", "reason"),
    [
        ({"G01": (40, 60, 0), "G02": (40, 60, 3)}, "full_marks"),
        ({"G01": (40, 60, 0)}, "full_marks"),  # one grid with full marks is enough
        ({"G01": (35, 52, 2), "G02": (35, 52, 2), "G03": (35, 52, 2)}, "same_scores"),
        # the same base-item scores to every grid: bonus cells record events and may differ
        ({"G01": (35, 52, 0), "G02": (35, 52, 3), "G03": (35, 52, 5)}, "same_scores"),
        ({"G01": (35, 52, 0), "G02": (35, 51, 0)}, None),  # a normal sheet
        ({"G01": (35, 52, 2), "G02": (35, 52, 1)}, "same_scores"),  # only a bonus differs
        ({"G01": (35, 52, 2)}, None),  # one grid is not "the same to every grid"
        ({"G01": (40, 60, 0), "G02": (39, 60, 0)}, None),
    ],
)
def test_straight_line(tmp_path: Path, scores: dict, reason: str | None) -> None:
    sheets = [sheet("党员代表-张三", scores), sheet("老干部-李四", {"G01": (30, 50, 0), "G02": (31, 49, 0)})]
    result = run(clean_log(), tmp_path, sheets=sheets)
    if reason is None:
        assert result.flags == []
        return
    flag = only(result, "straight_line")
    assert (flag.grid_id, flag.person, flag.month, flag.events) == ("", "党员代表-张三", "2020-07", ())
    assert flag.numbers["reason"] == reason
    assert "self/2020-07/青山村.xlsx" in evidence_text(flag.evidence)


def test_straight_line_only_in_the_months_audited(tmp_path: Path) -> None:
    sheets = [sheet("党员代表-张三", {"G01": (40, 60, 0)}, month="2020-06")]
    assert run(clean_log(), tmp_path, sheets=sheets).flags == []


def test_flags_worst_grids_first(tmp_path: Path) -> None:
    log = clean_log()
    plant_burst(log, 12, 30)
    log.add("X1", "G06", "安全隐患", "钱六", t("2020-07-06 10:00"), t("2020-07-06 09:00"), "赵六")
    log.drop("G06", "2020-09")
    sheets = [sheet("党员代表-张三", {"G01": (40, 60, 0)})]
    result = run(log, tmp_path, sheets=sheets)
    assert [(f.grid_id, f.signal) for f in result.flags] == [
        ("G06", "impossible"),
        ("G06", "silent"),
        ("G01", "burst"),
        ("", "straight_line"),
    ]


# --- reading the export: times and problems ------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2020-07-03 14:05",
        "2020/7/3 14:05:00",
        "2020-07-03T14:05",
        "２０２０－０７－０３　１４：０５",
        "2020年7月3日 14:05",
        "2020年7月3日14时05分",
        "2020.7.3 14:05",
        " 2020-07-03 14:05:00 ",
        dt.datetime(2020, 7, 3, 14, 5),
        44015 + Decimal(14 * 60 + 5) / 1440,  # an Excel serial that lost its date format
    ],
)
def test_times_in_every_accepted_form(tmp_path: Path, value: object) -> None:
    if isinstance(value, Decimal):
        value = float(value)
    log = Log()
    log.add("T1", "G01", "信息采集", "李一", value, value, "张一")
    log.write(tmp_path)
    events, report = read(tmp_path)
    assert list(report) == []
    assert events[0].reported == events[0].closed == dt.datetime(2020, 7, 3, 14, 5)


def test_an_excel_date_time_at_midnight_is_read_as_midnight(tmp_path: Path) -> None:
    log = Log()
    log.add("T1", "G01", "信息采集", "李一", dt.datetime(2020, 7, 3, 0, 0))
    log.write(tmp_path)
    events, _ = read(tmp_path)
    assert events[0].reported == dt.datetime(2020, 7, 3)


def test_csv_export_with_bom_title_row_and_alias(tmp_path: Path) -> None:
    folder = tmp_path / "events" / "2020-07"
    folder.mkdir(parents=True)
    with (folder / "导出.csv").open("w", encoding="utf-8-sig", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(["一体化平台事件导出"])
        out.writerow(["序号", "事件编号", "网格名称", "事件类型", "上报人", "上报时间", "办结时间", "处置人"])
        out.writerow(
            [1, "C1", "青山村第二网格", "矛盾纠纷", "李二", "2020/7/3 14:05:00", "2020/7/4 9:30:00", "张二"]
        )
        out.writerow([2, "C2", "G03", "信息采集", "张三", "2020/7/3 15:00:00", "", ""])
    events, report = read(tmp_path)
    assert list(report) == []
    first, second = events
    assert (first.grid_id, first.closer, first.closed) == ("G02", "张二", t("2020-07-04 09:30"))
    assert (first.file, first.sheet, first.row) == ("events/2020-07/导出.csv", "导出", 3)
    assert (second.grid_id, second.closed, second.closer) == ("G03", None, "张三")


def problems_of(tmp_path: Path, rows: list[list[object]], header: list[str] = HEADER) -> list[tuple]:
    write_book(tmp_path / "events" / "2020-07" / "导出.xlsx", {"事件列表": [["平台导出"], header, *rows]})
    _, report = read(tmp_path, {**GRIDS, "G07": Grid("G07", "青山村第一网格", "青山村", "某", ())})
    return [(p.code, p.severity, p.file, p.sheet, p.cell, p.params) for p in report]


F, S = "events/2020-07/导出.xlsx", "事件列表"
OK_ROW = ["E1", "G01", "信息采集", "李一", "2020-07-03 14:05", None, None, None]


@pytest.mark.parametrize(
    ("row", "code", "cell", "params"),
    [
        (["E2", "G99", *OK_ROW[2:]], Code.UNKNOWN_GRID, "B4", {"value": "G99"}),
        (["E2", "青山村第一网格", *OK_ROW[2:]], Code.GRID_NAME_AMBIGUOUS, "B4", {"value": "青山村第一网格"}),
        (
            ["E2", *OK_ROW[1:4], "2020-07-32 14:05", *OK_ROW[5:]],
            Code.TIME_INVALID,
            "E4",
            {"column": "上报时间", "value": "2020-07-32 14:05"},
        ),
        (
            ["E2", *OK_ROW[1:4], "2020-07-03", *OK_ROW[5:]],
            Code.TIME_INVALID,
            "E4",
            {"column": "上报时间", "value": "2020-07-03"},
        ),
        (
            ["E2", *OK_ROW[1:5], "下午办结", "张一", None],
            Code.TIME_INVALID,
            "F4",
            {"column": "办结时间", "value": "下午办结"},
        ),
        (
            ["E2", "G01", "矛盾纠纷", "李一", None, "2020-07-03 16:00", "张一", None],
            Code.REPORTED_MISSING,
            "E4",
            {"closed": "2020-07-03 16:00"},
        ),
        (
            ["E2", "G01", "信息采集", "李一", None, None, None, None],
            Code.VALUE_MISSING,
            "E4",
            {"column": "上报时间"},
        ),
        (["E2", "G01", None, "李一", "2020-07-03 14:05"], Code.VALUE_MISSING, "C4", {"column": "事件类型"}),
        (
            [None, "G01", "信息采集", "李一", "2020-07-03 14:05"],
            Code.VALUE_MISSING,
            "A4",
            {"column": "事件编号"},
        ),
        (OK_ROW, Code.EVENT_DUPLICATE, "A4", {"event": "E1", "first": f"{F} › {S} › A3"}),
    ],
)
def test_problems_name_file_sheet_and_cell(
    tmp_path: Path, row: list, code: Code, cell: str, params: dict
) -> None:
    assert problems_of(tmp_path, [OK_ROW, row]) == [(code, Severity.ERROR, F, S, cell, params)]


def test_a_row_with_a_problem_is_left_out(tmp_path: Path) -> None:
    problems_of(tmp_path, [OK_ROW, ["E2", "G99", *OK_ROW[2:]]])
    events, _ = read(tmp_path)
    assert [e.event_id for e in events] == ["E1"]


def test_duplicate_event_id_across_files_names_the_first(tmp_path: Path) -> None:
    write_book(tmp_path / "events" / "2020-07" / "a.xlsx", {"导出": [HEADER, OK_ROW]})
    write_book(
        tmp_path / "events" / "2020-08" / "b.xlsx",
        {"导出": [HEADER, ["E1", "G02", "信息采集", "李二", "2020-08-03 09:00"]]},
    )
    events, report = read(tmp_path)
    [problem] = list(report)
    assert (problem.code, problem.file, problem.sheet, problem.cell) == (
        Code.EVENT_DUPLICATE,
        "events/2020-08/b.xlsx",
        "导出",
        "A2",
    )
    assert problem.params["first"] == "events/2020-07/a.xlsx › 导出 › A2"
    assert [e.grid_id for e in events] == ["G01"]


def test_missing_columns_and_tables(tmp_path: Path) -> None:
    header = ["事件编号", "网格编号", "事件类型", "上报时间"]
    assert problems_of(tmp_path, [["E1", "G01", "信息采集", "2020-07-03 14:05"]], header) == [
        (Code.COLUMN_MISSING, Severity.ERROR, F, S, "", {"column": "上报人"})
    ]
    write_book(tmp_path / "events" / "2020-07" / "导出.xlsx", {"说明": [["本表为平台导出"]]})
    _, report = read(tmp_path)
    assert {(p.code, p.severity, p.file) for p in report} == {
        (Code.SHEET_SKIPPED, Severity.NOTE, F),
        (Code.NO_TABLE, Severity.ERROR, F),
    }


def test_event_outside_its_folders_month_is_a_warning(tmp_path: Path) -> None:
    row = ["E1", "G01", "信息采集", "李一", "2020-08-01 09:00"]
    assert problems_of(tmp_path, [row]) == [
        (
            Code.EVENT_OUTSIDE_MONTH,
            Severity.WARNING,
            F,
            S,
            "E3",
            {"value": "2020-08-01 09:00", "month": "2020-07", "actual": "2020-08"},
        )
    ]


def test_new_problem_messages_in_both_languages() -> None:
    params = {
        Code.EVENT_DUPLICATE: {"event": "E1", "first": "a.xlsx › 导出 › A2"},
        Code.TIME_INVALID: {"column": "上报时间", "value": "昨天"},
        Code.REPORTED_MISSING: {"closed": "2020-07-03 16:00"},
        Code.EVENT_OUTSIDE_MONTH: {"value": "2020-08-01 09:00", "month": "2020-07", "actual": "2020-08"},
    }
    report = Report()
    for code, values in params.items():
        report.add(code, **values)
    for problem in report:
        for lang in ("zh", "en"):
            message = problem_message(problem.code, lang, problem.params)
            assert next(iter(params[problem.code].values())) in message


# --- the demo and the workbook -------------------------------------------------------------


def demo_audit() -> tuple[AuditResult, list[Event], dict[str, Grid], Report]:
    report = Report()
    grids = base.roster(io.read_input(DEMO / "roster.xlsx", DEMO), report)
    files = [
        io.read_input(path, DEMO)
        for month in MONTHS
        for path in io.list_tables(DEMO / "events" / month, DEMO, report)
    ]
    events = read_events(files, grids, report)
    return audit(events, [], {}, grids, MONTHS, Audit()), events, grids, report


def test_the_demos_planted_patterns_are_found_and_nothing_else() -> None:
    result, events, _, report = demo_audit()
    assert list(report) == []
    assert len(events) > 10_000
    assert {f.signal: (f.grid_id, f.person, f.month) for f in result.flags} == {
        "burst": ("SQ03", "田刚", "2020-08"),
        "rush": ("XG04", "任福生、郭福生", "2020-09"),
        "silent": ("TY04", "沈春梅、段超", "2020-07"),
        "impossible": ("DB02", "彭卫东", "2020-08"),
    }
    flags = {f.signal: f for f in result.flags}
    assert len(flags["burst"].events) == 12
    assert flags["rush"].numbers["count"] == "36" and flags["rush"].numbers["records"] == "40"
    # Honest grid-months look like the source's street: tens of records each.
    honest = [s for s in result.stats if (s.grid_id, s.month) != ("TY04", "2020-07")]
    assert min(s.records for s in honest) >= 10


def test_audit_workbook_lists_every_flag_and_its_events(tmp_path: Path) -> None:
    log = clean_log()
    plant_burst(log, 12, 47)
    log.drop("G03", "2020-09")
    sheets = [sheet("党员代表-张三", {"G01": (40, 60, 0)})]
    result = run(log, tmp_path, sheets=sheets)
    events, _ = read(tmp_path)
    path = tmp_path / "核查-2020-Q3.xlsx"
    path.write_bytes(audit_workbook(result, GRIDS, events, "2020-Q3", "示例街道"))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["核查标记", "统计", "事件明细"]

    def body(name: str) -> list[tuple]:
        rows = list(wb[name].iter_rows(values_only=True))
        return [r for r in rows[3:] if any(v is not None for v in r)]

    flags = body("核查标记")
    assert len(flags) == len(result.flags) == 3
    assert [(r[0], r[1], r[2]) for r in flags] == [
        (1, "集中办结", "G01"),
        (2, "只打卡无记录", "G03"),
        (3, "评分雷同", ""),
    ]
    details = body("事件明细")
    assert Counter(r[0] for r in details) == {
        n: len(f.events) for n, f in enumerate(result.flags, 1) if f.events
    }
    assert {r[2] for r in details if r[0] == 1} == set(result.flags[0].events)
    stats = body("统计")
    assert len(stats) == len(GRIDS) * len(MONTHS) + 1
    assert stats[-1][0] == "全街道合计"


def test_hidden_event_sheet_holding_events_gets_the_sheet_hidden_note(tmp_path: Path) -> None:
    """The event log's sheets are found by the one score_tables: a hidden sheet that holds an
    event table is named (file, sheet), its rows are not read, and the rest is unchanged."""
    path = write_book(
        tmp_path / "events" / "2020-07" / "导出.xlsx",
        {
            S: [["平台导出"], HEADER, OK_ROW],
            "旧导出": [HEADER, ["E9", "G02", "信息采集", "李二", "2020-07-04 09:00"]],
        },
    )
    wb = openpyxl.load_workbook(path)
    wb["旧导出"].sheet_state = "hidden"
    wb.save(path)
    events, report = read(tmp_path)
    assert [(p.code, p.severity, p.file, p.sheet, p.params) for p in report] == [
        (Code.SHEET_HIDDEN, Severity.NOTE, F, "旧导出", {"key": "事件编号"})
    ]
    assert [e.event_id for e in events] == ["E1"]


def test_a_sheet_of_an_event_export_holding_no_events_is_skipped_as_no_event_log(tmp_path: Path) -> None:
    """The note names what the sheet is not: an event log (not "a score table")."""
    write_book(tmp_path / "events" / "2020-07" / "导出.xlsx", {"说明": [["导出条件"]], S: [HEADER, OK_ROW]})
    events, report = read(tmp_path)
    [note] = list(report)
    assert (note.code, note.severity, note.file, note.sheet) == (Code.SHEET_SKIPPED, Severity.NOTE, F, "说明")
    assert problem_message(note.code, "zh", note.params) == "工作表没有“事件编号”列，不是事件记录表，已跳过。"
    assert problem_message(note.code, "en", note.params) == (
        "the sheet has no '事件编号' column, so it is not an event log; skipped."
    )
    assert [e.event_id for e in events] == ["E1"]


def test_rates_are_rounded_half_up_once_in_console_and_json() -> None:
    """329 of 400 events closed in the grid is 82.25%: shown 82.3% (half-up), never 82.2%
    (half-to-even after the rate's own rounding); 1 of 32 is 0.03125, given as 0.0313."""
    from io import StringIO

    from rich.console import Console

    from gridscore.audit import Audited
    from gridscore.audit.flags import share_of
    from gridscore.config import Rules
    from gridscore.documents import audit_json
    from gridscore.render import audit_summary

    totals = {
        "records": 500,
        "events": 400,
        "in_grid_rate": share_of(329, 400),
        "closure_rate": share_of(1, 32),
    }
    audited = Audited(AuditResult([], [], totals), [], GRIDS, Rules(), "2020-Q3")
    for lang, words in (("zh", "网格内办结率 82.3%"), ("en", "82.3% resolved within the grid")):
        out = Console(file=StringIO(), width=200)
        audit_summary(audited, Report(), [], lang, out)
        assert words in out.file.getvalue()
    doc = audit_json(audited, Report(), "2020-Q3", "zh")
    assert (doc["totals"]["in_grid_rate"], doc["totals"]["closure_rate"]) == ("0.8225", "0.0313")
