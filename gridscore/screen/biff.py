"""What calamine cannot tell about an .xls file, read from its BIFF records before it opens.

An .xls is an OLE compound file whose Workbook stream holds BIFF records. calamine reads a
cached formula error as a blank and allocates a dense grid up to the farthest cell, so the
cells, errors, hidden rows and columns are walked here first (a plain record walk, no
parsing of formulas or strings). Every offset is bounds-checked: the file may be hostile.
"""

from __future__ import annotations

import struct

from gridscore.problems import Code
from gridscore.screen.limits import (
    MAX_DIRECTORY_ENTRIES,
    MAX_SHEETS,
    NOT_A_WORKBOOK,
    ReadError,
    SheetScan,
    damaged,
)
from gridscore.tables import CellError

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE
_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}
# BIFF5/8 record types
_BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
_FORMULA, _BOOLERR, _MULRK, _ROW, _COLINFO = 0x0006, 0x0205, 0x00BD, 0x0208, 0x007D
_DIMENSIONS = 0x0200
_VALUES = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6})  # NUMBER RK LABELSST LABEL RSTRING


class Compound:
    """The streams of an OLE compound file (MS-CFB), read with every chain bounded."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or data[:8] != MAGIC:
            raise damaged("OLE header")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise damaged("OLE sector size")
        self.size = 1 << shift
        self.sectors = max(0, -(-(len(data) - self.size) // self.size))  # a short last sector counts
        dir_start = struct.unpack_from("<I", data, 48)[0]
        self.cutoff, mini_fat_start, _, difat_start, n_difat = struct.unpack_from("<IIIII", data, 56)
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < _END]
        per = self.size // 4
        sector, seen = difat_start, 0
        while sector < _END and seen <= n_difat and seen <= self.sectors:
            ids = struct.unpack_from(f"<{per}I", self._sector(sector))
            fat_sectors += [s for s in ids[:-1] if s < _END]
            sector, seen = ids[-1], seen + 1
        if len(fat_sectors) > self.sectors:
            raise damaged("OLE FAT")
        fat_bytes = b"".join(self._sector(s) for s in fat_sectors)
        self.fat = struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes)
        directory = self._chain_bytes(dir_start, self.fat, self.size, self._sector)
        self.entries: dict[str, tuple[int, int]] = {}  # lower-cased name -> (start, size)
        self.root = (0, 0)
        for offset in range(0, min(len(directory), 128 * MAX_DIRECTORY_ENTRIES), 128):
            name_len = struct.unpack_from("<H", directory, offset + 64)[0]
            kind = directory[offset + 66]
            start, size = struct.unpack_from("<IQ", directory, offset + 116)
            name = directory[offset : offset + max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
            if kind == 5:
                self.root = (start, size)
            elif kind == 2:
                self.entries.setdefault(name.lower(), (start, size))
        self._mini: bytes | None = None
        self._mini_fat_start = mini_fat_start

    def _sector(self, index: int) -> bytes:
        if index >= self.sectors:
            raise damaged("OLE sector")
        start = (index + 1) * self.size
        return self.data[start : start + self.size]

    def _chain_bytes(self, start: int, fat: tuple[int, ...], size: int, read) -> bytes:
        parts, seen = [], 0
        while start < _END:
            if start >= len(fat) or seen > len(fat):
                raise damaged("OLE chain")
            parts.append(read(start))
            start, seen = fat[start], seen + 1
        return b"".join(parts)

    def stream(self, name: str) -> bytes | None:
        """A stream's bytes by its (case-insensitive) name; None when there is none."""
        if name.lower() not in self.entries:
            return None
        start, size = self.entries[name.lower()]
        if size > len(self.data):
            raise damaged("OLE stream size")
        if size >= self.cutoff:
            return self._chain_bytes(start, self.fat, self.size, self._sector)[:size]
        if self._mini is None:
            mini_fat_bytes = self._chain_bytes(self._mini_fat_start, self.fat, self.size, self._sector)
            self._mini_fat = struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes)
            self._mini = self._chain_bytes(self.root[0], self.fat, self.size, self._sector)
        mini = self._mini

        def piece(index: int) -> bytes:
            if (index + 1) * 64 > len(mini):
                raise damaged("OLE mini stream")
            return mini[index * 64 : index * 64 + 64]

        return self._chain_bytes(start, self._mini_fat, 64, piece)[:size]

    def names(self) -> set[str]:
        return set(self.entries)


def kind_of(compound: Compound) -> str:
    """'xls', 'encrypted', or the kind of office file it is instead."""
    names = compound.names()
    if {"encryptioninfo", "encryptedpackage"} <= names:
        return "encrypted"
    if "workbook" in names or "book" in names:
        return "xls"
    if "worddocument" in names:
        return "DOC"
    if "powerpoint document" in names:
        return "PPT"
    return NOT_A_WORKBOOK


def scan(data: bytes) -> list[SheetScan]:
    """Every sheet's used range, cached errors, hidden rows and columns, in workbook order.

    Raises ReadError for an encrypted or damaged file, or one that is not a workbook.
    """
    try:
        compound = Compound(data)
        kind = kind_of(compound)
        if kind == "encrypted":
            raise ReadError(code=Code.FILE_ENCRYPTED)
        if kind != "xls":
            raise ReadError(code=Code.FILE_WRONG_TYPE, actual=kind)
        stream = compound.stream("workbook") or compound.stream("book") or b""
        return _sheets(stream)
    except (struct.error, IndexError) as error:
        raise damaged("BIFF") from error


def _records(stream: bytes, pos: int):
    """(type, data) of each record from pos to the substream's EOF."""
    end = len(stream)
    while pos + 4 <= end:
        kind, size = struct.unpack_from("<HH", stream, pos)
        data = stream[pos + 4 : pos + 4 + size]
        pos += 4 + size
        yield kind, data
        if kind == _EOF:
            return


def _sheets(stream: bytes) -> list[SheetScan]:
    bounds: list[tuple[str, int, int]] = []  # name, offset, type
    for kind, data in _records(stream, 0):
        if kind == _FILEPASS:
            raise ReadError(code=Code.FILE_ENCRYPTED)
        if kind == _BOUNDSHEET and len(data) >= 8:
            offset = struct.unpack_from("<I", data)[0]
            sheet_type = data[5]
            bounds.append((_sheet_name(data), offset, sheet_type))
    if len(bounds) > MAX_SHEETS:
        raise ReadError(code=Code.FILE_TOO_LARGE, detail=f"{len(bounds)} sheets > {MAX_SHEETS}")
    return [_sheet(stream, name, offset) for name, offset, sheet_type in bounds if sheet_type == 0]


def _sheet_name(data: bytes) -> str:
    length = data[6]
    if len(data) > 8 and data[7] in (0, 1) and len(data) >= 8 + length * (1 + data[7]):
        raw = data[8 : 8 + length * (1 + data[7])]
        return raw.decode("utf-16-le" if data[7] else "latin-1", "replace")
    return data[7 : 7 + length].decode("latin-1", "replace")


def _check_dimensions(data: bytes) -> None:
    """The reader sizes its cell store from this record: an inverted or impossible range
    (a flipped byte) would make it ask for hundreds of gigabytes."""
    if len(data) >= 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", data)
    else:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", data)
    if first_row > last_row or first_col > last_col or last_row > 65_536 or last_col > 16_384:
        raise damaged("BIFF DIMENSIONS")


def _sheet(stream: bytes, name: str, offset: int) -> SheetScan:
    scan = SheetScan(name)
    if offset + 4 > len(stream) or struct.unpack_from("<H", stream, offset)[0] != _BOF:
        return scan
    hidden_rows, hidden_cols = set(), set()
    for kind, data in _records(stream, offset):
        if len(data) < 6:
            continue
        if kind in _VALUES:
            scan.extend(*struct.unpack_from("<HH", data))
        elif kind == _DIMENSIONS:
            _check_dimensions(data)
        elif kind == _FORMULA and len(data) >= 14:
            row, col = struct.unpack_from("<HH", data)
            scan.extend(row, col)
            if data[12:14] == b"\xff\xff" and data[6] == 2:
                scan.mark(row, col, CellError(_ERRORS.get(data[8], "#N/A")))
        elif kind == _BOOLERR and len(data) >= 8:
            row, col = struct.unpack_from("<HH", data)
            scan.extend(row, col)
            if data[7] == 1:
                scan.mark(row, col, CellError(_ERRORS.get(data[6], "#N/A")))
        elif kind == _MULRK:
            row, first = struct.unpack_from("<HH", data)
            last = struct.unpack_from("<H", data, len(data) - 2)[0]
            scan.extend(row, max(first, last))
        elif kind == _ROW and len(data) >= 14 and struct.unpack_from("<H", data, 12)[0] & 0x20:
            hidden_rows.add(struct.unpack_from("<H", data)[0])
        elif kind == _COLINFO and len(data) >= 10 and struct.unpack_from("<H", data, 8)[0] & 1:
            first, last = struct.unpack_from("<HH", data)
            hidden_cols.update(range(first, min(last, 16383) + 1))
    scan.hidden_rows, scan.hidden_cols = frozenset(hidden_rows), frozenset(hidden_cols)
    return scan
