"""Pure scoring: validated inputs -> scores, ranks and lists, in exact decimals.

Every published number is rounded half-up (四舍五入) and computed from the published
numbers it derives from, so a reader of the notice can check it by hand.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from gridscore.config import Rules
from gridscore.model import Grid, GridFlag, Item, Kind, ListReason, QuarterData, RaterSheet
from gridscore.rounding import half_up, mean


@dataclass(frozen=True)
class RaterTotal:
    rater: str
    file: str
    total: Decimal


@dataclass(frozen=True)
class MonthSelf:
    month: str
    raters: tuple[RaterTotal, ...]
    score: Decimal
    trimmed: bool


@dataclass
class GridResult:
    """One grid's quarter: scores, rank and lists."""

    grid: Grid
    months: list[MonthSelf]
    self_score: Decimal
    street_score: Decimal
    bonus_raw: Decimal
    vetoes: list[str]
    by_category: dict[str, Decimal]
    by_department: dict[str, Decimal]
    composite: Decimal
    flags: list[GridFlag] = field(default_factory=list)
    rank: int = 0
    grade: str = ""
    commended: bool = False
    interviewed: bool = False
    reasons: list[ListReason] = field(default_factory=list)  # why on a list
    rank_shared: bool = False  # another grid has the same rank (并列)
    # The lists (top, bottom) whose boundary rank this grid shares with another grid:
    # it is on that list by a tie at its boundary (并列第10名), and the list may be longer.
    boundary_ties: list[ListReason] = field(default_factory=list)
    rank_change: int | None = None

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoes)

    def slim(self) -> None:
        """Drop the breakdowns a year does not use (raters, categories, departments)."""
        self.months = [MonthSelf(m.month, (), m.score, m.trimmed) for m in self.months]
        self.by_category, self.by_department = {}, {}


@dataclass
class QuarterResult:
    period: str
    rules: Rules
    grids: list[GridResult]  # in rank order
    data: QuarterData
    commend_longer: bool = False  # a boundary tie made the list longer than commend_top
    interview_longer: bool = False
    audit: Any = None  # the audit's flags when the event log is present (never scored)

    @property
    def items(self) -> dict[str, Item]:
        """The checklist: a veto code's content (一票否决：{content}) is looked up here."""
        return self.data.items

    @property
    def commended(self) -> list[GridResult]:
        return [g for g in self.grids if g.commended]

    @property
    def interviewed(self) -> list[GridResult]:
        return [g for g in self.grids if g.interviewed]


def monthly_self(totals: list[Decimal], rules: Rules) -> tuple[Decimal, bool]:
    """The month's self score from its rater totals; trimmed drops one highest and one lowest."""
    places = rules.ranking.decimals
    trim = rules.self_.raters == "trimmed" and len(totals) >= rules.self_.trimmed_min_raters
    kept = sorted(totals)[1:-1] if trim else totals
    return mean(kept, places), trim


def score_quarter(data: QuarterData, rules: Rules, *, breakdowns: bool = True) -> QuarterResult:
    """The quarter's results in rank order; without breakdowns (a year's quarters, a previous
    quarter for rank changes), no street score by category and department."""
    places, zero = rules.ranking.decimals, Decimal(0)
    results = []
    sheets_of: dict[tuple[str, str], list[RaterSheet]] = {}  # (month, grid) -> its raters' sheets
    for sheet in data.rater_sheets:
        for grid_id in sheet.totals:
            sheets_of.setdefault((sheet.month, grid_id), []).append(sheet)
    columns = [  # the street scores item by item, with what the sums need as plain text
        (item.code, item.kind.value, item.category, item.department, data.street[item.code])
        for item in data.items.values()
        if item.code in data.street
    ]
    for grid in data.grids.values():
        months = []
        for month in data.months:
            raters = tuple(
                # Floored at 0 before it is rounded (扣完为止): deductions never make it negative.
                RaterTotal(s.rater, s.file, half_up(max(zero, s.totals[grid.grid_id]), places))
                for s in sheets_of.get((month, grid.grid_id), [])
            )
            if raters:
                score, trimmed = monthly_self([r.total for r in raters], rules)
                months.append(MonthSelf(month, raters, score, trimmed))
        self_score = mean([m.score for m in months], places)
        result = _street_and_composite(grid, months, self_score, columns, data, rules)
        if breakdowns:
            result.by_category, result.by_department = _breakdowns(grid.grid_id, columns)
        results.append(result)
    ranked = rank_and_list(results, rules, tie_keys=_tie_keys(rules))
    result = QuarterResult(data.period, rules, ranked, data)
    result.commend_longer, result.interview_longer = _list_lengths(ranked, rules)
    return result


_Column = tuple[str, str, str, str, dict[str, Decimal]]  # code, kind, category, department, scores

# The kinds as plain text for the per-item loop: an Enum member hashes in Python, slowly.
_KINDS = [kind.value for kind in Kind]
_BASE, _BONUS, _DEDUCTION, _VETO = Kind.BASE.value, Kind.BONUS.value, Kind.DEDUCTION.value, Kind.VETO.value


def _street_and_composite(
    grid: Grid,
    months: list[MonthSelf],
    self_score: Decimal,
    columns: list[_Column],
    data: QuarterData,
    rules: Rules,
) -> GridResult:
    """The grid's street score from the item columns (code, kind, category, department,
    scores by grid), and the composite."""
    places, zero, grid_id = rules.ranking.decimals, Decimal(0), grid.grid_id
    sums = dict.fromkeys(_KINDS, zero)
    vetoes = []
    for code, kind, _, _, scores in columns:
        value = scores.get(grid_id)
        if value is None:
            continue
        if kind == _VETO:
            if value:
                vetoes.append(code)
            continue
        sums[kind] += value
    cap = rules.street.bonus_cap
    bonus = sums[_BONUS] if cap is None else min(sums[_BONUS], cap)
    street = half_up(max(Decimal(0), sums[_BASE] + bonus - sums[_DEDUCTION]), places)
    composite = half_up(rules.weights.self_ * self_score + rules.weights.street * street, places)
    flags: list[GridFlag] = []
    if vetoes:
        flags.append(GridFlag.VETO)
    if len(months) < len(data.months):
        flags.append(GridFlag.MONTH_MISSING)
    if bonus < sums[_BONUS]:
        flags.append(GridFlag.BONUS_CAPPED)
    return GridResult(
        grid,
        months,
        self_score,
        street,
        sums[_BONUS],
        vetoes,
        {},
        {},
        composite,
        flags,
    )


def _breakdowns(grid_id: str, columns: list[_Column]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """The grid's street score by category and by department (deductions negative)."""
    zero = Decimal(0)
    by_category: dict[str, Decimal] = {}
    by_department: dict[str, Decimal] = {}
    for _, kind, category, department, scores in columns:
        value = scores.get(grid_id)
        if value is None or kind == _VETO:
            continue
        signed = -value if kind == _DEDUCTION else value
        by_category[category] = by_category.get(category, zero) + signed
        by_department[department] = by_department.get(department, zero) + signed
    return by_category, by_department


class _Scored(Protocol):
    self_score: Decimal
    street_score: Decimal


S = TypeVar("S", bound=_Scored)


def _tie_keys(rules: Rules) -> list[Callable[[S], Decimal]]:
    """The tie-break scores in order: a quarter's own scores, or a year's annual means."""
    keys: dict[str, Callable[[S], Decimal]] = {
        "street": lambda g: g.street_score,
        "self": lambda g: g.self_score,
    }
    return [keys[name] for name in rules.ranking.tie_break]


class Rankable(Protocol):
    composite: Decimal
    rank: int
    grade: str
    commended: bool
    interviewed: bool
    reasons: list[ListReason]
    rank_shared: bool
    boundary_ties: list[ListReason]

    @property
    def vetoed(self) -> bool: ...

    @property
    def grid(self) -> Grid: ...


R = TypeVar("R", bound=Rankable)


def rank_and_list(results: list[R], rules: Rules, tie_keys: Sequence[Callable[[R], Decimal]] = ()) -> list[R]:
    """Rank by composite (then the tie-break scores), grade, and mark both lists.

    competition: ties share a rank and the next skips (1, 2, 2, 4), as Excel's RANK.EQ;
    dense: 1, 2, 2, 3 (中国式排名). Within a shared rank, grids are listed by id. Vetoed
    grids rank after every grid that is not vetoed (一票否决，排名列末位), among themselves
    by the same rule, so a vetoed grid never shares a rank with one that is not.
    """

    def key(r: R) -> tuple[object, ...]:
        return (not r.vetoed, r.composite, *(k(r) for k in tie_keys))

    ordered = sorted(results, key=lambda r: r.grid.grid_id)
    ordered.sort(key=key, reverse=True)
    previous, rank = None, 0
    for position, r in enumerate(ordered, start=1):
        if key(r) != previous:
            rank = position if rules.ranking.method == "competition" else rank + 1
            previous = key(r)
        r.rank = rank
        r.grade = rules.grade_for(r.composite, r.vetoed)
    shared = Counter(r.rank for r in ordered)
    for r in ordered:
        r.rank_shared = shared[r.rank] > 1
    _mark_lists(ordered, rules)
    return ordered


def _first_with_ties(ranked: Sequence[R], n: int, rank_of: Callable[[R], int]) -> list[R]:
    """The first n of a ranked list, taking in every grid tied with the n-th."""
    if n <= 0 or not ranked:
        return []
    last = rank_of(ranked[min(n, len(ranked)) - 1])
    return [r for r in ranked if rank_of(r) <= last]


def _mark_lists(ordered: Sequence[R], rules: Rules) -> None:
    """Both lists are taken from the grids not vetoed, counted in grids (dense ranking too);
    the vetoed join the interview list when veto_to_interview is set."""
    eligible = [r for r in ordered if not r.vetoed]
    top = _first_with_ties(eligible, rules.lists.commend_top, lambda r: r.rank)
    bottom = _first_with_ties(eligible[::-1], rules.lists.interview_bottom, lambda r: -r.rank)
    for chosen, reason in ((top, ListReason.TOP), (bottom, ListReason.BOTTOM)):
        boundary = chosen[-1].rank if chosen else None  # both lists end at their boundary
        for r in chosen:
            r.commended = r.commended or reason is ListReason.TOP
            r.reasons.append(reason)
            if r.rank == boundary and r.rank_shared:
                r.boundary_ties.append(reason)
    in_bottom = {id(r) for r in bottom}
    for r in ordered:
        if r.vetoed and rules.lists.veto_to_interview:
            r.reasons.append(ListReason.VETO)
        r.interviewed = id(r) in in_bottom or (r.vetoed and rules.lists.veto_to_interview)


def _list_lengths(ranked: Sequence[Rankable], rules: Rules) -> tuple[bool, bool]:
    """Whether a boundary tie made either list longer than its configured size."""
    commended = sum(r.commended for r in ranked)
    bottom = sum(ListReason.BOTTOM in r.reasons for r in ranked)
    return commended > rules.lists.commend_top, bottom > rules.lists.interview_bottom


def link_previous(current: QuarterResult, previous: QuarterResult) -> None:
    """Rank changes against the previous quarter (positive = moved up), and the two flags:
    a fall of rank_drop_flag places or more, and the interview list twice running."""
    before = {g.grid.grid_id: g for g in previous.grids}
    for g in current.grids:
        p = before.get(g.grid.grid_id)
        if p is None:
            continue
        g.rank_change = p.rank - g.rank
        if -g.rank_change >= current.rules.lists.rank_drop_flag:
            g.flags.append(GridFlag.RANK_DROP)
        if p.interviewed and g.interviewed:
            g.flags.append(GridFlag.INTERVIEW_TWICE)


@dataclass
class YearGrid:
    """One grid's year: its quarters' results, the annual composite, and the annual means of
    the self and street scores (what ranking.tie_break compares in the year)."""

    grid: Grid
    quarters: dict[int, GridResult]
    composite: Decimal
    veto_items: list[tuple[int, str]]  # (quarter, item code) of every veto, in quarter order
    flags: list[GridFlag]
    self_score: Decimal = Decimal(0)  # mean of the quarter self scores, rounded
    street_score: Decimal = Decimal(0)  # mean of the quarter street scores, rounded
    rank: int = 0
    grade: str = ""
    commended: bool = False
    interviewed: bool = False
    reasons: list[ListReason] = field(default_factory=list)
    rank_shared: bool = False
    boundary_ties: list[ListReason] = field(default_factory=list)

    @property
    def vetoed(self) -> bool:
        return bool(self.veto_items)

    @property
    def vetoes(self) -> list[str]:
        """The vetoes as text, e.g. "Q3 FJ-01" (the item codes are in veto_items)."""
        return [f"Q{q} {code}" for q, code in self.veto_items]

    @property
    def veto_quarters(self) -> list[int]:
        """The quarters in which the grid was vetoed."""
        return sorted({q for q, _ in self.veto_items})


@dataclass
class YearResult:
    year: int
    rules: Rules
    grids: list[YearGrid]  # in rank order
    quarters: dict[int, QuarterResult]
    inputs: list[tuple[str, str]]
    commend_longer: bool = False
    interview_longer: bool = False

    @property
    def period(self) -> str:
        return str(self.year)

    @property
    def partial(self) -> bool:
        return len(self.quarters) < 4

    @property
    def items(self) -> dict[str, Item]:
        """The checklist (the same in every quarter): a veto code's content is looked up here."""
        return next(iter(self.quarters.values())).data.items if self.quarters else {}

    @property
    def commended(self) -> list[YearGrid]:
        return [g for g in self.grids if g.commended]

    @property
    def interviewed(self) -> list[YearGrid]:
        return [g for g in self.grids if g.interviewed]


def score_year(
    year: int,
    quarters: dict[int, QuarterResult],
    grids: dict[str, Grid],
    rules: Rules,
    inputs: list[tuple[str, str]],
) -> YearResult:
    """Annual composite = mean of the quarter composites, rounded; vetoed in any quarter =
    vetoed for the year; ranked and listed as a quarter is, tie_break comparing the annual
    means of the named scores."""
    places = rules.ranking.decimals
    by_quarter = {q: {g.grid.grid_id: g for g in result.grids} for q, result in quarters.items()}
    results = []
    for grid in grids.values():
        own = {q: by_quarter[q][grid.grid_id] for q in quarters}
        composite = mean([g.composite for g in own.values()], places)
        vetoes = [(q, code) for q, g in sorted(own.items()) for code in g.vetoes]
        flags = [GridFlag.VETO] if vetoes else []  # vetoed in any quarter: vetoed for the year
        flags += [
            f
            for f in (GridFlag.RANK_DROP, GridFlag.INTERVIEW_TWICE)
            if any(f in g.flags for g in own.values())
        ]
        if len(quarters) < 4:
            flags.append(GridFlag.PARTIAL)
        self_mean = mean([g.self_score for g in own.values()], places)
        street_mean = mean([g.street_score for g in own.values()], places)
        results.append(YearGrid(grid, own, composite, vetoes, flags, self_mean, street_mean))
    ranked = rank_and_list(results, rules, tie_keys=_tie_keys(rules))
    result = YearResult(year, rules, ranked, quarters, inputs)
    result.commend_longer, result.interview_longer = _list_lengths(ranked, rules)
    return result
