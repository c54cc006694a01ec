"""What check and quarter print: a heading per period, shared problems once, one verdict; the
JSON of check; a folder that is not a data folder; data never read as console markup; rank
changes and audit flags in the quarter's summary; hints that keep the user's --in."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Folder, quarter_json, run_json
from typer.testing import CliRunner

from gridscore.cli import app

DEMO = Path(__file__).parent.parent / "examples" / "demo"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), prog_name="gridscore")
    return result.exit_code, result.output


def two_quarters(folder: Folder) -> Folder:
    folder.write()
    folder.write_quarter(1)
    return folder


def test_check_names_each_period_and_ends_with_one_verdict(folder: Folder) -> None:
    two_quarters(folder)
    folder.street["G02"]["ZZ-01"] = 61
    folder.write_quarter(3)
    code, out = invoke("check", "--in", str(folder.root))
    assert code == 1
    lines = out.splitlines()
    assert "2020-Q1：" in lines and "2020-Q3：" in lines
    q1, q3 = lines.index("2020-Q1："), lines.index("2020-Q3：")
    assert "61 超出范围" in "\n".join(lines[q3:]) and "61 超出范围" not in "\n".join(lines[q1:q3])
    assert lines[-1] == "2020-Q3 有 1 个错误；2020-Q1 通过。请按提示修改后重新运行。"
    code, out = invoke("check", "--in", str(folder.root), "--lang", "en")
    assert out.splitlines()[-1] == "2020-Q3: 1 error(s); 2020-Q1 passed. Fix them and run again."


def test_check_passes_every_period(folder: Folder) -> None:
    two_quarters(folder)
    code, out = invoke("check", "--in", str(folder.root))
    assert code == 0
    assert out.splitlines()[-1] == "2020-Q1、Q3 通过。"


def test_a_roster_error_is_reported_once_for_every_period(folder: Folder) -> None:
    folder.grids.append(("G01", "重复网格", "青山村", "张九", ""))
    two_quarters(folder)
    code, out = invoke("check", "--in", str(folder.root))
    assert code == 1
    assert out.count("网格编号 G01 重复") == 1
    assert out.index("各期间共同的问题") < out.index("2020-Q1：")
    assert out.splitlines()[-1].startswith("共同问题中有 1 个错误，2020-Q1、Q3 都无法通过")
    code, doc = run_json("check", "--in", str(folder.root))
    duplicate = [p for p in doc["problems"] if p["code"] == "duplicate_grid"]
    assert len(duplicate) == 1 and duplicate[0]["period"] is None
    assert [(p["period"], p["passed"]) for p in doc["periods"]] == [("2020-Q1", False), ("2020-Q3", False)]


def test_check_json_has_one_shape_for_one_period_or_many(folder: Folder) -> None:
    two_quarters(folder)
    folder.street["G02"]["ZZ-01"] = 61
    folder.write_quarter(3)
    _, many = run_json("check", "--in", str(folder.root))
    _, one = run_json("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert set(many) == set(one) == {"passed", "periods", "problems"}
    assert many["passed"] is False and one["passed"] is False
    assert [p["period"] for p in many["periods"]] == ["2020-Q1", "2020-Q3"]
    assert many["periods"][1] == {"period": "2020-Q3", "passed": False, "errors": 1, "warnings": 0}
    [error] = [p for p in many["problems"] if p["severity"] == "error"]
    assert error["period"] == "2020-Q3" and error["code"] == "score_out_of_range"
    assert set(error) == {"severity", "code", "file", "sheet", "cell", "message", "period"}


def test_a_folder_without_checklist_and_roster_says_so_once(tmp_path: Path) -> None:
    empty = tmp_path / "下载"
    empty.mkdir()
    for args in (["check"], ["quarter", "Q3"], ["year", "2020"], ["audit", "Q3"]):
        code, out = invoke(*args, "--in", str(empty))
        assert code == 1, out
        assert out.count("这里不像是数据文件夹") == 1
        assert str(empty) in out and f"gridscore {' '.join(args)} --in 数据文件夹" in out
        assert "无法确定年度" not in out and "\n-\n" not in out and not out.startswith("-")
    code, out = invoke("template", "--in", str(empty), "--period", "2020-07")
    assert code == 1 and "gridscore template --period 2020-07 --in 数据文件夹" in out
    code, doc = run_json("check", "--in", str(empty))
    assert [p["code"] for p in doc["problems"]] == ["not_a_data_folder"] and doc["periods"] == []
    code, out = invoke("quarter", "Q3", "--in", str(empty), "--lang", "en")
    assert "does not look like a data folder" in out and "--in DATA_FOLDER" in out


def test_a_data_folder_without_period_folders_says_so(folder: Folder) -> None:
    folder.write()
    shutil.rmtree(folder.root / "self")
    shutil.rmtree(folder.root / "street")
    (folder.root / "gridscore.toml").write_text("", encoding="utf-8")
    for args in (["check"], ["quarter", "Q3"], ["audit", "Q3"]):
        code, out = invoke(*args, "--in", str(folder.root))
        assert code == 1, out
        assert "没有任何期间文件夹" in out and "self/2020-07" in out, out
        assert "无法确定年度" not in out and "-）" not in out
    code, doc = run_json("check", "--in", str(folder.root))
    assert set(doc) == {"passed", "periods", "problems"}
    assert [p["code"] for p in doc["problems"]] == ["no_period_folders"]


def test_file_missing_message_renders_its_brackets(folder: Folder) -> None:
    folder.write()
    (folder.root / "roster.xlsx").unlink()
    code, out = invoke("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert code == 1
    assert "在 gridscore.toml 的 [paths] 中指定" in out
    code, out = invoke("check", "--in", str(folder.root), "--period", "2020-Q3", "--lang", "en")
    assert "the roster file roster.xlsx is missing" in out and "set it under [paths]" in out


def test_data_is_never_console_markup(folder: Folder) -> None:
    folder.street["G02"]["ZZ-01"] = "[red]9"
    folder.write()
    department = folder.root / "street/2020-Q3/综治办.xlsx"
    # A CSV whose name (its file name and its sheet's) holds markup, and a cell holding [/].
    with (folder.root / "street/2020-Q3/[bold]党建办.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["网格编号", "网格名称", "DJ-01 组织建设"])
        writer.writerow(["[/]G99", "无名", "1"])
    (folder.root / "street/2020-Q3/党建办.xlsx").unlink()
    code, out = invoke("check", "--in", str(folder.root), "--period", "2020-Q3")
    assert code == 1
    assert "“[red]9”不是数字" in out
    assert "street/2020-Q3/[bold]党建办.csv" in out
    assert "网格“[/]G99”不在网格花名册中" in out
    assert department.exists()


def test_quarter_summary_shows_rank_changes_and_the_audit_flags(tmp_path: Path) -> None:
    code, out = invoke("quarter", "Q3", "--in", str(DEMO), "--out", str(tmp_path / "out"))
    assert code == 0, out
    assert "名次变化" in out and "↑14" in out
    assert "发现 4 条核查线索，已写入明细表 明细-2020-Q3.xlsx" in out
    assert f"gridscore audit 2020-Q3 --in {DEMO}" in out


def test_template_hint_keeps_the_in_option(folder: Folder, tmp_path: Path) -> None:
    folder.write()
    code, out = invoke(
        "template", "--in", str(folder.root), "--period", "2020-10", "--out", str(tmp_path / "t")
    )
    assert code == 0, out
    assert f"gridscore check --period 2020-10 --in {folder.root}" in out


def test_gbk_console_gets_a_printable_separator(folder: Folder) -> None:
    folder.street["G02"]["ZZ-01"] = 61
    folder.write()
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "GRIDSCORE_LANG": ""}
    code = "from gridscore.cli import main; main()"
    args = [sys.executable, "-c", code, "check", "--in", str(folder.root), "--period", "2020-Q3"]
    proc = subprocess.run(args, env=env, capture_output=True, check=False)
    out = proc.stdout.decode("gbk")
    assert proc.returncode == 1
    assert "考核评分 > C4: ZZ-01 得分 61 超出范围" in out and "?" not in out.replace("？", "")


def test_shared_folder_copy_is_not_touched(folder: Folder, tmp_path: Path) -> None:
    """check writes nothing: the folder is the same after it."""
    two_quarters(folder)
    before = sorted(p.relative_to(folder.root) for p in folder.root.rglob("*"))
    invoke("check", "--in", str(folder.root))
    assert sorted(p.relative_to(folder.root) for p in folder.root.rglob("*")) == before
    shutil.rmtree(folder.root)


# --- hints name the program as it was run, and keep the options the user gave --------------------

PYTHON_M = "python -m gridscore"  # click's name for `python -m gridscore` (and `py -m gridscore`)


def invoke_as(prog: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), prog_name=prog, env={"GRIDSCORE_LANG": ""})
    return result.exit_code, result.output


def test_quarter_audit_hint_as_run_with_in_and_out(tmp_path: Path) -> None:
    out_dir = tmp_path / "考核 结果"  # a space: quoted, so the copied command works
    code, out = invoke_as(PYTHON_M, "quarter", "Q3", "--in", str(DEMO), "--out", str(out_dir))
    assert code == 0, out
    assert f'查看详情：{PYTHON_M} audit 2020-Q3 --in {DEMO} --out "{out_dir}"' in out
    assert "：gridscore audit" not in out


@pytest.mark.parametrize(
    ("prog", "shown"), [(PYTHON_M, PYTHON_M), ("gridscore.exe", "gridscore"), ("gridscore", "gridscore")]
)
def test_template_hint_as_run_with_a_quoted_in(tmp_path: Path, prog: str, shown: str) -> None:
    data = Folder(tmp_path / "数据 文件夹")
    data.write()
    code, out = invoke_as(
        prog, "template", "--in", str(data.root), "--period", "2020-10", "--out", str(tmp_path / "t")
    )
    assert code == 0, out
    assert f' {shown} check --period 2020-10 --in "{data.root}" ' in out


def test_init_next_steps_as_run_with_the_folder_quoted(tmp_path: Path) -> None:
    target = tmp_path / "示例 数据"
    code, out = invoke_as(PYTHON_M, "init", str(target), "--lang", "en")
    assert code == 0, out
    full = f'"{target.resolve()}"'
    for step in ("check", "quarter Q3", "year 2020"):
        assert f"  {PYTHON_M} {step} --in {full}\n" in out, out
    assert f"  {PYTHON_M} template --in {full} --period 2021-01" in out
    assert "  gridscore " not in out


def test_no_period_folders_hint_as_run(folder: Folder) -> None:
    folder.write()
    for sub in ("self", "street"):
        shutil.rmtree(folder.root / sub)
    code, out = invoke_as(PYTHON_M, "quarter", "Q3", "--in", str(folder.root))
    assert code == 1, out
    assert f"空白表可用 {PYTHON_M} template --in {folder.root} 生成" in out.replace("\n", "")


def test_hints_as_gridscore_when_run_as_gridscore(tmp_path: Path) -> None:
    code, out = invoke_as("gridscore", "quarter", "Q3", "--in", str(DEMO), "--out", str(tmp_path / "o"))
    assert code == 0, out
    assert f"查看详情：gridscore audit 2020-Q3 --in {DEMO} --out {tmp_path / 'o'}" in out


def test_python_m_gridscore_hint_from_outside_the_repo(tmp_path: Path) -> None:
    out_dir = tmp_path / "out dir"
    proc = subprocess.run(
        [sys.executable, "-m", "gridscore", "quarter", "Q3", "--in", str(DEMO), "--out", str(out_dir)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=tmp_path,  # not the source tree: the installed gridscore, as a clerk runs it
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "GRIDSCORE_LANG": "zh", "COLUMNS": "400"},
    )
    assert proc.returncode == 0, proc.stderr
    assert f'查看详情：python -m gridscore audit 2020-Q3 --in {DEMO} --out "{out_dir}"' in proc.stdout


def test_exit_3_with_json_is_still_a_json_document(folder: Folder, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert quarter_json(folder.write(), out)[0] == 0
    exit_code, doc = quarter_json(folder.root, out)
    assert exit_code == 3
    assert [(p["code"], p["severity"]) for p in doc["problems"]] == [("output_exists", "error")]
    assert "--force" in doc["problems"][0]["message"]
    (out / "2020-Q3/明细-2020-Q3.xlsx").unlink()
    (out / "2020-Q3/明细-2020-Q3.xlsx").mkdir()
    exit_code, doc = run_json("quarter", "Q3", "--in", str(folder.root), "--out", str(out), "--force")
    assert exit_code == 3
    assert [p["code"] for p in doc["problems"]] == ["output_failed"]
    assert doc["problems"][0]["file"].endswith("明细-2020-Q3.xlsx")


def test_a_missing_data_folder_is_a_usage_error(tmp_path: Path) -> None:
    from conftest import run

    assert run("quarter", "Q3", "--year", "2020", "--in", str(tmp_path / "nowhere"))[0] == 2
