"""The output workbooks, built in memory (xlsxwriter): every output's path and bytes.

book (the shared workbook primitives), notice (the public notice and the two lists), detail
(the quarter's and the year's detail), audit (the internal audit workbook), forms (blank
fill-in forms). io.write_outputs puts them on disk, all or none.
"""

from __future__ import annotations

from pathlib import Path

from gridscore.audit import Audited
from gridscore.problems import Code, Report
from gridscore.rules import QuarterResult, YearResult
from gridscore.workbooks.audit import audit_workbook
from gridscore.workbooks.detail import detail, year_detail
from gridscore.workbooks.notice import name_list, notice


def outputs(result: QuarterResult | YearResult, report: Report, out: Path) -> dict[Path, bytes]:
    """The four workbooks of a quarter or a year, by their paths under OUT/2020-Q3/ or OUT/2020/."""
    if not result.rules.issuer:
        report.add(Code.ISSUER_MISSING, file="gridscore.toml")
    folder = out / result.period
    p = result.period
    details = year_detail(result, report) if isinstance(result, YearResult) else detail(result, report)
    return {
        folder / f"公示-{p}.xlsx": notice(result),
        folder / f"表彰名单-{p}.xlsx": name_list(result, "commend"),
        folder / f"提醒谈话名单-{p}.xlsx": name_list(result, "interview"),
        folder / f"明细-{p}.xlsx": details,
    }


def audit_outputs(audited: Audited, out: Path) -> dict[Path, bytes]:
    """The audit workbook of a quarter, by its path: OUT/2020-Q3/核查-2020-Q3.xlsx."""
    p, rules = audited.period, audited.rules
    workbook = audit_workbook(
        audited.result, audited.grids, audited.events, p, rules.street_name, rules.fonts
    )
    return {out / p / f"核查-{p}.xlsx": workbook}
