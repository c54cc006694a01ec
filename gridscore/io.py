"""The only module that touches files: list and read the inputs, write outputs atomically."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gridscore.problems import Code, OutputError, Report, Severity
from gridscore.tables import RawSheet

SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
TABLE_SUFFIXES = SPREADSHEETS | {".csv"}
CSV_ENCODINGS = ("utf-8-sig", "gbk")


class ReadError(Exception):
    """A file that cannot be read as a table; the message says why."""


@dataclass(frozen=True)
class InputFile:
    """An input file: its path, its name relative to the data folder, and its sheets."""

    path: Path
    name: str  # relative to the data folder, with forward slashes
    sheets: tuple[RawSheet, ...]
    sha256: str


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _is_hidden(path: Path) -> bool:
    if path.name.startswith((".", "~$")):
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
            report.add(Code.FILE_SKIPPED, Severity.WARNING, file=relative(path, root))
    return found


def read_input(path: Path, root: Path) -> InputFile:
    """Read every sheet of a table file. Raises ReadError."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(error.strerror or str(error)) from error
    if path.suffix.lower() == ".csv":
        sheets = (RawSheet(path.stem, True, _read_csv(data)),)
    else:
        sheets = _read_spreadsheet(data)
    return InputFile(path, relative(path, root), sheets, hashlib.sha256(data).hexdigest())


def _read_spreadsheet(data: bytes) -> tuple[RawSheet, ...]:
    import python_calamine as calamine

    if not data:
        raise ReadError("文件为空 / empty file")
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
        raise ReadError("文件已加密 / the workbook is password-protected") from error
    except calamine.CalamineError as error:
        raise ReadError(str(error) or type(error).__name__) from error
    return tuple(sheets)


def _read_csv(data: bytes) -> list[list[object]]:
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    raise ReadError("编码无法识别（应为 UTF-8 或 GBK）/ not UTF-8 or GBK text")


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def write_outputs(outputs: dict[Path, bytes], force: bool) -> None:
    """Write every output, or replace none: temp files first, then each moved into place.

    An existing file is replaced only with force. A file open in Excel cannot be
    replaced on Windows; that is found before any output is moved.
    """
    if not force:
        for path in outputs:
            if path.exists():
                raise OutputError(str(path), "exists")
    temps: dict[Path, Path] = {}
    try:
        for path, content in outputs.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            temps[path] = Path(temp)
        for path in outputs:
            if path.exists():
                with path.open("r+b"):  # fails while Excel holds the file open
                    pass
        for path, temp in temps.items():
            os.replace(temp, path)
    except OSError as error:
        raise OutputError(str(error.filename or path), error.strerror or str(error)) from error
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
