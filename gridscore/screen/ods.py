"""An .ods workbook's content.xml screened: sheets, used range, formula and error cells, hidden rows."""

from __future__ import annotations

from typing import Any

from gridscore.problems import Code
from gridscore.screen.archive import Zip, check_prologs, parse_xml, read_part, xml_parser
from gridscore.screen.limits import MAX_CELLS, Package, ReadError, SheetScan, check_range
from gridscore.tables import CellError

# ---------------------------------------------------------------- OpenDocument (.ods)

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TEXT_P = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 p"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0 "
_HIDDEN = frozenset({"collapse", "filter"})


def ods_package(archive: Zip, names: dict[str, str]) -> Package:
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

    parser = xml_parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    parse_xml(parser, xml)
    return sheets


def _formula(text: str | None) -> str:
    text = text or ""
    for prefix in ("of:=", "of:", "="):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _within(ranges: list[range], limit: int) -> frozenset[int]:
    return frozenset(i for r in ranges for i in range(r.start, min(r.stop, limit)))
