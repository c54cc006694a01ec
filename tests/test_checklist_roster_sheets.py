"""The checklist's and the roster's sheets are found by the one score_tables, like every other
table kind: a hidden sheet holding the table is named (sheet_hidden), a sheet holding none is
skipped with a note naming what it is not (sheet_skipped), and a second visible sheet holding the
table is an error naming both sheets (table_twice): which one is the checklist is the clerk's call."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import Folder, check, codes, quarter_json, run_json

import gridscore
from gridscore.problems import Code

# the workbook, its table's sheet (as the Folder writes it), its key header, what it is (zh, en)
BASE = {
    "checklist": ("checklist.xlsx", "责任清单", "编号", "责任清单", "the checklist"),
    "roster": ("roster.xlsx", "花名册", "网格编号", "网格花名册", "the roster"),
}


def copy_sheet(
    path: Path, title: str, hidden: bool = False, change: tuple[str, object] | None = None
) -> None:
    """A copy of the workbook's table on a sheet of its own (a clerk's 'move or copy'), hidden
    or not, with one cell changed."""
    wb = openpyxl.load_workbook(path)
    ws = wb.copy_worksheet(wb.worksheets[0])
    ws.title = title
    if change is not None:
        ws[change[0]] = change[1]
    if hidden:
        ws.sheet_state = "hidden"
    wb.save(path)


def add_notes_sheet(path: Path, title: str = "填表说明") -> None:
    wb = openpyxl.load_workbook(path)
    wb.create_sheet(title, 0)["A1"] = "请按表头逐项填写，不要改动表头。"
    wb.save(path)


def found(doc: dict, code: str) -> list[tuple[str, str, str, str]]:
    return [
        (p["severity"], p["file"], p["sheet"], p["message"]) for p in doc["problems"] if p["code"] == code
    ]


@pytest.mark.parametrize("base", list(BASE))
def test_a_hidden_copy_of_the_table_is_named_and_not_read(folder: Folder, tmp_path: Path, base: str) -> None:
    name, _, key, _, _ = BASE[base]
    folder.write()
    _, baseline = quarter_json(folder.root, tmp_path / "before")
    # the old copy differs: read, it would change the points (or a grid's leader)
    copy_sheet(folder.root / name, "旧版", hidden=True, change=("E3" if base == "checklist" else "D3", 10))
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 0, doc["problems"]
    assert doc["grids"] == baseline["grids"]
    message = f"工作表是隐藏的，没有读取（其中有“{key}”表格）。如果它应当计入，请取消隐藏。"
    assert found(doc, "sheet_hidden") == [("note", name, "旧版", message)]
    _, english = run_json("check", "--in", str(folder.root), "--period", "2020-Q3", "--lang", "en")
    message = (
        f"the sheet is hidden and was not read (it holds a '{key}' table). Unhide it if it should count."
    )
    assert found(english, "sheet_hidden") == [("note", name, "旧版", message)]


@pytest.mark.parametrize("base", list(BASE))
def test_a_table_only_on_a_hidden_sheet_is_named_beside_no_table(folder: Folder, base: str) -> None:
    """The clerk learns where the table is (and that hiding it is why it was not found)."""
    name, sheet, *_ = BASE[base]
    folder.write()
    add_notes_sheet(folder.root / name)
    wb = openpyxl.load_workbook(folder.root / name)
    wb[sheet].sheet_state = "hidden"
    wb.save(folder.root / name)
    exit_code, doc = check(folder.root)
    assert exit_code == 1
    assert codes(doc) == {("no_table", name, "", "")}
    assert [p[:3] for p in found(doc, "sheet_hidden")] == [("note", name, sheet)]


@pytest.mark.parametrize("base", list(BASE))
def test_a_sheet_holding_no_table_is_skipped_with_a_note_naming_what_it_is_not(
    folder: Folder, tmp_path: Path, base: str
) -> None:
    """As a village workbook's 填表说明: a note (counted on the console, listed in the JSON),
    never an error; the scores are unchanged."""
    name, _, key, zh, en = BASE[base]
    folder.write()
    _, baseline = quarter_json(folder.root, tmp_path / "before")
    add_notes_sheet(folder.root / name, "说明")
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 0, doc["problems"]
    assert doc["grids"] == baseline["grids"]
    assert found(doc, "sheet_skipped")[0] == (
        "note",
        name,
        "说明",
        f"工作表没有“{key}”列，不是{zh}，已跳过。",
    )
    # a score workbook's instructions sheet is still "not a score table"
    assert (
        "note",
        "self/2020-07/东坝村.xlsx",
        "填表说明",
        "工作表没有“编号”列，不是评分表，已跳过。",
    ) in found(doc, "sheet_skipped")
    _, english = run_json("check", "--in", str(folder.root), "--period", "2020-Q3", "--lang", "en")
    assert found(english, "sheet_skipped")[0] == (
        "note",
        name,
        "说明",
        f"the sheet has no '{key}' column, so it is not {en}; skipped.",
    )


@pytest.mark.parametrize("base", list(BASE))
@pytest.mark.parametrize("changed", [False, True], ids=["a copy", "another version"])
def test_a_second_visible_table_is_an_error_naming_both_sheets(
    folder: Folder, tmp_path: Path, base: str, changed: bool
) -> None:
    """Neither is read (as two folders for one period): reading the first would be a silent
    choice, and the second may be the one meant (a new version added after the old)."""
    name, sheet, key, zh, en = BASE[base]
    folder.write()
    copy_sheet(folder.root / name, "2021版", change=("E3", 30) if changed else None)
    exit_code, doc = quarter_json(folder.root, tmp_path / "out")
    assert exit_code == 1 and doc["grids"] == []
    assert not (tmp_path / "out").exists()
    assert codes(doc) == {("table_twice", name, "2021版", "")}  # the one error: nothing else is checked
    [(_, _, _, message)] = found(doc, "table_twice")
    assert message.startswith(f"工作表“{sheet}”和“2021版”都有“{key}”表格")
    assert zh in message
    _, english = run_json("check", "--in", str(folder.root), "--period", "2020-Q3", "--lang", "en")
    [(_, _, _, message)] = found(english, "table_twice")
    assert message.startswith(f"the sheets '{sheet}' and '2021版' both hold a '{key}' table")
    assert en in message


def test_the_library_reports_the_second_table_too(folder: Folder) -> None:
    folder.write()
    copy_sheet(folder.root / "checklist.xlsx", "副本")
    copy_sheet(folder.root / "checklist.xlsx", "副本2")
    _, shared = gridscore.check(folder.root, ["2020-Q3"])
    twice = [p for p in shared if p.code is Code.TABLE_TWICE]
    assert [(p.file, p.sheet, p.params["first"], p.params["other"]) for p in twice] == [
        ("checklist.xlsx", "副本", "责任清单", "副本"),
        ("checklist.xlsx", "副本2", "责任清单", "副本2"),
    ]
    with pytest.raises(gridscore.InputError):
        gridscore.quarter(folder.root, "2020-Q3")
