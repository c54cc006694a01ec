"""Render what gridscore writes, as it prints, into docs/images/ (for docs/outputs.md).

Runs the demo (examples/demo, with a notice start date) through quarter, year, audit and
template, prints the workbooks to PDF with LibreOffice and renders chosen pages to PNG with
poppler's pdftoppm at a modest resolution. Needs soffice and pdftoppm on PATH.

    python scripts/render_docs.py            # writes docs/images/*.png
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
DPI = 60
# image name -> (workbook stem, the sheet whose first page is shown, or a page number; from the end if < 0)
PAGES: dict[str, tuple[str, str | int]] = {
    "notice-first-page": ("公示-2020-Q3", 1),
    "notice-last-page": ("公示-2020-Q3", -1),
    "commend-list": ("表彰名单-2020-Q3", 1),
    "interview-list-year": ("提醒谈话名单-2020", 1),
    "detail-summary": ("明细-2020-Q3", "汇总"),
    "detail-self": ("明细-2020-Q3", "村自考明细"),
    "detail-submissions": ("明细-2020-Q3", "部门报送"),
    "detail-rules": ("明细-2020-Q3", "规则与来源"),
    "year-chart": ("明细-2020", "走势图"),
    "audit-flags": ("核查-2020-Q3", "核查标记"),
    "form-month": ("青山村", 1),
    "form-street": ("信访办", 1),
}
FOOTER = re.compile(r"(\S+)\s+第 \d+ 页，共 \d+ 页")


def gridscore(*args: str) -> None:
    code = "from gridscore.cli import main; main()"
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)


def page_of(pdf: Path, where: str | int) -> int:
    """The page to show: a number, or the first page whose footer names the sheet."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    pages = text.stdout.split("\f")[:-1]
    if isinstance(where, int):
        return where if where > 0 else len(pages) + 1 + where
    return next(n for n, page in enumerate(pages, start=1) if where in FOOTER.findall(page))


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        data, out = work / "demo", work / "out"
        shutil.copytree(ROOT / "examples" / "demo", data)
        rules = data / "gridscore.toml"
        rules.write_text(rules.read_text(encoding="utf-8") + "start = 2020-10-12\n", encoding="utf-8")
        for args in (("quarter", "Q3"), ("year", "2020"), ("audit", "Q3")):
            gridscore(*args, "--in", str(data), "--out", str(out))
        for period in ("2020-07", "2020-Q3"):
            gridscore("template", "--in", str(data), "--period", period, "--out", str(out / "forms"))
        books = {p.stem: p for p in out.rglob("*.xlsx")}
        wanted = sorted({books[stem] for stem, _ in PAGES.values()})
        pdf = work / "pdf"
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{work}/lo",
                "--convert-to",
                "pdf",
                "--outdir",
                str(pdf),
                *map(str, wanted),
            ],
            check=True,
            capture_output=True,
        )
        IMAGES.mkdir(parents=True, exist_ok=True)
        for name, (stem, where) in PAGES.items():
            source = pdf / f"{stem}.pdf"
            page = page_of(source, where)
            target = IMAGES / name
            pages = ["-f", str(page), "-l", str(page), "-singlefile"]
            subprocess.run(["pdftoppm", "-png", "-r", str(DPI), *pages, str(source), str(target)], check=True)
            print(f"{target.relative_to(ROOT)}.png  ({stem}, page {page})")


if __name__ == "__main__":
    main()
