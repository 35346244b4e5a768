"""The plan as text: the week-by-week table, the JSON document and the iCalendar file."""

from __future__ import annotations

import datetime as dt
import json
import re

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AI_PM, PATHWAY_IDS, make_profile
from workbook.export import plan_ics, plan_json, plan_table
from workbook.plan import make_plan

KINDS = {"study", "project", "network", "job-search", "on-the-job", "review"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TOP = [
    "pathway",
    "start",
    "finish",
    "hours_per_week",
    "warnings",
    "weeks",
    "milestones",
    "items",
    "skills",
]
WEEK = ["number", "start", "end", "off", "hours_available", "hours_planned", "items"]
WEEK_ITEM = ["id", "kind", "title", "hours", "after", "recurring", "due"]
ITEM = [
    "id",
    "kind",
    "title",
    "hours",
    "after",
    "recurring",
    "phase",
    "skill",
    "worksheets",
    "derived",
    "action_plan",
    "due_week",
]
MILESTONE = ["id", "title", "week", "date"]
SKILL = [
    "id",
    "title",
    "priority",
    "current",
    "target",
    "hours",
    "first_week",
    "last_week",
    "review",
]
MARCH_BREAK = [{"from": "2027-03-01", "to": "2027-03-07"}]

PROFILES = {
    "baseline": {},
    "three-hours": {"hours_per_week": 3},
    "break-and-midweek-start": {
        "hours_per_week": 10,
        "start_date": dt.date(2027, 1, 6),
        "weeks_off": MARCH_BREAK,
        "skills": {"pm-fundamentals": 0, "ai-ethics": 3},
    },
    "eighty-hours": {"hours_per_week": 80},
}


def plan_for(library, pathway_id=AI_PM, **changes):
    profile = make_profile(pathway=pathway_id, **changes)
    return make_plan(library.pathways[pathway_id], profile)


@pytest.fixture(params=list(PROFILES), ids=list(PROFILES))
def plan(request, library):
    return plan_for(library, **PROFILES[request.param])


def is_date(value) -> bool:
    return isinstance(value, str) and ISO_DATE.fullmatch(value) is not None


def is_quarter_hours(value) -> bool:
    return isinstance(value, float) and value >= 0 and (value * 4).is_integer()


def check_document(doc: dict) -> None:
    """Every invariant the JSON document promises, for any plan."""
    assert list(doc) == TOP
    assert isinstance(doc["pathway"], str)
    assert is_date(doc["start"]) and is_date(doc["finish"])
    assert isinstance(doc["hours_per_week"], float)
    assert all(isinstance(w, str) for w in doc["warnings"])
    item_ids = [i["id"] for i in doc["items"]]
    assert len(item_ids) == len(set(item_ids)), "every item once"

    number = 0
    due_entries: dict[str, list[int]] = {}
    weekly_hours: dict[str, float] = {}
    for week in doc["weeks"]:
        assert list(week) == WEEK
        assert is_date(week["start"]) and is_date(week["end"])
        start, end = dt.date.fromisoformat(week["start"]), dt.date.fromisoformat(week["end"])
        assert start.weekday() == 0 and end - start == dt.timedelta(days=6)
        assert is_quarter_hours(week["hours_available"])
        assert is_quarter_hours(week["hours_planned"])
        if week["off"]:
            assert week["number"] is None
            assert week["items"] == [] and week["hours_planned"] == 0
            continue
        number += 1
        assert week["number"] == number, "working weeks are numbered 1, 2, 3… skipping weeks off"
        assert week["hours_planned"] == sum(i["hours"] for i in week["items"])
        assert week["hours_planned"] <= week["hours_available"]
        for entry in week["items"]:
            expected = [*WEEK_ITEM, "count"] if "count" in entry else WEEK_ITEM
            assert list(entry) == expected
            assert entry["id"] in item_ids
            assert entry["kind"] in KINDS
            assert isinstance(entry["title"], str) and entry["title"]
            assert is_quarter_hours(entry["hours"])
            assert all(a in item_ids for a in entry["after"])
            assert isinstance(entry["recurring"], bool) and isinstance(entry["due"], bool)
            if "count" in entry:
                assert isinstance(entry["count"], int) and entry["count"] >= 0
            if entry["due"]:
                due_entries.setdefault(entry["id"], []).append(week["number"])
            weekly_hours[entry["id"]] = weekly_hours.get(entry["id"], 0.0) + entry["hours"]
    assert doc["weeks"][0]["off"] is False and doc["weeks"][-1]["off"] is False
    assert doc["finish"] == doc["weeks"][-1]["end"]
    working = {w["number"]: w for w in doc["weeks"] if not w["off"]}

    for item in doc["items"]:
        assert list(item) == ITEM
        assert item["kind"] in KINDS
        assert is_quarter_hours(item["hours"])
        assert item["hours"] == weekly_hours.get(item["id"], 0.0), "total = the weeks' hours"
        assert item["action_plan"] in (None, "this_week", "this_month", "next_90_days")
        for key in ("skill", "derived", "action_plan"):
            assert item[key] is None or isinstance(item[key], str)
        assert all(isinstance(sheet, str) for sheet in item["worksheets"])
        assert isinstance(item["phase"], str)
        placed = [n for n, w in working.items() for e in w["items"] if e["id"] == item["id"]]
        assert item["due_week"] == (max(placed) if placed else None)
        if not item["recurring"] and item["due_week"] is not None:
            assert due_entries.get(item["id"]) == [item["due_week"]], item["id"]

    for milestone in doc["milestones"]:
        assert list(milestone) == MILESTONE
        assert isinstance(milestone["title"], str) and milestone["title"]
        week = working[milestone["week"]]
        start = milestone["id"] in ("first-application", "new-role")  # on its week's Monday
        assert milestone["date"] == (week["start"] if start else week["end"]), milestone["id"]
    assert [m["week"] for m in doc["milestones"]] == sorted(m["week"] for m in doc["milestones"])

    for skill in doc["skills"]:
        assert list(skill) == SKILL
        assert skill["priority"] in {"critical", "important", "nice-to-have"}
        assert skill["current"] is None or isinstance(skill["current"], int)
        assert isinstance(skill["target"], int) and isinstance(skill["review"], bool)
        assert is_quarter_hours(skill["hours"])
        assert 1 <= skill["first_week"] <= skill["last_week"] <= number


# -- JSON -----------------------------------------------------------------------------------


def test_json_keeps_every_documented_promise(plan):
    doc = plan_json(plan)
    check_document(doc)
    assert doc["pathway"] == AI_PM
    assert len(doc["weeks"]) == len(plan.weeks)
    assert [i["id"] for i in doc["items"]] == [i.id for i in plan.items]
    assert [m["id"] for m in doc["milestones"]] == [m.id for m in plan.milestones]
    assert [s["id"] for s in doc["skills"]] == [t.skill_id for t in plan.tracks]


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_json_holds_for_every_pathway(library, pathway_id):
    pathway = library.pathways[pathway_id]
    for hours in (pathway.hours_per_week.min, pathway.hours_per_week.max):
        doc = plan_json(plan_for(library, pathway_id, hours_per_week=hours))
        check_document(doc)
        assert doc["pathway"] == pathway_id


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    hours=st.integers(min_value=4, max_value=320).map(lambda q: q / 4),
    start=st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
    break_after=st.integers(min_value=0, max_value=120),
    break_days=st.integers(min_value=0, max_value=20),
)
def test_json_holds_for_any_hours_start_and_break(library, hours, start, break_after, break_days):
    first = start + dt.timedelta(days=break_after)
    weeks_off = [{"from": first, "to": first + dt.timedelta(days=break_days)}]
    check_document(
        plan_json(plan_for(library, hours_per_week=hours, start_date=start, weeks_off=weeks_off))
    )


def test_json_is_plain_and_deterministic(library):
    plan = plan_for(library, **PROFILES["break-and-midweek-start"])
    doc = plan_json(plan)
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    assert json.loads(text) == doc, "only plain dicts, lists, strings, numbers, booleans, null"
    again = plan_for(library, **PROFILES["break-and-midweek-start"])
    assert json.dumps(plan_json(again), indent=2, ensure_ascii=False) == text


def test_json_marks_the_week_off(library):
    doc = plan_json(plan_for(library, hours_per_week=10, weeks_off=MARCH_BREAK))
    off = [w for w in doc["weeks"] if w["off"]]
    assert off == [
        {
            "number": None,
            "start": "2027-03-01",
            "end": "2027-03-07",
            "off": True,
            "hours_available": 0.0,
            "hours_planned": 0.0,
            "items": [],
        }
    ]
    index = doc["weeks"].index(off[0])
    assert doc["weeks"][index + 1]["number"] == doc["weeks"][index - 1]["number"] + 1


def test_json_counts_applications_and_dates_steps(library):
    plan = plan_for(library, hours_per_week=10)
    doc = plan_json(plan)
    entries = [e for w in doc["weeks"] for e in w["items"]]
    applications = [e for e in entries if e["id"] == "applications"]
    assert applications[0]["count"] == 15  # alone in its week; then they share with interviews
    assert all(e["hours"] == e["count"] / 2 for e in applications)
    assert all("count" not in e for e in entries if e["id"] != "applications")
    assert sum(e["count"] for e in applications) == plan.applications
    steps = [e for e in entries if plan.item(e["id"]).marks]
    assert steps and all(e["hours"] == 0 and e["due"] for e in steps)
    by_id = {i["id"]: i for i in doc["items"]}
    assert by_id["applications"]["recurring"] is True
    assert by_id["applications"]["hours"] == plan.applications / 2  # as planned, not the budget
    assert by_id["interviews"]["hours"] > 0, "the interview loop's hours come from the weeks"


def test_json_reports_the_start_day_and_a_partial_first_week(library):
    doc = plan_json(plan_for(library, hours_per_week=14, start_date=dt.date(2027, 1, 6)))
    assert doc["start"] == "2027-01-06"
    first = doc["weeks"][0]
    assert (first["start"], first["number"], first["hours_available"]) == ("2027-01-04", 1, 10.0)


# -- iCalendar ------------------------------------------------------------------------------


def events(data: bytes) -> list:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def test_ics_has_an_all_day_event_per_working_week_and_milestone(plan):
    data = plan_ics(plan, "Ada Example")
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//workbook//study plan//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == f"Ada Example: {AI_PM}"
    found = events(data)
    assert len(found) == len(plan.working_weeks) + len(plan.milestones)
    uids = [str(e["UID"]) for e in found]
    assert len(set(uids)) == len(uids) and all(u.endswith("@workbook") for u in uids)
    for event in found:
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is dt.date and type(end) is dt.date, "all-day: DATE values"
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert event["DTSTAMP"].dt == dt.datetime.combine(plan.start, dt.time(0), dt.UTC)
    summaries = {str(e["SUMMARY"]): e for e in found}
    for week in plan.working_weeks:
        event = summaries[f"Week {week.number}: {week.hours_planned:g} h planned"]
        assert event["DTSTART"].dt == week.start and event["DTSTART"].dt.weekday() == 0
        assert event["DTEND"].dt == week.start + dt.timedelta(days=7)
        description = str(event.get("DESCRIPTION", ""))
        assert len(description.splitlines()) == len(week.work)
        for work in week.work:
            assert plan.item(work.item_id).title in description
    for milestone in plan.milestones:
        event = summaries[milestone.name]
        assert event["DTSTART"].dt == milestone.date  # the one date every page prints
        assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(days=1)


def test_ics_is_byte_for_byte_repeatable(library):
    first = plan_ics(plan_for(library, weeks_off=MARCH_BREAK), "Ada Example")
    second = plan_ics(plan_for(library, weeks_off=MARCH_BREAK), "Ada Example")
    assert first == second
    assert b"\r\n" in first and b"\n" not in first.replace(b"\r\n", b"")


def test_ics_uids_depend_on_the_person_pathway_and_start(library):
    plan = plan_for(library)
    uids = {str(e["UID"]) for e in events(plan_ics(plan, "Ada Example"))}
    other_name = {str(e["UID"]) for e in events(plan_ics(plan, "Grace Example"))}
    later = plan_for(library, start_date=dt.date(2027, 2, 1))
    other_start = {str(e["UID"]) for e in events(plan_ics(later, "Ada Example"))}
    assert not uids & other_name
    assert not uids & other_start


def test_ics_dtstamp_follows_source_date_epoch(library, monkeypatch):
    plan = plan_for(library)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stamped = events(plan_ics(plan, "Ada Example"))
    expected = dt.datetime.fromtimestamp(1700000000, dt.UTC)
    assert all(e["DTSTAMP"].dt == expected for e in stamped)


def test_ics_skips_weeks_off(library):
    plan = plan_for(library, hours_per_week=10, weeks_off=MARCH_BREAK)
    starts = {e["DTSTART"].dt for e in events(plan_ics(plan, "Ada Example"))}
    assert dt.date(2027, 3, 1) not in starts
    assert dt.date(2027, 3, 8) in starts


# -- the table ------------------------------------------------------------------------------


def test_table_lists_warnings_first(library):
    plan = plan_for(library, hours_per_week=3)
    lines = plan_table(plan).splitlines()
    assert len(plan.warnings) >= 2
    assert lines[: len(plan.warnings)] == [f"warning: {w}" for w in plan.warnings]
    header = next(line for line in lines if line.startswith(AI_PM))
    assert "4 Jan 2027" in header and "3 h a week" in header


def test_table_has_a_line_per_calendar_week(library):
    plan = plan_for(library, hours_per_week=10, weeks_off=MARCH_BREAK)
    lines = plan_table(plan).splitlines()
    week_lines = [line for line in lines if re.match(r"(Week \d+|off)\s", line)]
    assert len(week_lines) == len(plan.weeks)
    assert re.fullmatch(r"Week 1\s+4–10 Jan 2027\s+10 of 10\s+h planned", week_lines[0])
    off = [line for line in week_lines if line.startswith("off")]
    assert len(off) == 1 and re.fullmatch(r"off\s+1–7 Mar 2027\s+week off", off[0])
    assert "week off" not in "\n".join(line for line in week_lines if line.startswith("Week"))


def test_table_dates_the_first_week_from_the_start_day(library):
    plan = plan_for(library, hours_per_week=14, start_date=dt.date(2027, 1, 6))
    lines = plan_table(plan).splitlines()
    first = next(line for line in lines if line.startswith("Week 1 "))
    assert re.fullmatch(r"Week 1\s+6–10 Jan 2027\s+10 of 10\s+h planned", first)
    assert any(line.startswith(AI_PM) and "6 Jan 2027" in line for line in lines)


def test_table_marks_due_work_steps_applications_and_milestones(library):
    plan = plan_for(library, hours_per_week=10)
    text = plan_table(plan)
    due = [w for week in plan.working_weeks for w in week.work if w.due]
    steps = [w for w in due if plan.item(w.item_id).marks]
    assert text.count("(due)") == len(due) - len(steps)
    assert text.count("\n  step: ") == len(steps)
    for milestone in plan.milestones:
        assert f"  milestone: {milestone.name}\n" in text
    assert "· 7.5 h, 15 applications" in text
    first = plan.item("ai-for-everyone")
    assert f"  {first.title} · 2 h (due)\n" in text.split("\nWeek 2 ")[0]


def test_table_is_plain_and_stable(library):
    plan = plan_for(library, hours_per_week=3)
    text = plan_table(plan)
    assert text == plan_table(plan_for(library, hours_per_week=3))
    assert "\x1b" not in text and "\t" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    assert text.endswith("\n")
