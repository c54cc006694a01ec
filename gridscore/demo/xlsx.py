"""A minimal in-memory workbook writer for the demo (xlsxwriter, row by row).

Several times faster
than openpyxl for the demo's ~250 files, which is most of what `gridscore init` waits for)."""

from __future__ import annotations

import io
from datetime import datetime

import xlsxwriter


class Book:
    """One workbook in memory: add sheets, then take its bytes. Dated `stamp` (document and
    package entries alike), so the same data gives the same bytes."""

    def __init__(self, stamp: datetime, author: str = "") -> None:
        self._buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(
            self._buffer,
            {
                "in_memory": True,
                "strings_to_formulas": False,  # text is text: the demo holds no formulas
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.wb.set_properties({"author": author, "created": stamp})
        self.formats: dict[tuple, xlsxwriter.format.Format] = {}

    def format(self, **props: object) -> xlsxwriter.format.Format:
        key = tuple(sorted(props.items()))
        if key not in self.formats:
            self.formats[key] = self.wb.add_format(props)
        return self.formats[key]

    def sheet(self, name: str) -> Sheet:
        return Sheet(self, self.wb.add_worksheet(name))

    def bytes(self) -> bytes:
        self.wb.close()
        return self._buffer.getvalue()


class Sheet:
    """A worksheet filled like openpyxl's `append`: each row below the last one written."""

    def __init__(self, book: Book, ws: xlsxwriter.worksheet.Worksheet) -> None:
        self.book, self.ws = book, ws
        self.row = 0  # the next row to write, 0-based

    def title(self, text: str, width: int, height: float | None = 24) -> None:
        """A bold, centred title merged across the table's `width` columns."""
        fmt = self.book.format(bold=True, font_size=14, align="center")
        self.ws.merge_range(self.row, 0, self.row, width - 1, text, fmt)
        if height is not None:
            self.ws.set_row(self.row, height)
        self.row += 1

    def header(self, headers: list[str]) -> None:
        fmt = self.book.format(bold=True, align="center", valign="vcenter", text_wrap=True)
        self.append(headers, fmt)

    def append(
        self,
        values: list[object],
        fmt: xlsxwriter.format.Format | None = None,
        columns: dict[int, xlsxwriter.format.Format] | None = None,
    ) -> None:
        """A row of values (None: a blank cell, not written), in `fmt`, or in the format
        `columns` gives a column (0-based)."""
        if columns is None:
            # write_row picks write_string, write_number, write_datetime by type (never a
            # formula or a link: see the workbook's options), and skips None.
            self.ws.write_row(self.row, 0, values, fmt)
        else:
            for col, value in enumerate(values):
                self.ws.write(self.row, col, value, columns.get(col, fmt))
        self.row += 1

    def widths(self, widths: list[float]) -> None:
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)

    def freeze(self, cell: str) -> None:
        self.ws.freeze_panes(cell)
