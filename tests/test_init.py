"""gridscore init: a newcomer's folder that every command runs on, the same as examples/demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run, run_json

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("newcomer") / "data"
    code, text = run("init", str(folder))
    assert code == 0, text
    return folder


def test_init_then_every_command(started: Path, tmp_path: Path) -> None:
    code, doc = run_json("check", "--in", str(started))
    assert code == 0
    assert [p for p in doc["problems"] if p["severity"] == "error"] == []
    assert [p["period"] for p in doc["periods"]] == ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]
    assert run_json("year", "2020", "--in", str(started), "--out", str(tmp_path / "out"))[0] == 0
    assert (
        run("template", "--in", str(started), "--period", "2021-01", "--out", str(tmp_path / "forms"))[0] == 0
    )
    assert (started / "gridscore.toml").read_text(encoding="utf-8").startswith("# gridscore 规则文件")


def test_init_gives_the_shipped_demo(started: Path, tmp_path: Path) -> None:
    args = ["quarter", "Q3", "--out"]
    ours = run_json(*args, str(tmp_path / "a"), "--in", str(started))[1]["grids"]
    shipped = run_json(*args, str(tmp_path / "b"), "--in", str(DEMO))[1]["grids"]
    assert ours == shipped


def test_init_does_not_overwrite(started: Path) -> None:
    assert run("init", str(started))[0] == 3


def test_init_puts_the_double_click_launcher_beside_the_data(started: Path) -> None:
    from gridscore import launcher

    assert (started / launcher.RUN_NAME).read_bytes() == launcher.run_bat()
