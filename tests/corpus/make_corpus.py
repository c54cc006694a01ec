"""Make the workbook corpus: one small file per kind of messy or hostile input.

    python tests/corpus/make_corpus.py [OUT_DIR]     (default: this folder)

Seeded and deterministic but for the office suite's own timestamps. The .xls, .ods, .xlsm,
re-saved and cached-formula files are written by LibreOffice (`soffice --headless
--convert-to`, installed by .ci/run); the hostile ones are crafted byte by byte. What each
file must give is asserted in tests/test_corpus.py.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from conftest import Folder, write_book  # noqa: E402

SEED = 5
# The street table every format must read alike: 党建办 scores DJ-01 (base, 40) and JF-01
# (bonus, 5) for the six grids of the test folder; None is a blank cell.
STREET = {
    "G01": {"DJ-01": 35, "JF-01": 2},
    "G02": {"DJ-01": 36.5, "JF-01": None},
    "G03": {"DJ-01": 40, "JF-01": 1.5},
    "G04": {"DJ-01": 28, "JF-01": None},
    "G05": {"DJ-01": 31.25, "JF-01": 5},
    "G06": {"DJ-01": 39, "JF-01": 0.5},
}
# Rows 1 (title) and 2 (header) above the grids; G01 is row 3. DJ-01 is column C, JF-01 D.
FIRST_ROW = 3


def base_folder(root: Path) -> Folder:
    """The test folder whose 党建办 workbook holds STREET."""
    folder = Folder(root)
    for grid, scores in STREET.items():
        folder.street[grid] = {**folder.street[grid], **scores}
    return folder


def street_rows(values: dict[str, dict[str, object]] | None = None) -> list[list[object]]:
    values = values or STREET
    rows: list[list[object]] = [
        ["党建办季度考核"],
        ["网格编号", "网格名称", "DJ-01 组织建设", "JF-01 创新工作", "备注"],
    ]
    names = {g[0]: g[1] for g in Folder(Path()).grids}
    for grid, scores in values.items():
        rows.append([grid, names[grid], scores["DJ-01"], scores["JF-01"], None])
    return rows


def soffice(target: str, sources: list[Path], out: Path) -> None:
    """Convert with LibreOffice, in a profile of its own so a running instance is no bother."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise SystemExit("LibreOffice (soffice) is needed: apt-get install libreoffice-calc")
    with tempfile.TemporaryDirectory() as profile:
        args = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target]
        subprocess.run([*args, "--outdir", str(out), *map(str, sources)], check=True, capture_output=True)


def rezip(source: Path, target: Path, change) -> None:
    """Copy a zip, each part's bytes passed through change(name, data) (None drops it)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)


def sheet_part(name: str) -> bool:
    return name.startswith("xl/worksheets/sheet") and name.endswith(".xml")


def make(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    work = Path(tempfile.mkdtemp(prefix="corpus-"))
    made: list[Path] = []

    def put(name: str, data: bytes) -> None:
        (out / name).write_bytes(data)
        made.append(out / name)

    # ---- sources, written with openpyxl (formulas without cached values)
    base = base_folder(work / "data")
    base.write()
    src = work / "src"
    src.mkdir()
    street = src / "street.xlsx"
    shutil.copy(base.root / "street/2020-Q3/党建办.xlsx", street)
    shutil.copy(base.root / "self/2020-07/青山村.xlsx", src / "self.xlsx")
    formula_book(src / "formulas.xlsx", _formulas())
    errors = street_rows()
    errors[FIRST_ROW + 1][2], errors[FIRST_ROW + 2][2] = "=1/0", "=NA()"  # G03, G04
    formula_book(src / "errors.xlsx", errors)
    write_book(work / "far.xlsx", {"考核评分": street_rows()})
    far_row = b'<row r="65536"><c r="IV65536" t="n"><v>1</v></c></row></sheetData>'
    (src / "far.xlsx").write_bytes(
        _rewrite(work / "far.xlsx", work, lambda x: x.replace(b"</sheetData>", far_row))
    )

    # ---- LibreOffice: calculates the formulas on loading and saves their values
    lo = work / "lo"
    sources = [src / f"{n}.xlsx" for n in ("street", "self", "formulas", "errors")]
    soffice("xls", [*sources, src / "far.xlsx"], lo)
    soffice("ods", sources, lo)
    soffice("xlsm:Calc MS Excel 2007 VBA XML", [street], lo)
    soffice(
        "xlsx:Calc MS Excel 2007 XML", [street, src / "formulas.xlsx", src / "errors.xlsx"], lo / "resaved"
    )

    # ---- the same table in every format
    put("street.xlsx", street.read_bytes())
    for name in ("street.xls", "street.ods", "street.xlsm", "self.xls", "self.ods"):
        put(name, (lo / name).read_bytes())
    put("street-resaved.xlsx", (lo / "resaved/street.xlsx").read_bytes())
    put("street-xls-bytes.et", (lo / "street.xls").read_bytes())  # WPS .et holding .xls bytes
    put("street-xlsx-bytes.et", street.read_bytes())
    text = "\r\n".join(",".join("" if v is None else str(v) for v in row) for row in street_rows()) + "\r\n"
    put("street-utf8.csv", text.encode("utf-8"))
    put("street-bom.csv", text.encode("utf-8-sig"))
    put("street-gbk.csv", text.encode("gbk"))
    put("street-strict.xlsx", _strict(street, work))

    # ---- messy but readable
    put("formulas-cached.xlsx", (lo / "resaved/formulas.xlsx").read_bytes())
    put("formulas-cached.xls", (lo / "formulas.xls").read_bytes())
    put("formulas-cached.ods", (lo / "formulas.ods").read_bytes())
    put("numbers-as-text.xlsx", _book(work, _as_text()))
    put("messy-layout.xlsx", _messy(work))
    dimension = re.compile(rb'<dimension ref="[^"]*"')
    put("dimension-a1.xlsx", _rewrite(street, work, lambda x: dimension.sub(b'<dimension ref="A1"', x)))
    million = b'<dimension ref="A1:XFD1048576"'
    put("dimension-million.xlsx", _rewrite(street, work, lambda x: dimension.sub(million, x)))
    put("hidden-row.xlsx", _hidden_row(work, copy=False))
    put("hidden-copy-row.xlsx", _hidden_row(work, copy=True))
    put("hidden-sheet.xlsx", _hidden_sheet(work))

    # ---- readable, but cells the clerk must fix
    put("formula-errors.xlsx", (lo / "resaved/errors.xlsx").read_bytes())
    put("formula-errors.xls", (lo / "errors.xls").read_bytes())
    put("formula-errors.ods", (lo / "errors.ods").read_bytes())
    uncalculated = street_rows()
    uncalculated[FIRST_ROW][2] = "=30+5"  # G02: openpyxl writes no cached value
    put("formula-uncalculated.xlsx", _book(work, uncalculated))
    put("formula-xlsxwriter.xlsx", _xlsxwriter(work))
    words = street_rows()
    words[FIRST_ROW - 1][2], words[FIRST_ROW][2] = "35分", "优"  # G01, G02
    words[FIRST_ROW + 1][2] = dt.datetime(2020, 7, 5)  # G03: a date
    put("not-numbers.xlsx", _book(work, words))

    # ---- refused
    put("empty.xlsx", b"")
    put("truncated.xlsx", street.read_bytes()[: street.stat().st_size * 3 // 5])
    put("html-renamed.xlsx", "<html><body><table><tr><td>网格编号</td></tr></table></body></html>".encode())
    put("csv-renamed.xlsx", text.encode("utf-8"))
    put("encrypted.xlsx", _encrypted(rng))
    put("encrypted.ods", _encrypted_ods(lo / "street.ods", work))
    put("xlsb-renamed.xlsx", _xlsb())
    # An OLE file that is no workbook (a Word 97 document's stream), named .et
    put("unsupported.et", _compound({"WordDocument": bytes(4096)}))
    put("entity-bomb.xlsx", _entity_bomb(street, work))
    put("external-entity.xlsx", _external_entity(street, work))
    put("zip-bomb.xlsx", _bomb(street, work, 100 * 2**20))
    put("zip-ratio.xlsx", _bomb(street, work, 3 * 2**20))
    put("zip-sizes-lie.xlsx", _lying_sizes(street))
    put(
        "far-cell.xlsx",
        _rewrite(
            street,
            work,
            lambda x: x.replace(
                b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
            ),
        ),
    )
    put("far-cell.xls", (lo / "far.xls").read_bytes())
    put("far-cell.ods", _far_ods())
    put("bad-dimensions.xls", _bad_dimensions((lo / "street.xls").read_bytes()))
    shutil.rmtree(work)
    return made


def formula_book(path: Path, rows: list[list[object]]) -> Path:
    """Like conftest.write_book, but text starting with '=' is a formula (no cached value)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考核评分"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _book(work: Path, rows: list[list[object]], name: str = "book.xlsx") -> bytes:
    return formula_book(work / name, rows).read_bytes()


def _rewrite(source: Path, work: Path, change_sheet) -> bytes:
    target = work / "rewritten.xlsx"
    rezip(source, target, lambda name, data: change_sheet(data) if sheet_part(name) else data)
    return target.read_bytes()


def _strict(source: Path, work: Path) -> bytes:
    """The same workbook in Strict Open XML: the ISO namespaces instead of the transitional."""
    pairs = [
        (
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        ),
        (
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        ),
    ]

    def change(name: str, data: bytes) -> bytes:
        for old, new in pairs:
            data = data.replace(old, new)
        return data

    target = work / "strict.xlsx"
    rezip(source, target, change)
    return target.read_bytes()


def _formulas() -> list[list[object]]:
    """Every score a formula (=30+5 for 35), to be calculated and saved by LibreOffice."""
    rows = street_rows()
    for row in rows[FIRST_ROW - 1 :]:
        for col in (2, 3):
            if row[col] is not None:
                row[col] = f"={row[col]}*2/2"
    return rows


def _as_text() -> list[list[object]]:
    """Numbers stored as text: full-width digits and point, no-break and ideographic spaces."""
    rows = street_rows()
    spellings = {
        35: "３５",
        36.5: "３６．５ ",
        40: "\u00a040\u00a0",
        28: "\u300028",
        31.25: " 31.25",
        39: "39.0",
    }
    for row in rows[FIRST_ROW - 1 :]:
        row[2] = spellings[row[2]]
    rows[FIRST_ROW - 1][3] = "２"  # G01 JF-01
    return rows


def _messy(work: Path) -> bytes:
    """Titles, a two-row merged header, 序号 and 备注 columns, ids with stray spaces and
    full-width letters, a protected sheet with a rare-character name, other sheets beside."""
    import openpyxl

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "填表说明"
    notes["A1"] = "请逐项填写得分，不要改动表头。"
    ws = wb.create_sheet("考核评分𠀀表")
    ws["A1"] = "示例街道2020年第三季度网格化工作考核（党建办）"
    ws.merge_cells("A1:F1")
    ws["A2"] = "填表日期：2020年10月5日"
    for col, text in zip("ABC", ("序号", "网格编号", "网格名称"), strict=True):
        ws[f"{col}3"] = text
        ws.merge_cells(f"{col}3:{col}4")
    ws["D3"] = "网格得分"
    ws.merge_cells("D3:E3")
    ws["D4"], ws["E4"], ws["F3"] = "ＤＪ－01 组织建设", "JF-01创新工作", "备注"
    ws.merge_cells("F3:F4")
    ids = {"G01": " G01 ", "G02": "Ｇ０２", "G03": "g03", "G04": "G04\u3000", "G05": "G05", "G06": "G06"}
    names = {g[0]: g[1] for g in Folder(Path()).grids}
    for n, (grid, scores) in enumerate(STREET.items(), start=1):
        ws.append([n, ids[grid], names[grid], scores["DJ-01"], scores["JF-01"], "已核实" if n == 2 else None])
    ws.protection.sheet = True
    ws.protection.password = "grid"
    helper = wb.create_sheet("下拉选项")
    helper["A1"] = "是"
    helper.sheet_state = "hidden"
    wb.save(work / "messy.xlsx")
    return (work / "messy.xlsx").read_bytes()


def _hidden_row(work: Path, copy: bool) -> bytes:
    """G06's row and JF-01's column hidden; or a hidden second copy of G01 with other
    scores under the table."""
    import openpyxl

    rows = street_rows()
    if copy:
        rows.append(["G01", "青山村第一网格", 20, 1, "旧数据"])
    path = write_book(work / "hidden.xlsx", {"考核评分": rows})
    wb = openpyxl.load_workbook(path)
    wb.active.row_dimensions[len(rows)].hidden = True
    if not copy:
        wb.active.column_dimensions["D"].hidden = True  # JF-01
    wb.save(path)
    return path.read_bytes()


def _hidden_sheet(work: Path) -> bytes:
    """The table, and a hidden copy of it with other scores (an old version kept aside)."""
    import openpyxl

    old = {grid: {"DJ-01": 10, "JF-01": None} for grid in STREET}
    path = write_book(work / "hidden-sheet.xlsx", {"考核评分": street_rows(), "旧表": street_rows(old)})
    wb = openpyxl.load_workbook(path)
    wb["旧表"].sheet_state = "hidden"
    wb.save(path)
    return path.read_bytes()


def _xlsxwriter(work: Path) -> bytes:
    """A program's workbook: xlsxwriter stores 0 as every formula's value and asks Excel to
    recalculate on opening; G02's DJ-01 is =30+5."""
    import xlsxwriter

    path = work / "xlsxwriter.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("考核评分")
    for r, row in enumerate(street_rows()):
        for c, value in enumerate(row):
            if r == FIRST_ROW and c == 2:
                ws.write_formula(r, c, "=30+5")
            elif value is not None:
                ws.write(r, c, value)
    wb.close()
    return path.read_bytes()


def _compound(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (MS-CFB v3) holding streams of 4096 bytes or more."""
    size, end, free, fat_sector = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [fat_sector, end]  # sector 0 the FAT, sector 1 the directory
    body, starts = b"", []
    for data in streams.values():
        data += b"\0" * (-len(data) % size)
        first, count = len(fat), len(data) // size
        starts.append(first)
        fat += [*range(first + 1, first + count), end]
        body += data
    fat += [free] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<109I", 0, *([free] * 108))

    def entry(name: str, kind: int, child: int, right: int, start: int, length: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, free, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, length)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, 1, free, end, 0)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else free
        directory += entry(name, 2, free, right, starts[i], len(streams[name]))
    directory = directory.ljust(size, b"\0")
    return header + struct.pack("<128I", *fat) + directory + body


def _encrypted(rng: random.Random) -> bytes:
    """A workbook with a password to open, as Excel stores it: an OLE file whose
    EncryptionInfo describes the agile encryption of the EncryptedPackage."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    package = struct.pack("<Q", 8192) + rng.randbytes(8192)
    return _compound({"EncryptionInfo": info.ljust(4096, b"\0"), "EncryptedPackage": package})


def _encrypted_ods(source: Path, work: Path) -> bytes:
    """An .ods saved with a password: its manifest holds encryption-data for content.xml."""

    def change(name: str, data: bytes) -> bytes:
        if name == "META-INF/manifest.xml":
            return data.replace(
                b'manifest:full-path="content.xml"',
                b'manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1"'
                b' manifest:checksum="AAAA"/></manifest:file-entry><manifest:file-entry'
                b' manifest:media-type="" manifest:full-path="x"',
                1,
            )
        return data

    target = work / "encrypted.ods"
    rezip(source, target, change)
    return target.read_bytes()


def _xlsb() -> bytes:
    buffer = Path(tempfile.mkdtemp()) / "b.zip"
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.bin"/></Relationships>',
        )
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    data = buffer.read_bytes()
    shutil.rmtree(buffer.parent)
    return data


def _entity_bomb(source: Path, work: Path) -> bytes:
    """A billion laughs in the sheet: nine levels of ten, 10^9 'lol's if expanded."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    ]
    doctype = ("<!DOCTYPE worksheet [" + "".join(levels) + "]>").encode()

    def change(name: str, data: bytes) -> bytes:
        if sheet_part(name):
            data = re.sub(rb"^(<\?xml[^>]*\?>)?", lambda m: (m[0] or b"") + doctype, data, count=1)
            data = data.replace("党建办季度考核".encode(), b"&lol9;", 1)
        return data

    target = work / "bomb.xlsx"
    rezip(source, target, change)
    return target.read_bytes()


def _external_entity(source: Path, work: Path) -> bytes:
    doctype = b'<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

    def change(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml":
            data = re.sub(rb"^(<\?xml[^>]*\?>)?", lambda m: (m[0] or b"") + doctype, data, count=1)
            data = data.replace("考核评分".encode(), b"&xxe;", 1)
        return data

    target = work / "xxe.xlsx"
    rezip(source, target, change)
    return target.read_bytes()


def _bomb(source: Path, work: Path, size: int) -> bytes:
    """The sheet padded with `size` bytes of spaces: deflate packs them about 1000 to 1."""

    def change(name: str, data: bytes) -> bytes:
        if sheet_part(name):
            return data.replace(b"</worksheet>", b" " * size + b"</worksheet>")
        return data

    target = work / "zipbomb.xlsx"
    with (
        zipfile.ZipFile(source) as zin,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout,
    ):
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info.filename)))
    return target.read_bytes()


def _lying_sizes(source: Path) -> bytes:
    """The sheet's declared uncompressed size in the zip directory cut to 100 bytes."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as z:
        info = next(i for i in z.infolist() if sheet_part(i.filename))
    name = info.filename.encode()
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_len]) == name:
            struct.pack_into("<I", data, central + 24, 100)
            local = struct.unpack_from("<I", data, central + 42)[0]
            struct.pack_into("<I", data, local + 22, 100)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def _bad_dimensions(data: bytes) -> bytes:
    """An .xls whose sheet DIMENSIONS record has a flipped byte: first row after the last.
    The reader sizes its cells from it (found by fuzzing: it asked for 171 GB and aborted)."""
    data = bytearray(data)
    at = data.find(b"\x00\x02\x0e\x00", data.find(b"\x00\x02\x0e\x00") + 1)  # the second sheet's
    at = at if at >= 0 else data.find(b"\x00\x02\x0e\x00")
    struct.pack_into("<I", data, at + 4, 0x00BB0000)
    return bytes(data)


def _far_ods() -> bytes:
    """An .ods with one value far away: a row and a cell repeated out to XFD1048576."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="考核评分">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>网格编号</text:p></table:table-cell></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048574"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
        '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    path = Path(tempfile.mkdtemp()) / "far.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    data = path.read_bytes()
    shutil.rmtree(path.parent)
    return data


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for path in make(target):
        print(f"{path.stat().st_size:>9}  {path.name}")
