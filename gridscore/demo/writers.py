"""The demo's workbooks written: checklist, roster, self-assessment and street forms, and their paths."""

from __future__ import annotations

import functools
from fractions import Fraction

from gridscore.demo import events as demo_events
from gridscore.demo.data import (
    DEPARTMENTS,
    QUARTER_NAMES,
    RULES_TOML,
    STAMP,
    STREET_NAME,
    VETO,
    VILLAGES,
    YEAR,
)
from gridscore.demo.street import Demo, Village
from gridscore.demo.xlsx import Book

# ---------------------------------------------------------------- writing


@functools.cache
def number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def new_book() -> Book:
    return Book(STAMP, author=STREET_NAME + "网格办")


def write_checklist(demo: Demo) -> bytes:
    book = new_book()
    ws = book.sheet("责任清单")
    headers = ["编号", "类别", "考核内容", "责任部门", "分值", "类型", "评分标准"]
    ws.title(f"{STREET_NAME}{YEAR}年度网格化社会治理工作责任清单", len(headers))
    ws.header(headers)
    for it in demo.items:
        points = number(it.points) if it.points is not None else None
        ws.append([it.code, it.category, it.content, it.department, points, it.type_cell, it.standard])
    ws.widths([9, 14, 40, 16, 7, 7, 44])
    ws.freeze("A3")
    return book.bytes()


def write_roster(demo: Demo) -> bytes:
    book = new_book()
    ws = book.sheet("网格花名册")
    headers = ["网格编号", "网格名称", "村(社区)", "网格长", "网格员"]
    ws.title(f"{STREET_NAME}网格及网格员花名册（{YEAR}年）", len(headers))
    ws.header(headers)
    for g in demo.grids:
        ws.append([g.grid_id, g.name, g.village, g.leader, "、".join(g.members)])
    ws.widths([10, 20, 12, 10, 24])
    ws.freeze("A3")
    return book.bytes()


SELF_INSTRUCTIONS = [
    "月度自考填表说明",
    "1. 每位评分人使用一张工作表，工作表名称为“职务-姓名”，请勿改动表头。",
    "2. 基础项目按评分标准打分，分值不得超过该项满分；加分项目、扣分项目无则留空。",
    "3. 否决项目不参与村（社区）自考，由街道考核认定。",
    "4. 分数请填写数字，可保留一位小数，不要填写“优”“良”等文字。",
    "5. 每月5日前将上月评分表报送街道网格办。",
]


def write_self(demo: Demo, month: int, village: Village) -> bytes:
    book = new_book()
    guide = book.sheet("填表说明")
    for line in SELF_INSTRUCTIONS:
        guide.append([line])
    guide.widths([80])
    scored = [it for it in demo.items if it.kind != VETO]
    columns = [g.name if village.by_name else g.grid_id for g in village.grids]
    headers = ["编号", "类别", "考核内容", "分值", *columns]
    for sheet_name, _bias, _fine in village.raters:
        ws = book.sheet(sheet_name)
        ws.title(f"{village.name}{YEAR}年{month}月网格化工作月度自考评分表", len(headers))
        ws.header(headers)
        sheet = demo.self_scores[month][village.name][sheet_name]
        for it in scored:
            cells = [sheet[g.grid_id][it.code] for g in village.grids]
            ws.append(
                [
                    it.code,
                    it.category,
                    it.content,
                    number(it.points),
                    *[c if c is None else number(c) for c in cells],
                ]
            )
        ws.widths([8, 12, 36, 6, *[16 if village.by_name else 8] * len(columns)])
        ws.freeze("E3")
    return book.bytes()


def write_street(demo: Demo, quarter: int, dept: str) -> bytes:
    book = new_book()
    ws = book.sheet("考核评分")
    owned = [it for it in demo.items if it.department == dept]
    headers = ["网格编号", "网格名称", "村(社区)", *[f"{it.code} {it.short}" for it in owned], "备注"]
    ws.title(f"{YEAR}年{QUARTER_NAMES[quarter]}网格化工作考核评分表（{dept}）", len(headers))
    ws.header(headers)
    notes = demo.notes[quarter].get(dept, {})
    for g in demo.grids:
        cells = demo.street[quarter][g.grid_id]
        values = []
        for it in owned:
            value = cells[it.code]
            values.append(number(value) if isinstance(value, Fraction) else value)
        ws.append([g.grid_id, g.name, g.village, *values, "；".join(notes.get(g.grid_id, [])) or None])
    ws.widths([10, 20, 12, *[11] * len(owned), 36])
    ws.freeze("D3")
    return book.bytes()


def self_file(month: int, village: str) -> str:
    return f"self/{YEAR}-{month:02d}/{village}.xlsx"


def street_file(quarter: int, dept: str) -> str:
    return f"street/{YEAR}-Q{quarter}/{dept}.xlsx"


def layout() -> list[str]:
    """The files the demo holds (relative, with / between folders), known without generating
    it: `gridscore init` checks them before it spends any time."""
    return [
        "gridscore.toml",
        "checklist.xlsx",
        "roster.xlsx",
        *(self_file(month, v[0]) for month in range(1, 13) for v in VILLAGES),
        *(street_file(quarter, dept) for quarter in range(1, 5) for dept in DEPARTMENTS),
        *demo_events.layout(),
    ]


def write_demo(demo: Demo) -> dict[str, bytes]:
    """The demo's files (the event log aside), in memory, by relative path."""
    files = {
        "gridscore.toml": RULES_TOML.encode("utf-8"),
        "checklist.xlsx": write_checklist(demo),
        "roster.xlsx": write_roster(demo),
    }
    for month in range(1, 13):
        for village in demo.villages:
            files[self_file(month, village.name)] = write_self(demo, month, village)
    for quarter in range(1, 5):
        for dept in DEPARTMENTS:
            files[street_file(quarter, dept)] = write_street(demo, quarter, dept)
    return files
