"""User-facing text in Simplified Chinese (default) and English: text(), problem_message(),
evidence_text().

The messages themselves are gridscore.messages' (problems, reports, cli); this module puts
them into words.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from gridscore.messages.cli import CLI_TEXT
from gridscore.messages.evidence import EVIDENCE_TEXT

if TYPE_CHECKING:
    from gridscore.audit.evidence import Evidence
from gridscore.messages.problems import PROBLEMS, SUGGESTION
from gridscore.messages.reports import REPORT_TEXT
from gridscore.model import show_time
from gridscore.problems import Code
from gridscore.rounding import percent

__all__ = [
    "LANGUAGES",
    "PROBLEMS",
    "TEXT",
    "Phrase",
    "evidence_text",
    "language",
    "problem_message",
    "template",
    "text",
]

LANGUAGES = ("zh", "en")
TEXT: dict[str, tuple[str, str]] = REPORT_TEXT | CLI_TEXT | EVIDENCE_TEXT


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


def evidence_text(evidence: Evidence, lang: str = "zh") -> str:
    """A flag's evidence in words: the window, the numbers and the threshold (the workbook's
    说明 and the JSON detail in zh; names, types and files stay as the data has them)."""
    # imported here: the audit package loads the model (pydantic), which --help must not
    from gridscore.audit.evidence import Burst, Impossible, Reason, Rush, Silent, StraightLine
    from gridscore.audit.flags import minutes_text

    sep = text("evidence.sep", lang)
    if isinstance(evidence, Burst):
        e = evidence
        words = text(
            "evidence.burst", lang, span=_span(e.start, e.end, lang), kinds=sep.join(e.kinds), count=e.count
        )
        if e.window_count < e.count:
            span = _span(e.window_start, e.window_end, lang)
            minutes = minutes_text(e.window_end - e.window_start)
            words += text("evidence.burst_window", lang, span=span, minutes=minutes, count=e.window_count)
        else:
            words += text("evidence.burst_whole", lang, minutes=minutes_text(e.end - e.start))
        words += text("evidence.burst_threshold", lang, minutes=e.threshold_minutes, count=e.threshold_count)
        if len(e.grids) > 1:
            words += text("evidence.burst_grids", lang, grids=sep.join(e.grids))
        return words
    if isinstance(evidence, Rush):
        e = evidence
        return text(
            "evidence.rush",
            lang,
            span=_span(e.start, e.end, lang),
            count=e.count,
            records=e.records,
            share=_percent(Fraction(e.count, e.records)),
            hours=e.threshold_hours,
            threshold=_percent(e.threshold_share),
        )
    if isinstance(evidence, Silent):
        if not evidence.checkins:
            return text("evidence.silent_nothing", lang, month=evidence.month)
        people = sep.join(text("evidence.person_times", lang, person=p, n=n) for p, n in evidence.people)
        return text(
            "evidence.silent_checkins", lang, month=evidence.month, checkins=evidence.checkins, people=people
        )
    if isinstance(evidence, Impossible):
        e = evidence
        examples = text("evidence.example_sep", lang).join(
            text("evidence.example", lang, event_id=i, reported=show_time(r), closed=show_time(c))
            for i, r, c in e.examples
        ) + (text("evidence.more", lang) if e.count > len(e.examples) else "")
        key = (
            "evidence.closed_before_reported"
            if e.reason is Reason.CLOSED_BEFORE_REPORTED
            else "evidence.too_fast"
        )
        return text(
            key, lang, count=e.count, kinds=sep.join(e.kinds), minutes=e.threshold_minutes, examples=examples
        )
    assert isinstance(evidence, StraightLine)
    e = evidence
    return text(f"evidence.{e.reason}", lang, file=e.file, rater=e.rater, grids=e.grids, items=e.items)


def _span(start: dt.datetime, end: dt.datetime, lang: str) -> str:
    """2020-07-03 14:05 至 14:52, the date said once when both fall on the same day."""
    if start.date() == end.date():
        last = f"{end:%H:%M}" + (f":{end:%S}" if end.second else "")
    else:
        last = show_time(end)
    return text("evidence.span", lang, start=show_time(start), end=last)


def _percent(value: Fraction) -> str:
    return percent(value, 1)
