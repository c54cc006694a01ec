"""Pure: the times of an event log read from their cells, to the second.

Times are Excel date-times, or text in the forms clerks and platforms write, read after
NFKC folding (full-width digits and colons become ASCII): ``2020-07-03 14:05``,
``2020/7/3 14:05:00``, ``2020-07-03T14:05``, ``2020.7.3 14:05`` and
``2020年7月3日 14:05`` (or ``14时05分``). Times are kept to the second. Text without a
time of day is a problem: the signals need the time. An Excel date-time that falls exactly at
midnight is read back as a bare date by the spreadsheet reader, so an Excel date is taken as
00:00 of that day. A number in a time cell is an Excel serial date-time (a cell that lost its
date format) when it falls in the years 2000–2099, and a problem otherwise.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from gridscore.model import seconds
from gridscore.tables import cell_text

_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"  # date, separators already folded to '-'
    r"(?:\s*T\s*|\s+)"  # 'T' or spaces between date and time
    r"(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?:?"
)
# Excel's serial day 0 is 1899-12-30 (with the 1900 leap-year bug already accounted for).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_SERIAL_RANGE = (36526, 73051)  # 2000-01-01 .. 2100-01-01


def parse_time(value: object) -> dt.datetime | None:
    """A cell as a date-time; None when blank. Raises ValueError when it is not one."""
    if isinstance(value, dt.datetime):
        # To the nearest second: Excel stores days as binary fractions (14:05 may read 14:04:59.999).
        whole = value.replace(microsecond=0, tzinfo=None)
        return whole + dt.timedelta(seconds=1) if value.microsecond >= 500_000 else whole
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return _from_serial(value)
    text = cell_text(value)
    if not text:
        return None
    return _from_text(text)


def _from_serial(value: float) -> dt.datetime:
    if not _SERIAL_RANGE[0] <= value < _SERIAL_RANGE[1]:
        raise ValueError(value)
    # Round to the second: serials carry binary noise (0.5868055555555556 days).
    whole = round(value * 86400)
    return _EXCEL_EPOCH + dt.timedelta(seconds=whole)


@functools.lru_cache(maxsize=65_536)  # a month's log repeats its minutes: parsed once each
def _from_text(text: str) -> dt.datetime:
    folded = unicodedata.normalize("NFKC", text).strip()
    for old, new in (("年", "-"), ("月", "-"), ("日", " "), ("/", "-"), ("时", ":"), ("分", ":"), ("秒", "")):
        folded = folded.replace(old, new)
    # 2020.7.3 14:05: dots separate the date, never the time.
    folded = re.sub(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})", r"\1-\2-\3", folded)
    folded = re.sub(r"\s+", " ", folded)
    match = _TIME.fullmatch(folded)
    if match is None:
        raise ValueError(text)
    year, month, day, hour, minute = (int(match[i]) for i in range(1, 6))
    second = int(match[6]) if match[6] else 0
    return dt.datetime(year, month, day, hour, minute, second)  # ValueError when out of range


NO_TIME = object()  # what cell_time gives for a cell that is no time
# The form platforms export, read by cell_time as _from_text reads it, without its folding.
_PLAIN_TIME = re.compile(r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(?::[0-9]{2})?")


def cell_time(
    value: object, days: dict[str, int | None], minutes: dict[str, int | None]
) -> tuple[int, str] | object | None:
    """A cell as (seconds from model.EPOCH, its month as 2020-07), None when blank, NO_TIME when
    it is no time: parse_time's answer. `days` and `minutes` keep the seconds of each date
    and each hh:mm met (None for one that is none): the plain form (2020-07-03 14:05) repeats
    them."""
    if type(value) is str and _PLAIN_TIME.fullmatch(value):
        day = days.get(value[:10], NO_TIME)
        if day is NO_TIME:
            try:
                day = days[value[:10]] = seconds(
                    dt.datetime(int(value[:4]), int(value[5:7]), int(value[8:10]))
                )
            except ValueError:
                day = days[value[:10]] = None
        minute = minutes.get(value[11:16], NO_TIME)
        if minute is NO_TIME:
            hour, minute = int(value[11:13]), int(value[14:16])
            minute = minutes[value[11:16]] = 3600 * hour + 60 * minute if hour < 24 and minute < 60 else None
        second = int(value[17:]) if len(value) > 16 else 0
        if day is None or minute is None or second > 59:
            return NO_TIME
        return day + minute + second, value[:7]  # type: ignore[operator]
    try:
        at = parse_time(value)
    except (ValueError, OverflowError):
        return NO_TIME
    return None if at is None else (seconds(at), f"{at:%Y-%m}")
