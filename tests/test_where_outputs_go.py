"""A clerk finds the outputs: they go into the data folder by default, and every written
path is printed in full, with the folder, whichever folder the command was started from."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Folder, run

QUARTER_FILES = [
    "公示-2020-Q3.xlsx",
    "表彰名单-2020-Q3.xlsx",
    "提醒谈话名单-2020-Q3.xlsx",
    "明细-2020-Q3.xlsx",
]


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command is started from another folder (as from C:\\Users\\… on Windows)."""
    start = tmp_path / "start"
    start.mkdir()
    monkeypatch.chdir(start)
    return start


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def test_quarter_writes_into_the_data_folder_and_prints_absolute_paths(
    folder: Folder, elsewhere: Path
) -> None:
    root = folder.write()
    code, text = run("quarter", "Q3", "--in", str(root))
    assert code == 0, text
    target = (root / "out" / "2020-Q3").resolve()
    assert sorted(p.name for p in target.iterdir()) == sorted(QUARTER_FILES)
    assert not (elsewhere / "out").exists()
    lines = _lines(text)
    for name in QUARTER_FILES:
        assert str(target / name) in lines
    assert f"文件都在这个文件夹：{target}" in lines


def test_a_relative_out_is_printed_in_full(folder: Folder, elsewhere: Path) -> None:
    root = folder.write()
    code, text = run("quarter", "Q3", "--in", str(root), "--out", "结果", "--lang", "en")
    assert code == 0, text
    target = (elsewhere / "结果" / "2020-Q3").resolve()
    assert str(target / "公示-2020-Q3.xlsx") in _lines(text)
    assert f"the files are in: {target}" in _lines(text)


def test_year_and_audit_default_to_the_data_folder(folder: Folder, elsewhere: Path) -> None:
    root = folder.write()
    code, text = run("year", "2020", "--partial", "--in", str(root))
    assert code == 0, text
    assert str((root / "out" / "2020" / "公示-2020.xlsx").resolve()) in _lines(text)
    code, text = run("audit", "Q3", "--in", str(root))
    assert code == 0, text
    assert str((root / "out" / "2020-Q3" / "核查-2020-Q3.xlsx").resolve()) in _lines(text)


def test_template_prints_its_folder_in_full(folder: Folder, elsewhere: Path) -> None:
    root = folder.write()
    code, text = run("template", "--in", str(root), "--period", "2020-07")
    assert code == 0, text
    target = (root / "templates" / "self" / "2020-07").resolve()
    assert target.is_dir()
    assert str(target) in text
    assert str(target / "青山村.xlsx") in _lines(text)


def test_an_output_that_exists_is_named_in_full(folder: Folder, elsewhere: Path) -> None:
    from typer.testing import CliRunner

    from gridscore.cli import app

    root = folder.write()
    relative = os.path.relpath(root, elsewhere)
    assert run("quarter", "Q3", "--in", relative)[0] == 0
    result = CliRunner().invoke(app, ["quarter", "Q3", "--in", relative])
    assert result.exit_code == 3
    assert str((root / "out" / "2020-Q3").resolve()) in result.output


def test_init_points_at_the_launcher(tmp_path: Path) -> None:
    from gridscore import launcher

    code, text = run("init", str(tmp_path / "示例数据"))
    assert code == 0
    assert str((tmp_path / "示例数据" / launcher.RUN_NAME).resolve()) in text
