"""Every problem code, triggered by a real workbook, reported with file, sheet and cell."""

from __future__ import annotations

import ast
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Folder, check, codes, edit, quarter_json, run, run_json, write_book

from gridscore.problems import Code

Q = "street/2020-Q3"
S7 = "self/2020-07"


def set_self(f: Folder, grid: str, code: str, value: object) -> None:
    f.self_scores[grid] = [{**f.self_scores[grid][0], code: value}]


# (code, change before writing, change after writing, expected (file, sheet, cell))
CASES: list[
    tuple[Code, Callable[[Folder], None] | None, Callable[[Path], None] | None, tuple[str, str, str]]
] = [
    (
        Code.SCORE_OUT_OF_RANGE,
        lambda f: set_self(f, "G01", "DJ-01", 45),
        None,
        (f"{S7}/青山村.xlsx", "评分人1", "D3"),
    ),
    (
        Code.DEDUCTION_NEGATIVE,
        lambda f: set_self(f, "G02", "KF-01", -3),
        None,
        (f"{S7}/青山村.xlsx", "评分人1", "E6"),
    ),
    (
        Code.NOT_A_NUMBER,
        lambda f: f.street["G01"].update({"DJ-01": "优"}),
        None,
        (f"{Q}/党建办.xlsx", "考核评分", "C3"),
    ),
    (
        Code.NOT_A_NUMBER,
        lambda f: set_self(f, "G02", "ZZ-01", "45分"),
        None,
        (f"{S7}/青山村.xlsx", "评分人1", "E4"),
    ),
    (
        Code.SCORE_MISSING,
        lambda f: set_self(f, "G02", "DJ-01", None),
        None,
        (f"{S7}/青山村.xlsx", "评分人1", "E3"),
    ),
    (
        Code.SCORE_MISSING,
        lambda f: f.street["G05"].update({"ZZ-01": None}),
        None,
        (f"{Q}/综治办.xlsx", "考核评分", "C7"),
    ),
    (
        Code.UNKNOWN_GRID,
        None,
        lambda root: edit(root / Q / "党建办.xlsx", "A9", "G99"),
        (f"{Q}/党建办.xlsx", "考核评分", "A9"),
    ),
    (
        Code.UNKNOWN_GRID,
        None,
        lambda root: edit(root / S7 / "东坝村.xlsx", "G2", "西湖村第一网格"),
        (f"{S7}/东坝村.xlsx", "评分人1", "G2"),
    ),
    (
        Code.UNKNOWN_ITEM,
        None,
        lambda root: edit(root / Q / "党建办.xlsx", "F2", "XX-99 其他工作"),
        (f"{Q}/党建办.xlsx", "考核评分", "F2"),
    ),
    (
        Code.UNKNOWN_ITEM,
        None,
        lambda root: edit(root / S7 / "青山村.xlsx", "A7", "DJ-99"),
        (f"{S7}/青山村.xlsx", "评分人1", "A7"),
    ),
    (
        Code.GRID_IN_TWO_WORKBOOKS,
        None,
        lambda root: shutil.copy(root / S7 / "青山村.xlsx", root / S7 / "青山村 - 副本.xlsx"),
        (f"{S7}/青山村.xlsx", "", ""),
    ),
    (
        Code.SCORED_TWICE,
        None,
        lambda root: (edit(root / Q / "党建办.xlsx", "A9", "G01"), edit(root / Q / "党建办.xlsx", "C9", 30)),
        (f"{Q}/党建办.xlsx", "考核评分", "C9"),
    ),
    (
        Code.SCORED_IN_TWO_WORKBOOKS,
        None,
        lambda root: shutil.copy(root / Q / "党建办.xlsx", root / Q / "党建办（重报）.xlsx"),
        (f"{Q}/党建办（重报）.xlsx", "考核评分", "C3"),
    ),
    (
        Code.MONTH_MISSING,
        None,
        lambda root: (root / "self/2020-08/东坝村.xlsx").unlink(),
        ("self/2020-08", "", ""),
    ),
    (
        Code.POINTS_TOTAL,
        lambda f: f.items.__setitem__(0, (*ITEM0[:4], 45, "基础")),
        None,
        ("checklist.xlsx", "责任清单", ""),
    ),
    (Code.DUPLICATE_ITEM, lambda f: f.items.append(f.items[2]), None, ("checklist.xlsx", "责任清单", "A8")),
    (Code.DUPLICATE_GRID, lambda f: f.grids.append(f.grids[0]), None, ("roster.xlsx", "花名册", "A9")),
    (
        Code.TYPE_INVALID,
        lambda f: f.items.__setitem__(2, (*f.items[2][:5], "奖励")),
        None,
        ("checklist.xlsx", "责任清单", "F5"),
    ),
    (
        Code.POINTS_INVALID,
        lambda f: f.items.__setitem__(2, (*f.items[2][:4], -5, "加分")),
        None,
        ("checklist.xlsx", "责任清单", "E5"),
    ),
    (
        Code.VETO_INVALID,
        lambda f: f.street["G03"].update({"FJ-01": "有"}),
        None,
        (f"{Q}/综治办.xlsx", "考核评分", "E5"),
    ),
    (
        Code.VALUE_MISSING,
        None,
        lambda root: edit(root / "roster.xlsx", "D4", None),
        ("roster.xlsx", "花名册", "D4"),
    ),
    (
        Code.COLUMN_MISSING,
        None,
        lambda root: edit(root / "roster.xlsx", "D2", "负责人"),
        ("roster.xlsx", "花名册", ""),
    ),
    (Code.FILE_MISSING, None, lambda root: (root / "roster.xlsx").unlink(), ("roster.xlsx", "", "")),
    (
        Code.FILE_UNREADABLE,
        None,
        lambda root: (root / Q / "党建办.xlsx").write_bytes((root / Q / "党建办.xlsx").read_bytes()[:3000]),
        (f"{Q}/党建办.xlsx", "", ""),
    ),
    (
        Code.FILE_WRONG_TYPE,
        None,
        lambda root: (root / Q / "党建办.xlsx").write_bytes(b"<html>not a workbook</html>"),
        (f"{Q}/党建办.xlsx", "", ""),
    ),
    (
        Code.NO_TABLE,
        None,
        lambda root: write_book(root / Q / "党建办.xlsx", {"说明": [["本表作废，请见综治办.xlsx"]]}),
        (f"{Q}/党建办.xlsx", "", ""),
    ),
    (
        Code.HEADER_KEY_WRONG,
        None,
        lambda root: edit(root / S7 / "青山村.xlsx", "A2", "项目编号"),
        (f"{S7}/青山村.xlsx", "评分人1", "A2"),
    ),
    (
        Code.HEADER_KEY_MISSING,
        None,
        lambda root: (
            edit(root / Q / "党建办.xlsx", "A2", None),
            edit(root / Q / "党建办.xlsx", "B2", None),
        ),
        (f"{Q}/党建办.xlsx", "考核评分", "A2"),
    ),
    (Code.FOLDER_MISSING, None, lambda root: shutil.rmtree(root / "self/2020-09"), ("self/2020-09", "", "")),
    (
        Code.ROW_MISSING,
        None,
        lambda root: edit(root / S7 / "青山村.xlsx", "A4", None),
        (f"{S7}/青山村.xlsx", "评分人1", ""),
    ),
    (
        Code.DUPLICATE_ROW,
        None,
        lambda root: edit(root / S7 / "青山村.xlsx", "A5", "DJ-01"),
        (f"{S7}/青山村.xlsx", "评分人1", "A5"),
    ),
    (
        Code.DUPLICATE_COLUMN,
        None,
        lambda root: edit(root / S7 / "青山村.xlsx", "E2", "G01"),
        (f"{S7}/青山村.xlsx", "评分人1", "E2"),
    ),
    (
        Code.GRID_NAME_AMBIGUOUS,
        lambda f: (
            f.grids.__setitem__(5, (*f.grids[5][:1], f.grids[4][1], *f.grids[5][2:])),
            f.by_name.add("东坝村"),
        ),
        None,
        (f"{S7}/东坝村.xlsx", "评分人1", "E2"),
    ),
    (
        Code.ITEM_NOT_SCORED,
        None,
        lambda root: edit(root / Q / "综治办.xlsx", "C2", "备注"),
        (Q, "", ""),
    ),
    (
        Code.GRID_NOT_SCORED,
        lambda f: [f.street.pop("G06")],
        None,
        (Q, "", ""),
    ),
    (
        Code.RULES_UNKNOWN_KEY,
        lambda f: setattr(f, "rules", "[lists]\ncommend_tops = 3\n"),
        None,
        ("gridscore.toml", "", ""),
    ),
    (
        Code.RULES_INVALID,
        lambda f: setattr(f, "rules", "[weights]\nself = 0.3\n"),
        None,
        ("gridscore.toml", "", ""),
    ),
    (Code.RULES_UNREADABLE, lambda f: setattr(f, "rules", "[weights\n"), None, ("gridscore.toml", "", "")),
]
ITEM0 = Folder(Path()).items[0]
WARNINGS: list[tuple[Code, Callable[[Path], None], tuple[str, str, str]]] = [
    (
        Code.OTHER_DEPARTMENT,
        lambda root: (  # the two departments' files swapped: each scores the other's items
            shutil.move(root / Q / "党建办.xlsx", root / "swap.xlsx"),
            shutil.move(root / Q / "综治办.xlsx", root / Q / "党建办.xlsx"),
            shutil.move(root / "swap.xlsx", root / Q / "综治办.xlsx"),
        ),
        (f"{Q}/综治办.xlsx", "考核评分", "C2"),
    ),
    (
        Code.UNKNOWN_DEPARTMENT,
        lambda root: shutil.move(root / Q / "党建办.xlsx", root / Q / "党建办（已填）.xlsx"),
        (f"{Q}/党建办（已填）.xlsx", "", ""),
    ),
    (
        Code.VETO_IN_SELF,
        lambda root: edit(root / S7 / "青山村.xlsx", "A7", "FJ-01"),
        (f"{S7}/青山村.xlsx", "评分人1", "A7"),
    ),
    (
        Code.TOTAL_MISMATCH,
        lambda root: (
            edit(root / S7 / "青山村.xlsx", "A7", "合计"),
            edit(root / S7 / "青山村.xlsx", "D7", 81),
        ),
        (f"{S7}/青山村.xlsx", "评分人1", "D7"),
    ),
    (Code.FILE_SKIPPED, lambda root: (root / Q / "说明.docx").write_bytes(b"x"), (f"{Q}/说明.docx", "", "")),
    (Code.SHEET_SKIPPED, lambda root: None, (f"{S7}/青山村.xlsx", "填表说明", "")),
]


def located(doc: dict, code: Code) -> set[tuple[str, str, str]]:
    return {(p["file"], p["sheet"], p["cell"]) for p in doc["problems"] if p["code"] == code}


@pytest.mark.parametrize(
    ("code", "before", "after", "where"), CASES, ids=[c[0].value + str(i) for i, c in enumerate(CASES)]
)
def test_error_is_reported_where_it_is(folder: Folder, code, before, after, where) -> None:
    if before:
        before(folder)
    folder.write()
    if after:
        after(folder.root)
    exit_code, doc = check(folder.root)
    assert exit_code == 1
    assert where in located(doc, code), doc["problems"]
    assert all(p["severity"] == "error" for p in doc["problems"] if p["code"] == code)
    assert doc["passed"] is False  # check computes nothing: no grids


@pytest.mark.parametrize(("code", "after", "where"), WARNINGS, ids=[c[0].value for c in WARNINGS])
def test_warning_is_reported_and_does_not_block(folder: Folder, code, after, where) -> None:
    folder.write()
    after(folder.root)
    exit_code, doc = check(folder.root)
    assert where in located(doc, code), doc["problems"]
    assert exit_code == 0, [p for p in doc["problems"] if p["severity"] == "error"]


CENSUS = ("test_every_code_has_a_test_and_two_languages", "test_the_census_finds_a_code_tested_nowhere")


def exercised(sources: dict[str, str]) -> dict[Code, set[str]]:
    """The codes each test source exercises, and where: a `Code.NAME` or a string literal equal to
    a code's value (`"no_rows"`, as the JSON documents carry it), found by ast, so comments and
    names that merely contain a code do not count. The census functions are left out of the scan:
    a code counts as tested only where a test triggers or checks it, never by being listed."""
    by_value = {c.value: c for c in Code}
    found: dict[Code, set[str]] = {}
    for name, source in sources.items():
        tree = ast.parse(source)
        census = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name in CENSUS]
        skipped = {id(n) for c in census for n in ast.walk(c)}
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            code = None
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "Code"
            ):
                code = Code.__members__.get(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                code = by_value.get(node.value)
            if code is not None:
                found.setdefault(code, set()).add(name)
    return found


def test_every_code_has_a_test_and_two_languages() -> None:
    """Every code is exercised by some test module (tests/test_*.py, this file's CASES and
    WARNINGS included, the census itself not): derived from the sources, no hand-kept list."""
    sources = {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.glob("test_*.py"))}
    tested = exercised(sources)
    assert {c[0] for c in CASES} | {c[0] for c in WARNINGS} <= set(tested)
    assert sorted(set(Code) - set(tested)) == []
    from gridscore.i18n import PROBLEMS

    assert set(PROBLEMS) == set(Code)


def test_the_census_finds_a_code_tested_nowhere() -> None:
    """The derived census can fail: a code only listed in a census function, or only named in a
    comment, is not tested."""
    source = """
from gridscore.problems import Code


def test_one():
    assert Code.NO_ROWS  # hidden_rows
    assert check() == "sheet_hidden"


def test_every_code_has_a_test_and_two_languages():
    assert {Code.FILE_EMPTY, "file_missing"}
"""
    tested = exercised({"test_synthetic.py": source})
    assert tested == {Code.NO_ROWS: {"test_synthetic.py"}, Code.SHEET_HIDDEN: {"test_synthetic.py"}}
    assert {Code.FILE_EMPTY, Code.FILE_MISSING, Code.HIDDEN_ROWS} <= set(Code) - set(tested)


def test_year_unknown_when_the_data_spans_years(folder: Folder) -> None:
    folder.write()
    (folder.root / "gridscore.toml").write_text("", encoding="utf-8")
    shutil.copytree(folder.root / Q, folder.root / "street/2021-Q1")
    # Q2 is in neither year's data (Q3 would be 2020's, Q1 2021's: tests/test_periods.py).
    exit_code, doc = run_json("quarter", "Q2", "--in", str(folder.root), "--out", str(folder.root / "out"))
    assert exit_code == 1
    assert [p["code"] for p in doc["problems"]] == ["year_unknown"]


def test_a_folder_with_many_mistakes_reports_all_and_writes_nothing(folder: Folder) -> None:
    set_self(folder, "G01", "DJ-01", 45)
    set_self(folder, "G04", "ZZ-01", "优")
    folder.street["G02"]["ZZ-01"] = 61
    folder.write()
    edit(folder.root / Q / "党建办.xlsx", "A9", "G99")
    out = folder.root.parent / "out"
    exit_code, text = run("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert exit_code == 1
    for line in (
        "self/2020-07/青山村.xlsx",
        "评分人1 › D3: DJ-01 得分 45 超出范围 0～40",
        "self/2020-09/东坝村.xlsx",
        "评分人1 › D4: “优”不是数字",
        "street/2020-Q3/综治办.xlsx",
        "考核评分 › C4: ZZ-01 得分 61 超出范围 0～60",
        "考核评分 › A9: 网格“G99”不在网格花名册中",
    ):
        assert line in text
    exit_code, _ = run("quarter", "Q3", "--in", str(folder.root), "--out", str(out))
    assert exit_code == 1
    assert not out.exists()


def test_english_messages(folder: Folder) -> None:
    set_self(folder, "G01", "DJ-01", 45)
    folder.write()
    exit_code, text = run("check", "--in", str(folder.root), "--period", "2020-Q3", "--lang", "en")
    assert exit_code == 1
    assert "评分人1 › D3: DJ-01 score 45 is outside 0..40" in text


# The codes with two severities, each for a reason given where it is reported (see Code).
TWO_SEVERITIES = {Code.FOLDER_MISSING, Code.MONTH_MISSING, Code.QUARTER_MISSING}


def test_each_code_declares_its_default_severity_once() -> None:
    """Report.add takes a code's severity from the code; a call site names a severity only
    for a code that truly has two (or to re-add problems under another, api._quarter_audit)."""
    import ast

    from gridscore.problems import Report, Severity

    assert {code.severity for code in Code} == set(Severity)
    report = Report()
    for code in Code:
        report.add(code)
    assert {(p.code, p.severity) for p in report} == {(code, code.severity) for code in Code}
    assert Code.SHEET_HIDDEN.severity is Severity.NOTE and Code.HIDDEN_ROWS.severity is Severity.WARNING
    explicit = []
    for path in sorted((Path(__file__).parent.parent / "gridscore").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) == "add"
                and len(node.args) > 1
            ):
                explicit.append(ast.unparse(node.args[0]))
    assert set(explicit) == {f"Code.{c.name}" for c in TWO_SEVERITIES} | {"p.code"}


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("roster.xlsx", ["网格编号", "网格名称", "村(社区)", "网格长"]),
        ("checklist.xlsx", ["编号", "类别", "考核内容", "责任部门", "分值", "类型"]),
    ],
)
def test_a_table_with_only_a_header_is_an_error(
    folder: Folder, tmp_path: Path, name: str, header: list[str]
) -> None:
    folder.write()
    write_book(folder.root / name, {"表": [header]})
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 1
    assert ("no_rows", name, "表", "") in codes(doc)
    assert not (tmp_path / "out").exists()


def test_total_rows_are_checked_in_street_tables_and_the_checklist(folder: Folder) -> None:
    folder.write()
    edit(folder.root / Q / "综治办.xlsx", "A9", "合计")
    edit(folder.root / Q / "综治办.xlsx", "C9", 999)
    edit(folder.root / "checklist.xlsx", "A8", "合计")
    edit(folder.root / "checklist.xlsx", "E8", 100)  # the base items' points: fine
    exit_code, doc = check(folder.root)
    assert exit_code == 0
    assert codes(doc, "warning") == {("total_mismatch", f"{Q}/综治办.xlsx", "考核评分", "C9")}


def test_a_blank_self_cell_does_not_hide_a_missing_street_score(folder: Folder) -> None:
    folder.self_scores["G01"] = [{"DJ-01": None, "ZZ-01": 50}]
    folder.street.pop("G02")
    folder.write()
    exit_code, doc = check(folder.root)
    assert exit_code == 1
    assert ("grid_not_scored", Q, "", "") in codes(doc)


def test_a_wrong_street_cell_is_reported_once(folder: Folder) -> None:
    folder.street["G03"]["ZZ-01"] = "优"
    folder.write()
    exit_code, doc = check(folder.root)
    assert exit_code == 1
    assert codes(doc) == {("not_a_number", f"{Q}/综治办.xlsx", "考核评分", "C5")}


def test_grades_not_covering_zero_name_the_key(folder: Folder) -> None:
    folder.rules = '[[grades]]\nname = "优秀"\nmin = 90\n'
    exit_code, doc = check(folder.write())
    assert exit_code == 1
    assert next(p["message"] for p in doc["problems"] if p["code"] == "rules_invalid").startswith(
        "设置项 grades 无效"
    )


def test_without_the_checklist_no_folder_is_listed(folder: Folder) -> None:
    """Without the checklist nothing else can be checked: its absence is the one error."""
    import shutil

    folder.write()
    (folder.root / "checklist.xlsx").unlink()
    shutil.rmtree(folder.root / "self/2020-08")
    (folder.root / Q / "说明.txt").write_text("x", encoding="utf-8")
    code, doc = check(folder.root)
    assert code == 1
    assert {(p["code"], p["file"]) for p in doc["problems"]} == {("file_missing", "checklist.xlsx")}
