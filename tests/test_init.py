"""gridscore init: a newcomer's folder that every command runs on, the same as examples/demo.

init copies the archive shipped in the package (gridscore/demo/demo.tar.xz); the tests here pin
that archive to examples/demo byte for byte, and examples/demo to the generator.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run, run_json

from gridscore import demo

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"


def _never(*_: object) -> None:
    raise AssertionError("init generated the demo instead of copying the shipped one")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("newcomer") / "data"
    with pytest.MonkeyPatch.context() as patch:  # init copies; it never generates (seconds)
        patch.setattr(demo, "generate", _never)
        patch.setattr(demo, "make", _never)
        code, text = run("init", str(folder))
    assert code == 0, text
    return folder


def test_init_writes_examples_demo_byte_for_byte(started: Path) -> None:
    from gridscore import launcher

    written = _files(started)
    assert written.pop(launcher.RUN_NAME) == launcher.run_bat()
    assert written == _files(DEMO)


def test_the_shipped_archive_holds_exactly_examples_demo() -> None:
    from gridscore.demo import shipped

    assert shipped.files() == _files(DEMO), "run python examples/make_demo.py and commit both"


def test_the_generator_makes_examples_demo() -> None:
    """The one place the suite generates the demo (seconds): a change to gridscore/demo that is
    not followed by python examples/make_demo.py fails here, not in a newcomer's folder."""
    files, _ = demo.make()
    assert files == _files(DEMO), "run python examples/make_demo.py and commit examples/demo and the archive"


def test_the_archive_is_package_data_of_the_wheel() -> None:
    import tomllib

    from gridscore.demo import shipped

    config = tomllib.loads((DEMO.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert shipped.ARCHIVE in config["tool"]["setuptools"]["package-data"]["gridscore.demo"]


def test_pack_is_deterministic_and_unpacks_to_the_same_files() -> None:
    from gridscore.demo import shipped

    files = {"b/网格.xlsx": b"\x00\x01", "a.toml": b"year = 2020\n"}
    packed = shipped.pack(files)
    assert packed == shipped.pack(dict(reversed(files.items())))
    assert shipped.unpack(packed) == files


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


def test_init_writes_the_files_its_layout_names(started: Path) -> None:
    from gridscore import launcher

    written = sorted(p.relative_to(started).as_posix() for p in started.rglob("*") if p.is_file())
    assert written == sorted([*demo.layout(), launcher.RUN_NAME])
    shipped = sorted(p.relative_to(DEMO).as_posix() for p in DEMO.rglob("*") if p.is_file())
    assert shipped == sorted(demo.layout())


def test_init_refuses_an_existing_file_before_generating(tmp_path: Path, monkeypatch) -> None:
    def never(*_: object) -> None:
        raise AssertionError("the demo was generated before the target was checked")

    monkeypatch.setattr(demo, "generate", never)
    folder = tmp_path / "data"
    (folder / "self" / "2020-07").mkdir(parents=True)
    (folder / "self" / "2020-07" / "青山村.xlsx").write_bytes(b"the clerk's own file")
    code, _ = run("init", str(folder))
    assert code == 3
    assert (folder / "self" / "2020-07" / "青山村.xlsx").read_bytes() == b"the clerk's own file"
    assert sorted(p.name for p in folder.rglob("*")) == ["2020-07", "self", "青山村.xlsx"]


def test_init_puts_the_double_click_launcher_beside_the_data(started: Path) -> None:
    from gridscore import launcher

    assert (started / launcher.RUN_NAME).read_bytes() == launcher.run_bat()
