"""The limits a workbook must stay within, what a screened sheet is, and a file's kind from its first bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gridscore.problems import Code
from gridscore.tables import CellError, address

# Limits. A real assessment form is well under 1 MB and 10,000 cells; an event log a few
# hundred thousand cells. Beyond these a file is refused before any reader allocates.
MAX_FILE_BYTES = 50 * 2**20
MAX_ENTRIES = 10_000  # zip entries
MAX_PART_BYTES = 64 * 2**20  # one XML part, uncompressed
MAX_XML_BYTES = 128 * 2**20  # all XML parts together, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for XML parts over RATIO_FROM bytes
RATIO_FROM = 2**20
MAX_CELLS = 500_000  # rows x columns from A1, over all sheets of a workbook (~120 MB read)
MAX_MARKERS = 100_000  # formula errors marked in one workbook
MAX_SHEETS = 1_000
MAX_DIRECTORY_ENTRIES = 10_000  # OLE directory entries
NOT_A_WORKBOOK = "BIN"


class ReadError(Exception):
    """A file that cannot be read as a table: a problem code, where, and its parameters."""

    def __init__(
        self,
        error: str = "",
        code: Code = Code.FILE_UNREADABLE,
        *,
        sheet: str = "",
        cell: str = "",
        **params: Any,
    ) -> None:
        super().__init__(error or code.value)
        self.code, self.sheet, self.cell = code, sheet, cell
        self.params = {"error": error, **params} if code is Code.FILE_UNREADABLE else params


def damaged(what: str) -> ReadError:
    return ReadError(f"文件已损坏或不完整 / damaged or truncated ({what})")


@dataclass
class SheetScan:
    """One sheet as screened: the used range from A1, cells the reader misreads, hidden rows."""

    name: str
    rows: int = 0  # used range: rows x cols from A1 (in a package, maybe an upper bound of it
    cols: int = 0  # while the workbook's total stays under MAX_CELLS: see ooxml_package)
    far: tuple[int, int] = (0, 0)  # the cell that stretches the range most
    markers: dict[tuple[int, int], CellError] = field(default_factory=dict)
    hidden_rows: frozenset[int] = frozenset()
    hidden_cols: frozenset[int] = frozenset()

    def extend(self, row: int, col: int) -> None:
        if row >= self.rows or col >= self.cols:
            if (row + 1) * (col + 1) > (self.far[0] + 1) * (self.far[1] + 1):
                self.far = (row, col)
            self.rows, self.cols = max(self.rows, row + 1), max(self.cols, col + 1)

    def mark(self, row: int, col: int, error: CellError) -> None:
        if len(self.markers) >= MAX_MARKERS:
            raise ReadError(code=Code.FILE_TOO_LARGE, detail=f"{MAX_MARKERS}+ #errors")
        self.markers[(row, col)] = error

    @property
    def cells(self) -> int:
        return self.rows * self.cols


def check_range(scans: list[SheetScan]) -> None:
    """Refuse a workbook whose used ranges, padded from A1, pass MAX_CELLS in all."""
    if sum(s.cells for s in scans) > MAX_CELLS:
        worst = max(scans, key=lambda s: s.cells)
        raise ReadError(
            code=Code.RANGE_TOO_LARGE,
            sheet=worst.name,
            cell=address(*worst.far),
            far=address(*worst.far),
            rows=worst.rows,
            cols=worst.cols,
            limit=MAX_CELLS,
        )


# ---------------------------------------------------------------- what kind of file


def sniff(data: bytes) -> str:
    """The kind of a file from its first bytes: zip, ole, or what it is instead."""
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    head = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower().replace(b"\x00", b"")
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head")) or b"<html" in head:
        return "HTML"
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        return "XML"
    if head.startswith(b"%pdf"):
        return "PDF"
    sample = data[:4096]
    if b"\x00" not in sample:
        for encoding in ("utf-8", "gbk"):
            try:
                sample.decode(encoding)
            except UnicodeDecodeError as error:
                if error.start < len(sample) - 4:  # a character cut at the end is fine
                    continue
            return "CSV"
    return NOT_A_WORKBOOK


# ---------------------------------------------------------------- zip packages


@dataclass
class Package:
    """A screened zip workbook: what it is and its sheets, by name."""

    kind: str  # "xlsx" or "ods"
    sheets: dict[str, SheetScan]
    strict: bool = False
