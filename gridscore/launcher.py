"""The .bat files a clerk double-clicks: one template, thin wrappers over the command line.

They are written in GBK with CRLF line endings: cmd.exe reads a batch file in the console's
code page, which on a Chinese Windows is 936 (GBK). A UTF-8 file with `chcp 65001` was
weighed and left out: cmd.exe parses the lines before the `chcp` in the old code page, and
older Windows 10 consoles mishandle UTF-8 batch files. Messages use full-width punctuation
only, so no `( ) < > | & ^ %` in them is ever read by cmd.exe as syntax.
"""

from __future__ import annotations

from collections.abc import Sequence

from gridscore._version import __version__

INSTALL_NAME = "安装.bat"
RUN_NAME = "运行考核计算.bat"
PYTHONS = ("3.11", "3.12", "3.13")  # the CPython versions an offline bundle holds wheels for
WHEELS = "wheels"  # the bundle's folder of wheels, beside 安装.bat

# The one template. {probe} is what a Python must do to be chosen; the newest that does it
# wins, through the py launcher first (python.org's installer puts it on PATH), then python.
TEMPLATE = """\
@echo off
rem {title} - gridscore {version}. 本文件为 GBK 编码，请勿另存为 UTF-8。
setlocal EnableExtensions
rem pushd, not cd: a data folder on a network share (\\\\server\\share) gets a drive letter.
pushd "%~dp0"
title {title}
rem Looking for a Python must never start a download (the Python install manager may).
set "PYTHON_MANAGER_AUTOMATIC_INSTALL=false"
set "PY="
for %%V in ({versions}) do if not defined PY py -%%V {probe} >nul 2>&1 && set "PY=py -%%V"
if not defined PY python {probe} >nul 2>&1 && set "PY=python"
{body}
:end
echo.
echo 按任意键关闭窗口……
pause >nul
"""

# The range the bundle has wheels for, and a 64-bit build (the wheels are win_amd64).
_VERSION_OK = (
    '-c "import sys; sys.exit(not ({low} <= sys.version_info[:2] <= {high} and sys.maxsize > 2**32))"'
)

INSTALL_BODY = """\
if defined PY goto found
echo 没有找到可用的 Python，需要 Python {names}（64 位）。
py --version >nul 2>&1 && echo 这台电脑上已有的 Python 版本不合适：
py --version 2>nul
if errorlevel 1 python --version 2>nul
echo.
echo 请安装 Python {newest}：在 python.org 下载 Windows installer（64-bit），
echo 安装时勾选“Add python.exe to PATH”，装好后再双击本文件。
echo 没有网络的电脑，请在能上网的电脑上下载安装程序，用 U 盘拷过来。
goto end
:found
%PY% -m pip --version >nul 2>&1
if not errorlevel 1 goto install
echo 找到了 %PY%，但它没有 pip。请重新运行 Python 安装程序，选“Modify”并勾选“pip”。
goto end
:install
echo 正在用 %PY% 安装 gridscore（只用本文件夹中的安装包，不需要联网）……
%PY% -m pip install --no-index --find-links "%~dp0{wheels}" --upgrade gridscore
if errorlevel 1 goto failed
echo.
%PY% -m gridscore --version
echo 安装完成。下一步：把“{run}”复制到数据文件夹，双击它即可检查数据、计算季度结果。
echo 也可以在数据文件夹中打开命令行，输入：%PY% -m gridscore check
goto end
:failed
echo.
echo 安装没有成功，请把上面的提示拍照或复制给技术人员。
goto end
"""

RUN_BODY = """\
if defined PY goto check
echo 没有找到 gridscore。请先双击安装包中的“{install}”安装，再运行本文件。
goto end
:check
echo ===== 第一步：检查本文件夹中的数据 =====
%PY% -m gridscore check --in "%~dp0."
if errorlevel 1 echo 检查发现了错误，见上面的列表。有错误的季度不会写出结果，请改正后再运行。
:ask
echo.
set "Q="
set /p "Q=请输入要计算的季度，如 Q3 或 2020-Q3；直接按回车退出："
if not defined Q goto end
set "FORCE="
:quarter
echo ===== 第二步：计算 %Q% =====
%PY% -m gridscore quarter "%Q%" --in "%~dp0." --out "%~dp0out" %FORCE%
if errorlevel 4 goto end
if errorlevel 3 goto exists
if errorlevel 2 goto ask
if errorlevel 1 goto end
echo 正在打开输出文件夹……
start "" "%~dp0out"
goto end
:exists
echo.
echo 如果文件正在 Excel 或 WPS 中打开，请先关闭它。
choice /c YN /m "要覆盖已有的结果吗？Y 覆盖，N 不覆盖"
if errorlevel 2 goto end
set "FORCE=--force"
goto quarter
"""


def _bat(title: str, versions: Sequence[str], probe: str, body: str) -> bytes:
    newest_first = sorted(versions, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    text = TEMPLATE.format(
        title=title, version=__version__, versions=" ".join(newest_first), probe=probe, body=body
    )
    return text.replace("\n", "\r\n").encode("gbk")


def install_bat(versions: Sequence[str] = PYTHONS) -> bytes:
    """安装.bat: installs gridscore from the bundle's wheels with a Python it has wheels for."""
    pairs = sorted(tuple(map(int, v.split("."))) for v in versions)
    probe = _VERSION_OK.format(low=pairs[0], high=pairs[-1])
    names = "、".join(f"{a}.{b}" for a, b in pairs)
    body = INSTALL_BODY.format(
        names=names, newest=f"{pairs[-1][0]}.{pairs[-1][1]}", wheels=WHEELS, run=RUN_NAME
    )
    return _bat("安装 gridscore", versions, probe, body)


def run_bat() -> bytes:
    """运行考核计算.bat: beside the data, runs check, asks for the quarter, runs it, opens out\\."""
    # Any Python 3 that has gridscore will do; newest first.
    versions = ("3.11", "3.12", "3.13", "3.14", "3.15")
    return _bat("网格化考核计算", versions, "-m gridscore --version", RUN_BODY.format(install=INSTALL_NAME))
