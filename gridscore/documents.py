"""The JSON documents (SPEC §4, §8, and check's) as plain data: gridscore/tabular.py's rows,
scores and rates as exact strings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gridscore.audit import Audited
from gridscore.problems import Report, Severity
from gridscore.rounding import fixed
from gridscore.rules import QuarterResult, YearResult
from gridscore.tabular import flag_rows, grid_rows, problem_rows, stat_rows


def check_json(shared: Report, reports: list[tuple[str, Report]], lang: str) -> dict[str, Any]:
    """check's document, the same shape for one period or many: each period's verdict, and
    every problem once, tagged with its period (null for one shared by every period)."""
    problems_ = [{**p, "period": None} for p in problems_json(shared, lang)]
    for period, report in reports:
        problems_ += [{**p, "period": period} for p in problems_json(report, lang)]
    periods = [
        {
            "period": period,
            "passed": not (shared.has_errors or report.has_errors),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
        }
        for period, report in reports
    ]
    passed = bool(reports) and all(p["passed"] for p in periods)
    return {"passed": passed, "periods": periods, "problems": problems_}


def _score(value: Decimal, places: int) -> str:
    return fixed(value, places)


def problems_json(report: Report, lang: str) -> list[dict[str, Any]]:
    return problem_rows(report, lang)


def results_json(
    result: QuarterResult | YearResult | None, report: Report, period: str, lang: str
) -> dict[str, Any]:
    """SPEC §4's document: grids in rank order (tabular.grid_rows), scores as strings with
    exactly `decimals` places; a year gives each grid's quarter composites instead of its self
    and street scores."""
    grids = []
    if result is not None:
        places = result.rules.ranking.decimals
        grids = [_scores_written(row, places) for row in grid_rows(result)]
    return {"period": period, "grids": grids, "problems": problems_json(report, lang)}


def _scores_written(row: dict[str, Any], places: int) -> dict[str, Any]:
    """A row's Decimals (nested ones too: a year's quarters) as strings of `places` decimals."""
    written = {}
    for key, value in row.items():
        if isinstance(value, Decimal):
            value = _score(value, places)
        elif isinstance(value, dict):
            value = _scores_written(value, places)
        written[key] = value
    return written


def audit_json(audited: Audited | None, report: Report, period: str, lang: str) -> dict[str, Any]:
    """SPEC §8's document: flags with their evidence, per-grid-month statistics, problems."""
    flags, stats = [], []
    if audited is not None:
        flags = [{k: _plain(v) for k, v in row.items()} for row in flag_rows(audited, lang)]
        stats = [{k: _plain(v) for k, v in row.items()} for row in stat_rows(audited)]
    totals = {k: _plain(v) for k, v in audited.result.totals.items()} if audited else {}
    return {
        "period": period,
        "flags": flags,
        "stats": stats,
        "totals": totals,
        "problems": problems_json(report, lang),
    }


def stopped_json(command: str, report: Report, period: str, lang: str) -> dict[str, Any]:
    """The document of a command stopped before it had results (exit 1 or 3): its own shape,
    empty, with the problems that stopped it (check's, the audit's, else SPEC §4's)."""
    if command == "check":
        return check_json(report, [], lang)
    if command == "audit":
        return audit_json(None, report, period, lang)
    return results_json(None, report, period, lang)


def _plain(value: object) -> object:
    """Decimals as strings (exact), everything else as it is."""
    return f"{value}" if isinstance(value, Decimal) else value
