"""Builders of small, real data folders (openpyxl workbooks) for the tests, and the helpers
the test modules share (no test module imports another: they import from here)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from gridscore.cli import app
from gridscore.rounding import half_up

# code, category, content, department, points, kind
ITEMS = [
    ("DJ-01", "党建引领", "组织建设", "党建办", 40, "基础"),
    ("ZZ-01", "综治维稳", "矛盾纠纷化解", "综治办", 60, ""),
    ("JF-01", "加分项目", "创新工作", "党建办", 5, "加分"),
    ("KF-01", "扣分项目", "信息迟报漏报", "综治办", 10, "扣分"),
    ("FJ-01", "否决项目", "发生重大安全事故", "综治办", None, "否决"),
]
# grid id, name, village, leader, members
GRIDS = [
    ("G01", "青山村第一网格", "青山村", "张一", "李一、王一"),
    ("G02", "青山村第二网格", "青山村", "张二", "李二"),
    ("G03", "青山村第三网格", "青山村", "张三", ""),
    ("G04", "东坝村第一网格", "东坝村", "赵四", "钱四，孙四"),
    ("G05", "东坝村第二网格", "东坝村", "赵五", "钱五"),
    ("G06", "东坝村第三网格", "东坝村", "赵六", "钱六"),
]


def write_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook whose sheets hold the given rows from A1 (None = blank cell)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cell = ws.cell(r, c, value)
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"  # text, as Excel stores '=1+1 typed with a quote
    wb.save(path)
    return path


class Folder:
    """A data folder for 2020-Q3 built cell by cell; every part can be overridden."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.items = list(ITEMS)
        self.grids = list(GRIDS)
        # self_scores[grid][i] = {code: value} for rater i; street[grid] = {code: value}
        self.self_scores = {g[0]: [{"DJ-01": 30, "ZZ-01": 50}] for g in GRIDS}
        self.street = {g[0]: {"DJ-01": 35, "ZZ-01": 50} for g in GRIDS}
        self.rules = ""
        self.by_name: set[str] = set()  # villages whose self sheets head grid columns by name

    def write(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "gridscore.toml").write_text('street_name = "示例街道"\n' + self.rules, encoding="utf-8")
        header = ["编号", "类别", "考核内容", "责任部门", "分值", "类型", "评分标准"]
        checklist = [["责任清单"], header] + [[*item, "按实评分"] for item in self.items]
        write_book(self.root / "checklist.xlsx", {"责任清单": checklist})
        roster = [["网格花名册"], ["网格编号", "网格名称", "村(社区)", "网格长", "网格员"]]
        write_book(self.root / "roster.xlsx", {"花名册": roster + [list(g) for g in self.grids]})
        self.write_quarter(3)
        return self.root

    def write_quarter(self, quarter: int, street: dict[str, dict[str, object]] | None = None) -> None:
        """One quarter of 2020: its three months of self-assessment and its street workbooks."""
        first = 3 * quarter - 2
        for month in range(first, first + 3):
            for village in dict.fromkeys(g[2] for g in self.grids):
                self.write_self(f"2020-{month:02d}", village)
        for department in dict.fromkeys(i[3] for i in self.items):
            self.write_street(department, f"2020-Q{quarter}", street)

    def write_self(self, month: str, village: str) -> None:
        grids = [g for g in self.grids if g[2] == village and g[0] in self.self_scores]
        if not grids:
            return
        raters = max(len(self.self_scores[g[0]]) for g in grids)
        sheets: dict[str, list[list[object]]] = {"填表说明": [["请逐项填写得分"]]}
        for r in range(raters):
            heads = [g[1] if village in self.by_name else g[0] for g in grids]
            rows: list[list[object]] = [[f"{village}{month}月度自考"], ["编号", "考核内容", "分值", *heads]]
            for code, _, content, _, points, kind in self.items:
                if kind == "否决":
                    continue
                scores = [self.rater(g[0], r).get(code) for g in grids]
                rows.append([code, content, points, *scores])
            sheets[f"评分人{r + 1}"] = rows
        write_book(self.root / "self" / month / f"{village}.xlsx", sheets)

    def rater(self, grid: str, r: int) -> dict[str, object]:
        """Rater r's scores for a grid; a grid given fewer raters repeats its last one."""
        raters = self.self_scores[grid]
        return raters[min(r, len(raters) - 1)]

    def write_street(
        self, department: str, quarter: str = "2020-Q3", street: dict[str, dict[str, object]] | None = None
    ) -> None:
        items = [i for i in self.items if i[3] == department]
        rows: list[list[object]] = [
            [f"{department}季度考核"],
            ["网格编号", "网格名称", *(f"{i[0]} {i[2]}" for i in items), "备注"],
        ]
        for grid_id, name, *_ in self.grids:
            scores = (self.street if street is None else street).get(grid_id)
            if scores is not None:
                rows.append([grid_id, name, *(scores.get(i[0]) for i in items), None])
        write_book(self.root / "street" / quarter / f"{department}.xlsx", {"考核评分": rows})


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    return Folder(tmp_path / "data")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def run_json(*args: str) -> tuple[int, dict]:
    code, out = run(*args, "--format", "json")
    return code, json.loads(out)


def quarter_json(root: Path, out: Path) -> tuple[int, dict]:
    return run_json("quarter", "Q3", "--in", str(root), "--out", str(out))


def check(root: Path) -> tuple[int, dict]:
    return run_json("check", "--in", str(root), "--period", "2020-Q3")


def codes(doc: dict, severity: str = "error") -> set[tuple[str, str, str, str]]:
    return {
        (p["code"], p["file"], p["sheet"], p["cell"]) for p in doc["problems"] if p["severity"] == severity
    }


# Scores, lists and years (test_scoring, test_year, test_veto, test_outputs).


def set_total(f: Folder, grid: str, self_total: str, street_total: str | None = None) -> None:
    """One rater giving `self_total` and a street score of `street_total` (40% / 60% split)."""
    street_total = street_total or self_total
    for total, target in ((self_total, "self"), (street_total, "street")):
        dj = half_up(float_free(total) * 4 / 10, 2)
        scores = {"DJ-01": dj, "ZZ-01": float_free(total) - dj}
        if target == "self":
            f.self_scores[grid] = [scores]
        else:
            f.street[grid] = scores


def float_free(text: str):
    from decimal import Decimal

    return Decimal(text)


def by_id(doc: dict) -> dict[str, dict]:
    return {g["grid_id"]: g for g in doc["grids"]}


def run_quarter(f: Folder, tmp_path: Path) -> dict:
    f.write()
    code, doc = quarter_json(f.root, tmp_path / "out")
    assert code == 0, doc["problems"]
    return doc


def lists_folder(folder: Folder) -> Folder:
    folder.rules = "[lists]\ncommend_top = 2\ninterview_bottom = 2\n"
    for grid, total in {"G01": "90", "G02": "85", "G03": "85", "G04": "60", "G05": "60", "G06": "50"}.items():
        set_total(folder, grid, total)
    return folder


TOTALS = {"G01": "90", "G02": "85", "G03": "85", "G04": "60", "G05": "60", "G06": "50"}


def street_with(totals: dict[str, str]) -> dict[str, dict[str, object]]:
    from decimal import Decimal

    return {g: {"DJ-01": Decimal(t) * 4 / 10, "ZZ-01": Decimal(t) * 6 / 10} for g, t in totals.items()}


def four_quarters(folder: Folder) -> Folder:
    lists_folder(folder).write()
    # Q1: G06 on top; Q2: the lists_folder order; Q4: G01 vetoed.
    folder.write_quarter(1, street_with({**TOTALS, "G06": "95", "G01": "50"}))
    folder.write_quarter(2, street_with(TOTALS))
    vetoed = street_with(TOTALS)
    vetoed["G01"]["FJ-01"] = "是"
    folder.write_quarter(4, vetoed)
    return folder


def edit(path: Path, cell: str, value: object, sheet: str | None = None) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[-1]
    ws[cell] = value
    wb.save(path)
