"""The gridscore command line: parse options, call the library, choose the exit code."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gridscore import __version__

app = typer.Typer(
    help="网格化工作考核计算：村自考 20% + 街道考核 80%，排名公示、表彰与提醒谈话名单。"
    " / Grid assessment scoring: ranked public notice, commendation and interview lists.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
)

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3


class Format(StrEnum):
    table = "table"
    json = "json"


InDir = Annotated[
    Path,
    typer.Option(
        "--in", help="数据文件夹 / the data folder", exists=True, file_okay=False, show_default=True
    ),
]
OutDir = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="输出文件夹，默认为数据文件夹中的 out / where outputs go (default: out in the data folder)",
        file_okay=False,
    ),
]
Force = Annotated[bool, typer.Option("--force", help="覆盖已有的输出文件 / replace existing outputs")]
FormatOpt = Annotated[Format, typer.Option("--format", help="table 或 json / table or json")]
Lang = Annotated[
    str | None,
    typer.Option("--lang", help="zh（默认）或 en；也可设 GRIDSCORE_LANG / zh (default) or en"),
]
Year = Annotated[int | None, typer.Option("--year", help="年度，默认取规则或数据中的年度 / the year")]


def _version(value: bool) -> None:
    if value:
        print(f"gridscore {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本 / show the version")
    ] = False,
) -> None:
    """网格化工作考核计算 / grid assessment scoring."""


def _period(text_: str, year: int | None, root: Path, lang: str, fmt: Format):
    """The period asked for, with its year resolved; exits 1 or 2 when it cannot be."""
    from gridscore import api, render
    from gridscore.i18n import text
    from gridscore.problems import Report

    report = Report()
    try:
        period = api.resolve_period(text_, year, root, report)
    except api.UsageError as error:
        render.console(stderr=True).print(text(error.key, lang, **error.params))
        raise typer.Exit(EXIT_USAGE) from None
    if period is None:
        _fail_input(report, text_, lang, fmt)
    return period


def _quarter(text_: str, year: int | None, root: Path, lang: str, fmt: Format):
    """The quarter asked for (a month is a usage error here)."""
    from gridscore import render
    from gridscore.i18n import text

    period = _period(text_, year, root, lang, fmt)
    if period.quarter is None:
        render.console(stderr=True).print(text("period.invalid", lang, value=text_))
        raise typer.Exit(EXIT_USAGE)
    return period


def _fail_input(report, period: str, lang: str, fmt: Format) -> None:
    from gridscore import render

    if fmt is Format.json:
        render.print_json(render.results_json(None, report, period, lang))
    else:
        render.problems(report, lang, render.console())
    raise typer.Exit(EXIT_INPUT)


@app.command()
def check(
    in_dir: InDir = Path("."),
    period: Annotated[
        str | None, typer.Option("--period", help="期间，如 2020-Q3 或 2020-07；默认检查数据中的每个季度")
    ] = None,
    fmt: FormatOpt = Format.table,
    lang: Lang = None,
) -> None:
    """检查数据，列出全部问题，不写任何文件 / validate and report every problem; writes nothing."""
    from gridscore import api, render
    from gridscore.i18n import language

    lang = language(lang)
    periods = [_period(period, None, in_dir, lang, fmt)] if period else _all_quarters(in_dir, lang, fmt)
    checked = api.check(in_dir, periods, render.track(lang, fmt is Format.table))
    reports = [(str(p), r) for p, r in zip(periods, checked, strict=True)]
    failed = any(r.has_errors for _, r in reports)
    if fmt is Format.json:
        documents = [render.results_json(None, r, p, lang) for p, r in reports]
        render.print_json(documents[0] if len(documents) == 1 else {"periods": documents})
    else:
        out = render.console()
        for p, r in reports:
            render.check_summary(r, p, lang, out)
    raise typer.Exit(EXIT_INPUT if failed else EXIT_OK)


def _all_quarters(root: Path, lang: str, fmt: Format):
    """Every quarter that has a street folder, or that a month folder belongs to."""
    from gridscore import api
    from gridscore.problems import Report

    found = api.quarters_in(root, api.load_rules(root, Report()))
    return found or [_period("Q1", None, root, lang, fmt)]


@app.command()
def quarter(
    period: Annotated[str, typer.Argument(help="季度，如 Q3 或 2020-Q3 / the quarter")],
    year: Year = None,
    in_dir: InDir = Path("."),
    out_dir: OutDir = None,
    force: Force = False,
    fmt: FormatOpt = Format.table,
    lang: Lang = None,
) -> None:
    """计算一个季度的考核结果并写出公示、名单和明细 / a quarter's results and workbooks."""
    from gridscore import api, publish, render
    from gridscore.i18n import language
    from gridscore.problems import InputError

    lang = language(lang)
    the_period = _quarter(period, year, in_dir, lang, fmt)
    try:
        result, report = api.quarter(in_dir, the_period, render.track(lang, fmt is Format.table))
    except InputError as error:
        _fail_input(error.report, str(the_period), lang, fmt)
    _publish(result, report, publish.outputs(result, report, out_dir or in_dir / "out"), force, fmt, lang)


def _publish(result, report, outputs, force: bool, fmt: Format, lang: str) -> None:
    """Write the workbooks (exit 3 when one cannot be), then the summary or the JSON."""
    from gridscore import render

    _write(outputs, force, lang, fmt, result.period)
    if fmt is Format.json:
        render.print_json(render.results_json(result, report, result.period, lang))
    else:
        render.results_summary(result, report, list(outputs), lang, render.console())


@app.command()
def year(
    the_year: Annotated[int, typer.Argument(metavar="YEAR", help="年度，如 2020 / the year")],
    in_dir: InDir = Path("."),
    out_dir: OutDir = None,
    force: Force = False,
    partial: Annotated[
        bool, typer.Option("--partial", help="不足四个季度时只结算已有季度 / settle the quarters present")
    ] = False,
    fmt: FormatOpt = Format.table,
    lang: Lang = None,
) -> None:
    """年度结算：四个季度综合得分的平均数，排名、表彰与提醒谈话 / the annual settlement."""
    from gridscore import api, publish, render
    from gridscore.i18n import language
    from gridscore.problems import InputError

    lang = language(lang)
    try:
        result, report = api.year(in_dir, the_year, partial, render.track(lang, fmt is Format.table))
    except InputError as error:
        _fail_input(error.report, str(the_year), lang, fmt)
    _publish(result, report, publish.outputs(result, report, out_dir or in_dir / "out"), force, fmt, lang)


@app.command()
def audit(
    period: Annotated[str, typer.Argument(help="季度，如 2020-Q3 或 Q3 / the quarter")],
    year: Year = None,
    in_dir: InDir = Path("."),
    out_dir: OutDir = None,
    force: Force = False,
    fmt: FormatOpt = Format.table,
    lang: Lang = None,
) -> None:
    """数据核查：从平台事件记录和自考表中找出造假线索（不扣分）/ authenticity flags (never a deduction)."""
    from gridscore import api, render
    from gridscore.audit_report import audit_workbook
    from gridscore.i18n import language
    from gridscore.problems import InputError

    lang = language(lang)
    the_period = _quarter(period, year, in_dir, lang, fmt)
    try:
        audited, report = api.audit(in_dir, the_period, render.track(lang, fmt is Format.table))
    except InputError as error:
        if fmt is Format.json:
            render.print_json(render.audit_json(None, error.report, str(the_period), lang))
            raise typer.Exit(EXIT_INPUT) from None
        _fail_input(error.report, str(the_period), lang, fmt)
    p = str(the_period)
    rules = audited.rules
    workbook = audit_workbook(
        audited.result, audited.grids, audited.events, p, rules.street_name, rules.fonts
    )
    outputs = {(out_dir or in_dir / "out") / p / f"核查-{p}.xlsx": workbook}
    _write(outputs, force, lang, fmt, p)
    if fmt is Format.json:
        render.print_json(render.audit_json(audited, report, p, lang))
    else:
        render.audit_summary(audited, report, list(outputs), lang, render.console())


@app.command()
def template(
    period: Annotated[
        str, typer.Option("--period", help="月份 2020-07 或季度 2020-Q3 / a month or a quarter")
    ],
    in_dir: InDir = Path("."),
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="空白表写到这里（按数据文件夹的结构），默认为数据文件夹中的 templates"
            " / where the forms go (default: templates in the data folder)",
            file_okay=False,
        ),
    ] = None,
    force: Force = False,
    lang: Lang = None,
) -> None:
    """生成空白填报表：每村一份月度自考表或每部门一份季度考核表 / blank fill-in workbooks."""
    from gridscore import api, render, template
    from gridscore.i18n import language, text
    from gridscore.problems import InputError

    lang = language(lang)
    the_period = _period(period, None, in_dir, lang, Format.table)
    try:
        items, grids, rules, _ = api.checklist_and_roster(in_dir)
    except InputError as error:
        _fail_input(error.report, str(the_period), lang, Format.table)
    out_dir = out_dir or in_dir / "templates"
    outputs = template.template_outputs(items, grids, str(the_period), rules, out_dir)
    _write(outputs, force, lang)
    out = render.console()
    folder = next(iter(outputs)).parent.resolve()
    out.print(text("template.written", lang, n=len(outputs), folder=folder), markup=False)
    render.in_full(list(outputs), out)
    out.print(text("template.next", lang, period=the_period))


@app.command()
def init(
    folder: Annotated[
        Path, typer.Argument(help="新建示例数据文件夹 / the folder to create", file_okay=False)
    ],
    force: Force = False,
    lang: Lang = None,
) -> None:
    """生成一个完整的示例数据文件夹（示例街道 2020 年全年）/ write a complete example data folder."""
    import tempfile

    from gridscore import demo, launcher, render
    from gridscore.i18n import language, text

    lang = language(lang)
    render.console(stderr=True).print(text("init.working", lang))
    with tempfile.TemporaryDirectory() as temp:
        demo.build(Path(temp) / "demo")
        root = Path(temp) / "demo"
        outputs = {
            folder / p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
        }
    outputs[folder / launcher.RUN_NAME] = launcher.run_bat()  # double-click: check, then a quarter
    _write(outputs, force, lang)
    out = render.console()
    out.print(text("init.done", lang, folder=folder.resolve(), n=len(outputs)), markup=False)
    out.print(text("init.launcher", lang, path=(folder / launcher.RUN_NAME).resolve()), markup=False)


def _write(outputs, force: bool, lang: str, fmt: Format = Format.table, period: str = "") -> None:
    """Write files all or none; exit 3 naming the file when one cannot be written (with
    --format json, as a document whose problem says so)."""
    from gridscore import render
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
            report.add(Code.OUTPUT_FAILED, file=error.path, path=full, reason=error.reason)
        if fmt is Format.json:
            render.print_json({"period": period, "grids": [], "problems": render.problems_json(report, lang)})
        else:
            render.console(stderr=True).print(next(iter(report)).message(lang))
        raise typer.Exit(EXIT_OUTPUT) from None


def main() -> None:
    """Console entry point: never crash on a console that cannot print a character (GBK)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    app()
