"""The library's entry points: load a data folder, validate it, score a period.

One convention for every entry point, the CLI's and a notebook's alike:

    result, report = quarter(root, "2020-Q3")     # also year(root, 2020), audit(root, "2020-Q3")
    by_period, report = check(root)               # or check(root, ["2020-Q3"])

- `root` is the data folder (str or path); a period is a `Period` or its name (`2020-Q3`,
  `2020-07`, `2020年第三季度`; a bare `Q3` needs the year: `parse_period("Q3", 2020)`).
- `report` holds every problem found (warnings and notes when it returns).
- quarter, year and audit raise `InputError` when the inputs have errors: nothing is
  computed, and `error.report` holds every problem (the CLI prints it and exits 1).
- check computes nothing but the problems, so it never raises InputError: `by_period` maps
  each period to its own problems and `report` holds those of the rules, the checklist and
  the roster, shared by every period. Its inputs pass when no report `has_errors`.

gridscore.records and gridscore.to_pandas (gridscore/tabular.py) turn any result or report
into rows or a DataFrame.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from gridscore.audit import Audited, AuditResult
from gridscore.config import Rules
from gridscore.load import Loader, Track, load_rules, periods_under
from gridscore.model import Grid, Item, Period, QuarterData
from gridscore.periods import bare_quarter, period_named
from gridscore.problems import Code, InputError, Report, Severity
from gridscore.rules import QuarterResult, YearResult, link_previous, score_quarter, score_year

__all__ = [
    "Loader",
    "Period",
    "Track",
    "UsageError",
    "audit",
    "check",
    "load_rules",
    "parse_period",
    "quarter",
    "quarters_in",
    "resolve_period",
    "year",
]


class UsageError(Exception):
    """The command asks for something the data folder cannot answer as asked (exit code 2):
    a message key of i18n.TEXT and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def parse_period(text: str, year: int | None = None) -> Period | None:
    """Q3 (with year), 2020-Q3 or 2020-07, or a clerk's spelling of these (2020年第三季度,
    2020-7); None when it is none of these."""
    quarter = bare_quarter(text)
    if quarter is not None:
        return Period(year, quarter=quarter) if year else None
    return period_named(text)


def quarters_in(root: Path, rules: Rules) -> list[Period]:
    """Every quarter with data: its street folder, or any of its month folders."""
    found = {
        p.of_quarter
        for sub in (rules.paths.self_, rules.paths.street)
        for p in periods_under(root, sub).by_period
    }
    return sorted(found)


def years_in(root: Path, rules: Rules) -> list[int]:
    """The years named by the period folders under self/ and street/."""
    return sorted({p.year for p in quarters_in(root, rules)})


def find_quarters(root: Path) -> list[Period]:
    """Every quarter with data under the data folder, by its rules' folder names."""
    return quarters_in(root, load_rules(root, Report()))


def no_period_folders(root: Path, template: str) -> Report:
    """The report when the data folder holds not one period folder under self/ or street/;
    `template` is the command that writes blank forms, as the user runs it."""
    paths = load_rules(root, Report()).paths
    report = Report()
    report.add(
        Code.NO_PERIOD_FOLDERS,
        folder=str(root.absolute()),
        self=paths.self_,
        street=paths.street,
        template=template,
    )
    return report


def not_a_data_folder(root: Path, example: str) -> Report | None:
    """The report when the folder holds neither the checklist nor the roster (most likely --in
    was forgotten), naming the folder taken and, in `example`, a command with the right one;
    None when it is a data folder."""
    paths = load_rules(root, Report()).paths
    if (root / paths.checklist).is_file() or (root / paths.roster).is_file():
        return None
    report = Report()
    report.add(
        Code.NOT_A_DATA_FOLDER,
        folder=str(root.absolute()),
        checklist=paths.checklist,
        roster=paths.roster,
        example=example,
    )
    return report


def init_paths(folder: Path) -> list[Path]:
    """The files `gridscore init FOLDER` writes, known without generating them."""
    from gridscore import demo, launcher

    return [folder / name for name in demo.layout()] + [folder / launcher.RUN_NAME]


def init_outputs(folder: Path) -> dict[Path, bytes]:
    """The example data folder generated (seconds), and its launcher, by their paths."""
    from gridscore import demo, launcher

    outputs = {folder / name: content for name, content in demo.contents().items()}
    outputs[folder / launcher.RUN_NAME] = launcher.run_bat()  # double-click: check, then a quarter
    return outputs


def resolve_period(text: str, year: int | None, root: Path, report: Report) -> Period | None:
    """The period a command names. A bare quarter (Q3) takes --year, else the most recent
    year whose data holds that quarter, else the rules' year, else the only year in the data.

    Raises UsageError when the text is no period, or when the rules' year is older than a
    year whose data holds the quarter (never a silent choice of last year's quarter).
    Returns None, with year_unknown in the report, when the year cannot be told.
    """
    quarter = bare_quarter(text)
    if quarter is None:
        period = period_named(text)
        if period is None:
            raise UsageError("period.invalid", value=text)
        return period
    if year:
        return Period(year, quarter=quarter)
    rules = load_rules(root, Report())
    held = [p.year for p in quarters_in(root, rules) if p.quarter == quarter]
    latest = max(held, default=None)
    if rules.year and latest and latest > rules.year:
        raise UsageError("period.year_clash", quarter=f"Q{quarter}", rules_year=rules.year, data_year=latest)
    chosen = rules.year or latest or _only_year(root, rules, report)
    return Period(chosen, quarter=quarter) if chosen else None


def _only_year(root: Path, rules: Rules, report: Report) -> int | None:
    found = years_in(root, rules)
    if len(found) == 1:
        return found[0]
    report.add(Code.YEAR_UNKNOWN, found="、".join(map(str, found)) or "-")
    return None


def resolve_year(root: Path, year: int | None, report: Report) -> int | None:
    """--year, else the rules' year, else the only year found in the data."""
    rules = load_rules(root, Report())
    return year or rules.year or _only_year(root, rules, report)


def _named(period: Period | str) -> Period:
    """The period a library caller names, as a Period: ValueError when it is none."""
    if isinstance(period, Period):
        return period
    named = parse_period(period)
    if named is None:
        raise ValueError(f"not a period (2020-Q3, 2020-07, or parse_period('Q3', 2020)): {period!r}")
    return named


def audit(
    root: str | os.PathLike[str],
    period: Period | str,
    track: Track | None = None,
    workers: int | None = None,
) -> tuple[Audited, Report]:
    """Authenticity flags (SPEC §8) from the event log and the self-assessment sheets.

    Reads the checklist, the roster, the quarter's self-assessment workbooks and event logs
    (not the street workbooks). Raises InputError when any of them has errors.
    """
    from gridscore.audit import audit_events, with_sheets
    from gridscore.i18n import Phrase

    root, period = Path(root), _named(period)
    with Loader(root, track, workers) as loader:
        events = loader.events(period)  # the largest files first
        _, grids = loader.checklist_and_roster
        rules = loader.rules.audit
        with contextlib.closing(loader.quarters([period], street=False)) as stream:
            # The event log counted while the workers read the self-assessment workbooks (not
            # when it has errors already: nothing is counted then).
            found = None if loader.report.has_errors else audit_events(events, grids, period.months, rules)
            data, report = next(stream)
        loader.report.extend(report)
    if not loader.has_events(period):
        folder = f"{loader.rules.paths.events}/{period.months[0]}"
        what = Phrase("what.events")
        fix = Phrase("folder.create")
        loader.report.add(Code.FOLDER_MISSING, Severity.WARNING, file=folder, what=what, path=folder, fix=fix)
    if loader.report.has_errors:
        raise InputError(loader.report)
    assert found is not None  # the errors found before it are raised above
    result = with_sheets(found, data.rater_sheets, loader.checklist_and_roster[0], period.months)
    return Audited(result, events, grids, loader.rules, str(period)), loader.report


def checklist_and_roster(root: Path) -> tuple[dict[str, Item], dict[str, Grid], Rules, Report]:
    """The checklist and the roster alone (for the blank forms). Raises InputError."""
    loader = Loader(root)
    items, grids = loader.checklist_and_roster
    if loader.report.has_errors:
        raise InputError(loader.report)
    return items, grids, loader.rules, loader.report


def check(
    root: str | os.PathLike[str],
    periods: list[Period | str] | None = None,
    track: Track | None = None,
    workers: int | None = None,
) -> tuple[dict[Period, Report], Report]:
    """Every problem in each period's inputs (every quarter with data when periods is None),
    nothing written: each period's own problems, and those of the rules, the checklist and the
    roster, shared by every period, once. Never raises InputError (see the module docstring)."""
    root = Path(root)
    chosen = find_quarters(root) if periods is None else list(dict.fromkeys(map(_named, periods)))
    with Loader(root, track, workers) as loader:
        own = [report for _, report in loader.quarters(chosen)]
    return dict(zip(chosen, own, strict=True)), loader.report


def quarter(
    root: str | os.PathLike[str],
    period: Period | str,
    track: Track | None = None,
    workers: int | None = None,
) -> tuple[QuarterResult, Report]:
    """A quarter's results, with rank changes against the previous quarter where its data is
    present and clean. Raises InputError with the report when the inputs have errors."""
    root, period = Path(root), _named(period)
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
        loader.report.add(Code.PREVIOUS_UNUSABLE, period=earlier.period)
    else:
        link_previous(result, score_quarter(earlier, loader.rules, breakdowns=False))


def _quarter_audit(loader: Loader, period: Period, data: QuarterData) -> AuditResult:
    """The audit flags for the detail workbook. Flags never change a score, so problems in
    the event log do not stop the quarter: they become warnings pointing to gridscore audit."""
    from gridscore.audit import audit as find_flags

    events_report = Report()
    events = loader.events(period, events_report)
    for p in events_report:
        severity = Severity.WARNING if p.severity is Severity.ERROR else p.severity
        loader.report.add(p.code, severity, file=p.file, sheet=p.sheet, cell=p.cell, **p.params)
    items, grids = loader.checklist_and_roster
    return find_flags(events, data.rater_sheets, items, grids, period.months, loader.rules.audit)


def year(
    root: str | os.PathLike[str],
    year: int,
    partial: bool = False,
    track: Track | None = None,
    workers: int | None = None,
) -> tuple[YearResult, Report]:
    """The annual settlement, recomputed from every quarter's inputs (never from earlier outputs).

    Fewer than four quarters is an error unless partial. Each quarter is scored as soon as it
    is read, and only its results are kept. Raises InputError.
    """
    root = Path(root)
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
                    quarters[q] = score_quarter(data, loader.rules, breakdowns=False)
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
    _, grids = loader.checklist_and_roster
    return score_year(year, quarters, grids, loader.rules, inputs), loader.report
