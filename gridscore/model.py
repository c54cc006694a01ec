"""The validated inputs of one period: checklist, roster, rater sheets and street scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    BASE = "基础"
    BONUS = "加分"
    DEDUCTION = "扣分"
    VETO = "否决"


@dataclass(frozen=True)
class Item:
    code: str
    category: str
    content: str
    department: str
    points: Decimal  # 0 for veto items
    kind: Kind
    standard: str = ""


@dataclass(frozen=True)
class Grid:
    grid_id: str
    name: str
    village: str
    leader: str
    members: tuple[str, ...] = ()


@dataclass
class RaterSheet:
    """One rater's sheet for one month: scores[grid_id][item code]; blanks already 0."""

    file: str
    rater: str
    month: str
    scores: dict[str, dict[str, Decimal]] = field(default_factory=dict)


@dataclass(frozen=True)
class StreetScore:
    grid_id: str
    code: str
    value: Decimal  # points, or 1/0 for a veto item
    department: str  # the submitting department (the file's name)
    file: str
    sheet: str
    cell: str
    filled: bool


@dataclass
class QuarterData:
    """Everything one quarter's scores are computed from."""

    period: str  # e.g. 2020-Q3
    months: tuple[str, ...]  # e.g. 2020-07, 2020-08, 2020-09
    items: dict[str, Item]
    grids: dict[str, Grid]
    rater_sheets: list[RaterSheet]
    street: dict[tuple[str, str], StreetScore]
    inputs: list[tuple[str, str]] = field(default_factory=list)  # (file, sha256)
    street_files: dict[str, list[str]] = field(default_factory=dict)  # department -> files
