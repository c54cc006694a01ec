"""The written workbooks: the public notice, the lists, the detail, and safe writing."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import Folder, lists_folder, quarter_json, run
from typer.testing import CliRunner

from gridscore.cli import app
from gridscore.io import write_outputs
from gridscore.problems import OutputError

NOTICE_COLUMNS = ["排名", "村(社区)", "网格名称", "网格长", "村自考得分", "街道考核得分", "综合得分"]


def cells(path: Path) -> list[list[object]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def written(folder: Folder, out: Path) -> dict:
    folder.write()
    code, doc = quarter_json(folder.root, out)
    assert code == 0, doc["problems"]
    return doc


def test_public_notice_holds_every_grid_and_nothing_internal(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder).self_scores["G02"] = [{"DJ-01": 34, "ZZ-01": 51}, {"DJ-01": 34, "ZZ-01": 51}]
    doc = written(folder, tmp_path / "out")
    path = tmp_path / "out/2020-Q3/公示-2020-Q3.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["公示"]
    assert all(ws.sheet_state == "visible" for ws in wb.worksheets)
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "示例街道2020年第三季度网格化工作考核结果公示"
    assert rows[2] == NOTICE_COLUMNS
    body = rows[3 : 3 + len(doc["grids"])]
    assert [(r[0], r[2], f"{r[6]:.2f}") for r in body] == [
        (g["rank"], g["grid_name"], g["composite"]) for g in doc["grids"]
    ]
    closing = [r[0] for r in rows[3 + len(body) :] if r[0]]
    # Without notice.start the dates are blanks to fill in by hand.
    assert closing == [
        "公示期：____年__月__日至____年__月__日（共5天）",
        "公示期内，对考核结果如有异议，请向街道网格办反映。",
        "特此公示。",
        "示例街道网格化服务管理中心",
        "____年__月__日",
    ]
    text = " ".join(str(v) for r in rows for v in r if v is not None)
    for internal in ("提醒谈话", "评分人", "G01", "网格员", "李一"):
        assert internal not in text
    # Print-ready: A4, one page wide, header row repeated on every page.
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the OOXML default, so it may be omitted
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"


def test_vetoed_grid_is_marked_in_the_notice(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder).street["G01"]["FJ-01"] = "是"
    written(folder, tmp_path / "out")
    rows = cells(tmp_path / "out/2020-Q3/公示-2020-Q3.xlsx")
    assert rows[2] == [*NOTICE_COLUMNS, "备注"]
    table = [r for r in rows[3:] if isinstance(r[0], int)]
    assert (table[-1][0], table[-1][2], table[-1][7]) == (6, "青山村第一网格", "一票否决")  # ranked last
    assert [r[7] for r in table[:-1]] == [""] * 5


def test_lists_name_leaders_members_and_reasons(folder: Folder, tmp_path: Path) -> None:
    lists_folder(folder).street["G01"]["FJ-01"] = "是"
    written(folder, tmp_path / "out")
    commend = cells(tmp_path / "out/2020-Q3/表彰名单-2020-Q3.xlsx")
    # The notice's column order, with 序号 first and 网格员 and the reason added.
    assert commend[2] == ["序号", "排名", "村(社区)", "网格名称", "网格长", "网格员", "综合得分", "原因"]
    assert [r[3] for r in commend[3:] if isinstance(r[0], int)] == ["青山村第二网格", "青山村第三网格"]
    interview = cells(tmp_path / "out/2020-Q3/提醒谈话名单-2020-Q3.xlsx")
    reasons = {r[3]: r[7] for r in interview[3:] if isinstance(r[0], int)}
    assert reasons["青山村第一网格"] == "一票否决：发生重大安全事故"
    assert reasons["东坝村第三网格"].startswith("综合排名后2名（")
    assert "多于规定的 2 个" in interview[1][0]
    members = {r[3]: r[5] for r in interview[3:] if isinstance(r[0], int)}
    assert members["东坝村第一网格"] == "钱四、孙四"


def test_detail_workbook_explains_every_number(folder: Folder, tmp_path: Path) -> None:
    folder.self_scores["G01"] = [{"DJ-01": 35.01, "ZZ-01": 50}, {"DJ-01": 35.02, "ZZ-01": 50}]
    written(folder, tmp_path / "out")
    wb = openpyxl.load_workbook(tmp_path / "out/2020-Q3/明细-2020-Q3.xlsx")
    assert wb.sheetnames == [
        "汇总",
        "村自考明细",
        "街道得分-按类别",
        "街道得分-按部门",
        "部门报送",
        "警告与提示",
        "规则与来源",
    ]
    raters = [r for r in wb["村自考明细"].iter_rows(values_only=True) if r[0] == "G01" and r[2] == "2020-07"]
    # One row per grid and month, the raters' totals together.
    assert [(r[4], r[5], r[6]) for r in raters] == [(2, "评分人1 85.01、评分人2 85.02", 85.02)]
    departments = {r[0]: r[1:7] for r in wb["部门报送"].iter_rows(min_row=2, values_only=True)}
    # 1 base item x 6 grids, all scored; the bonus item JF-01 apart (optional, none filled).
    assert departments["党建办"] == (1, 6, 6, 0, 1, 0)
    sources = [r for r in wb["规则与来源"].iter_rows(values_only=True) if r[0] == "checklist.xlsx"]
    assert len(sources) == 1 and len(sources[0][1]) == 64


def test_second_run_refuses_to_overwrite_without_force(folder: Folder, tmp_path: Path) -> None:
    out = tmp_path / "out"
    written(folder, out)
    notice = out / "2020-Q3/公示-2020-Q3.xlsx"
    before = notice.read_bytes()
    folder.street["G01"]["DJ-01"] = 20
    folder.write()
    result = CliRunner().invoke(app, ["quarter", "Q3", "--in", str(folder.root), "--out", str(out)])
    assert result.exit_code == 3
    assert "已存在" in result.stderr and "--force" in result.stderr
    assert notice.read_bytes() == before
    code, _ = run("quarter", "Q3", "--in", str(folder.root), "--out", str(out), "--force")
    assert code == 0
    assert notice.read_bytes() != before


def test_unwritable_output_exits_3_and_replaces_nothing(folder: Folder, tmp_path: Path) -> None:
    out = tmp_path / "out"
    written(folder, out)
    before = {p.name: p.read_bytes() for p in (out / "2020-Q3").iterdir()}
    # A folder where the detail workbook goes cannot be replaced, like a file Excel holds open.
    detail = out / "2020-Q3/明细-2020-Q3.xlsx"
    detail.unlink()
    detail.mkdir()
    code, _ = run("quarter", "Q3", "--in", str(folder.root), "--out", str(out), "--force")
    assert code == 3
    after = {p.name: p.read_bytes() for p in (out / "2020-Q3").iterdir() if p.is_file()}
    assert after == {k: v for k, v in before.items() if k != detail.name}
    assert sorted(p.name for p in (out / "2020-Q3").iterdir()) == sorted(before)  # no temp files


def test_text_that_looks_like_a_formula_is_written_as_text(folder: Folder, tmp_path: Path) -> None:
    folder.grids[0] = ("G01", "青山村第一网格", "青山村", "=1+1", "@SUM(A1)、-2")
    written(folder, tmp_path / "out")
    for name in ("公示-2020-Q3.xlsx", "表彰名单-2020-Q3.xlsx", "明细-2020-Q3.xlsx"):
        path = tmp_path / "out/2020-Q3" / name
        with zipfile.ZipFile(path) as z:
            assert not any(
                b"<f>" in z.read(n) or b"<f " in z.read(n)
                for n in z.namelist()
                if n.startswith("xl/worksheets/")
            )
        values = [c for r in openpyxl.load_workbook(path).worksheets[0].iter_rows() for c in r]
        assert any(c.value == "=1+1" and c.data_type == "s" for c in values)


def test_same_inputs_give_byte_identical_workbooks(
    folder: Folder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    folder.write()
    for out in ("a", "b"):
        assert quarter_json(folder.root, tmp_path / out)[0] == 0
    for path in (tmp_path / "a/2020-Q3").iterdir():
        assert path.read_bytes() == (tmp_path / "b/2020-Q3" / path.name).read_bytes(), path.name


def test_inputs_are_only_read(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    before = {p: p.read_bytes() for p in folder.root.rglob("*") if p.is_file()}
    assert quarter_json(folder.root, tmp_path / "out")[0] == 0
    assert {p: p.read_bytes() for p in folder.root.rglob("*") if p.is_file()} == before


def test_table_summary_on_the_console(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    code, text = run("quarter", "Q3", "--in", str(folder.root), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "共 6 个网格" in text and "公示-2020-Q3.xlsx" in text


def test_gbk_console_does_not_crash(folder: Folder, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    folder.grids[0] = ("G01", "青山村第一网格", "青山村", "张𠀀", "")  # outside GBK
    folder.write()
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    args = [sys.executable, "-c", "from gridscore.cli import main; main()", "quarter", "Q3"]
    args += ["--in", str(folder.root), "--out", str(tmp_path / "out")]
    proc = subprocess.run(args, env=env, capture_output=True, check=False)
    assert proc.returncode == 0, proc.stderr.decode("gbk", "replace")
    assert "共 6 个网格" in proc.stdout.decode("gbk")


def test_notice_dates_issuer_and_fonts_from_the_rules(folder: Folder, tmp_path: Path) -> None:
    folder.rules = (
        '[notice]\nstart = 2020-12-30\ndays = 5\nissuer = "示例街道党工委"\nabout = true\n'
        '[fonts]\nbody = "仿宋_GB2312"\ntitle = "方正小标宋简体"\n'
    )
    written(folder, tmp_path / "out")
    ws = openpyxl.load_workbook(tmp_path / "out/2020-Q3/公示-2020-Q3.xlsx").worksheets[0]
    texts = [r[0].value for r in ws.iter_rows() if r[0].value]
    assert texts[0] == "关于示例街道2020年第三季度网格化工作考核结果的公示"
    assert "公示期：2020年12月30日至2021年1月3日（共5天）" in texts  # across the year end
    assert texts[-2:] == ["示例街道党工委", "2020年12月30日"]
    assert ws["A1"].font.name == "方正小标宋简体" and ws["A4"].font.name == "仿宋_GB2312"
    commend = openpyxl.load_workbook(tmp_path / "out/2020-Q3/表彰名单-2020-Q3.xlsx").worksheets[0]
    assert [r[0].value for r in commend.iter_rows() if r[0].value][-2:] == [
        "示例街道党工委",
        "2020年12月30日",
    ]


def test_notice_without_street_name_or_issuer_warns(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    (folder.root / "gridscore.toml").write_text("", encoding="utf-8")
    code, doc = quarter_json(folder.root, tmp_path / "out")
    assert code == 0
    assert [(p["severity"], p["file"]) for p in doc["problems"] if p["code"] == "issuer_missing"] == [
        ("warning", "gridscore.toml")
    ]
    texts = [r[0] for r in cells(tmp_path / "out/2020-Q3/公示-2020-Q3.xlsx") if r[0]]
    assert texts[-2:] == ["特此公示。", "____年__月__日"]  # no 落款 to print, the date still to fill in


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
