"""The workbook writer every output shares: fonts, formats, widths from content, page setup.

Every workbook gridscore writes is read on paper too, so every sheet gets a page setup (A4,
one page wide, header rows repeated, margins, page numbers) and columns as wide as their
content, with long text wrapped in its cell instead of cut off or spilled onto extra pages.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from gridscore.config import Fonts

# Characters XML 1.0 forbids (control characters but tab, LF, CR; lone surrogates; U+FFFE/F).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
GB2312 = 134  # the font charset that tells Excel and WPS the font is a Chinese one
# Column widths in Excel's units (about one Latin character; a CJK character takes two).
MIN_WIDTH, MAX_WIDTH = 6, 40
# Above this total width a sheet prints landscape (A4 portrait holds about 100 at 100%).
PORTRAIT_WIDTH = 100
PAGES = "&C第 &P 页，共 &N 页"
_PLAIN = frozenset({str, int, bool, type(None), Decimal, float})  # equal values shown alike (zeros aside)
FOOTER = "&L&A" + PAGES  # internal sheets: the sheet's name too, for a reader of loose pages


def clean_text(value: str) -> str:
    """Text from the inputs with the characters XML forbids removed."""
    return _XML_FORBIDDEN.sub("", value)


def display_width(text: str) -> int:
    """How wide a text is in Excel's column units: CJK (wide) characters count double."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _utf16_cut(text: str, units: int) -> str:
    """The longest start of text that is at most `units` UTF-16 code units long."""
    while len(text.encode("utf-16-le")) > 2 * units:
        text = text[:-1]
    return text


def timestamp() -> dt.datetime:
    """Document time: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def lines_needed(text: str, width: float) -> int:
    """The lines a wrapped text takes in a cell `width` units wide (for merged cells, whose
    rows Excel does not fit to their text)."""
    usable = max(int(width) - 1, 1)
    return sum(max(1, -(-display_width(part) // usable)) for part in text.split("\n"))


# Windows refuses these characters and names in a file name; Excel refuses [ ] in a
# workbook's (they are its external-reference brackets).
_FILE_FORBIDDEN = re.compile(r'[<>:"/\\|?*\[\]\x00-\x1f\x7f]')
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{d}{i}" for d in ("COM", "LPT") for i in range(1, 10)}
)


def safe_file_name(text: str, limit: int = 80) -> str:
    """A name taken from the data (a village, a department) made safe as a Windows file
    name, without its extension, for every writer: no <>:"/\\|?*[] or control characters, no
    leading or trailing dot or space, not a reserved device name (CON, NUL, COM1 ...), at
    most `limit` characters."""
    name = _FILE_FORBIDDEN.sub("_", text).strip(" .")[:limit].rstrip(". ")
    if not name or name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    return name


class Book:
    """An xlsxwriter workbook in memory with the formats every output shares.

    Strings are never turned into formulas or links: a name such as '=1+1' stays text.
    """

    def __init__(self, title: str, decimals: int, fonts: Fonts | None = None, *, size: int = 10) -> None:
        import xlsxwriter

        self.fonts = fonts or Fonts()
        self.stream = io.BytesIO()
        self.wb = xlsxwriter.Workbook(
            self.stream,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.wb.set_properties({"title": clean_text(title), "author": "gridscore", "created": timestamp()})
        self.wb.set_calc_mode("auto")
        # The workbook's default style (blank cells, new cells typed in) in the body font too.
        self.wb.formats[0].set_font_name(self.fonts.body)
        self.wb.formats[0].set_font_charset(GB2312)
        self.size = size
        self.number = "0." + "0" * decimals if decimals else "0"
        cell = {"border": 1, "valign": "vcenter"}
        self.fmt = {
            "title": self.format({"font_size": 16, "align": "center", "valign": "vcenter"}, title=True),
            "note": self.format({"align": "left", "text_wrap": True, "valign": "top"}),
            "header": self.format(
                {"bold": True, **cell, "align": "center", "bg_color": "#D9E1F2", "text_wrap": True}
            ),
            "text": self.format(cell),
            "wrap": self.format({**cell, "text_wrap": True}),
            "center": self.format({**cell, "align": "center"}),
            "number": self.format({**cell, "num_format": self.number}),
            "exact": self.format({**cell, "num_format": "General"}),
        }

    def format(self, props: dict[str, Any], *, title: bool = False) -> Any:
        """A cell format in the body font (or the title font), GB2312 charset."""
        font = self.fonts.title if title else self.fonts.body
        return self.wb.add_format(
            {"font_name": font, "font_charset": GB2312, "font_size": self.size, **props}
        )

    def sheet(self, name: str) -> Any:
        return self.wb.add_worksheet(name)

    def write(self, ws: Any, row: int, col: int, value: object, fmt: dict[str, Any] | None = None) -> None:
        """A value in its own kind of cell; `fmt` overrides the format by kind (text, number …)."""
        self._write(ws, row, col, value, {**self.fmt, **(fmt or {})})

    def _write(self, ws: Any, row: int, col: int, value: object, fmt: dict[str, Any]) -> None:
        """write, with every kind's format given (`fmt` holds them all)."""
        if isinstance(value, Decimal):
            ws.write_number(row, col, float(value), fmt["number"])
        elif isinstance(value, bool):
            ws.write_string(row, col, "是" if value else "", fmt["center"])
        elif isinstance(value, int):
            ws.write_number(row, col, value, fmt["center"])
        elif value is None:
            ws.write_blank(row, col, None, fmt["text"])
        else:
            # Always a string, never a formula: '=1+1', '@SUM(A1)', '\t-2' stay text.
            ws.write_string(row, col, clean_text(str(value)), fmt["text"])

    def safe_sheet_name(self, name: str) -> str:
        """A sheet name from the data that Excel accepts and this workbook has not used:
        no []:*?/\\ or control characters, no leading or trailing apostrophe, at most 31
        characters as Excel counts them (UTF-16), made unique with (2), (3) ..."""
        base = _SHEET_FORBIDDEN.sub("_", clean_text(name)).strip().strip("'") or "Sheet"
        if base.lower() == "history":  # reserved by Excel
            base += "_"
        used = {n.lower() for n in self.wb.sheetnames}
        candidate, n = _utf16_cut(base, 31), 1
        while candidate.lower() in used:
            n += 1
            suffix = f"({n})"
            candidate = _utf16_cut(base, 31 - len(suffix)) + suffix
        return candidate

    def cell_width(self, value: object) -> int:
        """The width a value takes in its cell, as it is shown."""
        if isinstance(value, Decimal):
            return len(f"{value:.{len(self.number) - 2 if '.' in self.number else 0}f}")
        if isinstance(value, bool):
            return 2
        if value is None:
            return 0
        return max((display_width(part) for part in str(value).split("\n")), default=0)

    def widths(
        self, headers: Sequence[str], rows: Sequence[Sequence[object]], caps: Sequence[int] = ()
    ) -> list[int]:
        """Column widths from the content: the widest cell, the header wrapped onto two lines
        where it is long, between MIN_WIDTH and the column's cap (MAX_WIDTH by default)."""
        return self._widths(headers, self._widest(len(headers), rows), caps)

    def _widest(self, columns: int, rows: Sequence[Sequence[object]]) -> list[int]:
        """The widest cell of each column, each distinct value measured once: by its type too
        (1, 1.0, True and Decimal(1) are shown differently), and every zero (-0.00 is wider)."""
        widest = []
        for col in range(columns):
            values = [row[col] for row in rows if col < len(row)]
            if not set(map(type, values)) <= _PLAIN:
                widest.append(max(map(self.cell_width, values), default=0))
                continue
            shown = [value for _, value in set(zip(map(type, values), values, strict=True))]
            if any(type(v) in (Decimal, float) and not v for v in shown):
                shown += [v for v in values if type(v) in (Decimal, float) and not v]
            widest.append(max(map(self.cell_width, shown), default=0))
        return widest

    def _widths(self, headers: Sequence[str], widest: list[int], caps: Sequence[int]) -> list[int]:
        result = []
        for col, header in enumerate(headers):
            cap = caps[col] if col < len(caps) and caps[col] else MAX_WIDTH
            head = display_width(header) + 2
            if head > min(cap, 14):  # a long header wraps onto two lines
                head = -(-(head - 2) // 2) + 2
            result.append(max(MIN_WIDTH, min(cap, max(head, widest[col] + 2))))
        return result

    def table(
        self,
        ws: Any,
        row: int,
        headers: Sequence[str],
        rows: Iterable[Sequence[object]],
        caps: Sequence[int] = (),
        *,
        header_format: Any = None,
        formats: dict[str, Any] | None = None,
    ) -> tuple[int, list[int]]:
        """A bordered table from `row`, columns as wide as their content (up to `caps`), text
        longer than its column wrapped. Returns the row after it and the widths."""
        rows = [list(values) for values in rows]
        widest = self._widest(len(headers), rows)
        widths = self._widths(headers, widest, caps)
        wrapped = [col for col, width in enumerate(widths) if widest[col] + 2 > width]
        for col, header in enumerate(headers):
            ws.write_string(row, col, header, header_format or self.fmt["header"])
            ws.set_column(col, col, widths[col])
        head_lines = max((lines_needed(h, w) for h, w in zip(headers, widths, strict=True)), default=1)
        ws.set_row(row, self.line_height * head_lines + 4)
        base = {**self.fmt, **(formats or {})}
        wrap = {**base, "text": base.get("wrap", self.fmt["wrap"])}
        by_col = [wrap if col in wrapped else base for col in range(max(map(len, rows), default=0))]
        for r, values in enumerate(rows, start=row + 1):
            for col, value in enumerate(values):
                self._write(ws, r, col, value, by_col[col])
            # Rows as high as their wrapped text: LibreOffice keeps the default height.
            lines = max(
                (lines_needed(str(values[c]), widths[c]) for c in wrapped if c < len(values) and values[c]),
                default=1,
            )
            if lines > 1:
                ws.set_row(r, self.line_height * lines)
        return row + 1 + len(rows), widths

    @property
    def line_height(self) -> float:
        """The height of a line of body text, in points."""
        return round(self.size * 1.5, 1)

    def merged_line(
        self, ws: Any, row: int, last: int, line: str, fmt: Any, width: float, *, height: float = 18
    ) -> None:
        """A line of text across columns 0..last, its row as high as its wrapped lines."""
        if last > 0:
            ws.merge_range(row, 0, row, last, clean_text(line), fmt)
        else:
            ws.write_string(row, 0, clean_text(line), fmt)
        ws.set_row(row, height * lines_needed(line, width))

    def print_setup(
        self,
        ws: Any,
        widths: Sequence[int],
        header_rows: tuple[int, int] | None,
        *,
        landscape: bool | None = None,
        footer: str = FOOTER,
        freeze: tuple[int, int] | None = None,
    ) -> None:
        """Ready to print: A4, one page wide (as many pages down as it takes), the header rows
        on every page, margins, page numbers; landscape when the columns are wide."""
        ws.set_paper(9)
        if landscape if landscape is not None else sum(widths) > PORTRAIT_WIDTH:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, 0)
        if header_rows is not None:
            ws.repeat_rows(*header_rows)
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_footer(footer)
        if freeze is not None:
            ws.freeze_panes(*freeze)

    def close(self) -> bytes:
        self.wb.close()
        return self.stream.getvalue()
