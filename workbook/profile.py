"""Profile YAML (or a roster row) → a validated Profile, checked against its pathway."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from workbook.content import Pathway
from workbook.errors import InputError, Problem
from workbook.yamlfile import problem_at, read_yaml, validate

Paper = Literal["letter", "a4"]
EARLIEST_START = dt.date(2000, 1, 1)
LATEST_START = dt.date(2099, 12, 31)  # with the longest plan, still a real calendar
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]


class TimeOff(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: dt.date, info) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"'to' ({end}) is before 'from' ({start})")
        return end

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    pathway: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    start_date: dt.date
    hours_per_week: float = Field(gt=0, le=80)
    email: Email | None = None
    skills: dict[str, Annotated[int, Field(ge=0, le=4)]] = {}
    weeks_off: list[TimeOff] = []
    paper: Paper = "letter"

    @field_validator("start_date", mode="before")
    @classmethod
    def _date_is_a_date(cls, value):
        if isinstance(value, dt.datetime):
            raise ValueError("must be a date written YYYY-MM-DD, without a time")
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"{value!r} is not a real date") from None
        if not isinstance(value, dt.date):
            raise ValueError(f"must be a date written YYYY-MM-DD, not {value!r}")
        if not EARLIEST_START <= value <= LATEST_START:
            raise ValueError(f"must lie between {EARLIEST_START} and {LATEST_START}")
        return value

    @field_validator("hours_per_week", mode="before")
    @classmethod
    def _hours_are_a_number(cls, value):
        if isinstance(value, bool) or (isinstance(value, float) and math.isnan(value)):
            raise ValueError(f"must be a number of hours, not {value!r}")
        return value

    @field_validator("weeks_off")
    @classmethod
    def _time_off_in_date_order(cls, value: list[TimeOff]) -> list[TimeOff]:
        return sorted(value, key=lambda off: (off.start, off.end))

    @field_validator("paper", mode="before")
    @classmethod
    def _paper_case_insensitive(cls, value):
        return value.strip().lower() if isinstance(value, str) else value

    def level(self, skill_id: str) -> int | None:
        return self.skills.get(skill_id)


def pathway_problems(
    pathway_id: object, skill_ids: Iterable[str], pathways: dict[str, Pathway]
) -> list[tuple[tuple, str]]:
    """(field location, message) for a pathway that does not exist or skills it does not have."""
    pathway = pathways.get(pathway_id) if isinstance(pathway_id, str) else None
    if pathway is None:
        return [(("pathway",), f"unknown pathway {pathway_id!r}; known: {', '.join(pathways)}")]
    valid = pathway.skill_ids
    return [
        (
            ("skills", skill_id),
            f"is not a skill of {pathway.id}; valid skill ids: {', '.join(valid)}",
        )
        for skill_id in skill_ids
        if skill_id not in valid
    ]


def load_profile(path: Path, pathways: dict[str, Pathway]) -> tuple[Profile, Pathway]:
    """Read one profile file and check it against the pathways; every problem names its line."""
    data, node = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), "", "must be a mapping of profile fields")])
    profile = validate(data, Profile, str(path), node)
    problems = pathway_problems(profile.pathway, profile.skills, pathways)
    if problems:
        raise InputError([problem_at(str(path), node, loc, message) for loc, message in problems])
    return profile, pathways[profile.pathway]
