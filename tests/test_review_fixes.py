"""Cases found in review: empty tables, uneven rater panels, codes in any case, two-row
headers over one column, totals everywhere, float leftovers, and safe, all-or-none outputs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import Folder, edit, quarter_json, run_json, write_book

from gridscore.io import write_outputs
from gridscore.problems import OutputError

Q = "street/2020-Q3"


def check(root: Path) -> tuple[int, dict]:
    return run_json("check", "--in", str(root), "--period", "2020-Q3")


def codes(doc: dict, severity: str = "error") -> set[tuple[str, str, str, str]]:
    return {
        (p["code"], p["file"], p["sheet"], p["cell"]) for p in doc["problems"] if p["severity"] == severity
    }


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


def test_item_codes_in_any_case_and_width(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    expected = quarter_json(folder.root, tmp_path / "a")[1]["grids"]
    edit(folder.root / "self/2020-07/青山村.xlsx", "A3", "dj-01")
    edit(folder.root / "self/2020-08/青山村.xlsx", "A4", "ＺＺ－０１")
    edit(folder.root / Q / "党建办.xlsx", "C2", "dj-01 组织建设")
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


def test_total_rows_are_checked_in_street_tables_and_the_checklist(folder: Folder) -> None:
    folder.write()
    edit(folder.root / Q / "综治办.xlsx", "A9", "合计")
    edit(folder.root / Q / "综治办.xlsx", "C9", 999)
    edit(folder.root / "checklist.xlsx", "A8", "合计")
    edit(folder.root / "checklist.xlsx", "E8", 100)  # the base items' points: fine
    exit_code, doc = check(folder.root)
    assert exit_code == 0
    assert codes(doc, "warning") == {("total_mismatch", f"{Q}/综治办.xlsx", "考核评分", "C9")}


def test_float_leftovers_of_formulas_read_as_excel_shows_them(folder: Folder, tmp_path: Path) -> None:
    folder.street["G01"]["DJ-01"] = 0.1 + 0.2 + 39.7  # 40.00000000000001 in binary
    folder.self_scores["G02"] = [{"DJ-01": 34.12 + 0.0000000000000005, "ZZ-01": 50}]
    exit_code, doc = quarter_json(folder.write(), tmp_path / "out")
    assert exit_code == 0, doc["problems"]
    grids = {g["grid_id"]: g for g in doc["grids"]}
    assert grids["G01"]["street"] == "90.00" and grids["G02"]["self"] == "84.12"


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


def test_outputs_are_readable_by_colleagues(folder: Folder, tmp_path: Path) -> None:
    assert quarter_json(folder.write(), tmp_path / "out")[0] == 0
    umask = os.umask(0)
    os.umask(umask)
    for path in (tmp_path / "out/2020-Q3").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_when_one_output_cannot_be_replaced_none_is(tmp_path: Path) -> None:
    a, b, c = (tmp_path / name for name in ("a.xlsx", "b.xlsx", "c.xlsx"))
    for path in (a, b):
        path.write_bytes(b"old " + path.name.encode())
    c.mkdir()  # cannot be replaced, like a workbook Excel holds open
    with pytest.raises(OutputError):
        write_outputs({a: b"new a", b: b"new b", c: b"new c"}, force=True)
    assert (a.read_bytes(), b.read_bytes(), c.is_dir()) == (b"old a.xlsx", b"old b.xlsx", True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx", "c.xlsx"]


def test_exit_3_with_json_is_still_a_json_document(folder: Folder, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert quarter_json(folder.write(), out)[0] == 0
    exit_code, doc = quarter_json(folder.root, out)
    assert exit_code == 3
    assert [(p["code"], p["severity"]) for p in doc["problems"]] == [("output_exists", "error")]
    assert "--force" in doc["problems"][0]["message"]
    (out / "2020-Q3/明细-2020-Q3.xlsx").unlink()
    (out / "2020-Q3/明细-2020-Q3.xlsx").mkdir()
    exit_code, doc = run_json("quarter", "Q3", "--in", str(folder.root), "--out", str(out), "--force")
    assert exit_code == 3
    assert [p["code"] for p in doc["problems"]] == ["output_failed"]
    assert doc["problems"][0]["file"].endswith("明细-2020-Q3.xlsx")


def test_a_missing_data_folder_is_a_usage_error(tmp_path: Path) -> None:
    from conftest import run

    assert run("quarter", "Q3", "--year", "2020", "--in", str(tmp_path / "nowhere"))[0] == 2


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


def test_a_period_asked_for_twice_gets_the_same_report_twice(folder: Folder) -> None:
    from gridscore import api

    folder.street["G02"]["DJ-01"] = "优"
    folder.write()
    q3 = api.Period(2020, quarter=3)
    for workers in (1, 2):
        with api.Loader(folder.root, None, workers) as loader:
            first, second = [report for _, report in loader.quarters([q3, q3])]
        assert [p.code for p in first] == [p.code for p in second] != []
