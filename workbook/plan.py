"""Pathway + profile → the personal schedule: dated weeks, phases, skill tracks, tasks, milestones.

Pure data, no I/O and no ReportLab. The rules, each in one place:

* Weeks run Monday to Sunday. A start on Monday to Wednesday begins the plan that week; a start on
  Thursday to Sunday begins it the following Monday (too little of the week is left to count).
* A calendar week is *off* when the profile's time off covers 4 or more of its 7 days. Off weeks
  carry no work; the plan moves past them, so each phase keeps its full number of working weeks.
* Hours: a pathway's roadmap weeks assume its baseline hours per week (the midpoint of the page's
  range, e.g. 12.5 for "10-15 hours"). A study or job-search phase needs
  ``weeks x baseline x share_still_to_learn`` hours and lasts ``ceil(hours / hours_per_week)``
  working weeks (at least one). An on-the-job phase (the first 90 days in the new role) keeps its
  calendar length whatever the study hours.
* Skill levels run 0-4. A skill to learn aims at level 3 when Critical or Important, 2 when Nice to
  have. The share still to learn is ``(target - current) / target`` (current 0 when the profile does
  not rate it). A skill at or above its target is dropped from the study tracks; a task building it
  still appears, as a review, weighing a quarter of a normal task.
* A phase's share still to learn is the mean weight of its tasks (1 for a task tied to no skill).
* Tasks are spread evenly over their phase's working weeks, the last task due in the last week.
* A skill track starts with the first phase that has a task building that skill (or with the plan)
  and lasts ``ceil(weeks x scale x share)`` working weeks, ending no later than the last phase.
* The action plan is placed in the first weeks: "this week" in week 1, "this month" over weeks 2-4,
  "next 90 days" over weeks 5-13 (working weeks; clamped to the plan's length).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from workbook.content import Pathway, SkillToLearn
from workbook.profile import Profile

TARGET_LEVEL = {"critical": 3, "important": 3, "nice-to-have": 2}
REVIEW_WEIGHT = 0.25
DAYS_OFF_FOR_WEEK_OFF = 4
LATEST_WEEKDAY_TO_START = 2  # Wednesday
MAX_PLAN_WEEKS = 520
ACTION_WINDOWS = {"this_week": (1, 1), "this_month": (2, 4), "next_90_days": (5, 13)}
ACTION_LABELS = {
    "this_week": "This week",
    "this_month": "This month",
    "next_90_days": "Next 90 days",
}


class PlanTooLong(ValueError):
    """The profile's hours make the plan longer than a workbook can sensibly hold."""


@dataclass(frozen=True)
class PlacedTask:
    phase_id: str
    index: int
    text: str
    skill_id: str | None
    review: bool
    week: int
    worksheet: str | None


@dataclass(frozen=True)
class Action:
    horizon: str
    text: str
    worksheet: str | None

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.horizon]


@dataclass(frozen=True)
class Week:
    start: dt.date
    number: int | None  # working-week number, None for a week off
    phase_id: str | None = None
    tasks: tuple[PlacedTask, ...] = ()
    tracks: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def off(self) -> bool:
        return self.number is None


@dataclass(frozen=True)
class Span:
    """A stretch of working weeks, by working-week number (inclusive)."""

    first: int
    last: int

    @property
    def weeks(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True)
class PhaseSpan:
    phase_id: str
    name: str
    kind: str
    span: Span
    hours: float


@dataclass(frozen=True)
class SkillTrack:
    skill_id: str
    name: str
    priority: str
    current: int | None
    target: int
    seed_weeks: int
    span: Span | None  # None when the skill is already at its target


@dataclass(frozen=True)
class Milestone:
    name: str
    week: int


@dataclass(frozen=True)
class Plan:
    pathway_id: str
    requested_start: dt.date
    hours_per_week: float
    baseline_hours: float
    weeks: tuple[Week, ...]
    phases: tuple[PhaseSpan, ...]
    tracks: tuple[SkillTrack, ...]
    milestones: tuple[Milestone, ...]

    @property
    def start(self) -> dt.date:
        return self.weeks[0].start

    @property
    def finish(self) -> dt.date:
        return self.weeks[-1].end

    @property
    def working_weeks(self) -> tuple[Week, ...]:
        return tuple(w for w in self.weeks if not w.off)

    @property
    def tasks(self) -> tuple[PlacedTask, ...]:
        return tuple(task for week in self.weeks for task in week.tasks)

    def week(self, number: int) -> Week:
        return self.working_weeks[number - 1]


def first_monday(start: dt.date) -> dt.date:
    monday = start - dt.timedelta(days=start.weekday())
    if start.weekday() > LATEST_WEEKDAY_TO_START:
        monday += dt.timedelta(days=7)
    return monday


def is_week_off(monday: dt.date, profile: Profile) -> bool:
    days = (monday + dt.timedelta(days=i) for i in range(7))
    covered = sum(1 for day in days if any(off.covers(day) for off in profile.weeks_off))
    return covered >= DAYS_OFF_FOR_WEEK_OFF


def target_level(skill: SkillToLearn) -> int:
    return TARGET_LEVEL[skill.priority]


def share_to_learn(skill: SkillToLearn, profile: Profile) -> float:
    target = target_level(skill)
    current = profile.level(skill.id) or 0
    return max(0, target - current) / target


def spread(count: int, first: int, last: int) -> list[int]:
    """Place `count` items evenly over weeks first..last, the last item in the last week."""
    length = last - first + 1
    return [first + max(0, math.floor((i + 1) * length / count) - 1) for i in range(count)]


def make_plan(pathway: Pathway, profile: Profile) -> Plan:
    baseline = pathway.hours_per_week.midpoint
    skills = {s.id: s for s in pathway.skills_to_learn}
    shares = {s.id: share_to_learn(s, profile) for s in pathway.skills_to_learn}
    phases = _phase_spans(pathway, profile, shares, baseline)
    total = phases[-1].span.last
    tracks = _tracks(pathway, profile, shares, phases, baseline)
    placed = _placed_tasks(pathway, phases, shares)
    actions = _placed_actions(pathway, total)
    weeks = _calendar(profile, total, phases, tracks, placed, actions)
    if len(weeks) > MAX_PLAN_WEEKS:
        raise PlanTooLong(
            f"at {profile.hours_per_week:g} hours a week the plan would run {len(weeks)} weeks "
            f"(over {MAX_PLAN_WEEKS // 52} years); plan more hours a week"
        )
    return Plan(
        pathway_id=pathway.id,
        requested_start=profile.start_date,
        hours_per_week=profile.hours_per_week,
        baseline_hours=baseline,
        weeks=weeks,
        phases=phases,
        tracks=tuple(t for t in tracks if t.skill_id in skills),
        milestones=_milestones(phases),
    )


def _phase_spans(
    pathway: Pathway, profile: Profile, shares: dict[str, float], baseline: float
) -> tuple[PhaseSpan, ...]:
    spans, next_week = [], 1
    for phase in pathway.roadmap:
        if phase.kind == "on-the-job":
            hours, weeks = phase.weeks * profile.hours_per_week, phase.weeks
        else:
            weights = [_task_weight(t.skill, shares) for t in phase.tasks]
            hours = phase.weeks * baseline * sum(weights) / len(weights)
            weeks = max(1, math.ceil(hours / profile.hours_per_week - 1e-9))
            if weeks > MAX_PLAN_WEEKS:
                raise PlanTooLong(
                    f"at {profile.hours_per_week:g} hours a week the phase {phase.name!r} alone "
                    f"would take {weeks} weeks; plan more hours a week"
                )
        span = Span(next_week, next_week + weeks - 1)
        spans.append(PhaseSpan(phase.id, phase.name, phase.kind, span, hours))
        next_week = span.last + 1
    return tuple(spans)


def _task_weight(skill_id: str | None, shares: dict[str, float]) -> float:
    if skill_id is None:
        return 1.0
    return max(shares[skill_id], REVIEW_WEIGHT)


def _tracks(
    pathway: Pathway,
    profile: Profile,
    shares: dict[str, float],
    phases: tuple[PhaseSpan, ...],
    baseline: float,
) -> list[SkillTrack]:
    study_end = max(p.span.last for p in phases if p.kind != "on-the-job")
    starts = {}
    for phase, span in zip(pathway.roadmap, phases, strict=True):
        for task in phase.tasks:
            if task.skill is not None:
                starts.setdefault(task.skill, span.span.first)
    tracks = []
    for skill in pathway.skills_to_learn:
        share = shares[skill.id]
        span = None
        if share > 0:
            weeks = math.ceil(skill.weeks * baseline / profile.hours_per_week * share - 1e-9)
            first = min(starts.get(skill.id, 1), study_end)
            span = Span(first, min(first + max(weeks, 1) - 1, study_end))
        tracks.append(
            SkillTrack(
                skill.id,
                skill.name,
                skill.priority,
                profile.level(skill.id),
                target_level(skill),
                skill.weeks,
                span,
            )
        )
    return tracks


def _placed_tasks(
    pathway: Pathway, phases: tuple[PhaseSpan, ...], shares: dict[str, float]
) -> dict[int, list[PlacedTask]]:
    placed: dict[int, list[PlacedTask]] = {}
    for phase, span in zip(pathway.roadmap, phases, strict=True):
        due = spread(len(phase.tasks), span.span.first, span.span.last)
        for index, (task, week) in enumerate(zip(phase.tasks, due, strict=True)):
            review = task.skill is not None and shares[task.skill] == 0
            placed.setdefault(week, []).append(
                PlacedTask(phase.id, index, task.text, task.skill, review, week, task.worksheet)
            )
    return placed


def _placed_actions(pathway: Pathway, total: int) -> dict[int, list[Action]]:
    placed: dict[int, list[Action]] = {}
    for horizon, (first, last) in ACTION_WINDOWS.items():
        items = getattr(pathway.action_plan, horizon)
        first, last = min(first, total), min(last, total)
        for item, week in zip(items, spread(len(items), first, last), strict=True):
            placed.setdefault(week, []).append(Action(horizon, item.text, item.worksheet))
    return placed


def _calendar(
    profile: Profile,
    total: int,
    phases: tuple[PhaseSpan, ...],
    tracks: list[SkillTrack],
    placed: dict[int, list[PlacedTask]],
    actions: dict[int, list[Action]],
) -> tuple[Week, ...]:
    weeks: list[Week] = []
    monday, number = first_monday(profile.start_date), 0
    while number < total:
        if is_week_off(monday, profile):
            weeks.append(Week(monday, None))
        else:
            number += 1
            weeks.append(
                Week(
                    start=monday,
                    number=number,
                    phase_id=next(p.phase_id for p in phases if _within(number, p.span)),
                    tasks=tuple(placed.get(number, ())),
                    tracks=tuple(t.skill_id for t in tracks if _within(number, t.span)),
                    actions=tuple(actions.get(number, ())),
                )
            )
        monday += dt.timedelta(days=7)
        if len(weeks) > MAX_PLAN_WEEKS:
            break
    return tuple(weeks)


def _within(number: int, span: Span | None) -> bool:
    return span is not None and span.first <= number <= span.last


def _milestones(phases: tuple[PhaseSpan, ...]) -> tuple[Milestone, ...]:
    milestones = [Milestone(f"End of {p.name}", p.span.last) for p in phases]
    job_search = next((p for p in phases if p.kind == "job-search"), None)
    if job_search is not None:
        milestones.append(Milestone("First application", job_search.span.first))
    milestones.append(Milestone("Planned finish", phases[-1].span.last))
    return tuple(sorted(milestones, key=lambda m: m.week))
