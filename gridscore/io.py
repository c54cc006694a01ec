"""The only module that touches files: list and read the inputs, write outputs atomically.

Every input is screened before a reader opens it (gridscore.screen): its
kind from its bytes, not its name; zip and XML bombs, encryption and a far stray cell
refused with a problem; formula errors and formulas never calculated marked in the cells.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from gridscore.i18n import Phrase
from gridscore.problems import Code, OutputError, Report
from gridscore.screen import MAX_CELLS, MAX_FILE_BYTES, ReadError, SheetScan, check_range, sniff
from gridscore.tables import InputFile, RawSheet

__all__ = [
    "InputFile",
    "ReadError",
    "list_tables",
    "read_input",
    "read_rules_text",
    "read_text",
    "relative",
    "write_outputs",
]

SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".et"})
TABLE_SUFFIXES = SPREADSHEETS | {".csv"}
CSV_ENCODINGS = ("utf-8-sig", "gbk")
# Junk beside the real files, skipped by name before opening: lock and temporary files of
# Excel and WPS (~$a.xlsx, ~WRL0001.tmp), of LibreOffice (.~lock.a.xlsx#), Explorer's.
JUNK = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db"})


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _is_hidden(path: Path) -> bool:
    if path.name.startswith((".", "~")) or path.name.lower() in JUNK:
        return True
    attributes = getattr(path.stat(), "st_file_attributes", 0)  # Windows only
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def list_tables(folder: Path, root: Path, report: Report) -> list[Path]:
    """Table files in a folder, by name; office lock files and hidden files skipped silently."""
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if _is_hidden(path):
            continue
        if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES:
            found.append(path)
        else:
            report.add(Code.FILE_SKIPPED, file=relative(path, root))
    return found


def list_folders(folder: Path) -> list[str]:
    """The names of a folder's visible subfolders (none when it is not a folder)."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not _is_hidden(p))


def read_input(path: Path, root: Path) -> InputFile:
    """Read every sheet of a table file. Raises ReadError with a problem code.

    What the bytes are decides how a file is read, not its name: an .et from WPS or an
    .xls that is really an .xlsx are read as what they are.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(
                code=Code.FILE_TOO_LARGE, detail=f"{size // 2**20} MB > {MAX_FILE_BYTES // 2**20} MB"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(os_error(error, path, "file", reading=True)) from error  # type: ignore[arg-type]
    if not data:
        raise ReadError(code=Code.FILE_EMPTY)
    kind = sniff(data)
    if kind in ("zip", "ole"):
        sheets = _read_spreadsheet(data, kind, path.suffix.lower())
    elif path.suffix.lower() == ".csv" and kind == "CSV":
        sheets = (_read_csv(data, path.stem),)
    else:
        raise ReadError(code=Code.FILE_WRONG_TYPE, actual=kind)
    return InputFile(path, relative(path, root), sheets, hashlib.sha256(data).hexdigest())


def _read_spreadsheet(data: bytes, kind: str, suffix: str = ".xlsx") -> tuple[RawSheet, ...]:
    """Screen the bytes, then read every worksheet with calamine and mark what it misreads."""
    from gridscore import screen
    from gridscore.screen import biff

    strict = False
    if kind == "zip":
        package = screen.package(data)
        scans, strict = list(package.sheets.values()), package.strict
    else:
        try:
            scans = biff.scan(data)
        except ReadError as error:
            if suffix == ".et" and error.code is Code.FILE_WRONG_TYPE:
                raise ReadError(code=Code.FORMAT_UNSUPPORTED, format="WPS .et") from error
            raise
    check_range(scans)
    sheets = _calamine(data)
    by_name = {s.name: s for s in scans}
    if kind == "zip" or all(sheet.name in by_name for sheet in sheets):
        matched = [by_name.get(sheet.name) for sheet in sheets]
    else:  # BIFF5 names in a code page: in workbook order
        matched = list(scans[: len(sheets)]) + [None] * (len(sheets) - len(scans))
    if strict and scans and not sheets:
        raise ReadError(code=Code.FORMAT_UNSUPPORTED, format="Strict Open XML")
    return tuple(_marked(sheet, scan) for sheet, scan in zip(sheets, matched, strict=True))


def _calamine(data: bytes) -> list[RawSheet]:
    import python_calamine as calamine

    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            visible = meta.visible == calamine.SheetVisibleEnum.Visible
            sheets.append(RawSheet(meta.name, visible, rows))
    except calamine.PasswordError as error:
        raise ReadError(code=Code.FILE_ENCRYPTED) from error
    except calamine.CalamineError as error:
        raise ReadError(f"{type(error).__name__}: {error}") from error
    except BaseException as error:
        # A Rust panic inside the reader (pyo3's PanicException derives from BaseException).
        if type(error).__name__ != "PanicException":
            raise
        raise ReadError(f"reader panic: {error}") from error
    return sheets


def _marked(sheet: RawSheet, scan: SheetScan | None) -> RawSheet:
    """The sheet with formula errors and uncalculated formulas put where the reader saw blanks."""
    if scan is None:
        return sheet
    rows = sheet.rows
    for (r, c), marker in scan.markers.items():
        while len(rows) <= r:
            rows.append([])
        rows[r].extend([""] * (c + 1 - len(rows[r])))
        rows[r][c] = marker
    return RawSheet(sheet.name, sheet.visible, rows, scan.hidden_rows, scan.hidden_cols)


def _read_csv(data: bytes, name: str) -> RawSheet:
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        rows: list[list[object]] = []
        scan = SheetScan(name)
        try:
            for row in csv.reader(io.StringIO(text, newline="")):
                rows.append(list(row))
                scan.extend(len(rows) - 1, max(len(row) - 1, 0))
                if scan.cells > MAX_CELLS:
                    check_range([scan])
        except csv.Error as error:
            raise ReadError(f"CSV: {error}") from error
        return RawSheet(name, True, rows)
    raise ReadError("编码无法识别（应为 UTF-8 或 GBK）/ not UTF-8 or GBK text")


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def read_rules_text(path: Path) -> tuple[str | None, str, int]:
    """The rules' text and the encoding it was saved in: UTF-8 (with or without BOM), UTF-16
    (Notepad's "Unicode"), or GBK (Notepad's "ANSI" on a Chinese Windows) when it decodes
    cleanly as GBK; else None and the first line that is not UTF-8. Raises OSError."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16", 0
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "UTF-8", 0
    except UnicodeDecodeError as error:
        bad_line = data[: error.start].count(b"\n") + 1
    try:
        return data.decode("gbk"), "GBK", 0
    except UnicodeDecodeError:
        return None, "", bad_line


def refuse_existing(paths: Iterable[Path]) -> None:
    """OutputError(path, "exists") for the first of the paths that exists; an OS error on
    the way (a name too long: Path.exists() raises rather than says False) in words."""
    for path in paths:
        try:
            exists = path.exists()
        except OSError as error:
            target, kind = _too_long_part(path) if error.errno == errno.ENAMETOOLONG else (path, "file")
            raise OutputError(str(target), os_error(error, target, kind), kind) from error
        if exists:
            raise OutputError(str(path), "exists")


def _too_long_part(path: Path) -> tuple[Path, str]:
    """The first file or folder on the path whose own name is too long for the system (255
    bytes), else the path itself: the whole of it is what is too long."""
    for part in [*reversed(path.parents), path]:
        if len(os.fsencode(part.name)) > 255:
            return part, "file" if part == path else "folder"
    return path, "file"


def write_outputs(outputs: dict[Path, bytes], force: bool) -> None:
    """Write every output, or change none of them.

    Each is written to a temp file beside it first. An existing file is replaced only with
    force, and is first moved aside, so that when one cannot be replaced (Excel holds it open
    on Windows) the ones already replaced are put back.
    """
    if not force:
        refuse_existing(outputs)
    temps: dict[Path, Path] = {}
    aside: dict[Path, Path] = {}  # an existing output -> where it waits until all are in place
    spares: list[Path] = []
    placed: list[Path] = []
    mode = _file_mode()
    current = next(iter(outputs), Path())
    try:
        for current, content in outputs.items():
            current.parent.mkdir(parents=True, exist_ok=True)
            temps[current] = _temp_beside(current)
            temps[current].write_bytes(content)
            os.chmod(temps[current], mode)
        for current, temp in temps.items():
            if current.exists():
                spares.append(_temp_beside(current, ".old"))
                os.replace(current, spares[-1])  # fails while Excel holds the file open
                aside[current] = spares[-1]
            os.replace(temp, current)
            placed.append(current)
    except OSError as error:
        for path in placed:
            if path not in aside:
                path.unlink(missing_ok=True)
        for path, old in aside.items():
            os.replace(old, path)
        target, kind = _what_failed(error, current, outputs, [*temps.values(), *spares])
        raise OutputError(str(target), os_error(error, target, kind), kind) from error
    finally:
        for temp in [*temps.values(), *spares]:
            temp.unlink(missing_ok=True)


def _what_failed(
    error: OSError, current: Path, outputs: dict[Path, bytes], temps: list[Path]
) -> tuple[Path, str]:
    """The file or folder an OS error is about, as the user knows it: a temp file beside an
    output stands for its folder, a folder on the way to an output is a folder."""
    name = Path(os.fsdecode(error.filename)) if error.filename else current
    if name in temps or (name not in outputs and name.name.startswith(f".{current.stem}.")):
        return name.parent, "folder"
    if error.errno == errno.ENAMETOOLONG:  # the name that is too long, not the path it ends
        name = _too_long_part(name)[0]
    if name in outputs:
        return name, "file"
    if any(name in out.parents for out in outputs):
        return name, "folder"
    try:
        return name, "folder" if name.is_dir() else "file"
    except OSError:  # the name cannot even be looked at: it is what the error is about
        return name, "file"


# Windows reports a file held open by Excel as a sharing or lock violation.
_WIN_BUSY = {32, 33}
_WIN_TOO_LONG = {206}
WINDOWS_MAX_PATH = 260


def os_error(error: OSError, path: Path, kind: str, reading: bool = False) -> Phrase:
    """An OS error in words (never the system's English text): what happened to this file or
    folder, and what to do. kind is "file" or "folder"."""
    code, winerror = error.errno, getattr(error, "winerror", None)
    params = {"errno": code if code is not None else winerror or "-", "n": len(str(path.absolute()))}
    if winerror in _WIN_BUSY or code == errno.EBUSY:
        key = "busy"
    elif code in (errno.EACCES, errno.EPERM):
        key = f"permission_{kind}"
    elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        key = "disk_full"
    elif (
        code == errno.ENAMETOOLONG
        or winerror in _WIN_TOO_LONG
        or (code == errno.ENOENT and len(str(path.absolute())) >= WINDOWS_MAX_PATH and os.name == "nt")
    ):
        key = "too_long"
    elif code == errno.EROFS:
        key = "read_only"
    elif code == errno.ENOENT:
        key = "not_found"
    elif code in (errno.ENOTDIR, errno.EEXIST) and kind == "folder":
        key = "not_a_folder"
    elif code == errno.EISDIR:
        key = "is_a_folder"
    else:
        key = "other"
    if reading and key in ("permission_file", "permission_folder"):
        key = "permission_read"
    return Phrase(f"os.{key}", params)


def _temp_beside(path: Path, suffix: str = ".tmp") -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=suffix, dir=path.parent)
    os.close(handle)
    return Path(name)


def _file_mode() -> int:
    """The mode a new file gets (mkstemp's 0600 would hide the notice from colleagues)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
