"""Every word the command line itself prints is in the chosen language: help screens, usage
errors from typer/click, --lang and GRIDSCORE_LANG, year and period arguments."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gridscore.cli import app

COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
# click's and typer's own English: none of it may reach a Chinese screen.
CLICK_ENGLISH = [
    "Usage:",
    "Error:",
    "Show this message",
    "Options",
    "Arguments",
    "Commands",
    "[default",
    "[required]",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "<str>",
    "<int>",
    "<dir>",
    "Try '",
    "Missing",
    "Invalid value",
    "No such",
    "Did you mean",
    "does not exist",
    "is a file",
    "Got unexpected",
    "requires",
    "does not take",
    "Input should",
    "is not one of",
    "Possible options",
    "unable to parse",
]


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env or {"GRIDSCORE_LANG": ""}, prog_name="gridscore")
    return result.exit_code, result.output


def english_in(output: str) -> list[str]:
    return [phrase for phrase in CLICK_ENGLISH if phrase in output]


@pytest.mark.parametrize("args", [[], *[[c] for c in COMMANDS]])
def test_help_screens_are_chinese(args: list[str]) -> None:
    code, out = invoke(*args, "--help")
    assert code == 0
    assert "用法：gridscore" in out and "显示本帮助并退出" in out and "选项" in out
    assert english_in(out) == []


@pytest.mark.parametrize("args", [[], *[[c] for c in COMMANDS]])
def test_help_screens_in_english_have_no_chinese(args: list[str]) -> None:
    code, out = invoke(*args, "--help", "--lang", "en")
    assert code == 0
    assert "Usage: gridscore" in out and "Show this message and exit." in out
    assert not CJK.search(out), out


def test_default_and_required_are_translated() -> None:
    _, out = invoke("quarter", "--help")
    assert "[默认：table]" in out and "[必填]" in out and "参数" in out
    _, out = invoke("--help")
    assert "命令" in out and "[选项] 命令 [参数]..." in out


USAGE_ERRORS = [
    # args, what the zh message says, what the en message says
    (["quarter"], "缺少参数 期间", "missing argument PERIOD"),
    (["template", "--in", "."], "缺少选项 --period", "missing option --period"),
    (["quater", "Q3"], "是否为 quarter？", "Did you mean quarter?"),
    (["quarter", "Q3", "--frce"], "是否为 --force？", "Did you mean --force?"),
    (
        ["quarter", "Q3", "--in", "不存在的文件夹"],
        "文件夹“不存在的文件夹”不存在",
        "'不存在的文件夹' does not exist",
    ),
    (["quarter", "Q3", "--in", __file__], "需要一个文件夹", "needs a folder"),
    (
        ["check", "--format", "xml"],
        "“xml”无效，只能是 table 或 json",
        "'xml' is not valid; use table or json",
    ),
    (["quarter", "Q3", "--year", "abc"], "年度“abc”无效", "year 'abc' is not valid"),
    (["year", "20"], "年度“20”无效。请写四位数的年份", "year '20' is not valid"),
    (["quarter", "Q5"], "季度“Q5”无效。请写作 Q3 或 2020-Q3", "quarter 'Q5' is not valid"),
    (["quarter", "2020-07"], "“2020-07”是月份", "'2020-07' is a month"),
    (["check", "--period", "2020-13"], "期间“2020-13”无效", "period '2020-13' is not valid"),
    (["template", "--period", "2020-13"], "月份写作 2020-07", "a month as 2020-07"),
    (["quarter", "Q3", "extra", "words"], "多余的参数：extra words", "unexpected argument(s): extra words"),
    (["quarter", "Q3", "--in"], "选项 --in 后面要写一个值", "option --in needs a value"),
    (["quarter", "Q3", "--force=yes"], "选项 --force 后面不带值", "option --force takes no value"),
]


@pytest.mark.parametrize(("args", "zh", "en"), USAGE_ERRORS)
def test_usage_errors_in_chinese(args: list[str], zh: str, en: str, tmp_path: Path) -> None:
    code, out = invoke(*args)
    assert code == 2, out
    assert zh in out, out
    assert "错误：" in out and "用法：gridscore" in out
    assert english_in(out) == [], out


@pytest.mark.parametrize(("args", "zh", "en"), USAGE_ERRORS)
def test_usage_errors_in_english(args: list[str], zh: str, en: str) -> None:
    code, out = invoke(*args, "--lang", "en")
    assert code == 2, out
    assert en in out, out
    assert "Error: " in out
    shown = out.replace("不存在的文件夹", "")  # the user's own folder name is shown as typed
    assert not CJK.search(shown), out


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "en", "quarter", "Q3", "--in", "missing"],
        ["quarter", "--lang", "en", "Q3", "--in", "missing"],
        ["quarter", "Q3", "--in", "missing", "--lang", "en"],
        ["quarter", "Q3", "--in", "missing", "--lang=en"],
        ["quarter", "Q3", "--in", "missing", "--lang", "EN-us"],
    ],
)
def test_lang_before_or_after_the_command(args: list[str]) -> None:
    code, out = invoke(*args)
    assert code == 2
    assert "Error: --in: the folder 'missing' does not exist" in out


def test_lang_before_help() -> None:
    code, out = invoke("--lang", "en", "--help")
    assert code == 0 and "Usage: gridscore" in out and not CJK.search(out)


def test_environment_variable_chooses_english() -> None:
    code, out = invoke("quarter", "Q5", env={"GRIDSCORE_LANG": "en"})
    assert code == 2 and "quarter 'Q5' is not valid" in out
    code, out = invoke("quarter", "Q5", "--lang", "zh", env={"GRIDSCORE_LANG": "en"})
    assert "季度“Q5”无效" in out


@pytest.mark.parametrize(
    ("args", "env", "value"),
    [
        (["quarter", "Q3", "--lang", "fr"], {}, "fr"),
        (["--lang", "chinese", "--help"], {}, "chinese"),
        (["quarter", "Q3"], {"GRIDSCORE_LANG": "de"}, "de"),
    ],
)
def test_unknown_language_is_a_usage_error_in_both_languages(args, env, value) -> None:
    code, out = invoke(*args, env={"GRIDSCORE_LANG": "", **env})
    assert code == 2
    assert f"语言“{value}”无效" in out and f"language '{value}' is not valid" in out


def test_lang_without_a_value() -> None:
    code, out = invoke("quarter", "Q3", "--lang")
    assert code == 2 and "--lang 后面要写 zh 或 en" in out and "--lang needs a value" in out


def _script(args: list[str], encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "GRIDSCORE_LANG": ""}
    code = "from gridscore.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, check=False)


def test_console_script_usage_error_under_gbk() -> None:
    proc = _script(["quarter", "Q5"], "gbk")
    assert proc.returncode == 2
    err = proc.stderr.decode("gbk")
    assert "季度“Q5”无效" in err and "Traceback" not in err


def test_console_script_help_in_english() -> None:
    proc = _script(["--lang", "en", "year", "--help"], "utf-8")
    assert proc.returncode == 0
    assert (
        "Usage: gridscore year [OPTIONS] {YEAR}" in proc.stdout.decode() or "Usage:" in proc.stdout.decode()
    )
