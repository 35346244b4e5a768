"""The plan as the book prints it: weekly hours, pace warnings, the method page, dated steps."""

from __future__ import annotations

import datetime as dt
import math
import re

from conftest import AI_PM, build, example_profile, make_profile, normalise
from workbook.layout import dates
from workbook.plan import make_plan


def page_text(pdf, title: str) -> str:
    return normalise(pdf.pages[pdf.page_of(title) - 1])


def test_each_weekly_page_shows_its_work_with_the_hours(example_pdf, library):
    plan = make_plan(library.pathways[AI_PM], example_profile())
    for number in (1, 9, len(plan.working_weeks)):
        week = plan.week(number)
        title = next(t for _, t, _ in example_pdf.outline() if t.startswith(f"Week {number} "))
        text = page_text(example_pdf, title)
        for entry in week.work:
            item = plan.item(entry.item_id)
            assert normalise(item.title)[:60] in text, item.title
            if entry.hours:
                assert normalise(dates.hours(entry.hours)) in text
        if week.hours_available:
            assert normalise(f"{dates.hours(week.hours_planned)} planned of the") in text


def test_a_fast_pace_is_flagged_on_the_glance_page(library):
    fast = build(library, hours_per_week=60)
    text = page_text(fast, "Profile at a glance")
    assert "Check your pace" in text and "sooner than the 17 weeks" in text


def test_the_page_pace_has_no_warning(example_pdf):
    assert "Check your pace" not in page_text(example_pdf, "Profile at a glance")


def test_the_method_page_lists_the_hours_of_every_piece_of_work(example_pdf, library):
    plan = make_plan(library.pathways[AI_PM], example_profile())
    text = example_pdf.section_text("How this plan was made", "Your timeline")
    listed = [i for i in plan.items if not i.marks and i.kind != "on-the-job"]
    for item in listed:
        assert normalise(item.title)[:40] in text, item.title
    assert "2 h 2 h stated on the page" in text  # AI For Everyone: "2 hours total"


def test_a_rating_of_0_shows_more_hours_than_the_page_level(library):
    pdf = build(library, skills={"ai-ml-concepts": 0})
    plan = make_plan(library.pathways[AI_PM], make_profile(skills={"ai-ml-concepts": 0}))
    course = plan.item("ai-pm-specialization")
    assert course.hours == math.ceil(course.base_hours * 1.5 * 4) / 4  # in quarter hours
    text = pdf.section_text("How this plan was made", "Your timeline")
    assert normalise(f"{dates.hours(course.base_hours)} * {dates.hours(course.hours)}") in text


def test_a_tuesday_start_prints_that_day_on_the_cover(library):
    pdf = build(library, start_date=dt.date(2027, 1, 5))
    cover = normalise(pdf.pages[0])
    assert "Start Tuesday 5 January 2027" in cover and "You chose" not in cover


def test_a_start_in_time_off_says_why_the_plan_starts_later(library):
    off = [{"from": dt.date(2027, 1, 4), "to": dt.date(2027, 1, 10)}]
    cover = normalise(build(library, weeks_off=off).pages[0])
    assert "Start Monday 11 January 2027" in cover
    assert "You chose Monday 4 January 2027" in cover


def test_every_action_step_is_dated_by_the_plan(example_pdf, library):
    plan = make_plan(library.pathways[AI_PM], example_profile())
    text = page_text(example_pdf, "Your action plan")
    for step in (i for i in plan.items if i.step):
        number = plan.due_week(step.id)
        pattern = re.escape(normalise(step.title)[:50]) + rf".{{0,120}}?week {number},"
        assert re.search(pattern, text), step.title
