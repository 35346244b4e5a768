"""Weeks that start on Monday or on Sunday: the profile's `week_starts`, one rule for every week."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from test_plan_properties import SETTINGS, plan_of, profiles

from conftest import build, make_profile, normalise
from workbook.profile import Profile, week_days, week_start

WEEKDAY = {"monday": 0, "sunday": 6}
DAY_ROW = {
    "monday": "Mon Tue Wed Thu Fri Sat Sun Total",
    "sunday": "Sun Mon Tue Wed Thu Fri Sat Total",
}


@given(st.dates(), st.sampled_from(list(WEEKDAY)))
def test_a_week_starts_on_its_first_day_on_or_before_the_date(day, starts):
    first = week_start(day, starts)
    assert first.weekday() == WEEKDAY[starts]
    assert first <= day < first + dt.timedelta(days=7)
    assert week_days(starts)[0] == WEEKDAY[starts] and sorted(week_days(starts)) == list(range(7))


@SETTINGS
@given(profiles(), st.sampled_from(list(WEEKDAY)))
def test_every_week_of_the_plan_starts_on_the_chosen_day(profile, starts):
    plan = plan_of(profile.model_copy(update={"week_starts": starts}))
    assert all(week.start.weekday() == WEEKDAY[starts] for week in plan.weeks)
    steps = [b.start - a.start for a, b in zip(plan.weeks, plan.weeks[1:], strict=False)]
    assert set(steps) <= {dt.timedelta(days=7)}
    assert all(week.end.weekday() == (WEEKDAY[starts] + 6) % 7 for week in plan.weeks)
    assert plan.weeks[0].end >= profile.start_date  # the week that holds the start, or later


def test_a_sunday_start_moves_a_break_into_the_week_that_holds_it():
    # Mon 1 to Sun 7 March: a Monday week off; from Sunday, 28 Feb to 6 Mar holds 6 of its days
    off = [{"from": dt.date(2027, 3, 1), "to": dt.date(2027, 3, 7)}]
    monday = plan_of(make_profile(weeks_off=off))
    sunday = plan_of(make_profile(weeks_off=off, week_starts="sunday"))
    assert [w.start for w in monday.weeks if w.off] == [dt.date(2027, 3, 1)]
    assert [w.start for w in sunday.weeks if w.off] == [dt.date(2027, 2, 28)]


def test_the_choice_is_read_in_any_case_and_a_wrong_day_is_named():
    assert make_profile(week_starts=" Sunday ").week_starts == "sunday"
    with pytest.raises(ValidationError, match="'monday' or 'sunday'"):
        make_profile(week_starts="tuesday")


def test_a_sunday_start_is_kept_with_the_profile_and_a_monday_one_left_out():
    sunday = make_profile(week_starts="sunday")
    assert Profile.model_validate(sunday.model_dump(mode="json")) == sunday
    assert "week_starts" not in make_profile().model_dump(mode="json")  # older books' bytes


@pytest.mark.parametrize("starts", list(WEEKDAY))
def test_the_hours_boxes_and_the_method_follow_the_first_day(library, starts):
    pdf = build(library, week_starts=starts)
    week = normalise(pdf.pages[pdf.page_of("Weekly checklists") - 1])
    assert DAY_ROW[starts] in week
    names = {"monday": "Monday to Sunday", "sunday": "Sunday to Saturday"}
    assert f"Weeks run {names[starts]}." in pdf.text
    kept = json.loads(pdf.reader.metadata["/Keywords"])["profile"]
    assert kept.get("week_starts", "monday") == starts
