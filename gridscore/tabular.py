"""Results as rows: the plain records the JSON documents are made from, and pandas DataFrames.

`records(result)` gives a list of dicts with exact `Decimal` values, one table per kind:

- a quarter's or a year's result: its grids in rank order (a year's grid holds `quarters`,
  `{"Q1": Decimal, …}`, instead of `self` and `street`);
- an audit: its flags (the detail in `lang`), or with `table="stats"` its per-grid-month statistics;
- a report: its problems (`severity`, `code`, `file`, `sheet`, `cell`, `message` in `lang`);
- check's result (period → report): every period's problems, with a `period` column.

The JSON documents (gridscore/documents.py) are these rows with each Decimal written as a
string, so a record's `Decimal` equals `Decimal(json_string)` always.

`to_pandas(result)` is the same table as a DataFrame. Dtypes: scores, rates and medians stay
exact `Decimal`s in `object` columns (floats would round 84.125); ranks and counts `int64`;
`rank_change` `Int64` (missing when there is no previous quarter); yes/no columns `bool`;
a year's quarter composites as columns `Q1`…`Q4`; `flags` and `events` as Python lists
(`df["flags"].str.join("、")` gives one string); text as `object` str, None where empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from gridscore.audit import Audited
from gridscore.i18n import evidence_text, problem_message
from gridscore.problems import Report
from gridscore.rules import QuarterResult, YearGrid, YearResult

if TYPE_CHECKING:
    import pandas

__all__ = ["flag_rows", "grid_rows", "problem_rows", "records", "stat_rows", "to_pandas"]

Result = QuarterResult | YearResult | Audited | Report | Mapping[Any, Report]

_TEXT = ["grid_id", "grid_name", "village", "leader"]
_YES_NO = ["vetoed", "commended", "interviewed"]
_QUARTER_COLUMNS = ["rank", *_TEXT, "self", "street", "composite", "grade", "rank_change", *_YES_NO, "flags"]
_YEAR_COLUMNS = [
    "rank",
    *_TEXT,
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "composite",
    "grade",
    "rank_change",
    *_YES_NO,
    "flags",
]
_FLAG_COLUMNS = ["signal", "grid_id", "person", "month", "detail", "events", "numbers"]
_COUNTS = ["records", "checkins", "events", "closed", "closed_in_grid", "disputes", "disputes_closed"]
_RATES = ["closure_rate", "in_grid_rate", "median_close_minutes"]
_STAT_COLUMNS = ["grid_id", "month", "records_by_type", *_COUNTS, *_RATES]
_PROBLEM_COLUMNS = ["severity", "code", "file", "sheet", "cell", "message"]


def grid_rows(result: QuarterResult | YearResult) -> list[dict[str, Any]]:
    """SPEC §4's grids in rank order, exact: a year's grid gives its quarter composites
    instead of its self and street scores, and no rank change (no previous year here)."""
    rows = []
    for g in result.grids:
        scores: dict[str, Any]
        if isinstance(g, YearGrid):
            scores = {"quarters": {f"Q{q}": r.composite for q, r in sorted(g.quarters.items())}}
            change = None
        else:
            scores, change = {"self": g.self_score, "street": g.street_score}, g.rank_change
        rows.append(
            {
                "rank": g.rank,
                "grid_id": g.grid.grid_id,
                "grid_name": g.grid.name,
                "village": g.grid.village,
                "leader": g.grid.leader,
                **scores,
                "composite": g.composite,
                "grade": g.grade or None,
                "rank_change": change,
                "vetoed": g.vetoed,
                "commended": g.commended,
                "interviewed": g.interviewed,
                "flags": list(g.flags),
            }
        )
    return rows


def flag_rows(audited: Audited, lang: str = "zh") -> list[dict[str, Any]]:
    """SPEC §8's flags with their evidence, worded in `lang` (the detail)."""
    return [
        {
            "signal": str(f.signal),
            "grid_id": f.grid_id,
            "person": f.person,
            "month": f.month,
            "detail": evidence_text(f.evidence, lang),
            "events": list(f.events),
            "numbers": f.numbers,
        }
        for f in audited.result.flags
    ]


def stat_rows(audited: Audited) -> list[dict[str, Any]]:
    """SPEC §8's statistics, one row per roster grid and month; rates exact or None."""
    return [
        {
            "grid_id": s.grid_id,
            "month": s.month,
            "records_by_type": s.records_by_type,
            **{name: getattr(s, name) for name in _COUNTS},
            **{name: getattr(s, name) for name in _RATES},
        }
        for s in audited.result.stats
    ]


def problem_rows(report: Report, lang: str = "zh") -> list[dict[str, Any]]:
    """A report's problems, located (Excel's D12 for the cell), the message in `lang`."""
    return [
        {
            "severity": str(p.severity),
            "code": str(p.code),
            "file": p.file,
            "sheet": p.sheet,
            "cell": p.cell,
            "message": problem_message(p.code, lang, p.params),
        }
        for p in report
    ]


def records(result: Result, table: str | None = None, lang: str = "zh") -> list[dict[str, Any]]:
    """The result's table as plain rows with exact Decimal values (the module's docstring
    names the table of each kind); `table` chooses an audit's "flags" (default) or "stats"."""
    return _table(result, table, lang)[1]


def to_pandas(result: Result, table: str | None = None, lang: str = "zh") -> pandas.DataFrame:
    """`records(result)` as a DataFrame with the dtypes of the module's docstring. Needs the
    optional extra: pip install "gridscore[pandas]"."""
    try:
        import pandas as pd
    except ImportError as error:
        raise ImportError(
            '需要安装 pandas：pip install "gridscore[pandas]" / '
            'to_pandas needs pandas: pip install "gridscore[pandas]"'
        ) from error
    columns, rows = _table(result, table, lang)
    if columns is _YEAR_COLUMNS:
        rows = [{**{k: v for k, v in r.items() if k != "quarters"}, **r["quarters"]} for r in rows]
    frame = pd.DataFrame([[r.get(c) for c in columns] for r in rows], columns=columns, dtype=object)
    counts = _COUNTS if columns is _STAT_COLUMNS else []  # a flag's "events" are its event ids
    for column in frame.columns:
        if column in ("rank", *counts):
            frame[column] = frame[column].astype("int64")
        elif column == "rank_change":
            frame[column] = frame[column].astype("Int64")
        elif column in _YES_NO:
            frame[column] = frame[column].astype(bool)
    return frame


def _table(result: Result, table: str | None, lang: str) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and rows of the result's table."""
    if isinstance(result, QuarterResult | YearResult) and table in (None, "grids"):
        year = isinstance(result, YearResult)
        return (_YEAR_COLUMNS if year else _QUARTER_COLUMNS), grid_rows(result)
    if isinstance(result, Audited) and table in (None, "flags"):
        return _FLAG_COLUMNS, flag_rows(result, lang)
    if isinstance(result, Audited) and table == "stats":
        return _STAT_COLUMNS, stat_rows(result)
    if isinstance(result, Report) and table in (None, "problems"):
        return _PROBLEM_COLUMNS, problem_rows(result, lang)
    if isinstance(result, Mapping) and table in (None, "problems"):
        rows = [{"period": str(p), **row} for p, r in result.items() for row in problem_rows(r, lang)]
        return ["period", *_PROBLEM_COLUMNS], rows
    raise TypeError(f"no table {table!r} for {type(result).__name__}")
