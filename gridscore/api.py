"""The library's entry points: load a data folder, validate it, score a period."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gridscore import validate
from gridscore.audit import AuditResult
from gridscore.config import RULES_FILE, Rules, parse_rules
from gridscore.events import Event
from gridscore.io import InputFile, ReadError, list_tables, read_input, read_text, relative
from gridscore.model import Grid, Item, QuarterData
from gridscore.problems import Code, InputError, Report, Severity
from gridscore.rules import QuarterResult, YearResult, link_previous, score_quarter, score_year

Track = Callable[[list[Path]], Iterable[Path]]
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


def load_rules(root: Path, report: Report) -> Rules:
    path = root / RULES_FILE
    if not path.exists():
        return Rules()
    try:
        return parse_rules(read_text(path), report)
    except (OSError, UnicodeDecodeError) as error:
        report.add(Code.RULES_UNREADABLE, file=RULES_FILE, error=str(error))
        return Rules()


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


class Loader:
    """Reads a data folder's files once each, reporting every problem into one report."""

    def __init__(self, root: Path, track: Track | None = None) -> None:
        self.root = root
        self.report = Report()
        self.rules = load_rules(root, self.report)
        self.track = track or (lambda paths: paths)
        self.inputs: dict[str, str] = {}  # file -> sha256

    def _read(self, path: Path, report: Report | None = None) -> InputFile | None:
        name = relative(path, self.root)
        try:
            file = read_input(path, self.root)
        except ReadError as error:
            (self.report if report is None else report).add(
                error.code, file=name, sheet=error.sheet, cell=error.cell, **error.params
            )
            return None
        self.inputs[file.name] = file.sha256
        return file

    def _required(self, configured: str, what: str) -> InputFile | None:
        path = self.root / configured
        if not path.is_file():
            self.report.add(Code.FILE_MISSING, file=configured, what=what, path=configured)
            return None
        return self._read(path)

    def _folder(self, sub: str, what: str, optional: bool) -> list[Path] | None:
        folder = self.root / sub
        if not folder.is_dir():
            severity = Severity.WARNING if optional else Severity.ERROR
            self.report.add(Code.FOLDER_MISSING, severity, file=sub, what=what, path=sub)
            return None
        return list_tables(folder, self.root, self.report)

    @functools.cached_property
    def base(self) -> tuple[dict[str, Item], dict[str, Grid]]:
        """The checklist's items and the roster's grids, read once however many periods follow."""
        from gridscore.i18n import text

        rules, report = self.rules, self.report
        checklist_file = self._required(rules.paths.checklist, text("what.checklist"))
        roster_file = self._required(rules.paths.roster, text("what.roster"))
        items = validate.checklist(checklist_file, rules, report) if checklist_file else {}
        grids = validate.roster(roster_file, report) if roster_file else {}
        return items, grids

    def has_quarter(self, period: Period) -> bool:
        """Whether any of the quarter's folders exist (its street folder or a month's)."""
        paths = self.rules.paths
        folders = [f"{paths.street}/{period}"] + [f"{paths.self_}/{m}" for m in period.months]
        return any((self.root / folder).is_dir() for folder in folders)

    def quarter(self, period: Period, street: bool = True) -> QuarterData:
        """Read and validate everything one period's scores come from (without the street
        workbooks for the audit, which needs only the self-assessment sheets)."""
        from gridscore.i18n import text

        rules, report = self.rules, self.report
        items, grids = self.base
        month_paths = {
            month: self._folder(
                f"{rules.paths.self_}/{month}", text("what.self"), rules.self_.allow_missing_months
            )
            for month in period.months
        }
        street_sub = f"{rules.paths.street}/{period}"
        wanted = street and period.quarter is not None
        street_paths = self._folder(street_sub, text("what.street"), False) if wanted else []
        every = [p for paths in month_paths.values() for p in paths or []] + list(street_paths or [])
        files = {p: f for p in self.track(every) if (f := self._read(p))}
        data = QuarterData(str(period), period.months, items, grids, [], {})
        if not items or not grids:
            return data  # without the checklist and roster, every cell would be a problem
        for month, paths in month_paths.items():
            month_files = [files[p] for p in paths or [] if p in files]
            data.rater_sheets += validate.self_month(month_files, month, items, grids, report)
        present_months = tuple(m for m, paths in month_paths.items() if paths is not None)
        validate.self_complete(data.rater_sheets, present_months, grids, rules, rules.paths.self_, report)
        if street_paths is not None and wanted:
            street_files = [files[p] for p in street_paths if p in files]
            data.street = validate.street_quarter(street_files, items, grids, report)
            validate.street_complete(data.street, items, grids, street_sub, report)
            for file in street_files:
                data.street_files.setdefault(file.path.stem, []).append(file.name)
        data.inputs = sorted(self.inputs.items())
        return data

    def has_events(self, period: Period) -> bool:
        return any((self.root / self.rules.paths.events / m).is_dir() for m in period.months)

    def events(self, period: Period, report: Report | None = None) -> list[Event]:
        """The platform's event log for the period's months (optional folders), read and checked."""
        from gridscore.events import read_events

        report = self.report if report is None else report
        paths = []
        for month in period.months:
            folder = self.root / self.rules.paths.events / month
            if folder.is_dir():
                paths += list_tables(folder, self.root, report)
        files = [f for p in self.track(paths) if (f := self._read(p, report))]
        _, grids = self.base
        return read_events(files, grids, report) if grids else []


@dataclass
class Audited:
    """An audit's findings, with what a report of them needs."""

    result: AuditResult
    events: list[Event]
    grids: dict[str, Grid]
    rules: Rules
    period: str


def audit(root: Path, period: Period, track: Track | None = None) -> tuple[Audited, Report]:
    """Authenticity flags (SPEC §8) from the event log and the self-assessment sheets.

    Reads the checklist, the roster, the quarter's self-assessment workbooks and event logs
    (not the street workbooks). Raises InputError when any of them has errors.
    """
    from gridscore import audit as signals
    from gridscore.i18n import text

    loader = Loader(root, track)
    data = loader.quarter(period, street=False)
    events = loader.events(period)
    if not loader.has_events(period):
        folder = f"{loader.rules.paths.events}/{period.months[0]}"
        what = text("what.events")
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


def check(root: Path, period: Period, track: Track | None = None) -> Report:
    """Every problem in one period's inputs; nothing is written."""
    loader = Loader(root, track)
    loader.quarter(period)
    return loader.report


def quarter(root: Path, period: Period, track: Track | None = None) -> tuple[QuarterResult, Report]:
    """A quarter's results, with rank changes against the previous quarter where its data is
    present and clean. Raises InputError with the report when the inputs have errors."""
    loader = Loader(root, track)
    data = loader.quarter(period)
    if loader.report.has_errors:
        raise InputError(loader.report)
    result = score_quarter(data, loader.rules)
    if loader.has_events(period):
        result.audit = _quarter_audit(loader, period, data)
    previous = period.previous()
    earlier = Loader(root, track)
    if earlier.has_quarter(previous):
        earlier_data = earlier.quarter(previous)
        if earlier.report.has_errors:
            loader.report.add(Code.PREVIOUS_UNUSABLE, Severity.NOTE, period=str(previous))
        else:
            link_previous(result, score_quarter(earlier_data, earlier.rules))
    return result, loader.report


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


def year(root: Path, year: int, partial: bool, track: Track | None = None) -> tuple[YearResult, Report]:
    """The annual settlement, recomputed from every quarter's inputs (never from earlier outputs).

    Fewer than four quarters is an error unless partial. Raises InputError.
    """
    loader = Loader(root, track)
    datas = {}
    for q in range(1, 5):
        period = Period(year, quarter=q)
        if loader.has_quarter(period):
            datas[q] = loader.quarter(period)
        else:
            severity = Severity.WARNING if partial else Severity.ERROR
            loader.report.add(
                Code.QUARTER_MISSING, severity, file=loader.rules.paths.street, period=str(period)
            )
    if not datas and partial:
        loader.report.add(Code.QUARTER_MISSING, file=loader.rules.paths.street, period=str(year))
    if loader.report.has_errors:
        raise InputError(loader.report)
    quarters = {q: score_quarter(data, loader.rules) for q, data in datas.items()}
    for q, result in quarters.items():
        if q - 1 in quarters:
            link_previous(result, quarters[q - 1])
    _, grids = loader.base
    return score_year(year, quarters, grids, loader.rules, sorted(loader.inputs.items())), loader.report
