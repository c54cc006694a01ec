"""A clerk's everyday slips never pass silently: blank forms left in a period folder, and
raters that vanish from one month of a quarter."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from conftest import Folder, check, quarter_json, run, write_book

S7 = "self/2020-07"
Q = "street/2020-Q3"


def located(doc: dict, code: str) -> list[tuple[str, str, str, str]]:
    return [(p["severity"], p["file"], p["sheet"], p["cell"]) for p in doc["problems"] if p["code"] == code]


# --- blank forms ---------------------------------------------------------------------------


def test_a_blank_rater_sheet_is_one_error(folder: Folder, tmp_path: Path) -> None:
    for g in ("G01", "G02", "G03"):
        folder.self_scores[g] = [{"DJ-01": 30, "ZZ-01": 50}, {}]  # 评分人2 filled nothing
    folder.write()
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 1 and doc["grids"] == []
    assert located(doc, "sheet_blank") == [
        ("error", f"self/2020-0{m}/青山村.xlsx", "评分人2", "") for m in (7, 8, 9)
    ]
    assert located(doc, "score_missing") == []
    assert [p for p in doc["problems"] if p["severity"] == "error" and p["code"] != "sheet_blank"] == []


def test_a_partly_filled_rater_sheet_keeps_its_cell_problems(folder: Folder, tmp_path: Path) -> None:
    for g in ("G01", "G02", "G03"):
        folder.self_scores[g] = [{"DJ-01": 30, "ZZ-01": 50}, {"DJ-01": 30} if g == "G01" else {}]
    folder.write()
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 1
    assert located(doc, "sheet_blank") == []
    missing = {(p["file"], p["cell"]) for p in doc["problems"] if p["code"] == "score_missing"}
    assert {cell for file, cell in missing if file == f"{S7}/青山村.xlsx"} == {"E3", "F3", "D4", "E4", "F4"}


def test_a_template_left_in_the_period_folder_is_one_error_per_sheet(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    code, _ = run("template", "--in", str(folder.root), "--period", "2020-07", "--out", str(tmp_path / "t"))
    assert code == 0
    shutil.copy(tmp_path / "t" / S7 / "青山村.xlsx", folder.root / S7 / "青山村（空白表）.xlsx")
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 1
    errors = [(p["code"], p["file"], p["sheet"]) for p in doc["problems"] if p["severity"] == "error"]
    assert errors == [("sheet_blank", f"{S7}/青山村（空白表）.xlsx", "评分人1")]
    [message] = [p["message"] for p in doc["problems"] if p["code"] == "sheet_blank"]
    assert "一个分数也没有填" in message


def test_a_blank_department_table_is_one_error(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    folder.write_street("党建办", street={g[0]: {} for g in folder.grids})
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 1
    errors = [(p["code"], p["file"], p["sheet"]) for p in doc["problems"] if p["severity"] == "error"]
    assert errors == [("sheet_blank", f"{Q}/党建办.xlsx", "考核评分")]


def test_a_department_table_of_bonus_items_only_may_be_blank(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    rows = [["网格编号", "网格名称", "JF-01 创新工作"]] + [[g[0], g[1], None] for g in folder.grids]
    write_book(
        folder.root / Q / "党建办.xlsx",
        {
            "考核评分": [["网格编号", "网格名称", "DJ-01"]] + [[g[0], g[1], 35] for g in folder.grids],
            "加分": rows,
        },
    )
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 0, doc["problems"]
    assert located(doc, "sheet_blank") == []


def test_a_blank_form_in_english(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    folder.write_street("党建办", street={g[0]: {} for g in folder.grids})
    code, text = run("check", "--in", str(folder.root), "--period", "2020-Q3", "--lang", "en")
    assert code == 1
    assert "no score filled in at all" in text


# --- raters that vanish --------------------------------------------------------------------


def three_raters(folder: Folder) -> None:
    for g in ("G01", "G02", "G03"):
        folder.self_scores[g] = [
            {"DJ-01": 30, "ZZ-01": 50},
            {"DJ-01": 32, "ZZ-01": 52},
            {"DJ-01": 39, "ZZ-01": 59},
        ]


def drop_sheet(path: Path, sheet: str) -> None:
    wb = openpyxl.load_workbook(path)
    del wb[sheet]
    wb.save(path)


def test_a_rater_missing_from_one_month_is_a_warning(folder: Folder, tmp_path: Path) -> None:
    three_raters(folder)
    folder.write()
    drop_sheet(folder.root / S7 / "青山村.xlsx", "评分人3")
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 0
    assert located(doc, "rater_missing") == [("warning", f"{S7}/青山村.xlsx", "", "")]
    [message] = [p["message"] for p in doc["problems"] if p["code"] == "rater_missing"]
    assert "“评分人3”" in message and "2020-08、2020-09" in message and "青山村" in message
    assert located(doc, "rater_count_differs") == []
    # July on the two raters left: (80 + 84) / 2 = 82; August and September (80 + 84 + 98) / 3 = 87.33
    selfs = {g["grid_id"]: g["self"] for g in doc["grids"]}
    assert selfs["G01"] == "85.55"  # (82 + 87.33 + 87.33) / 3 = 85.553...
    assert selfs["G04"] == "80.00"  # 东坝村 untouched


def test_a_rater_renamed_in_one_month_is_named_both_ways(folder: Folder, tmp_path: Path) -> None:
    three_raters(folder)
    folder.write()
    wb = openpyxl.load_workbook(folder.root / S7 / "青山村.xlsx")
    wb["评分人3"].title = "党员代表-张三"
    wb.save(folder.root / S7 / "青山村.xlsx")
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 0
    assert sorted(located(doc, "rater_missing")) == [
        ("warning", f"self/2020-0{m}/青山村.xlsx", "", "") for m in (7, 8, 9)
    ]


def test_a_rater_count_that_differs_for_another_reason_is_a_warning(folder: Folder, tmp_path: Path) -> None:
    """July's 青山村 split over two workbooks, each with the same two raters: four sheets, not two."""
    for g in ("G01", "G02", "G03"):
        folder.self_scores[g] = [{"DJ-01": 30, "ZZ-01": 50}, {"DJ-01": 30, "ZZ-01": 50}]
    folder.write()
    rows = [
        ["编号", "考核内容", "分值", "G03"],
        ["DJ-01", "组织建设", 40, 30],
        ["ZZ-01", "矛盾纠纷化解", 60, 50],
    ]
    two = [["编号", "考核内容", "分值", "G01", "G02"]]
    two += [["DJ-01", "组织建设", 40, 30, 30], ["ZZ-01", "矛盾纠纷化解", 60, 50, 50]]
    write_book(folder.root / S7 / "青山村.xlsx", {"评分人1": two, "评分人2": two})
    write_book(folder.root / S7 / "青山村三组.xlsx", {"评分人1": rows, "评分人2": rows})
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 0
    assert located(doc, "rater_missing") == []
    assert located(doc, "rater_count_differs") == [("warning", f"{S7}/青山村.xlsx", "", "")]


# --- the slips, on the demo street -------------------------------------------------

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"


def test_the_demo_with_a_retyped_header_and_a_rater_missing(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    august = root / "self/2020-08/东坝村.xlsx"
    wb = openpyxl.load_workbook(august)
    wb["党员代表-贺国强"]["A2"] = "项目编号"
    wb.save(august)
    code, doc = quarter_json(root, tmp_path / "out")
    assert code == 1 and doc["grids"] == []
    assert located(doc, "header_key_wrong") == [
        ("error", "self/2020-08/东坝村.xlsx", "党员代表-贺国强", "A2")
    ]
    assert located(doc, "rater_missing") == []  # the sheet is there, refused: not also missing
    assert located(doc, "sheet_skipped") == [
        (s, f, "填表说明", c) for s, f, _, c in located(doc, "sheet_skipped")
    ]

    wb = openpyxl.load_workbook(august)
    del wb["党员代表-贺国强"]
    wb.save(august)
    code, doc = quarter_json(root, tmp_path / "out")
    assert code == 0
    assert located(doc, "rater_missing") == [("warning", "self/2020-08/东坝村.xlsx", "", "")]


def test_raters_of_one_workbook_scoring_different_grids_is_a_warning(folder: Folder) -> None:
    folder.write()
    rows = [
        ["青山村自考"],
        ["编号", "考核内容", "分值", "G01"],
        ["DJ-01", "组织建设", 40, 30],
        ["ZZ-01", "矛盾纠纷化解", 60, 50],
    ]
    full = [["青山村自考"], ["编号", "考核内容", "分值", "G01", "G02", "G03"]]
    full += [["DJ-01", "组织建设", 40, 30, 30, 30], ["ZZ-01", "矛盾纠纷化解", 60, 50, 50, 50]]
    write_book(folder.root / "self/2020-07/青山村.xlsx", {"评分人1": full, "评分人2": rows})
    exit_code, doc = check(folder.root)
    assert exit_code == 0
    warned = [p for p in doc["problems"] if p["code"] == "raters_uneven"]
    assert [(p["file"], p["sheet"]) for p in warned] == [("self/2020-07/青山村.xlsx", "评分人2")]
    assert "G02、G03" in warned[0]["message"]


def test_a_grid_without_any_month_is_an_error_even_when_months_may_be_missing(folder: Folder) -> None:
    folder.rules = "[self]\nallow_missing_months = true\n"
    folder.write()
    for month in ("2020-07", "2020-08", "2020-09"):
        (folder.root / "self" / month / "东坝村.xlsx").unlink()
    exit_code, doc = check(folder.root)
    assert exit_code == 1
    missing = [p for p in doc["problems"] if p["code"] == "no_self_score"]
    assert sorted(p["message"].split(" ")[1] for p in missing) == ["G04", "G05", "G06"]
    assert {p["severity"] for p in missing} == {"error"}
