"""The zip and XML screening of workbooks (gridscore.screen): its quick paths on ordinary
files, and that each one ends where the thorough path ends.

A sheet's used range is first only bounded, from the length of its cell addresses; the
exact range is worked out when the bounds of a workbook pass MAX_CELLS together. Parts
are inflated straight from the zip's bytes, and left to zipfile when anything is amiss.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter

from gridscore.io import ReadError, read_input
from gridscore.problems import Code
from gridscore.screen import MAX_CELLS, archive, package

SHEET = "xl/worksheets/sheet1.xml"
PLAIN = {"A1": 1, "B2": 2, "C3": 3, "Z30": 4}


def _book(path: Path, sheets: dict[str, dict[str, float]]) -> Path:
    """A workbook holding, on each sheet, the given cells ({"C1000": 2})."""
    wb = xlsxwriter.Workbook(str(path))
    for name, cells in sheets.items():
        ws = wb.add_worksheet(name)
        for ref, value in cells.items():
            ws.write(ref, value)
    wb.close()
    return path


def _edit(path: Path, change: Callable[[str, bytes], bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    """The workbook rewritten with change(part name, bytes) applied to every part."""
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, change(info.filename, source.read(info))) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", method) as target:
        for name, data in parts:
            target.writestr(name, data)
    return path


def _in(part: str, old: bytes, new: bytes) -> Callable[[str, bytes], bytes]:
    return lambda name, data: data.replace(old, new, 1) if name == part else data


def _refusal(path: Path) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_input(path, path.parent)
    return caught.value


def _rows(path: Path) -> dict[str, int]:
    return {sheet.name: len(sheet.rows) for sheet in read_input(path, path.parent).sheets}


# ---------------------------------------------------------------- used range: bound, then exact


def test_sheets_whose_bounds_pass_the_limit_together_are_read(tmp_path: Path) -> None:
    """Addresses up to C1000 bound each sheet at 9,999 x 26 cells: three such bounds pass
    MAX_CELLS, three exact ranges of 1,000 x 3 do not."""
    assert MAX_CELLS < 3 * 9_999 * 26
    sheet = {"A1": 1, "C1000": 2}
    path = _book(tmp_path / "book.xlsx", {"A": sheet, "B": sheet, "C": sheet})
    assert _rows(path) == {"A": 1000, "B": 1000, "C": 1000}
    scans = package(path.read_bytes()).sheets.values()
    assert sum(scan.cells for scan in scans) <= MAX_CELLS


def test_two_sheets_on_one_part_get_the_exact_range_once_the_bounds_pass_the_limit(tmp_path: Path) -> None:
    """The bound of the first sheet is copied to the second, which names the same part:
    together they pass MAX_CELLS, so the part is read again for its exact range."""
    path = _book(tmp_path / "book.xlsx", {"A": {"A1": 1, "C1000": 2}})
    twice = b'<sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId1"/>'
    _edit(path, _in("xl/workbook.xml", b'<sheet name="A" sheetId="1" r:id="rId1"/>', twice))
    scans = package(path.read_bytes()).sheets
    assert [(s.name, s.rows, s.cols) for s in scans.values()] == [("A", 1000, 3), ("B", 1000, 3)]
    assert _rows(path) == {"A": 1000, "B": 1000}


def test_the_far_cell_is_named_exactly_when_the_exact_ranges_pass_the_limit(tmp_path: Path) -> None:
    """Each bound (9,999 x 26) fits under MAX_CELLS alone; the exact ranges, 180,000 +
    190,000 + 180,000 cells, do not: the problem names the largest one's farthest cell."""
    path = _book(
        tmp_path / "book.xlsx",
        {"A": {"A1": 1, "T9000": 1}, "B": {"A1": 1, "T9500": 1}, "C": {"A1": 1, "T9000": 1}},
    )
    error = _refusal(path)
    assert (error.code, error.sheet, error.cell) == (Code.RANGE_TOO_LARGE, "B", "T9500")
    assert error.params == {"far": "T9500", "rows": 9500, "cols": 20, "limit": MAX_CELLS}


def test_an_empty_sheet_has_no_range(tmp_path: Path) -> None:
    path = _book(tmp_path / "book.xlsx", {"Data": PLAIN, "Empty": {}})
    assert [(s.name, s.cells) for s in package(path.read_bytes()).sheets.values()] == [
        ("Data", 99 * 26),  # the bound: addresses of one letter and up to two digits
        ("Empty", 0),
    ]
    assert _rows(path) == {"Data": 30, "Empty": 0}


def test_a_far_address_ends_the_bound_and_is_named(tmp_path: Path) -> None:
    path = _book(tmp_path / "book.xlsx", {"S": {"A1": 1, "B2": 2, "Z99999": 3}})
    error = _refusal(path)
    assert (error.code, error.sheet, error.cell) == (Code.RANGE_TOO_LARGE, "S", "Z99999")
    assert error.params == {"far": "Z99999", "rows": 99999, "cols": 26, "limit": MAX_CELLS}


def test_a_sheet_past_9999_rows_is_bounded_by_its_last_row(tmp_path: Path) -> None:
    """An event log of 12,000 rows: addresses of five digits would bound it at 99,999 x 26,
    past MAX_CELLS; its last row bounds it instead (12,000 x 26), whatever the order of rows."""
    path = _book(tmp_path / "book.xlsx", {"S": {"A1": 1, "H10005": 2, "C12000": 3}})
    [scan] = package(path.read_bytes()).sheets.values()
    assert (scan.rows, scan.cols) == (12_000, 26)
    assert _rows(path) == {"S": 12_000}
    # The last row written first: the largest address decides, not the last one.
    late = b'<row r="12000" spans="3:3"><c r="C12000"><v>3</v></c></row>'
    with zipfile.ZipFile(path) as book:
        assert late in book.read(SHEET)
    _edit(path, _in(SHEET, late, b""))
    _edit(path, _in(SHEET, b"<sheetData>", b"<sheetData>" + late))
    [scan] = package(path.read_bytes()).sheets.values()
    assert (scan.rows, scan.cols) == (12_000, 26)


def test_logs_whose_last_row_bounds_pass_the_limit_together_are_read(tmp_path: Path) -> None:
    """Two sheets of 12,000 rows: their bounds (2 x 12,000 x 26) pass MAX_CELLS, so the
    second gets its exact range (12,000 x 8); a column past Z is no bound at all."""
    assert 2 * 12_000 * 26 > MAX_CELLS > 12_000 * (26 + 8)
    sheet = {"A1": 1, "H12000": 2}
    path = _book(tmp_path / "book.xlsx", {"A": sheet, "B": sheet})
    scans = package(path.read_bytes()).sheets.values()
    assert [(s.rows, s.cols) for s in scans] == [(12_000, 26), (12_000, 8)]
    assert _rows(path) == {"A": 12_000, "B": 12_000}
    error = _refusal(_book(tmp_path / "wide.xlsx", {"S": {"A1": 1, "AA20000": 2}}))
    assert (error.code, error.cell) == (Code.RANGE_TOO_LARGE, "AA20000")


# ---------------------------------------------------------------- cells not as writers write them


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'<c r="B2"', b'<c s="0" r="B2"'),  # the address not first
        (b'<c r="B2"', b'<c\tr="B2"'),  # a tab before it
        (b'<c r="B2"', b'<c r="b2"'),  # in small letters
        (b"</sheetData>", b'</sheetData><cellWatches><cellWatch r="XFD1000"/></cellWatches>'),
        (b'<row r="2"', b'<row r="A2"'),  # a row numbered like a cell
        (b'<c r="C3"><v>3</v></c>', b"<c><v>3</v></c>"),  # placed by position
    ],
    ids=["not-first", "tab", "small-letters", "stray-address", "row-address", "no-address"],
)
def test_cells_out_of_the_usual_form_are_read_as_before(tmp_path: Path, old: bytes, new: bytes) -> None:
    path = _book(tmp_path / "book.xlsx", {"S": PLAIN})
    _edit(path, _in(SHEET, old, new))
    assert _rows(path) == {"S": 30}


def test_a_far_address_in_small_letters_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "book.xlsx", {"S": PLAIN})
    _edit(path, _in(SHEET, b'<c r="B2"', b'<c r="zz9999"'))
    error = _refusal(path)
    assert (error.code, error.cell) == (Code.RANGE_TOO_LARGE, "ZZ9999")


def test_a_sheet_with_a_namespace_prefix_keeps_its_formula_errors(tmp_path: Path) -> None:
    wb = xlsxwriter.Workbook(str(tmp_path / "book.xlsx"))
    ws = wb.add_worksheet("S")
    ws.write("A1", 1)
    ws.write_formula("B2", "=1/0", None, "#DIV/0!")
    wb.close()
    path = tmp_path / "book.xlsx"

    def prefixed(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        data = data.replace(b"<", b"<x:").replace(b"<x:/", b"</x:").replace(b"<x:?", b"<?")
        return data.replace(b'xmlns="', b'xmlns:x="')

    _edit(path, prefixed)
    assert b"<x:c r=" in zipfile.ZipFile(path).read(SHEET)
    sheet = read_input(path, tmp_path).sheets[0]
    assert sheet.rows[1][1].error == "#DIV/0!"


# ---------------------------------------------------------------- parts read from the zip's bytes


def _central_entry(data: bytes, part: str) -> int:
    """Where the zip directory's entry for the part starts."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        size = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + size] == part.encode():
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(part)


def _field(offset: int, change: Callable[[int], int]) -> Callable[[bytearray, str], None]:
    """A change of one 4-byte field of a part's entry in the zip directory."""

    def patch(data: bytearray, part: str) -> None:
        at = _central_entry(bytes(data), part) + offset
        struct.pack_into("<I", data, at, change(struct.unpack_from("<I", data, at)[0]))

    return patch


def _local_header(data: bytearray, part: str) -> int:
    return struct.unpack_from("<I", data, _central_entry(bytes(data), part) + 42)[0]


def _bad_block(data: bytearray, part: str) -> None:
    """The part's first deflate block given the reserved block type: zlib refuses it."""
    at = _local_header(data, part)
    name_size, extra_size = struct.unpack_from("<HH", data, at + 26)
    data[at + 30 + name_size + extra_size] |= 0x06


def _rename_local(data: bytearray, part: str) -> None:
    """The part's name in its local header made to differ from the directory's."""
    data[_local_header(data, part) + 30] ^= 0x20


DAMAGE = {
    "crc": (_field(16, lambda crc: crc ^ 1), "Bad CRC-32"),
    "cut-data": (_field(20, lambda size: size // 2), ""),
    "encrypted": (lambda data, part: data.__setitem__(_central_entry(bytes(data), part) + 8, 1), "encrypted"),
    "bad-block": (_bad_block, "invalid block type"),
    "local-name": (_rename_local, "File name in directory"),
    "no-local-header": (_field(42, lambda offset: 0xFFFF0000), "Truncated file header"),
}


@pytest.mark.parametrize("part", ["docProps/app.xml", "xl/workbook.xml", SHEET])
@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_part_is_refused_with_zipfiles_words(tmp_path: Path, part: str, damage: str) -> None:
    """Parts are inflated from the bytes directly; whatever does not check out is left to
    zipfile, so the refusal and its words are zipfile's, as before."""
    path = _book(tmp_path / "book.xlsx", {"S": PLAIN})
    data = bytearray(path.read_bytes())
    change, words = DAMAGE[damage]
    change(data, part)
    path.write_bytes(bytes(data))
    error = _refusal(path)
    assert error.code is Code.FILE_UNREADABLE
    assert f"({part}: " in error.params["error"] and words in error.params["error"]


def test_a_part_named_in_utf8_in_the_directory_only_is_refused(tmp_path: Path) -> None:
    """Its name cannot even be written as the local header says (code page 437)."""
    path = _book(tmp_path / "book.xlsx", {"S": PLAIN})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("customXml/项目.xml", "<项目/>")
    data = bytearray(path.read_bytes())
    at = _local_header(data, "customXml/项目.xml")
    struct.pack_into("<H", data, at + 6, struct.unpack_from("<H", data, at + 6)[0] & ~0x800)
    path.write_bytes(bytes(data))
    error = _refusal(path)
    assert error.code is Code.FILE_UNREADABLE
    assert "File name in directory 'customXml/项目.xml' and header" in error.params["error"]


def test_overlapping_entries_are_left_to_zipfile(tmp_path: Path) -> None:
    """Python >= 3.12.3 knows where each entry's neighbour starts and refuses a part that
    runs into it (a zip bomb's trick): such a part is not inflated around zipfile."""
    path = _book(tmp_path / "book.xlsx", {"S": PLAIN})
    data = path.read_bytes()
    info = zipfile.ZipFile(path).getinfo(SHEET)
    assert archive._inflate(data, info, info.file_size + 1) is not None

    class Known(zipfile.ZipInfo):  # as zipfile >= 3.12.3 fills it in
        _end_offset: int

    known = Known(info.filename)
    for slot in zipfile.ZipInfo.__slots__:
        setattr(known, slot, getattr(info, slot))
    known._end_offset = info.header_offset + 40
    assert archive._inflate(data, known, info.file_size + 1) is None


def _strings_book(path: Path) -> Path:
    """A workbook whose shared strings (a part the screen reads only the head of) pass 9 KB."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for row in range(2_000):
        ws.write_string(row, 0, f"网格事项第{row}号")
    wb.close()
    assert zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml").file_size > 9 * 2**10
    return path


def test_a_large_part_is_read_by_its_head(tmp_path: Path) -> None:
    path = _strings_book(tmp_path / "book.xlsx")
    assert _rows(path) == {"S": 2_000}


def test_a_doctype_after_the_first_kilobyte_of_a_large_part_is_refused(tmp_path: Path) -> None:
    path = _strings_book(tmp_path / "book.xlsx")
    late = b"?><!--" + b"x" * 3_000 + b'--><!DOCTYPE s [<!ENTITY a "b">]>'
    _edit(path, _in("xl/sharedStrings.xml", b"?>", late))
    error = _refusal(path)
    assert (error.code, error.params) == (Code.FILE_UNSAFE, {"part": "xl/sharedStrings.xml"})


def test_a_workbook_stored_without_compression_is_read(tmp_path: Path) -> None:
    path = _book(tmp_path / "book.xlsx", {"S": PLAIN})
    _edit(path, lambda name, data: data, zipfile.ZIP_STORED)
    assert _rows(path) == {"S": 30}


def test_a_doctype_in_the_package_relationships_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "book.xlsx", {"S": PLAIN})
    _edit(path, _in("_rels/.rels", b"?>", b'?><!DOCTYPE r [<!ENTITY a "b">]>'))
    error = _refusal(path)
    assert (error.code, error.params) == (Code.FILE_UNSAFE, {"part": "_rels/.rels"})


def test_a_broken_workbook_part_is_damaged_and_named(tmp_path: Path) -> None:
    path = _book(tmp_path / "book.xlsx", {"S": PLAIN})
    _edit(path, _in("xl/workbook.xml", b"<sheets>", b"<sheets><<"))
    error = _refusal(path)
    assert error.code is Code.FILE_UNREADABLE
    assert "xl/workbook.xml: not well-formed (invalid token)" in error.params["error"]


# ---------------------------------------------------------------- hidden rows and columns


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'<row r="2"', b'<row r="x" hidden="1"'),
        (b"<sheetData>", b'<cols><col min="a" max="b" hidden="1"/></cols><sheetData>'),
    ],
)
def test_a_hidden_row_or_column_without_a_number_is_not_placed(
    tmp_path: Path, old: bytes, new: bytes
) -> None:
    """A hidden row or column whose number is not a number cannot be placed: it is left out
    of the warnings, and the workbook is read (never a crash)."""
    path = _edit(_book(tmp_path / "book.xlsx", {"A": PLAIN}), _in(SHEET, old, new))
    [scan] = package(path.read_bytes()).sheets.values()
    assert scan.hidden_rows == frozenset()
    assert scan.hidden_cols == frozenset()
