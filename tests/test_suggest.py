"""Near misses get a suggestion (是否为“…”？), unrelated names get none; one line per root cause."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Folder, edit, run_json, write_book

from gridscore.demo import data as demo
from gridscore.demo.street import build_items
from gridscore.validate.near import closest

Q = "street/2020-Q3"
S7 = "self/2020-07"

# The demo street's names: 85 grids in 13 villages, 64 item codes, 17 departments.
GRID_NAMES = [
    f"{village}第{demo.CN_NUMBERS[n]}网格" for village, _, grids, _, _ in demo.VILLAGES for n in range(grids)
]
GRID_IDS = [f"{prefix}{n + 1:02d}" for _, prefix, grids, _, _ in demo.VILLAGES for n in range(grids)]
CODES = [item.code for item in build_items()]
DEPARTMENTS = demo.DEPARTMENTS


@pytest.mark.parametrize(
    ("text", "known", "expected"),
    [
        ("青山村第二网络", GRID_NAMES, "青山村第二网格"),  # a typo
        ("青山村二网格", GRID_NAMES, "青山村第二网格"),  # a character left out
        ("青山村第2网格", GRID_NAMES, "青山村第二网格"),  # 2 for 二
        ("淳溪社区第八网格 ", GRID_NAMES, "淳溪社区第八网格"),
        ("qs-2", GRID_IDS, "QS02"),
        ("ＹＪＷ０３", GRID_IDS, "YJW03"),
        ("DJ02党员联户", CODES, "DJ-02"),
        ("DJ02", CODES, "DJ-02"),
        ("dj-2", CODES, "DJ-02"),
        ("ＤＪ－０２", CODES, "DJ-02"),
        ("KF 3", CODES, "KF-03"),
        ("党建办（已填）", DEPARTMENTS, "党建办"),
        ("党建办 - 副本", DEPARTMENTS, "党建办"),
        ("2020年第三季度党建办考核表", DEPARTMENTS, "党建办"),
        ("政法委（综治办）(1)", DEPARTMENTS, "政法委(综治办)"),
        ("综治办", DEPARTMENTS, "政法委(综治办)"),
        ("退役军人服务", DEPARTMENTS, "退役军人服务站"),
    ],
)
def test_a_near_miss_gets_the_closest_name(text: str, known: list[str], expected: str) -> None:
    assert closest(text, known) == expected


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("西岗村第四网格", ["东坝村第一网格", "东坝村第四网格", "青山村第一网格"]),  # another village
        ("东坝村第八网格", GRID_NAMES),  # 东坝村 has six grids: 第八 is no typo of 第一
        ("第二网格", GRID_NAMES),  # thirteen villages have one
        ("青山村", GRID_NAMES),
        ("QS19", GRID_IDS),  # a number is never changed
        ("QS-99", GRID_IDS),
        ("XX-99", CODES),
        ("DJ-09", CODES),  # DJ has eight items
        ("XX-99 其他工作", CODES),
        ("一、党建引领", CODES),  # a category heading
        ("1", CODES),
        ("党建处", DEPARTMENTS),  # 党政办 and 党建办 are as close
        ("街道考核汇总", DEPARTMENTS),
        ("党建办党政办合并", DEPARTMENTS),
        ("办", DEPARTMENTS),
        ("", DEPARTMENTS),
    ],
)
def test_an_unrelated_name_gets_no_suggestion(text: str, known: list[str]) -> None:
    assert closest(text, known) is None


def test_no_grid_of_one_village_is_suggested_for_a_missing_grid_of_another() -> None:
    for village, _, grids, _, _ in demo.VILLAGES:
        for n in range(grids, 10):
            assert closest(f"{village}第{demo.CN_NUMBERS[n]}网格", GRID_NAMES) is None, (village, n)


def check(root: Path, lang: str = "zh") -> tuple[int, dict]:
    return run_json("check", "--in", str(root), "--period", "2020-Q3", "--lang", lang)


def problems(root: Path, code: str, lang: str = "zh") -> list[dict]:
    return [p for p in check(root, lang)[1]["problems"] if p["code"] == code]


def test_a_misspelt_grid_name_on_a_self_sheet(folder: Folder) -> None:
    folder.write()
    edit(folder.root / S7 / "青山村.xlsx", "E2", "青山村第二网络")
    exit_code, doc = check(folder.root)
    assert exit_code == 1
    [p] = [p for p in doc["problems"] if p["code"] == "unknown_grid"]
    assert (p["severity"], p["file"], p["sheet"], p["cell"]) == (
        "error",
        f"{S7}/青山村.xlsx",
        "评分人1",
        "E2",
    )
    assert p["message"].startswith("网格“青山村第二网络”不在网格花名册中。是否为“青山村第二网格”？")
    [en] = problems(folder.root, "unknown_grid", "en")
    assert "grid '青山村第二网络' is not in the roster. Did you mean '青山村第二网格'?" in en["message"]


def test_a_grid_id_typed_loosely_on_a_street_sheet(folder: Folder) -> None:
    folder.write()
    edit(folder.root / Q / "党建办.xlsx", "A4", "g-02")
    [p] = problems(folder.root, "unknown_grid")
    assert (p["file"], p["sheet"], p["cell"]) == (f"{Q}/党建办.xlsx", "考核评分", "A4")
    assert "是否为“G02”？" in p["message"]
    assert "Did you mean 'G02'?" in problems(folder.root, "unknown_grid", "en")[0]["message"]


def test_item_codes_without_their_dash(folder: Folder) -> None:
    folder.write()
    edit(folder.root / Q / "党建办.xlsx", "C2", "DJ01组织建设")
    edit(folder.root / S7 / "青山村.xlsx", "A4", "zz-1")
    found = {(p["file"], p["cell"]): p["message"] for p in problems(folder.root, "unknown_item")}
    assert found == {
        (
            f"{Q}/党建办.xlsx",
            "C2",
        ): "“DJ01组织建设”不是责任清单中的考核项目。是否为“DJ-01”？请使用清单中的编号（如 DJ-01）。",
        (
            f"{S7}/青山村.xlsx",
            "A4",
        ): "“zz-1”不是责任清单中的考核项目。是否为“ZZ-01”？请使用清单中的编号（如 DJ-01）。",
    }
    assert problems(folder.root, "row_missing") == []  # the ZZ-01 row is there, misspelt
    en = {p["cell"]: p["message"] for p in problems(folder.root, "unknown_item", "en")}
    assert (
        en["C2"]
        == "'DJ01组织建设' is not a checklist item. Did you mean 'DJ-01'? Use a checklist item code (e.g. DJ-01)."
    )


def test_unrelated_names_get_no_suggestion(folder: Folder) -> None:
    folder.write()
    edit(folder.root / S7 / "东坝村.xlsx", "E2", "西岗村第四网格")
    edit(folder.root / Q / "党建办.xlsx", "C2", "XX-99 其他工作")
    exit_code, doc = check(folder.root)
    assert exit_code == 1
    messages = [p["message"] for p in doc["problems"] if p["code"] in ("unknown_grid", "unknown_item")]
    assert len(messages) == 2
    assert not any("是否为" in m for m in messages)
    _, en = check(folder.root, "en")
    assert not any("Did you mean" in p["message"] for p in en["problems"])


def test_a_department_file_name_with_a_remark(folder: Folder) -> None:
    folder.write()
    shutil.move(folder.root / Q / "党建办.xlsx", folder.root / Q / "党建办（已填）.xlsx")
    exit_code, doc = check(folder.root)
    assert exit_code == 0
    found = [p for p in doc["problems"] if p["code"] in ("unknown_department", "other_department")]
    assert [(p["code"], p["severity"], p["file"], p["sheet"], p["cell"]) for p in found] == [
        ("unknown_department", "warning", f"{Q}/党建办（已填）.xlsx", "", "")
    ]
    assert found[0]["message"] == (
        "文件名“党建办（已填）”不是责任清单中的责任部门。是否为“党建办”？"
        "街道考核表以文件名作为提交部门，请把文件改名为部门名称（如“党建办.xlsx”）。"
    )
    [en] = problems(folder.root, "unknown_department", "en")
    assert "is not a checklist department. Did you mean '党建办'?" in en["message"]


def test_a_department_file_name_that_names_no_department(folder: Folder) -> None:
    folder.write()
    shutil.move(folder.root / Q / "党建办.xlsx", folder.root / Q / "汇总.xlsx")
    exit_code, doc = check(folder.root)
    assert exit_code == 0
    found = [p for p in doc["problems"] if p["code"] in ("unknown_department", "other_department")]
    assert [(p["code"], p["file"]) for p in found] == [("unknown_department", f"{Q}/汇总.xlsx")]
    assert "是否为" not in found[0]["message"]


# ---------------------------------------------------------------- one line per root cause


def test_a_copied_village_workbook_is_one_problem_naming_both_files_and_the_grids(folder: Folder) -> None:
    for grid in ("G01", "G02", "G03"):  # three raters, as in the demo's 青山村
        folder.self_scores[grid] = [{"DJ-01": 30 + r, "ZZ-01": 50} for r in range(3)]
    folder.write()
    shutil.copy(folder.root / S7 / "青山村.xlsx", folder.root / S7 / "青山村 - 副本.xlsx")
    exit_code, doc = check(folder.root)
    assert exit_code == 1
    found = [p for p in doc["problems"] if p["code"] == "grid_in_two_workbooks"]
    assert [(p["severity"], p["file"], p["sheet"], p["cell"]) for p in found] == [
        ("error", f"{S7}/青山村.xlsx", "", "")
    ]
    assert found[0]["message"] == (
        f"本工作簿和 {S7}/青山村 - 副本.xlsx 都有 3 个网格（G01、G02、G03）的本月自考。"
        "一个网格每月只在一个工作簿中自考：如果其中一个是副本，请删除它；否则请删除重复的网格列。"
    )
    [en] = problems(folder.root, "grid_in_two_workbooks", "en")
    assert en["message"].startswith(f"this workbook and {S7}/青山村 - 副本.xlsx both hold")
    assert "3 grid(s) (G01、G02、G03)" in en["message"]


def test_a_workbook_without_score_sheets_is_reported_instead_of_its_missing_months(
    folder: Folder,
) -> None:
    folder.write()
    write_book(folder.root / "self/2020-08/青山村.xlsx", {"填表说明": [["请逐项填写得分"]]})
    (folder.root / "self/2020-08/东坝村.xlsx").unlink()  # meanwhile, a workbook not sent at all
    exit_code, doc = check(folder.root)
    assert exit_code == 1
    errors = [(p["code"], p["file"], p["message"][:6]) for p in doc["problems"] if p["severity"] == "error"]
    assert errors == [
        ("month_missing", "self/2020-08", "网格 G04"),
        ("month_missing", "self/2020-08", "网格 G05"),
        ("month_missing", "self/2020-08", "网格 G06"),
        ("no_table", "self/2020-08/青山村.xlsx", "没有找到含“"),
    ]


def test_an_unnamed_workbook_without_score_sheets_excuses_nothing(folder: Folder) -> None:
    folder.write()
    (folder.root / "self/2020-08/青山村.xlsx").unlink()
    write_book(folder.root / "self/2020-08/新建 XLSX 工作表.xlsx", {"Sheet1": [["随便写的"]]})
    missing = {p["message"][3:6] for p in problems(folder.root, "month_missing")}
    assert missing == {"G01", "G02", "G03"}


@pytest.mark.parametrize("where", ["self", "street"])
def test_a_negative_deduction_says_deductions_are_positive_points(folder: Folder, where: str) -> None:
    if where == "self":
        folder.self_scores["G02"] = [{"DJ-01": 30, "ZZ-01": 50, "KF-01": -3}]
        location = (f"{S7}/青山村.xlsx", "评分人1", "E6")
    else:
        folder.street["G02"]["KF-01"] = -3
        location = (f"{Q}/综治办.xlsx", "考核评分", "D4")
    folder.write()
    exit_code, doc = check(folder.root)
    assert exit_code == 1
    found = [p for p in doc["problems"] if p["code"] in ("deduction_negative", "score_out_of_range")]
    assert {p["code"] for p in found} == {"deduction_negative"}
    assert len(found) == (3 if where == "self" else 1)  # the self sheets repeat it in each month
    assert (found[0]["severity"], found[0]["file"], found[0]["sheet"], found[0]["cell"]) == (
        "error",
        *location,
    )
    assert found[0]["message"] == (
        "扣分项 KF-01 填写了 -3。扣分项填写扣除的分数，用正数：扣 3 分就填 3，不要加负号（本项最多扣 10 分）。"
    )
    en = problems(folder.root, "deduction_negative", "en")[0]
    assert en["message"] == (
        "deduction item KF-01 holds -3. A deduction is entered as the points deducted, a positive"
        " number: enter 3 for 3 points off, without a minus sign (at most 10)."
    )


def test_a_resubmitted_department_workbook_is_one_problem_naming_both(folder: Folder) -> None:
    folder.write()
    shutil.copy(folder.root / Q / "党建办.xlsx", folder.root / Q / "党建办（重报）.xlsx")
    exit_code, doc = check(folder.root)
    assert exit_code == 1
    found = [p for p in doc["problems"] if p["code"] in ("scored_twice", "scored_in_two_workbooks")]
    assert [(p["code"], p["file"], p["sheet"], p["cell"]) for p in found] == [
        ("scored_in_two_workbooks", f"{Q}/党建办（重报）.xlsx", "考核评分", "C3")
    ]
    assert found[0]["message"] == (
        f"本工作簿中的 12 个评分（项目 DJ-01、JF-01；网格 G01、G02、G03、G04、G05、G06）在 {Q}/党建办.xlsx 中已经评过。"
        "每项只能由一个部门评分一次：如果其中一个是副本或重报的表，请删除它；否则请删除重复的列。"
    )
    [en] = problems(folder.root, "scored_in_two_workbooks", "en")
    assert en["message"].startswith(
        f"12 scores of this workbook (items DJ-01、JF-01; grids G01、G02、G03、G04、G05、G06) are already scored in {Q}/党建办.xlsx."
    )


def test_one_cell_scored_by_two_departments_is_still_named_at_its_cell(folder: Folder) -> None:
    folder.write()
    edit(folder.root / Q / "综治办.xlsx", "F2", "DJ-01 组织建设")
    edit(folder.root / Q / "综治办.xlsx", "F5", 35)
    found = problems(folder.root, "scored_twice") + problems(folder.root, "scored_in_two_workbooks")
    assert [(p["code"], p["file"], p["cell"]) for p in found] == [("scored_twice", f"{Q}/综治办.xlsx", "F5")]
