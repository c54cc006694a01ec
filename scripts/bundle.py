"""Build gridscore's wheel and an offline bundle to carry to a laptop with no internet.

    pip install ".[bundle]"
    python scripts/bundle.py --platform windows --out dist
    python scripts/bundle.py --platform linux --out dist

writes dist/gridscore-<version>-py3-none-any.whl and dist/gridscore-<version>-<platform>-offline.zip:
the wheels of gridscore and of every dependency for each supported CPython (64-bit Windows, or
manylinux x86_64), 安装.bat (install.sh on Linux), 运行考核计算.bat and 使用说明.txt.

`pip download --platform ... --only-binary=:all:` resolves environment markers against the
machine it runs on, not the target: run on Linux, it leaves out colorama, which typer needs
only on Windows. So the requirements are walked again here from the downloaded wheels'
metadata with the markers evaluated for the target, anything missing is downloaded (pinned to
what is already there), until nothing is missing; then the bundle is checked once more.
"""

from __future__ import annotations

import argparse
import email.parser
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gridscore import __version__, launcher  # noqa: E402  (the source tree's, not an installed one)

PLATFORMS = {
    # name: (pip --platform tags, environment markers of the target)
    "windows": (
        ["win_amd64"],
        {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"},
    ),
    "linux": (
        # glibc 2.17 (CentOS 7) and newer: every manylinux tag up to 2_28, and the legacy aliases.
        [f"manylinux_2_{n}_x86_64" for n in range(28, 4, -1)]
        + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"],
        {
            "sys_platform": "linux",
            "platform_system": "Linux",
            "os_name": "posix",
            "platform_machine": "x86_64",
        },
    ),
}


@dataclass(frozen=True)
class Wheel:
    path: Path
    name: str  # canonical
    version: Version
    tags: frozenset[Tag]
    requires: tuple[Requirement, ...]
    requires_python: SpecifierSet


def read_wheel(path: Path) -> Wheel:
    name, version, _, tags = parse_wheel_filename(path.name)
    with zipfile.ZipFile(path) as archive:
        meta = next(n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        message = email.parser.BytesParser().parsebytes(archive.read(meta), headersonly=True)
    return Wheel(
        path,
        canonicalize_name(name),
        version,
        frozenset(tags),
        tuple(Requirement(r) for r in message.get_all("Requires-Dist") or []),
        SpecifierSet(message.get("Requires-Python") or ""),
    )


def environment(platform: str, python: str) -> dict[str, str]:
    """The marker environment of CPython `python` (e.g. "3.12") on the target platform."""
    full = f"{python}.0"
    return {
        **PLATFORMS[platform][1],
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "implementation_version": full,
        "python_version": python,
        "python_full_version": full,
        "platform_release": "",
        "platform_version": "",
    }


def target_tags(platform: str, python: str) -> frozenset[Tag]:
    version = tuple(int(part) for part in python.split("."))
    platforms = PLATFORMS[platform][0]
    abi = f"cp{version[0]}{version[1]}"
    return frozenset(
        [
            *cpython_tags(version, abis=[abi], platforms=platforms),
            *compatible_tags(version, interpreter=abi, platforms=platforms),
        ]
    )


def _applies(requirement: Requirement, env: dict[str, str], extras: Iterable[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({**env, "extra": extra}) for extra in ("", *extras))


@dataclass(frozen=True)
class Unmet:
    requirement: Requirement
    wanted_by: str
    python: str
    platform: str
    have: Version | None  # the version the wheels hold, or None for no wheel

    def __str__(self) -> str:
        found = f"the bundle has {self.have}" if self.have else "no wheel"
        return (
            f"{self.requirement} (for {self.wanted_by}): {found} for CPython {self.python} on {self.platform}"
        )


def unmet(wheels: Sequence[Wheel], root: str, platform: str, python: str) -> list[Unmet]:
    """What the target needs and the wheels do not hold, walking the requirements from `root`
    with the markers evaluated for the target; each wheel chosen is the newest compatible one,
    as pip would choose. Empty when the wheels install offline."""
    env, tags = environment(platform, python), target_tags(platform, python)
    best: dict[str, Wheel] = {}
    for wheel in wheels:
        usable = wheel.tags & tags and Version(python + ".0") in wheel.requires_python
        if usable and (wheel.name not in best or wheel.version > best[wheel.name].version):
            best[wheel.name] = wheel
    problems: list[Unmet] = []
    seen = set()
    todo = [(Requirement(root), "(root)")]
    while todo:
        requirement, wanted_by = todo.pop()
        name = canonicalize_name(requirement.name)
        wheel = best.get(name)
        if wheel is None or not requirement.specifier.contains(wheel.version, prereleases=True):
            problems.append(Unmet(requirement, wanted_by, python, platform, wheel and wheel.version))
            continue
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        todo += [(r, name) for r in wheel.requires if _applies(r, env, requirement.extras)]
    return problems


def _pip_download(dest: Path, platform: str, python: str, args: Sequence[str], constraints: Path) -> None:
    abi = "cp" + python.replace(".", "")
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(dest), "--only-binary=:all:"]
    for tag in PLATFORMS[platform][0]:
        command += ["--platform", tag]
    command += ["--python-version", python, "--implementation", "cp", "--abi", abi]
    command += ["--constraint", str(constraints), *args]
    subprocess.run(command, check=True)


def download(gridscore_wheel: Path, dest: Path, platform: str, pythons: Sequence[str]) -> list[Wheel]:
    """Every wheel gridscore needs on the target, for each Python; raises when pip cannot find one."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(gridscore_wheel, dest)
    constraints = dest.parent / "constraints.txt"
    for python in pythons:
        constraints.write_text("", encoding="utf-8")
        _pip_download(dest, platform, python, [str(gridscore_wheel)], constraints)
        while True:
            wheels = [read_wheel(p) for p in sorted(dest.glob("*.whl"))]
            missing = unmet(wheels, "gridscore", platform, python)
            if not missing:
                break
            # The requirements pip skipped (markers evaluated for this machine): fetch them,
            # pinned to the versions already chosen so the set stays one consistent resolution.
            names = {canonicalize_name(m.requirement.name) for m in missing}
            wanted = sorted({_without_marker(m.requirement) for m in missing})
            pins = {w.name: w.version for w in wheels if w.tags & target_tags(platform, python)}
            constraints.write_text(
                "".join(f"{n}=={v}\n" for n, v in sorted(pins.items()) if n not in names), encoding="utf-8"
            )
            before = len(wheels)
            _pip_download(dest, platform, python, wanted, constraints)
            if len(list(dest.glob("*.whl"))) == before:
                raise SystemExit("cannot complete the bundle:\n  " + "\n  ".join(map(str, missing)))
    constraints.unlink()
    needed = {t for python in pythons for t in target_tags(platform, python)}
    kept = []
    for wheel in (read_wheel(p) for p in sorted(dest.glob("*.whl"))):
        if wheel.tags & needed:
            kept.append(wheel)
        else:  # pip may fetch a wheel for this machine while resolving; the target has no use for it
            wheel.path.unlink()
    return kept


def _without_marker(requirement: Requirement) -> str:
    """'colorama; platform_system == "Windows"' -> 'colorama': pip would evaluate the marker
    for this machine again."""
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    return f"{requirement.name}{extras}{requirement.specifier}"


def build_wheel(out: Path) -> Path:
    with tempfile.TemporaryDirectory() as temp:
        subprocess.run(
            [sys.executable, "-m", "build", "--quiet", "--wheel", "--outdir", temp, str(ROOT)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (built,) = Path(temp).glob("gridscore-*.whl")
        out.mkdir(parents=True, exist_ok=True)
        target = out / built.name
        shutil.copy2(built, target)
    return target


def instructions(platform: str, pythons: Sequence[str]) -> str:
    """使用说明.txt: the clerk's half page (the README's Windows section, shortened)."""
    versions = "、".join(pythons)
    newest = max(pythons, key=lambda v: tuple(map(int, v.split("."))))
    if platform == "linux":
        return (
            f"gridscore {__version__} 离线安装包（Linux x86_64，Python {versions}）\n"
            "\n"
            "安装（不需要联网，建议先建一个虚拟环境：python3 -m venv 环境 && . 环境/bin/activate）：\n"
            "  sh install.sh\n"
            "  即 python3 -m pip install --no-index --find-links wheels --upgrade gridscore\n"
            "\n"
            "使用：在数据文件夹中运行\n"
            "  python3 -m gridscore check\n"
            "  python3 -m gridscore quarter Q3\n"
            "结果在数据文件夹中的 out/2020-Q3/，程序结束时列出每个文件的完整路径。\n"
            "先试一试：python3 -m gridscore init 示例数据。全部命令：python3 -m gridscore --help\n"
        )
    return (
        f"gridscore {__version__} 离线安装包（Windows 64 位，Python {versions}）\n"
        "\n"
        "一、安装 Python（每台电脑只需一次）\n"
        f"  在 python.org 下载 Python {newest} 的 Windows installer (64-bit)；没有网络的电脑，\n"
        "  在能上网的电脑上下载后用 U 盘拷过来。运行安装程序，第一页勾选“Add python.exe to PATH”，\n"
        "  再点“Install Now”。\n"
        "\n"
        "二、安装 gridscore（不需要联网）\n"
        "  先把本压缩包解压到一个文件夹（右键 → 全部解压缩；不要在压缩包里直接双击），\n"
        f"  再双击其中的“{launcher.INSTALL_NAME}”。看到“安装完成”即可。\n"
        "\n"
        "三、使用\n"
        f"  1. 把“{launcher.RUN_NAME}”复制到数据文件夹（放 checklist.xlsx、roster.xlsx、self、street\n"
        "     的文件夹），双击它：先检查数据，再输入季度（如 Q3），算完自动打开 out 文件夹。\n"
        "  2. 也可以在数据文件夹的地址栏输入 cmd 后回车，在打开的命令行中输入：\n"
        "       py -m gridscore check\n"
        "       py -m gridscore quarter Q3\n"
        "     电脑上装了几个 Python 时，用安装结束时显示的命令（如 py -3.13 -m gridscore）。\n"
        "  3. 想先试一试：在命令行中输入 py -m gridscore init 示例数据，会生成一个完整的示例数据文件夹，\n"
        f"     里面也有“{launcher.RUN_NAME}”。\n"
        "\n"
        "四、结果在哪里\n"
        "  数据文件夹中的 out\\2020-Q3\\（按季度）：公示、表彰名单、提醒谈话名单、明细四个文件。\n"
        "  程序结束时会列出每个文件的完整路径。\n"
        "\n"
        "五、常见问题\n"
        "  提示“无法写入……正在 Excel 或 WPS 中打开”：关闭该文件后再运行。\n"
        f"  提示“已存在，没有覆盖”：{launcher.RUN_NAME}会问是否覆盖；命令行中加 --force。\n"
        "  全部命令和选项：py -m gridscore --help\n"
    )


def install_sh() -> str:
    return (
        "#!/bin/sh\n"
        "# Install gridscore from this bundle alone (no registry). Use a virtual environment.\n"
        "set -e\n"
        'here="$(cd "$(dirname "$0")" && pwd)"\n'
        'exec "${PYTHON:-python3}" -m pip install --no-index --find-links "$here/wheels" --upgrade gridscore\n'
    )


def _stamp() -> tuple[int, int, int, int, int, int]:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01, zip's first day
    return time.gmtime(max(epoch, 315532800))[:6]


def write_zip(path: Path, files: dict[str, bytes]) -> None:
    """Entries sorted and stamped alike, so the same inputs give the same zip. Names are UTF-8
    (the zip's language flag is set), which Windows 10's Explorer, 7-Zip and WinRAR read."""
    stamp = _stamp()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if name.endswith(".sh") else 0o644) << 16
            archive.writestr(info, files[name])


def bundle(platform: str, out: Path, pythons: Sequence[str]) -> Path:
    out = out.resolve()
    wheel = build_wheel(out)
    stem = f"gridscore-{__version__}-{platform}-offline"
    with tempfile.TemporaryDirectory() as temp:
        wheels = download(wheel, Path(temp) / "wheels", platform, pythons)
        problems = [p for python in pythons for p in unmet(wheels, "gridscore", platform, python)]
        if problems:
            raise SystemExit("the bundle would not install:\n  " + "\n  ".join(map(str, problems)))
        files = {f"{stem}/{launcher.WHEELS}/{w.path.name}": w.path.read_bytes() for w in wheels}
    crlf = platform == "windows"
    text = instructions(platform, pythons)
    files[f"{stem}/使用说明.txt"] = ("\ufeff" + text.replace("\n", "\r\n") if crlf else text).encode("utf-8")
    if platform == "windows":
        files[f"{stem}/{launcher.RUN_NAME}"] = launcher.run_bat()
        files[f"{stem}/{launcher.INSTALL_NAME}"] = launcher.install_bat(pythons)
    else:
        files[f"{stem}/install.sh"] = install_sh().encode("utf-8")
    target = out / f"{stem}.zip"
    write_zip(target, files)
    return target


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", choices=sorted(PLATFORMS), required=True)
    parser.add_argument("--out", type=Path, required=True, help="folder for the wheel and the bundle")
    parser.add_argument(
        "--python", nargs="+", default=list(launcher.PYTHONS), help="CPython versions (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    target = bundle(args.platform, args.out, args.python)
    size = target.stat().st_size / 2**20
    print(f"{target} ({size:.1f} MiB, {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
