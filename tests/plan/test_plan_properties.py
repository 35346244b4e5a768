"""The plan's invariants over any valid profile, checked with hypothesis."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PATHWAY_IDS, make_profile
from workbook.content import load_library
from workbook.plan import make_plan

LIBRARY = load_library()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

hours = st.integers(min_value=4, max_value=320).map(lambda quarters: quarters / 4)  # 1 to 80 h
starts = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2030, 12, 31))
levels = st.one_of(st.none(), st.integers(min_value=0, max_value=4))


@st.composite
def profiles(draw, pathway_id=None):
    pathway_id = pathway_id or draw(st.sampled_from(PATHWAY_IDS))
    pathway = LIBRARY.pathways[pathway_id]
    start = draw(starts)
    skills = {}
    for skill in pathway.skill_ids:
        level = draw(levels)
        if level is not None:
            skills[skill] = level
    breaks = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        first = start + dt.timedelta(days=draw(st.integers(min_value=-3, max_value=300)))
        breaks.append({"from": first, "to": first + dt.timedelta(days=draw(st.integers(0, 20)))})
    return make_profile(
        pathway=pathway_id,
        start_date=start,
        hours_per_week=draw(hours),
        skills=skills,
        weeks_off=breaks,
    )


def plan_of(profile):
    return make_plan(LIBRARY.pathways[profile.pathway], profile)


def free_days(monday: dt.date, profile) -> int:
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    return sum(
        day >= profile.start_date and not any(o.start <= day <= o.end for o in profile.weeks_off)
        for day in days
    )


@SETTINGS
@given(profiles())
def test_every_item_is_due_once_and_never_before_what_it_comes_after(profile):
    plan = plan_of(profile)
    for item in plan.items:
        if item.recurring:
            continue
        dues = [w.number for w in plan.working_weeks for x in item_work(w, item.id) if x.due]
        assert len(dues) == 1, item.id
        for before in [] if item.marks else item.after:  # a step is dated by what it marks
            if plan.item(before).recurring:
                assert plan.first_week(item.id) > plan.first_week(before)
            else:
                assert plan.first_week(item.id) >= plan.due_week(before)


def item_work(week, item_id):
    return [x for x in week.work if x.item_id == item_id]


@SETTINGS
@given(profiles())
def test_nothing_falls_in_a_week_off_and_no_week_asks_too_much(profile):
    plan = plan_of(profile)
    for week in plan.weeks:
        if week.off:
            assert week.work == ()
            assert free_days(week.start, profile) < 3
        else:
            assert free_days(week.start, profile) >= 3
            assert week.hours_planned <= week.hours_available <= profile.hours_per_week


@SETTINGS
@given(profiles(), st.integers(min_value=1, max_value=80))
def test_more_hours_never_make_the_plan_longer(profile, extra_quarters):
    more = profile.model_copy(
        update={"hours_per_week": profile.hours_per_week + extra_quarters / 4}
    )
    if more.hours_per_week > 80:
        return
    slow, fast = plan_of(profile), plan_of(more)
    assert fast.finish <= slow.finish
    assert fast.ready_week <= slow.ready_week


@SETTINGS
@given(profiles(), st.data())
def test_a_higher_rating_never_makes_the_plan_longer(profile, data):
    pathway = LIBRARY.pathways[profile.pathway]
    skill = data.draw(st.sampled_from([s.id for s in pathway.skills_to_learn]))
    current = profile.level(skill)
    low = data.draw(st.integers(min_value=0, max_value=3))
    high = data.draw(st.integers(min_value=low + 1, max_value=4))
    if current is not None:
        low, high = min(current, low), max(current, high)
    lower = profile.model_copy(update={"skills": {**profile.skills, skill: low}})
    higher = profile.model_copy(update={"skills": {**profile.skills, skill: high}})
    assert plan_of(higher).finish <= plan_of(lower).finish


@SETTINGS
@given(profiles(pathway_id=PATHWAY_IDS[3]), hours)
def test_the_job_search_span_does_not_depend_on_study_hours(profile, other_hours):
    other = profile.model_copy(update={"hours_per_week": other_hours})

    def search(plan):  # applications and the interview loop; the offers follow, at study pace
        first = plan.milestone("first-application").week
        return plan.due_week("interviews") - first, plan.phase_span("launch").span

    a, b = plan_of(profile), plan_of(other)
    assert search(a)[0] == search(b)[0]
    assert search(a)[1].weeks == search(b)[1].weeks
