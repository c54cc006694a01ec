"""The rules (gridscore.toml) as pydantic models: the defaults are the source's method."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

RULES_FILE = "gridscore.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Weights(_Section):
    self_: Decimal = Field(Decimal("0.2"), alias="self", ge=0, le=1)
    street: Decimal = Field(Decimal("0.8"), ge=0, le=1)

    @model_validator(mode="after")
    def _add_up_to_one(self) -> Weights:
        if self.self_ + self.street != 1:
            raise PydanticCustomError(
                "weights_sum", "self + street = {sum}, must be 1", {"sum": self.self_ + self.street}
            )
        return self


class Ranking(_Section):
    decimals: int = Field(2, ge=0, le=4)
    method: Literal["competition", "dense"] = "competition"
    tie_break: list[Literal["street", "self"]] = []


class Grade(_Section):
    name: str = Field(min_length=1)
    min: Decimal


class Lists(_Section):
    commend_top: int = Field(10, ge=0)
    interview_bottom: int = Field(5, ge=0)
    veto_to_interview: bool = True
    rank_drop_flag: int = Field(5, ge=1)


class SelfRules(_Section):
    raters: Literal["mean", "trimmed"] = "mean"
    trimmed_min_raters: int = Field(5, ge=3)
    allow_missing_months: bool = False


class StreetRules(_Section):
    # None: no cap beyond the bonus items' own points.
    bonus_cap: Decimal | None = Field(None, ge=0)


class Notice(_Section):
    days: int = Field(5, ge=1)
    contact: str = "街道网格办"
    # The first day of the notice period; without it the notice leaves the dates blank to fill in.
    start: dt.date | None = None
    # The 落款; None: street_name + ISSUER_SUFFIX (a warning when there is no street_name either).
    issuer: str | None = None
    # The title as 关于……考核结果的公示 (the form of an official notice) instead of ……考核结果公示.
    about: bool = False


ISSUER_SUFFIX = "网格化服务管理中心"


class Fonts(_Section):
    """Font names as Excel and WPS on a Chinese Windows know them (LibreOffice substitutes)."""

    body: str = Field("宋体", min_length=1)
    title: str = Field("黑体", min_length=1)


class Paths(_Section):
    checklist: str = "checklist.xlsx"
    roster: str = "roster.xlsx"
    self_: str = Field("self", alias="self")
    street: str = "street"
    events: str = "events"


class Audit(_Section):
    dispute_types: list[str] = ["矛盾纠纷"]
    checkin_types: list[str] = ["打卡签到", "签到", "打卡"]
    burst_count: int = Field(10, ge=2)
    burst_minutes: int = Field(60, ge=1)
    rush_share: Decimal = Field(Decimal("0.8"), gt=0, le=1)
    rush_hours: int = Field(12, ge=1)
    rush_min_records: int = Field(10, ge=1)
    min_resolution_minutes: int = Field(5, ge=0)


class Rules(_Section):
    street_name: str = ""
    year: int | None = Field(None, ge=2000, le=2100)
    total_points: Decimal = Field(Decimal(100), gt=0)
    weights: Weights = Weights()
    ranking: Ranking = Ranking()
    grades: list[Grade] = []
    lists: Lists = Lists()
    self_: SelfRules = Field(SelfRules(), alias="self")
    street: StreetRules = StreetRules()
    notice: Notice = Notice()
    fonts: Fonts = Fonts()
    paths: Paths = Paths()
    audit: Audit = Audit()

    @field_validator("grades")
    @classmethod
    def _grades_cover_all_scores(cls, grades: list[Grade]) -> list[Grade]:
        if grades:
            mins = [grade.min for grade in grades]
            if len(set(mins)) != len(mins):
                raise PydanticCustomError("grades_same_min", "two grades have the same min")
            if min(mins) > 0:
                raise PydanticCustomError(
                    "grades_no_zero", "the lowest grade must have min = 0", {"min": min(mins)}
                )
        return grades

    @property
    def issuer(self) -> str:
        """The notice's 落款: notice.issuer, else street_name + 网格化服务管理中心, else empty."""
        if self.notice.issuer is not None:
            return self.notice.issuer
        return self.street_name + ISSUER_SUFFIX if self.street_name else ""

    def grade_for(self, score: Decimal, vetoed: bool) -> str:
        """The grade band a score falls in; a vetoed grid takes the lowest band."""
        if not self.grades:
            return ""
        bands = sorted(self.grades, key=lambda grade: grade.min, reverse=True)
        if vetoed:
            return bands[-1].name
        return next((b.name for b in bands if score >= b.min), bands[-1].name)
