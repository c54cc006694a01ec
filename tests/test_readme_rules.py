"""The README lists every rule with its accepted range, and every JSON flag code with its meaning."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from gridscore.config import Rules

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def rule_keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    keys = []
    for name, field in model.model_fields.items():
        key = prefix + (field.alias or name)
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys += rule_keys(annotation, key + ".")
        else:
            keys.append(key)
    return keys


def test_every_rule_has_a_row_in_the_ranges_table() -> None:
    table = README[README.index("每项允许的值") :].split("\n\n")[1]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    named = {key for row in rows for key in re.findall(r"`([a-z_.]+)`", row.split("|")[1])}
    named |= {"grades"} if "`[[grades]]`" in table else set()  # an array of tables
    assert set(rule_keys(Rules)) <= named


def test_every_flag_code_is_documented() -> None:
    from gridscore.i18n import TEXT

    codes = {key.removeprefix("flag.") for key in TEXT if key.startswith("flag.")}
    assert codes == {"veto", "month_missing", "rank_drop", "interview_twice", "bonus_capped", "partial"}
    for code in codes:
        assert re.search(rf"^\| `{code}` \| .+", README, re.MULTILINE), code
        assert f"`{code}` (" in README  # and in the English part
