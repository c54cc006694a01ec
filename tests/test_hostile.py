"""Hostile and foreign files under a time and memory limit, and what is written out.

Bombs and far cells are read in a child process with its address space capped, so a
runaway allocation fails that child, not the test run. Every workbook other projects keep
to test their readers (../shared/foreign-workbooks) is dropped into a data folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import Folder
from typer.testing import CliRunner

from gridscore.cli import app
from gridscore.workbooks.book import Book, safe_file_name

CORPUS = Path(os.environ.get("GRIDSCORE_CORPUS") or Path(__file__).parent / "corpus")  # CI: made afresh
FOREIGN = Path(__file__).resolve().parents[2] / "shared/foreign-workbooks"
ADDRESS_SPACE = 768 * 2**20  # the child's hard cap: far above what reading needs
CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from pathlib import Path
from gridscore.io import ReadError, read_input
path = Path(sys.argv[1])
start = time.perf_counter()
try:
    read_input(path, path.parent)
    code = "read"
except ReadError as error:
    code = error.code.value
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"code": code, "seconds": time.perf_counter() - start, "rss_mb": rss}}))
"""

HOSTILE = {
    "zip-bomb.xlsx": "file_too_large",
    "zip-ratio.xlsx": "file_too_large",
    "zip-sizes-lie.xlsx": "file_unreadable",
    "entity-bomb.xlsx": "file_unsafe",
    "external-entity.xlsx": "file_unsafe",
    "far-cell.xlsx": "range_too_large",
    "far-cell.xls": "range_too_large",
    "far-cell.ods": "range_too_large",
    "truncated.xlsx": "file_unreadable",
    "encrypted.xlsx": "file_encrypted",
    "bad-dimensions.xls": "file_unreadable",
}


def test_hostile_files_are_refused_within_a_second_and_200_mb() -> None:
    children = {
        name: subprocess.Popen(
            [sys.executable, "-c", CHILD.format(limit=ADDRESS_SPACE), str(CORPUS / name)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in HOSTILE
    }
    for name, child in children.items():
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, (name, err.decode(errors="replace")[-2000:])
        outcome = json.loads(out)
        assert outcome["code"] == HOSTILE[name], (name, outcome)
        assert outcome["seconds"] < 1.0, (name, outcome)
        assert outcome["rss_mb"] < 200, (name, outcome)


# ---------------------------------------------------------------- foreign workbooks


def _foreign() -> list[Path]:
    if not FOREIGN.is_dir():
        return []
    return sorted(p for p in FOREIGN.rglob("*") if p.is_file() and p.suffix.lower() not in (".md", ""))


FOREIGN_FILES = _foreign()
# Crafted to make a reader allocate gigabytes or panic: read in a capped child process.
DANGEROUS = re.compile(r"OOM|dos|panic", re.IGNORECASE)


@pytest.fixture(scope="module")
def small_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Checklist, roster and rules only; each test adds one street workbook."""
    full = Folder(tmp_path_factory.mktemp("full") / "data").write()
    root = tmp_path_factory.mktemp("small") / "data"
    root.mkdir()
    for name in ("checklist.xlsx", "roster.xlsx"):
        shutil.copy(full / name, root / name)
    (root / "gridscore.toml").write_text("[self]\nallow_missing_months = true\n", encoding="utf-8")
    return root


@pytest.mark.skipif(not FOREIGN_FILES, reason=f"{FOREIGN} is absent")
@pytest.mark.parametrize(
    "path", FOREIGN_FILES, ids=[p.relative_to(FOREIGN).as_posix() for p in FOREIGN_FILES]
)
def test_foreign_workbook_gets_a_problem_naming_it(small_folder: Path, tmp_path: Path, path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(small_folder, root)
    street = root / "street/2020-Q3"
    street.mkdir(parents=True)
    shutil.copy(path, street / path.name)
    args = ["check", "--in", str(root), "--period", "2020-Q3", "--format", "json"]
    if DANGEROUS.search(path.name):
        code = (
            f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}));"
            " from gridscore.cli import main; sys.argv[0] = 'gridscore'; main()"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, timeout=60, check=False
        )
        exit_code, stdout = proc.returncode, proc.stdout.decode()
        assert "Traceback" not in proc.stderr.decode(errors="replace")
    else:
        result = CliRunner().invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        exit_code, stdout = result.exit_code, result.stdout
    assert exit_code in (0, 1)
    doc = json.loads(stdout)
    assert any(p["file"] == f"street/2020-Q3/{path.name}" for p in doc["problems"]), doc["problems"]


def test_foreign_folder_is_found_or_the_skip_says_where() -> None:
    if not FOREIGN.is_dir():
        pytest.skip(f"foreign workbooks not found at {FOREIGN}")
    assert len(FOREIGN_FILES) > 100


# ---------------------------------------------------------------- writing safely


def test_names_with_control_characters_and_formula_text_are_written_as_clean_text(
    folder: Folder, tmp_path: Path
) -> None:
    """A roster read from CSV can hold any character: XML-forbidden ones are dropped, and
    text starting with = + - @ tab is text, never a formula."""
    folder.write()
    rows = [["网格编号", "网格名称", "村(社区)", "网格长", "网格员"]]
    leaders = {
        "G01": "张\x01一",
        "G02": "=1+1",
        "G03": "+1",
        "G04": "\t-2",
        "G05": "@SUM(A1)",
    }
    for grid_id, name, village, leader, members in folder.grids:
        rows.append([grid_id, name, village, leaders.get(grid_id, leader), members + "\x0b\x1f"])
    text = "\n".join(",".join(f'"{v}"' for v in row) for row in rows)
    (folder.root / "roster.csv").write_text(text, encoding="utf-8")
    (folder.root / "roster.xlsx").unlink()
    with (folder.root / "gridscore.toml").open("a", encoding="utf-8") as rules:
        rules.write('\n[paths]\nroster = "roster.csv"\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["quarter", "Q3", "--in", str(folder.root), "--out", str(out)])
    assert result.exit_code == 0, result.stdout
    for path in (out / "2020-Q3").iterdir():
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                data = z.read(name)
                assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data), (path.name, name)
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in data and b"<f " not in data, (path.name, name)
    cells = [
        c.value
        for row in openpyxl.load_workbook(out / "2020-Q3/公示-2020-Q3.xlsx").active.iter_rows()
        for c in row
    ]
    assert {"张一", "=1+1", "+1", "-2", "@SUM(A1)"} <= set(cells)  # read trimmed: "\t-2" is -2


def test_book_writes_text_that_looks_like_a_formula_as_text(tmp_path: Path) -> None:
    book = Book("t", 2)
    ws = book.sheet("s")
    values = ["=1+1", "+1", "-1", "@A1", "\t=1", "\x00=1", "a\x01b\x1fc\ufffe"]
    for row, value in enumerate(values):
        book.write(ws, row, 0, value)
    path = tmp_path / "t.xlsx"
    path.write_bytes(book.close())
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet
    cells = [row[0] for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    assert cells == ["=1+1", "+1", "-1", "@A1", "\t=1", "=1", "abc"]


def test_sheet_and_file_names_from_the_data_are_cleaned() -> None:
    book = Book("t", 2)
    first = book.safe_sheet_name("青山村[一]:网格*?/\\第一")
    assert not set("[]:*?/\\") & set(first)
    book.sheet(first)
    assert book.safe_sheet_name("青山村[一]:网格*?/\\第一") == first[:28] + "(2)"
    long = book.safe_sheet_name("𠀀" * 40)
    assert len(long.encode("utf-16-le")) <= 62
    assert book.safe_sheet_name("'History'") == "History_"
    assert safe_file_name('东坝/村:"一"?') == "东坝_村__一__"
    assert safe_file_name("CON") == "_CON"
    assert safe_file_name("a" * 200 + ". ") == "a" * 80
    book.close()


def test_gbk_console_redirected_to_a_file(folder: Folder, tmp_path: Path) -> None:
    folder.grids[0] = ("G01", "青山村第一网格", "青山村", "张𠀀", "")  # outside GBK
    folder.write()
    (folder.root / "self/2020-07/青山村.xlsx").write_bytes(b"")  # a problem naming a file
    log = tmp_path / "log.txt"
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    args = [sys.executable, "-c", "from gridscore.cli import main; main()", "check", "--in", str(folder.root)]
    with log.open("wb") as stream:
        proc = subprocess.run(args, env=env, stdout=stream, stderr=subprocess.PIPE, check=False)
    assert proc.returncode == 1, proc.stderr.decode("gbk", "replace")
    assert "文件是空的" in log.read_bytes().decode("gbk")
