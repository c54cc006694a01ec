"""Vetoed grids rank last (SPEC §3.6–3.8), the lists come from the grids not vetoed, the
year's tie-break compares annual means (§3.9), and a rater total is floored at 0 (§3.1)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import (
    TOTALS,
    Folder,
    by_id,
    four_quarters,
    lists_folder,
    quarter_json,
    run_json,
    run_quarter,
    set_total,
    street_with,
)

from gridscore import api


def totals(folder: Folder, values: dict[str, str]) -> Folder:
    folder.rules = "[lists]\ncommend_top = 2\ninterview_bottom = 2\n"
    for grid, total in values.items():
        set_total(folder, grid, total)
    return folder


def ranking(doc: dict) -> list[tuple[str, int, bool]]:
    return [(g["grid_id"], g["rank"], g["vetoed"]) for g in doc["grids"]]


def listed(doc: dict, which: str) -> list[str]:
    return [g["grid_id"] for g in doc["grids"] if g[which]]


def test_a_vetoed_top_grid_ranks_last_and_the_commendation_moves_up(folder: Folder, tmp_path: Path) -> None:
    totals(folder, {"G01": "90", "G02": "88", "G03": "85", "G04": "85", "G05": "60", "G06": "50"})
    folder.street["G01"]["FJ-01"] = "是"
    doc = run_quarter(folder, tmp_path)
    assert ranking(doc) == [
        ("G02", 1, False),
        ("G03", 2, False),
        ("G04", 2, False),
        ("G05", 4, False),
        ("G06", 5, False),
        ("G01", 6, True),
    ]
    assert listed(doc, "commended") == ["G02", "G03", "G04"]  # the tie at the boundary taken in
    assert listed(doc, "interviewed") == ["G05", "G06", "G01"]
    assert "veto" in by_id(doc)["G01"]["flags"]


def test_the_interview_list_is_the_bottom_of_the_grids_not_vetoed(folder: Folder, tmp_path: Path) -> None:
    # The lowest grid is vetoed: it does not take one of the two bottom places.
    totals(folder, {"G01": "90", "G02": "88", "G03": "85", "G04": "85", "G05": "60", "G06": "50"})
    folder.street["G06"]["FJ-01"] = "是"
    doc = run_quarter(folder, tmp_path)
    assert ranking(doc)[-1] == ("G06", 6, True)
    assert listed(doc, "interviewed") == ["G03", "G04", "G05", "G06"]
    assert listed(doc, "commended") == ["G01", "G02"]


def test_veto_to_interview_false_leaves_the_vetoed_off_the_list(folder: Folder, tmp_path: Path) -> None:
    totals(folder, {"G01": "90", "G02": "88", "G03": "85", "G04": "80", "G05": "60", "G06": "50"})
    folder.street["G06"]["FJ-01"] = 1
    folder.rules += "veto_to_interview = false\n"
    doc = run_quarter(folder, tmp_path)
    assert ranking(doc)[-1] == ("G06", 6, True)
    assert listed(doc, "interviewed") == ["G04", "G05"]


def test_vetoed_grids_rank_among_themselves_by_composite(folder: Folder, tmp_path: Path) -> None:
    totals(folder, {"G01": "50", "G02": "88", "G03": "85", "G04": "80", "G05": "60", "G06": "90"})
    folder.street["G01"]["FJ-01"] = "是"
    folder.street["G06"]["FJ-01"] = "是"
    doc = run_quarter(folder, tmp_path)
    assert ranking(doc) == [
        ("G02", 1, False),
        ("G03", 2, False),
        ("G04", 3, False),
        ("G05", 4, False),
        ("G06", 5, True),
        ("G01", 6, True),
    ]


def test_dense_ranking_continues_after_the_grids_not_vetoed(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder).street["G01"]["FJ-01"] = "是"
    folder.rules += '[ranking]\nmethod = "dense"\n'
    doc = run_quarter(folder, tmp_path)
    assert [(g, r) for g, r, _ in ranking(doc)] == [
        ("G02", 1),
        ("G03", 1),
        ("G04", 2),
        ("G05", 2),
        ("G06", 3),
        ("G01", 4),
    ]
    assert listed(doc, "commended") == ["G02", "G03"]  # counted in grids, not ranks
    assert listed(doc, "interviewed") == ["G04", "G05", "G06", "G01"]


def test_a_vetoed_grid_never_shares_a_rank_with_one_not_vetoed(folder: Folder, tmp_path: Path) -> None:
    totals(folder, {"G01": "85", "G02": "88", "G03": "85", "G04": "80", "G05": "60", "G06": "50"})
    folder.street["G01"]["FJ-01"] = "是"
    doc = run_quarter(folder, tmp_path)
    grids = by_id(doc)
    assert grids["G01"]["composite"] == grids["G03"]["composite"]
    assert (grids["G03"]["rank"], grids["G01"]["rank"]) == (2, 6)


def test_the_result_carries_what_a_list_reason_needs(folder: Folder, tmp_path: Path) -> None:
    totals(folder, {"G01": "90", "G02": "88", "G03": "85", "G04": "85", "G05": "60", "G06": "50"})
    folder.street["G01"]["FJ-01"] = "是"
    folder.write()
    result, _ = api.quarter(folder.root, api.Period(2020, quarter=3))
    grids = {g.grid.grid_id: g for g in result.grids}
    assert grids["G01"].vetoes == ["FJ-01"] and grids["G01"].reasons == ["veto"]
    assert result.items["FJ-01"].content == "发生重大安全事故"
    assert [
        (g, grids[g].reasons, grids[g].rank_shared, grids[g].boundary_ties) for g in ("G02", "G03", "G04")
    ] == [
        ("G02", ["top"], False, []),
        ("G03", ["top"], True, ["top"]),
        ("G04", ["top"], True, ["top"]),
    ]
    assert (grids["G06"].reasons, grids["G06"].boundary_ties) == (["bottom"], [])
    assert result.commend_longer and not result.interview_longer


def rows(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))


def test_the_notice_and_the_detail_list_the_vetoed_grid_last(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder).street["G01"]["FJ-01"] = "是"
    folder.write()
    assert quarter_json(folder.root, tmp_path / "out")[0] == 0
    notice = rows(tmp_path / "out/2020-Q3/公示-2020-Q3.xlsx")
    table = [r for r in notice[3:] if isinstance(r[0], int)]
    assert (table[0][0], table[0][2]) == (1, "青山村第二网格")
    assert (table[-1][0], table[-1][2], table[-1][7]) == (6, "青山村第一网格", "一票否决")
    assert notice[1][0].endswith("被一票否决的网格排在末位。")  # the notice says why it is last
    detail = rows(tmp_path / "out/2020-Q3/明细-2020-Q3.xlsx")
    assert (detail[-1][0], detail[-1][2]) == (6, "G01")


def test_the_rank_change_uses_the_rank_after_the_veto(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder).street["G01"]["FJ-01"] = "是"
    folder.write()
    folder.write_quarter(2, street_with(TOTALS))  # G01 first in Q2
    code, doc = quarter_json(folder.root, tmp_path / "out")
    assert code == 0, doc["problems"]
    g01 = by_id(doc)["G01"]
    assert (g01["rank"], g01["rank_change"]) == (6, -5)
    assert "rank_drop" in g01["flags"]


def year_folder(folder: Folder) -> Folder:

    return four_quarters(folder)  # G01: first in Q2 and Q3, vetoed in Q4


def test_a_grid_vetoed_in_one_quarter_ranks_last_in_the_year(folder: Folder, tmp_path: Path) -> None:
    year_folder(folder)
    code, doc = run_json("year", "2020", "--in", str(folder.root), "--out", str(tmp_path / "out"))
    assert code == 0, doc["problems"]
    assert ranking(doc)[-1] == ("G01", 6, True)
    assert by_id(doc)["G01"]["flags"][0] == "veto" and "veto" not in by_id(doc)["G02"]["flags"]
    assert listed(doc, "commended") == ["G02", "G03"]
    assert listed(doc, "interviewed")[-1] == "G01"
    result, _ = api.year(folder.root, 2020, partial=False)
    g01 = result.grids[-1]
    assert (g01.veto_items, g01.veto_quarters, g01.reasons) == ([(4, "FJ-01")], [4], ["veto"])
    assert result.items["FJ-01"].content == "发生重大安全事故"
    assert result.quarters[4].grids[-1].grid.grid_id == "G01"  # last in its quarter too


# G02 is 85 / 85 every quarter; G03's composite is 85 too, from other self and street scores.
G03_QUARTERS = {1: ("75", "87.5"), 2: ("85", "85"), 3: ("85", "85"), 4: ("90", "83.75")}


@pytest.mark.parametrize(
    ("tie_break", "order"),
    [
        # G03's annual street mean: (87.5 + 85 + 85 + 83.75) / 4 = 85.3125 -> 85.31 > 85
        ('["street"]', [("G03", 2), ("G02", 3)]),
        # G03's annual self mean: (75 + 85 + 85 + 90) / 4 = 83.75 < 85
        ('["self"]', [("G02", 2), ("G03", 3)]),
        ("[]", [("G02", 2), ("G03", 2)]),
    ],
)
def test_the_year_tie_break_compares_annual_means(
    folder: Folder, tmp_path: Path, tie_break: str, order: list[tuple[str, int]]
) -> None:
    totals(folder, {"G01": "90", "G02": "85", "G03": "85", "G04": "70", "G05": "60", "G06": "50"})
    folder.rules += f"[ranking]\ntie_break = {tie_break}\n"
    for q in (3, 1, 2, 4):
        set_total(folder, "G03", *G03_QUARTERS[q])
        if q == 3:
            folder.write()
        else:
            folder.write_quarter(q)
    code, doc = run_json("year", "2020", "--in", str(folder.root), "--out", str(tmp_path / "out"))
    assert code == 0, doc["problems"]
    grids = by_id(doc)
    assert grids["G02"]["composite"] == grids["G03"]["composite"] == "85.00"
    assert [(g, r) for g, r, _ in ranking(doc)][1:3] == order


def test_a_rater_total_is_floored_at_zero_before_the_mean(folder: Folder, tmp_path: Path) -> None:
    # One rater deducts more than the grid has: 0 + 0 - 10 counts as 0, not -10 (扣完为止).
    folder.self_scores["G01"] = [{"DJ-01": 0, "ZZ-01": 0, "KF-01": 10}, {"DJ-01": 30, "ZZ-01": 50}]
    grids = by_id(run_quarter(folder, tmp_path))
    assert grids["G01"]["self"] == "40.00"  # (0 + 80) / 2, not (-10 + 80) / 2 = 35
    folder.write()
    result, _ = api.quarter(folder.root, api.Period(2020, quarter=3))
    g01 = next(g for g in result.grids if g.grid.grid_id == "G01")
    assert [str(r.total) for r in g01.months[0].raters] == ["0.00", "80.00"]
