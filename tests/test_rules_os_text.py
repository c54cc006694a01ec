"""Rules-file mistakes and operating-system errors in words: the line and the likely cause,
the file or folder and what to do; never the parser's or the system's English."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
from conftest import Folder, run, run_json
from typer.testing import CliRunner

from gridscore.cli import app
from gridscore.problems import Code


def run_all(*args: str) -> tuple[int, str]:
    """Exit code and everything printed (stdout and stderr)."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


CJK = re.compile(r"[\u3400-\u9fff]")
PARSER_ENGLISH = ["Invalid value", "Expected", "Input should", "Value error", "codec", "must be 1", "at line"]
OS_ENGLISH = ["Permission denied", "Operation not permitted", "No space left", "File name too long",
              "Read-only file system", "Errno"]  # fmt: skip


def rules_problems(folder: Folder, rules: str | bytes, lang: str = "zh") -> tuple[int, list[dict]]:
    folder.write()
    path = folder.root / "gridscore.toml"
    if isinstance(rules, bytes):
        path.write_bytes(rules)
    else:
        path.write_text(rules, encoding="utf-8")
    code, doc = run_json("check", "--in", str(folder.root), "--period", "2020-Q3", "--lang", lang)
    return code, [p for p in doc["problems"] if p["code"].startswith("rules_")]


RULES_CASES = [
    # rules text, code, zh words, en words
    ('street_name = “示例街道”\n', "rules_unreadable", ["第 1 行", "中文引号", '"…"'], ["at line 1", "Chinese quotes"]),
    ("[weights]\nself ＝ 0.2\nstreet = 0.8\n", "rules_unreadable", ["第 2 行", "全角符号“＝”", "半角的 ="], ["at line 2", "full-width"]),
    ("street_name = 示例街道\n", "rules_unreadable", ["第 1 行", "没有加引号", 'street_name = "示例街道"'], ["has no quotes"]),
    ("[lists]\ncommend_top = 十\n", "rules_unreadable", ["第 2 行", "阿拉伯数字", "commend_top = 10"], ["in digits"]),
    ("[weights]\nself = 0.3\nstreet = 0.8\n", "rules_invalid", ["第 1 行", "之和为 1.1", "应为 1"], ["self + street is 1.1"]),
    ('[lists]\ncommend_top = "十"\n', "rules_invalid", ["第 2 行", "应为整数", "commend_top = 10", '"十"'], ["whole number", "commend_top = 10"]),
    ('[lists]\nveto_to_interview = "是"\n', "rules_invalid", ["true 或 false"], ["true or false"]),
    ('[ranking]\nmethod = "中国式"\n', "rules_invalid", ['"competition" / "dense"'], ["one of"]),
    ("[ranking]\ndecimals = 9\n", "rules_invalid", ["第 2 行", "应不大于 4"], ["at most 4"]),
    ("[lists]\n\ncommend_tops = 3\n", "rules_unknown_key", ["第 3 行", "lists.commend_tops"], ["at line 3"]),
]  # fmt: skip


@pytest.mark.parametrize(("rules", "code", "zh", "en"), RULES_CASES)
def test_rules_mistakes_in_chinese(
    folder: Folder, rules: str, code: str, zh: list[str], en: list[str]
) -> None:
    exit_code, problems = rules_problems(folder, rules)
    assert exit_code == 1
    assert [p["code"] for p in problems] == [code]
    message = problems[0]["message"]
    for words in zh:
        assert words in message, message
    assert not [e for e in PARSER_ENGLISH if e in message], message


@pytest.mark.parametrize(("rules", "code", "zh", "en"), RULES_CASES)
def test_rules_mistakes_in_english(
    folder: Folder, rules: str, code: str, zh: list[str], en: list[str]
) -> None:
    exit_code, problems = rules_problems(folder, rules, "en")
    assert exit_code == 1
    message = problems[0]["message"]
    for words in en:
        assert words in message, message
    assert "Input should" not in message and "Value error" not in message


def test_rules_saved_as_gbk_are_read_with_a_warning(folder: Folder) -> None:
    rules = 'street_name = "示例街道"\n[ranking]\ndecimals = 1\n'.encode("gbk")
    exit_code, problems = rules_problems(folder, rules)
    assert exit_code == 0
    assert [(p["code"], p["severity"]) for p in problems] == [("rules_encoding", "warning")]
    assert "GBK" in problems[0]["message"] and "UTF-8" in problems[0]["message"]
    assert "另存为" in problems[0]["message"]
    code, doc = run_json("quarter", "Q3", "--in", str(folder.root), "--out", str(folder.root.parent / "out"))
    assert code == 0 and doc["grids"][0]["composite"].count(".") == 1
    assert len(doc["grids"][0]["composite"].split(".")[1]) == 1  # the GBK file's rule is used


def test_rules_in_no_known_encoding_say_how_to_save_as_utf8(folder: Folder) -> None:
    exit_code, problems = rules_problems(folder, b'street_name = "\xff\xfe\x80"\n')
    assert exit_code == 1
    assert [p["code"] for p in problems] == ["rules_unreadable"]
    message = problems[0]["message"]
    assert "第 1 行" in message and "记事本" in message and "UTF-8" in message and "codec" not in message


def test_rules_error_on_the_console_in_chinese(folder: Folder) -> None:
    folder.write()
    (folder.root / "gridscore.toml").write_text("[weights]\nself = 0.3\nstreet = 0.8\n", encoding="utf-8")
    code, out = run("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert code == 1
    assert "gridscore.toml" in out and "之和为 1.1" in out
    assert "Value error" not in out


# --- OS errors ---


def _fail_with(monkeypatch, err: int, where: str = "replace") -> None:
    """Make the write step `where` fail as the OS would, with the OS's English text."""
    import os

    from gridscore import io as gio

    texts = {errno.EACCES: "Permission denied", errno.ENOSPC: "No space left on device",
             errno.ENAMETOOLONG: "File name too long", errno.EROFS: "Read-only file system",
             errno.EPERM: "Operation not permitted"}  # fmt: skip
    if where == "replace":
        real = os.replace

        def replace(src, dst):
            if str(dst).endswith(".xlsx"):
                raise OSError(err, texts[err], str(dst))
            return real(src, dst)

        monkeypatch.setattr(gio.os, "replace", replace)
    else:

        def mkstemp(prefix="", suffix="", dir=None):
            raise OSError(err, texts[err], str(Path(dir) / f"{prefix}abc{suffix}"))

        monkeypatch.setattr(gio.tempfile, "mkstemp", mkstemp)


OS_CASES = [
    # errno, where, zh words, en words
    (errno.EACCES, "replace", ["无法写入文件", "公示-2020-Q3.xlsx", "没有写入这个文件的权限", "Excel"], ["cannot write to the file", "no permission"]),
    (errno.EPERM, "mkstemp", ["无法写入文件夹", "没有在这个文件夹中写入的权限", "--out"], ["cannot write to the folder", "no permission to write in this folder"]),
    (errno.ENOSPC, "mkstemp", ["无法写入文件夹", "磁盘空间已满"], ["the disk is full"]),
    (errno.ENAMETOOLONG, "replace", ["路径太长", "260"], ["the path is too long"]),
    (errno.EROFS, "mkstemp", ["只读", "--out"], ["read-only"]),
]  # fmt: skip


@pytest.mark.parametrize(("err", "where", "zh", "en"), OS_CASES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_os_errors_in_words(folder: Folder, monkeypatch, lang: str, err: int, where: str, zh, en) -> None:
    folder.write()
    _fail_with(monkeypatch, err, where)
    out = folder.root.parent / "out"
    code, text = run_all("quarter", "Q3", "--in", str(folder.root), "--out", str(out), "--lang", lang)
    assert code == 3
    for words in zh if lang == "zh" else en:
        assert words in text, text
    assert not [e for e in OS_ENGLISH if e in text], text
    if lang == "en":
        assert not CJK.search(text.replace("公示-2020-Q3", "").replace("明细-2020-Q3", "")), text
    assert not list(out.rglob("*.xlsx"))


def test_os_error_in_json(folder: Folder, monkeypatch) -> None:
    folder.write()
    _fail_with(monkeypatch, errno.ENOSPC, "mkstemp")
    code, doc = run_json("quarter", "Q3", "--in", str(folder.root), "--out", str(folder.root.parent / "out"))
    assert code == 3
    assert [p["code"] for p in doc["problems"]] == [Code.OUTPUT_FAILED.value]
    assert "磁盘空间已满" in doc["problems"][0]["message"]


def test_unreadable_input_in_words(folder: Folder, monkeypatch) -> None:
    from gridscore import io as gio

    folder.write()
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "roster.xlsx":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(gio.Path, "read_bytes", read_bytes)
    code, doc = run_json("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert code == 1
    roster = [p for p in doc["problems"] if p["file"] == "roster.xlsx"]
    assert "没有读取的权限" in roster[0]["message"] and "Permission" not in roster[0]["message"]


# --- an output path too long for the system (ENAMETOOLONG from exists(), is_dir(), mkdir) --------

TOO_LONG = {
    "chinese_folder": "长" * 100,  # 300 bytes: over the 255 a folder name may have
    "ascii_folder": "a" * 256,
    "whole_path": "/".join(["b" * 200] * 25),  # each name fits, the whole path (> 4096) does not
}


def _too_long_run(
    kind: str, command: str, lang: str, tmp_path: Path, folder: Folder
) -> tuple[int, str, Path]:
    folder.write()
    out = tmp_path / "x" / TOO_LONG[kind]
    args = {
        "quarter": ["quarter", "Q3", "--in", str(folder.root), "--out", str(out)],
        "quarter_force": ["quarter", "Q3", "--in", str(folder.root), "--out", str(out), "--force"],
        "template": ["template", "--period", "2020-10", "--in", str(folder.root), "--out", str(out)],
        "init": ["init", str(out)],
    }[command]
    code, text = run_all(*args, "--lang", lang)
    return code, text, out


TOO_LONG_CASES = [
    *[(lang, command, "chinese_folder") for lang in ("zh", "en") for command in ("quarter", "quarter_force", "template", "init")],
    *[("zh", command, kind) for command in ("quarter", "quarter_force") for kind in ("ascii_folder", "whole_path")],
    ("en", "template", "whole_path"),
    ("en", "init", "ascii_folder"),
    ("zh", "init", "whole_path"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "command", "kind"), TOO_LONG_CASES)
def test_output_path_too_long_is_exit_3_in_words(
    folder: Folder, tmp_path: Path, kind: str, command: str, lang: str
) -> None:
    code, text, out = _too_long_run(kind, command, lang, tmp_path, folder)
    assert code == 3, text
    assert not [p for p in (tmp_path / "x").rglob("*") if p.is_file()], out  # nothing written
    assert "Traceback" not in text and "OSError" not in text
    assert not [e for e in OS_ENGLISH if e in text], text
    flat = text.replace("\n", "")
    if lang == "zh":
        assert "路径太长" in flat and ("无法写入文件夹" in flat or "无法写入文件" in flat), text
    else:
        assert "the path is too long" in flat and "cannot write to the" in flat, text
        assert not CJK.search(flat.rpartition(": ")[2]), text  # the path holds Chinese file names
    if kind != "whole_path":  # the folder whose name is too long is the one named, as a folder
        assert TOO_LONG[kind] in flat
        assert ("无法写入文件夹" if lang == "zh" else "cannot write to the folder") in flat, text
    assert str(tmp_path / "x") in flat


def test_output_path_too_long_in_json(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    out = tmp_path / "x" / TOO_LONG["chinese_folder"]
    code, doc = run_json("quarter", "Q3", "--in", str(folder.root), "--out", str(out))
    assert code == 3
    assert [p["code"] for p in doc["problems"]] == [Code.OUTPUT_FAILED.value]
    assert "路径太长" in doc["problems"][0]["message"]
    assert doc["problems"][0]["file"] == str(tmp_path / "x" / TOO_LONG["chinese_folder"])
