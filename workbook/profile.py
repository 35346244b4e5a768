"""Profile YAML (or a roster row) → a validated Profile, checked against its pathway."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from workbook.content import Pathway
from workbook.errors import InputError, Problem
from workbook.yamlfile import load_model

Paper = Literal["letter", "a4"]
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
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"must be a date written YYYY-MM-DD, not {value!r}") from None
        return value

    @field_validator("paper", mode="before")
    @classmethod
    def _paper_case_insensitive(cls, value):
        return value.strip().lower() if isinstance(value, str) else value

    def level(self, skill_id: str) -> int | None:
        return self.skills.get(skill_id)


def check_against(profile: Profile, pathways: dict[str, Pathway], source: str) -> Pathway:
    """The profile's pathway, after checking the pathway exists and every skill id belongs to it."""
    pathway = pathways.get(profile.pathway)
    if pathway is None:
        known = ", ".join(sorted(pathways))
        raise InputError(
            [Problem(source, "pathway", f"unknown pathway {profile.pathway!r}; known: {known}")]
        )
    valid = pathway.skill_ids
    problems = [
        Problem(
            source,
            f"skills.{skill_id}",
            f"is not a skill of {pathway.id}; valid skill ids: {', '.join(valid)}",
        )
        for skill_id in profile.skills
        if skill_id not in valid
    ]
    if problems:
        raise InputError(problems)
    return pathway


def load_profile(path: Path) -> Profile:
    return load_model(path, Profile)
