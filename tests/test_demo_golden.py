"""Golden test: recompute the demo's 2020 results (Q3, Q2 for rank changes, and the year)
independently and compare with the tool.

The recomputation reads examples/demo with openpyxl directly and uses exact fractions, so
it shares no code with gridscore. Regenerate the demo with `python examples/make_demo.py`.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
QUARTER = "2020-Q3"
ITEM_CODE = re.compile(r"^([A-Z]+-\d+)")
SELF_INFO = {"编号", "类别", "考核内容", "分值"}
STREET_INFO = {"网格编号", "网格名称", "村(社区)", "备注"}


def half_up(x: Fraction) -> Fraction:
    """Round to 2 decimals, halves away from zero (四舍五入)."""
    sign = -1 if x < 0 else 1
    return sign * Fraction(int(abs(x) * 100 + Fraction(1, 2)), 100)


def fmt(x: Fraction) -> str:
    cents = int(half_up(x) * 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def text(value) -> str:
    return "" if value is None else unicodedata.normalize("NFKC", str(value)).strip()


def to_number(value) -> Fraction | None:
    """A cell as an exact number; blank is None. str(float) is the shortest repr, e.g. 1.3."""
    s = text(value)
    return Fraction(s) if s else None


def table(ws, key: str) -> tuple[list[str], list[tuple]] | None:
    """(header, data rows) where the header is the first row holding `key`; None if none."""
    rows = list(ws.iter_rows(values_only=True))
    for i, row in enumerate(rows):
        header = [text(v) for v in row]
        if key in header:
            data = [r for r in rows[i + 1 :] if any(text(v) for v in r)]
            return header, data
    return None


def workbooks(folder: Path):
    for path in sorted(folder.glob("*.xlsx")):
        if not path.name.startswith(("~$", ".")):
            yield openpyxl.load_workbook(path, read_only=True)


@dataclass
class Grid:
    grid_id: str
    name: str
    village: str
    leader: str
    self_score: Fraction = Fraction(0)
    street: Fraction = Fraction(0)
    composite: Fraction = Fraction(0)
    raw_bonus: Fraction = Fraction(0)
    vetoed: bool = False
    rank: int = 0
    commended: bool = False
    interviewed: bool = False


def load_checklist() -> dict[str, tuple[str, Fraction | None, str]]:
    wb = openpyxl.load_workbook(DEMO / "checklist.xlsx", read_only=True)
    header, rows = table(wb.worksheets[0], "编号")
    col = {name: header.index(name) for name in ("编号", "类型", "分值", "责任部门")}
    return {
        text(r[col["编号"]]): (
            text(r[col["类型"]]) or "基础",
            to_number(r[col["分值"]]),
            text(r[col["责任部门"]]),
        )
        for r in rows
    }


def load_roster() -> dict[str, Grid]:
    wb = openpyxl.load_workbook(DEMO / "roster.xlsx", read_only=True)
    header, rows = table(wb.worksheets[0], "网格编号")
    col = {name: header.index(name) for name in ("网格编号", "网格名称", "村(社区)", "网格长")}
    grids = [Grid(*(text(r[col[k]]) for k in ("网格编号", "网格名称", "村(社区)", "网格长"))) for r in rows]
    return {g.grid_id: g for g in grids}


def compute_quarter(quarter: int) -> tuple[dict, list[Grid]]:
    """Checklist, and the quarter's grids in rank order with every published number."""
    months = [f"2020-{m:02d}" for m in range(3 * quarter - 2, 3 * quarter + 1)]
    checklist = load_checklist()
    grids = load_roster()
    by_name = {g.name: g.grid_id for g in grids.values()}
    rules = tomllib.loads((DEMO / "gridscore.toml").read_text(encoding="utf-8"))
    bonus_cap = Fraction(str(rules["street"]["bonus_cap"]))

    monthly: dict[str, list[Fraction]] = {gid: [] for gid in grids}
    for month in months:
        rater_totals: dict[str, list[Fraction]] = {gid: [] for gid in grids}
        for wb in workbooks(DEMO / "self" / month):
            for ws in wb.worksheets:
                found = table(ws, "编号")
                if found is None:  # e.g. 填表说明
                    continue
                header, rows = found
                code_col = header.index("编号")
                for c, head in enumerate(header):
                    if not head or head in SELF_INFO:
                        continue
                    gid = head if head in grids else by_name[head]
                    total = Fraction(0)
                    for r in rows:
                        kind = checklist[text(r[code_col])][0]
                        value = to_number(r[c]) or Fraction(0)
                        total += -value if kind == "扣分" else value
                    rater_totals[gid].append(half_up(total))
        for gid, totals in rater_totals.items():
            monthly[gid].append(half_up(sum(totals) / len(totals)))

    sums = {gid: {"基础": Fraction(0), "加分": Fraction(0), "扣分": Fraction(0)} for gid in grids}
    for wb in workbooks(DEMO / "street" / f"2020-Q{quarter}"):
        for ws in wb.worksheets:
            found = table(ws, "网格编号")
            if found is None:
                continue
            header, rows = found
            id_col = header.index("网格编号")
            items = {
                c: ITEM_CODE.match(h).group(1) for c, h in enumerate(header) if h and h not in STREET_INFO
            }
            for r in rows:
                grid = grids[text(r[id_col])]
                for c, code in items.items():
                    kind = checklist[code][0]
                    if kind == "否决":
                        grid.vetoed = grid.vetoed or text(r[c]) in ("是", "1")
                    else:
                        sums[grid.grid_id][kind] += to_number(r[c]) or Fraction(0)

    for gid, grid in grids.items():
        assert len(monthly[gid]) == 3, gid
        grid.self_score = half_up(sum(monthly[gid]) / 3)
        s = sums[gid]
        grid.raw_bonus = s["加分"]
        grid.street = half_up(max(Fraction(0), s["基础"] + min(s["加分"], bonus_cap) - s["扣分"]))
        grid.composite = half_up(Fraction(1, 5) * grid.self_score + Fraction(4, 5) * grid.street)

    return checklist, rank_and_list(list(grids.values()))


def rank_and_list(grids: list[Grid]) -> list[Grid]:
    """Competition ranks by composite (ties by grid id), vetoed grids after all others (排名列末位);
    the top 10 and the bottom 5 of the grids not vetoed, plus the vetoed for interview."""

    def standing(g: Grid) -> tuple[bool, Fraction]:
        return (not g.vetoed, g.composite)

    ranked = sorted(grids, key=lambda g: (g.vetoed, -g.composite, g.grid_id))
    for g in ranked:
        g.rank = 1 + sum(standing(o) > standing(g) for o in ranked)
    eligible = [g for g in ranked if not g.vetoed]
    commend_rank = eligible[9].rank
    interview_rank = eligible[-5].rank
    for g in ranked:
        g.commended = not g.vetoed and g.rank <= commend_rank
        g.interviewed = g.vetoed or g.rank >= interview_rank
    return ranked


def compute_q3() -> tuple[dict, list[Grid]]:
    return compute_quarter(3)


@pytest.fixture(scope="module")
def expected() -> list[Grid]:
    return compute_q3()[1]


def run_tool(out: Path, *args: str) -> dict:
    from typer.testing import CliRunner

    from gridscore.cli import app

    result = CliRunner().invoke(app, [*args, "--in", str(DEMO), "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def tool_output(tmp_path_factory) -> dict:
    return run_tool(tmp_path_factory.mktemp("out"), "quarter", "Q3")


def test_rank_change_against_q2(expected, tool_output):
    before = {g.grid_id: g.rank for g in compute_quarter(2)[1]}
    got = {g["grid_id"]: g["rank_change"] for g in tool_output["grids"]}
    assert got == {g.grid_id: before[g.grid_id] - g.rank for g in expected}


def test_year_matches_recomputation(tmp_path):
    quarters = {q: {g.grid_id: g for g in compute_quarter(q)[1]} for q in range(1, 5)}
    year = []
    for gid, g in quarters[1].items():
        own = [quarters[q][gid] for q in range(1, 5)]
        annual = Grid(g.grid_id, g.name, g.village, g.leader)
        annual.composite = half_up(sum(o.composite for o in own) / 4)
        annual.vetoed = any(o.vetoed for o in own)
        year.append(annual)
    year = rank_and_list(year)
    doc = run_tool(tmp_path, "year", "2020")
    assert doc["period"] == "2020"
    assert [
        (
            g["grid_id"],
            g["rank"],
            g["composite"],
            g["vetoed"],
            g["commended"],
            g["interviewed"],
            g["quarters"],
        )
        for g in doc["grids"]
    ] == [
        (
            g.grid_id,
            g.rank,
            fmt(g.composite),
            g.vetoed,
            g.commended,
            g.interviewed,
            {f"Q{q}": fmt(quarters[q][g.grid_id].composite) for q in range(1, 5)},
        )
        for g in year
    ]


def test_tool_matches_recomputation_for_every_grid(expected, tool_output):
    assert tool_output["period"] == "2020-Q3"
    got = {g["grid_id"]: g for g in tool_output["grids"]}
    assert set(got) == {g.grid_id for g in expected}
    for g in expected:
        row = got[g.grid_id]
        want = {
            "rank": g.rank,
            "grid_id": g.grid_id,
            "grid_name": g.name,
            "village": g.village,
            "leader": g.leader,
            "self": fmt(g.self_score),
            "street": fmt(g.street),
            "composite": fmt(g.composite),
            "vetoed": g.vetoed,
            "commended": g.commended,
            "interviewed": g.interviewed,
        }
        assert {k: row[k] for k in want} == want, g.grid_id


def test_tool_lists_grids_in_rank_order(expected, tool_output):
    assert [g["grid_id"] for g in tool_output["grids"]] == [g.grid_id for g in expected]
    assert not [p for p in tool_output["problems"] if p["severity"] == "error"]


def test_demo_keeps_its_planted_cases(expected):
    vetoed = [g for g in expected if g.vetoed]
    assert len(vetoed) == 1
    # Its composite would be commended (second of the street); vetoed, it ranks last.
    assert sum(g.composite > vetoed[0].composite for g in expected) < 10
    assert vetoed[0].rank == len(expected) and not vetoed[0].commended and vetoed[0].interviewed
    assert len([g for g in expected if g.commended]) >= 10
    composites = [g.composite for g in expected]
    assert len(set(composites)) < len(composites), "no composite tie"
    assert any(g.raw_bonus > 5 for g in expected), "no grid over the bonus cap"


def test_demo_has_the_sources_dimensions():
    checklist = load_checklist()
    grids = load_roster()
    assert len(checklist) == 64
    assert len({dept for _kind, _points, dept in checklist.values()}) == 17
    assert sum(p for kind, p, _dept in checklist.values() if kind == "基础") == 100
    assert len({g.village for g in grids.values()}) >= 12
    assert len(grids) >= 80
    assert len({p.stem for p in (DEMO / "street" / QUARTER).glob("*.xlsx")}) == 17
