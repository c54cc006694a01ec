"""The same results whether the workbooks are read in one process or in two."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Folder, run_json

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
