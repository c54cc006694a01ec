"""Tables inside sheets: header rows found under titles, folded header text, cell addresses."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from pathlib import Path

# Header spellings accepted for one canonical column name (compared after fold()).
ALIASES: dict[str, str] = {
    "村": "村(社区)",
    "社区": "村(社区)",
    "村/社区": "村(社区)",
    "村社区": "村(社区)",
    "扣分说明": "备注",
    "备注/扣分说明": "备注",
    "说明": "备注",
    "处置人": "办结人",
}
TOTAL_KEYS = frozenset({"合计", "总计", "小计", "总分"})
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
# Invisible characters pasted from web pages and chat apps; NFKC keeps them, strip() too.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_NO_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))


@dataclass(frozen=True)
class CellError:
    """A cell whose value the file does not hold: a cached error such as #DIV/0!, or a
    formula that was never calculated (written by a program, never opened in Excel/WPS)."""

    error: str = ""  # '#DIV/0!', '#N/A' ...; empty when the formula has no cached value
    formula: str = ""  # the formula text where the file gives it, without '='

    def __str__(self) -> str:
        return self.error or f"={self.formula or '?'}"


@dataclass(frozen=True)
class RawSheet:
    """A sheet's cells as read, row by row from A1; hidden rows and columns as 0-based indexes."""

    name: str
    visible: bool
    rows: list[list[object]]
    hidden_rows: frozenset[int] = frozenset()
    hidden_cols: frozenset[int] = frozenset()


@dataclass(frozen=True)
class InputFile:
    """An input file: its path, its name relative to the data folder, and its sheets."""

    path: Path
    name: str  # relative to the data folder, with forward slashes
    sheets: tuple[RawSheet, ...]
    sha256: str


@dataclass
class Table:
    """A table found in a sheet: named columns and the data rows below the header."""

    file: str
    sheet: str
    key: str
    header_row: int  # 0-based index of the row that names the columns
    columns: dict[int, str]  # column index -> canonical header text (non-empty only)
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    header_values: list[object] = field(default_factory=list)  # the header row's cells as read
    hidden_rows: frozenset[int] = frozenset()
    hidden_cols: frozenset[int] = frozenset()
    info_cols: frozenset[int] = frozenset()  # informational columns: 合计 there makes a total row

    def column(self, name: str) -> int | None:
        return next((c for c, text in self.columns.items() if text == name), None)

    def data_rows(self) -> Iterator[tuple[int, list[object]]]:
        """Rows with any content, total rows (合计 …) excluded."""
        return iter(self._sorted_rows[0])

    def total_rows(self) -> Iterator[tuple[int, list[object]]]:
        return iter(self._sorted_rows[1])

    def data_keys(self) -> list[str]:
        """The key cell of each data row as text (cell_text), in the order of data_rows()."""
        return self._sorted_rows[2]

    @functools.cached_property
    def _sorted_rows(
        self,
    ) -> tuple[list[tuple[int, list[object]]], list[tuple[int, list[object]]], list[str]]:
        """The data rows, the total rows and the data rows' key texts, sorted out once."""
        key_col = self.column(self.key)
        texts = self._key_texts(key_col)
        if texts is not None and all(texts) and TOTAL_KEYS.isdisjoint(texts):
            return list(self.rows), [], texts  # every row keyed, none a total: nearly always
        data, totals, keys = [], [], []
        for i, (r, values) in enumerate(self.rows):
            if texts is not None:
                key = texts[i]
            elif key_col is None:
                key = ""
            else:
                key = cell_text(value_at(values, key_col))
            if key in TOTAL_KEYS or (not key and self._total_beside(values)):
                totals.append((r, values))
            elif key or not all(is_blank(v) for v in values):
                data.append((r, values))
                keys.append(key)
        return data, totals, keys

    def _key_texts(self, key_col: int | None) -> list[str] | None:
        """Every row's key cell as text, when every row reaches the key column."""
        lines = [values for _, values in self.rows]
        if key_col is None or min(map(len, lines), default=key_col + 1) <= key_col:
            return None
        return [  # cell_text, its common case inline
            raw.strip() if type(raw) is str and raw.isascii() else cell_text(raw)
            for raw in map(itemgetter(key_col), lines)
        ]

    def _total_beside(self, values: list[object]) -> bool:
        """A 合计 row written in an informational column (网格名称, 考核内容) beside a blank key."""
        return any(cell_text(value_at(values, c)) in TOTAL_KEYS for c in self.info_cols)


def fold(text: str) -> str:
    """Header text folded for matching: NFKC (full-width to half-width) and no white space."""
    if not text.isascii():  # ASCII is its own NFKC form, with nothing invisible
        text = unicodedata.normalize("NFKC", text)
        text = text.translate(_NO_INVISIBLE)
    return "".join(text.split())


def canonical(text: str) -> str:
    folded = fold(text)
    return ALIASES.get(folded, folded)


def cell_text(value: object) -> str:
    """A cell as trimmed, NFKC-folded text, as a clerk sees it: whole floats lose their '.0',
    dates read 2020-07-05, booleans TRUE/FALSE, a formula error #DIV/0!."""
    if value is None:
        return ""
    if type(value) is str and value.isascii():  # its own NFKC form, and nothing invisible
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d" if value.time() == dt.time() else "%Y-%m-%d %H:%M:%S")
    return unicodedata.normalize("NFKC", str(value)).strip().strip(_INVISIBLE).strip()


def is_blank(value: object) -> bool:
    if value is None or value == "":
        return True
    if type(value) is float:
        return False
    if type(value) is str:  # white space of any width, and invisible characters
        return not value.strip().strip(_INVISIBLE).strip()
    return cell_text(value) == ""


def value_at(values: list[object], col: int) -> object:
    return values[col] if col < len(values) else None


FLOAT_DECIMALS: dict[float, Decimal] = {}  # a sheet repeats a few dozen distinct scores


def to_decimal(value: object) -> Decimal | None:
    """A cell as an exact decimal; None when blank. Raises ValueError when not a plain number.

    A float is read as Excel shows it, at 15 significant digits: 85.01 is 85.01 (not
    85.0100000000000051159...), and a formula's 40.00000000000001 is 40.
    """
    if type(value) is float:
        number = FLOAT_DECIMALS.get(value)
        if number is None:
            if not math.isfinite(value):
                raise ValueError(value)
            number = Decimal(format(value, ".15g"))
            if len(FLOAT_DECIMALS) < 100_000:
                FLOAT_DECIMALS[value] = number
        return number
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta, CellError)):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return to_decimal(float(value))
    text = cell_text(value)
    if text == "":
        return None
    if not _DECIMAL.fullmatch(text):
        raise ValueError(value)
    return Decimal(text)


@functools.lru_cache(maxsize=4096)
def column_letter(col: int) -> str:
    """0-based column index to Excel letters: 0 -> A, 27 -> AB (remembered: every problem and
    header names one)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def address(row: int, col: int) -> str:
    """0-based row and column to an Excel address such as D12."""
    return f"{column_letter(col)}{row + 1}"


def find_table(
    file: str, sheet: RawSheet, keys: tuple[str, ...], info: frozenset[str] = frozenset()
) -> Table | None:
    """The table whose header is the first row holding one of the key column names (`info`:
    the informational column names, where a 合计 beside a blank key marks a total row).

    Forms carry title rows above the header. Where the key cell is merged downwards
    over a second header row (a group title such as 网格得分 spanning the columns),
    the lower row names the columns.
    """
    rows = sheet.rows
    for r, values in enumerate(rows):
        names = dict(enumerate(map(_header_name, values)))
        key_col = next((c for c, name in names.items() if name in keys), None)
        if key_col is None:
            continue
        key = names[key_col]
        header_row = r
        header_values = list(values)
        lower = rows[r + 1] if r + 1 < len(rows) else []
        if _is_lower_header(lower, key_col):
            header_row = r + 1
            header_values += [None] * (len(lower) - len(header_values))
            for c, v in enumerate(lower):
                if not is_blank(v):
                    names[c] = canonical(cell_text(v))
                    header_values[c] = v
        columns = {c: name for c, name in names.items() if name}
        body = list(enumerate(rows[header_row + 1 :], header_row + 1))
        return Table(
            file,
            sheet.name,
            key,
            header_row,
            columns,
            body,
            header_values,
            sheet.hidden_rows,
            sheet.hidden_cols,
            frozenset(c for c, name in columns.items() if name in info),
        )
    return None


_HEADER_NAMES: dict[str, str] = {}  # a text cell's canonical name: every form repeats its headers


def _header_name(value: object) -> str:
    """canonical(cell_text(value)), remembered for text cells."""
    if type(value) is not str:
        return canonical(cell_text(value))
    name = _HEADER_NAMES.get(value)
    if name is None:
        name = canonical(cell_text(value))
        if len(_HEADER_NAMES) < 100_000:
            _HEADER_NAMES[value] = name
    return name


def _is_lower_header(lower: list[object], key_col: int) -> bool:
    """A second header row: blank under the key (merged down) and only text beside it.

    A data row always has its key, so such a row names the columns under a group title
    (网格得分 over the grids, even over a single grid).
    """
    if not lower or not is_blank(value_at(lower, key_col)):
        return False
    filled = [v for v in lower if not is_blank(v)]
    return bool(filled) and all(isinstance(v, str) for v in filled)
