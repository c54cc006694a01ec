"""The offline bundle (scripts/bundle.py): everything a laptop with no internet needs.

The resolver is tested here on small made-up wheels. The built bundles are tested when
GRIDSCORE_BUNDLES names the folder they were built into (.ci/run builds them: that needs the
package registry, which `pytest` alone never touches).
"""

from __future__ import annotations

import email.parser
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

from gridscore import __version__, launcher

ROOT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("bundle", ROOT / "scripts" / "bundle.py")
bundle = sys.modules["bundle"] = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bundle)

BUILT = os.environ.get("GRIDSCORE_BUNDLES")
needs_bundles = pytest.mark.skipif(not BUILT, reason="set GRIDSCORE_BUNDLES to the built bundles' folder")


def fake_wheel(
    folder: Path, filename: str, requires: tuple[str, ...] | list[str] = (), requires_python: str = ""
) -> Path:
    name, version, _, _ = parse_wheel_filename(filename)
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    meta += "".join(f"Requires-Dist: {r}\n" for r in requires)
    meta += f"Requires-Python: {requires_python}\n" if requires_python else ""
    path = folder / filename
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-{version}.dist-info/METADATA", meta)
    return path


@pytest.fixture
def wheels(tmp_path: Path) -> Path:
    fake_wheel(tmp_path, "app-1.0-py3-none-any.whl", ["cli>=2", "core==1.5", "tz; extra == 'time'"])
    fake_wheel(tmp_path, "cli-2.1-py3-none-any.whl", ['colorama; platform_system == "Windows"', "rich[x]"])
    fake_wheel(tmp_path, "rich-3.0-py3-none-any.whl", ["pygments; extra == 'x'"])
    fake_wheel(tmp_path, "pygments-2.0-py3-none-any.whl")
    for py in ("311", "312"):
        fake_wheel(tmp_path, f"core-1.5-cp{py}-cp{py}-win_amd64.whl")
        fake_wheel(tmp_path, f"core-1.5-cp{py}-cp{py}-manylinux_2_17_x86_64.whl")
    return tmp_path


def _unmet(folder: Path, platform: str, python: str) -> list[str]:
    found = [bundle.read_wheel(p) for p in sorted(folder.glob("*.whl"))]
    return [str(u) for u in bundle.unmet(found, "app", platform, python)]


def test_a_windows_only_dependency_is_required_for_windows_only(wheels: Path) -> None:
    assert _unmet(wheels, "linux", "3.11") == []
    (problem,) = _unmet(wheels, "windows", "3.11")
    assert problem.startswith('colorama; platform_system == "Windows" (for cli): no wheel')
    fake_wheel(wheels, "colorama-0.4-py2.py3-none-any.whl")
    assert _unmet(wheels, "windows", "3.11") == []


def test_a_compiled_wheel_counts_only_for_its_python_and_platform(wheels: Path) -> None:
    fake_wheel(wheels, "colorama-0.4-py2.py3-none-any.whl")
    assert _unmet(wheels, "windows", "3.12") == []
    (problem,) = _unmet(wheels, "windows", "3.13")
    assert problem.startswith("core==1.5 (for app): no wheel for CPython 3.13 on windows")


def test_extras_and_versions_are_followed(wheels: Path) -> None:
    (wheels / "pygments-2.0-py3-none-any.whl").unlink()
    assert [p.split(" (")[0] for p in _unmet(wheels, "linux", "3.11")] == ['pygments; extra == "x"']
    fake_wheel(wheels, "pygments-2.0-py3-none-any.whl")
    (wheels / "cli-2.1-py3-none-any.whl").unlink()
    fake_wheel(wheels, "cli-1.9-py3-none-any.whl")
    assert _unmet(wheels, "linux", "3.11") == [
        "cli>=2 (for app): the bundle has 1.9 for CPython 3.11 on linux"
    ]


def test_requires_python_rules_a_wheel_out(wheels: Path) -> None:
    (wheels / "pygments-2.0-py3-none-any.whl").unlink()
    fake_wheel(wheels, "pygments-2.0-py3-none-any.whl", requires_python=">=3.12")
    assert _unmet(wheels, "linux", "3.12") == []
    assert len(_unmet(wheels, "linux", "3.11")) == 1


def test_bundle_zip_is_the_same_for_the_same_files(tmp_path: Path) -> None:
    files = {"b/安装.bat": b"x", "a/wheels/x.whl": b"y"}
    bundle.write_zip(tmp_path / "1.zip", files)
    bundle.write_zip(tmp_path / "2.zip", dict(reversed(files.items())))
    assert (tmp_path / "1.zip").read_bytes() == (tmp_path / "2.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "1.zip") as archive:
        assert archive.namelist() == ["a/wheels/x.whl", "b/安装.bat"]
        assert archive.getinfo("b/安装.bat").flag_bits & 0x800  # the name is marked UTF-8


# --- the built bundles (GRIDSCORE_BUNDLES) -------------------------------------------------


def _open(platform: str, into: Path) -> Path:
    """The bundle unpacked, as a clerk would; returns its folder."""
    zip_path = Path(BUILT) / f"gridscore-{__version__}-{platform}-offline.zip"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    (folder,) = into.iterdir()
    assert folder.name == zip_path.stem
    return folder


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (meta,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1]
        return email.parser.BytesParser().parsebytes(archive.read(meta), headersonly=True)


def _windows(python: tuple[int, int]) -> tuple[set[Tag], dict[str, str]]:
    """What CPython `python` on 64-bit Windows accepts: its wheel tags and marker environment."""
    abi = f"cp{python[0]}{python[1]}"
    tags = {*cpython_tags(python, [abi], ["win_amd64"]), *compatible_tags(python, abi, ["win_amd64"])}
    version = f"{python[0]}.{python[1]}"
    env = {
        "os_name": "nt",
        "sys_platform": "win32",
        "platform_system": "Windows",
        "platform_machine": "AMD64",
        "platform_python_implementation": "CPython",
        "implementation_name": "cpython",
        "python_version": version,
        "python_full_version": version + ".0",
    }
    return tags, env


@needs_bundles
@pytest.mark.parametrize("python", [(3, 11), (3, 12), (3, 13)])
def test_windows_bundle_satisfies_every_requirement(tmp_path: Path, python: tuple[int, int]) -> None:
    wheels = sorted((_open("windows", tmp_path) / "wheels").glob("*.whl"))
    tags, env = _windows(python)
    usable: dict[str, tuple[Path, object]] = {}
    for wheel in wheels:
        name, version, _, wheel_tags = parse_wheel_filename(wheel.name)
        if set(wheel_tags) & tags:
            assert canonicalize_name(name) not in usable, f"two usable wheels of {name}"
            usable[canonicalize_name(name)] = (wheel, version)
    # Walk gridscore's requirements with the markers evaluated on Windows.
    todo, done, compiled = [Requirement("gridscore")], set(), set()
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        assert name in usable, f"{requirement} has no wheel for CPython {python} on win_amd64"
        wheel, version = usable[name]
        assert version in requirement.specifier, f"{requirement}: the bundle has {version}"
        if name in done:
            continue
        done.add(name)
        if not wheel.name.endswith("-any.whl"):
            compiled.add(name)
            assert wheel.name.endswith(f"-cp{python[0]}{python[1]}-win_amd64.whl"), wheel.name
        for text in _metadata(wheel).get_all("Requires-Dist") or []:
            r = Requirement(text)
            extras = ("", *requirement.extras)
            if r.marker is None or any(r.marker.evaluate({**env, "extra": e}) for e in extras):
                todo.append(r)
    assert {"colorama", "typer", "rich", "pydantic", "openpyxl"} <= done  # colorama: Windows only
    assert {"pydantic-core", "python-calamine"} <= compiled


@needs_bundles
def test_windows_bundle_holds_the_launchers_and_the_instructions(tmp_path: Path) -> None:
    folder = _open("windows", tmp_path)
    assert (folder / launcher.INSTALL_NAME).read_bytes() == launcher.install_bat(launcher.PYTHONS)
    assert (folder / launcher.RUN_NAME).read_bytes() == launcher.run_bat()
    text = (folder / "使用说明.txt").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # Notepad reads it as UTF-8 on every Windows
    assert b"\n" not in text.replace(b"\r\n", b"")
    assert "Add python.exe to PATH" in text.decode("utf-8-sig")
    assert (folder / "wheels" / f"gridscore-{__version__}-py3-none-any.whl").is_file()


def _offline_env() -> dict[str, str]:
    """pip with no registry at all: no index, no configured find-links or mirrors."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PYTHONIOENCODING": "utf-8"}


@needs_bundles
def test_linux_bundle_installs_offline_and_runs_the_demo(tmp_path: Path) -> None:
    folder = _open("linux", tmp_path / "usb")
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    env = _offline_env()
    subprocess.run(["sh", str(folder / "install.sh")], env={**env, "PYTHON": str(python)}, check=True)
    data = tmp_path / "data"
    shutil.copytree(ROOT / "examples" / "demo", data / "examples" / "demo")
    run = subprocess.run(
        [str(python), "-m", "gridscore", "quarter", "Q3", "--in", "examples/demo"],
        cwd=data,  # not the source tree: `python -m` would import its gridscore/
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 0, run.stderr
    notice = data / "examples" / "demo" / "out" / "2020-Q3" / "公示-2020-Q3.xlsx"
    assert notice.is_file()
    assert f"  {notice}" in run.stdout.splitlines()  # printed in full
    where = subprocess.run(
        [str(python), "-c", "import gridscore; print(gridscore.__file__)"],
        cwd=data,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(where).resolve().is_relative_to((tmp_path / "venv").resolve())
