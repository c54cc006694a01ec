"""Checks on a workbook's bytes before a reader opens it, and what the reader cannot tell.

calamine reads fast but trusts the file: it allocates a dense grid up to the farthest cell
and reads a formula error, or a formula never calculated, as a blank. So a file is screened
first: its kind from its first bytes; for a zip (.xlsx .xlsm .ods) the directory's
declared sizes and compression ratios, every XML part's prolog (no DOCTYPE), and each
sheet's XML scanned with byte searches for the used range, formulas and errors (a
streaming parser only where those cannot decide). The used range is first only bounded,
from how long the cell addresses are; it is made exact when the bounds pass MAX_CELLS.
.xls files are walked in gridscore.biff.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

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


# What zipfile raises on a damaged part (zlib.error for a corrupt deflate stream).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


def damaged(what: str) -> ReadError:
    return ReadError(f"文件已损坏或不完整 / damaged or truncated ({what})")


@dataclass
class SheetScan:
    """One sheet as screened: the used range from A1, cells the reader misreads, hidden rows."""

    name: str
    rows: int = 0  # used range: rows x cols from A1 (in a package, maybe an upper bound of it
    cols: int = 0  # while the workbook's total stays under MAX_CELLS: see _ooxml)
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


class Zip(zipfile.ZipFile):
    """zipfile's reading of a workbook's zip directory, with the bytes kept: a deflated part
    is inflated straight from them (_inflate), without zipfile's file object and buffers."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self.data = data


def open_zip(data: bytes) -> Zip:
    """The zip directory, after checking the entry count before zipfile indexes it."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise damaged("zip directory missing")
    entries, directory_size = struct.unpack_from("<HI", data, end + 10)
    if (entries != 0xFFFF and entries > MAX_ENTRIES) or directory_size > MAX_ENTRIES * 1_200:
        raise ReadError(code=Code.FILE_TOO_LARGE, detail=f"{entries} zip entries > {MAX_ENTRIES}")
    try:
        archive = Zip(data)
    except (*_ZIP_ERRORS, zipfile.LargeZipFile) as error:
        raise damaged(f"zip: {error}") from error
    if len(archive.infolist()) > MAX_ENTRIES:
        raise ReadError(code=Code.FILE_TOO_LARGE, detail=f"zip entries > {MAX_ENTRIES}")
    return archive


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def check_sizes(archive: Zip) -> None:
    """Refuse a zip bomb from its directory alone: declared sizes and compression ratios."""
    total = 0
    for info in archive.infolist():
        if not _is_xml(info.filename):
            continue  # pictures and the like are never decompressed
        size, packed = info.file_size, info.compress_size
        total += size
        if size > MAX_PART_BYTES:
            raise ReadError(
                code=Code.FILE_TOO_LARGE, detail=f"{info.filename}: {_mb(size)} > {_mb(MAX_PART_BYTES)}"
            )
        if size > RATIO_FROM and size > MAX_RATIO * max(packed, 1):
            ratio = size // max(packed, 1)
            raise ReadError(code=Code.FILE_TOO_LARGE, detail=f"{info.filename}: {ratio}:1 > {MAX_RATIO}:1")
    if total > MAX_XML_BYTES:
        raise ReadError(code=Code.FILE_TOO_LARGE, detail=f"XML {_mb(total)} > {_mb(MAX_XML_BYTES)}")


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size} B"


def read_part(archive: Zip, name: str, limit: int = MAX_PART_BYTES, partial: bool = False) -> bytes:
    """A part's bytes (its first `limit` bytes when partial); zipfile stops at the declared
    size and checks the CRC, so a lying size or a damaged part is an error, not a runaway.
    A plain deflated part is inflated straight from the bytes, with the same checks."""
    info = archive.getinfo(name)
    if partial:
        head = _inflate(archive.data, info, limit + _AHEAD)
        if head is not None:
            return head[:limit]
    elif info.file_size <= limit:
        whole = _inflate(archive.data, info, info.file_size + 1)
        if whole is not None:
            return whole
    try:
        with archive.open(name) as stream:
            data = stream.read(limit if partial else limit + 1)
    except _ZIP_ERRORS as error:
        raise damaged(f"{name}: {error}") from error
    if len(data) > limit:
        raise ReadError(code=Code.FILE_TOO_LARGE, detail=f"{name} > {_mb(limit)}")
    return data


# zipfile's read(n) inflates at most n + 4096 bytes (MIN_READ_SIZE) and what a match pending
# at the end of its input holds: inflating 8192 more than asked feeds zlib at least the input
# zipfile would, so damage zipfile would meet there is met here too (and left to zipfile).
_AHEAD = 8192
_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")  # signature, flags, name and extra lengths


def _inflate(data: bytes, info: zipfile.ZipInfo, size: int) -> bytes | None:
    """Up to `size` bytes of a deflated part, inflated straight from the zip's bytes; when
    that reaches the part's end (or its declared size) the part is checked as zipfile checks
    it: that many bytes, that CRC. None whenever anything is other than plain (another
    method, encryption, a local header that disagrees, a stream zlib refuses, a wrong size
    or CRC): zipfile then reads the part and raises its own error, as before."""
    offset = info.header_offset
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x61 or offset < 0:
        return None  # 0x61: encrypted, patched or strongly encrypted
    if offset + _LOCAL_HEADER.size > len(data):
        return None
    signature, flags, name_size, extra_size = _LOCAL_HEADER.unpack_from(data, offset)
    start = offset + _LOCAL_HEADER.size + name_size
    try:
        name = info.orig_filename.encode("utf-8" if flags & 0x800 else "cp437")
    except UnicodeEncodeError:
        return None
    if signature != b"PK\x03\x04" or data[start - name_size : start] != name:
        return None
    start += extra_size
    end = getattr(info, "_end_offset", None)  # where Python >= 3.12.3 refuses overlapping entries
    if end is not None and start + info.compress_size > end:
        return None
    inflater = zlib.decompressobj(-15)
    try:
        body = inflater.decompress(memoryview(data)[start : start + info.compress_size], size)
    except zlib.error:
        return None
    if inflater.eof or len(body) >= info.file_size:
        body = body[: info.file_size]
        return body if len(body) == info.file_size and zlib.crc32(body) == info.CRC else None
    return body if len(body) == size else None  # else the input ended early: zipfile says how


class _Started(Exception):
    """The prolog is over: the root element has started."""


def check_prologs(archive: Zip, done: frozenset[str] = frozenset()) -> None:
    """Refuse any XML part with a DOCTYPE (entity bombs, external entities): Excel, WPS and
    LibreOffice never write one. Parts in `done` are checked where they are read."""
    from defusedxml import DefusedXmlException

    for info in archive.infolist():
        if not _is_xml(info.filename) or info.file_size == 0 or info.filename in done:
            continue
        if _plain_prolog(read_part(archive, info.filename, 1024, partial=True)):
            continue
        parser = _parser(forbid_dtd=True)

        def started(*_: object) -> None:
            raise _Started

        parser.StartElementHandler = started
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(16_384):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _Started:
            continue
        except DefusedXmlException as error:
            raise ReadError(code=Code.FILE_UNSAFE, part=info.filename) from error
        except expat.ExpatError as error:
            raise damaged(f"{info.filename}: {error}") from error
        except _ZIP_ERRORS as error:
            raise damaged(f"{info.filename}: {error}") from error


_ELEMENT_START = re.compile(rb"<[A-Za-z_\x80-\xff]")


def _plain_prolog(head: bytes) -> bool:
    """True when the part's first bytes show its root element with no DOCTYPE before it
    (UTF-8, as every office suite writes); anything else goes to the parser."""
    start = _ELEMENT_START.search(head)
    return start is not None and b"<!" not in head[: start.start()].replace(b"<!--", b"")


def _parser(forbid_dtd: bool = True) -> Any:
    """An expat parser that refuses DTDs, entity declarations and external entities
    (the defusedxml rules), with namespaces as 'uri local'."""
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

    parser = expat.ParserCreate(namespace_separator=" ")

    def doctype(name: str, sysid: str | None, pubid: str | None, has_internal: bool) -> None:
        raise DTDForbidden(name, sysid, pubid)

    def entity(
        name: str, is_parameter: bool, value: str | None, base: str | None, sysid, pubid, notation
    ) -> None:
        raise EntitiesForbidden(name, value, base, sysid, pubid, notation)

    def external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> None:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    if forbid_dtd:
        parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = lambda name, base, sysid, pubid, notation: entity(
        name, False, None, base, sysid, pubid, notation
    )
    parser.ExternalEntityRefHandler = external
    parser.buffer_text = True
    return parser


_Element = tuple[int, str, dict[str, str]]  # depth (the root is 0), 'uri local' name, attributes


def _elements(archive: Zip, name: str) -> list[_Element]:
    """A small part's elements in document order (workbook.xml, relationships), parsed by
    the defusedxml rules: no DTD, no entities."""
    from defusedxml import DefusedXmlException

    xml = read_part(archive, name, 16 * 2**20)
    elements: list[_Element] = []
    depth = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        elements.append((depth, tag, attrs))
        depth += 1

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(xml, True)
    except DefusedXmlException as error:
        raise ReadError(code=Code.FILE_UNSAFE, part=name) from error
    except expat.ExpatError as error:
        raise damaged(f"{name}: {error}") from error
    return elements


def _local(tag: str) -> str:
    return tag.rpartition("}")[2].rpartition(" ")[2]


def package(data: bytes) -> Package:
    """Screen a zip workbook. Raises ReadError for anything unsafe, damaged or unsupported."""
    archive = open_zip(data)
    check_sizes(archive)
    # Part names compared as OPC does, case-insensitively; some writers use backslashes.
    names = {name.lower().replace("\\", "/"): name for name in archive.namelist()}
    if "mimetype" in names and "content.xml" in names:
        return _ods(archive, names)
    if "[content_types].xml" not in names:
        raise ReadError(code=Code.FILE_WRONG_TYPE, actual="ZIP")
    main = _main_part(archive, names)
    if main is None:
        if "word/document.xml" in names:
            raise ReadError(code=Code.FILE_WRONG_TYPE, actual="DOCX")
        if "ppt/presentation.xml" in names:
            raise ReadError(code=Code.FILE_WRONG_TYPE, actual="PPTX")
        raise ReadError(code=Code.FILE_WRONG_TYPE, actual="ZIP")
    if main.lower().endswith(".bin"):
        raise ReadError(code=Code.FORMAT_UNSUPPORTED, format="XLSB")
    scans, read = _ooxml(archive, names, main)
    check_prologs(archive, frozenset([*read, names.get("_rels/.rels", "")]))  # .rels: in _main_part
    return scans


def _main_part(archive: Zip, names: dict[str, str]) -> str | None:
    rels = names.get("_rels/.rels")
    if rels:
        for depth, _, rel in _elements(archive, rels):  # defusedxml rules: no DOCTYPE
            target = rel.get("Target", "")
            if depth == 1 and rel.get("Type", "").endswith("/officeDocument") and target:
                found = names.get(posixpath.normpath(target.lstrip("/")).lower())
                if found:
                    return found
    return names.get("xl/workbook.xml") or names.get("xl/workbook.bin")


_STRICT = "purl.oclc.org/ooxml"


def _ooxml(archive: Zip, names: dict[str, str], main: str) -> tuple[Package, list[str]]:
    """The workbook's sheets screened, and the parts read (their prologs checked)."""
    workbook = _elements(archive, main)
    strict = _STRICT in workbook[0][1]
    folder = posixpath.dirname(main)
    rels_name = names.get(posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels").lower())
    targets: dict[str | None, str | None] = {}
    if rels_name:
        for depth, _, rel in _elements(archive, rels_name):
            if depth != 1:
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            targets[rel.get("Id")] = names.get(posixpath.normpath(path).lower())
    recalculate = False
    parts: dict[str, str | None] = {}
    for _, tag, attrs in workbook:
        local = _local(tag)
        if local == "calcPr":
            # Written by programs that never calculate (openpyxl, xlsxwriter): Excel is to
            # recalculate on opening, so no cached formula value is to be trusted.
            recalculate = attrs.get("fullCalcOnLoad", "").lower() in ("1", "true")
        elif local == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), None)
            parts[attrs.get("name", "")] = targets.get(rid)
    if len(parts) > MAX_SHEETS:
        raise ReadError(code=Code.FILE_TOO_LARGE, detail=f"{len(parts)} sheets > {MAX_SHEETS}")
    sheets, read, seen = {}, [main, rels_name or ""], {}
    bounded: dict[str, SheetScan] = {}  # part -> its scan, whose used range is an upper bound
    total = 0
    for name, part in parts.items():
        scan = sheets[name] = SheetScan(name)
        if part in seen:  # two sheets naming one part: screened once
            _copy(seen[part], scan)
        elif part and part.lower().endswith(".xml"):
            xml = read_part(archive, part)
            if not _plain_prolog(xml[:1024]):
                _parse(_parser(), xml, part)  # refuses a DOCTYPE
            if _worksheet(xml, scan, recalculate, room=MAX_CELLS - total):
                bounded[part] = scan
            read.append(part)
            seen[part] = scan
        total += scan.cells
    if total > MAX_CELLS and bounded:
        # The bounds pass the limit together: the exact ranges decide, and check_range
        # names the farthest cell. Rare (many big sheets), so those parts are read again.
        for part, scan in bounded.items():
            _exact_range(read_part(archive, part), scan)
        for name, part in parts.items():
            if part in seen and sheets[name] is not seen[part]:
                _copy(seen[part], sheets[name])
    return Package("xlsx", sheets, strict), read


def _copy(source: SheetScan, scan: SheetScan) -> None:
    scan.rows, scan.cols, scan.far = source.rows, source.cols, source.far
    scan.markers, scan.hidden_rows, scan.hidden_cols = source.markers, source.hidden_rows, source.hidden_cols


# ---------------------------------------------------------------- worksheet XML (OOXML)

_ROOT = re.compile(rb"<([\w.-]+:)?worksheet[\s>]")
_CELL_REF_FAST = re.compile(rb' r="([A-Za-z]{1,3})([0-9]{1,7})"')  # a literal start: fast
_CELL_REF = re.compile(rb'\sr="([A-Za-z]{1,3})([0-9]{1,7})"')
_FORMULA_TAG = re.compile(rb"<(?:[\w.-]+:)?f[\s/>]")
_ERROR_TYPE = re.compile(rb'\st="e"')
_HIDDEN_ROW = re.compile(rb'<(?:[\w.-]+:)?row\s[^>]*?\bhidden="(?:1|true)"[^>]*>')
_HIDDEN_COL = re.compile(rb'<(?:[\w.-]+:)?col\s[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ATTR = re.compile(rb'\b(r|t|min|max)="([^"]*)"')
_AFTER_NAME = (b" ", b"\t", b"\r", b"\n", b">", b"/")
_ADDRESS = re.compile(rb'r="([A-Z]{1,3})([0-9]{1,7})"')
_WIDEST = {1: 26, 2: 702, 3: 18_278}  # columns with at most 1, 2, 3 letters: Z, ZZ, ZZZ


def _whole(text: bytes) -> int:
    """A row or column number from an attribute; 0 when it is not one (a hidden row written
    as r="x" cannot be placed, and is not reported)."""
    return int(text) if text.isdigit() and len(text) < 8 else 0


def column_index(letters: str) -> int:
    """Excel column letters to a 0-based index: A -> 0, XFD -> 16383."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def _count_tags(xml: bytes, tag: bytes) -> int:
    return sum(xml.count(tag + after) for after in _AFTER_NAME)


def _slices(xml: bytes, size: int = 1 << 20):
    """The XML in pieces of about `size` bytes, cut before a '<' so no tag is split: the
    matches of one piece are counted and dropped before the next, so memory stays small."""
    start = 0
    while start < len(xml):
        end = xml.find(b"<", start + size)
        end = len(xml) if end < 0 else end
        yield xml[start:end]
        start = end


def _extent(xml: bytes, pattern: re.Pattern[bytes]) -> tuple[int, int, int]:
    """How many cell addresses the pattern finds, and the largest row and column among them."""
    count, rows, cols = 0, 0, 0
    for piece in _slices(xml):
        refs = pattern.findall(piece)
        if refs:
            letters, digits = zip(*refs, strict=True)
            count += len(refs)
            rows = max(rows, *map(int, set(digits)))
            cols = max(cols, *(column_index(x.decode()) + 1 for x in set(letters)))
    return count, rows, cols


def _prefix(xml: bytes) -> bytes:
    """The namespace prefix of the sheet's elements ('x:'), or none."""
    return m[1] or b"" if (m := _ROOT.search(xml, 0, 4096)) else b""


def _worksheet(xml: bytes, scan: SheetScan, recalculate: bool, room: int = MAX_CELLS) -> bool:
    """Used range, formula cells without a cached value, cached errors and hidden rows of a
    sheet, by byte searches. A streaming parse only for cells without an address.

    True when the used range set is only an upper bound of it (at most `room` cells, from
    _bound): enough while the workbook stays under MAX_CELLS; _exact_range gives the range."""
    prefix = _prefix(xml)
    bound = _bound(xml, prefix)
    bounded = bound is not None and 0 < bound[0] * bound[1] <= room
    if bounded:
        scan.extend(bound[0] - 1, bound[1] - 1)
    elif bound is None:
        if not _range_by_count(xml, prefix, scan):
            _walk(xml, scan, recalculate)  # cells placed by position, not by address
            return False
    elif bound[0]:  # every cell addressed, but the bound takes more room than there is
        _exact_range(xml, scan)
    if _contains(xml, b"hidden=", 2):
        scan.hidden_rows = frozenset(
            _whole(dict(_ATTR.findall(m[0])).get(b"r", b"")) - 1 for m in _HIDDEN_ROW.finditer(xml)
        ) - {-1}
        hidden_cols: set[int] = set()
        for m in _HIDDEN_COL.finditer(xml):
            attrs = dict(_ATTR.findall(m[0]))
            first, last = _whole(attrs.get(b"min") or b"1"), _whole(attrs.get(b"max") or b"1")
            if first and last:
                hidden_cols.update(range(first - 1, min(last, 16_384)))
        scan.hidden_cols = frozenset(hidden_cols)
    has_formula = _contains(xml, b"<" + prefix + b"f", len(prefix) + 1) and _FORMULA_TAG.search(xml)
    if has_formula or xml.rfind(b't="e"') >= 0:  # rfind: half the time of `in` here
        starts = {c for f in _FORMULA_TAG.finditer(xml) if (c := _cell_start(xml, f.start(), prefix)) >= 0}
        starts |= {c for e in _ERROR_TYPE.finditer(xml) if (c := _cell_start(xml, e.start(), prefix)) >= 0}
        for start in sorted(starts):
            _formula_cell(xml, start, prefix, scan, recalculate)
    return bounded


@functools.lru_cache(maxsize=64)
def _cell_beyond(prefix: bytes, letters: int, digits: int) -> re.Pattern[bytes]:
    """A cell tag whose first attribute is not an address of at most `letters` capitals and
    `digits` digits (one space before it, as every writer puts it)."""
    # The same matches as <c(?:[\t\r\n>/]| (?!tier)), a third faster: one look ahead per cell
    # tag, and possessive repeats (a letter is never a digit, a digit never a quote).
    tier = rb' r="[A-Z]{1,%d}+[0-9]{1,%d}+"' % (letters, digits)
    return re.compile(rb"<" + re.escape(prefix) + rb"c(?!" + tier + rb")[\t\r\n >/]")


@functools.lru_cache(maxsize=64)
def _stray_address(prefix: bytes) -> re.Pattern[bytes]:
    """An address as _CELL_REF_FAST finds one, but not a cell tag's first attribute."""
    return re.compile(rb' r="(?<!<' + re.escape(prefix) + rb'c r=")(?=[A-Za-z]{1,3}[0-9]{1,7}")')


def _contains(xml: bytes, needle: bytes, pivot: int, tries: int = 16) -> bool:
    """needle in xml, found from the places of its byte at `pivot`, chosen rare in sheet XML
    ('d' of hidden=, 'f' of <f): memchr finds those many times faster than the search for the
    whole needle goes. Past `tries` of them, the plain search from there."""
    byte = needle[pivot : pivot + 1]
    at = xml.find(byte, pivot)
    for _ in range(tries):
        if at < 0:
            return False
        if xml.startswith(needle, at - pivot):
            return True
        at = xml.find(byte, at + 1)
    return at >= 0 and xml.find(needle, at - pivot) >= 0


def _bound(xml: bytes, prefix: bytes) -> tuple[int, int] | None:
    """An upper bound (rows, cols) of the used range, from a search or two; None when these
    cannot vouch that every cell tag starts with its address and that nothing else looks
    like one (the count in _range_by_count would agree), or when the bound passes MAX_CELLS.

    Addresses of one capital and two digits are looked for first; a longer one found makes
    the search go on from it with more letters or digits: one pass over a sheet in all."""
    letters, digits, start = 1, 2, 0
    while found := _cell_beyond(prefix, letters, digits).search(xml, start):
        ref = _ADDRESS.match(xml, found.end()) if found[0].endswith(b" ") else None
        if ref is None:
            return None
        letters, digits, start = max(letters, len(ref[1])), max(digits, len(ref[2])), found.start()
        if (10**digits - 1) * _WIDEST[letters] > MAX_CELLS:
            return None
    if _stray_address(prefix).search(xml):
        return None
    if xml.find(b"<" + prefix + b'c r="') < 0:
        return 0, 0
    return 10**digits - 1, _WIDEST[letters]


def _range_by_count(xml: bytes, prefix: bytes, scan: SheetScan) -> bool:
    """The used range from the cells' addresses, wherever r= stands in the tag; False when
    there are not as many addresses as cell tags: some cell is placed by position."""
    tags = _count_tags(xml, b"<" + prefix + b"c")
    count, rows, cols = _extent(xml, _CELL_REF_FAST)
    if tags != count:
        count, rows, cols = _extent(xml, _CELL_REF)
    if tags != count:
        return False
    _set_range(xml, prefix, scan, count, rows, cols)
    return True


def _exact_range(xml: bytes, scan: SheetScan) -> None:
    """The used range of a sheet whose cells all start with their address (as _bound found)."""
    scan.rows, scan.cols, scan.far = 0, 0, (0, 0)
    _set_range(xml, _prefix(xml), scan, *_extent(xml, _CELL_REF_FAST))


def _set_range(xml: bytes, prefix: bytes, scan: SheetScan, count: int, rows: int, cols: int) -> None:
    if rows * cols > MAX_CELLS:
        _content_range(xml, prefix, scan)
    elif count:
        scan.extend(rows - 1, cols - 1)


def _content_range(xml: bytes, prefix: bytes, scan: SheetScan) -> None:
    """The used range from the cells that hold something: empty formatted cells (<c .../>),
    often written out to column XFD, are left out as the reader leaves them out."""
    pattern = re.compile(
        rb"<" + re.escape(prefix) + rb'c\b[^>]*?\sr="([A-Za-z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>'
    )
    for piece in _slices(xml):
        refs = pattern.findall(piece)
        if refs:
            letters, digits = zip(*refs, strict=True)
            scan.extend(max(map(int, set(digits))) - 1, max(column_index(x.decode()) for x in set(letters)))
        if scan.cells > MAX_CELLS:
            check_range([scan])


def _cell_start(xml: bytes, pos: int, prefix: bytes) -> int:
    """Where the <c> element holding pos starts; -1 when pos is in no cell."""
    open_tag = b"<" + prefix + b"c"
    start = xml.rfind(open_tag, 0, pos + 1)
    after = len(open_tag)
    while start >= 0 and xml[start + after : start + after + 1] not in _AFTER_NAME:
        start = xml.rfind(open_tag, 0, start)
    if start < 0:
        return -1
    end = xml.find(b"</" + prefix + b"c>", start)
    tag_end = xml.find(b">", start)
    return start if tag_end >= 0 and pos < (end if end >= 0 else tag_end) else -1


_PATTERNS: dict[bytes, tuple[re.Pattern[bytes], re.Pattern[bytes]]] = {}


def _formula_cell(xml: bytes, start: int, prefix: bytes, scan: SheetScan, recalculate: bool) -> None:
    tag_end = xml.find(b">", start)
    attrs = dict(_ATTR.findall(xml[start:tag_end]))
    ref = re.fullmatch(rb"([A-Za-z]{1,3})([0-9]{1,7})", attrs.get(b"r", b""))
    if ref is None:
        return
    row, col = int(ref[2]) - 1, column_index(ref[1].decode())
    if xml[tag_end - 1 : tag_end] == b"/":
        return  # an empty cell
    end = xml.find(b"</" + prefix + b"c>", tag_end)
    body = xml[tag_end + 1 : end]
    if prefix not in _PATTERNS:
        p = re.escape(prefix)
        _PATTERNS[prefix] = (
            re.compile(rb"<" + p + rb"f\b([^>]*?)(?:/>|>(.*?)</" + p + rb"f>)", re.S),
            re.compile(rb"<" + p + rb"v\b[^>]*?(?:/>|>(.*?)</" + p + rb"v>)", re.S),
        )
    f_pattern, v_pattern = _PATTERNS[prefix]
    formula, value = f_pattern.search(body), v_pattern.search(body)
    kind = attrs.get(b"t", b"n")
    formula_text = _unescape(formula[2] or b"") if formula else ""
    value_text = _unescape(value[1] or b"") if value else None
    _classify(scan, row, col, kind.decode(), formula is not None, formula_text, value_text, recalculate)


def _classify(
    scan: SheetScan,
    row: int,
    col: int,
    kind: str,
    has_formula: bool,
    formula: str,
    value: str | None,
    recalculate: bool,
) -> None:
    if kind == "e":
        scan.mark(row, col, CellError(value or "#N/A", formula))
    elif has_formula and (recalculate or value is None or (value == "" and kind not in ("str", "inlineStr"))):
        scan.mark(row, col, CellError("", formula))


def _unescape(text: bytes) -> str:
    from xml.sax.saxutils import unescape

    return unescape(text.decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"})


def _walk(xml: bytes, scan: SheetScan, recalculate: bool) -> None:
    """The precise pass: every cell placed as a reader places it, content cells only."""
    state: dict[str, Any] = {"row": -1, "col": -1, "cell": None, "text": None}
    hidden_rows: set[int] = set()
    hidden_cols: set[int] = set()

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "row":
            state["row"] = int(attrs["r"]) - 1 if attrs.get("r", "").isdigit() else state["row"] + 1
            state["col"] = -1
            if attrs.get("hidden") in ("1", "true"):
                hidden_rows.add(state["row"])
        elif local == "c":
            ref = re.fullmatch(r"([A-Za-z]{1,3})([0-9]{1,7})", attrs.get("r", ""))
            if ref:
                state["row"], state["col"] = int(ref[2]) - 1, column_index(ref[1])
            else:
                state["col"] += 1
            state["cell"] = {"t": attrs.get("t", "n"), "f": None, "v": None, "is": False}
        elif state["cell"] is not None and local in ("f", "v"):
            state["cell"][local] = ""
            state["text"] = local
        elif state["cell"] is not None and local == "is":
            state["cell"]["is"] = True
        elif local == "col" and attrs.get("hidden") in ("1", "true"):
            first, last = int(attrs.get("min", "1") or 1), int(attrs.get("max", "1") or 1)
            hidden_cols.update(range(first - 1, min(last, 16_384)))

    def end(name: str) -> None:
        local = name.rpartition(" ")[2]
        cell = state["cell"]
        if local in ("f", "v"):
            state["text"] = None
        elif local == "c" and cell is not None:
            state["cell"] = None
            row, col = state["row"], state["col"]
            if cell["f"] is not None or cell["v"] or cell["is"] or cell["t"] == "e":
                scan.extend(row, col)
                if scan.cells > MAX_CELLS:
                    check_range([scan])
                _classify(
                    scan, row, col, cell["t"], cell["f"] is not None, cell["f"] or "", cell["v"], recalculate
                )

    def text(data: str) -> None:
        if state["text"] and state["cell"] is not None:
            state["cell"][state["text"]] += data

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    _parse(parser, xml)
    scan.hidden_rows, scan.hidden_cols = frozenset(hidden_rows), frozenset(hidden_cols)


def _parse(parser: Any, xml: bytes, part: str = "") -> None:
    from defusedxml import DefusedXmlException

    try:
        for offset in range(0, len(xml), 1 << 20):
            parser.Parse(xml[offset : offset + (1 << 20)], False)
        parser.Parse(b"", True)
    except DefusedXmlException as error:
        raise ReadError(code=Code.FILE_UNSAFE, part=part) from error
    except expat.ExpatError as error:
        raise damaged(f"XML: {error}") from error


# ---------------------------------------------------------------- OpenDocument (.ods)

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TEXT_P = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 p"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0 "
_HIDDEN = frozenset({"collapse", "filter"})


def _ods(archive: Zip, names: dict[str, str]) -> Package:
    mimetype = read_part(archive, names["mimetype"], 200).strip()
    if not mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        raise ReadError(code=Code.FILE_WRONG_TYPE, actual="ODF")
    manifest = names.get("meta-inf/manifest.xml")
    if manifest and b"encryption-data" in read_part(archive, manifest, 2**20):
        raise ReadError(code=Code.FILE_ENCRYPTED)
    check_prologs(archive)
    sheets = _ods_content(read_part(archive, names["content.xml"]))  # prolog checked above
    return Package("ods", {s.name: s for s in sheets})


def _repeat(attrs: dict[str, str], name: str) -> int:
    text = attrs.get(_TABLE + name, "1")
    return max(1, min(int(text), 1 << 31)) if text.isdigit() else 1


def _ods_content(xml: bytes) -> list[SheetScan]:
    """Each table's used range (repeated rows and cells expanded as a reader does), cached
    errors, formulas without a value, hidden rows and columns."""
    sheets: list[SheetScan] = []
    state: dict[str, Any] = {"depth": 0, "row": 0, "repeat": 1, "col": 0, "cols": 0, "cell": None}
    hidden: dict[str, list[range]] = {"rows": [], "cols": []}

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == _TABLE + "table":
            state["depth"] += 1
            if state["depth"] == 1:
                sheets.append(SheetScan(attrs.get(_TABLE + "name", "")))
                state.update(row=0, cols=0)
                hidden["rows"], hidden["cols"] = [], []
            return
        if state["depth"] != 1:
            return
        if name == _TABLE + "table-column":
            n = _repeat(attrs, "number-columns-repeated")
            if attrs.get(_TABLE + "visibility") in _HIDDEN:
                hidden["cols"].append(range(state["cols"], state["cols"] + n))
            state["cols"] += n
        elif name == _TABLE + "table-row":
            state.update(repeat=_repeat(attrs, "number-rows-repeated"), col=0)
            if attrs.get(_TABLE + "visibility") in _HIDDEN:
                hidden["rows"].append(range(state["row"], state["row"] + state["repeat"]))
        elif name in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            state["cell"] = {
                "repeat": _repeat(attrs, "number-columns-repeated"),
                "value": _OFFICE + "value-type" in attrs,
                "formula": attrs.get(_TABLE + "formula"),
                "error": attrs.get(_CALCEXT + "value-type") == "error",
                "text": None,
            }
        elif name == _TEXT_P and state["cell"] is not None:
            state["cell"]["text"] = state["cell"]["text"] or ""

    def end(name: str) -> None:
        if name == _TABLE + "table":
            state["depth"] -= 1
            if state["depth"] == 0:
                scan = sheets[-1]
                scan.hidden_rows = _within(hidden["rows"], scan.rows)
                scan.hidden_cols = _within(hidden["cols"], scan.cols)
            return
        if state["depth"] != 1:
            return
        if name == _TABLE + "table-row":
            state["row"] += state["repeat"]
        elif name in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            cell, state["cell"] = state["cell"], None
            if cell is None:
                return
            row, col, rows, cols = state["row"], state["col"], state["repeat"], cell["repeat"]
            state["col"] += cols
            if not (cell["value"] or cell["text"] is not None or cell["formula"]):
                return
            scan = sheets[-1]
            scan.extend(row + rows - 1, col + cols - 1)
            if scan.cells > MAX_CELLS:
                check_range([scan])
            marker = None
            if cell["error"]:
                marker = CellError((cell["text"] or "").strip() or "#N/A", _formula(cell["formula"]))
            elif cell["formula"] and not cell["value"] and cell["text"] is None:
                # LibreOffice writes a formula whose result is "" with an empty <text:p/>.
                marker = CellError("", _formula(cell["formula"]))
            if marker is not None:
                for r in range(row, row + rows):
                    for c in range(col, col + cols):
                        scan.mark(r, c, marker)

    def text(data: str) -> None:
        cell = state["cell"]
        if cell is not None and cell["text"] is not None and len(cell["text"]) < 1000:
            cell["text"] += data

    parser = _parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    _parse(parser, xml)
    return sheets


def _formula(text: str | None) -> str:
    text = text or ""
    for prefix in ("of:=", "of:", "="):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _within(ranges: list[range], limit: int) -> frozenset[int]:
    return frozenset(i for r in ranges for i in range(r.start, min(r.stop, limit)))
