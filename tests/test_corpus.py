"""The corpus of messy and hostile workbooks (tests/corpus, made by make_corpus.py).

Each file is dropped into a data folder in place of a real workbook: a readable one must
give the very results of the plain table, a broken or dangerous one the problem it must,
where it must. A property test then drives random cell contents through reading and
validation.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from corpus.make_corpus import STREET, base_folder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridscore import api
from gridscore.i18n import problem_message
from gridscore.io import read_input
from gridscore.problems import Code, Report, Severity
from gridscore.tables import is_blank
from gridscore.validate import across, score_tables, street_sheets
from gridscore.validate import base as validate_base

CORPUS = Path(os.environ.get("GRIDSCORE_CORPUS") or Path(__file__).parent / "corpus")  # CI: made afresh
Q, S7 = "street/2020-Q3", "self/2020-07"
SHEET = "考核评分"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return base_folder(tmp_path_factory.mktemp("corpus") / "data").write()


@pytest.fixture(scope="module")
def baseline(base: Path) -> list[tuple]:
    return results(base)


def place(base: Path, tmp_path: Path, fixture: str, where: str = "street") -> tuple[Path, str]:
    """A copy of the base folder with the fixture in place of a workbook; its name there."""
    root = tmp_path / "data"
    shutil.copytree(base, root)
    folder, stem = (Q, "党建办") if where == "street" else (S7, "青山村")
    (root / folder / f"{stem}.xlsx").unlink()
    name = f"{folder}/{stem}{Path(fixture).suffix}"
    shutil.copy(CORPUS / fixture, root / name)
    return root, name


def results(root: Path) -> list[tuple]:
    result, _ = api.quarter(root, api.Period(2020, quarter=3))
    return [
        (g.rank, g.grid.grid_id, str(g.self_score), str(g.street_score), str(g.composite))
        for g in result.grids
    ]


def problems(root: Path) -> Report:
    q3 = api.Period(2020, quarter=3)
    by_period, shared = api.check(root, [q3])
    return Report([*shared, *by_period[q3]])


# The same table, read from each of these, gives the same results; and these notes.
SAME: list[tuple[str, str, set[tuple[Code, str, str]]]] = [
    ("street.xlsx", "street", set()),
    ("street.xls", "street", set()),
    ("street.ods", "street", set()),
    ("street.xlsm", "street", set()),
    ("street-resaved.xlsx", "street", set()),
    ("street-utf8.csv", "street", set()),
    ("street-bom.csv", "street", set()),
    ("street-gbk.csv", "street", set()),
    ("street-xls-bytes.et", "street", set()),
    ("street-xlsx-bytes.et", "street", set()),
    ("street-strict.xlsx", "street", set()),
    ("self.xls", "self", set()),
    ("self.ods", "self", set()),
    ("formulas-cached.xlsx", "street", set()),
    ("formulas-cached.xls", "street", set()),
    ("formulas-cached.ods", "street", set()),
    ("numbers-as-text.xlsx", "street", set()),
    ("dimension-a1.xlsx", "street", set()),
    ("dimension-million.xlsx", "street", set()),
    ("messy-layout.xlsx", "street", {(Code.SHEET_SKIPPED, "填表说明", "")}),
    ("hidden-row.xlsx", "street", {(Code.HIDDEN_ROWS, SHEET, "A8"), (Code.HIDDEN_COLUMNS, SHEET, "D2")}),
    ("hidden-sheet.xlsx", "street", {(Code.SHEET_HIDDEN, "旧表", "")}),
]


@pytest.mark.parametrize(("fixture", "where", "notes"), SAME, ids=[c[0] for c in SAME])
def test_same_table_in_every_format_gives_the_same_results(
    base: Path, baseline: list[tuple], tmp_path: Path, fixture: str, where: str, notes: set
) -> None:
    root, name = place(base, tmp_path, fixture, where)
    report = problems(root)
    assert not report.has_errors, [(p.code, p.file, p.sheet, p.cell, p.params) for p in report]
    assert results(root) == baseline
    found = {(p.code, p.sheet, p.cell) for p in report if p.file == name}
    assert notes <= found, found


def test_the_baseline_is_the_corpus_table(baseline: list[tuple]) -> None:
    street = {g: s for _, g, _, s, _ in baseline}
    # 党建办's DJ-01 + JF-01 plus 综治办's ZZ-01 (50) for each grid.
    for grid, scores in STREET.items():
        expected = scores["DJ-01"] + (scores["JF-01"] or 0) + 50
        assert float(street[grid]) == pytest.approx(expected), grid


# Files that give problems: (fixture, where, [(code, sheet, cell, params that must match)]).
C = SHEET
REFUSED: list[tuple[str, str, list[tuple[Code, str, str, dict]]]] = [
    ("formula-errors.xlsx", "street", [(Code.FORMULA_ERROR, C, "C5", {"value": "#DIV/0!"})]),
    ("formula-errors.xls", "street", [(Code.FORMULA_ERROR, C, "C5", {"value": "#DIV/0!"})]),
    ("formula-errors.ods", "street", [(Code.FORMULA_ERROR, C, "C5", {"value": "#DIV/0!"})]),
    ("formula-errors.xlsx", "street", [(Code.FORMULA_ERROR, C, "C6", {"value": "#N/A"})]),
    ("formula-uncalculated.xlsx", "street", [(Code.FORMULA_NOT_CALCULATED, C, "C4", {"formula": "=30+5"})]),
    ("formula-xlsxwriter.xlsx", "street", [(Code.FORMULA_NOT_CALCULATED, C, "C4", {"formula": "=30+5"})]),
    (
        "not-numbers.xlsx",
        "street",
        [
            (Code.NOT_A_NUMBER, C, "C3", {"value": "35分"}),
            (Code.NOT_A_NUMBER, C, "C4", {"value": "优"}),
            (Code.SCORE_IS_DATE, C, "C5", {"value": "2020-07-05"}),
        ],
    ),
    (
        "hidden-copy-row.xlsx",
        "street",
        [(Code.SCORED_TWICE, C, "C9", {"grid": "G01"}), (Code.HIDDEN_ROWS, C, "A9", {"rows": "9"})],
    ),
    ("empty.xlsx", "street", [(Code.FILE_EMPTY, "", "", {})]),
    ("truncated.xlsx", "street", [(Code.FILE_UNREADABLE, "", "", {})]),
    ("html-renamed.xlsx", "street", [(Code.FILE_WRONG_TYPE, "", "", {"actual": "HTML"})]),
    ("csv-renamed.xlsx", "street", [(Code.FILE_WRONG_TYPE, "", "", {"actual": "CSV"})]),
    ("encrypted.xlsx", "street", [(Code.FILE_ENCRYPTED, "", "", {})]),
    ("encrypted.ods", "street", [(Code.FILE_ENCRYPTED, "", "", {})]),
    ("xlsb-renamed.xlsx", "street", [(Code.FORMAT_UNSUPPORTED, "", "", {"format": "XLSB"})]),
    ("unsupported.et", "street", [(Code.FORMAT_UNSUPPORTED, "", "", {"format": "WPS .et"})]),
    ("entity-bomb.xlsx", "street", [(Code.FILE_UNSAFE, "", "", {"part": "xl/worksheets/sheet1.xml"})]),
    ("external-entity.xlsx", "street", [(Code.FILE_UNSAFE, "", "", {"part": "xl/workbook.xml"})]),
    ("zip-bomb.xlsx", "street", [(Code.FILE_TOO_LARGE, "", "", {})]),
    ("zip-ratio.xlsx", "street", [(Code.FILE_TOO_LARGE, "", "", {})]),
    ("zip-sizes-lie.xlsx", "street", [(Code.FILE_UNREADABLE, "", "", {})]),
    ("far-cell.xlsx", "street", [(Code.RANGE_TOO_LARGE, C, "XFD1048576", {})]),
    ("far-cell.xls", "street", [(Code.RANGE_TOO_LARGE, C, "IV65536", {})]),
    ("far-cell.ods", "street", [(Code.RANGE_TOO_LARGE, C, "XFD1048576", {})]),
]


@pytest.mark.parametrize(("fixture", "where", "expected"), REFUSED, ids=[c[0] for c in REFUSED])
def test_problem_is_reported_where_it_is(
    base: Path, tmp_path: Path, fixture: str, where: str, expected
) -> None:
    root, name = place(base, tmp_path, fixture, where)
    report = problems(root)
    assert report.has_errors
    found = [p for p in report if p.file == name]
    for code, sheet, cell, params in expected:
        matches = [p for p in found if (p.code, p.sheet, p.cell) == (code, sheet, cell)]
        assert matches, [(p.code, p.sheet, p.cell, p.params) for p in found]
        assert all(matches[0].params[k] == v for k, v in params.items()), matches[0].params
        for lang in ("zh", "en"):
            assert problem_message(matches[0].code, lang, matches[0].params)


def test_lock_files_and_junk_are_skipped_by_name(base: Path, baseline: list[tuple], tmp_path: Path) -> None:
    root, _ = place(base, tmp_path, "street.xlsx")
    for junk in (
        "~$党建办.xlsx",
        ".~lock.党建办.xlsx#",
        "~WRL0001.tmp",
        "Thumbs.db",
        "desktop.ini",
        ".DS_Store",
    ):
        (root / Q / junk).write_bytes(b"\x00junk")
    report = problems(root)
    assert not [p for p in report if "~" in p.file or p.file.endswith((".db", ".ini", ".DS_Store"))]
    assert results(root) == baseline


def test_a_copy_of_a_workbook_names_both_files(base: Path, tmp_path: Path) -> None:
    root, _ = place(base, tmp_path, "street.xlsx")
    shutil.copy(root / S7 / "青山村.xlsx", root / S7 / "青山村 - 副本.xlsx")
    report = problems(root)
    twice = [p for p in report if p.code is Code.GRID_IN_TWO_WORKBOOKS]
    assert twice
    assert {twice[0].file, twice[0].params["other"]} == {f"{S7}/青山村.xlsx", f"{S7}/青山村 - 副本.xlsx"}


def test_rare_characters_in_file_and_sheet_names(base: Path, baseline: list[tuple], tmp_path: Path) -> None:
    root, _ = place(base, tmp_path, "messy-layout.xlsx")  # its sheet is 考核评分𠀀表
    (root / S7 / "青山村.xlsx").rename(root / S7 / "青山村𠀀䶮.xlsx")
    assert results(root) == baseline


def test_hidden_sheets_are_not_read(base: Path, tmp_path: Path) -> None:
    """The hidden sheet's scores (10 for every DJ-01) count nowhere."""
    root, _ = place(base, tmp_path, "hidden-sheet.xlsx")
    result, _ = api.quarter(root, api.Period(2020, quarter=3))
    assert {g.grid.grid_id: g.street_score for g in result.grids}["G04"] == 28 + 50


# ---------------------------------------------------------------- random cell contents

ITEMS_FOLDER = base_folder(Path("unused"))
TEXT_NUMBERS = st.sampled_from(["35", "３５", " 1.5 ", "\u00a02\u3000", "１．５", "+3", "-1", ".5", "5."])
WORDS = st.sampled_from(["优", "1.5分", "良好", "TRUE", "#DIV/0!", "=1+1", "N/A", "1,5", "1e3", "--1"])
CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-5, max_value=60),
    st.decimals(min_value=-1, max_value=50, places=2, allow_nan=False).map(float),
    TEXT_NUMBERS,
    WORDS,
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=6),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1)),
    st.booleans(),
    st.sampled_from(["=1/0", "=NA()", "=30+5", "=SUM(C3:C4)"]).map(lambda f: ("formula", f)),
    st.sampled_from(["#DIV/0!", "#N/A", "#VALUE!", "#REF!"]).map(lambda e: ("error", e)),
)


@pytest.fixture(scope="module")
def model(base: Path) -> tuple:
    report = Report()
    items = validate_base.checklist(
        read_input(base / "checklist.xlsx", base), api.load_rules(base, report), report
    )
    grids = validate_base.roster(read_input(base / "roster.xlsx", base), report)
    return items, grids


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.lists(CELLS, min_size=2, max_size=2), min_size=6, max_size=6))
def test_any_cell_gives_a_value_or_a_problem_at_that_cell(model: tuple, tmp_path: Path, cells: list) -> None:
    items, grids = model
    path = tmp_path / "street" / "党建办.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(["党建办季度考核"])
    ws.append(["网格编号", "网格名称", "DJ-01 组织建设", "JF-01 创新工作"])
    for r, (grid, pair) in enumerate(zip(STREET, cells, strict=True), start=3):
        ws.cell(r, 1, grid)
        for c, value in enumerate(pair, start=3):
            if isinstance(value, tuple) and value[0] == "error":
                ws.cell(r, c, value[1]).data_type = "e"
            elif isinstance(value, tuple):
                ws.cell(r, c, value[1])  # a formula, never calculated
            elif value is not None:
                cell = ws.cell(r, c, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, even '=1+1'
    wb.save(path)
    report = Report()
    file = read_input(path, tmp_path)
    columns = street_sheets.street_workbook(file, score_tables.Context(items, grids), report)
    merge = across.StreetMerge(report)
    merge.add(columns)
    located = {(p.file, p.sheet, p.cell) for p in report if p.severity is Severity.ERROR}
    if any(p.code is Code.SHEET_BLANK for p in report):  # nothing filled in: one error for the table
        assert located == {(file.name, SHEET, "")}
        assert all(not scores for scores in merge.values.values())
        assert all(is_blank(value) for pair in cells for value in pair)
        return
    for r, grid in enumerate(STREET, start=3):
        for c, code in ((3, "DJ-01"), (4, "JF-01")):
            cell = f"{'CD'[c - 3]}{r}"
            value = merge.values.get(code, {}).get(grid)
            if value is not None:
                assert 0 <= value <= items[code].points
                assert (file.name, SHEET, cell) not in located
            else:
                assert (file.name, SHEET, cell) in located, (cell, columns, list(report))
