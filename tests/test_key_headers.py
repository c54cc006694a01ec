"""A score table is never skipped for a missing or mistyped key header (编号, 网格编号): it is
read, or refused with an error at the cell where the header belongs; sheets that are no
score table (填表说明) stay notes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import Folder, edit, quarter_json, write_book
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridscore.io import read_input
from gridscore.model import Grid, Item, Kind
from gridscore.problems import Code, Report, Severity
from gridscore.validate import score_tables, self_sheets, street_sheets

S7 = "self/2020-07/青山村.xlsx"
Q = "street/2020-Q3/党建办.xlsx"
Rows = list[list[object]]


def self_rows(scores: tuple[int, int]) -> Rows:
    """A rater sheet of 青山村 as the Folder writes it: title, header on row 2, items from row 3."""
    dj, zz = scores
    return [
        ["青山村2020-07月度自考"],
        ["编号", "考核内容", "分值", "G01", "G02", "G03"],
        ["DJ-01", "组织建设", 40, dj, dj - 1, dj - 2],
        ["ZZ-01", "矛盾纠纷化解", 60, zz, zz - 2, zz - 4],
        ["JF-01", "创新工作", 5, None, 1, None],
        ["KF-01", "信息迟报漏报", 10, None, None, 2],
    ]


def street_rows() -> Rows:
    rows: Rows = [["党建办季度考核"], ["网格编号", "网格名称", "DJ-01 组织建设", "JF-01 创新工作", "备注"]]
    names = [
        "青山村第一网格",
        "青山村第二网格",
        "青山村第三网格",
        "东坝村第一网格",
        "东坝村第二网格",
        "东坝村第三网格",
    ]
    for i, name in enumerate(names):
        rows.append([f"G0{i + 1}", name, 30 + i, None, None])
    return rows


def setcell(rows: Rows, cell: tuple[int, int], value: object) -> Rows:
    rows = copy.deepcopy(rows)
    r, c = cell
    rows[r] += [None] * (c + 1 - len(rows[r]))
    rows[r][c] = value
    return rows


def key_lower(rows: Rows) -> Rows:
    """The key header one row below the others: 编号 alone on row 3, the items from row 4."""
    rows = copy.deepcopy(rows)
    key = rows[1][0]
    rows[1][0] = None
    return [*rows[:2], [key], *rows[2:]]


def two_row_header(rows: Rows, key: object) -> Rows:
    """A group title (网格得分) over the grid columns; the key cell merged down (upper row)."""
    rows = copy.deepcopy(rows)
    upper = [key, rows[1][1], rows[1][2], "网格得分"]
    lower = [None, None, None, *rows[1][3:]]
    return [rows[0], upper, lower, *rows[2:]]


def key_merged_across(rows: Rows) -> Rows:
    """The key header merged over two columns (A2:B2), the keys in the second."""
    return [
        [*line[:1], None, *line[1:]] if r == 1 else [None, *line] if r > 1 else line
        for r, line in enumerate(rows)
    ]


# variant -> (how the rater sheet 评分人2 is changed, expected: None = read with no problem,
# else (code, severity, cell))
SELF_VARIANTS: dict[str, tuple[Callable[[Rows], Rows], tuple[Code, Severity, str] | None]] = {
    "as written": (lambda rows: rows, None),
    "retyped": (
        lambda rows: setcell(rows, (1, 0), "项目编号"),
        (Code.HEADER_KEY_WRONG, Severity.ERROR, "A2"),
    ),
    "序号": (lambda rows: setcell(rows, (1, 0), "序号"), (Code.HEADER_KEY_WRONG, Severity.ERROR, "A2")),
    "blank": (lambda rows: setcell(rows, (1, 0), None), (Code.HEADER_KEY_MISSING, Severity.ERROR, "A2")),
    "spaces only": (
        lambda rows: setcell(rows, (1, 0), "　 "),
        (Code.HEADER_KEY_MISSING, Severity.ERROR, "A2"),
    ),
    "space-padded": (lambda rows: setcell(rows, (1, 0), " 编 号 "), None),
    "full-width spaces": (lambda rows: setcell(rows, (1, 0), "\u3000编号\u3000"), None),
    "invisible character": (lambda rows: setcell(rows, (1, 0), "编\u200b号"), None),
    "one row lower": (key_lower, (Code.HEADER_KEY_LOW, Severity.WARNING, "A3")),
    "merged two-row header": (lambda rows: two_row_header(rows, "编号"), None),
    "merged across two columns": (key_merged_across, (Code.HEADER_KEY_BESIDE, Severity.WARNING, "A2")),
    "merged, retyped": (
        lambda rows: two_row_header(rows, "项目编号"),
        (Code.HEADER_KEY_WRONG, Severity.ERROR, "A2"),
    ),
    "merged, blank": (
        lambda rows: two_row_header(rows, None),
        (Code.HEADER_KEY_MISSING, Severity.ERROR, "A3"),
    ),
    "grids by name, retyped": (
        lambda rows: setcell(
            setcell(
                setcell(setcell(rows, (1, 3), "青山村第一网格"), (1, 4), "青山村第二网格"), (1, 5), "G03"
            ),
            (1, 0),
            "代码",
        ),
        (Code.HEADER_KEY_WRONG, Severity.ERROR, "A2"),
    ),
}


def write_village(folder: Folder, rater2: Rows, merge: str | None = None) -> None:
    path = write_book(
        folder.root / S7,
        {
            "填表说明": [["请逐项填写得分"], ["编号为考核项目编号，如 DJ-01"]],
            "评分人1": self_rows((30, 50)),
            "评分人2": rater2,
        },
    )
    if merge:
        wb = openpyxl.load_workbook(path)
        wb["评分人2"].merge_cells(merge)
        wb.save(path)


def problems(doc: dict, sheet: str) -> list[tuple[str, str, str, str]]:
    return [(p["code"], p["severity"], p["file"], p["cell"]) for p in doc["problems"] if p["sheet"] == sheet]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """The quarter's ranking with 评分人2 read as written."""
    folder = Folder(tmp_path_factory.mktemp("baseline") / "data")
    folder.write()
    write_village(folder, self_rows((20, 40)))
    exit_code, doc = quarter_json(folder.root, folder.root.parent / "out")
    assert exit_code == 0, doc["problems"]
    return doc["grids"]


@pytest.mark.parametrize("variant", list(SELF_VARIANTS))
def test_a_rater_sheet_is_read_or_refused_never_skipped(
    folder: Folder, tmp_path: Path, baseline: list[dict], variant: str
) -> None:
    change, expected = SELF_VARIANTS[variant]
    folder.write()
    merge = (
        "A2:B2"
        if variant == "merged across two columns"
        else "A2:A3"
        if variant.startswith("merged")
        else None
    )
    write_village(folder, change(self_rows((20, 40))), merge)
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    found = problems(doc, "评分人2")
    assert ("sheet_skipped", "note", S7, "") not in found
    assert ("sheet_skipped", "note", S7, "") in problems(doc, "填表说明")  # still a note
    if expected is None:
        assert found == [] and exit_code == 0
        assert doc["grids"] == baseline
        return
    code, severity, cell = expected
    assert (code.value, severity.value, S7, cell) in found, doc["problems"]
    if severity is Severity.ERROR:
        assert exit_code == 1 and doc["grids"] == []
        assert {p["code"] for p in doc["problems"] if p["severity"] == "error"} == {code.value}
    else:
        assert exit_code == 0
        assert doc["grids"] == baseline  # read right: the same ranking as the sheet laid out well


def test_the_message_names_the_text_found_and_the_fix(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    write_village(folder, setcell(self_rows((20, 40)), (1, 0), "项目编号"))
    _, doc = quarter_json(folder.root, tmp_path / "out")
    [problem] = [p for p in doc["problems"] if p["code"] == "header_key_wrong"]
    assert (problem["file"], problem["sheet"], problem["cell"]) == (S7, "评分人2", "A2")
    assert "请把“项目编号”改为“编号”" in problem["message"]
    assert "DJ-01" in problem["message"]


STREET_VARIANTS: dict[str, tuple[Callable[[Rows], Rows], tuple[Code, Severity, str, str] | None]] = {
    "as written": (lambda rows: rows, None),
    "padded": (lambda rows: setcell(rows, (1, 0), " 网格　编号 "), None),
    "id retyped, name kept": (
        lambda rows: setcell(rows, (1, 0), "编号"),
        (Code.HEADER_KEY_WRONG, Severity.ERROR, "A2", "把“编号”改为“网格编号”"),
    ),
    "both retyped": (
        lambda rows: setcell(setcell(rows, (1, 0), "编号"), (1, 1), "名称"),
        (Code.HEADER_KEY_WRONG, Severity.ERROR, "A2", "把“编号”改为“网格编号”"),
    ),
    "both blank": (
        lambda rows: setcell(setcell(rows, (1, 0), None), (1, 1), None),
        (Code.HEADER_KEY_MISSING, Severity.ERROR, "A2", "“网格编号”"),
    ),
    "names only, retyped": (
        lambda rows: [line[1:] if len(line) > 1 else line for line in setcell(rows, (1, 1), "网格")],
        (Code.HEADER_KEY_WRONG, Severity.ERROR, "A2", "把“网格”改为“网格名称”"),
    ),
    "one row lower": (key_lower, (Code.HEADER_KEY_LOW, Severity.WARNING, "A3", "")),
    "merged across two columns": (
        key_merged_across,
        (Code.HEADER_KEY_BESIDE, Severity.WARNING, "A2", "B 列"),
    ),
    "a total row in the name column": (
        lambda rows: [*rows, [None, "合计", sum(30 + i for i in range(6)), None, None]],
        None,
    ),
}


@pytest.mark.parametrize("variant", list(STREET_VARIANTS))
def test_a_street_table_is_read_or_refused_never_skipped(
    folder: Folder, tmp_path: Path, variant: str
) -> None:
    change, expected = STREET_VARIANTS[variant]
    folder.write()
    rows = street_rows()
    if variant == "one row lower":  # both key columns lowered
        rows = key_lower(rows)
        rows[1][1], rows[2][1:2] = None, ["网格名称"]
    else:
        rows = change(rows)
    write_book(folder.root / Q, {"填表说明": [["请填写"]], "考核评分": rows})
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    found = problems(doc, "考核评分")
    assert ("sheet_skipped", "note", Q, "") not in found
    if expected is None:
        assert found == [] and exit_code == 0, doc["problems"]
        street = {g["grid_id"]: g["street"] for g in doc["grids"]}
        assert street["G03"] == "82.00"  # 32 (DJ-01) + 50 (ZZ-01)
        return
    code, severity, cell, words = expected
    assert (code.value, severity.value, Q, cell) in found, doc["problems"]
    [message] = [
        p["message"] for p in doc["problems"] if p["code"] == code.value and p["sheet"] == "考核评分"
    ]
    assert words in message
    if severity is Severity.ERROR:
        assert exit_code == 1
        # the root cause alone: the refused table's items are not also reported unscored
        assert {p["code"] for p in doc["problems"] if p["severity"] == "error"} == {code.value}
    else:
        assert exit_code == 0
        assert {g["grid_id"]: g["street"] for g in doc["grids"]}["G03"] == "82.00"


def test_a_total_row_in_the_name_column_is_checked_as_a_total(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    rows = [*street_rows(), [None, "合计", 1, None, None]]
    write_book(folder.root / Q, {"考核评分": rows})
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 0
    assert [(p["code"], p["severity"], p["cell"]) for p in doc["problems"] if p["sheet"] == "考核评分"] == [
        ("total_mismatch", "warning", "C9")
    ]


# --- the property: every score table read or refused with an error, never a note -------------

ITEMS = {
    "DJ-01": Item("DJ-01", "党建引领", "组织建设", "党建办", Decimal(40), Kind.BASE),
    "ZZ-01": Item("ZZ-01", "综治维稳", "矛盾纠纷化解", "党建办", Decimal(60), Kind.BASE),
    "JF-01": Item("JF-01", "加分项目", "创新工作", "党建办", Decimal(5), Kind.BONUS),
    "KF-01": Item("KF-01", "扣分项目", "信息迟报漏报", "党建办", Decimal(10), Kind.DEDUCTION),
}
GRIDS = {
    g: Grid(g, name, "青山村", "张")
    for g, name in zip(
        ("G01", "G02", "G03", "G04", "G05", "G06"),
        (
            "青山村第一网格",
            "青山村第二网格",
            "青山村第三网格",
            "东坝村第一网格",
            "东坝村第二网格",
            "东坝村第三网格",
        ),
        strict=True,
    )
}
CONTEXT = score_tables.Context(ITEMS, GRIDS)
KEY_TEXT = st.sampled_from(
    [
        None,
        "",
        "　",
        "编号",
        " 编 号",
        "项目编号",
        "序号",
        "代码",
        "NO.",
        "网格编号",
        "网格 编号",
        "编号:",
        "名称",
        "网格",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["self", "street"]),
    key=KEY_TEXT,
    second=KEY_TEXT,
    layout=st.sampled_from(["plain", "lower", "two rows", "title rows", "merged across"]),
    by_name=st.booleans(),
)
def test_every_score_table_is_read_or_refused(
    tmp_path: Path, kind: str, key: object, second: object, layout: str, by_name: bool
) -> None:
    if kind == "self":
        rows = setcell(self_rows((30, 50)), (1, 0), key)
        if by_name:
            rows = setcell(setcell(rows, (1, 3), "青山村第一网格"), (1, 4), "青山村第二网格")
    else:
        rows = setcell(setcell(street_rows(), (1, 0), key), (1, 1), second)
    if layout == "lower":
        rows = key_lower(rows)
    elif layout == "two rows":
        rows = two_row_header(rows, rows[1][0])
    elif layout == "merged across":
        rows = key_merged_across(rows)
    elif layout == "title rows":
        rows = [["表"], [None], *rows]
    path = write_book(tmp_path / f"{kind}.xlsx", {"填表说明": [["请填写"]], "表": rows})
    report = Report()
    file = read_input(path, tmp_path)
    read = (
        self_sheets.self_workbook(file, "2020-07", CONTEXT, report)
        if kind == "self"
        else street_sheets.street_workbook(file, CONTEXT, report)
    )
    on_sheet = [p for p in report if p.sheet == "表"]
    assert all(p.code is not Code.SHEET_SKIPPED for p in on_sheet)
    assert any(p.code is Code.SHEET_SKIPPED for p in report if p.sheet == "填表说明")
    errors = [p for p in on_sheet if p.severity is Severity.ERROR]
    if not errors:  # read: and read whole, every grid's scores
        if kind == "self":
            [sheet] = read
            assert set(sheet.totals) == {"G01", "G02", "G03"}
        else:
            assert {c.code for c in read} == {"DJ-01", "JF-01"}
            assert all(len(c.grids) == 6 and None not in c.values for c in read)


def test_a_total_row_in_the_content_column_of_a_rater_sheet(folder: Folder, tmp_path: Path, baseline) -> None:
    folder.write()
    rows = [*self_rows((20, 40)), [None, "合计", 115, 60, 58, 50]]
    write_village(folder, rows)
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 0
    # G03: 18 + 36 - 2 = 52, not 50; the total row is not read as an item with a blank 编号
    assert problems(doc, "评分人2") == [("total_mismatch", "warning", S7, "F7")]
    assert doc["grids"] == baseline


def test_item_codes_in_any_case_and_width(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    expected = quarter_json(folder.root, tmp_path / "a")[1]["grids"]
    edit(folder.root / "self/2020-07/青山村.xlsx", "A3", "dj-01")
    edit(folder.root / "self/2020-08/青山村.xlsx", "A4", "ＺＺ－０１")
    edit(folder.root / Q, "C2", "dj-01 组织建设")
    exit_code, doc = quarter_json(folder.root, tmp_path / "b")
    assert exit_code == 0, doc["problems"]
    assert doc["grids"] == expected


def test_two_row_header_over_a_single_column(folder: Folder, tmp_path: Path) -> None:
    folder.grids = [g for g in folder.grids if g[0] in ("G01", "G04")]
    folder.self_scores = {g: v for g, v in folder.self_scores.items() if g in ("G01", "G04")}
    folder.street = {g: v for g, v in folder.street.items() if g in ("G01", "G04")}
    folder.write()
    expected = quarter_json(folder.root, tmp_path / "a")[1]["grids"]
    rows = [["编号", "考核内容", "分值", "网格得分"], [None, None, None, "G01"]]
    rows += [["DJ-01", "组织建设", 40, 30], ["ZZ-01", "矛盾纠纷化解", 60, 50]]
    write_book(folder.root / "self/2020-07/青山村.xlsx", {"评分人1": rows})
    exit_code, doc = quarter_json(folder.root, tmp_path / "b")
    assert exit_code == 0, doc["problems"]
    assert doc["grids"] == expected
