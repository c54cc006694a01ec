"""Every command has help text and appears in the README; --help stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run

from gridscore.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_in_the_readme(name: str) -> None:
    code, text = run(name, "--help")
    assert code == 0
    assert "--lang" in text
    assert f"gridscore {name}" in README


def test_readme_shows_the_two_setup_commands() -> None:
    assert "pip install . && gridscore quarter Q3 --in examples/demo" in README
    assert 'pip install -e ".[test]" && pytest' in README


def test_help_and_usage_errors_do_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from gridscore.cli import app\n"
        "for args in (['--help'], ['quarter']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('pandas', 'openpyxl', 'xlsxwriter', 'python_calamine') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_usage_error_exit_code() -> None:
    assert run("quarter", "Q9", "--year", "2020")[0] == 2


def test_grid_flags_and_list_reasons_have_text_in_both_languages_and_flags_are_in_the_readme() -> None:
    """The vocabularies are enums: every member has zh and en text (derived, not kept by
    hand), and the flags, a contract for scripts, are each documented in both parts of the README."""
    import re

    from gridscore.i18n import LANGUAGES, TEXT
    from gridscore.model import GridFlag, ListReason

    for prefix, vocabulary in (("flag", GridFlag), ("reason", ListReason)):
        for member in vocabulary:
            zh, en = TEXT[f"{prefix}.{member}"]
            assert zh and en and re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en)
        assert {key.split(".", 1)[1] for key in TEXT if key.startswith(f"{prefix}.")} == set(vocabulary)
    assert LANGUAGES == ("zh", "en")
    table = README[README.index("| `flags` 代码 |") :].split("\n\n")[0]
    table = set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M))
    assert table == set(GridFlag)
    contract = README[README.index("`flags` codes are a contract") :].split("\n\n")[0]
    assert set(re.findall(r"`([a-z_]+)` \(", contract)) == set(GridFlag)
