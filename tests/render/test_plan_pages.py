"""The plan as the book prints it: weekly hours, pace warnings, the method page, dated steps."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import replace

import pytest
from reportlab.platypus import KeepInFrame, PageBreak

from conftest import AI_PM, WHOLE, build, example_profile, make_profile, normalise
from workbook.build import context
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.layout.review import NOTES_PAGES, REVIEW_PAGES, SLACK
from workbook.layout.weekly import (
    _foot,
    _heading,
    _printed,
    _split,
    _week_pages,
    _work,
    page_count,
)
from workbook.options import Options
from workbook.plan import make_plan
from workbook.render.theme import WRITING_LINE


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


# -- the weekly section: a week's list at full size, over as many pages as it needs ------------


def weekly_context(library, options: Options = WHOLE, profile=None, **changes) -> Context:
    profile = profile or make_profile(**changes)
    pathway = library.pathways[profile.pathway]
    return context(library, pathway, profile, options, make_plan(pathway, profile))


def test_at_the_example_pace_the_section_is_a_page_a_week_and_each_phase_end(library):
    ctx = weekly_context(library, profile=example_profile())
    plan = ctx.plan
    ends = REVIEW_PAGES + NOTES_PAGES
    assert page_count(ctx) == len(plan.working_weeks) + len(plan.phases) * ends
    last = plan.phases[0].span.last
    assert page_count(replace(ctx, weeks=(1, last))) == last + ends
    assert page_count(replace(ctx, weeks=(1, last - 1))) == last - 1


@pytest.mark.parametrize(
    ("paper", "hours"),
    [("a4", 1), ("letter", 12.5), ("a4", 60), ("letter", 60), ("a4", 80), ("letter", 80)],
)
def test_a_weeks_list_keeps_full_size_and_goes_on_over_pages(library, paper, hours):
    """No page of a week holds more than its frame at full size; the foot (hours, ritual and
    the first reflection lines) is on the last page; no page holds the foot alone."""
    ctx = weekly_context(library, paper=paper, hours_per_week=hours)
    frame = ctx.geometry.frame_height - SLACK
    foot = ctx.height(_foot(ctx, ctx.plan.working_weeks[0])) + 2 * WRITING_LINE
    most = 1
    for week, previous, top in _printed(ctx):
        pages = _split(ctx, week, previous, top)
        flowables = _week_pages(ctx, week, previous, top)
        assert not [f for f in flowables if isinstance(f, KeepInFrame)], "nothing shrinks"
        assert sum(isinstance(f, PageBreak) for f in flowables) == len(pages) - (1 if top else 0)
        for n, body in enumerate(pages):
            assert body, f"week {week.number}: page {n + 1} holds no work"
            used = ctx.height([*(top if n == 0 else []), _heading(ctx, week, n), *body])
            last = n == len(pages) - 1
            assert used + (foot if last else 0) <= frame, (week.number, n)
        most = max(most, len(pages))
    assert page_count(ctx) == sum(len(_split(ctx, *p)) for p in _printed(ctx)) + len(
        ctx.plan.phases
    ) * (REVIEW_PAGES + NOTES_PAGES)
    if hours <= 12.5:
        assert most == 1
    if hours == 80:
        assert most == 2


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_long_week_prints_over_the_pages_the_section_predicts(library, paper):
    ctx = weekly_context(library, paper=paper, hours_per_week=80)
    long = next(w for w, *rest in _printed(ctx) if len(_split(ctx, w, *rest)) > 1).number
    options = Options(weeks=(long, long))
    pdf = build(library, options, hours_per_week=80, paper=paper)
    assert [t for _, t, _ in pdf.outline() if t.startswith("Week ")] == [
        t for _, t, _ in pdf.outline() if t.startswith(f"Week {long} ")
    ]
    start = pdf.page_of("Weekly checklists")
    assert pdf.page_of("Worksheets") - start == page_count(replace(ctx, weeks=(long, long)))
    first, second = (normalise(pdf.pages[start - 1 + n]) for n in (0, 1))
    assert f"Week {long} (continued)" in second and "(continued)" not in first
    assert "Hours this week" in second and "Hours this week" not in first


# -- one new-role date, notice weeks, and what a week's page says when it has little on it -----


def test_the_new_role_has_one_date_on_the_cover_glance_and_timeline(example_pdf, library):
    plan = make_plan(library.pathways[AI_PM], example_profile())
    new_role = plan.milestone("new-role")
    when = dates.weekday(new_role.date)
    assert f"New role from {when}" in normalise(example_pdf.pages[0])
    glance = page_text(example_pdf, "Profile at a glance")
    assert f"Start in your new role {new_role.week} {when}" in glance
    assert new_role.date == plan.week(new_role.week).start  # a Monday: the first day in the role
    assert new_role.date.weekday() == 0


def test_a_notice_week_says_so_and_gives_the_new_role_date(example_pdf, library):
    plan = make_plan(library.pathways[AI_PM], example_profile())
    assert plan.notice
    for number in plan.notice:
        title = next(t for _, t, _ in example_pdf.outline() if t.startswith(f"Week {number} "))
        text = page_text(example_pdf, title)
        assert "Your notice You are working your notice" in text
        assert "This week's work" not in text
        assert dates.weekday(plan.milestone("new-role").date) in text
        assert "Nothing is planned" not in text


def test_the_action_plan_steps_come_before_the_weeks_work(example_pdf):
    text = page_text(
        example_pdf, next(t for _, t, _ in example_pdf.outline() if t.startswith("Week 1 "))
    )
    assert text.index("From your action plan") < text.index("This week's work")
    assert text.index("Sign up for 'AI For Everyone'") < text.index("Take 'AI For Everyone'")


@pytest.mark.parametrize("hours", [1, 12])
def test_nothing_is_planned_only_when_a_week_lists_nothing(library, hours):
    ctx = weekly_context(library, hours_per_week=hours)
    only_steps = 0
    for week in ctx.plan.working_weeks:
        said = any("Nothing is planned" in getattr(f, "text", "") for f in _work(ctx, week))
        assert said == (
            not week.work
            and week.number not in ctx.plan.notice
            and not any(ctx.plan.phase_span(p).kind == "on-the-job" for p in week.phase_ids)
        ), week.number
        only_steps += bool(week.work) and all(ctx.plan.item(w.item_id).step for w in week.work)
    assert hours > 1 or only_steps, "at 1 hour a week some weeks hold only the page's first steps"
