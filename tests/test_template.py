"""Blank forms: filled in as a clerk would, they read back as the values written."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import Folder, quarter_json, run, run_json


def make_forms(folder: Folder, period: str, out: Path) -> Path:
    code, text = run("template", "--in", str(folder.root), "--period", period, "--out", str(out))
    assert code == 0, text
    return out


def fill_month(path: Path, values: dict[str, dict[str, object]]) -> None:
    """Fill a village's rater sheet: values[grid_id][code]."""
    wb = openpyxl.load_workbook(path)
    ws = wb["评分人1"]
    header = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    for r in range(4, ws.max_row + 1):  # the 合计 row at the end is no item: left as written
        code = ws.cell(r, 1).value
        for grid, scores in values.items():
            if grid in header and code in scores:
                ws.cell(r, header[grid]).value = scores[code]
    wb.save(path)


def fill_quarter(path: Path, values: dict[str, dict[str, object]]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["考核评分"]
    # Row 3: 网格编号 … merged down, and each item's type and points; row 4: the item headers.
    header = {str(ws.cell(4, c).value).split(" ")[0]: c for c in range(1, ws.max_column + 1)}
    for r in range(5, ws.max_row + 1):
        for code, value in values.get(ws.cell(r, 1).value, {}).items():
            if code in header:
                ws.cell(r, header[code]).value = value
    wb.save(path)


def test_filled_forms_read_back_as_the_values_written(folder: Folder, tmp_path: Path) -> None:
    folder.self_scores["G02"] = [{"DJ-01": 38.5, "ZZ-01": 55, "JF-01": 2, "KF-01": 1.5}]
    folder.street["G05"] = {"DJ-01": 40, "ZZ-01": 59.5, "JF-01": 4, "KF-01": 3, "FJ-01": "否"}
    folder.write()
    expected = quarter_json(folder.root, tmp_path / "before")[1]["grids"]
    forms = tmp_path / "forms"
    make_forms(folder, "2020-07", forms)
    make_forms(folder, "2020-Q3", forms)
    month = forms / "self/2020-07"
    assert sorted(p.name for p in month.iterdir()) == ["东坝村.xlsx", "青山村.xlsx"]
    for path in month.iterdir():
        fill_month(path, {g: folder.self_scores[g][0] for g in folder.self_scores})
        shutil.copy(path, folder.root / "self/2020-07" / path.name)
    quarter = forms / "street/2020-Q3"
    assert sorted(p.name for p in quarter.iterdir()) == ["党建办.xlsx", "综治办.xlsx"]
    for path in quarter.iterdir():
        fill_quarter(path, folder.street)
        shutil.copy(path, folder.root / "street/2020-Q3" / path.name)
    code, doc = run_json("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert code == 0
    assert [p for p in doc["problems"] if p["severity"] != "note"] == []
    assert quarter_json(folder.root, tmp_path / "after")[1]["grids"] == expected


def test_value_out_of_range_in_a_filled_form_is_reported(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    forms = make_forms(folder, "2020-Q3", tmp_path / "forms")
    path = forms / "street/2020-Q3/综治办.xlsx"
    fill_quarter(path, {**folder.street, "G03": {"ZZ-01": 75}})
    shutil.copy(path, folder.root / "street/2020-Q3/综治办.xlsx")
    code, doc = run_json("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert code == 1
    # Title, signature line, then the header on rows 3-4 (types and points above the item
    # headers: 网格编号 网格名称 村(社区) ZZ-01 KF-01 FJ-01 备注); G03 on row 7.
    assert [
        (p["file"], p["sheet"], p["cell"]) for p in doc["problems"] if p["code"] == "score_out_of_range"
    ] == [("street/2020-Q3/综治办.xlsx", "考核评分", "D7")]


def test_forms_carry_validation_standards_and_protection(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    forms = make_forms(folder, "2020-Q3", tmp_path / "forms")
    ws = openpyxl.load_workbook(forms / "street/2020-Q3/综治办.xlsx")["考核评分"]
    assert ws.protection.sheet
    assert ws["A5"].protection.locked and not ws["D5"].protection.locked
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    zz = rules["D5"]
    assert (zz.type, zz.formula1, zz.formula2) == ("decimal", "0", "60")
    assert zz.operator in (None, "between")  # between is the OOXML default
    assert "按实评分" in zz.prompt and zz.showInputMessage
    veto = rules["F5"]
    assert veto.type == "list" and veto.formula1 == '"是,否"'
    assert ws.freeze_panes == "D5"
    month = openpyxl.load_workbook(forms.parent / "forms" / "street/2020-Q3/党建办.xlsx")
    assert month.sheetnames == ["考核评分", "填表说明"]


def test_month_form_layout(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    forms = make_forms(folder, "2020-07", tmp_path / "forms")
    wb = openpyxl.load_workbook(forms / "self/2020-07/青山村.xlsx")
    assert wb.sheetnames == ["评分人1", "填表说明"]
    ws = wb["评分人1"]
    assert [ws.cell(3, c).value for c in range(1, 10)] == [
        "编号",
        "类别",
        "类型",
        "考核内容",
        "分值",
        "评分标准",
        "G01",
        "G02",
        "G03",
    ]
    assert [ws.cell(2, c).value for c in range(7, 10)] == [
        "青山村第一网格",
        "青山村第二网格",
        "青山村第三网格",
    ]
    assert [ws.cell(r, 1).value for r in range(4, ws.max_row + 1)] == [
        "DJ-01",
        "ZZ-01",
        "JF-01",
        "KF-01",
        "合计",
    ]  # no veto row; a total row per grid: base + bonus - deduction, as the reader sums it
    assert ws["G8"].value == '=SUMIF($C$4:$C$7,"<>扣分",G4:G7)-SUMIF($C$4:$C$7,"扣分",G4:G7)'
    assert ws["A2"].value.startswith("评分人（签字）：") and "日期：" in ws["A2"].value


def test_existing_forms_are_not_replaced_without_force(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    make_forms(folder, "2020-07", tmp_path / "forms")
    assert (
        run("template", "--in", str(folder.root), "--period", "2020-07", "--out", str(tmp_path / "forms"))[0]
        == 3
    )


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
)
def test_form_resaved_by_libreoffice_still_reads_back(folder: Folder, tmp_path: Path) -> None:
    """A street form and the month forms with their 合计 formulas, filled and re-saved by
    LibreOffice (which calculates the totals): check passes without a warning, same scores."""
    folder.self_scores["G02"] = [{"DJ-01": 38.5, "ZZ-01": 55, "JF-01": 2, "KF-01": 1.5}]
    folder.write()
    expected = quarter_json(folder.root, tmp_path / "before")[1]["grids"]
    forms = make_forms(folder, "2020-Q3", tmp_path / "forms")
    make_forms(folder, "2020-07", forms)
    street = forms / "street/2020-Q3/综治办.xlsx"
    fill_quarter(street, folder.street)
    months = sorted((forms / "self/2020-07").iterdir())
    for path in months:
        fill_month(path, {g: folder.self_scores[g][0] for g in folder.self_scores})
    resaved = tmp_path / "resaved"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(resaved),
            str(street),
            *map(str, months),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.copy(resaved / "综治办.xlsx", folder.root / "street/2020-Q3/综治办.xlsx")
    for path in months:
        shutil.copy(resaved / path.name, folder.root / "self/2020-07" / path.name)
        totals = [r for r in openpyxl.load_workbook(resaved / path.name, data_only=True)["评分人1"].values]
        assert totals[-1][0] == "合计" and all(isinstance(v, (int, float)) for v in totals[-1][6:])
    code, doc = run_json("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert code == 0
    assert [p for p in doc["problems"] if p["severity"] != "note"] == []
    code, doc = quarter_json(folder.root, tmp_path / "after")
    assert code == 0, doc["problems"]
    assert doc["grids"] == expected


WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{i}" for d in ("COM", "LPT") for i in range(1, 10)}


def windows_accepts(name: str) -> bool:
    stem = name.removesuffix(".xlsx")
    return (
        not set('<>:"/\\|?*[]') & set(name)
        and all(ord(ch) >= 32 for ch in name)
        and stem == stem.rstrip(". ")
        and stem.split(".")[0].upper() not in WINDOWS_RESERVED
        and len(name) <= 100
    )


def test_template_file_names_from_the_data_are_safe_on_windows() -> None:
    """A village named CON, a department with ':' or a 200-character name: the blank forms'
    file names are ones Windows accepts (the one safe_file_name, used by every writer)."""
    from gridscore.model import Grid, Item, Kind
    from gridscore.workbooks.forms import month_forms, quarter_forms

    long = "综" * 200
    grids = {
        g.grid_id: g
        for g in (Grid("G01", "一网格", "CON", "甲", ()), Grid("G02", "二网格", "com1. ", "乙", ()))
    }
    items = {
        i.code: i
        for i in (
            Item("DJ-01", "党建", "a", "党建办:综合", Decimal(10), Kind.BASE),
            Item("DJ-02", "党建", "b", long, Decimal(10), Kind.BASE),
        )
    }
    names = [
        *month_forms(items, grids, "2020-07", "某街道"),
        *quarter_forms(items, grids, "2020-Q3", "某街道"),
    ]
    assert len(names) == 4
    assert all(windows_accepts(name) for name in names), names
