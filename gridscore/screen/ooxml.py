"""An .xlsx/.xlsm workbook screened: its sheets, used range, formula and error cells, hidden rows."""

from __future__ import annotations

import functools
import posixpath
import re
from typing import Any

from gridscore.problems import Code
from gridscore.screen.archive import (
    Zip,
    local_name,
    parse_xml,
    part_elements,
    plain_prolog,
    read_part,
    xml_parser,
)
from gridscore.screen.limits import MAX_CELLS, MAX_SHEETS, Package, ReadError, SheetScan, check_range
from gridscore.tables import CellError


def main_part(archive: Zip, names: dict[str, str]) -> str | None:
    rels = names.get("_rels/.rels")
    if rels:
        for depth, _, rel in part_elements(archive, rels):  # defusedxml rules: no DOCTYPE
            target = rel.get("Target", "")
            if depth == 1 and rel.get("Type", "").endswith("/officeDocument") and target:
                found = names.get(posixpath.normpath(target.lstrip("/")).lower())
                if found:
                    return found
    return names.get("xl/workbook.xml") or names.get("xl/workbook.bin")


_STRICT = "purl.oclc.org/ooxml"


def ooxml_package(archive: Zip, names: dict[str, str], main: str) -> tuple[Package, list[str]]:
    """The workbook's sheets screened, and the parts read (their prologs checked)."""
    workbook = part_elements(archive, main)
    strict = _STRICT in workbook[0][1]
    folder = posixpath.dirname(main)
    rels_name = names.get(posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels").lower())
    targets: dict[str | None, str | None] = {}
    if rels_name:
        for depth, _, rel in part_elements(archive, rels_name):
            if depth != 1:
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            targets[rel.get("Id")] = names.get(posixpath.normpath(path).lower())
    recalculate = False
    parts: dict[str, str | None] = {}
    for _, tag, attrs in workbook:
        local = local_name(tag)
        if local == "calcPr":
            # Written by programs that never calculate (openpyxl, xlsxwriter): Excel is to
            # recalculate on opening, so no cached formula value is to be trusted.
            recalculate = attrs.get("fullCalcOnLoad", "").lower() in ("1", "true")
        elif local == "sheet":
            rid = next((v for k, v in attrs.items() if local_name(k) == "id"), None)
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
            if not plain_prolog(xml[:1024]):
                parse_xml(xml_parser(), xml, part)  # refuses a DOCTYPE
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
    """An upper bound (rows, cols) of the used range, from a search or two (three where the
    rows pass 9,999: the last row found); None when these cannot vouch that every cell tag
    starts with its address and that nothing else looks like one (the count in
    _range_by_count would agree), or when the bound passes MAX_CELLS.

    Addresses of one capital and two digits are looked for first; a longer one found makes
    the search go on from it with more letters or digits: one pass over a sheet in all."""
    letters, digits, start, longest = 1, 2, 0, 0  # longest: where the first of `digits` digits is
    while found := _cell_beyond(prefix, letters, digits).search(xml, start):
        ref = _ADDRESS.match(xml, found.end()) if found[0].endswith(b" ") else None
        if ref is None:
            return None
        if len(ref[2]) > digits:
            longest = found.start()
        letters, digits, start = max(letters, len(ref[1])), max(digits, len(ref[2])), found.start()
        if 10 ** (digits - 1) * _WIDEST[letters] > MAX_CELLS:  # past any bound, however tight
            return None
    if _stray_address(prefix).search(xml):
        return None
    if xml.find(b"<" + prefix + b'c r="') < 0:
        return 0, 0
    rows = 10**digits - 1
    if rows * _WIDEST[letters] > MAX_CELLS:  # an event log of 10,000 rows and more
        rows = _last_row(xml, prefix, letters, digits, longest) or 10 ** (digits - 1) - 1
    return (rows, _WIDEST[letters]) if rows * _WIDEST[letters] <= MAX_CELLS else None


def _last_row(xml: bytes, prefix: bytes, letters: int, digits: int, start: int) -> int:
    """The largest row among the cells' addresses of `digits` digits (every cell starting
    with an address of at most `letters` capitals and `digits` digits, the first of them at
    `start`: those before have fewer); 0 when there is none."""
    pattern = re.compile(rb"<" + re.escape(prefix) + rb'c r="[A-Z]{1,%d}+([0-9]{%d})"' % (letters, digits))
    return max(map(int, set(pattern.findall(xml, start))), default=0)


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

    parser = xml_parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    parse_xml(parser, xml)
    scan.hidden_rows, scan.hidden_cols = frozenset(hidden_rows), frozenset(hidden_cols)
