"""The JSON documents (SPEC §4, §8, and check's) as plain data: scores and rates as exact strings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gridscore.audit import Audited
from gridscore.i18n import evidence_text, problem_message
from gridscore.problems import Report, Severity
from gridscore.rounding import fixed
from gridscore.rules import QuarterResult, YearGrid, YearResult


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
    return [
        {
            "severity": str(p.severity),
            "code": str(p.code),
            "file": p.file,
            "sheet": p.sheet,
            "cell": p.cell,
            "message": problem_message(p.code, lang, p.params),
        }
        for p in report
    ]


def results_json(
    result: QuarterResult | YearResult | None, report: Report, period: str, lang: str
) -> dict[str, Any]:
    """SPEC §4's document: grids in rank order, scores as strings with exactly `decimals`
    places; a year gives each grid's quarter composites instead of its self and street scores."""
    grids = []
    if result is not None:
        places = result.rules.ranking.decimals
        for g in result.grids:
            scores: dict[str, Any]
            if isinstance(g, YearGrid):
                quarters = {f"Q{q}": _score(r.composite, places) for q, r in sorted(g.quarters.items())}
                scores, change = {"quarters": quarters}, None  # no previous year to compare with here
            else:
                scores = {"self": _score(g.self_score, places), "street": _score(g.street_score, places)}
                change = g.rank_change
            grids.append(
                {
                    "rank": g.rank,
                    "grid_id": g.grid.grid_id,
                    "grid_name": g.grid.name,
                    "village": g.grid.village,
                    "leader": g.grid.leader,
                    **scores,
                    "composite": _score(g.composite, places),
                    "grade": g.grade or None,
                    "rank_change": change,
                    "vetoed": g.vetoed,
                    "commended": g.commended,
                    "interviewed": g.interviewed,
                    "flags": g.flags,
                }
            )
    return {"period": period, "grids": grids, "problems": problems_json(report, lang)}


def audit_json(audited: Audited | None, report: Report, period: str, lang: str) -> dict[str, Any]:
    """SPEC §8's document: flags with their evidence, per-grid-month statistics, problems."""
    flags, stats = [], []
    if audited is not None:
        flags = [
            {
                "signal": str(f.signal),
                "grid_id": f.grid_id,
                "person": f.person,
                "month": f.month,
                "detail": evidence_text(f.evidence, lang),
                "events": list(f.events),
                "numbers": f.numbers,
            }
            for f in audited.result.flags
        ]
        stats = [
            {
                "grid_id": s.grid_id,
                "month": s.month,
                "records_by_type": s.records_by_type,
                "records": s.records,
                "checkins": s.checkins,
                "events": s.events,
                "closed": s.closed,
                "closed_in_grid": s.closed_in_grid,
                "disputes": s.disputes,
                "disputes_closed": s.disputes_closed,
                "closure_rate": _plain(s.closure_rate),
                "in_grid_rate": _plain(s.in_grid_rate),
                "median_close_minutes": _plain(s.median_close_minutes),
            }
            for s in audited.result.stats
        ]
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
