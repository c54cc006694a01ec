"""User-facing text in Simplified Chinese (default) and English: text(), problem_message().

The messages themselves are gridscore.messages' (problems, reports, cli); this module puts
them into words.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from gridscore.messages.cli import CLI_TEXT
from gridscore.messages.problems import PROBLEMS, SUGGESTION
from gridscore.messages.reports import REPORT_TEXT
from gridscore.problems import Code

__all__ = ["LANGUAGES", "PROBLEMS", "TEXT", "Phrase", "language", "problem_message", "template", "text"]

LANGUAGES = ("zh", "en")
TEXT: dict[str, tuple[str, str]] = REPORT_TEXT | CLI_TEXT


@dataclass(frozen=True)
class Phrase:
    """A message inside a message's parameters, put into words in the language of the whole
    (so a problem can carry a cause without choosing its language)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)


def _words(value: Any, lang: str) -> Any:
    if isinstance(value, Phrase):
        return text(value.key, lang, **{k: _words(v, lang) for k, v in value.params.items()})
    return value


def language(explicit: str | None = None) -> str:
    """The language asked for: --lang, else GRIDSCORE_LANG, else Chinese."""
    lang = (explicit or os.environ.get("GRIDSCORE_LANG") or "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def text(key: str, /, lang: str = "zh", **params: Any) -> str:
    return template(key, lang).format(**params)


def template(key: str, lang: str = "zh") -> str:
    """The message itself, its {placeholders} unfilled."""
    zh, en = TEXT[key]
    return en if lang == "en" else zh


def problem_message(code: Code, lang: str, params: dict[str, Any]) -> str:
    zh, en = PROBLEMS[code]
    message = (en if lang == "en" else zh).format(**{k: _words(v, lang) for k, v in params.items()})
    if params.get("suggestion"):
        end = ". " if lang == "en" else "。"
        first, found, rest = message.partition(end)
        hint = SUGGESTION[lang == "en"].format(suggestion=params["suggestion"])
        message = (
            f"{first}{found}{hint}{' ' if lang == 'en' and rest else ''}{rest}"
            if found
            else f"{message} {hint}"
        )
    return message
