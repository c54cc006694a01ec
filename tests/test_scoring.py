"""Scoring through the CLI on real workbooks: rounding, raters, street rules, ranks, lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Folder, by_id, lists_folder, quarter_json, run_quarter, set_total

from gridscore import api


def test_two_rater_means_round_half_up(folder: Folder, tmp_path: Path) -> None:
    # (85.01 + 85.02) / 2 = 85.015 -> 85.02; (84.12 + 84.13) / 2 = 84.125 -> 84.13.
    folder.self_scores["G01"] = [{"DJ-01": 35.01, "ZZ-01": 50}, {"DJ-01": 35.02, "ZZ-01": 50}]
    folder.self_scores["G02"] = [{"DJ-01": 34.12, "ZZ-01": 50}, {"DJ-01": 34.13, "ZZ-01": 50}]
    grids = by_id(run_quarter(folder, tmp_path))
    assert grids["G01"]["self"] == "85.02"
    assert grids["G02"]["self"] == "84.13"
    assert round(84.125, 2) == 84.12  # the float trap the exact arithmetic avoids


def test_trimmed_mean_drops_one_highest_and_one_lowest(folder: Folder, tmp_path: Path) -> None:
    folder.rules = '[self]\nraters = "trimmed"\ntrimmed_min_raters = 5\n'
    totals = [60, 80, 82, 84, 100]
    folder.self_scores["G01"] = [
        {"DJ-01": 40 if t == 100 else 30, "ZZ-01": t - (40 if t == 100 else 30)} for t in totals
    ]
    # Four raters: fewer than trimmed_min_raters, so the plain mean.
    folder.self_scores["G04"] = [{"DJ-01": 30, "ZZ-01": t - 30} for t in (60, 80, 82, 84)]
    grids = by_id(run_quarter(folder, tmp_path))
    assert grids["G01"]["self"] == "82.00"  # (80 + 82 + 84) / 3
    assert grids["G04"]["self"] == "76.50"  # (60 + 80 + 82 + 84) / 4


def test_street_bonus_cap_deduction_and_floor(folder: Folder, tmp_path: Path) -> None:
    folder.rules = "[street]\nbonus_cap = 3\n"
    folder.street["G02"] = {"DJ-01": 40, "ZZ-01": 60, "JF-01": 5, "KF-01": 10}
    folder.street["G03"] = {"DJ-01": 0, "ZZ-01": 0, "KF-01": 10}
    grids = by_id(run_quarter(folder, tmp_path))
    assert grids["G02"]["street"] == "93.00"  # 40 + 60 + min(5, 3) - 10
    assert "bonus_capped" in grids["G02"]["flags"]
    assert grids["G03"]["street"] == "0.00"  # floored at 0
    # composite = 0.2 * 80 + 0.8 * 0
    assert grids["G03"]["composite"] == "16.00"


def test_self_deductions_and_bonus_count_per_rater(folder: Folder, tmp_path: Path) -> None:
    folder.self_scores["G01"] = [{"DJ-01": 30, "ZZ-01": 50, "JF-01": 2.5, "KF-01": 1.25}]
    grids = by_id(run_quarter(folder, tmp_path))
    assert grids["G01"]["self"] == "81.25"  # 30 + 50 + 2.5 - 1.25


def test_ties_at_both_list_boundaries_take_in_every_tied_grid(folder: Folder, tmp_path: Path) -> None:
    doc = run_quarter(lists_folder(folder), tmp_path)
    assert [(g["grid_id"], g["rank"]) for g in doc["grids"]] == [
        ("G01", 1),
        ("G02", 2),
        ("G03", 2),
        ("G04", 4),
        ("G05", 4),
        ("G06", 6),
    ]
    assert [g["grid_id"] for g in doc["grids"] if g["commended"]] == ["G01", "G02", "G03"]
    assert [g["grid_id"] for g in doc["grids"] if g["interviewed"]] == ["G04", "G05", "G06"]


def test_vetoed_grid_is_skipped_for_commendation_and_interviewed(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder).street["G01"]["FJ-01"] = "是"
    grids = by_id(run_quarter(folder, tmp_path))
    assert grids["G01"]["vetoed"] and grids["G01"]["rank"] == 6  # first by composite, ranked last
    assert not grids["G01"]["commended"]
    assert grids["G01"]["interviewed"]
    assert [g for g in grids if grids[g]["commended"]] == ["G02", "G03"]


def test_veto_to_interview_can_be_turned_off(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder).street["G01"]["FJ-01"] = 1
    folder.rules += "veto_to_interview = false\n"
    grids = by_id(run_quarter(folder, tmp_path))
    assert grids["G01"]["vetoed"] and not grids["G01"]["interviewed"]


def test_tie_break_splits_a_composite_tie(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder)
    set_total(folder, "G02", "80", "86.25")  # 0.2 * 80 + 0.8 * 86.25 = 85
    folder.rules += '[ranking]\ntie_break = ["street", "self"]\n'
    doc = run_quarter(folder, tmp_path)
    grids = by_id(doc)
    assert grids["G02"]["composite"] == grids["G03"]["composite"] == "85.00"
    assert (grids["G02"]["rank"], grids["G03"]["rank"]) == (2, 3)
    assert [g["grid_id"] for g in doc["grids"] if g["commended"]] == ["G01", "G02"]


def test_dense_ranking(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder).rules += '[ranking]\nmethod = "dense"\n'
    doc = run_quarter(folder, tmp_path)
    assert [g["rank"] for g in doc["grids"]] == [1, 2, 2, 3, 3, 4]


def test_grades_and_the_vetoed_grid_takes_the_lowest(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder).street["G01"]["FJ-01"] = "是"
    folder.rules += '[[grades]]\nname = "优秀"\nmin = 85\n[[grades]]\nname = "合格"\nmin = 60\n[[grades]]\nname = "不合格"\nmin = 0\n'
    grades = {g: v["grade"] for g, v in by_id(run_quarter(folder, tmp_path)).items()}
    assert grades == {
        "G01": "不合格",
        "G02": "优秀",
        "G03": "优秀",
        "G04": "合格",
        "G05": "合格",
        "G06": "不合格",
    }


def test_missing_month_allowed_uses_the_months_present(folder: Folder, tmp_path: Path) -> None:
    folder.rules = "[self]\nallow_missing_months = true\n"
    folder.write()
    (folder.root / "self/2020-08/青山村.xlsx").unlink()
    code, doc = quarter_json(folder.root, tmp_path / "out")
    assert code == 0
    grids = by_id(doc)
    assert "month_missing" in grids["G01"]["flags"]
    assert "month_missing" not in grids["G04"]["flags"]


def test_header_under_titles_two_row_header_and_grid_columns_by_name(folder: Folder, tmp_path: Path) -> None:
    from conftest import write_book

    folder.by_name.add("青山村")
    folder.write()
    # 东坝村 in July: a two-row header, 网格得分 merged over the grid columns, full-width text.
    rows = [
        ["东坝村2020年7月自考表"],
        ["填表日期：2020-07-31"],
        ["编 号", "考核内容", "分值", "网格得分", None, None],
        [None, None, None, "Ｇ04", "G05 ", "东坝村第三网格"],
        ["DJ-01", "组织建设", 40, "３０", 30, 30],
        ["ZZ-01", "矛盾纠纷化解", 60, 50, "50", 50],
        ["合计", None, None, 80, 80, 80],
    ]
    write_book(folder.root / "self/2020-07/东坝村.xlsx", {"评分人1": rows})
    code, doc = quarter_json(folder.root, tmp_path / "out")
    assert code == 0, doc["problems"]
    assert all(g["self"] == "80.00" for g in doc["grids"])
    assert not [p for p in doc["problems"] if p["severity"] != "note"]


def test_library_and_cli_agree(folder: Folder, tmp_path: Path) -> None:
    doc = run_quarter(lists_folder(folder), tmp_path)
    result, _ = api.quarter(folder.root, api.Period(2020, quarter=3))
    assert [(g.grid.grid_id, g.rank, f"{g.composite:.2f}") for g in result.grids] == [
        (g["grid_id"], g["rank"], g["composite"]) for g in doc["grids"]
    ]


@pytest.mark.parametrize("text", ["Q3", "2020-Q3", "q3"])
def test_period_forms(text: str) -> None:
    assert str(api.parse_period(text, 2020)) == "2020-Q3"


def test_lock_and_hidden_files_are_skipped_silently(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    (folder.root / "self/2020-07/~$青山村.xlsx").write_bytes(b"lock")
    (folder.root / "street/2020-Q3/.~党建办.xlsx").write_bytes(b"lock")
    code, doc = quarter_json(folder.root, tmp_path / "out")
    assert code == 0
    assert not [p for p in doc["problems"] if "~" in p["file"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_street_table_gives_the_same_results(folder: Folder, tmp_path: Path, encoding: str) -> None:
    expected = run_quarter(folder, tmp_path / "xlsx")
    (folder.root / "street/2020-Q3/综治办.xlsx").unlink()
    lines = [
        "综治办季度考核",
        "网格编号,网格名称,ZZ-01 矛盾纠纷化解,KF-01 信息迟报漏报,FJ-01 发生重大安全事故,备注",
    ]
    lines += [f"{g[0]},{g[1]},50,,否," for g in folder.grids]
    (folder.root / "street/2020-Q3/综治办.csv").write_text("\n".join(lines) + "\n", encoding=encoding)
    code, doc = quarter_json(folder.root, tmp_path / "csv")
    assert code == 0, doc["problems"]
    assert doc["grids"] == expected["grids"]


def test_float_leftovers_of_formulas_read_as_excel_shows_them(folder: Folder, tmp_path: Path) -> None:
    folder.street["G01"]["DJ-01"] = 0.1 + 0.2 + 39.7  # 40.00000000000001 in binary
    folder.self_scores["G02"] = [{"DJ-01": 34.12 + 0.0000000000000005, "ZZ-01": 50}]
    exit_code, doc = quarter_json(folder.write(), tmp_path / "out")
    assert exit_code == 0, doc["problems"]
    grids = {g["grid_id"]: g for g in doc["grids"]}
    assert grids["G01"]["street"] == "90.00" and grids["G02"]["self"] == "84.12"
