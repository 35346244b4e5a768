"""A filled-in workbook → the profile of a fresh book for the work that is left.

The new profile is the old one from a new start date, with:
* `done`: the work ticked as done (see workbook/progress.py) added to what the book had already
  recorded; work partly done keeps the share of its hours done, added to any earlier share;
* `skills`: the latest re-ratings in place of the levels the book was made with;
* `weeks_off`: the time off that has not ended before the new start.
The plan's scheduler then places the rest (workbook/plan.py: finished work is dropped, work
partly done takes the rest of its hours). `changes` says, line by line, what changed.
"""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from workbook.errors import InputError
from workbook.layout.dates import weekday
from workbook.messages import problems_from
from workbook.plan import Plan
from workbook.profile import Profile, WeekStart, week_start, work_ids
from workbook.progress import Filled, Progress

SHARE_DIGITS = 4  # a share of work done, as kept in the profile
NOTHING_LEFT = "has every piece of work ticked as done: there is nothing left to plan"


def next_week(today: dt.date, starts: WeekStart = "monday") -> dt.date:
    """The default start of a replanned book: the first day of the week after `today`'s (a
    Monday, or a Sunday for a person whose weeks start on Sundays)."""
    return week_start(today, starts) + dt.timedelta(days=7)


def replanned(filled: Filled, record: Progress, start: dt.date) -> Profile:
    """The profile of the book for the remaining work, from `start` (`record`: the book's
    progress)."""
    if record.items_done == record.items_total:
        raise InputError.single(str(filled.path), NOTHING_LEFT)
    profile = filled.profile
    valid = set(work_ids(filled.pathway))
    done = dict(profile.done)
    for item_id, share in [*((i, 1.0) for i in record.done), *record.shares]:
        if item_id in valid:
            before = done.get(item_id, 0.0)
            done[item_id] = round(before + (1 - before) * share, SHARE_DIGITS) or before
    data = profile.model_dump(mode="json", by_alias=True)
    data |= {
        "start_date": start.isoformat(),
        "skills": profile.skills | dict(record.ratings),
        "weeks_off": [o for o in data["weeks_off"] if dt.date.fromisoformat(o["to"]) >= start],
        "done": {item_id: share for item_id, share in done.items() if share},
    }
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, str(filled.path), None)) from None


def changes(filled: Filled, record: Progress, profile: Profile, plan: Plan) -> list[str]:
    """What the new book changes, one line each: work dropped, ratings, dates."""
    old = filled.plan
    titles = {item.id: item.title for item in old.items}
    lines = []
    if record.done:
        listed = "; ".join(titles[i] for i in record.done)
        lines.append(f"{len(record.done)} finished, dropped: {listed}")
    if record.shares:
        listed = "; ".join(f"{titles[i]} ({share:.0%} done)" for i, share in record.shares)
        lines.append(f"{len(record.shares)} partly done, the rest planned: {listed}")
    names = {s.id: s.name for s in filled.pathway.skills_to_learn}
    names |= {s.id: s.name for s in filled.pathway.transferable_skills}
    rated = [
        f"{names[skill]} {_level(filled.profile.level(skill))} → {level}"
        for skill, level in record.ratings
        if filled.profile.level(skill) != level
    ]
    if rated:
        lines.append(f"ratings: {'; '.join(rated)}")
    for label, key in (("start in the new role", "new-role"), ("planned finish", "finish")):
        before, after = old.milestone(key), plan.milestone(key)
        if before and after:
            lines.append(f"{label}: {weekday(before.date)} → {weekday(after.date)}")
    return lines


def _level(level: int | None) -> str:
    return "not rated" if level is None else str(level)
