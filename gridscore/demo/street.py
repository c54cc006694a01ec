"""The demo street generated from a seed: items, villages, grids and every score."""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field
from fractions import Fraction

from gridscore.demo.data import (
    BASE,
    BLANK_TYPE_CATEGORIES,
    BONUS,
    CHECKLIST,
    CN_NUMBERS,
    COMMUNITY_ROLES,
    DEDUCTION,
    FINE_STEP_DEPARTMENTS,
    GIVEN_NAMES,
    SURNAMES,
    VETO,
    VILLAGE_ROLES,
    VILLAGES,
)


@dataclass
class Item:
    code: str
    category: str
    short: str
    content: str
    department: str
    points: Fraction | None
    kind: str
    type_cell: str | None
    standard: str


@dataclass
class Grid:
    grid_id: str
    name: str
    village: str
    leader: str
    members: list[str]
    quality: float


@dataclass
class Village:
    name: str
    grids: list[Grid]
    raters: list[tuple[str, float, bool]]  # (sheet name, bias, scores in 0.1 steps)
    by_name: bool


@dataclass
class Demo:
    items: list[Item]
    villages: list[Village]
    # self_scores[month][village][rater sheet][grid_id][code] -> score or None (blank)
    self_scores: dict[int, dict[str, dict[str, dict[str, dict[str, Fraction | None]]]]]
    # street[quarter][grid_id][code] -> score, None (blank), or a veto cell text
    street: dict[int, dict[str, dict[str, Fraction | str | None]]]
    notes: dict[int, dict[str, dict[str, list[str]]]] = field(default_factory=dict)

    @property
    def grids(self) -> list[Grid]:
        return [g for v in self.villages for g in v.grids]


def build_items() -> list[Item]:
    items = []
    for category, prefix, kind, rows in CHECKLIST:
        for n, (short, content, dept, points, standard) in enumerate(rows, start=1):
            type_cell = None if kind == BASE and category in BLANK_TYPE_CATEGORIES else kind
            items.append(
                Item(
                    code=f"{prefix}-{n:02d}",
                    category=category,
                    short=short,
                    content=content,
                    department=dept,
                    points=Fraction(points) if points else None,
                    kind=kind,
                    type_cell=type_cell,
                    standard=standard,
                )
            )
    return items


class Names:
    """Hands out unique, plausible Chinese personal names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self) -> str:
        while True:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN_NAMES)
            if name not in self.used:
                self.used.add(name)
                return name


def build_villages(rng: random.Random) -> list[Village]:
    names = Names(rng)
    villages = []
    for vname, prefix, n_grids, n_raters, by_name in VILLAGES:
        village_level = rng.uniform(-0.04, 0.04)
        grids = []
        for i in range(1, n_grids + 1):
            quality = min(0.95, max(0.66, rng.uniform(0.70, 0.93) + village_level))
            members = [names() for _ in range(rng.randint(1, 3))]
            grids.append(
                Grid(
                    f"{prefix}{i:02d}", f"{vname}第{CN_NUMBERS[i - 1]}网格", vname, names(), members, quality
                )
            )
        roles = COMMUNITY_ROLES if vname.endswith("社区") else VILLAGE_ROLES
        raters = []
        for r in range(n_raters):
            # The veteran cadres (老干部) like to score in tenths.
            raters.append((f"{roles[r]}-{names()}", rng.uniform(-0.03, 0.04), roles[r] == "老干部"))
        villages.append(Village(vname, grids, raters, by_name))
    return villages


def quantize(value: float, points: Fraction, step: Fraction) -> Fraction:
    """The nearest multiple of step to value, kept within 0..points."""
    return _multiple(int(value / float(step) + 0.5), points, step)


@functools.cache
def _multiple(n: int, points: Fraction, step: Fraction) -> Fraction:
    """n steps, within 0..points (the same few hundred thousand times: fractions are slow)."""
    return min(points, max(Fraction(0), n * step))


def base_score(rng: random.Random, quality: float, points: Fraction, step: Fraction) -> Fraction:
    frac = min(1.0, max(0.45, rng.gauss(quality, 0.07)))
    return quantize(frac * float(points), points, step)


def generate(rng: random.Random) -> Demo:
    items = build_items()
    villages = build_villages(rng)
    demo = Demo(items, villages, {}, {})
    scored = [it for it in items if it.kind != VETO]
    for month in range(1, 13):
        per_village = demo.self_scores[month] = {}
        for v in villages:
            sheets = per_village[v.name] = {}
            for sheet, bias, fine in v.raters:
                cols = sheets[sheet] = {}
                for g in v.grids:
                    # Villages rate themselves a little more generously than the street does.
                    quality = g.quality + 0.05 + bias + rng.uniform(-0.02, 0.02)
                    cells = cols[g.grid_id] = {}
                    for it in scored:
                        if it.kind == BASE:
                            step = Fraction(1, 10) if fine and rng.random() < 0.3 else Fraction(1, 2)
                            cells[it.code] = base_score(rng, quality, it.points, step)
                        elif it.kind == BONUS:
                            roll = rng.random()
                            cells[it.code] = (
                                None
                                if roll < 0.75
                                else Fraction(0)
                                if roll < 0.85
                                else Fraction(1)
                                if roll < 0.95
                                else Fraction(2)
                            )
                        else:
                            cells[it.code] = Fraction(rng.randint(1, 3)) if rng.random() < 0.04 else None
    for quarter in range(1, 5):
        table = demo.street[quarter] = {}
        notes = demo.notes[quarter] = {}
        for g in demo.grids:
            quality = g.quality + rng.uniform(-0.02, 0.02)
            cells = table[g.grid_id] = {}
            for it in items:
                if it.kind == BASE:
                    step = Fraction(1, 10) if it.department in FINE_STEP_DEPARTMENTS else Fraction(1, 2)
                    cells[it.code] = base_score(rng, quality, it.points, step)
                elif it.kind == BONUS:
                    value = rng.choice(["1", "1.5", "2"]) if rng.random() < 0.06 else None
                    cells[it.code] = Fraction(value) if value else None
                    if value:
                        note = f"{it.code}：{it.short}，加{value}分"
                        notes.setdefault(it.department, {}).setdefault(g.grid_id, []).append(note)
                elif it.kind == DEDUCTION:
                    value = rng.choice([1, 2, 2, 3, 5]) if rng.random() < 0.03 else None
                    cells[it.code] = Fraction(value) if value else None
                    if value:
                        note = f"{it.code}：{it.short}，扣{value}分"
                        notes.setdefault(it.department, {}).setdefault(g.grid_id, []).append(note)
                else:
                    # 应急管理办 writes 否 in every veto cell; 信访办 leaves them blank.
                    cells[it.code] = "否" if it.department == "应急管理办" else None
    return demo
