"""gridscore.toml's text read into Rules, and what went wrong in words.

Each problem names the line and the likely cause of a TOML syntax error (Chinese quotes,
full-width punctuation, an unquoted Chinese value) or of an invalid value (the type expected,
with an example). No parser English is passed through."""

from __future__ import annotations

import json
import re
import tomllib
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from gridscore.config import RULES_FILE, Rules
from gridscore.i18n import Phrase
from gridscore.problems import Code, Report

CJK = re.compile(r"[\u3400-\u9fff]")
CHINESE_QUOTES = "“”‘’「」"
FULL_WIDTH = {
    "＝": "=",
    "，": ",",
    "［": "[",
    "］": "]",
    "：": ":",
    "；": ";",
    "｛": "{",
    "｝": "}",
    "＂": '"',
    "＇": "'",
    "。": ".",
    "．": ".",
    "\u3000": "空格",
    "＃": "#",
}
# Examples for the settings whose default is "not set".
EXAMPLES = {"year": "2020", "bonus_cap": "5", "start": "2020-10-12", "issuer": '"示例街道网格化服务管理中心"'}


def parse_rules(text: str, report: Report, file: str = RULES_FILE) -> Rules:
    """Rules from TOML text; each invalid key becomes a problem naming its line and the likely
    cause (gridscore/py), and the defaults stand."""
    try:
        # Decimal, not float: 0.2 in the file must stay exactly 0.2.
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        report.add(Code.RULES_UNREADABLE, file=file, **syntax(text, str(error)))
        return Rules()
    try:
        return Rules.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            key = ".".join(str(part) for part in detail["loc"]) or "(root)"
            at = at_line(text, detail["loc"])
            if detail["type"] == "extra_forbidden":
                report.add(Code.RULES_UNKNOWN_KEY, file=file, key=key, at=at)
            else:
                report.add(Code.RULES_INVALID, file=file, key=key, at=at, error=cause(detail))
        return Rules()


def at_line(text: str, loc: tuple[Any, ...]) -> Phrase | str:
    """' at line n' for the setting at loc (its key's line, or its section's header)."""
    line = _line_of(text, loc)
    return Phrase("rules.at_line", {"line": line}) if line else ""


def syntax(text: str, message: str) -> dict[str, Any]:
    """The problem's params for a TOML syntax error: where, and the likely cause."""
    lines = text.splitlines()
    match = re.search(r"at line (\d+), column (\d+)", message)
    # "at end of document": an unclosed quote or bracket, on the last line written.
    last = max((n for n, t in enumerate(lines, 1) if t.strip()), default=0)
    line = int(match[1]) if match else last
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    table = _table_at(lines[: max(line - 1, 0)])
    return {
        "at": Phrase("rules.at_line", {"line": line}) if line else "",
        "error": _syntax_cause(source, table),
    }


def _table_at(lines: list[str]) -> list[str]:
    """The table the next line belongs to ([lists] -> ["lists"])."""
    table: list[str] = []
    for raw in lines:
        header = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]", raw)
        if header:
            table = [part.strip().strip("\"'") for part in header[1].split(".")]
    return table


def _syntax_cause(source: str, table: list[str]) -> Phrase:
    code = source.split("#", 1)[0] if not any(q in source for q in "\"'") else source
    quotes = [q for q in CHINESE_QUOTES if q in code]
    if quotes:
        return Phrase("rules.cause.chinese_quotes", {"found": "".join(quotes), "text": source.strip()})
    wide = next((ch for ch in code if ch in FULL_WIDTH), None)
    if wide is not None:
        shown = "全角空格" if wide == "\u3000" else wide
        return Phrase(
            "rules.cause.full_width", {"found": shown, "ascii": FULL_WIDTH[wide], "text": source.strip()}
        )
    key, sep, value = code.partition("=")
    value = value.strip()
    if sep and value and CJK.search(value) and value[0] not in "\"'[{":
        number = re.match(r"[+-]?\d+(\.\d+)?", value)
        if number:
            return Phrase("rules.cause.unit", {"key": key.strip(), "value": value, "number": number[0]})
        loc = (*table, key.strip())
        if _is_number(loc):
            example = f"{key.strip()} = {_example(loc)}"
            return Phrase("rules.cause.chinese_number", {"value": value, "example": example})
        return Phrase("rules.cause.unquoted", {"key": key.strip(), "value": value})
    if code.count('"') % 2 or code.count("'") % 2:
        return Phrase("rules.cause.unclosed", {"text": source.strip()})
    return Phrase("rules.cause.syntax", {"text": source.strip()})


def _is_number(loc: tuple[Any, ...]) -> bool:
    field = _field(loc)
    if field is None:
        return False
    kinds = {field.annotation, *typing.get_args(field.annotation)}
    return bool(kinds & {int, Decimal, float})


def cause(detail: dict[str, Any]) -> Phrase:
    """An invalid value in words: what is expected, with an example, and what was found."""
    kind, loc, ctx = detail["type"], detail["loc"], detail.get("ctx") or {}
    found = _toml(detail.get("input"))
    leaf = next((str(p) for p in reversed(loc) if not isinstance(p, int)), "")
    example = f"{leaf} = {_example(loc)}"
    if kind == "weights_sum":
        return Phrase("rules.cause.weights_sum", {"sum": ctx.get("sum")})
    if kind in ("grades_same_min", "grades_no_zero"):
        return Phrase(f"rules.cause.{kind}", {"min": ctx.get("min")})
    if kind.startswith("int_"):
        return Phrase("rules.expect.int", {"example": example, "found": found})
    if kind.startswith(("decimal_", "float_")):
        return Phrase("rules.expect.number", {"example": example, "found": found})
    if kind.startswith("bool_"):
        return Phrase("rules.expect.bool", {"example": example, "found": found})
    if kind.startswith("string_"):
        return Phrase("rules.expect.text", {"example": example, "found": found})
    if kind == "list_type":
        return Phrase("rules.expect.list", {"example": example, "found": found})
    if kind.startswith("date"):
        return Phrase("rules.expect.date", {"example": example, "found": found})
    if kind == "literal_error":
        choices = _choices(loc)
        return Phrase("rules.expect.choice", {"choices": choices, "found": found})
    for bound in ("ge", "gt", "le", "lt"):
        if bound in ctx:
            return Phrase(f"rules.expect.{bound}", {"limit": _toml(ctx[bound]), "found": found})
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return Phrase("rules.expect.section", {"key": leaf, "found": found})
    if kind == "missing":
        return Phrase("rules.expect.missing", {})
    if kind == "too_short":
        return Phrase("rules.expect.not_empty", {})
    return Phrase("rules.expect.other", {"found": found})


def _toml(value: Any) -> str:
    """A value as it is written in gridscore.toml."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal | int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    return str(value)


def _field(loc: tuple[Any, ...]):
    """The pydantic field a location names (by the names written in the file)."""
    model: type[BaseModel] | None = Rules
    field = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None:
            return None
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return None
        model = _model_of(field.annotation)
    return field


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _example(loc: tuple[Any, ...]) -> str:
    leaf = next((str(p) for p in reversed(loc) if not isinstance(p, int)), "")
    if leaf in EXAMPLES:
        return EXAMPLES[leaf]
    field = _field(loc)
    default = getattr(field, "default", None)
    if default is None or type(default).__name__ == "PydanticUndefinedType" or isinstance(default, BaseModel):
        return '"…"'
    if default == "":
        return '"示例街道"' if leaf == "street_name" else '"…"'
    return _toml(default)


def _choices(loc: tuple[Any, ...]) -> str:
    field = _field(loc)
    if field is None:
        return ""
    values: list[Any] = []
    stack = [field.annotation]
    while stack:
        annotation = stack.pop()
        if typing.get_origin(annotation) is typing.Literal:
            values += typing.get_args(annotation)
        else:
            stack += typing.get_args(annotation)
    return " / ".join(_toml(v) for v in values)


def _line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """The line that sets loc: its `key =` line in its table, else the table's header."""
    keys = [str(p) for p in loc if not isinstance(p, int)]
    index = next((p for p in loc if isinstance(p, int)), None)
    if not keys:
        return None
    current: list[str] = []
    counts: dict[str, int] = {}
    best = (0, None)  # the deepest header on the way to loc: (depth, line)
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        header = re.match(r"^\[\[\s*([^\]]+?)\s*\]\]|^\[\s*([^\]]+?)\s*\]", line)
        if header:
            name = header[1] or header[2]
            current = [part.strip().strip("\"'") for part in name.split(".")]
            in_place = True
            if header[1]:
                counts[name] = counts.get(name, -1) + 1
                in_place = index is None or counts[name] == index
            if not in_place:
                current = ["\0"]  # another entry of the array: not the one meant
            elif current == keys[: len(current)] and len(current) > best[0]:
                best = (len(current), n)
            continue
        key = re.match(r"""^([A-Za-z0-9_."' -]+?)\s*=""", line)
        if key:
            path = current + [part.strip().strip("\"'") for part in key[1].split(".")]
            if path == keys:
                return n
    return best[1]
