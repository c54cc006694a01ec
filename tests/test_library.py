"""The library face: gridscore.quarter/year/audit/check, records and to_pandas, on the demo;
the records equal the CLI's JSON; `import gridscore` stays light; the README's example runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run_json

import gridscore

ROOT = Path(__file__).parent.parent
DEMO = ROOT / "examples" / "demo"
HEAVY = ("pandas", "numpy", "openpyxl", "xlsxwriter", "python_calamine", "pydantic", "pydantic_core")


def _as_json(rows: list[dict]) -> list[dict]:
    """Rows as the JSON writes them: every Decimal as its string (exact: no float on the way)."""
    return json.loads(json.dumps(rows, default=str, ensure_ascii=False))


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo for the CLI, which writes its workbooks under the data folder."""
    copy = tmp_path_factory.mktemp("face") / "demo"
    shutil.copytree(DEMO, copy, ignore=shutil.ignore_patterns("out"))
    return copy


@pytest.fixture(scope="module")
def q3() -> tuple:
    return gridscore.quarter(DEMO, "2020-Q3")


@pytest.fixture(scope="module")
def audited() -> tuple:
    return gridscore.audit(str(DEMO), "2020-Q3")


def _loaded_after(statements: str) -> list[str]:
    """The heavy top-level modules a fresh interpreter holds after the statements."""
    code = f"import sys\n{statements}\nprint(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1].replace("'", '"'))


def test_import_and_help_load_no_heavy_module() -> None:
    help_ = "from gridscore.cli import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass"
    assert _loaded_after(f"import gridscore\nassert gridscore.__version__\n{help_}") == []


def test_records_and_to_pandas_load_pandas_only_when_called() -> None:
    assert "pandas" not in _loaded_after("import gridscore\ngridscore.records, gridscore.to_pandas")


def test_every_name_of_the_face_resolves() -> None:
    import gridscore.audit as _  # the sub-package, imported: gridscore.audit stays the function
    from gridscore import api, problems, tabular

    for name in gridscore.__all__:
        assert getattr(gridscore, name) is not None
    assert gridscore.audit is api.audit
    assert gridscore.InputError is problems.InputError
    assert gridscore.to_pandas is tabular.to_pandas
    assert set(gridscore.__all__) <= set(dir(gridscore))
    with pytest.raises(AttributeError):
        _ = gridscore.no_such_name


def test_quarter_records_are_the_json(q3: tuple, demo_copy: Path) -> None:
    result, report = q3
    rows = gridscore.records(result)
    assert len(rows) == 85
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    code, doc = run_json("quarter", "2020-Q3", "--in", str(demo_copy))
    assert code == 0
    assert _as_json(rows) == doc["grids"]
    for row, grid in zip(rows, doc["grids"], strict=True):
        for key in ("self", "street", "composite"):
            assert isinstance(row[key], Decimal)
            assert row[key] == Decimal(grid[key])
    assert gridscore.records(report) == doc["problems"]  # a report's problems as rows


def test_quarter_to_pandas_dtypes(q3: tuple) -> None:
    df = gridscore.to_pandas(q3[0])
    assert df.shape == (85, 14)
    dtypes = {column: str(dtype) for column, dtype in df.dtypes.items()}
    assert dtypes["rank"] == "int64"
    assert dtypes["rank_change"] == "Int64"
    assert {dtypes[c] for c in ("vetoed", "commended", "interviewed")} == {"bool"}
    assert {dtypes[c] for c in ("self", "street", "composite", "grid_id", "flags")} == {"object"}
    assert all(isinstance(v, Decimal) for v in df["composite"])
    assert all(isinstance(v, list) for v in df["flags"])
    assert df["commended"].sum() == len(df[df["commended"]]) >= 10
    assert list(df["composite"]) == [r["composite"] for r in gridscore.records(q3[0])]


def test_year_records_and_frame(demo_copy: Path) -> None:
    result, _ = gridscore.year(DEMO, 2020)
    rows = gridscore.records(result)
    code, doc = run_json("year", "2020", "--in", str(demo_copy), "--force")
    assert code == 0
    assert _as_json(rows) == doc["grids"]
    assert all(isinstance(v, Decimal) for r in rows for v in r["quarters"].values())
    df = gridscore.to_pandas(result)
    assert len(df) == 85
    assert {"Q1", "Q2", "Q3", "Q4"} <= set(df.columns)
    assert "quarters" not in df.columns
    assert df["Q3"].tolist() == [r["quarters"]["Q3"] for r in rows]
    assert df["rank_change"].isna().all()


def test_audit_records_are_the_json(audited: tuple, demo_copy: Path) -> None:
    result, _ = audited
    code, doc = run_json("audit", "2020-Q3", "--in", str(demo_copy), "--force")
    assert code == 0
    assert _as_json(gridscore.records(result)) == doc["flags"] != []
    assert _as_json(gridscore.records(result, "stats")) == doc["stats"]
    stats = gridscore.to_pandas(result, "stats")
    assert str(stats["events"].dtype) == "int64"
    assert all(v is None or isinstance(v, Decimal) for v in stats["closure_rate"])
    flags = gridscore.to_pandas(result)
    assert list(flags.columns) == ["signal", "grid_id", "person", "month", "detail", "events", "numbers"]
    assert all(isinstance(v, list) for v in flags["events"])
    with pytest.raises(TypeError):
        gridscore.records(result, "grids")


def test_check_gives_each_period_its_problems_as_a_table() -> None:
    by_period, shared = gridscore.check(DEMO)
    assert [str(p) for p in by_period] == ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]
    assert not shared.has_errors and not any(r.has_errors for r in by_period.values())
    df = gridscore.to_pandas(by_period)
    assert list(df.columns) == ["period", "severity", "code", "file", "sheet", "cell", "message"]
    assert len(df) == sum(len(r) for r in by_period.values())
    empty = gridscore.to_pandas(shared)
    assert empty.shape == (0, 6)
    assert list(gridscore.check(DEMO, ["2020-Q3"])[0]) == [gridscore.parse_period("Q3", 2020)]


def test_input_error_on_a_broken_folder(tmp_path: Path) -> None:
    broken = tmp_path / "demo"
    shutil.copytree(DEMO, broken, ignore=shutil.ignore_patterns("out"))
    shutil.rmtree(broken / "self" / "2020-08")
    for entry_point in (gridscore.quarter, gridscore.audit):
        with pytest.raises(gridscore.InputError) as caught:
            entry_point(broken, "2020-Q3")
        assert caught.value.report.has_errors
    with pytest.raises(gridscore.InputError) as caught:
        gridscore.year(broken, 2020)
    rows = gridscore.records(caught.value.report)
    assert {r["severity"] for r in rows} >= {"error"}
    (broken / "roster.xlsx").unlink()
    by_period, shared = gridscore.check(broken, ["2020-Q3"])  # check reports, never raises
    assert list(by_period) == [gridscore.Period(2020, quarter=3)]
    assert shared.has_errors
    assert gridscore.Code.FILE_MISSING in {p.code for p in shared}


def test_a_period_is_named_or_refused() -> None:
    with pytest.raises(ValueError, match="2020-Q3"):
        gridscore.quarter(DEMO, "Q3")  # a bare quarter needs its year: parse_period("Q3", 2020)
    assert gridscore.parse_period("2020年第三季度") == gridscore.Period(2020, quarter=3)


def test_to_pandas_without_pandas_says_what_to_install(q3: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r'pip install "gridscore\[pandas\]"') as caught:
        gridscore.to_pandas(q3[0])
    assert "需要安装 pandas" in str(caught.value)


def test_the_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("\n```", 1)[0]
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert len(namespace["rows"]) == 85
    assert namespace["df"].shape[0] == 85
    assert "青山村第五网格 98.78" in capsys.readouterr().out
