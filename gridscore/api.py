"""The library's entry points: load a data folder, validate it, score a period."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

from gridscore.audit import AuditResult
from gridscore.config import Rules
from gridscore.events import Event
from gridscore.load import Loader, Track, load_rules
from gridscore.model import Grid, Item, QuarterData
from gridscore.problems import Code, InputError, Report, Severity
from gridscore.rules import QuarterResult, YearResult, link_previous, score_quarter, score_year

__all__ = ["Loader", "Period", "Track", "audit", "check", "load_rules", "quarter", "year"]
_QUARTER = re.compile(r"(?:(\d{4})-)?Q([1-4])", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Period:
    """A quarter (2020-Q3) or a month (2020-07)."""

    year: int
    quarter: int | None = None
    month: int | None = None

    def previous(self) -> Period:
        """The quarter before this one (2020-Q1 -> 2019-Q4)."""
        assert self.quarter is not None
        return (
            Period(self.year - 1, quarter=4)
            if self.quarter == 1
            else Period(self.year, quarter=self.quarter - 1)
        )

    def __str__(self) -> str:
        if self.quarter is not None:
            return f"{self.year}-Q{self.quarter}"
        return f"{self.year}-{self.month:02d}"

    @property
    def months(self) -> tuple[str, ...]:
        if self.quarter is None:
            return (str(self),)
        first = 3 * self.quarter - 2
        return tuple(f"{self.year}-{m:02d}" for m in range(first, first + 3))


def parse_period(text: str, year: int | None) -> Period | None:
    """Q3 (with year), 2020-Q3 or 2020-07; None when it is none of these."""
    text = text.strip()
    if match := _QUARTER.fullmatch(text):
        given = int(match[1]) if match[1] else year
        return Period(given, quarter=int(match[2])) if given else None
    if (match := _MONTH.fullmatch(text)) and 1 <= int(match[2]) <= 12:
        return Period(int(match[1]), month=int(match[2]))
    return None


def years_in(root: Path, rules: Rules) -> list[int]:
    """The years named by the period folders under self/ and street/."""
    years = set()
    for folder in (root / rules.paths.self_, root / rules.paths.street):
        if folder.is_dir():
            years |= {int(p.name[:4]) for p in folder.iterdir() if re.fullmatch(r"\d{4}-.+", p.name)}
    return sorted(years)


def resolve_year(root: Path, year: int | None, report: Report) -> int | None:
    """--year, else the rules' year, else the only year found in the data."""
    rules = load_rules(root, Report())
    if year or rules.year:
        return year or rules.year
    found = years_in(root, rules)
    if len(found) == 1:
        return found[0]
    report.add(Code.YEAR_UNKNOWN, found="、".join(map(str, found)) or "-")
    return None


@dataclass
class Audited:
    """An audit's findings, with what a report of them needs."""

    result: AuditResult
    events: list[Event]
    grids: dict[str, Grid]
    rules: Rules
    period: str


def audit(
    root: Path, period: Period, track: Track | None = None, workers: int | None = None
) -> tuple[Audited, Report]:
    """Authenticity flags (SPEC §8) from the event log and the self-assessment sheets.

    Reads the checklist, the roster, the quarter's self-assessment workbooks and event logs
    (not the street workbooks). Raises InputError when any of them has errors.
    """
    from gridscore import audit as signals
    from gridscore.i18n import Phrase

    with Loader(root, track, workers) as loader:
        data = loader.quarter(period, street=False)
        events = loader.events(period)
    if not loader.has_events(period):
        folder = f"{loader.rules.paths.events}/{period.months[0]}"
        what = Phrase("what.events")
        loader.report.add(Code.FOLDER_MISSING, Severity.WARNING, file=folder, what=what, path=folder)
    if loader.report.has_errors:
        raise InputError(loader.report)
    items, grids = loader.base
    result = signals.audit(events, data.rater_sheets, items, grids, period.months, loader.rules.audit)
    return Audited(result, events, grids, loader.rules, str(period)), loader.report


def checklist_and_roster(root: Path) -> tuple[dict[str, Item], dict[str, Grid], Rules, Report]:
    """The checklist and the roster alone (for the blank forms). Raises InputError."""
    loader = Loader(root)
    items, grids = loader.base
    if loader.report.has_errors:
        raise InputError(loader.report)
    return items, grids, loader.rules, loader.report


def check(
    root: Path,
    periods: list[Period],
    track: Track | None = None,
    workers: int | None = None,
    shared: Report | None = None,
) -> list[Report]:
    """Every problem in each period's inputs, a report per period; nothing is written. The
    rules', the checklist's and the roster's problems are in each report, or, given a shared
    report, there once instead."""
    with Loader(root, track, workers) as loader:
        own = [report for _, report in loader.quarters(periods)]
        if shared is not None:
            shared.extend(loader.report)
            return own
        return [Report([*loader.report, *report]) for report in own]


def quarter(
    root: Path, period: Period, track: Track | None = None, workers: int | None = None
) -> tuple[QuarterResult, Report]:
    """A quarter's results, with rank changes against the previous quarter where its data is
    present and clean. Raises InputError with the report when the inputs have errors."""
    with Loader(root, track, workers) as loader:
        previous = period.previous()
        linked = loader.has_quarter(previous)
        with contextlib.closing(loader.quarters([period, previous] if linked else [period])) as stream:
            data, report = next(stream)
            loader.report.extend(report)
            if loader.report.has_errors:
                raise InputError(loader.report)
            earlier = next(stream) if linked else None  # read through before the event log's progress
        result = score_quarter(data, loader.rules)
        if loader.has_events(period):
            result.audit = _quarter_audit(loader, period, data)
        if earlier is not None:
            _link_to_previous(result, *earlier, loader)
    return result, loader.report


def _link_to_previous(result: QuarterResult, earlier: QuarterData, problems: Report, loader: Loader) -> None:
    """Rank changes against the previous quarter, when its data is clean."""
    if problems.has_errors:
        loader.report.add(Code.PREVIOUS_UNUSABLE, Severity.NOTE, period=earlier.period)
    else:
        link_previous(result, score_quarter(earlier, loader.rules))


def _quarter_audit(loader: Loader, period: Period, data: QuarterData) -> AuditResult:
    """The audit flags for the detail workbook. Flags never change a score, so problems in
    the event log do not stop the quarter: they become warnings pointing to gridscore audit."""
    from gridscore import audit as signals

    events_report = Report()
    events = loader.events(period, events_report)
    for p in events_report:
        severity = Severity.WARNING if p.severity is Severity.ERROR else p.severity
        loader.report.add(p.code, severity, file=p.file, sheet=p.sheet, cell=p.cell, **p.params)
    items, grids = loader.base
    return signals.audit(events, data.rater_sheets, items, grids, period.months, loader.rules.audit)


def year(
    root: Path, year: int, partial: bool, track: Track | None = None, workers: int | None = None
) -> tuple[YearResult, Report]:
    """The annual settlement, recomputed from every quarter's inputs (never from earlier outputs).

    Fewer than four quarters is an error unless partial. Each quarter is scored as soon as it
    is read, and only its results are kept. Raises InputError.
    """
    quarters: dict[int, QuarterResult] = {}
    with Loader(root, track, workers) as loader:
        periods = []
        for q in range(1, 5):
            period = Period(year, quarter=q)
            if loader.has_quarter(period):
                periods.append(period)
            else:
                severity = Severity.WARNING if partial else Severity.ERROR
                loader.report.add(
                    Code.QUARTER_MISSING, severity, file=loader.rules.paths.street, period=str(period)
                )
        previous = Period(year, quarter=1).previous()  # for the first quarter's rank changes
        linked = bool(periods) and periods[0].quarter == 1 and loader.has_quarter(previous)
        with contextlib.closing(loader.quarters([*periods, previous] if linked else periods)) as stream:
            for period in periods:
                data, report = next(stream)
                loader.report.extend(report)
                if not loader.report.has_errors:
                    q = period.quarter or 0
                    quarters[q] = score_quarter(data, loader.rules)
                    quarters[q].data = data.results_only()
                    for grid in quarters[q].grids:
                        grid.slim()
                del data
            if loader.report.has_errors:
                raise InputError(loader.report)
            inputs = sorted(loader.inputs.items())  # this year's (the last one's are read next)
            earlier = next(stream) if linked else None
        for q, result in quarters.items():
            if q - 1 in quarters:
                link_previous(result, quarters[q - 1])
        if earlier is not None:
            _link_to_previous(quarters[1], *earlier, loader)
    if not quarters and partial:
        loader.report.add(Code.QUARTER_MISSING, file=loader.rules.paths.street, period=str(year))
        raise InputError(loader.report)
    _, grids = loader.base
    return score_year(year, quarters, grids, loader.rules, inputs), loader.report
