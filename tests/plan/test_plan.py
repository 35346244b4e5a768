"""The plan's rules and their edges: hours, start days, weeks off, known skills, year ends."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest

from conftest import AI_PM, PATHWAY_IDS, make_profile
from workbook.plan import PlanTooLong, first_monday, make_plan, spread

MONDAY = dt.date(2027, 1, 4)


def plan_for(library, pathway_id=AI_PM, **changes):
    profile = make_profile(pathway=pathway_id, **changes)
    return make_plan(library.pathways[pathway_id], profile)


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_baseline_hours_reproduce_the_seed_roadmap(library, pathway_id):
    pathway = library.pathways[pathway_id]
    plan = plan_for(library, pathway_id, hours_per_week=pathway.hours_per_week.midpoint)
    assert [p.span.weeks for p in plan.phases] == [p.weeks for p in pathway.roadmap]
    assert len(plan.working_weeks) == sum(p.weeks for p in pathway.roadmap)


def test_one_hour_a_week_stretches_study_but_not_the_new_job(library):
    plan = plan_for(library, hours_per_week=1)
    weeks = [p.span.weeks for p in plan.phases]
    assert weeks == [75, 100, 75, 75, 12]  # 6, 8, 6, 6 weeks x 12.5; 12 weeks in the new role
    assert plan.finish.year == 2033


def test_eighty_hours_a_week_keeps_every_phase_at_least_a_week(library):
    plan = plan_for(library, hours_per_week=80)
    assert [p.span.weeks for p in plan.phases] == [1, 2, 1, 1, 12]
    assert all(len(p.tasks) > 0 for p in library.pathways[AI_PM].roadmap)
    assert len(plan.tasks) == sum(len(p.tasks) for p in library.pathways[AI_PM].roadmap)


def test_hours_too_few_for_a_workbook_are_refused(library):
    with pytest.raises(PlanTooLong, match="plan more hours a week"):
        plan_for(library, hours_per_week=0.1)


@pytest.mark.parametrize(
    ("start", "monday"),
    [
        (dt.date(2027, 1, 4), dt.date(2027, 1, 4)),  # Monday: that week
        (dt.date(2027, 1, 6), dt.date(2027, 1, 4)),  # Wednesday: still that week
        (dt.date(2027, 1, 7), dt.date(2027, 1, 11)),  # Thursday: the next Monday
        (dt.date(2027, 1, 10), dt.date(2027, 1, 11)),  # Sunday: the next day
    ],
)
def test_the_first_week_starts_on_a_monday(start, monday):
    assert first_monday(start) == monday


def test_a_sunday_start_begins_the_next_day(library):
    plan = plan_for(library, start_date=dt.date(2027, 1, 10))
    assert plan.start == dt.date(2027, 1, 11)
    assert plan.requested_start == dt.date(2027, 1, 10)
    assert all(week.start.weekday() == 0 for week in plan.weeks)


def test_weeks_off_across_a_phase_boundary_move_the_plan(library):
    plain = plan_for(library)
    boundary = plain.week(plain.phases[0].span.last).start  # last week of phase 1
    off = [{"from": boundary, "to": boundary + dt.timedelta(days=13)}]  # it and the next
    plan = plan_for(library, weeks_off=off)
    assert [p.span for p in plan.phases] == [p.span for p in plain.phases]
    assert len(plan.weeks) == len(plain.weeks) + 2
    assert plan.finish == plain.finish + dt.timedelta(weeks=2)
    off_weeks = [w for w in plan.weeks if w.off]
    assert [w.start for w in off_weeks] == [boundary, boundary + dt.timedelta(days=7)]
    assert all(not w.tasks and w.phase_id is None for w in off_weeks)
    resumed = plan.weeks[plan.weeks.index(off_weeks[-1]) + 1]
    assert resumed.number == plain.phases[0].span.last and resumed.phase_id == "foundation"


def test_a_short_break_does_not_take_the_week(library):
    start = dt.date(2027, 2, 1)
    three_days = [{"from": start, "to": start + dt.timedelta(days=2)}]
    four_days = [{"from": start, "to": start + dt.timedelta(days=3)}]
    assert not any(w.off for w in plan_for(library, weeks_off=three_days).weeks)
    assert sum(w.off for w in plan_for(library, weeks_off=four_days).weeks) == 1


def test_every_skill_already_known_leaves_reviews_only(library):
    pathway = library.pathways[AI_PM]
    plan = plan_for(library, skills={s.id: 4 for s in pathway.skills_to_learn})
    assert all(track.span is None for track in plan.tracks)
    assert all(task.review for task in plan.tasks if task.skill_id is not None)
    assert len(plan.tasks) == sum(len(p.tasks) for p in pathway.roadmap)
    full = plan_for(library)
    assert [p.span.weeks for p in plan.phases][:3] < [p.span.weeks for p in full.phases][:3]


def test_a_partly_known_skill_shortens_its_track(library):
    fresh = {t.skill_id: t for t in plan_for(library).tracks}
    known = {t.skill_id: t for t in plan_for(library, skills={"ai-ml-concepts": 2}).tracks}
    assert fresh["ai-ml-concepts"].span.weeks == 10
    assert known["ai-ml-concepts"].span.weeks == math.ceil(10 / 3)


def test_a_plan_crosses_the_year_end(library):
    plan = plan_for(library, start_date=dt.date(2027, 12, 6))
    years = {week.start.year for week in plan.weeks}
    assert {2027, 2028} <= years
    starts = [week.start for week in plan.weeks]
    assert all(b - a == dt.timedelta(days=7) for a, b in itertools.pairwise(starts))
    assert dt.date(2027, 12, 27) in starts and dt.date(2028, 1, 3) in starts


def test_every_task_is_placed_once_within_its_phase(library):
    for pathway_id in PATHWAY_IDS:
        for hours in (1, 7, 12.5, 80):
            plan = plan_for(library, pathway_id, hours_per_week=hours)
            pathway = library.pathways[pathway_id]
            placed = {(t.phase_id, t.index): t for t in plan.tasks}
            assert len(placed) == len(plan.tasks) == sum(len(p.tasks) for p in pathway.roadmap)
            for span in plan.phases:
                for task in (t for t in plan.tasks if t.phase_id == span.phase_id):
                    assert span.span.first <= task.week <= span.span.last
                    assert plan.week(task.week).phase_id == span.phase_id


def test_the_action_plan_fills_the_first_weeks(library):
    plan = plan_for(library)
    first = plan.week(1)
    assert [a.horizon for a in first.actions] == ["this_week"] * 3
    month = [w.number for w in plan.working_weeks for a in w.actions if a.horizon == "this_month"]
    quarter = [
        w.number for w in plan.working_weeks for a in w.actions if a.horizon == "next_90_days"
    ]
    assert min(month) >= 2 and max(month) == 4
    assert min(quarter) >= 5 and max(quarter) == 13


def test_milestones_mark_phase_ends_first_application_and_finish(library):
    plan = plan_for(library)
    names = [m.name for m in plan.milestones]
    assert "First application" in names and names[-1] == "Planned finish"
    job_search = next(p for p in plan.phases if p.kind == "job-search")
    assert next(m.week for m in plan.milestones if m.name == "First application") == (
        job_search.span.first
    )


def test_spread_puts_the_last_item_in_the_last_week():
    assert spread(4, 1, 6) == [1, 3, 4, 6]
    assert spread(4, 3, 3) == [3, 3, 3, 3]
    assert spread(1, 5, 9) == [9]


def test_the_same_inputs_give_the_same_plan(library):
    assert plan_for(library, hours_per_week=9) == plan_for(library, hours_per_week=9)
