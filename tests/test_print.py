"""Every workbook as it prints: the demo's Q3, year, audit and blank forms converted to PDF by
LibreOffice (once per workbook, for the module), and the PDFs read back with poppler.

The notice must be a document a clerk can post (A4, header on every page, the period's
dates, 特此公示, the 落款 and its date); every internal sheet must fit its page width (a column
spilled onto extra pages would leave those pages without the table's first column).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import run

DEMO = Path(__file__).parent.parent / "examples" / "demo"
TOOLS = ("soffice", "pdfinfo", "pdftotext")
needs_pdf = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS),
    reason="LibreOffice (soffice) and poppler (pdfinfo, pdftotext) are needed; .ci/run installs them",
)
FOOTER = re.compile(r"(\S+)\s+第 (\d+) 页，共 (\d+) 页")
# Pages before the page setup: 99, 45 and 36. The year's pages are mostly its ~230 input files
# with their SHA-256 and the notes on each month's 填表说明 sheet, a page per 50 rows.
MAX_PAGES = {"明细-2020-Q3": 30, "核查-2020-Q3": 10, "明细-2020": 18}


class Printed:
    """The workbooks written from a copy of the demo, and (convert()) their PDFs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data, self.out, self.forms, self.pdf = root / "demo", root / "out", root / "forms", root / "pdf"
        shutil.copytree(DEMO, self.data)
        rules = self.data / "gridscore.toml"
        rules.write_text(rules.read_text(encoding="utf-8") + "start = 2020-10-12\n", encoding="utf-8")
        for args in (("quarter", "Q3"), ("year", "2020"), ("audit", "Q3")):
            code, text = run(*args, "--in", str(self.data), "--out", str(self.out))
            assert code == 0, text
        for period in ("2020-07", "2020-Q3"):
            code, text = run("template", "--in", str(self.data), "--period", period, "--out", str(self.forms))
            assert code == 0, text
        self.books = sorted(self.out.rglob("*.xlsx")) + sorted(self.forms.rglob("*.xlsx"))
        names = [p.stem for p in self.books]
        assert len(set(names)) == len(names)  # one folder of PDFs

    def convert(self) -> Printed:
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{self.root}/lo-print",
                "--convert-to",
                "pdf",
                "--outdir",
                str(self.pdf),
                *map(str, self.books),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return self

    def book(self, stem: str) -> Path:
        return next(p for p in self.books if p.stem == stem)

    @functools.cache  # noqa: B019 - one Printed per module
    def workbook(self, path: Path) -> openpyxl.Workbook:
        return openpyxl.load_workbook(path)

    def pages(self, stem: str) -> list[str]:
        """The text of each page of a workbook's PDF."""
        pdf = self.pdf / f"{stem}.pdf"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        return text.split("\f")[:-1]

    def sizes(self, stem: str) -> list[str]:
        """Each page's size as pdfinfo names it, e.g. '595.304 x 841.89 pts (A4)'."""
        pdf = self.pdf / f"{stem}.pdf"
        info = subprocess.run(
            ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True, text=True
        ).stdout
        return re.findall(r"Page\s+\d+ size:\s+(.+)", info)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return Printed(tmp_path_factory.mktemp("print"))


@pytest.fixture(scope="module")
def printed(written: Printed) -> Printed:
    return written.convert()


def squeeze(text: str) -> str:
    return "".join(text.split())


@needs_pdf
@pytest.mark.parametrize("stem", ["公示-2020-Q3", "公示-2020"])
def test_the_notice_prints_as_a_document_to_post(printed: Printed, stem: str) -> None:
    pages = printed.pages(stem)
    assert len(pages) >= 2  # 85 grids: the header must come again on the second page
    assert set(printed.sizes(stem)) == {"595.304 x 841.89 pts (A4)"}  # A4 portrait, every page
    for page in pages:
        assert all(word in page for word in ("排名", "网格名称", "网格长", "综合得分"))
    last = squeeze(pages[-1])
    assert "公示期：2020年10月12日至10月16日（共5天）" in last
    assert "请向街道网格办（电话025-00000000）反映" in last
    assert last.index("特此公示") < last.index("青山街道网格化服务管理中心") < last.rindex("2020年10月12日")
    text = squeeze("".join(pages))
    for internal in ("提醒谈话", "评分人", "网格员", "核查"):
        assert internal not in text


@needs_pdf
@pytest.mark.parametrize(
    "stem", ["表彰名单-2020-Q3", "提醒谈话名单-2020-Q3", "表彰名单-2020", "提醒谈话名单-2020"]
)
def test_the_lists_print_on_a4_with_a_count_and_a_date(printed: Printed, stem: str) -> None:
    pages = printed.pages(stem)
    assert set(printed.sizes(stem)) == {"595.304 x 841.89 pts (A4)"}
    text = squeeze("".join(pages))
    assert re.search(r"共\d+个网格", text)
    assert "青山街道网格化服务管理中心" in text and "2020年10月12日" in text
    for page in pages:
        assert "序号" in page and "原因" in page


def table_sheets(wb: openpyxl.Workbook) -> dict[str, tuple[str, str]]:
    """Each sheet's printed header: its first and last column names, from the print titles."""
    found = {}
    for ws in wb.worksheets:
        if not ws.print_title_rows:
            continue
        row = int(ws.print_title_rows.split(":")[-1].strip("$"))
        names = [str(c.value) for c in ws[row] if c.value is not None]
        found[ws.title] = (names[0], names[-1])
    return found


@needs_pdf
@pytest.mark.parametrize("stem", ["明细-2020-Q3", "核查-2020-Q3", "明细-2020"])
def test_every_internal_sheet_fits_its_page_width(printed: Printed, stem: str) -> None:
    headers = table_sheets(printed.workbook(printed.book(stem)))
    pages = printed.pages(stem)
    seen: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        footer = FOOTER.findall(page)
        assert footer, f"page {number} has no footer with the sheet name and page number"
        sheet = footer[-1][0]
        seen[sheet] = seen.get(sheet, 0) + 1
        if sheet in headers:  # a table: its first and its last column on every page
            first, last = headers[sheet]
            assert first in page, (sheet, number, first)
            assert squeeze(last)[:4] in squeeze(page), (sheet, number, last)
    assert set(headers) <= set(seen)
    assert len(pages) <= MAX_PAGES[stem], (stem, len(pages), seen)
    if stem == "明细-2020":
        assert seen["走势图"] == 1  # the chart on one page


@needs_pdf
def test_the_forms_print_one_page_wide(printed: Printed) -> None:
    forms = [p.stem for p in printed.books if printed.forms in p.parents]
    assert len(forms) == 13 + 17
    for stem in forms:
        pages = printed.pages(stem)
        assert all(size.endswith("(A4)") for size in printed.sizes(stem))
        month = (printed.forms / "self" / "2020-07" / f"{stem}.xlsx").exists()
        *tables, instructions = pages
        assert "填表说明" in instructions
        for page in tables:  # the header's first column on every page: nothing spilled
            assert ("编号" if month else "网格编号") in page, stem
        assert "评分人（签字）" in tables[0]
        if month:
            assert "合计" in tables[-1]
        else:
            assert "满分" in tables[0] or "最多" in tables[0] or "否决项" in tables[0]


# On the workbooks themselves (openpyxl): fonts, the 落款, wrapping, page setup on every sheet.


def sheet(written: Printed, stem: str, name: str | None = None):
    wb = written.workbook(written.book(stem))
    return wb[name] if name else wb.worksheets[0]


def test_the_notice_in_cjk_fonts_signed_off_on_the_right(written: Printed) -> None:
    ws = sheet(written, "公示-2020-Q3")
    assert ws["A1"].value == "青山街道2020年第三季度网格化工作考核结果公示"
    assert (ws["A1"].font.name, ws["A1"].font.sz) == ("黑体", 18)
    rows = list(ws.iter_rows())
    values = [[c.value for c in r] for r in rows]
    header = values.index(
        ["排名", "村(社区)", "网格名称", "网格长", "村自考得分", "街道考核得分", "综合得分", "备注"]
    )
    first = rows[header + 1]
    assert {c.font.name for c in first} == {"宋体"}
    assert {c.alignment.horizontal for c in first} == {"center"}  # 等次 and remarks never touch a score
    vetoed = next(r for r in rows[header + 1 :] if r[7].value == "一票否决")
    assert vetoed[7].font.b
    texts = [r[0].value for r in rows if r[0].value]
    assert "公示期：2020年10月12日至10月16日（共5天）" in texts
    assert texts[-3:] == ["特此公示。", "青山街道网格化服务管理中心", "2020年10月12日"]
    issuer = next(r[0] for r in rows if r[0].value == "青山街道网格化服务管理中心")
    date = rows[issuer.row][0]  # the row under it
    assert date.value == "2020年10月12日"
    assert issuer.alignment.horizontal == date.alignment.horizontal == "right"
    assert issuer.font.name == "宋体"
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == f"${header + 1}:${header + 1}"


def test_every_sheet_of_every_workbook_is_set_up_to_print(written: Printed) -> None:
    for path in written.books:
        for ws in written.workbook(path).worksheets:
            where = (path.name, ws.title)
            assert ws.page_setup.paperSize == 9, where
            assert ws.page_setup.orientation in ("portrait", "landscape"), where
            assert ws.sheet_properties.pageSetUpPr.fitToPage, where
            assert ws.page_setup.fitToWidth in (None, 1), where  # 1 is the default, may be omitted
            assert "&P" in (ws.oddFooter.center.text or ""), where
            assert ws.page_margins.left < 0.75, where
            if ws.title in ("走势图", "填表说明"):
                continue
            assert ws.print_title_rows, where
            assert ws.freeze_panes, where


def test_long_text_wraps_in_its_cell(written: Printed) -> None:
    flags = sheet(written, "核查-2020-Q3", "核查标记")
    ids = [r[9] for r in flags.iter_rows(min_row=4) if r[9].value]
    long = [c for c in ids if "全部见“事件明细”表" in c.value]
    assert long and all(c.alignment.wrap_text for c in long)
    assert max(len(c.value) for c in ids) < 250  # 539 characters before
    summary = sheet(written, "明细-2020-Q3", "汇总")
    members = [r[6] for r in summary.iter_rows(min_row=2) if r[6].value and len(r[6].value) > 8]
    assert members and all(c.alignment.wrap_text for c in members)
    form = sheet(written, "青山村", "评分人1")
    for col in ("D", "F"):  # 考核内容, 评分标准
        assert all(c.alignment.wrap_text for c in form[col][3:-1]), col
    street = sheet(written, "信访办", "考核评分")
    items = [c for c in street[4] if c.value and str(c.value)[:2] in ("XF", "FJ", "JF", "KF")]
    assert items and all(c.alignment.wrap_text and "…" not in c.value for c in items)
    above = [street.cell(3, c.column).value for c in items]
    assert all(("满分" in v or "最多" in v or "否决项" in v) for v in above), above


def test_the_detail_in_words(written: Printed) -> None:
    summary = sheet(written, "明细-2020-Q3", "汇总")
    changes = {r[1] for r in summary.iter_rows(min_row=2, values_only=True)}
    assert all(re.fullmatch(r"[↑↓]\d+|持平|无上季度数据", c) for c in changes), changes
    marks = [r[-1] for r in summary.iter_rows(min_row=2, values_only=True) if r[-1]]
    assert any(m.startswith("核查：") or "；核查：" in m for m in marks)  # the audit's flags too
    rules = {
        r[2]: r[1] for r in sheet(written, "明细-2020-Q3", "规则与来源").iter_rows(values_only=True) if r[2]
    }
    assert rules["weights.self"] == "20%" and rules["lists.veto_to_interview"] == "是"
    assert rules["notice.start"] == "2020年10月12日" and rules["notice.days"] == "5 天"
    assert not {"True", "False", "None"} & set(rules.values())
    submitted = {
        r[0]: r[1:7]
        for r in sheet(written, "明细-2020-Q3", "部门报送").iter_rows(min_row=2, values_only=True)
    }
    assert submitted["信访办"][:4] == (2, 170, 170, 0)  # 2 base items x 85 grids, all scored
    assert submitted["信访办"][4] == 2  # its optional items counted apart


def test_the_lists_say_why_in_words(written: Printed) -> None:
    def reasons(stem: str) -> list[str]:
        ws = sheet(written, stem)
        return [r[7] for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]

    assert all(re.fullmatch(r"综合排名(并列)?第\d+名", r) for r in reasons("表彰名单-2020-Q3"))
    interview = reasons("提醒谈话名单-2020-Q3")
    assert "一票否决：发生群体性事件或进京赴省非正常上访" in interview
    assert all(re.fullmatch(r"综合排名后5名（(并列)?第\d+名）|一票否决：.+", r) for r in interview)
    assert "一票否决：发生群体性事件或进京赴省非正常上访（第三季度）" in reasons("提醒谈话名单-2020")
    assert not any("FJ-" in r or "Q3" in r for r in interview + reasons("提醒谈话名单-2020"))


def test_the_audit_sheet_has_one_title_in_both_workbooks(written: Printed) -> None:
    alone = sheet(written, "核查-2020-Q3", "核查标记")["A1"].value
    assert alone == sheet(written, "明细-2020-Q3", "核查标记")["A1"].value
    assert alone == "青山街道2020年第三季度网格化工作数据核查标记"
