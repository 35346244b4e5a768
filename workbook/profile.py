"""Profile YAML (or a roster row) → a validated Profile, checked against its pathway."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_serializer,
)

from workbook.content import Pathway
from workbook.errors import InputError
from workbook.messages import capped, merged, problem_at, problems_from, shown
from workbook.paper import Paper
from workbook.text import printable
from workbook.yamlfile import load_yaml

EARLIEST_START = dt.date(2000, 1, 1)
LATEST_START = dt.date(2099, 12, 31)  # with the longest plan, still a real calendar
MIN_HOURS = 0.25  # the plan counts in quarter hours: less than one a week plans nothing
MAX_HOURS = 80
MIN_FREE_DAYS = 3  # a working week has 3 or more days free of time off (see workbook/plan.py)
FIRST_WORKING_WEEKS = 52  # time off must leave a working week within the first year
MAX_DAYS_OFF = 730  # two years: more would stretch the plan past its end, blaming the hours
PROFILE_FIELDS = ("name", "pathway", "start_date", "hours_per_week")  # the required ones
WeekStart = Literal["monday", "sunday"]
FIRST_WEEKDAY: dict[str, int] = {"monday": 0, "sunday": 6}  # as date.weekday() numbers them


def per_week(hours: float) -> str:
    """How a weekly pace is worded everywhere: 1 hour a week, 12.5 hours a week."""
    return f"{hours:g} hour{'' if hours == 1 else 's'} a week"


# Caps on what a person types: every value reaches a page or a manifest, so none is unbounded.
MAX_BYTES = 64_000  # a profile is a few hundred bytes; the cap keeps a stray big file out
MAX_NAME = 200  # the longest name the cover, the footer and the facilitator pack lay out
MAX_EMAIL = 254  # the longest address SMTP (RFC 5321) carries
MAX_ID = 100  # a pathway or skill id as typed (real ones are under 50)
MAX_SKILLS = 50  # a pathway has about a dozen
MAX_TIME_OFF = 100  # periods of time off
MAX_DONE = 500  # pieces of work recorded as done (a pathway has about a hundred)


def _email(value: str) -> str:
    value = printable(value)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(f"must be an email address such as ada@example.com, not {shown(value)}")
    return value


def _hours(value):
    if value is None or isinstance(value, bool | str):
        raise ValueError(
            f"must be a number of hours written with digits, such as 12 or 7.5, not {shown(value)}"
        )
    return value


def _level(value):
    if isinstance(value, bool | str):
        raise ValueError(f"must be a level from 0 to 4, written as a digit; not {shown(value)}")
    return value


def _share(value):
    if isinstance(value, bool | str):
        raise ValueError(f"must be the share of the work done, from 0 to 1; not {shown(value)}")
    return value


def calendar_date(value):
    """A before-validator: a date written YYYY-MM-DD (a YAML date, or that text), nothing else."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"must be a date written YYYY-MM-DD, without a time; not {shown(value)}")
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{shown(value.strip())} is not a real date") from None
    if not isinstance(value, dt.date):
        raise ValueError(f"must be a date written YYYY-MM-DD, not {shown(value)}")
    return value


def _typed(limit: int, *checks) -> type:
    return Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=limit), *checks
    ]


Name = _typed(MAX_NAME, AfterValidator(printable))
Email = _typed(MAX_EMAIL, AfterValidator(_email))
PathwayId = _typed(MAX_ID)
SkillId = Annotated[str, StringConstraints(max_length=MAX_ID)]
Hours = Annotated[float, BeforeValidator(_hours)]
Level = Annotated[int, BeforeValidator(_level), Field(ge=0, le=4)]
Day = Annotated[dt.date, BeforeValidator(calendar_date)]
WorkId = Annotated[str, StringConstraints(max_length=MAX_ID)]
Share = Annotated[float, BeforeValidator(_share), Field(gt=0, le=1)]


class TimeOff(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: Day = Field(alias="from")
    end: Day = Field(alias="to")

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
    pathway: PathwayId
    start_date: Day
    week_starts: WeekStart = "monday"  # the first day of every week of the plan
    hours_per_week: Hours
    email: Email | None = None
    skills: dict[SkillId, Level] = Field(default={}, max_length=MAX_SKILLS)
    weeks_off: list[TimeOff] = Field(default=[], max_length=MAX_TIME_OFF)
    paper: Paper = "letter"
    # work already done, by id: 1 finished, less the share of its hours done (a replanned book,
    # `generate --replan-from`); the plan leaves it out or plans only the rest
    done: dict[WorkId, Share] = Field(default={}, max_length=MAX_DONE)

    @field_validator("start_date")
    @classmethod
    def _start_in_range(cls, value: dt.date) -> dt.date:
        if not EARLIEST_START <= value <= LATEST_START:
            raise ValueError(f"must lie between {EARLIEST_START} and {LATEST_START}")
        return value

    @field_validator("hours_per_week")
    @classmethod
    def _hours_in_range(cls, value: float) -> float:
        if math.isnan(value):
            raise ValueError("must be a number of hours, not nan")
        if value < MIN_HOURS:
            raise ValueError(
                f"must be at least {MIN_HOURS} (a quarter hour: plans are made in quarter "
                f"hours), not {shown(value)}"
            )
        if value > MAX_HOURS:
            raise ValueError(f"must be at most {MAX_HOURS}, not {shown(value)}")
        return value

    @field_validator("weeks_off")
    @classmethod
    def _time_off_leaves_working_weeks(cls, value: list[TimeOff], info: ValidationInfo):
        value = sorted(value, key=lambda off: (off.start, off.end))
        start = info.data.get("start_date")
        starts = info.data.get("week_starts", "monday")
        if start is not None and value and not _has_working_week(start, value, starts):
            raise ValueError(
                f"the time off leaves no working week (one with {MIN_FREE_DAYS} free days) in "
                f"the first {FIRST_WORKING_WEEKS} weeks from the start date; shorten it, or "
                "start later"
            )
        if _days_off(value) > MAX_DAYS_OFF:
            raise ValueError(
                f"the time off adds up to {_days_off(value):,} days; at most {MAX_DAYS_OFF} "
                "(two years): plan a longer break as a later start"
            )
        return value

    @field_validator("paper", "week_starts", mode="before")
    @classmethod
    def _case_insensitive(cls, value):
        return value.strip().lower() if isinstance(value, str) else value

    @model_serializer(mode="wrap")
    def _new_fields_when_set(self, handler):
        """A Sunday start and work done are kept; a Monday start and no work done are left out,
        as before the choices existed, so that the settings and bytes of a book built without
        them stay as they were."""
        data = handler(self)
        if self.week_starts == "monday":
            data.pop("week_starts", None)
        if not self.done:
            data.pop("done", None)
        return data

    def level(self, skill_id: str) -> int | None:
        return self.skills.get(skill_id)


def week_start(day: dt.date, starts: WeekStart = "monday") -> dt.date:
    """The first day of the week that holds `day`: its Monday, or its Sunday. The one rule for
    where a week begins, for the plan, its pages and its calendar."""
    return day - dt.timedelta(days=(day.weekday() - FIRST_WEEKDAY[starts]) % 7)


def week_days(starts: WeekStart = "monday") -> tuple[int, ...]:
    """A week's days in order, as date.weekday() numbers them: (0, 1, ... 6) from Monday, or
    (6, 0, ... 5) from Sunday."""
    return tuple((FIRST_WEEKDAY[starts] + n) % 7 for n in range(7))


def free_days(first: dt.date, start: dt.date, weeks_off: list[TimeOff]) -> int:
    """The days of the week from `first` on or after the start and not covered by time off."""
    days = (first + dt.timedelta(days=n) for n in range(7))
    return sum(day >= start and not any(off.covers(day) for off in weeks_off) for day in days)


def _has_working_week(start: dt.date, weeks_off: list[TimeOff], starts: WeekStart) -> bool:
    """Whether some week of the first year has enough days free of time off."""
    first = week_start(start, starts)
    return any(
        free_days(first + dt.timedelta(weeks=week), start, weeks_off) >= MIN_FREE_DAYS
        for week in range(FIRST_WORKING_WEEKS)
    )


def _days_off(weeks_off: list[TimeOff]) -> int:
    """The days the time off covers, each counted once (the periods are in date order)."""
    total, reach = 0, None
    for off in weeks_off:
        first = off.start if reach is None else max(off.start, reach + dt.timedelta(days=1))
        total += max((off.end - first).days + 1, 0)
        reach = off.end if reach is None else max(reach, off.end)
    return total


def pathway_problems(
    pathway_id: object,
    skill_ids: Iterable[str],
    pathways: dict[str, Pathway],
    done_ids: Iterable[str] = (),
) -> list[tuple[tuple, str]]:
    """(field location, message) for a pathway that does not exist, or skills or work it does
    not have."""
    pathway = pathways.get(pathway_id) if isinstance(pathway_id, str) else None
    if pathway is None:
        return [
            (("pathway",), f"unknown pathway {shown(pathway_id)}; known: {', '.join(pathways)}")
        ]
    valid = pathway.skill_ids
    found = [
        (
            ("skills", skill_id),
            f"is not a skill of {pathway.id}; valid skill ids: {', '.join(valid)}",
        )
        for skill_id in skill_ids
        if skill_id not in valid
    ]
    work = work_ids(pathway)
    return found + [
        (("done", work_id), f"is not a piece of work or an action-plan step of {pathway.id}")
        for work_id in done_ids
        if work_id not in work
    ]


def work_ids(pathway: Pathway) -> list[str]:
    """The ids a profile's `done` may name: every task and study, and every action-plan step."""
    return [w.id for w in pathway.work] + [s.id for s in pathway.action_plan.items]


def load_profile(path: Path, pathways: dict[str, Pathway]) -> tuple[Profile, Pathway]:
    """Read one profile file and check it against the pathways; every problem names its line."""
    source = str(path)
    data, node, problems = load_yaml(path, MAX_BYTES, "profile")
    _require_profile(data, source)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        profile, problems = None, merged(problems, problems_from(exc, source, node))
    skills = data.get("skills")
    skills = skills if isinstance(skills, dict) and len(skills) <= MAX_SKILLS else {}
    done = data.get("done")
    done = done if isinstance(done, dict) and len(done) <= MAX_DONE else {}
    found = pathway_problems(data.get("pathway"), skills, pathways, done)
    problems = merged(problems, (problem_at(source, node, loc, text) for loc, text in found))
    if problems or profile is None:
        raise InputError(capped(problems))
    return profile, pathways[profile.pathway]


def _require_profile(data: object, source: str) -> None:
    """A file with none of a profile's fields (a system file, say) is not quoted line by line."""
    if not isinstance(data, dict) or not any(field in data for field in Profile.model_fields):
        raise InputError.single(
            source,
            "is not a profile: a profile is a YAML mapping with the fields "
            f"{', '.join(PROFILE_FIELDS)} (see content/example-profile.yaml)",
        )
