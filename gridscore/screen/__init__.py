"""Checks on a workbook's bytes before a reader opens it, and what the reader cannot tell.

calamine reads fast but trusts the file: it allocates a dense grid up to the farthest cell
and reads a formula error, or a formula never calculated, as a blank. So a file is screened
first: its kind from its first bytes; for a zip (.xlsx .xlsm .ods) the directory's
declared sizes and compression ratios, every XML part's prolog (no DOCTYPE), and each
sheet's XML scanned with byte searches for the used range, formulas and errors (a
streaming parser only where those cannot decide). The used range is first only bounded,
from how long the cell addresses are; it is made exact when the bounds pass MAX_CELLS.
Limits in screen.limits, the zip in screen.archive, the scans in screen.ooxml and
screen.ods; .xls files are walked in screen.biff.
"""

from __future__ import annotations

from gridscore.problems import Code
from gridscore.screen.archive import check_prologs, check_sizes, open_zip
from gridscore.screen.limits import (
    MAX_CELLS,
    MAX_FILE_BYTES,
    NOT_A_WORKBOOK,
    Package,
    ReadError,
    SheetScan,
    check_range,
    sniff,
)
from gridscore.screen.ods import ods_package
from gridscore.screen.ooxml import main_part, ooxml_package

__all__ = [
    "MAX_CELLS",
    "MAX_FILE_BYTES",
    "NOT_A_WORKBOOK",
    "Package",
    "ReadError",
    "SheetScan",
    "check_range",
    "package",
    "sniff",
]


def package(data: bytes) -> Package:
    """Screen a zip workbook. Raises ReadError for anything unsafe, damaged or unsupported."""
    archive = open_zip(data)
    check_sizes(archive)
    # Part names compared as OPC does, case-insensitively; some writers use backslashes.
    names = {name.lower().replace("\\", "/"): name for name in archive.namelist()}
    if "mimetype" in names and "content.xml" in names:
        return ods_package(archive, names)
    if "[content_types].xml" not in names:
        raise ReadError(code=Code.FILE_WRONG_TYPE, actual="ZIP")
    main = main_part(archive, names)
    if main is None:
        if "word/document.xml" in names:
            raise ReadError(code=Code.FILE_WRONG_TYPE, actual="DOCX")
        if "ppt/presentation.xml" in names:
            raise ReadError(code=Code.FILE_WRONG_TYPE, actual="PPTX")
        raise ReadError(code=Code.FILE_WRONG_TYPE, actual="ZIP")
    if main.lower().endswith(".bin"):
        raise ReadError(code=Code.FORMAT_UNSUPPORTED, format="XLSB")
    scans, read = ooxml_package(archive, names, main)
    check_prologs(archive, frozenset([*read, names.get("_rels/.rels", "")]))  # .rels: in main_part
    return scans
