"""A workbook's zip read safely: entry count, declared sizes and ratios, parts inflated, XML prologs without a DTD."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from typing import Any
from xml.parsers import expat

from gridscore.problems import Code
from gridscore.screen.limits import (
    MAX_ENTRIES,
    MAX_PART_BYTES,
    MAX_RATIO,
    MAX_XML_BYTES,
    RATIO_FROM,
    ReadError,
    damaged,
)

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
        if plain_prolog(read_part(archive, info.filename, 1024, partial=True)):
            continue
        parser = xml_parser(forbid_dtd=True)

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


def plain_prolog(head: bytes) -> bool:
    """True when the part's first bytes show its root element with no DOCTYPE before it
    (UTF-8, as every office suite writes); anything else goes to the parser."""
    start = _ELEMENT_START.search(head)
    return start is not None and b"<!" not in head[: start.start()].replace(b"<!--", b"")


def xml_parser(forbid_dtd: bool = True) -> Any:
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


def part_elements(archive: Zip, name: str) -> list[_Element]:
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

    parser = xml_parser()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(xml, True)
    except DefusedXmlException as error:
        raise ReadError(code=Code.FILE_UNSAFE, part=name) from error
    except expat.ExpatError as error:
        raise damaged(f"{name}: {error}") from error
    return elements


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2].rpartition(" ")[2]


def parse_xml(parser: Any, xml: bytes, part: str = "") -> None:
    from defusedxml import DefusedXmlException

    try:
        for offset in range(0, len(xml), 1 << 20):
            parser.Parse(xml[offset : offset + (1 << 20)], False)
        parser.Parse(b"", True)
    except DefusedXmlException as error:
        raise ReadError(code=Code.FILE_UNSAFE, part=part) from error
    except expat.ExpatError as error:
        raise damaged(f"XML: {error}") from error
