"""Plan → the schedule as text: a week-by-week table, a stable JSON document, an iCalendar file."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import icalendar

from workbook.layout.dates import hours, short, span
from workbook.plan import Item, Plan, SkillTrack, Week, Work

PRODID = "-//workbook//study plan//EN"
UID_DOMAIN = "workbook"
LABEL_WIDTH = 9  # "Week 104 " / "off      "
DATES_WIDTH = 26  # "28 Dec 2026 – 3 Jan 2027  "


# -- shared ---------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Text for a terminal or a calendar: the page's no-break spaces as plain ones."""
    return text.replace("\u00a0", " ")


def _applications(count: int) -> str:
    return f"{count} application" if count == 1 else f"{count} applications"


def _due_week(plan: Plan, item_id: str) -> int | None:
    """The working week an item is done (a recurring one: its last week); None if never placed."""
    weeks = [w.number for w in plan.working_weeks for x in w.work if x.item_id == item_id]
    return max(weeks) if weeks else None


def _work_line(item: Item, work: Work) -> str:
    """One item's share of a week, as a line of text (no indent)."""
    if item.marks:
        return f"step: {item.title}"
    parts = ["in the new role" if item.kind == "on-the-job" else hours(work.hours)]
    if work.count is not None:
        parts.append(_applications(work.count))
    line = f"{item.title} · {', '.join(parts)}"
    return f"{line} (due)" if work.due else line


# -- the table ------------------------------------------------------------------------------


def plan_table(plan: Plan) -> str:
    """The plan week by week, as plain text for a terminal."""
    lines = [f"warning: {text}" for text in plan.warnings]
    if lines:
        lines.append("")
    lines.append(
        f"{plan.pathway_id} · {short(plan.start)} to {short(plan.finish)} · "
        f"{len(plan.working_weeks)} working weeks · {hours(plan.hours_per_week)} a week"
    )
    lines.append("")
    milestones: dict[int, list[str]] = {}
    for milestone in plan.milestones:
        milestones.setdefault(milestone.week, []).append(milestone.name)
    for week in plan.weeks:
        lines.append(_week_line(week))
        if week.off:
            continue
        for work in week.work:
            lines.append(f"  {_work_line(plan.item(work.item_id), work)}")
        for name in milestones.get(week.number, []):
            lines.append(f"  milestone: {name}")
    return _plain("\n".join(lines) + "\n")


def _week_line(week: Week) -> str:
    label = "off" if week.off else f"Week {week.number}"
    dates = span(week.first_day or week.start, week.end)
    if week.off:
        detail = "week off"
    else:
        detail = f"{week.hours_planned:g} of {hours(week.hours_available)} planned"
    return f"{label:<{LABEL_WIDTH}}{dates:<{DATES_WIDTH}}{detail}"


# -- JSON -----------------------------------------------------------------------------------


def plan_json(plan: Plan) -> dict:
    """The plan as plain dicts and lists, keys in a fixed order, dates ISO, hours as numbers."""
    return {
        "pathway": plan.pathway_id,
        "start": plan.start.isoformat(),
        "finish": plan.finish.isoformat(),
        "hours_per_week": float(plan.hours_per_week),
        "warnings": list(plan.warnings),
        "weeks": [_week_json(plan, week) for week in plan.weeks],
        "milestones": [
            {
                "id": m.id,
                "title": m.name,
                "week": m.week,
                "date": m.date.isoformat(),
            }
            for m in plan.milestones
        ],
        "items": [_item_json(plan, item) for item in plan.items],
        "skills": [_skill_json(track) for track in plan.tracks],
    }


def _week_json(plan: Plan, week: Week) -> dict:
    items = []
    for work in week.work:
        item = plan.item(work.item_id)
        entry = {
            "id": item.id,
            "kind": item.kind,
            "title": item.title,
            "hours": float(work.hours),
            "after": list(item.after),
            "recurring": item.recurring,
            "due": work.due,
        }
        if work.count is not None:
            entry["count"] = work.count
        items.append(entry)
    return {
        "number": week.number,
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "off": week.off,
        "hours_available": float(week.hours_available),
        "hours_planned": float(week.hours_planned),
        "items": items,
    }


def _item_json(plan: Plan, item: Item) -> dict:
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "hours": float(item.hours),
        "after": list(item.after),
        "recurring": item.recurring,
        "phase": item.phase_id,
        "skill": item.skill_id,
        "worksheets": list(item.worksheets),
        "derived": item.derived,
        "action_plan": item.horizon,
        "due_week": _due_week(plan, item.id),
    }


def _skill_json(track: SkillTrack) -> dict:
    return {
        "id": track.skill_id,
        "title": track.name,
        "priority": track.priority,
        "current": track.current,
        "target": track.target,
        "hours": float(track.hours),
        "first_week": track.span.first,
        "last_week": track.span.last,
        "review": track.review,
    }


# -- iCalendar ------------------------------------------------------------------------------


def plan_ics(plan: Plan, name: str) -> bytes:
    """An all-day event per working week and per milestone; same inputs → the same bytes."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{name}: {plan.pathway_id}")
    stamp = _dtstamp(plan)
    milestones: dict[int, list] = {}
    for milestone in plan.milestones:
        milestones.setdefault(milestone.week, []).append(milestone)
    for week in plan.working_weeks:
        lines = [_work_line(plan.item(w.item_id), w) for w in week.work]
        calendar.add_component(
            _event(
                uid=_uid(plan, name, f"week-{week.number}"),
                stamp=stamp,
                first=week.start,
                days=7,
                summary=_plain(f"Week {week.number}: {hours(week.hours_planned)} planned"),
                description=_plain("\n".join(lines)),
            )
        )
        for milestone in milestones.get(week.number, []):
            calendar.add_component(
                _event(
                    uid=_uid(plan, name, f"milestone-{milestone.id}"),
                    stamp=stamp,
                    first=milestone.date,
                    days=1,
                    summary=milestone.name,
                    description=f"Week {milestone.week} of your plan",
                )
            )
    return calendar.to_ical()


def _event(
    *, uid: str, stamp: dt.datetime, first: dt.date, days: int, summary: str, description: str
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    event.add("dtend", first + dt.timedelta(days=days))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    return event


def _uid(plan: Plan, name: str, key: str) -> str:
    source = "\n".join([plan.pathway_id, name, plan.start.isoformat(), key])
    return f"{hashlib.sha256(source.encode()).hexdigest()[:32]}@{UID_DOMAIN}"


def _dtstamp(plan: Plan) -> dt.datetime:
    """Midnight UTC of the plan's start, or SOURCE_DATE_EPOCH when set: never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.combine(plan.start, dt.time(0), tzinfo=dt.UTC)
