"""The command line's own words in the user's language: help screens and usage errors.

typer 0.29 vendors its own click (typer._click), whose messages are plain English strings;
typer's few own words (section titles, [default: ...]) go through gettext. So the language is
chosen once where the app is invoked (Group.main), the help text and metavars of every command
are set from i18n, typer's gettext calls get a catalogue, and each usage-error class is caught
there and rendered from i18n with the parameter's name. No printed text is patched.
"""

from __future__ import annotations

import os
import sys
from difflib import get_close_matches
from enum import Enum
from typing import Any, NoReturn

import typer.core
from typer import exceptions as typer_errors
from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer._click.formatting import HelpFormatter, iter_rows, wrap_text
from typer._click.globals import get_current_context

from gridscore.i18n import LANGUAGES, template, text

LANG_OPTION = "--lang"


class UsageProblem(click_errors.UsageError):
    """A usage error of gridscore's own, rendered from i18n (key and parameters)."""

    def __init__(self, key: str, ctx: Context | None = None, **params: Any) -> None:
        super().__init__(key, ctx or get_current_context(silent=True))
        self.key, self.params = key, params


def fail(key: str, **params: Any) -> NoReturn:
    """Stop with a usage error (exit 2) whose message is the i18n text `key`."""
    raise UsageProblem(key, **params)


class _LangError(Exception):
    def __init__(self, value: str | None, source: str) -> None:
        self.value, self.source = value, source


def program() -> str:
    """The program as the user ran it, for a hint that prints a next command: the name the
    usage line shows (the root context's, from click: `gridscore`, or `python -m gridscore`
    for `python -m` and `py -m`), without a Windows `.exe`; `gridscore` outside a run."""
    ctx = get_current_context(silent=True)
    name = (ctx.find_root().info_name if ctx is not None else None) or "gridscore"
    return name[: -len(".exe")] if name.lower().endswith(".exe") else name


def parse_language(value: str) -> str | None:
    """zh or en (a region such as zh-CN or en_US is accepted); None for anything else."""
    base = value.strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else None


def take_language(args: list[str], environ: dict[str, str] | os._Environ) -> tuple[str, list[str]]:
    """The language asked for (the last --lang wherever it stands, else GRIDSCORE_LANG, else
    zh) and the arguments without it: --lang may stand before or after the command."""
    rest: list[str] = []
    chosen: str | None = None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg == LANG_OPTION or arg.startswith(LANG_OPTION + "="):
            if arg == LANG_OPTION:
                if i + 1 >= len(args) or args[i + 1].startswith("-"):
                    raise _LangError(None, LANG_OPTION)
                value, i = args[i + 1], i + 2
            else:
                value, i = arg.partition("=")[2], i + 1
            chosen = parse_language(value)
            if chosen is None:
                raise _LangError(value, LANG_OPTION)
            continue
        rest.append(arg)
        i += 1
    if chosen is None:
        env = environ.get("GRIDSCORE_LANG", "")
        chosen = parse_language(env) if env.strip() else "zh"
        if chosen is None:
            raise _LangError(env, "GRIDSCORE_LANG")
    return chosen, rest


def _catalogue(lang: str):
    """typer's gettext strings in the chosen language."""

    def gettext(message: str) -> str:
        key = _TYPER_STRINGS.get(message)
        return template(key, lang) if key else message

    return gettext


_TYPER_STRINGS = {
    "Arguments": "usage.section.arguments",
    "Options": "usage.section.options",
    "Commands": "usage.section.commands",
    "default: {default}": "usage.default",
    "required": "usage.required",
    "env var: {var}": "usage.envvar",
    "(dynamic)": "usage.dynamic",
    "Aborted!": "usage.aborted",
    "Missing command.": "usage.missing_command",
}


def _localize(group: typer.core.TyperGroup, lang: str) -> None:
    """Help text, metavars and the help option of every command in the chosen language."""
    typer.core._ = _catalogue(lang)  # type: ignore[attr-defined]  # typer's own gettext calls
    group.help = text("help.app", lang)
    group.subcommand_metavar = text("usage.commands_metavar", lang)
    for command in [group, *group.commands.values()]:
        command.gs_lang = lang  # type: ignore[attr-defined]
        command.options_metavar = text("usage.options_metavar", lang)
        name = command.name if command is not group else "app"
        if command is not group:
            command.help = text(f"help.cmd.{name}", lang)
            command.short_help = None
        for param in command.params:
            help_ = _optional(f"help.{name}.{param.name}", lang) or _optional(f"help.{param.name}", lang)
            if help_:
                param.help = help_
            metavar = _optional(f"metavar.{param.name}", lang)
            if metavar:
                param.metavar = metavar
            if param.param_type_name == "argument":  # its name says it; not typer's <str>
                param.display_type_rich = lambda ctx: None


def _optional(key: str, lang: str) -> str | None:
    try:
        return text(key, lang)
    except KeyError:
        return None


def _width(text_: str) -> int:
    """Columns on a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text_)


class _Formatter(HelpFormatter):
    def write_heading(self, heading: str) -> None:
        colon = ":" if heading.isascii() else "："  # 选项： not 选项:
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        """click's definition list, aligned by display width (Chinese metavars line up)."""
        rows = list(rows)
        first_col = min(max((_width(r[0]) for r in rows), default=0), col_max) + col_spacing
        for first, second in iter_rows(rows, 2):
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if _width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_text(second, max(self.width - first_col - 2, 10), preserve_paragraphs=True)
            lines = lines.splitlines() or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class _Context(Context):
    formatter_class = _Formatter


class _Localized:
    """What a group and a command share: the usage line and the help option in the language."""

    context_class = _Context

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        lang = getattr(self, "gs_lang", "zh")
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=text("usage.prefix", lang))

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = text("help.help", getattr(self, "gs_lang", "zh"))
        return option


class Command(_Localized, typer.core.TyperCommand):
    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        # Extra arguments are reported here, by name, instead of click's English.
        strict = not ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = not strict
        if rest and strict and not ctx.resilient_parsing:
            raise UsageProblem("usage.extra_arguments", ctx, args=" ".join(rest))
        return rest


class Group(_Localized, typer.core.TyperGroup):
    def resolve_command(self, ctx: Context, args: list[str]):
        try:
            return self._click_resolve_command(ctx, args)
        except click_errors.NoSuchOption:
            raise
        except click_errors.UsageError:
            close = get_close_matches(args[0], list(self.commands), n=3, cutoff=0.6)
            raise UsageProblem(
                "usage.no_such_command", ctx, name=args[0], close=close, commands=list(self.commands)
            ) from None

    def main(
        self,
        args=None,
        prog_name=None,
        complete_var=None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if args is None:
            args = sys.argv[1:]
            if os.name == "nt" and windows_expand_args:  # pragma: no cover
                from typer._click.utils import _expand_args

                args = _expand_args(args)
        try:
            lang, args = take_language(list(args), os.environ)
        except _LangError as error:
            _print_err(_language_message(error))
            return _exit(2, standalone_mode)
        _localize(self, lang)
        # The language reaches every command's --lang, wherever it was typed.
        defaults = {name: {"lang": lang} for name in self.commands}
        extra.setdefault("default_map", {"lang": lang, **defaults})
        try:
            value = super().main(
                args, prog_name, complete_var, standalone_mode=False, windows_expand_args=False, **extra
            )
        except click_errors.NoArgsIsHelpError as error:
            _print_err(error.format_message())
            return _exit(2, standalone_mode)
        except click_errors.UsageError as error:
            _print_err(render_usage_error(error, lang, args, self))
            return _exit(2, standalone_mode)
        except typer_errors.Abort:
            _print_err(text("usage.aborted", lang))
            return _exit(1, standalone_mode)
        return _exit(value if isinstance(value, int) else 0, standalone_mode)


def _exit(code: int, standalone: bool) -> int:
    if standalone:
        sys.exit(code)
    return code


def _print_err(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _language_message(error: _LangError) -> str:
    """In both languages: the language asked for is the one thing not known."""
    if error.value is None:
        return f"{text('usage.lang_missing', 'zh')}\n{text('usage.lang_missing', 'en')}"
    params = {"value": error.value, "source": error.source}
    return f"{text('usage.lang_invalid', 'zh', **params)}\n{text('usage.lang_invalid', 'en', **params)}"


def render_usage_error(error: click_errors.UsageError, lang: str, args: list[str], group=None) -> str:
    """The usage line, where to find help, and the error in words, naming the parameter."""
    lines = []
    ctx = error.ctx
    if isinstance(error, click_errors.BadOptionUsage) and ctx is None and group is not None:
        error.ctx = ctx = _context_for(group, args)  # the parser raises it without one
    if ctx is not None:
        lines.append(ctx.get_usage())
        lines.append(text("usage.try_help", lang, command=ctx.command_path))
        lines.append("")
    lines.append(text("usage.error", lang, message=_message(error, lang, args)))
    return "\n".join(lines)


def _message(error: click_errors.UsageError, lang: str, args: list[str]) -> str:
    if isinstance(error, UsageProblem):
        params = dict(error.params)
        if error.key == "usage.no_such_command":
            return _no_such_command(params, lang)
        return text(error.key, lang, **params)
    if isinstance(error, click_errors.MissingParameter):
        param = error.param
        if param is None:
            return text("usage.generic", lang)
        kind = "argument" if param.param_type_name == "argument" else "option"
        return text(f"usage.missing_{kind}", lang, name=_param_name(param), help=param.help or "")
    if isinstance(error, click_errors.BadParameter) and error.param is not None:
        return _bad_value(error.param, error.ctx, lang, args)
    if isinstance(error, click_errors.NoSuchOption):
        message = text("usage.no_such_option", lang, name=error.option_name)
        close = get_close_matches(error.option_name, list(error.possibilities or ()), cutoff=0.7)
        if close:
            message += text("usage.did_you_mean", lang, close=_or(close, lang))
        return message
    if isinstance(error, click_errors.BadOptionUsage):
        param = _option(error.ctx, error.option_name)
        if param is not None and getattr(param, "is_flag", False):
            return text("usage.flag_takes_no_value", lang, name=error.option_name)
        help_ = param.help if param is not None else ""
        return text("usage.option_needs_value", lang, name=error.option_name, help=help_ or "")
    # Anything else click might say: a sentence of ours, the original only in English.
    return text("usage.generic", lang) if lang != "en" else error.format_message()


def _no_such_command(params: dict[str, Any], lang: str) -> str:
    message = text("usage.no_such_command", lang, name=params["name"])
    if params["close"]:
        message += text("usage.did_you_mean", lang, close=_or(params["close"], lang))
    return message + text(
        "usage.commands", lang, commands=text("usage.list_sep", lang).join(params["commands"])
    )


def _or(names: list[str], lang: str) -> str:
    return text("usage.or", lang).join(names)


def _context_for(group, args: list[str]) -> Context:
    """A context for the command the arguments name (or the group), for its usage line."""
    name = next((a for a in args if a in group.commands), None)
    root = Context(group, info_name="gridscore", resilient_parsing=True)
    if name is None:
        return root
    return Context(group.commands[name], info_name=name, parent=root, resilient_parsing=True)


def _param_name(param) -> str:
    if param.param_type_name == "argument":
        return param.metavar or param.name
    return max(param.opts, key=len)


def _option(ctx: Context | None, name: str):
    if ctx is None:
        return None
    return next((p for p in ctx.command.params if name in getattr(p, "opts", ())), None)


def _bad_value(param, ctx: Context | None, lang: str, args: list[str]) -> str:
    """An option's value that could not be taken: the value seen, and what is accepted."""
    name = _param_name(param)
    value = _value_of(param, args)
    desc = param.type_descriptor
    if desc.is_choice:
        choices = [str(c.value) if isinstance(c, Enum) else str(c) for c in desc.choices or ()]
        return text("usage.bad_choice", lang, name=name, value=value, choices=_or(choices, lang))
    if desc.is_path:
        what = text("usage.what.folder" if not desc.parameter_info.file_okay else "usage.what.path", lang)
        if value and os.path.isfile(value) and not desc.parameter_info.file_okay:
            return text("usage.path_is_file", lang, name=name, path=value)
        return text("usage.path_missing", lang, name=name, path=value, what=what)
    return text("usage.bad_value", lang, name=name, value=value)


def _value_of(param, args: list[str]) -> str:
    """The value typed for an option (its last occurrence), as the user typed it."""
    value = ""
    for i, arg in enumerate(args):
        for opt in getattr(param, "opts", ()):
            if arg == opt and i + 1 < len(args):
                value = args[i + 1]
            elif arg.startswith(opt + "="):
                value = arg.partition("=")[2]
    return value
