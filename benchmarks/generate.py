"""Seeded full-year data folders at street and district scale, in the SPEC layout.

    python benchmarks/generate.py street   -> benchmarks/data/street   (30 villages, 300 grids)
    python benchmarks/generate.py district -> benchmarks/data/district (300 villages, 3,000 grids)

12 months x villages x 3 raters of self-assessment and 17 departments x 4 quarters of street
assessment. Generated on demand (xlsxwriter, for speed), never committed.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import xlsxwriter

from gridscore.demo.data import BASE, BONUS, DEDUCTION, DEPARTMENTS, VETO
from gridscore.demo.street import build_items

SCALES = {"street": 30, "district": 300}
GRIDS_PER_VILLAGE = 10
RATERS = ("村书记-甲", "党员代表-乙", "老干部-丙")
HERE = Path(__file__).resolve().parent


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
    wb.close()


def _score(rng: random.Random, points: float) -> float:
    """A base score: 70-100% of the points, in half points."""
    return min(points, round(rng.uniform(0.7, 1.0) * points * 2) / 2)


def generate(scale: str, out: Path) -> int:
    rng = random.Random(2020)
    villages = SCALES[scale]
    items = build_items()
    out.mkdir(parents=True, exist_ok=True)
    (out / "gridscore.toml").write_text('street_name = "基准街道"\nyear = 2020\n', encoding="utf-8")
    _book(
        out / "checklist.xlsx",
        {
            "责任清单": [["责任清单"], ["编号", "类别", "考核内容", "责任部门", "分值", "类型", "评分标准"]]
            + [
                [
                    i.code,
                    i.category,
                    i.content,
                    i.department,
                    float(i.points) if i.points else None,
                    i.kind,
                    i.standard,
                ]
                for i in items
            ]
        },
    )
    grids = [
        (f"V{v:03d}-{g:02d}", f"第{v}村第{g}网格", f"第{v}村", f"网格长{v}-{g}")
        for v in range(1, villages + 1)
        for g in range(1, GRIDS_PER_VILLAGE + 1)
    ]
    _book(
        out / "roster.xlsx",
        {"花名册": [["网格编号", "网格名称", "村(社区)", "网格长"]] + [list(g) for g in grids]},
    )
    files = 3
    self_items = [i for i in items if i.kind != VETO]
    for month in range(1, 13):
        folder = out / "self" / f"2020-{month:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for v in range(1, villages + 1):
            own = [g for g in grids if g[2] == f"第{v}村"]
            sheets = {}
            for rater in RATERS:
                rows: list[list[object]] = [
                    [f"第{v}村2020年{month}月自考表"],
                    ["编号", "考核内容", "分值", *(g[0] for g in own)],
                ]
                for item in self_items:
                    points = float(item.points)
                    if item.kind == BASE:
                        scores = [_score(rng, points) for _ in own]
                    elif item.kind == BONUS:
                        scores = [1.0 if rng.random() < 0.1 else None for _ in own]
                    else:
                        scores = [0.5 if rng.random() < 0.05 else None for _ in own]
                    rows.append([item.code, item.short, points, *scores])
                sheets[rater] = rows
            _book(folder / f"第{v}村.xlsx", sheets)
            files += 1
    for quarter in range(1, 5):
        folder = out / "street" / f"2020-Q{quarter}"
        folder.mkdir(parents=True, exist_ok=True)
        for department in DEPARTMENTS:
            own = [i for i in items if i.department == department]
            rows = [
                ["2020年季度考核"],
                ["网格编号", "网格名称", *(f"{i.code} {i.short}" for i in own), "备注"],
            ]
            for grid in grids:
                cells: list[object] = [grid[0], grid[1]]
                for item in own:
                    if item.kind == VETO:
                        cells.append("否")
                    elif item.kind == BASE:
                        cells.append(_score(rng, float(item.points)))
                    elif item.kind == DEDUCTION:
                        cells.append(1.0 if rng.random() < 0.05 else None)
                    else:
                        cells.append(1.5 if rng.random() < 0.1 else None)
                rows.append(cells)
            _book(folder / f"{department}.xlsx", {"考核评分": rows})
            files += 1
    files += _events(out, grids, random.Random(2020_07))
    return files


EXPORT_GRIDS = 300  # grids per event-log export: a district's month comes in ten files


def _events(out: Path, grids: list[tuple[str, str, str, str]], rng: random.Random) -> int:
    """About 35 platform events per grid and month of 2020-Q3, over working hours, exported
    for 300 grids a file (a whole district's month, ~100,000 rows, would pass the limit of
    500,000 cells a workbook: see README 支持的文件与限制)."""
    import datetime as dt

    kinds = ["信息采集"] * 5 + ["打卡签到"] * 3 + ["社情民意", "安全隐患", "矛盾纠纷"]
    header = ["事件编号", "网格编号", "事件类型", "上报人", "上报时间", "办结时间", "办结人", "事件描述"]
    files = 0
    for month in (7, 8, 9):
        folder = out / "events" / f"2020-{month:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for part, first in enumerate(range(0, len(grids), EXPORT_GRIDS), start=1):
            rows: list[list[object]] = [["一体化平台事件导出"], header]
            for grid_id, _, _, leader in grids[first : first + EXPORT_GRIDS]:
                for n in range(rng.randint(25, 45)):
                    kind = rng.choice(kinds)
                    day = rng.randint(1, 28)
                    reported = dt.datetime(2020, month, day, rng.randint(8, 17), rng.randint(0, 59))
                    closed = (
                        reported + dt.timedelta(hours=rng.randint(2, 72))
                        if kind in ("矛盾纠纷", "安全隐患")
                        else None
                    )
                    rows.append(
                        [
                            f"E{month:02d}{grid_id}{n:03d}",
                            grid_id,
                            kind,
                            leader,
                            f"{reported:%Y-%m-%d %H:%M}",
                            f"{closed:%Y-%m-%d %H:%M}" if closed else None,
                            leader if closed else None,
                            kind,
                        ]
                    )
            _book(folder / f"事件导出-2020-{month:02d}-{part:02d}.xlsx", {"事件": rows})
            files += 1
    return files


if __name__ == "__main__":
    scale = sys.argv[1] if len(sys.argv) > 1 else "street"
    target = HERE / "data" / scale
    print(f"{generate(scale, target)} files in {target}")
