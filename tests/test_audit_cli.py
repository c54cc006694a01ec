"""gridscore audit and the quarter's detail workbook, on the demo street's planted patterns."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from conftest import Folder, run, run_json, write_book

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
PLANTED = {
    ("burst", "SQ03", "田刚", "2020-08"),
    ("rush", "XG04", "任福生、郭福生", "2020-09"),
    ("silent", "TY04", "沈春梅、段超", "2020-07"),
    ("impossible", "DB02", "彭卫东", "2020-08"),
}


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("out")
    code, doc = run_json("audit", "2020-Q3", "--in", str(DEMO), "--out", str(out))
    assert code == 0, doc["problems"]
    return doc, out


def test_audit_finds_the_planted_patterns_and_nothing_else(audited: tuple[dict, Path]) -> None:
    doc, _ = audited
    assert doc["period"] == "2020-Q3"
    assert {(f["signal"], f["grid_id"], f["person"], f["month"]) for f in doc["flags"]} == PLANTED
    burst = next(f for f in doc["flags"] if f["signal"] == "burst")
    assert len(burst["events"]) == 12 and "12 起" in burst["detail"]
    assert len(doc["stats"]) == 85 * 3
    assert doc["totals"]["records"] > 5000


def test_audit_workbook_has_a_row_per_flag(audited: tuple[dict, Path]) -> None:
    doc, out = audited
    wb = openpyxl.load_workbook(out / "2020-Q3/核查-2020-Q3.xlsx")
    assert wb.sheetnames == ["核查标记", "统计", "事件明细"]
    rows = [r for r in wb["核查标记"].iter_rows(min_row=4, values_only=True) if r[0] is not None]
    assert len(rows) == len(doc["flags"])


def test_quarter_adds_flags_to_the_detail_but_never_the_notice(tmp_path: Path) -> None:
    code, _ = run_json("quarter", "Q3", "--in", str(DEMO), "--out", str(tmp_path))
    assert code == 0
    detail = openpyxl.load_workbook(tmp_path / "2020-Q3/明细-2020-Q3.xlsx")
    assert "核查标记" in detail.sheetnames
    flagged = {r[2] for r in detail["核查标记"].iter_rows(min_row=4, values_only=True) if r[0] is not None}
    assert flagged == {"SQ03", "XG04", "TY04", "DB02"}
    for name in ("公示-2020-Q3.xlsx", "表彰名单-2020-Q3.xlsx", "提醒谈话名单-2020-Q3.xlsx"):
        wb = openpyxl.load_workbook(tmp_path / "2020-Q3" / name)
        cells = " ".join(
            str(v) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r if v
        )
        assert wb.sheetnames != ["核查标记"] and "核查标记" not in wb.sheetnames
        for word in ("核查", "集中办结", "突击录入", "SJ2020"):
            assert word not in cells


def test_event_log_errors_stop_the_audit_but_not_the_quarter(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    header = ["事件编号", "网格编号", "事件类型", "上报人", "上报时间", "办结时间"]
    rows = [["平台导出"], header, ["E1", "G01", "矛盾纠纷", "张一", "2020-07-03 09:00", "2020-07-03 15:00"]]
    rows.append(["E2", "G01", "矛盾纠纷", "张一", "昨天下午", None])
    write_book(folder.root / "events/2020-07/导出.xlsx", {"事件": rows})
    code, doc = run_json("audit", "Q3", "--in", str(folder.root), "--out", str(tmp_path / "a"))
    assert code == 1
    assert [(p["code"], p["cell"]) for p in doc["problems"] if p["severity"] == "error"] == [
        ("time_invalid", "E4")
    ]
    assert doc["flags"] == []
    code, doc = run_json("quarter", "Q3", "--in", str(folder.root), "--out", str(tmp_path / "q"))
    assert code == 0
    assert [(p["code"], p["severity"]) for p in doc["problems"] if p["code"] == "time_invalid"] == [
        ("time_invalid", "warning")
    ]
    assert all(g["composite"] == "84.00" for g in doc["grids"])


def test_audit_without_an_event_log_still_checks_the_rater_sheets(folder: Folder, tmp_path: Path) -> None:
    folder.self_scores = {g: [{"DJ-01": 40, "ZZ-01": 60}] for g in folder.self_scores}
    folder.write()
    code, doc = run_json("audit", "Q3", "--in", str(folder.root), "--out", str(tmp_path))
    assert code == 0
    assert {p["code"] for p in doc["problems"] if p["severity"] == "warning"} == {"folder_missing"}
    # Every rater sheet gives full marks: one straight_line flag per village and month.
    assert {(f["signal"], f["person"]) for f in doc["flags"]} == {("straight_line", "评分人1")}
    assert len(doc["flags"]) == 2 * 3


CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_audit_evidence_speaks_the_console_language(tmp_path: Path) -> None:
    """--lang en words the evidence in English (only data such as names stays Chinese);
    the Chinese console is unchanged."""
    code, doc = run_json("audit", "2020-Q3", "--in", str(DEMO), "--out", str(tmp_path / "j"))
    assert code == 0
    code, en = run("audit", "2020-Q3", "--in", str(DEMO), "--out", str(tmp_path / "en"), "--lang", "en")
    assert code == 0
    data = {k for s in doc["stats"] for k in s["records_by_type"]}
    data |= {p for f in doc["flags"] for p in f["person"].split("、")}
    data |= {line.split("│")[1].split()[1] for line in en.splitlines() if re.match(r"│ [A-Z]{2}\d\d ", line)}
    for word in sorted(data, key=len, reverse=True):
        en = en.replace(word, "")
    en = en.replace("扣分", "")  # the checklist's item type, named as the clerk sees it
    rows = [line for line in en.splitlines() if line.startswith("│")]
    assert len(rows) >= 4 and not [r for r in rows if CJK.search(r.replace("、", ""))]
    code, zh = run("audit", "2020-Q3", "--in", str(DEMO), "--out", str(tmp_path / "zh"))
    assert code == 0
    assert "2020-08-27 15:08 至 15:56 办结矛盾纠纷 12 起，用时 48 分钟（阈值：60 分钟内 10 起）" in zh
    assert not CJK.search(next(line for line in en.splitlines() if "(1)" in line))


def test_audit_on_an_existing_output_exits_3_with_the_audits_document(
    audited: tuple[dict, Path],
) -> None:
    """SPEC §8's shape, flags and stats empty, the problem naming the file (never a quarter's
    document with "grids")."""
    _, out = audited
    code, doc = run_json("audit", "2020-Q3", "--in", str(DEMO), "--out", str(out))
    assert code == 3
    assert set(doc) == {"period", "flags", "stats", "totals", "problems"}
    assert (doc["period"], doc["flags"], doc["stats"]) == ("2020-Q3", [], [])
    assert [p["code"] for p in doc["problems"]] == ["output_exists"]
    assert doc["problems"][0]["file"].endswith("核查-2020-Q3.xlsx")
