"""The one parser of period names as clerks write them (2020-Q3, 2020年第三季度, 2020-7), and period folders."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from gridscore.model import Period

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
# A month: 2020-07, 2020-7, 2020.07, 2020_7, 2020年7月, 2020年07月.
_MONTH = re.compile(r"(\d{4})[-._ ](\d{1,2})|(\d{4})年(\d{1,2})月")
# A quarter: 2020-Q3, 2020Q3, 2020-q3, 2020年第三季度, 2020年三季度, 2020年第3季度.
_QUARTER = re.compile(r"(\d{4})(?:[-._ ]|年)?[Qq](\d)|(\d{4})年第?([一二三四\d])季度")
# What looks like a period but cannot be read as one: 2020-13, 2020年第五季度, 2020-Q5.
_LOOKS = re.compile(
    r"\d{4}\s*(?:[-._]|年)?\s*(?:第?[一二三四五六七八九十零〇\d]+\s*季度?|[Qq]\s*\d+|\d{1,2}\s*月?)"
)
_BARE_QUARTER = re.compile(r"[Qq]([1-4])|第?([一二三四1-4])季度")


def _fold(name: str) -> str:
    """Full-width digits and letters folded, spaces trimmed (as clerks' folder names come)."""
    return unicodedata.normalize("NFKC", name).strip()


def period_named(name: str) -> Period | None:
    """The month or quarter a name spells (a folder's, or a command's argument), else None."""
    name = _fold(name)
    if match := _QUARTER.fullmatch(name):
        year, number = (match[1], match[2]) if match[1] else (match[3], match[4])
        quarter = _CN_DIGITS.get(number) or int(number)
        return Period(int(year), quarter=quarter) if 1 <= quarter <= 4 else None
    if match := _MONTH.fullmatch(name):
        year, month = (int(match[1]), int(match[2])) if match[1] else (int(match[3]), int(match[4]))
        return Period(year, month=month) if 1 <= month <= 12 else None
    return None


def looks_like_period(name: str) -> bool:
    """Whether a name looks like a period (2020-13, 2020年第五季度) though it may not be one."""
    return bool(_LOOKS.fullmatch(_fold(name)))


def bare_quarter(text: str) -> int | None:
    """The quarter of Q3 (or 第三季度) given without a year, else None."""
    if match := _BARE_QUARTER.fullmatch(_fold(text)):
        number = match[1] or match[2]
        return _CN_DIGITS.get(number) or int(number)
    return None


@dataclass(frozen=True)
class PeriodFolders:
    """The period folders found in one folder (self/, street/ or events/): each period's
    folder names as spelled, and the names that look like a period but are none."""

    by_period: dict[Period, list[str]]
    unreadable: list[str]


def period_folders(names: Iterable[str]) -> PeriodFolders:
    """Sort a folder's subfolder names by the period each names."""
    by_period: dict[Period, list[str]] = {}
    unreadable = []
    for name in sorted(names):
        period = period_named(name)
        if period is not None:
            by_period.setdefault(period, []).append(name)
        elif looks_like_period(name):
            unreadable.append(name)
    return PeriodFolders(by_period, unreadable)


def meant_for(period: Period, names: Iterable[str]) -> str | None:
    """The one folder name, among names that spell no period, most plausibly meant for a
    period whose folder is missing (7月, 2020年7月份, 2020-07（已收齐）, 第三季度): of the
    same kind (a quarter's name says Q or 季度, a month's does not), holding the period's
    month or quarter number and no number but that and the year (2020 or 20). None when
    none or several are: it is only suggested, never read as the period."""
    from gridscore.validate.near import numbers

    wanted = period.quarter if period.quarter is not None else period.month
    allowed = {wanted, period.year, period.year % 100}
    found = []
    for name in names:
        folded = _fold(name).upper()
        if period_named(name) is not None or ("Q" in folded or "季" in folded) != (
            period.quarter is not None
        ):
            continue
        held = numbers(folded)
        if wanted in held and set(held) <= allowed:
            found.append(name)
    return found[0] if len(found) == 1 else None
