"""Property tests of the pure core: rounding, ranking and the list boundaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from gridscore.config import Rules
from gridscore.model import Grid
from gridscore.rounding import half_up
from gridscore.rules import rank_and_list

scores = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False)


@given(scores)
def test_half_up_matches_decimal_round_half_up(value: Decimal) -> None:
    assert half_up(value, 2) == value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_half_up_of_exact_halves_goes_away_from_zero(n: int) -> None:
    value = Decimal(n) / 100 + Decimal("0.005")
    assert half_up(value, 2) == Decimal(n) / 100 + Decimal("0.01") if value > 0 else True
    assert half_up(-value, 2) == -half_up(value, 2)


@dataclass
class Row:
    grid: Grid
    composite: Decimal
    veto: bool = False
    rank: int = 0
    grade: str = ""
    commended: bool = False
    interviewed: bool = False
    reasons: list[str] = field(default_factory=list)
    rank_shared: bool = False
    boundary_ties: list[str] = field(default_factory=list)

    @property
    def vetoed(self) -> bool:
        return self.veto


rows_strategy = st.lists(
    st.tuples(st.sampled_from([Decimal(v) for v in ("60", "70", "80", "80.5", "90", "95")]), st.booleans()),
    min_size=1,
    max_size=30,
)


def make_rows(spec: list[tuple[Decimal, bool]]) -> list[Row]:
    return [Row(Grid(f"G{i:02d}", "", "", ""), c, v) for i, (c, v) in enumerate(spec)]


@given(rows_strategy, st.sampled_from(["competition", "dense"]))
def test_ranks(spec: list[tuple[Decimal, bool]], method: str) -> None:
    rules = Rules.model_validate({"ranking": {"method": method}})
    ranked = rank_and_list(make_rows(spec), rules)

    def standing(r: Row) -> tuple[bool, Decimal]:
        return (not r.vetoed, r.composite)  # every vetoed grid after every grid not vetoed

    for r in ranked:
        better = [o for o in ranked if standing(o) > standing(r)]
        expected = len(better) + 1 if method == "competition" else len({standing(o) for o in better}) + 1
        assert r.rank == expected
        assert r.rank_shared == (sum(o.rank == r.rank for o in ranked) > 1)
    assert all(o.rank > r.rank for r in ranked if not r.vetoed for o in ranked if o.vetoed)
    # Rank order, and grid id order within a shared rank.
    assert [(r.rank, r.grid.grid_id) for r in ranked] == sorted((r.rank, r.grid.grid_id) for r in ranked)


@given(
    rows_strategy,
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=0, max_value=12),
    st.sampled_from(["competition", "dense"]),
    st.booleans(),
)
def test_list_boundaries(
    spec: list[tuple[Decimal, bool]], top: int, bottom: int, method: str, veto_to_interview: bool
) -> None:
    rules = Rules.model_validate(
        {
            "ranking": {"method": method},
            "lists": {"commend_top": top, "interview_bottom": bottom, "veto_to_interview": veto_to_interview},
        }
    )
    ranked = rank_and_list(make_rows(spec), rules)
    eligible = [r for r in ranked if not r.vetoed]
    commended = [r for r in ranked if r.commended]
    assert not any(r.vetoed for r in commended)
    assert len(commended) >= min(top, len(eligible))
    if commended:
        last = max(r.rank for r in commended)
        # Everyone eligible at or above the last commended rank is in; nobody below.
        assert commended == [r for r in eligible if r.rank <= last]
        if len(commended) > top:
            assert sum(r.rank == last for r in commended) > 1  # only a tie makes it longer
        assert all(("top" in r.boundary_ties) == (r.rank == last and r.rank_shared) for r in commended)
    # The bottom n of the grids not vetoed, counted in grids, ties at the boundary taken in.
    in_bottom = [r for r in ranked if "bottom" in r.reasons]
    assert not any(r.vetoed for r in in_bottom)
    assert len(in_bottom) >= min(bottom, len(eligible))
    if in_bottom:
        first = min(r.rank for r in in_bottom)
        assert in_bottom == [r for r in eligible if r.rank >= first]
        if len(in_bottom) > bottom:
            assert sum(r.rank == first for r in in_bottom) > 1
        assert all(("bottom" in r.boundary_ties) == (r.rank == first and r.rank_shared) for r in in_bottom)
    assert not any(r.boundary_ties for r in ranked if not r.commended and "bottom" not in r.reasons)
    assert all(r.interviewed == ("bottom" in r.reasons or (r.vetoed and veto_to_interview)) for r in ranked)


@given(
    st.lists(
        st.decimals(min_value=-50, max_value=150, places=2, allow_nan=False, allow_infinity=False),
        min_size=1,
        max_size=7,
    )
)
def test_mean_is_the_exact_mean_rounded_half_up(values: list[Decimal]) -> None:
    from fractions import Fraction

    from gridscore.rounding import mean

    exact = sum(Fraction(v) for v in values) / len(values)
    scaled = abs(exact) * 100
    expected = Decimal(int(scaled + Fraction(1, 2))) / 100 * (-1 if exact < 0 else 1)
    assert mean(values, 2) == expected
