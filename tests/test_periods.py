"""Period folders as clerks name them (SPEC §2) and the year of a bare quarter (SPEC §7)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import Folder, quarter_json, run_json, write_book
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from gridscore.cli import app
from gridscore.model import Period
from gridscore.periods import looks_like_period, period_named

Q3, M7, M8 = Period(2020, quarter=3), Period(2020, month=7), Period(2020, month=8)


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("2020-07", M7),
        ("2020-7", M7),
        ("2020.07", M7),
        ("2020.7", M7),
        ("2020年7月", M7),
        ("2020年07月", M7),
        ("２０２０－０７", M7),
        (" 2020-08 ", M8),
        ("2020-Q3", Q3),
        ("2020Q3", Q3),
        ("2020-q3", Q3),
        ("2020 Q3", Q3),
        ("2020年第三季度", Q3),
        ("2020年三季度", Q3),
        ("2020年第3季度", Q3),
        ("2020年Q3", Q3),
        ("２０２０Ｑ３", Q3),
    ],
)
def test_every_spelling_names_its_period(name: str, period: Period) -> None:
    assert period_named(name) == period


@pytest.mark.parametrize("name", ["2020-13", "2020-00", "2020年13月", "2020-Q5", "2020年第五季度", "2020Q0"])
def test_what_looks_like_a_period_but_is_none(name: str) -> None:
    assert period_named(name) is None and looks_like_period(name)


@pytest.mark.parametrize("name", ["旧表", "备份", "2020", "模板", "2020-Q3 备份"])
def test_other_names_are_no_period(name: str) -> None:
    assert period_named(name) is None and not looks_like_period(name)


def rename(root: Path, old: str, new: str) -> None:
    (root / old).rename(root / new)


def test_a_quarter_is_read_from_folders_spelled_the_clerks_way(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    code, canonical = quarter_json(folder.root, tmp_path / "a")
    assert code == 0
    rename(folder.root, "self/2020-07", "self/2020年7月")
    rename(folder.root, "self/2020-08", "self/2020-8")
    rename(folder.root, "self/2020-09", "self/2020.09")
    rename(folder.root, "street/2020-Q3", "street/2020年第三季度")
    code, doc = quarter_json(folder.root, tmp_path / "b")
    assert code == 0, doc["problems"]
    assert doc["period"] == "2020-Q3"
    assert doc["grids"] == canonical["grids"]
    # Problems name the folder as it is spelled.
    files = {p["file"] for p in doc["problems"] if p["code"] == "sheet_skipped"}
    assert "self/2020年7月/青山村.xlsx" in files
    # check without --period finds the quarter there too.
    code, checked = run_json("check", "--in", str(folder.root))
    assert code == 0 and [p["period"] for p in checked["periods"]] == ["2020-Q3"]


def test_a_grid_missing_from_a_month_is_reported_at_the_folder_as_spelled(folder: Folder) -> None:
    folder.write()
    shutil.rmtree(folder.root / "self/2020-08")
    scores = folder.self_scores.pop("G06")
    folder.write_self("2020-08", "东坝村")
    folder.write_self("2020-08", "青山村")
    folder.self_scores["G06"] = scores
    rename(folder.root, "self/2020-08", "self/2020-8")
    code, doc = run_json("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert code == 1
    assert [(p["code"], p["file"]) for p in doc["problems"] if p["severity"] == "error"] == [
        ("month_missing", "self/2020-8")
    ]


def test_two_folders_for_one_period_are_an_error_naming_both(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    shutil.copytree(folder.root / "self/2020-07", folder.root / "self/2020年7月")
    code, doc = run_json("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert code == 1
    twice = [p for p in doc["problems"] if p["code"] == "period_folder_twice"]
    assert [(p["severity"], p["file"], p["sheet"], p["cell"]) for p in twice] == [
        ("error", "self/2020-07", "", "")
    ]
    assert "self/2020-07" in twice[0]["message"] and "self/2020年7月" in twice[0]["message"]
    # Neither is read: no second error per grid, and no 'folder missing' either.
    assert not [p for p in doc["problems"] if p["code"] in ("grid_in_two_workbooks", "folder_missing")]
    code, doc = run_json("check", "--in", str(folder.root), "--period", "2020-Q3", "--lang", "en")
    assert "two folders for the same period 2020-07" in twice_message(doc)
    assert quarter_json(folder.root, tmp_path / "out")[0] == 1
    assert not (tmp_path / "out").exists()


def twice_message(doc: dict) -> str:
    return next(p["message"] for p in doc["problems"] if p["code"] == "period_folder_twice")


def test_two_street_folders_for_one_quarter(folder: Folder) -> None:
    folder.write()
    shutil.copytree(folder.root / "street/2020-Q3", folder.root / "street/2020Q3")
    code, doc = run_json("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert code == 1
    assert [(p["code"], p["file"]) for p in doc["problems"] if p["severity"] == "error"] == [
        ("period_folder_twice", "street/2020-Q3")
    ]


@pytest.mark.parametrize("name", ["self/2020-13", "street/2020年第五季度"])
def test_a_folder_that_looks_like_a_period_but_is_none_is_a_warning(
    folder: Folder, tmp_path: Path, name: str
) -> None:
    folder.write()
    shutil.copytree(folder.root / "self/2020-07", folder.root / name)
    code, doc = quarter_json(folder.root, tmp_path / "out")
    assert code == 0
    unreadable = [p for p in doc["problems"] if p["code"] == "period_folder_unreadable"]
    assert [(p["severity"], p["file"]) for p in unreadable] == [("warning", name)]
    assert name.split("/")[1] in unreadable[0]["message"]


def test_the_event_log_is_read_from_a_month_folder_spelled_the_clerks_way(
    folder: Folder, tmp_path: Path
) -> None:
    folder.write()
    header = ["事件编号", "网格编号", "事件类型", "上报人", "上报时间", "办结时间"]
    rows = [["平台导出"], header, ["E1", "G01", "矛盾纠纷", "张一", "2020-08-03 09:00", "2020-08-03 15:00"]]
    rows.append(["E2", "G01", "矛盾纠纷", "张一", "昨天下午", None])
    write_book(folder.root / "events/2020年7月/导出.xlsx", {"事件": rows})
    code, doc = run_json("audit", "Q3", "--in", str(folder.root), "--out", str(tmp_path / "a"))
    assert code == 1
    assert {
        (p["code"], p["severity"], p["file"], p["cell"]) for p in doc["problems"] if p["severity"] != "note"
    } == {
        ("time_invalid", "error", "events/2020年7月/导出.xlsx", "E4"),
        ("event_outside_month", "warning", "events/2020年7月/导出.xlsx", "E3"),  # the folder's month: July
    }


# --- the year of a bare quarter


def copy_quarter(root: Path, year: int, quarter: int = 3, months: bool = True) -> None:
    """The 2020 quarter's folders copied as another year's."""
    shutil.copytree(root / "street/2020-Q3", root / f"street/{year}-Q{quarter}")
    if months:
        for m in range(3):
            shutil.copytree(root / f"self/2020-0{7 + m}", root / f"self/{year}-{3 * quarter - 2 + m:02d}")


def usage(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stderr


def test_a_bare_quarter_is_the_latest_year_that_holds_it(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    copy_quarter(folder.root, 2021, quarter=1)  # a new year's first quarter
    code, doc = run_json("quarter", "Q1", "--in", str(folder.root), "--out", str(tmp_path / "q1"))
    assert (code, doc["period"]) == (0, "2021-Q1")
    assert (tmp_path / "q1/2021-Q1/公示-2021-Q1.xlsx").exists()
    code, doc = quarter_json(folder.root, tmp_path / "q3")  # Q3 only in 2020
    assert (code, doc["period"]) == (0, "2020-Q3")


def test_a_quarter_held_by_a_month_folder_alone_counts(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    shutil.copytree(folder.root / "self/2020-07", folder.root / "self/2021年7月")  # filled in, street not yet
    code, doc = quarter_json(folder.root, tmp_path / "out")
    assert (code, doc["period"]) == (1, "2021-Q3")
    assert ("folder_missing", "street/2021-Q3") in {(p["code"], p["file"]) for p in doc["problems"]}


def test_the_rules_year_older_than_the_data_is_a_usage_error_naming_both(
    folder: Folder, tmp_path: Path
) -> None:
    folder.rules = "year = 2020\n"
    folder.write()
    copy_quarter(folder.root, 2021)
    out = tmp_path / "out"
    code, err = usage("quarter", "Q3", "--in", str(folder.root), "--out", str(out))
    assert code == 2
    assert "2020" in err and "2021" in err and "year" in err
    code, err = usage("quarter", "Q3", "--in", str(folder.root), "--out", str(out), "--lang", "en")
    assert code == 2 and "2021-Q3 or 2020-Q3" in err
    assert usage("audit", "Q3", "--in", str(folder.root), "--out", str(out))[0] == 2
    assert usage("check", "--in", str(folder.root), "--period", "Q3")[0] == 2
    assert not out.exists()
    # Said explicitly, either year is taken.
    code, doc = run_json("quarter", "Q3", "--year", "2020", "--in", str(folder.root), "--out", str(out))
    assert (code, doc["period"]) == (0, "2020-Q3")
    code, doc = run_json("quarter", "2021-Q3", "--in", str(folder.root), "--out", str(out))
    assert (code, doc["period"]) == (0, "2021-Q3")


def test_the_rules_year_stands_when_no_later_year_holds_the_quarter(folder: Folder, tmp_path: Path) -> None:
    folder.rules = "year = 2020\n"
    folder.write()
    copy_quarter(folder.root, 2019)
    code, doc = quarter_json(folder.root, tmp_path / "out")
    assert (code, doc["period"]) == (0, "2020-Q3")


def test_the_year_is_unknown_when_no_year_holds_the_quarter_and_several_have_data(folder: Folder) -> None:
    folder.write()
    copy_quarter(folder.root, 2021, quarter=1)
    code, doc = run_json("quarter", "Q2", "--in", str(folder.root), "--out", str(folder.root / "out"))
    assert code == 1
    assert [(p["code"], p["severity"]) for p in doc["problems"]] == [("year_unknown", "error")]
    assert "2020、2021" in doc["problems"][0]["message"]


def test_the_console_heading_names_the_year_taken(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    copy_quarter(folder.root, 2021)
    result = CliRunner().invoke(
        app, ["quarter", "Q3", "--in", str(folder.root), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 0
    assert "2021-Q3 网格考核结果" in result.stdout


def test_init_writes_no_active_year(tmp_path: Path) -> None:
    from gridscore.demo.data import RULES_TOML

    assert not re.search(r"^\s*year\s*=", RULES_TOML, re.MULTILINE)
    assert re.search(r"^# year = 2020", RULES_TOML, re.MULTILINE)
    shipped = (Path(__file__).resolve().parent.parent / "examples/demo/gridscore.toml").read_text(
        encoding="utf-8"
    )
    assert shipped == RULES_TOML


CN = "一二三四"


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=12))
def test_every_spelling_of_any_month_and_its_quarter(year: int, month: int) -> None:
    expected = Period(year, month=month)
    for name in (f"{year}-{month:02d}", f"{year}-{month}", f"{year}.{month:02d}", f"{year}年{month}月"):
        assert period_named(name) == expected, name
    quarter = (month + 2) // 3
    for name in (
        f"{year}-Q{quarter}",
        f"{year}q{quarter}",
        f"{year}年第{CN[quarter - 1]}季度",
        f"{year}年{quarter}季度",
    ):
        assert period_named(name) == expected.of_quarter == Period(year, quarter=quarter), name


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=13, max_value=99))
def test_a_month_beyond_twelve_is_flagged_never_read(year: int, month: int) -> None:
    for name in (f"{year}-{month}", f"{year}年{month}月"):
        assert period_named(name) is None and looks_like_period(name)
