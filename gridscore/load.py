"""A period's workbooks read once each (a worker pool), then checked across files.

Every file is read once, checked on its own in worker processes when there
are many, then checked across files; every problem into one report. A worker imports this
module to run _check: what only this process needs (the rules' pydantic models, the checks
across files) is imported where it is used, so that a worker started afresh (Windows)
imports no more than it reads with."""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gridscore.io import ReadError, list_folders, list_tables, read_input, relative
from gridscore.model import Grid, Item, Period, QuarterData, RaterSheet, StreetColumn
from gridscore.periods import PeriodFolders, meant_for, period_folders
from gridscore.problems import Code, Problem, Report, Severity
from gridscore.tables import InputFile
from gridscore.validate import score_tables, self_sheets, street_sheets
from gridscore.validate.common import DepartmentLookup, suggesting
from gridscore.validate.events import file_events

if TYPE_CHECKING:
    from gridscore.config import Rules
    from gridscore.model import EventLog
    from gridscore.validate.events import FileEvents

Track = Callable[[list[Path]], Iterable[Path]]
REFUSED = frozenset({Code.HEADER_KEY_WRONG, Code.HEADER_KEY_MISSING})  # a table not read, said there
PARALLEL_FROM = 12  # fewer files than this are read in this process: a pool costs more


def periods_under(root: Path, sub: str, report: Report | None = None) -> PeriodFolders:
    """The period folders in root/sub, by the period each names however it is spelled; with
    a report, a folder that looks like a period but is none is a warning naming it."""
    found = period_folders(list_folders(root / sub))
    for name in found.unreadable if report is not None else ():
        report.add(Code.PERIOD_FOLDER_UNREADABLE, file=f"{sub}/{name}", name=name)
    return found


def load_rules(root: Path, report: Report) -> Rules:
    from gridscore.config import RULES_FILE, Rules
    from gridscore.rules_file import parse_rules

    path = root / RULES_FILE
    if not path.exists():
        return Rules()
    from gridscore.i18n import Phrase
    from gridscore.io import os_error, read_rules_text

    try:
        text, encoding, bad_line = read_rules_text(path)
    except OSError as error:
        report.add(Code.RULES_UNREADABLE, file=RULES_FILE, at="", error=os_error(error, path, "file", True))
        return Rules()
    if text is None:
        at = Phrase("rules.at_line", {"line": bad_line})
        report.add(Code.RULES_UNREADABLE, file=RULES_FILE, at=at, error=Phrase("rules.cause.encoding"))
        return Rules()
    if encoding != "UTF-8":
        report.add(Code.RULES_ENCODING, file=RULES_FILE, encoding=encoding)
    return parse_rules(text, report)


def workers_wanted(workers: int | None) -> int:
    """Worker processes: the argument, else GRIDSCORE_WORKERS, else one per core (at most 4)."""
    if workers is None:
        workers = int(os.environ.get("GRIDSCORE_WORKERS", "0") or 0) or min(os.cpu_count() or 1, 4)
    return max(1, workers)


@dataclass(frozen=True)
class _Task:
    kind: str  # "self", "street" or "events"
    path: Path
    root: Path
    month: str = ""


@dataclass(frozen=True)
class _Plan:
    """A period's folders as listed, and the workbooks to read."""

    period: Period
    months: dict[str, list[Path] | None]  # None: the month's folder is missing
    month_folders: dict[str, str]  # each month's folder as it is spelled (self/2020-7)
    street_sub: str
    street: bool  # its street folder is read (and present)
    tasks: list[_Task]
    report: Report


@dataclass(frozen=True)
class _Done:
    """A workbook checked on its own: its rater sheets, its street columns or its events, its
    problems, its hash."""

    name: str
    sha256: str | None
    sheets: list[RaterSheet]
    columns: list[StreetColumn]
    problems: list[Problem]
    events: FileEvents | None = None


_context: score_tables.Context | None = None  # the checklist and roster, in each worker


def _start(items: dict[str, Item], grids: dict[str, Grid]) -> None:
    global _context
    _context = score_tables.Context(items, grids)


def _check(task: _Task) -> _Done:
    """Read one workbook and check it on its own (in a worker, or in this process)."""
    assert _context is not None
    report = Report()
    name = relative(task.path, task.root)
    try:
        file = read_input(task.path, task.root)
    except ReadError as error:
        report.add(error.code, file=name, sheet=error.sheet, cell=error.cell, **error.params)
        return _Done(name, None, [], [], list(report))
    if task.kind == "self":
        return _Done(
            name, file.sha256, self_sheets.self_workbook(file, task.month, _context, report), [], list(report)
        )
    if task.kind == "events":  # without a roster, read for its problems only
        part = file_events(file, _context.grid_lookup, report) if _context.grids else None
        return _Done(name, file.sha256, [], [], list(report), part)
    return _Done(name, file.sha256, [], street_sheets.street_workbook(file, _context, report), list(report))


def _in_process(
    tasks: list[_Task], track: Track, items: dict[str, Item], grids: dict[str, Grid]
) -> Iterator[_Done]:
    """Each task's result, read here as the caller asks for it."""
    _start(items, grids)
    for task, _ in zip(tasks, track([task.path for task in tasks]), strict=True):
        yield _check(task)


class Loader:
    """Reads a data folder's files once each, reporting every problem into one report."""

    def __init__(self, root: Path, track: Track | None = None, workers: int | None = None) -> None:
        self.root = root
        self.report = Report()
        self.rules = load_rules(root, self.report)
        self.track = track or (lambda paths: paths)
        self.workers = workers_wanted(workers)
        self.inputs: dict[str, str] = {}  # file -> sha256, of every file read
        self.checklist_and_roster_inputs: dict[str, str] = {}  # the checklist's and the roster's
        self._pool: ProcessPoolExecutor | None = None
        self._periods: dict[str, PeriodFolders] = {}  # sub -> its period folders

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)  # a stream left unread is not waited for
            self._pool = None

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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

    def _required(self, configured: str, what: object) -> InputFile | None:
        path = self.root / configured
        if not path.is_file():
            self.report.add(Code.FILE_MISSING, file=configured, what=what, path=configured)
            return None
        return self._read(path)

    def _period_folder(self, sub: str, period: Period, report: Report) -> str | None:
        """The folder of a period under sub (self, street, events) as it is spelled there
        (2020-07, 2020-7, 2020年7月 …); None when there is none, or when two name the period
        (an error naming both: which one holds the period is the clerk's call)."""
        names = self._listed(sub).by_period.get(period, [])
        if len(names) > 1:
            first, *others = (f"{sub}/{name}" for name in names)
            for other in others:
                report.add(Code.PERIOD_FOLDER_TWICE, file=first, first=first, other=other, period=str(period))
            return None
        return f"{sub}/{names[0]}" if names else None

    def _folder(
        self, sub: str, period: Period, what: object, optional: bool, report: Report
    ) -> tuple[str, list[Path] | None]:
        """A period's folder under sub, and its table files (None when it is missing)."""
        from gridscore.i18n import Phrase

        found = self._period_folder(sub, period, report)
        if found is None:
            canonical = f"{sub}/{period}"
            if not self._listed(sub).by_period.get(period):  # not missing when named twice
                severity = Severity.WARNING if optional else Severity.ERROR
                # A folder spelled so that it names no period (7月, 2020-07（已收齐）) is
                # suggested: the clerk renames it; it is never read as the period by a guess.
                meant = meant_for(period, list_folders(self.root / sub))
                fix = Phrase("folder.create")
                if meant is not None:
                    meant = f"{sub}/{meant}"
                    fix = Phrase("folder.rename", {"period": str(period)})
                report.add(
                    Code.FOLDER_MISSING,
                    severity,
                    file=canonical,
                    what=what,
                    path=canonical,
                    fix=fix,
                    **suggesting(meant),
                )
            return canonical, None
        return found, list_tables(self.root / found, self.root, report)

    @functools.cached_property
    def checklist_and_roster(self) -> tuple[dict[str, Item], dict[str, Grid]]:
        """The checklist's items and the roster's grids, read once however many periods follow."""
        from gridscore.i18n import Phrase
        from gridscore.validate.base import checklist, roster

        rules, report = self.rules, self.report
        checklist_file = self._required(rules.paths.checklist, Phrase("what.checklist"))
        roster_file = self._required(rules.paths.roster, Phrase("what.roster"))
        items = checklist(checklist_file, rules, report) if checklist_file else {}
        grids = roster(roster_file, report) if roster_file else {}
        self.checklist_and_roster_inputs = dict(self.inputs)
        return items, grids

    def _run(self, tasks: list[_Task], chunksize: int = 4) -> Iterator[_Done]:
        """Each task's result, in the order of the tasks whatever the order they finish in.
        In the pool the tasks are handed out at once: read while the caller does other work."""
        items, grids = self.checklist_and_roster
        paths = [task.path for task in tasks]
        if self.workers == 1 or len(tasks) < PARALLEL_FROM:
            return _in_process(tasks, self.track, items, grids)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, initializer=_start, initargs=(items, grids))
        results = self._pool.map(_check, tasks, chunksize=chunksize)
        # The progress bar follows the results as they arrive, in order.
        return (done for _, done in zip(self.track(paths), results, strict=True))

    def has_quarter(self, period: Period) -> bool:
        """Whether any of the quarter's folders exist (its street folder or a month's)."""
        paths = self.rules.paths
        return self._has(paths.street, [period]) or self._has(paths.self_, _months(period))

    def _has(self, sub: str, periods: list[Period]) -> bool:
        return any(p in self._listed(sub).by_period for p in periods)

    def _listed(self, sub: str) -> PeriodFolders:
        """The period folders under sub, listed once a run (an unreadable name warned of once)."""
        if sub not in self._periods:
            self._periods[sub] = periods_under(self.root, sub, self.report)
        return self._periods[sub]

    def quarter(self, period: Period, street: bool = True) -> QuarterData:
        """Read and validate everything one period's scores come from (without the street
        workbooks for the audit, which needs only the self-assessment sheets)."""
        with contextlib.closing(self.quarters([period], street)) as stream:
            data, report = next(stream)
        self.report.extend(report)
        return data

    def quarters(self, periods: list[Period], street: bool = True) -> Iterator[tuple[QuarterData, Report]]:
        """Each period's data and its own problems, in order (the checklist's and the
        roster's stay in self.report). The periods' workbooks are read in one stream, so
        the workers read the next quarter while this one is checked across files and scored;
        they start on them at this call."""
        items, grids = self.checklist_and_roster
        if not items or not grids:  # without them, every cell would be a problem
            empty = [(QuarterData(str(p), p.months, items, grids, [], {}), Report()) for p in periods]
            return (quarter for quarter in empty)
        plans = [self._plan(period, street and period.quarter is not None) for period in periods]
        results = self._run([task for plan in plans for task in plan.tasks])
        return (
            (self._finish(plan, list(itertools.islice(results, len(plan.tasks)))), plan.report)
            for plan in plans
        )

    def _plan(self, period: Period, street: bool) -> _Plan:
        """The period's folders listed and its workbooks to read."""
        from gridscore.i18n import Phrase

        paths, report = self.rules.paths, Report()
        optional = self.rules.self_.allow_missing_months
        found = {
            str(m): self._folder(paths.self_, m, Phrase("what.self"), optional, report)
            for m in _months(period)
        }
        months = {m: listed for m, (_, listed) in found.items()}
        month_folders = {m: folder for m, (folder, _) in found.items()}
        street_sub, street_paths = f"{paths.street}/{period}", None
        if street:
            street_sub, street_paths = self._folder(
                paths.street, period, Phrase("what.street"), False, report
            )
        tasks = [_Task("self", p, self.root, m) for m, found in months.items() for p in found or []]
        tasks += [_Task("street", p, self.root) for p in street_paths or []]
        return _Plan(period, months, month_folders, street_sub, street_paths is not None, tasks, report)

    def _finish(self, plan: _Plan, results: list[_Done]) -> QuarterData:
        """The period's workbooks, each checked on its own, checked across files."""
        from gridscore.validate import across

        rules, report = self.rules, plan.report
        items, grids = self.checklist_and_roster
        period = plan.period
        data = QuarterData(str(period), period.months, items, grids, [], {})
        by_month: dict[str, list[tuple[str, list[RaterSheet]]]] = {m: [] for m in period.months}
        merge = across.StreetMerge(report)
        departments = DepartmentLookup(items)
        unread: dict[str, list[str]] = {}
        refused: set[str] = set()  # departments whose table was refused for its key header
        inputs = dict(self.checklist_and_roster_inputs)
        for task, done in zip(plan.tasks, results, strict=True):
            report.extend(done.problems)
            if done.sha256 is not None:
                inputs[done.name] = self.inputs[done.name] = done.sha256
            if task.kind == "self":
                by_month[task.month].append((done.name, done.sheets))
                data.rater_sheets += done.sheets
                # Unreadable, no score sheet, or every sheet refused (a blank form, a key
                # header retyped): reported there, and not again as its grids' missing month.
                refused_sheets = {p.sheet for p in done.problems if p.code in REFUSED | {Code.SHEET_BLANK}}
                if all(s.rater in refused_sheets and not s.totals for s in done.sheets):
                    unread.setdefault(task.month, []).append(done.name)
            else:
                merge.add(done.columns)
                if any(p.code in REFUSED for p in done.problems):
                    refused.add(task.path.stem)
                if done.sha256 is not None:
                    department = departments.submitting(task.path.stem) or task.path.stem
                    data.street_files.setdefault(department, []).append(done.name)
        for sheets_by_file in by_month.values():
            across.self_owners(sheets_by_file, report)
        across.self_raters(by_month, grids, report)
        present = tuple(m for m, paths in plan.months.items() if paths is not None)
        across.self_complete(
            data.rater_sheets, present, grids, rules, rules.paths.self_, report, plan.month_folders, unread
        )
        if plan.street:
            data.street, data.street_filled = merge.values, merge.filled
            across.street_complete(merge, items, grids, plan.street_sub, frozenset(refused))
        data.inputs = sorted(inputs.items())
        return data

    def has_events(self, period: Period) -> bool:
        return self._has(self.rules.paths.events, _months(period))

    def events(self, period: Period, report: Report | None = None) -> EventLog:
        """The platform's event log for the period's months (optional folders), read and checked:
        each file on its own in the workers, then across files here."""
        from gridscore.validate.events import EventsAcross

        report = self.report if report is None else report
        paths = []
        for month in _months(period):
            folder = self._period_folder(self.rules.paths.events, month, report)
            if folder is not None:
                paths += list_tables(self.root / folder, self.root, report)
        together = EventsAcross(report)
        # One file a worker at a time: a log weighs as much as tens of self-assessment workbooks.
        for done in self._run([_Task("events", p, self.root) for p in paths], chunksize=1):
            if done.sha256 is not None:
                self.inputs[done.name] = done.sha256
            if done.events is None:
                report.extend(done.problems)
            else:
                together.take(done.events, done.problems)
        return together.log


def _months(period: Period) -> list[Period]:
    """A period's months as periods (a month is its own)."""
    if period.quarter is None:
        return [period]
    first = 3 * period.quarter - 2
    return [Period(period.year, month=m) for m in range(first, first + 3)]
