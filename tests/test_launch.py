"""Ways in for a clerk: `python -m gridscore`, and the .bat files beside the data."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import Folder

from gridscore import __version__, launcher
from gridscore.cli import app


def _module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gridscore", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "GRIDSCORE_LANG": "zh"},
    )


def test_python_m_gridscore_help_lists_the_commands() -> None:
    proc = _module("--help")
    assert proc.returncode == 0, proc.stderr
    for name in ("check", "quarter", "year", "audit", "template", "init"):
        assert name in proc.stdout
    assert "用法：python -m gridscore" in proc.stdout  # the usage line in the default language, zh


def test_python_m_gridscore_version() -> None:
    proc = _module("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"gridscore {__version__}"


# --- the .bat files -------------------------------------------------------------------------

BATS = {launcher.INSTALL_NAME: launcher.install_bat(), launcher.RUN_NAME: launcher.run_bat()}
CLI = typer.main.get_command(app)


def _lines(data: bytes) -> list[str]:
    return data.decode("gbk").split("\r\n")


@pytest.mark.parametrize("name", BATS)
def test_bat_is_gbk_with_crlf_line_endings(name: str) -> None:
    data = BATS[name]
    text = data.decode("gbk")  # cmd.exe on a Chinese Windows reads code page 936
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    assert text.endswith("\r\n")
    assert text.startswith("@echo off\r\n")
    assert re.search(r"[\u4e00-\u9fff]", text)  # the messages are Chinese, not escaped


@pytest.mark.parametrize("name", BATS)
def test_bat_messages_hold_no_cmd_syntax(name: str) -> None:
    # An ASCII ( ) < > | & ^ in an echoed message would be read by cmd.exe as syntax.
    for line in _lines(BATS[name]):
        for message in re.findall(r"(?:^|&& )echo (.*)$", line):
            assert not re.search(r"[()<>|&^\"]", message), line
            assert re.sub(r"%(PY|Q)%", "", message).count("%") == 0, line


@pytest.mark.parametrize("name", BATS)
def test_bat_jumps_to_labels_that_exist(name: str) -> None:
    lines = _lines(BATS[name])
    labels = {line[1:] for line in lines if line.startswith(":")}
    targets = set(re.findall(r"goto (\w+)", "\n".join(lines)))
    assert targets and targets <= labels


def _gridscore_calls(name: str) -> list[list[str]]:
    calls = []
    for line in _lines(BATS[name]):
        if "%PY% -m gridscore" in line:
            words = shlex.split(line.split("%PY% -m gridscore", 1)[1].split(">nul")[0])
            calls.append(words)
    return calls


@pytest.mark.parametrize("name", BATS)
def test_bat_commands_exist_in_the_cli(name: str) -> None:
    calls = _gridscore_calls(name)
    assert calls
    for words in calls:
        if words[0].startswith("--"):
            assert words[0] in CLI.params[0].opts or words[0] == "--version"
            continue
        command = CLI.commands[words[0]]  # KeyError: the .bat runs a command the CLI lacks
        options = {opt for p in command.params for opt in p.opts}
        assert {w for w in words if w.startswith("--")} <= options, words


def test_run_bat_runs_check_then_the_quarter_then_opens_out() -> None:
    commands = [words[0] for words in _gridscore_calls(launcher.RUN_NAME)]
    assert commands == ["check", "quarter"]
    text = BATS[launcher.RUN_NAME].decode("gbk")
    assert text.index("gridscore check") < text.index("set /p") < text.index("gridscore quarter")
    assert 'start "" "%~dp0out"' in text
    assert "pause" in text


@pytest.mark.parametrize("name", BATS)
def test_finding_python_never_installs_one(name: str) -> None:
    lines = _lines(BATS[name])
    first_probe = next(i for i, line in enumerate(lines) if line.startswith("for %%V"))
    assert 'set "PYTHON_MANAGER_AUTOMATIC_INSTALL=false"' in lines[:first_probe]


def test_install_bat_installs_from_the_bundle_alone() -> None:
    text = launcher.install_bat(("3.11", "3.12", "3.13")).decode("gbk")
    assert '-m pip install --no-index --find-links "%~dp0wheels" --upgrade gridscore' in text
    assert "for %%V in (3.13 3.12 3.11) do" in text
    assert "(3, 11) <= sys.version_info[:2] <= (3, 13)" in text
    assert "Add python.exe to PATH" in text and "没有找到可用的 Python" in text
    assert "(3, 14)" in launcher.install_bat(("3.12", "3.14")).decode("gbk")


def _as_cmd_would(words: list[str], folder: Path, quarter: str, force: str) -> list[str]:
    here = str(folder) + os.sep  # %~dp0: the .bat's folder, with its trailing separator
    out = []
    for w in words:
        w = w.replace("%~dp0", here).replace("%Q%", quarter)
        if w == "%FORCE%":
            if force:
                out.append(force)
            continue
        out.append(w)
    return [sys.executable, "-m", "gridscore", *out]


def test_run_bat_commands_work_on_a_data_folder(folder: Folder) -> None:
    root = folder.write()
    (root / launcher.RUN_NAME).write_bytes(launcher.run_bat())
    check, quarter = _gridscore_calls(launcher.RUN_NAME)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}

    def run_(words: list[str], force: str = "") -> int:
        args = _as_cmd_would(words, root, "Q3", force)
        return subprocess.run(args, capture_output=True, env=env, check=False, cwd=root.parent).returncode

    assert run_(check) == 0
    assert run_(quarter) == 0
    assert (root / "out" / "2020-Q3" / "公示-2020-Q3.xlsx").is_file()
    assert run_(quarter) == 3  # the .bat then asks and reruns with --force
    assert run_(quarter, "--force") == 0
