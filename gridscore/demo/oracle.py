"""The demo's independent check: its quarters scored again in Fractions, and the planted cases placed."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from gridscore.demo.data import (
    BASE,
    BONUS,
    BONUS_CAP,
    COMMEND_TOP,
    DEDUCTION,
    INTERVIEW_BOTTOM,
    PLANT_QUARTER,
    VETO,
)
from gridscore.demo.street import Demo, Grid

# ---------------------------------------------------------------- exact scoring


def half_up(x: Fraction) -> Fraction:
    """Round to 2 decimals, halves away from zero (四舍五入)."""
    sign = -1 if x < 0 else 1
    return sign * Fraction(int(abs(x) * 100 + Fraction(1, 2)), 100)


def mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


@dataclass
class Result:
    grid: Grid
    self_score: Fraction
    street: Fraction
    composite: Fraction
    raw_bonus: Fraction
    vetoed: bool
    rank: int = 0
    commended: bool = False
    interviewed: bool = False


def score_quarter(demo: Demo, quarter: int) -> tuple[list[Result], dict[str, int]]:
    """Results in rank order, and how many self-score roundings hit an exact half."""
    kinds = {it.code: it.kind for it in demo.items}
    halves = {"monthly": 0, "quarter": 0}
    months = range(3 * quarter - 2, 3 * quarter + 1)
    results = []
    for v in demo.villages:
        for g in v.grids:
            monthly = []
            for m in months:
                totals = []
                for sheet in demo.self_scores[m][v.name].values():
                    total = Fraction(0)
                    for code, value in sheet[g.grid_id].items():
                        value = value or Fraction(0)
                        total += -value if kinds[code] == DEDUCTION else value
                    totals.append(half_up(total))
                monthly.append(half_up(mean(totals)))
                halves["monthly"] += (mean(totals) * 1000) % 10 == 5
            halves["quarter"] += (mean(monthly) * 1000) % 10 == 5
            self_score = half_up(mean(monthly))
            sums = {BASE: Fraction(0), BONUS: Fraction(0), DEDUCTION: Fraction(0)}
            vetoed = False
            for code, value in demo.street[quarter][g.grid_id].items():
                if kinds[code] == VETO:
                    vetoed = vetoed or value == "是"
                elif value is not None:
                    sums[kinds[code]] += value
            street = half_up(max(Fraction(0), sums[BASE] + min(sums[BONUS], BONUS_CAP) - sums[DEDUCTION]))
            composite = half_up(Fraction(1, 5) * self_score + Fraction(4, 5) * street)
            results.append(Result(g, self_score, street, composite, sums[BONUS], vetoed))
    results.sort(key=lambda r: (-r.composite, r.grid.grid_id))
    for r in results:
        r.rank = 1 + sum(o.composite > r.composite for o in results)
    eligible = [r for r in results if not r.vetoed]
    commend_rank = eligible[COMMEND_TOP - 1].rank
    interview_rank = results[-INTERVIEW_BOTTOM].rank
    for r in results:
        r.commended = not r.vetoed and r.rank <= commend_rank
        r.interviewed = r.vetoed or r.rank >= interview_rank
    return results, halves


def boundaries(results: list[Result]) -> tuple[int, int]:
    eligible = [r for r in results if not r.vetoed]
    return eligible[COMMEND_TOP - 1].rank, results[-INTERVIEW_BOTTOM].rank


# ---------------------------------------------------------------- planting


def plant(demo: Demo) -> dict[str, Grid]:
    q = PLANT_QUARTER
    months = range(3 * q - 2, 3 * q + 1)
    by_id = {g.grid_id: g for g in demo.grids}
    results, _ = score_quarter(demo, q)

    # 1. A tie: the mid-ranked grid's twin in the same village gets identical Q3 cells.
    tie_a = results[len(results) // 2].grid
    village = next(v for v in demo.villages if v.name == tie_a.village)
    tie_b = min((g for g in village.grids if g is not tie_a), key=lambda g: abs(g.quality - tie_a.quality))
    for m in months:
        for sheet in demo.self_scores[m][village.name].values():
            sheet[tie_b.grid_id] = dict(sheet[tie_a.grid_id])
    demo.street[q][tie_b.grid_id] = dict(demo.street[q][tie_a.grid_id])
    for per_grid in demo.notes[q].values():
        per_grid.pop(tie_b.grid_id, None)
        if tie_a.grid_id in per_grid:
            per_grid[tie_b.grid_id] = list(per_grid[tie_a.grid_id])

    # 2. Bonus over the cap: 2 + 2 + 2.5 = 6.5 > 5, on a grid around rank 25.
    taken = {tie_a.grid_id, tie_b.grid_id}
    bonus = next(r.grid for r in results[24:] if r.grid.grid_id not in taken)
    awards = {"JF-01": "2", "JF-02": "2", "JF-03": "2.5"}
    items = {it.code: it for it in demo.items}
    for code, value in awards.items():
        demo.street[q][bonus.grid_id][code] = Fraction(value)
        dept_notes = demo.notes[q].setdefault(items[code].department, {})
        dept_notes[bonus.grid_id] = [f"{code}：{items[code].short}，加{value}分"]
    taken.add(bonus.grid_id)

    # 3. A veto on a grid that would be commended: the second-ranked one.
    results, _ = score_quarter(demo, q)
    veto = next(r.grid for r in results[1:] if r.grid.grid_id not in taken)
    demo.street[q][veto.grid_id]["FJ-02"] = "是"
    demo.notes[q].setdefault("信访办", {})[veto.grid_id] = ["FJ-02：2020年8月发生群体性上访事件，一票否决"]
    return {"veto": by_id[veto.grid_id], "tie_a": tie_a, "tie_b": tie_b, "bonus": bonus}


def check_planted(demo: Demo, planted: dict[str, Grid]) -> list[Result]:
    results, halves = score_quarter(demo, PLANT_QUARTER)
    by_id = {r.grid.grid_id: r for r in results}
    commend_rank, interview_rank = boundaries(results)
    vetoed = [r for r in results if r.vetoed]
    assert [r.grid for r in vetoed] == [planted["veto"]], "exactly one vetoed grid"
    assert vetoed[0].rank <= COMMEND_TOP, "the vetoed grid would otherwise be commended"
    a, b = by_id[planted["tie_a"].grid_id], by_id[planted["tie_b"].grid_id]
    assert a.composite == b.composite and a.rank == b.rank, "planted tie"
    assert commend_rank < a.rank < interview_rank, "planted tie is inside the ranking"
    bonus = by_id[planted["bonus"].grid_id]
    assert bonus.raw_bonus > BONUS_CAP, "bonus over the cap"
    assert halves["monthly"] + halves["quarter"] > 0, "some self score rounds an exact half"
    return results
