"""The year's settlement and the quarter's rank changes, through the CLI on real workbooks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from conftest import TOTALS, Folder, by_id, four_quarters, lists_folder, run_json, street_with


def year_json(root: Path, out: Path, *extra: str) -> tuple[int, dict]:
    return run_json("year", "2020", "--in", str(root), "--out", str(out), *extra)


def test_year_mean_of_quarter_composites_and_veto_in_any_quarter(folder: Folder, tmp_path: Path) -> None:
    four_quarters(folder)
    code, doc = year_json(folder.root, tmp_path / "out")
    assert code == 0, doc["problems"]
    assert doc["period"] == "2020"
    grids = by_id(doc)
    g01, g06 = grids["G01"], grids["G06"]
    # Self is 90 (G01) and 50 (G06) every quarter; composites: 0.2 * self + 0.8 * street.
    assert g01["quarters"] == {"Q1": "58.00", "Q2": "90.00", "Q3": "90.00", "Q4": "90.00"}
    assert g01["composite"] == "82.00"
    assert g01["vetoed"] and not g01["commended"] and g01["interviewed"]
    assert g06["quarters"]["Q1"] == "86.00" and g06["composite"] == "59.00"  # (86 + 50 * 3) / 4
    assert "self" not in g01 and "street" not in g01
    assert [g["rank"] for g in doc["grids"]] == sorted(g["rank"] for g in doc["grids"])
    assert [g["grid_id"] for g in doc["grids"] if g["commended"]] == ["G02", "G03"]


def test_year_outputs_and_chart(folder: Folder, tmp_path: Path) -> None:
    four_quarters(folder)
    assert year_json(folder.root, tmp_path / "out")[0] == 0
    folder_out = tmp_path / "out/2020"
    assert sorted(p.name for p in folder_out.iterdir()) == sorted(
        ["公示-2020.xlsx", "表彰名单-2020.xlsx", "提醒谈话名单-2020.xlsx", "明细-2020.xlsx"]
    )
    rows = list(
        openpyxl.load_workbook(folder_out / "公示-2020.xlsx").worksheets[0].iter_rows(values_only=True)
    )
    assert rows[0][0] == "示例街道2020年度网格化工作考核结果公示"
    assert rows[2][:9] == (
        "排名",
        "村(社区)",
        "网格名称",
        "网格长",
        "第一季度",
        "第二季度",
        "第三季度",
        "第四季度",
        "年度综合得分",
    )
    detail = openpyxl.load_workbook(folder_out / "明细-2020.xlsx")
    assert detail.sheetnames[:2] == ["汇总", "走势图"]
    summary = {r[1]: r for r in detail["汇总"].iter_rows(min_row=2, values_only=True)}
    # 名次走势: Q1 to Q4 ranks; in Q4 the vetoed G01 ranks last, below G06.
    assert summary["G06"][13] == "1→6→6→5"
    with zipfile.ZipFile(folder_out / "明细-2020.xlsx") as z:
        chart = z.read("xl/charts/chart1.xml").decode("utf-8")
    assert chart.count("<c:ser>") == 6  # top 5 and bottom 5 of 6 grids, each once


def test_fewer_than_four_quarters_needs_partial(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder).write()
    folder.write_quarter(2, street_with(TOTALS))
    code, doc = year_json(folder.root, tmp_path / "out")
    assert code == 1
    assert {(p["code"], p["severity"]) for p in doc["problems"] if p["code"] == "quarter_missing"} == {
        ("quarter_missing", "error")
    }
    assert not (tmp_path / "out").exists()
    code, doc = year_json(folder.root, tmp_path / "out", "--partial")
    assert code == 0
    assert set(doc["grids"][0]["quarters"]) == {"Q2", "Q3"}
    assert all("partial" in g["flags"] for g in doc["grids"])


def test_quarter_shows_rank_change_and_flags_against_the_previous_quarter(
    folder: Folder, tmp_path: Path
) -> None:
    lists_folder(folder).rules += "rank_drop_flag = 3\n"
    folder.write()
    folder.write_quarter(2, street_with({**TOTALS, "G06": "95", "G01": "50"}))
    code, doc = run_json("quarter", "Q3", "--in", str(folder.root), "--out", str(tmp_path / "out"))
    assert code == 0, doc["problems"]
    grids = by_id(doc)
    # Q2 ranks: G06 1, G02 2, G03 2, G04 4, G05 4, G01 6.
    assert grids["G01"]["rank_change"] == 5
    assert grids["G06"]["rank_change"] == -5
    assert "rank_drop" in grids["G06"]["flags"]
    assert "interview_twice" in grids["G04"]["flags"]  # bottom two (with ties) in Q2 and Q3
    assert "interview_twice" not in grids["G06"]["flags"]
    detail = openpyxl.load_workbook(tmp_path / "out/2020-Q3/明细-2020-Q3.xlsx")
    changes = {r[2]: r[1] for r in detail["汇总"].iter_rows(min_row=2, values_only=True)}
    assert changes["G01"] == "↑5" and changes["G06"] == "↓5" and changes["G02"] == "持平"


def test_quarter_without_previous_data_has_no_rank_change(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    code, doc = run_json("quarter", "Q3", "--in", str(folder.root), "--out", str(tmp_path / "out"))
    assert code == 0
    assert all(g["rank_change"] is None for g in doc["grids"])


def test_previous_quarter_with_errors_is_a_note_not_a_failure(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    bad = street_with(TOTALS)
    bad["G01"]["DJ-01"] = 99  # out of range in Q2
    folder.write_quarter(2, bad)
    code, doc = run_json("quarter", "Q3", "--in", str(folder.root), "--out", str(tmp_path / "out"))
    assert code == 0
    notes = [p for p in doc["problems"] if p["code"] == "previous_unusable"]
    assert [n["severity"] for n in notes] == ["note"] and "2020-Q2" in notes[0]["message"]
    assert all(g["rank_change"] is None for g in doc["grids"])
