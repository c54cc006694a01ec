"""What the user sees: rich tables and progress on a terminal, JSON for scripts."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from gridscore.audit import SIGNALS, Audited
from gridscore.i18n import evidence_text, problem_message, text
from gridscore.model import ListReason
from gridscore.problems import Report, Severity
from gridscore.rounding import percent
from gridscore.rules import QuarterResult, YearGrid, YearResult

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "dim"}


def console(stderr: bool = False) -> Console:
    # highlight=False: numbers in Chinese sentences are not recoloured.
    out = Console(stderr=stderr, highlight=False, soft_wrap=True)
    if not out.is_terminal:
        out.width = max(out.width, 160)  # a log or a pipe: do not cut names short
    return out


def track(lang: str, show: bool):
    """A progress bar over the files to read, on a terminal only."""

    def run(paths: list[Path]) -> Iterable[Path]:
        out = console(stderr=True)
        if not show or not out.is_terminal or len(paths) < 20:
            return paths
        from rich.progress import track as rich_track

        return rich_track(paths, description=text("loading", lang), console=out, transient=True)

    return run


SEPARATOR, PLAIN_SEPARATOR = "›", ">"


def printable(text_: str, out: Console) -> str:
    """Our separator › where the console can print it (a GBK console cannot: > there)."""
    try:
        SEPARATOR.encode(out.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return text_.replace(SEPARATOR, PLAIN_SEPARATOR)
    return text_


def literal(text_: object, out: Console) -> str:
    """Text from the data (a cell, a sheet or file name, a message holding them) as it is:
    never read as console markup ([red]9 stays [red]9)."""
    return escape(printable(str(text_), out))


def problems(report: Report, lang: str, out: Console, notes: bool = True) -> None:
    """Every error and warning, grouped by file: 'file › sheet › cell  message'; notes counted."""
    shown = [p for p in report if p.severity is not Severity.NOTE]
    for file, group in groupby(shown, key=lambda p: p.file):
        if file:  # a problem of no file (the year of the data) stands on its own
            out.print(f"[bold]{literal(file, out)}[/bold]")
        for p in group:
            where = f" {SEPARATOR} ".join(part for part in (p.sheet, p.cell) if part)
            label = text(f"severity.{p.severity}", lang)
            prefix = f"  [{STYLE[p.severity]}]{label}[/] "
            body = (f"{where}: " if where else "") + problem_message(p.code, lang, p.params)
            out.print(prefix + literal(body, out) + f" [dim]({p.code})[/dim]")
    if notes and report.count(Severity.NOTE):
        out.print(f"[dim]{text('problems.notes', lang, n=report.count(Severity.NOTE))}[/dim]")


def check_summary(shared: Report, reports: list[tuple[str, Report]], lang: str, out: Console) -> None:
    """The shared problems once, a heading and the problems of each period, one verdict."""
    if any(p.severity is not Severity.NOTE for p in shared):
        out.print(f"[bold]{text('check.shared', lang)}[/bold]")
        problems(shared, lang, out, notes=False)
    for period, report in reports:
        out.print(f"[bold underline]{literal(text('check.period', lang, period=period), out)}[/]")
        if report.has_errors or report.count(Severity.WARNING):
            problems(report, lang, out, notes=False)
            if not report.has_errors:
                out.print(text("check.period_warnings", lang, warnings=report.count(Severity.WARNING)))
        else:
            out.print(text("check.period_ok", lang))
    notes = shared.count(Severity.NOTE) + sum(r.count(Severity.NOTE) for _, r in reports)
    if notes:
        out.print(f"[dim]{text('problems.notes', lang, n=notes)}[/dim]")
    out.print(f"[bold]{literal(verdict(shared, reports, lang), out)}[/bold]")


def verdict(shared: Report, reports: list[tuple[str, Report]], lang: str) -> str:
    """One sentence naming each period: 2020-Q3 有 2 个错误；2020-Q1、Q2、Q4 通过。"""
    if not reports:
        return text("check.no_periods", lang) if not shared.has_errors else text("check.verdict_fix", lang)
    sep, end = text("check.verdict_sep", lang), text("check.verdict_end", lang)
    if shared.has_errors:
        names = period_names([p for p, _ in reports], lang)
        errors = shared.count(Severity.ERROR)
        return (
            text("check.verdict_shared", lang, errors=errors, periods=names)
            + end
            + text("check.verdict_fix", lang)
        )
    parts = [
        text("check.verdict_failed", lang, periods=p, errors=r.count(Severity.ERROR))
        for p, r in reports
        if r.has_errors
    ]
    passed = [p for p, r in reports if not r.has_errors]
    if passed:
        parts.append(text("check.verdict_passed", lang, periods=period_names(passed, lang)))
    sentence = sep.join(parts) + end
    return sentence + text("check.verdict_fix", lang) if len(passed) < len(reports) else sentence


def period_names(periods: list[str], lang: str) -> str:
    """2020-Q1、Q2、Q4: a year is named once for its quarters in a row."""
    names, year = [], None
    for period in periods:
        head, _, tail = period.partition("-")
        names.append(tail if head == year and tail.startswith("Q") else period)
        year = head
    return text("usage.list_sep", lang).join(names)


def _ranking_table(title: str, result: QuarterResult | YearResult, grids: list, lang: str) -> Table:
    table = Table(title=escape(title), title_justify="left")
    year = isinstance(result, YearResult)
    quarters = sorted(result.quarters) if isinstance(result, YearResult) else []
    table.add_column(text("col.rank", lang), justify="right", no_wrap=True)
    table.add_column(text("col.grid_name", lang), no_wrap=True)
    table.add_column(text("col.leader", lang), no_wrap=True)
    heads = [f"Q{q}" for q in quarters] if year else [text("col.self", lang), text("col.street", lang)]
    for head in [*heads, text("col.composite", lang)]:
        table.add_column(head, justify="right", no_wrap=True)
    changes = not year and any(g.rank_change is not None for g in result.grids)
    if changes:
        table.add_column(text("col.rank_change", lang), justify="right", no_wrap=True)
    table.add_column(text("col.remark", lang), no_wrap=True)
    for g in grids:
        if isinstance(g, YearGrid):
            scores = [str(g.quarters[q].composite) for q in quarters]
        else:
            scores = [str(g.self_score), str(g.street_score)]
        remark = text("reason.veto", lang) if g.vetoed else ""
        change = [rank_change(g.rank_change)] if changes else []
        names = [escape(g.grid.name), escape(g.grid.leader)]  # from the roster: never markup
        table.add_row(str(g.rank), *names, *scores, str(g.composite), *change, remark)
    return table


def rank_change(change: int | None) -> str:
    """↑3 up three places, ↓2 down two, — unchanged; blank without a previous quarter."""
    if change is None:
        return ""
    return "—" if change == 0 else f"↑{change}" if change > 0 else f"↓{-change}"


def results_summary(
    result: QuarterResult | YearResult,
    report: Report,
    written: list[Path],
    lang: str,
    out: Console,
    options: str = "",
    prog: str = "gridscore",
) -> None:
    """Counts, the top and bottom of the ranking, the lists' lengths, and where files went;
    the audit hint names the program as run (prog) with the user's options."""
    warnings = Report(p for p in report if p.severity is Severity.WARNING)
    if len(warnings):
        problems(warnings, lang, out)
    grids = result.grids
    out.print(f"[bold]{text('summary.title', lang, period=result.period)}[/bold]")
    vetoed = sum(g.vetoed for g in grids)
    out.print(
        text(
            "summary.counts",
            lang,
            grids=len(grids),
            commended=len(result.commended),
            interviewed=len(result.interviewed),
            vetoed=vetoed,
        )
    )
    n = min(5, len(grids))
    out.print(_ranking_table(text("summary.top", lang, n=n), result, grids[:n], lang))
    out.print(_ranking_table(text("summary.bottom", lang, n=n), result, grids[-n:], lang))
    lists = result.rules.lists
    in_bottom = sum(ListReason.BOTTOM in g.reasons for g in grids)
    for longer, key, count, limit in (
        (result.commend_longer, "list.commend", len(result.commended), lists.commend_top),
        (result.interview_longer, "list.interview", in_bottom, lists.interview_bottom),
    ):
        if longer:
            out.print(text("summary.longer_list", lang, list=text(key, lang), n=count, limit=limit))
    audit = getattr(result, "audit", None)
    if audit is not None:
        detail = next((p.name for p in written if p.name.startswith("明细")), "")
        out.print(
            literal(
                text(
                    "summary.audit_flags",
                    lang,
                    n=len(audit.flags),
                    file=detail,
                    prog=prog,
                    period=f"{result.period}{options}",
                ),
                out,
            )
        )
    where_written(written, lang, out)


def where_written(paths: list[Path], lang: str, out: Console) -> None:
    """Every written file in full and the folder they are in: a clerk who started the
    command from another folder still finds them."""
    out.print(text("summary.written", lang))
    in_full(paths, out)
    folders = {path.resolve().parent for path in paths}
    if folders:
        folder = Path(os.path.commonpath(folders)) if len(folders) > 1 else folders.pop()
        out.print(text("summary.folder", lang, folder=folder), markup=False)


def in_full(paths: list[Path], out: Console) -> None:
    for path in paths:
        out.print(f"  {path.resolve()}", markup=False)  # a path is data, never console markup


def audit_summary(audited: Audited, report: Report, written: list[Path], lang: str, out: Console) -> None:
    """Flags grouped by signal, worst grids first (the order the audit gives), and the totals."""
    warnings = Report(p for p in report if p.severity is Severity.WARNING)
    if len(warnings):
        problems(warnings, lang, out)
    result = audited.result
    out.print(f"[bold]{text('audit.title', lang, period=audited.period)}[/bold]")
    totals = result.totals
    out.print(
        text(
            "audit.totals",
            lang,
            records=totals.get("records", 0),
            events=totals.get("events", 0),
            rate=_rate(totals.get("in_grid_rate")),
            flags=len(result.flags),
        )
    )
    for signal in SIGNALS:
        flags = [f for f in result.flags if f.signal == signal]
        if not flags:
            continue
        title = text("audit.signal_count", lang, signal=text(f"signal.{signal}", lang), n=len(flags))
        table = Table(title=title, title_justify="left")
        for key in ("grid", "person", "month", "detail"):
            table.add_column(text(f"audit.col.{key}", lang), no_wrap=key != "detail")
        for f in flags:
            grid = audited.grids.get(f.grid_id)
            cells = [
                f"{f.grid_id} {grid.name}" if grid else "",
                f.person,
                f.month,
                evidence_text(f.evidence, lang),
            ]
            table.add_row(*(literal(c, out) for c in cells))  # names and details from the data
        out.print(table)
    out.print(text("audit.evidence", lang))
    where_written(written, lang, out)


def _rate(value: object) -> str:
    return percent(value, 1) if isinstance(value, Decimal) else "-"


def print_json(document: dict[str, Any]) -> None:
    """JSON as UTF-8 bytes whatever the console's code page, so no name is lost (RFC 8259)."""
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()
