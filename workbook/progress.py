"""A filled-in workbook → how far its owner has got: items done per week and per phase, hours
logged, the latest ratings, and how many weeks behind or ahead of the plan they are.

`progress` is pure: the plan, the form fields' values (name → value, as a viewer saved them, see
workbook/fieldnames.py) and a date in, a frozen record out. `read_workbook` reads a PDF through
the PDF guards and rebuilds its plan from the settings the PDF keeps.

Rules
* An item is done when its box is ticked on the weekly page of the week it is due (for work
  spread over weeks: its last week), on the roadmap or on the action plan. A box ticked on an
  earlier week's page means that week's share of the work is done (`shares`).
* Hours: a week's hours are its days' boxes added up; the total box counts only when no day is
  filled. A box is read leniently ("1.5", "1,5", "2h", "90 min", "1:30"); anything else, or more
  hours than the box's days hold, is left out.
* Ratings: the latest re-rating of each skill, by phase; at the same phase the review's over the
  skills gap matrix's box.
* Weeks behind: the working weeks that have ended before the as-of date, less the plan week the
  items done reach: the first week by whose end the plan has due as many items as are done,
  counting whole weeks' items only (week 0 until week 1's are all done). Positive: behind;
  negative: ahead. Items are counted, not matched: any item done stands for one due.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbook import fieldnames
from workbook.errors import InputError
from workbook.plan import Plan

if TYPE_CHECKING:
    from workbook.content import Library, Pathway
    from workbook.profile import Profile

NO_FIELDS = "was printed without form fields; build it with --edition fillable"
UNTICKED = {"", "off", "no", "false", "0"}
DAY_HOURS = 24
WEEK_HOURS = 7 * DAY_HOURS
ANY_HOURS = math.inf  # a phase's actual hours: no cap
LEVELS = range(5)
MINUTES = re.compile(r"(\d{1,4})\s*(?:m|min|mins|minutes)")
CLOCK = re.compile(r"(\d{1,3})\s*(?:h|:)\s*(\d{1,2})\s*(?:m|min|mins)?")
DECIMAL = re.compile(r"(\d{1,4}(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours)?")


@dataclass(frozen=True)
class WeekProgress:
    number: int
    start: dt.date
    items_done: int
    items_due: int
    hours: float | None  # None: nothing written


@dataclass(frozen=True)
class PhaseProgress:
    number: int  # as printed
    phase_id: str
    name: str
    items_done: int
    items_total: int
    hours_reviewed: float | None  # the review's actual hours: its total, else its rows added up


@dataclass(frozen=True)
class Progress:
    as_of: dt.date
    items_done: int
    items_total: int
    hours_logged: float
    weeks_elapsed: int  # working weeks ended before the as-of date
    plan_week: int  # the plan week the items done reach
    weeks: tuple[WeekProgress, ...]
    phases: tuple[PhaseProgress, ...]
    ratings: tuple[tuple[str, int], ...]  # (skill id, level), in the pathway's order
    done: tuple[str, ...]  # the items done, in the plan's order
    shares: tuple[tuple[str, float], ...]  # items partly done: (id, share of its hours)

    @property
    def weeks_behind(self) -> int:
        return self.weeks_elapsed - self.plan_week


def progress(plan: Plan, fields: dict[str, str], as_of: dt.date, skill_ids: list[str]) -> Progress:
    """How far the person has got by `as_of`, from the book's form fields (see the rules above)."""
    done = [item.id for item in plan.items if _done(plan, fields, item.id)]
    finished = set(done)
    due = {item.id: plan.due_week(item.id) for item in plan.items}
    weeks = tuple(
        WeekProgress(
            week.number,
            week.first_day or week.start,
            sum(due[i] == week.number for i in finished),
            sum(n == week.number for n in due.values()),
            week_hours(fields, week.number),
        )
        for week in plan.working_weeks
    )
    return Progress(
        as_of=as_of,
        items_done=len(done),
        items_total=len(plan.items),
        hours_logged=sum(w.hours or 0.0 for w in weeks),
        weeks_elapsed=sum(w.end < as_of for w in plan.working_weeks),
        plan_week=_plan_week(weeks, len(done)),
        weeks=weeks,
        phases=_phases(plan, fields, finished),
        ratings=_ratings(fields, len(plan.phases), skill_ids),
        done=tuple(done),
        shares=_shares(plan, fields, finished),
    )


def ticked(fields: dict[str, str], name: str) -> bool:
    value = fields.get(name)
    return value is not None and str(value).strip().lstrip("/").lower() not in UNTICKED


def hours_in(text: object, most: float = WEEK_HOURS) -> float | None:
    """Hours written in a box ("1.5", "1,5", "2h", "90 min", "1:30"), None for anything else."""
    text = str(text or "").strip().lower()
    if match := MINUTES.fullmatch(text):
        found = int(match.group(1)) / 60
    elif match := CLOCK.fullmatch(text):
        found = int(match.group(1)) + int(match.group(2)) / 60
    elif match := DECIMAL.fullmatch(text):
        found = float(match.group(1).replace(",", "."))
    else:
        return None
    return found if found <= most else None


def week_hours(fields: dict[str, str], number: int) -> float | None:
    """The week's hours: its days added up, else its total box; None when nothing is written."""
    days = [fieldnames.week_hours(number, day) for day in fieldnames.DAY_KEYS]
    filled = [h for name in days if (h := hours_in(fields.get(name), DAY_HOURS)) is not None]
    if filled:
        return sum(filled)
    return hours_in(fields.get(fieldnames.week_hours(number, "total")))


def level_in(value: object) -> int | None:
    """A rating written or chosen: one digit 0-4 (a radio button's "/3" too), else None."""
    text = str(value or "").strip().lstrip("/")
    return int(text) if text.isdigit() and int(text) in LEVELS else None


def _done(plan: Plan, fields: dict[str, str], item_id: str) -> bool:
    names = (
        fieldnames.week_item(plan.due_week(item_id), item_id),
        fieldnames.roadmap_item(item_id),
        fieldnames.action_step(item_id),
    )
    return any(ticked(fields, name) for name in names)


def _shares(plan: Plan, fields: dict[str, str], finished: set[str]) -> tuple:
    """Work not done, spread over weeks, whose earlier weeks are ticked: the share of its hours
    those weeks planned. Calendar-bound work (the job search) is not shared out."""
    found = []
    for item in plan.items:
        if item.id in finished or item.recurring or not item.hours:
            continue
        ticked_hours = sum(
            work.hours
            for week in plan.working_weeks
            for work in week.work
            if work.item_id == item.id
            and ticked(fields, fieldnames.week_item(week.number, item.id))
        )
        if ticked_hours:
            found.append((item.id, min(ticked_hours / item.hours, 1.0)))
    return tuple(found)


def _phases(plan: Plan, fields: dict[str, str], finished: set[str]) -> tuple:
    phases = []
    for number, span in enumerate(plan.phases, 1):
        members = [i.id for i in plan.items if i.phase_id == span.phase_id]
        reviewed = hours_in(fields.get(fieldnames.review_hours(number, "total")), ANY_HOURS)
        if reviewed is None:
            names = [fieldnames.review_hours(number, i) for i in members]
            rows = [hours_in(fields.get(name), ANY_HOURS) for name in names]
            rows = [h for h in rows if h is not None]
            reviewed = sum(rows) if rows else None
        phases.append(
            PhaseProgress(
                number,
                span.phase_id,
                span.name,
                sum(i in finished for i in members),
                len(members),
                reviewed,
            )
        )
    return tuple(phases)


def _ratings(fields: dict[str, str], phases: int, skill_ids: list[str]) -> tuple:
    """Each skill's latest re-rating: the last phase's, the review's before the matrix's."""
    found = []
    for skill_id in skill_ids:
        for phase in range(phases, 0, -1):
            names = (
                fieldnames.review_rating(phase, skill_id),
                fieldnames.matrix_rating(phase, skill_id),
            )
            level = next((lv for n in names if (lv := level_in(fields.get(n))) is not None), None)
            if level is not None:
                found.append((skill_id, level))
                break
    return tuple(found)


def _plan_week(weeks: tuple[WeekProgress, ...], done: int) -> int:
    """The plan week the items done reach: the first week by whose end the plan has due the
    most items that are no more than those done (0 when not even week 1's are done)."""
    reached, due, covered = 0, 0, 0
    for week in weeks:
        due += week.items_due
        if due > done:
            break
        if due > covered:
            reached, covered = week.number, due
    return reached


# -- reading a filled-in PDF ----------------------------------------------------------------


@dataclass(frozen=True)
class Filled:
    """A filled-in workbook: who it is for, its plan rebuilt, and its fields' values."""

    path: Path
    profile: Profile
    pathway: Pathway
    options: dict
    plan: Plan
    fields: dict[str, str]
    warnings: tuple[str, ...]

    def progress(self, as_of: dt.date) -> Progress:
        return progress(self.plan, self.fields, as_of, self.pathway.skill_ids)


def read_workbook(path: Path, library: Library) -> Filled:
    """A workbook PDF, read strictly, with its plan rebuilt from the settings it keeps; an
    InputError naming the file for one that is not a workbook, is damaged or has no fields."""
    from workbook.build import plan_for  # ReportLab only when a workbook is read
    from workbook.inputfiles import read_pdf
    from workbook.rebuild import rebuilt

    reader = read_pdf(path)
    profile, pathway, options, warnings = rebuilt(path, library, reader)
    values = form_values(reader, path)
    plan = plan_for(pathway, profile, str(path))
    return Filled(path, profile, pathway, options, plan, values, tuple(warnings))


def form_values(reader, path: Path) -> dict[str, str]:
    """Every form field's value as text ('' for an empty one)."""
    import pypdf

    try:
        fields = reader.get_fields() or {}
    except (pypdf.errors.PyPdfError, ValueError, KeyError, TypeError, RecursionError):
        message = "is a damaged PDF; its form fields were not read"
        raise InputError.single(str(path), message) from None
    if not fields:
        raise InputError.single(str(path), NO_FIELDS)
    return {
        name: value if isinstance(value := field.get("/V"), str) else ""
        for name, field in fields.items()
    }


# -- reporting ------------------------------------------------------------------------------


def report(filled: Filled, record: Progress) -> dict:
    """One workbook's progress as `workbook progress --json` lists it."""
    return {
        "file": str(filled.path),
        "name": filled.profile.name,
        "pathway": filled.pathway.id,
        "as_of": record.as_of.isoformat(),
        "items_done": record.items_done,
        "items_total": record.items_total,
        "hours_logged": round(record.hours_logged, 2),
        "weeks_behind": record.weeks_behind,
        "weeks_elapsed": record.weeks_elapsed,
        "plan_week": record.plan_week,
        "phases": [
            {
                "number": p.number,
                "id": p.phase_id,
                "name": p.name,
                "items_done": p.items_done,
                "items_total": p.items_total,
                "hours_reviewed": p.hours_reviewed,
            }
            for p in record.phases
        ],
        "weeks": [
            {
                "week": w.number,
                "start": w.start.isoformat(),
                "items_done": w.items_done,
                "items_due": w.items_due,
                "hours": w.hours,
            }
            for w in record.weeks
        ],
        "ratings": dict(record.ratings),
    }


CSV_COLUMNS = (
    "file",
    "name",
    "pathway",
    "as_of",
    "items_done",
    "items_total",
    "hours_logged",
    "weeks_behind",
    "phases",
    "ratings",
)


def csv_row(filled: Filled, record: Progress) -> dict:
    """One workbook's row of `workbook progress --csv` (phases and ratings in one cell each)."""
    found = report(filled, record)
    phases = (f"{p.number} {p.name}: {p.items_done}/{p.items_total}" for p in record.phases)
    return {
        **{column: found[column] for column in CSV_COLUMNS[:-2]},
        "phases": "; ".join(phases),
        "ratings": "; ".join(f"{skill}={level}" for skill, level in record.ratings),
    }


def table(filled: Filled, record: Progress) -> str:
    """One workbook's progress as text: the totals, each phase, each week begun, the ratings."""
    lines = [
        f"{filled.profile.name} · {filled.path} · as of {record.as_of.isoformat()}",
        f"  {record.items_done} of {record.items_total} items done · "
        f"{record.hours_logged:g} h logged · {standing(record.weeks_behind)} "
        f"(the items done reach week {record.plan_week}; "
        f"{record.weeks_elapsed} working weeks have ended)",
    ]
    for p in record.phases:
        reviewed = "" if p.hours_reviewed is None else f" · {p.hours_reviewed:g} h in its review"
        lines.append(f"  phase {p.number} {p.name}: {p.items_done} of {p.items_total}{reviewed}")
    for w in record.weeks:
        if w.start <= record.as_of:
            logged = "" if w.hours is None else f" · {w.hours:g} h"
            lines.append(
                f"  week {w.number} ({w.start.isoformat()}): "
                f"{w.items_done} of {w.items_due} due done{logged}"
            )
    if record.ratings:
        lines.append("  ratings: " + ", ".join(f"{s} {level}" for s, level in record.ratings))
    return "\n".join(lines)


def standing(weeks_behind: int) -> str:
    if weeks_behind == 0:
        return "on plan"
    count = abs(weeks_behind)
    return f"{count} week{'s' * (count != 1)} {'behind' if weeks_behind > 0 else 'ahead'}"
