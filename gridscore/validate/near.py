"""The closest known name to one that is not known: the 是否为“…”？ of a problem message.

One matcher for every lookup (grid ids and names, item codes, department file names), so
that they suggest alike. Names are compared by a key that sets aside what clerks vary
without meaning to (width, case, spaces and dashes, leading zeros, 二 for 2), then:

1. the same key: `DJ02`, `dj-2`, `ＤＪ－０２` mean DJ-02; `qs2` means QS02;
2. one inside the other: `党建办（已填）` and `党建办 - 副本` mean 党建办, `DJ02党员联户` means DJ-02;
3. else a typo: difflib's similarity at least SIMILAR (one character in five may differ:
   青山村第二网络 → 青山村第二网格).

Whatever the step, a number is never changed (第四 is not 第一, QS19 is not QS01, XX-99 is no
item), and a suggestion is made only where exactly one known name is closest: when two are
as close, the clerk is told nothing rather than a guess.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

SIMILAR = 0.8  # 2·matches / total length: one typo in a name of five or more characters
MIN_INSIDE = 2  # characters: a single 办 or 村 is inside too many names to mean one

_SEPARATORS = re.compile(r"[\s\-_.·・—–~～/\\]+")
_NUMERALS = re.compile(r"\d+|[〇零一二两三四五六七八九十]+")
_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_NUMBER = re.compile(r"\d+")


def closest(text: str, known: Iterable[str]) -> str | None:
    """The known name `text` most plausibly means, or None (see the module's docstring)."""
    key = name_key(text)
    if not key:
        return None
    keys: dict[str, str] = {}
    for name in known:
        keys.setdefault(name, name_key(name))
    numbers = _NUMBER.findall(key)
    agreeing = {
        name: other
        for name, other in keys.items()
        if other and (not numbers or not (theirs := _NUMBER.findall(other)) or theirs == numbers)
    }
    same = [name for name, other in agreeing.items() if other == key]
    if same:
        return _only(same)
    inside = {
        name: len(other)
        for name, other in agreeing.items()
        if min(len(other), len(key)) >= MIN_INSIDE and (other in key or key in other)
    }
    if inside:  # the longest known name inside the text: 政法委(综治办) before 综治办
        longest = max(inside.values())
        return _only([name for name, size in inside.items() if size == longest])
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(key)
    scores: dict[str, float] = {}
    for name, other in agreeing.items():
        matcher.set_seq1(other)
        if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR:
            scores[name] = matcher.ratio()
    best = max(scores.values(), default=0.0)
    if best < SIMILAR:
        return None
    return _only([name for name, score in scores.items() if score == best])


def _only(names: list[str]) -> str | None:
    return names[0] if len(names) == 1 else None


def name_key(text: str) -> str:
    """A name as compared: NFKC-folded, upper case, without spaces and dashes, its numbers
    (digits or Chinese numerals up to 九十九) written as plain decimals."""
    folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).upper())
    return _NUMERALS.sub(_decimal, folded)


def numbers(text: str) -> list[int]:
    """The numbers a name holds, digits or Chinese numerals (2020年7月份 → 2020, 7; 第三季度 → 3)."""
    folded = _NUMERALS.sub(_decimal, unicodedata.normalize("NFKC", text))
    return [int(number) for number in _NUMBER.findall(folded)]


def _decimal(match: re.Match[str]) -> str:
    numeral = match.group()
    if numeral.isdigit():
        return str(int(numeral))
    tens, ten, ones = numeral.partition("十")
    if not ten:  # 二〇二〇 → 2020
        return "".join(str(_DIGITS[c]) for c in numeral)
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return numeral  # not a plain number (十十, 一二十): left as it is
    return str((_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0))
