"""Root cause first and alone (issues #10, #11), on copies of the demo: a blank form is its
sheet's error and not also its grids' missing month; a period folder spelled so that it
cannot be read is named, never read as the period by a guess."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run, run_json

from gridscore.model import Period
from gridscore.periods import meant_for

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
S7 = "self/2020-07"


@pytest.fixture(scope="module")
def blanks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The blank templates of 2020-07, one per village, made once."""
    out = tmp_path_factory.mktemp("templates")
    code, _ = run("template", "--in", str(DEMO), "--period", "2020-07", "--out", str(out))
    assert code == 0
    return out / S7


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    return root


def check(root: Path, lang: str = "zh") -> tuple[int, dict]:
    return run_json("check", "--in", str(root), "--period", "2020-Q3", "--lang", lang)


def errors(doc: dict) -> list[tuple[str, str, str]]:
    return [(p["code"], p["file"], p["sheet"]) for p in doc["problems"] if p["severity"] == "error"]


# --- a blank form: its sheet's error, not its grids' missing month --------------------------


def test_one_blank_village_workbook_is_its_sheet_blank_error_alone(demo: Path, blanks: Path) -> None:
    shutil.copy(blanks / "东坝村.xlsx", demo / S7 / "东坝村.xlsx")
    code, doc = check(demo)
    assert code == 1
    assert errors(doc) == [("sheet_blank", f"{S7}/东坝村.xlsx", "评分人1")]
    assert not [p for p in doc["problems"] if p["code"] == "month_missing"]
    # The console too: the blank sheet, and no line per grid of the village.
    code, out = run("check", "--in", str(demo), "--period", "2020-Q3")
    assert code == 1 and "sheet_blank" in out and "month_missing" not in out
    assert "2020-Q3 有 1 个错误" in out


def test_a_whole_blank_month_is_one_sheet_blank_per_workbook(demo: Path, blanks: Path) -> None:
    shutil.rmtree(demo / S7)
    shutil.copytree(blanks, demo / S7)
    code, doc = check(demo)
    assert code == 1
    found = errors(doc)
    assert {c for c, _, _ in found} == {"sheet_blank"}
    assert sorted(f for _, f, _ in found) == sorted(f"{S7}/{p.name}" for p in blanks.iterdir())
    assert len(found) == 13
    assert not [p for p in doc["problems"] if p["code"] == "month_missing"]


def test_a_workbook_whose_every_sheet_is_refused_excuses_its_grids_month(demo: Path) -> None:
    import openpyxl

    path = demo / S7 / "东坝村.xlsx"
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets[1:]:  # every rater's sheet, 填表说明 aside
        ws["A2"] = "项目编号"
    wb.save(path)
    code, doc = check(demo)
    assert code == 1
    assert {(c, f) for c, f, _ in errors(doc)} == {("header_key_wrong", f"{S7}/东坝村.xlsx")}
    assert len(errors(doc)) == len(wb.worksheets) - 1


def test_a_village_really_lacking_its_workbook_still_misses_its_month(demo: Path, blanks: Path) -> None:
    (demo / S7 / "东坝村.xlsx").unlink()
    shutil.copy(blanks / "青山村.xlsx", demo / S7 / "青山村.xlsx")  # and another one left blank
    code, doc = check(demo)
    assert code == 1
    found = errors(doc)
    missing = [(c, f) for c, f, _ in found if c == "month_missing"]
    assert missing == [("month_missing", S7)] * 6
    messages = [p["message"] for p in doc["problems"] if p["code"] == "month_missing"]
    assert [m[3:7] for m in messages] == [f"DB0{n}" for n in range(1, 7)]
    assert all("缺少 2020-07 的村自考" in m for m in messages)
    assert [(c, f) for c, f, _ in found if c != "month_missing"] == [("sheet_blank", f"{S7}/青山村.xlsx")]


# --- a period folder that cannot be read is named -------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (S7, "self/7月"),
        (S7, "self/2020年7月份"),
        (S7, "self/2020-07（已收齐）"),
        ("self/2020-08", "self/2020-8x"),
        ("street/2020-Q3", "street/第三季度"),
    ],
)
def test_a_period_folder_spelled_unreadably_is_suggested_never_read(demo: Path, old: str, new: str) -> None:
    (demo / old).rename(demo / new)
    code, doc = check(demo)
    assert code == 1
    missing = [p for p in doc["problems"] if p["code"] == "folder_missing"]
    assert [(p["severity"], p["file"]) for p in missing] == [("error", old)]
    message = missing[0]["message"]
    assert f"是否为“{new}”？" in message
    assert f"如果是，请把它改名为“{old.split('/')[1]}”" in message
    assert "请建立该文件夹" not in message
    # Never read by a guess: nothing else of the period was taken from it.
    assert errors(doc) == [("folder_missing", old, "")]
    _, en = check(demo, "en")
    [message] = [p["message"] for p in en["problems"] if p["code"] == "folder_missing"]
    assert f"Did you mean '{new}'?" in message and f"rename it to '{old.split('/')[1]}'" in message
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in message.replace(new, ""))


def test_an_unrelated_folder_is_not_suggested(demo: Path) -> None:
    (demo / S7).rename(demo / "self/备份")
    code, doc = check(demo)
    assert code == 1
    [missing] = [p for p in doc["problems"] if p["code"] == "folder_missing"]
    assert "是否为" not in missing["message"] and "请建立该文件夹并放入本期的表格" in missing["message"]
    assert "suggestion" not in missing.get("params", {})


@pytest.mark.parametrize(
    ("period", "names", "expected"),
    [
        (Period(2020, month=7), ["7月"], "7月"),
        (Period(2020, month=7), ["备份", "七月"], "七月"),
        (Period(2020, month=7), ["2020年7月份"], "2020年7月份"),
        (Period(2020, month=7), ["2020-07（已收齐）"], "2020-07（已收齐）"),
        (Period(2020, month=8), ["2020-8x"], "2020-8x"),
        (Period(2020, month=11), ["十一月"], "十一月"),
        (Period(2020, quarter=3), ["第三季度"], "第三季度"),
        (Period(2020, quarter=3), ["2020-Q3 备份"], "2020-Q3 备份"),
        (Period(2020, quarter=3), ["2020-3季度"], "2020-3季度"),
        (Period(2020, month=7), ["备份"], None),
        (Period(2020, month=7), ["2019年7月"], None),  # another year
        (Period(2020, month=7), ["17月"], None),  # a number is never changed
        (Period(2020, month=7), ["7月", "2020年7月份"], None),  # two as plausible: no guess
        (Period(2020, month=3), ["2020-Q3 备份"], None),  # a quarter is no month
        (Period(2020, quarter=3), ["3月"], None),  # a month is no quarter
        (Period(2020, month=7), ["2020"], None),
        (Period(2020, month=7), ["7月（第2次）"], None),
    ],
)
def test_the_folder_meant_for_a_period(period: Period, names: list[str], expected: str | None) -> None:
    assert meant_for(period, names) == expected
