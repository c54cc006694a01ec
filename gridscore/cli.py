"""The gridscore command line: parse options, call the library, choose the exit code."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gridscore import usage
from gridscore._version import __version__

app = typer.Typer(
    cls=usage.Group,  # help and usage errors in the user's language (gridscore/usage.py)
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)
EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3


class Format(StrEnum):
    table = "table"
    json = "json"


# Help texts and metavars come from i18n (help.<param>, metavar.<param>), set per language.
InDir = Annotated[Path, typer.Option("--in", exists=True, file_okay=False, show_default=False)]
OutDir = Annotated[Path | None, typer.Option("--out", file_okay=False)]  # default: in the data folder
Force = Annotated[bool, typer.Option("--force")]
FormatOpt = Annotated[Format, typer.Option("--format")]
Lang = Annotated[str | None, typer.Option("--lang", show_default=False)]
Year = Annotated[str | None, typer.Option("--year")]


def _version(value: bool) -> None:
    if value:
        print(f"gridscore {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
    lang: Lang = None,  # taken by usage.Group.main wherever it stands; listed here for --help
) -> None:
    """网格化工作考核计算 / grid assessment scoring."""


def _period(text_: str, year: int | None, root: Path, lang: str, fmt: Format):
    """The period asked for, with its year resolved; exits 1 or 2 when it cannot be."""
    from gridscore import api
    from gridscore.problems import Report

    _form(text_)
    report = Report()
    try:
        period = api.resolve_period(text_, year, root, report)
    except api.UsageError as error:  # rendered as every usage error is (gridscore/usage.py)
        usage.fail(error.key, **error.params)
    if period is None:
        if not api.years_in(root, api.load_rules(root, Report())):  # not one period folder: say so
            report = api.no_period_folders(root, f"{usage.program()} template{_in_option(root)}")
        _fail_input(report, text_, lang, fmt)
    return period


def _quarter(text_: str, year: int | None, root: Path, lang: str, fmt: Format):
    """The quarter asked for (a month is a usage error here)."""
    _form(text_, quarter=True)
    return _period(text_, year, root, lang, fmt)


def _form(text_: str, quarter: bool = False) -> None:
    """Exit 2 unless the period is written in an accepted form (before any year is looked for)."""
    from gridscore import api

    probe = api.parse_period(text_, 2000)
    if probe is None:
        usage.fail("usage.quarter_invalid" if quarter else "usage.period_invalid", value=text_)
    if quarter and probe.quarter is None:
        usage.fail("usage.quarter_not_month", value=text_)


def _year(text_: str | None) -> int | None:
    """A year as typed (--year or the year command's argument): four digits, 2000 to 2100."""
    if text_ is None:
        return None
    value = text_.strip()
    if not (value.isascii() and value.isdigit() and len(value) == 4 and 2000 <= int(value) <= 2100):
        usage.fail("usage.year_invalid", value=text_)
    return int(value)


def _command() -> str:
    """The command running (check, quarter, year, audit): its document has its own shape."""
    from gridscore.usage import get_current_context

    ctx = get_current_context(silent=True)
    return ctx.info_name or "" if ctx is not None else ""


def _fail_input(report, period: str, lang: str, fmt: Format) -> None:
    from gridscore import documents, render

    if fmt is Format.json:
        render.print_json(documents.stopped_json(_command(), report, period, lang))
    else:
        render.problems(report, lang, render.console())
    raise typer.Exit(EXIT_INPUT)


@app.command(cls=usage.Command)
def check(
    in_dir: InDir = Path("."),
    period: Annotated[str | None, typer.Option("--period")] = None,
    fmt: FormatOpt = Format.table,
    lang: Lang = None,
) -> None:
    """检查数据，列出全部问题，不写任何文件 / validate and report every problem; writes nothing."""
    from gridscore import api, documents, render
    from gridscore.i18n import language

    lang = language(lang)
    if period:
        _form(period)
    _data_folder(in_dir, lang, fmt, f"--period {period}" if period else "")
    periods = [_period(period, None, in_dir, lang, fmt)] if period else _all_quarters(in_dir, lang, fmt)
    # the rules', the checklist's and the roster's problems are shared: reported once
    checked, shared = api.check(in_dir, periods, render.track(lang, fmt is Format.table))
    reports = [(str(p), checked[p]) for p in periods]
    if fmt is Format.json:
        render.print_json(documents.check_json(shared, reports, lang))
    else:
        render.check_summary(shared, reports, lang, render.console())
    failed = shared.has_errors or any(r.has_errors for _, r in reports)
    raise typer.Exit(EXIT_INPUT if failed else EXIT_OK)


def _data_folder(root: Path, lang: str, fmt: Format, period: str) -> None:
    """Stop once (exit 1) when the folder holds neither the checklist nor the roster: most
    likely --in was forgotten. Says which folder was taken and how to name the right one."""
    from gridscore import api, documents, render
    from gridscore.i18n import text
    from gridscore.usage import get_current_context

    ctx = get_current_context(silent=True)
    command = ctx.command_path if ctx else "gridscore"
    example = " ".join(part for part in (command, period, "--in", text("example.data_folder", lang)) if part)
    report = api.not_a_data_folder(root, example)
    if report is None:
        return
    if fmt is Format.json:
        render.print_json(documents.stopped_json(_command(), report, period, lang))
    else:
        render.problems(report, lang, render.console())
    raise typer.Exit(EXIT_INPUT)


def _in_option(root: Path) -> str:
    """The --in the user gave, for a next command printed as a hint ('' for the current folder)."""
    if root == Path("."):
        return ""
    return f" --in {_shell_arg(root)}"


def _shell_arg(path: Path) -> str:
    """A path as a hint prints it, quoted when a shell (cmd.exe or sh) would split or read it."""
    shown = str(path)
    return f'"{shown}"' if re.search(r"[\s&()|<>^;']", shown) else shown


def _all_quarters(root: Path, lang: str, fmt: Format):
    """Every quarter that has a street folder, or that a month folder belongs to."""
    from gridscore import api

    found = api.find_quarters(root)
    return found or [_period("Q1", None, root, lang, fmt)]


@app.command(cls=usage.Command)
def quarter(
    period: Annotated[str, typer.Argument()],
    year: Year = None,
    in_dir: InDir = Path("."),
    out_dir: OutDir = None,
    force: Force = False,
    fmt: FormatOpt = Format.table,
    lang: Lang = None,
) -> None:
    """计算一个季度的考核结果并写出公示、名单和明细 / a quarter's results and workbooks."""
    from gridscore import api, render, workbooks
    from gridscore.i18n import language
    from gridscore.problems import InputError

    lang = language(lang)
    year_ = _year(year)
    _form(period, quarter=True)
    _data_folder(in_dir, lang, fmt, period)
    the_period = _quarter(period, year_, in_dir, lang, fmt)
    try:
        result, report = api.quarter(in_dir, the_period, render.track(lang, fmt is Format.table))
    except InputError as error:
        _fail_input(error.report, str(the_period), lang, fmt)
    outputs = workbooks.outputs(result, report, out_dir or in_dir / "out")
    options = _in_option(in_dir) + (f" --out {_shell_arg(out_dir)}" if out_dir is not None else "")
    _publish(result, report, outputs, force, fmt, lang, options)  # the audit hint keeps --in, --out


def _publish(result, report, outputs, force: bool, fmt: Format, lang: str, options: str = "") -> None:
    """Write the workbooks (exit 3 when one cannot be), then the summary or the JSON."""
    from gridscore import documents, render

    _write(outputs, force, lang, fmt, result.period)
    if fmt is Format.json:
        render.print_json(documents.results_json(result, report, result.period, lang))
    else:
        render.results_summary(
            result, report, list(outputs), lang, render.console(), options, usage.program()
        )


@app.command(cls=usage.Command)
def year(
    the_year: Annotated[str, typer.Argument()],
    in_dir: InDir = Path("."),
    out_dir: OutDir = None,
    force: Force = False,
    partial: Annotated[bool, typer.Option("--partial")] = False,
    fmt: FormatOpt = Format.table,
    lang: Lang = None,
) -> None:
    """年度结算：四个季度综合得分的平均数，排名、表彰与提醒谈话 / the annual settlement."""
    from gridscore import api, render, workbooks
    from gridscore.i18n import language
    from gridscore.problems import InputError

    lang = language(lang)
    the_year = _year(the_year)
    _data_folder(in_dir, lang, fmt, str(the_year))
    try:
        result, report = api.year(in_dir, the_year, partial, render.track(lang, fmt is Format.table))
    except InputError as error:
        _fail_input(error.report, str(the_year), lang, fmt)
    _publish(result, report, workbooks.outputs(result, report, out_dir or in_dir / "out"), force, fmt, lang)


@app.command(cls=usage.Command)
def audit(
    period: Annotated[str, typer.Argument()],
    year: Year = None,
    in_dir: InDir = Path("."),
    out_dir: OutDir = None,
    force: Force = False,
    fmt: FormatOpt = Format.table,
    lang: Lang = None,
) -> None:
    """数据核查：从平台事件记录和自考表中找出造假线索（不扣分）/ authenticity flags (never a deduction)."""
    from gridscore import api, documents, render, workbooks
    from gridscore.i18n import language
    from gridscore.problems import InputError

    lang = language(lang)
    year_ = _year(year)
    _form(period, quarter=True)
    _data_folder(in_dir, lang, fmt, period)
    the_period = _quarter(period, year_, in_dir, lang, fmt)
    try:
        audited, report = api.audit(in_dir, the_period, render.track(lang, fmt is Format.table))
    except InputError as error:
        _fail_input(error.report, str(the_period), lang, fmt)
    p = str(the_period)
    outputs = workbooks.audit_outputs(audited, out_dir or in_dir / "out")
    _write(outputs, force, lang, fmt, p)
    if fmt is Format.json:
        render.print_json(documents.audit_json(audited, report, p, lang))
    else:
        render.audit_summary(audited, report, list(outputs), lang, render.console())


@app.command(cls=usage.Command)
def template(
    period: Annotated[str, typer.Option("--period")],
    in_dir: InDir = Path("."),
    out_dir: OutDir = None,
    force: Force = False,
    lang: Lang = None,
) -> None:
    """生成空白填报表：每村一份月度自考表或每部门一份季度考核表 / blank fill-in workbooks."""
    from gridscore import api, render
    from gridscore.i18n import language, text
    from gridscore.problems import InputError
    from gridscore.workbooks import forms

    lang = language(lang)
    _form(period)
    _data_folder(in_dir, lang, Format.table, f"--period {period}")
    the_period = _period(period, None, in_dir, lang, Format.table)
    try:
        items, grids, rules, _ = api.checklist_and_roster(in_dir)
    except InputError as error:
        _fail_input(error.report, str(the_period), lang, Format.table)
    out_dir = out_dir or in_dir / "templates"
    outputs = forms.template_outputs(items, grids, str(the_period), rules, out_dir)
    _write(outputs, force, lang)
    out = render.console()
    folder = next(iter(outputs)).parent.resolve()
    out.print(text("template.written", lang, n=len(outputs), folder=folder), markup=False)
    render.in_full(list(outputs), out)
    hint = text("template.next", lang, prog=usage.program(), period=the_period, options=_in_option(in_dir))
    out.print(hint, markup=False)


@app.command(cls=usage.Command)
def init(
    folder: Annotated[Path, typer.Argument(file_okay=False)],
    force: Force = False,
    lang: Lang = None,
) -> None:
    """生成一个完整的示例数据文件夹（示例街道 2020 年全年）/ write a complete example data folder."""
    from gridscore import api, launcher, render
    from gridscore.i18n import language, text

    lang = language(lang)
    planned = api.init_paths(folder)
    if not force:  # an existing file is refused before the seconds spent generating, not after
        _refuse_existing(planned, lang)
    render.console(stderr=True).print(text("init.working", lang))
    outputs = api.init_outputs(folder)
    _write(outputs, force, lang)
    out = render.console()
    full = folder.resolve()
    done = text(
        "init.done", lang, folder=full, folder_arg=_shell_arg(full), prog=usage.program(), n=len(outputs)
    )
    out.print(done, markup=False)
    out.print(text("init.launcher", lang, path=(folder / launcher.RUN_NAME).resolve()), markup=False)


def _refuse_existing(paths: list[Path], lang: str) -> None:
    """Exit 3 naming the first of the paths that exists, as _write does, before any work."""
    from gridscore import render
    from gridscore.i18n import Phrase, problem_message
    from gridscore.io import refuse_existing
    from gridscore.problems import Code, OutputError

    try:
        refuse_existing(paths)
    except OutputError as error:
        full = str(Path(error.path).resolve())  # as _write names it
        if error.reason == "exists":
            message = problem_message(Code.OUTPUT_EXISTS, lang, {"path": full})
        else:  # an OS error in words (a path too long), as _write says it
            what = Phrase(f"what.{error.kind}")
            params = {"path": full, "what": what, "reason": error.reason}
            message = problem_message(Code.OUTPUT_FAILED, lang, params)
        render.console(stderr=True).print(message, markup=False)
        raise typer.Exit(EXIT_OUTPUT) from None


def _write(outputs, force: bool, lang: str, fmt: Format = Format.table, period: str = "") -> None:
    """Write files all or none; exit 3 naming the file when one cannot be written (with
    --format json, as a document whose problem says so)."""
    from gridscore import documents, render
    from gridscore.i18n import Phrase, problem_message
    from gridscore.io import write_outputs
    from gridscore.problems import Code, OutputError, Report

    try:
        write_outputs(outputs, force)
    except OutputError as error:
        report = Report()
        full = str(Path(error.path).resolve())  # the clerk looks for it in Explorer
        if error.reason == "exists":
            report.add(Code.OUTPUT_EXISTS, file=error.path, path=full)
        else:
            what = Phrase(f"what.{error.kind}")
            report.add(Code.OUTPUT_FAILED, file=error.path, path=full, what=what, reason=error.reason)
        if fmt is Format.json:
            render.print_json(documents.stopped_json(_command(), report, period, lang))
        else:
            err, first = render.console(stderr=True), next(iter(report))
            err.print(render.literal(problem_message(first.code, lang, first.params), err))
        raise typer.Exit(EXIT_OUTPUT) from None


def main() -> None:
    """Console entry point: never crash on a console that cannot print a character (GBK)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    app()
