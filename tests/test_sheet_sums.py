"""A rater sheet's totals and a department column's scores, against a model of the rules.

Clean sheets are summed a row at a time and sheets with a problem cell by cell (validate/self_sheets.py);
both must give what the model gives: every valid cell counted once with its sign, every
wrong cell reported where it is and left out, a blank bonus or deduction read as 0.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import write_book
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gridscore.io import read_input
from gridscore.model import Grid, Item, Kind
from gridscore.problems import Code, Report, Severity
from gridscore.tables import address
from gridscore.validate import across, score_tables, self_sheets, street_sheets

ITEMS = {
    "DJ-01": Item("DJ-01", "党建引领", "组织建设", "党建办", Decimal(40), Kind.BASE),
    "ZZ-01": Item("ZZ-01", "综治维稳", "矛盾纠纷化解", "党建办", Decimal("2.5"), Kind.BASE),
    "JF-01": Item("JF-01", "加分项目", "创新工作", "党建办", Decimal(5), Kind.BONUS),
    "KF-01": Item("KF-01", "扣分项目", "信息迟报漏报", "党建办", Decimal(10), Kind.DEDUCTION),
    "FJ-01": Item("FJ-01", "否决项目", "重大事故", "党建办", Decimal(0), Kind.VETO),
}
SCORED = [code for code, item in ITEMS.items() if item.kind is not Kind.VETO]
GRIDS = {g: Grid(g, f"第{i}网格", "青山村", f"张{i}") for i, g in enumerate(("G01", "G02", "G03"), start=1)}
CONTEXT = score_tables.Context(ITEMS, GRIDS)

# What a clerk's cell may hold: numbers of every kind (some out of range), text, blanks.
CELL = st.one_of(
    st.sampled_from([0.0, 0.5, 1.0, 1.25, 2.5, 5.0, 40.0, 0.1 + 0.2, 39.99]),
    st.integers(min_value=-1, max_value=45),
    st.sampled_from(["2", " 1.5 ", "优", "", "1e1"]),
    st.booleans(),  # TRUE equals 1 in Python, and is never a score
    st.none(),
)
CLEAN = st.sampled_from([0.0, 0.5, 1.0, 1.25, 2.5, 0.1 + 0.2, 2, "2"])  # in range for every item
SHEETS = st.sampled_from([CELL, CLEAN]).flatmap(
    lambda cell: st.lists(st.lists(cell, min_size=3, max_size=3), min_size=len(SCORED), max_size=len(SCORED))
)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def expected(raw: object, item: Item) -> Decimal | None:
    """The model: a cell's score, or None when it is a problem."""
    if isinstance(raw, bool):
        return None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None if item.kind is Kind.BASE else Decimal(0)
    text = format(raw, ".15g") if isinstance(raw, float) else str(raw).strip()
    try:
        value = Decimal(text)
    except ArithmeticError:
        return None
    if "e" in text.lower() and not isinstance(raw, float):
        return None  # text in scientific notation is not a plain number
    return value if 0 <= value <= item.points else None


def blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def located_errors(report: Report) -> set[str]:
    return {p.cell for p in report if p.severity is Severity.ERROR}


@SETTINGS
@given(SHEETS)
@example([[40.0] * 3, [2.5] * 3, [None] * 3, [1.0, 2.0, 3.0]])  # full marks
@example([[40.0, 39.0, 38.0], [2.5] * 3, [None] * 3, [None] * 3])
@example([[39.5] * 3, [2.5] * 3, [None, 0.0, ""], [1.0] * 3])  # the same scores
@example([[39.5] * 3, [2.5] * 3, [None, 1.0, ""], [1.0, 2.0, 0.0]])  # the same base-item scores
@example([[39.5] * 3, [2.5] * 3, [None, 1.0, "优"], [1.0, 2.0, 0.0]])  # the same, cell by cell
@example([[30.0, 1.0, True], [2.5] * 3, [0.0, False, None], [None] * 3])  # TRUE after an equal 1
@example([[None, "", " "], [None] * 3, [None] * 3, ["", None, None]])  # a blank form
def test_rater_sheet_totals_follow_the_model(tmp_path: Path, cells: list[list[object]]) -> None:
    rows = [["第1村月度自考"], ["编号", "考核内容", "分值", *GRIDS]]
    rows += [
        [code, ITEMS[code].content, ITEMS[code].points, *row] for code, row in zip(SCORED, cells, strict=True)
    ]
    path = write_book(tmp_path / "self.xlsx", {"评分人1": rows})
    report = Report()
    [sheet] = self_sheets.self_workbook(read_input(path, tmp_path), "2020-07", CONTEXT, report)
    if all(blank(raw) for row in cells for raw in row):  # one error for the sheet, nothing counted
        assert [(p.code, p.cell) for p in report] == [(Code.SHEET_BLANK, "")]
        assert sheet.totals == {}
        return

    scores: dict[str, dict[str, Decimal]] = {g: {} for g in GRIDS}
    wrong = set()
    for r, (code, row) in enumerate(zip(SCORED, cells, strict=True), start=2):
        for c, (grid, raw) in enumerate(zip(GRIDS, row, strict=True), start=3):
            value = expected(raw, ITEMS[code])
            if value is None:
                wrong.add(address(r, c))
            else:
                scores[grid][code] = -value if ITEMS[code].kind is Kind.DEDUCTION else value
    assert sheet.totals == {g: sum(own.values(), Decimal(0)) for g, own in scores.items()}
    assert located_errors(report) == wrong
    full = all(scores[g].get(c) == ITEMS[c].points for g in GRIDS for c in ("DJ-01", "ZZ-01"))
    base = ("DJ-01", "ZZ-01")  # bonus and deduction cells may differ (SPEC §8)
    same = all(
        {c: own.get(c) for c in base} == {c: scores["G01"].get(c) for c in base} for own in scores.values()
    )
    assert sheet.straight == ("full_marks" if full else "same_scores" if same else None)


@SETTINGS
@example([(1.0, 1), (True, True), (0.0, 0), (False, False)])  # TRUE after an equal 1
@example([(None, ""), ("", None)])  # a blank form
@given(
    st.lists(
        st.tuples(CELL, st.sampled_from(["是", "否", "", None, "有", 1, 0, True, False])),
        min_size=1,
        max_size=4,
    )
)
def test_street_columns_follow_the_model(tmp_path: Path, cells: list[tuple[object, object]]) -> None:
    grids = [*GRIDS, "G01"][: len(cells)]  # a fourth row repeats G01: scored twice
    rows = [["党建办季度考核"], ["网格编号", "网格名称", "DJ-01 组织建设", "FJ-01 重大事故"]]
    rows += [[g, GRIDS[g].name, score, veto] for g, (score, veto) in zip(grids, cells, strict=True)]
    path = write_book(tmp_path / "党建办.xlsx", {"考核评分": rows})
    report = Report()
    merge = across.StreetMerge(report)
    merge.add(street_sheets.street_workbook(read_input(path, tmp_path), CONTEXT, report))
    if all(blank(score) and blank(veto) for score, veto in cells):  # a blank form: one error
        assert [(p.code, p.cell) for p in report] == [(Code.SHEET_BLANK, "")]
        assert merge.values == {"DJ-01": {}, "FJ-01": {}}
        return

    vetoes = {"是": Decimal(1), "1": Decimal(1), "否": Decimal(0), "0": Decimal(0), "": Decimal(0)}
    wrong, counted = set(), {"DJ-01": {}, "FJ-01": {}}
    for r, (grid, (score, veto)) in enumerate(zip(grids, cells, strict=True), start=2):
        decision = None if isinstance(veto, bool) else vetoes.get("" if veto is None else str(veto))
        for c, code, value in ((2, "DJ-01", expected(score, ITEMS["DJ-01"])), (3, "FJ-01", decision)):
            if value is None or grid in counted[code]:
                wrong.add(address(r, c))  # a problem at the cell, or a second score of the grid
            else:
                counted[code][grid] = value
    assert merge.values == counted
    assert located_errors(report) == wrong
    filled = sum(score is not None and str(score).strip() != "" for score, _ in cells)
    assert merge.filled["DJ-01"] == filled


def test_a_second_score_of_one_table_is_the_later_one_in_reading_order(tmp_path: Path) -> None:
    """An item in two columns of one table and a grid in two rows: the cell read later, row
    by row, is the one reported, naming the one that counts."""
    rows = [
        ["网格编号", "网格名称", "DJ-01", "FJ-01", "DJ-01"],
        ["G01", "第1网格", None, "否", 30],
        ["G01", "第1网格", 20, "否", None],
    ]
    path = write_book(tmp_path / "党建办.xlsx", {"考核评分": rows})
    report = Report()
    merge = across.StreetMerge(report)
    merge.add(street_sheets.street_workbook(read_input(path, tmp_path), CONTEXT, report))
    assert merge.values["DJ-01"] == {"G01": Decimal(30)}
    twice = {(p.cell, p.params["first"]) for p in report if p.code.value == "scored_twice"}
    assert twice == {("C3", "党建办.xlsx › 考核评分 › E2"), ("D3", "党建办.xlsx › 考核评分 › D2")}


def test_item_codes_are_found_after_many_other_key_texts() -> None:
    context = score_tables.Context(ITEMS, GRIDS)
    for n in range(100_001):
        context.code(f"第{n}行")
    assert context.code("dj-01") == "DJ-01"


# Items sharing what their cells may hold: two base items of 2 points, and a bonus and a
# deduction of 5 (the same values are clean for both, summed with opposite signs).
SHARED = {
    "DJ-01": Item("DJ-01", "党建引领", "组织建设", "党建办", Decimal(2), Kind.BASE),
    "DJ-02": Item("DJ-02", "党建引领", "党员联户", "党建办", Decimal(2), Kind.BASE),
    "JF-01": Item("JF-01", "加分项目", "创新工作", "党建办", Decimal(5), Kind.BONUS),
    "KF-01": Item("KF-01", "扣分项目", "信息迟报漏报", "党建办", Decimal(5), Kind.DEDUCTION),
}
SHARED_CONTEXT = score_tables.Context(SHARED, GRIDS)  # one per module: its memo spans examples
SHARED_CELL = st.one_of(
    st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 5.0, 0.1 + 0.2, 6.0, "2", "", None]), st.booleans()
)
SHARED_CLEAN = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 0.1 + 0.2, "2"])
SHARED_SHEET = st.sampled_from([SHARED_CELL, SHARED_CLEAN]).flatmap(
    lambda cell: st.lists(st.lists(cell, min_size=3, max_size=3), min_size=len(SHARED), max_size=len(SHARED))
)


def follows_the_model(
    sheet: self_sheets.RaterSheet, problems: list, cells: list[list[object]], items: dict[str, Item]
) -> None:
    """A rater sheet read from rows of cells (one row per item, from row 3, grids from D)
    against the model: its totals, every wrong cell reported there, how it is straight-lined."""
    if all(blank(raw) for row in cells for raw in row):  # one error for the sheet, nothing counted
        assert [(p.code, p.cell) for p in problems] == [(Code.SHEET_BLANK, "")]
        assert sheet.totals == {}
        return
    scores: dict[str, dict[str, Decimal]] = {g: {} for g in GRIDS}
    wrong = set()
    for r, (code, row) in enumerate(zip(items, cells, strict=True), start=2):
        for c, (grid, raw) in enumerate(zip(GRIDS, row, strict=True), start=3):
            value = expected(raw, items[code])
            if value is None:
                wrong.add(address(r, c))
            else:
                scores[grid][code] = -value if items[code].kind is Kind.DEDUCTION else value
    assert sheet.totals == {g: sum(own.values(), Decimal(0)) for g, own in scores.items()}
    assert {p.cell for p in problems if p.severity is Severity.ERROR} == wrong
    base = [c for c, item in items.items() if item.kind is Kind.BASE]
    full = all(scores[g].get(c) == items[c].points for g in GRIDS for c in base)
    same = all(
        {c: own.get(c) for c in base} == {c: scores["G01"].get(c) for c in base} for own in scores.values()
    )
    assert sheet.straight == ("full_marks" if full else "same_scores" if same else None)


@SETTINGS
@given(SHARED_SHEET, SHARED_SHEET)
@example(
    [[2.0] * 3, [2.0] * 3, [5.0, None, ""], [5.0, 0.5, None]],
    [[2.0, 1.5, 2.0], [2.0] * 3, [""] * 3, [""] * 3],
)
@example([[1.0, True, 1.0], [2.0] * 3, [""] * 3, [""] * 3], [[1.0] * 3, [1.0] * 3, [5.0] * 3, [5.0] * 3])
def test_rater_sheets_sharing_item_groups_follow_the_model(
    tmp_path: Path, first: list[list[object]], second: list[list[object]]
) -> None:
    """Two sheets of one workbook, items of the same points and blank rule (a bonus and a
    deduction among them) checked together on the clean path, and their values remembered."""

    def rows(cells: list[list[object]]) -> list[list[object]]:
        head = [["第1村月度自考"], ["编号", "考核内容", "分值", *GRIDS]]
        return head + [
            [code, SHARED[code].content, SHARED[code].points, *row]
            for code, row in zip(SHARED, cells, strict=True)
        ]

    path = write_book(tmp_path / "self.xlsx", {"评分人1": rows(first), "评分人2": rows(second)})
    report = Report()
    sheets = self_sheets.self_workbook(read_input(path, tmp_path), "2020-07", SHARED_CONTEXT, report)
    for sheet, cells in zip(sheets, (first, second), strict=True):
        follows_the_model(sheet, [p for p in report if p.sheet == sheet.rater], cells, SHARED)


KEYS = st.sampled_from(["id", "name", "unknown", "blank"])


@SETTINGS
@example([("id", 1.0, "否"), ("unknown", 1.0, "否"), ("id", 2.0, "是")])
@example([("id", None, None), ("blank", 1.0, "否"), ("name", None, "")])  # a blank form beside a bad key
@given(st.lists(st.tuples(KEYS, CELL, st.sampled_from(["是", "否", "", None, "有"])), min_size=1, max_size=4))
def test_street_rows_keyed_wrong_follow_the_model(
    tmp_path: Path, lines: list[tuple[str, object, object]]
) -> None:
    """A row whose key names no grid (or is blank) is reported at its key and not read; the
    others are read as if it were not there. (The first row is keyed: a text row under a
    blank key would be a second header row.)"""
    lines = [("id", *lines[0][1:]), *lines[1:]]
    grids = [*GRIDS, "G01"][: len(lines)]
    keys = {
        "id": lambda g: g,
        "name": lambda g: GRIDS[g].name,
        "unknown": lambda g: "G99",
        "blank": lambda g: None,
    }
    rows = [["党建办季度考核"], ["网格编号", "网格名称", "DJ-01 组织建设", "FJ-01 重大事故"]]
    rows += [
        [keys[how](g), GRIDS[g].name if how != "blank" else "某网格", score, veto]
        for g, (how, score, veto) in zip(grids, lines, strict=True)
    ]
    path = write_book(tmp_path / "党建办.xlsx", {"考核评分": rows})
    report = Report()
    merge = across.StreetMerge(report)
    merge.add(street_sheets.street_workbook(read_input(path, tmp_path), CONTEXT, report))
    wrong, good = set(), []
    for r, (grid, (how, score, veto)) in enumerate(zip(grids, lines, strict=True), start=2):
        if how in ("unknown", "blank"):
            wrong.add(address(r, 0))
        else:
            good.append((r, grid, score, veto))
    if good and all(blank(score) and blank(veto) for _, _, score, veto in good):
        assert located_errors(report) == wrong | {""}  # the blank form, once
        assert merge.values == {"DJ-01": {}, "FJ-01": {}}
        return
    vetoes = {"是": Decimal(1), "否": Decimal(0), "": Decimal(0)}
    counted: dict[str, dict[str, Decimal]] = {"DJ-01": {}, "FJ-01": {}}
    for r, grid, score, veto in good:
        decision = vetoes.get("" if veto is None else str(veto))
        for c, code, value in ((2, "DJ-01", expected(score, ITEMS["DJ-01"])), (3, "FJ-01", decision)):
            if value is None or grid in counted[code]:
                wrong.add(address(r, c))
            else:
                counted[code][grid] = value
    assert merge.values == counted
    assert located_errors(report) == wrong
    if good:
        assert merge.filled["DJ-01"] == sum(not blank(score) for _, _, score, _ in good)
