"""The same results whether the workbooks are read in one process or in two."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Folder, run_json, write_book

from gridscore.problems import Code

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"


def test_one_worker_and_two_give_identical_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    docs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("GRIDSCORE_WORKERS", workers)
        out = tmp_path / workers
        code, docs[workers] = run_json("quarter", "Q3", "--in", str(DEMO), "--out", str(out))
        assert code == 0
    assert docs["1"] == docs["2"]
    for path in (tmp_path / "1/2020-Q3").iterdir():
        assert path.read_bytes() == (tmp_path / "2/2020-Q3" / path.name).read_bytes(), path.name


def test_problems_are_the_same_in_parallel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import openpyxl

    data = tmp_path / "demo"
    shutil.copytree(DEMO, data)
    path = data / "self/2020-08/青山村.xlsx"
    wb = openpyxl.load_workbook(path)
    wb.worksheets[1]["E5"] = "优"
    wb.save(path)
    docs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("GRIDSCORE_WORKERS", workers)
        code, docs[workers] = run_json("check", "--in", str(data), "--period", "2020-Q3")
        assert code == 1
    assert docs["1"] == docs["2"]
    assert [p["cell"] for p in docs["2"]["problems"] if p["code"] == "not_a_number"] == ["E5"]


def test_a_period_asked_for_twice_gets_the_same_report_twice(folder: Folder) -> None:
    from gridscore import api

    folder.street["G02"]["DJ-01"] = "优"
    folder.write()
    q3 = api.Period(2020, quarter=3)
    for workers in (1, 2):
        with api.Loader(folder.root, None, workers) as loader:
            first, second = [report for _, report in loader.quarters([q3, q3])]
        assert [p.code for p in first] == [p.code for p in second] != []


EVENT_HEADER = ["事件编号", "网格编号", "事件类型", "上报人", "上报时间", "办结时间", "办结人", "事件描述"]


def event_logs(folder: Folder, plant: dict[tuple[str, int], list[list[object]]] | None = None) -> int:
    """Four exports a month (12 files, enough for the worker pool), each a day's records of
    every grid; `plant` adds rows to the export (month, n). Returns the number of files."""
    from gridscore.load import PARALLEL_FROM

    files = 0
    for month in ("2020-07", "2020-08", "2020-09"):
        for n in range(1, 5):
            rows: list[list[object]] = [["一体化平台事件导出"], EVENT_HEADER]
            for g, (grid, *_rest, leader, _) in enumerate(folder.grids):
                at = f"{month}-{n + 10:02d} {9 + g}:{5 * n:02d}"
                rows.append([f"{month}-{grid}-{n}a", grid, "打卡签到", leader, at, None, None, None])
                closed = f"{month}-{n + 11:02d} 10:00"
                rows.append([f"{month}-{grid}-{n}b", grid, "矛盾纠纷", leader, at, closed, None, "纠纷"])
            rows += (plant or {}).get((month, n), [])
            write_book(folder.root / "events" / month / f"导出{n}.xlsx", {"事件": rows})
            files += 1
    assert files >= PARALLEL_FROM
    return files


def _audit_both_ways(root: Path) -> list[tuple]:
    import gridscore
    from gridscore.problems import InputError

    outcomes = []
    for workers in (1, 2):
        try:
            audited, report = gridscore.audit(root, "2020-Q3", workers=workers)
        except InputError as error:
            outcomes.append((None, [], list(error.report)))
        else:
            outcomes.append((audited.result, list(audited.events), list(report)))
    return outcomes


def test_event_logs_read_in_the_workers_give_the_events_of_one_process(folder: Folder) -> None:
    folder.write()
    late = ["L1", "G01", "信息采集", "张一", "2020-08-01 09:00", None, None, None]  # in 2020-07's export
    event_logs(folder, {("2020-07", 4): [late]})
    (result1, events1, report1), (result2, events2, report2) = _audit_both_ways(folder.root)
    assert events1 == events2 and len(events1) == 12 * 2 * len(folder.grids) + 1
    assert result1 == result2 and result1 is not None
    assert report1 == report2
    assert [(p.code, p.file, p.cell) for p in report2 if p.code == Code.EVENT_OUTSIDE_MONTH] == [
        (Code.EVENT_OUTSIDE_MONTH, "events/2020-07/导出4.xlsx", "E15")
    ]


def test_event_log_problems_are_the_same_in_the_workers_and_named_across_files(folder: Folder) -> None:
    """A 事件编号 seen in an earlier file (or row) is found across the workers' files; every
    other problem as one process finds it, in the same order."""
    folder.write()
    again = ["2020-07-G01-1b", "G02", "信息采集", "张二", "2020-08-03 09:00", None, None, None]
    plant = {
        ("2020-08", 2): [again, ["B1", "G99", "信息采集", "张二", "2020-08-03 09:00"]],
        ("2020-09", 3): [["C1", "G03", "信息采集", "张三", "下午三点"], again, ["C1", "G03", "签到", "张三"]],
    }
    event_logs(folder, plant)
    (_, _, report1), (result, _, report2) = _audit_both_ways(folder.root)
    assert result is None and report1 == report2
    found = [
        (p.code, p.file, p.cell, p.params.get("first", "")) for p in report2 if p.file.startswith("events")
    ]
    first = "events/2020-07/导出1.xlsx › 事件 › A4"
    assert found == [
        (Code.EVENT_DUPLICATE, "events/2020-08/导出2.xlsx", "A15", first),
        (Code.UNKNOWN_GRID, "events/2020-08/导出2.xlsx", "B16", ""),
        (Code.TIME_INVALID, "events/2020-09/导出3.xlsx", "E15", ""),
        (Code.EVENT_DUPLICATE, "events/2020-09/导出3.xlsx", "A16", first),
        (Code.EVENT_DUPLICATE, "events/2020-09/导出3.xlsx", "A17", "events/2020-09/导出3.xlsx › 事件 › A15"),
        (Code.VALUE_MISSING, "events/2020-09/导出3.xlsx", "E17", ""),
    ]


SPAWNED = """
import multiprocessing, pickle, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def heavy_modules():
    return sorted(m for m in ("pydantic", "rich", "typer") if m in sys.modules)


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn", force=True)  # as on Windows
    import gridscore
    from gridscore import load

    root = Path(sys.argv[1])
    audited, report = gridscore.audit(root, "2020-Q3", workers=2)
    with load.Loader(root, workers=1) as loader:
        items, grids = loader.checklist_and_roster
    with ProcessPoolExecutor(1, initializer=load._start, initargs=(items, grids)) as pool:
        task = load._Task("events", root / "events/2020-07/导出1.xlsx", root)
        done = pool.submit(load._check, task).result()
        heavy = pool.submit(heavy_modules).result()
    sys.stdout.buffer.write(pickle.dumps((audited.result, list(audited.events), list(report), done, heavy)))
"""


def test_workers_started_afresh_read_the_same_and_import_no_pydantic(folder: Folder, tmp_path: Path) -> None:
    """Windows starts its workers afresh (spawn): they need nothing this process holds, give
    the same events and results, and import what they read with only (no pydantic, no rich)."""
    import pickle
    import subprocess
    import sys

    import gridscore
    from gridscore import load

    folder.write()
    event_logs(folder)
    script = tmp_path / "spawned.py"
    script.write_text(SPAWNED, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(folder.root)], capture_output=True, check=True)
    result, events, report, done, heavy = pickle.loads(out.stdout)
    audited, here = gridscore.audit(folder.root, "2020-Q3", workers=1)
    assert (result, events, report) == (audited.result, list(audited.events), list(here))
    with load.Loader(folder.root, workers=1) as loader:
        load._start(*loader.checklist_and_roster)
    assert done == load._check(load._Task("events", folder.root / "events/2020-07/导出1.xlsx", folder.root))
    assert heavy == []
