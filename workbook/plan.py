"""Pathway + profile → the personal schedule: every piece of work placed, in order, on the calendar.

Pure data, no I/O and no ReportLab. Every rule of the schedule is stated here, once.

Calendar
* Weeks run Monday to Sunday, or Sunday to Saturday (the profile's `week_starts`; the one rule
  is `profile.week_start`). A day is free when it is on or after the start date and no time off
  covers it. A week with 3 or more free days is a working week; its hours are the profile's hours
  x free days / 7, counted in quarter hours (rounded down). A week with fewer free days (a break of
  5 days or more) is a week off: no work and no page. The plan begins with the first working week.

Effort
* Baseline: the midpoint of the page's weekly hours (12.5 for "10-15 hours a week").
* A task whose effort the seed states keeps it. An action-plan step of its own (a sign-up, a
  message, a note, one conversation) takes 1 hour; one that applies for roles is job-search work
  of medium size. Paced applications take 30 minutes each, at
  the page's top rate for the page's weeks. The rest of a phase's hours at the baseline (its weeks
  x the baseline) is shared by its other work by size: small 1, medium 2, large 4. So at the
  baseline, with the skills at the level the page assumes, each phase keeps the page's weeks.
* Ratings: a skill the profile does not rate counts as level 1 (aware), the level the pages assume
  of a backend developer. Work that builds a skill below its target takes (1 + (1 - level) / 2)
  times its hours: 1.5x at level 0, 1x at level 1, 0.5x at level 2. At or above the target (3 for
  Critical or Important, 2 for Nice to have) it becomes a review at a quarter of its hours. A
  certification or exam the seed names is required whatever the rating: never a review, and never
  under half its hours.
* Work in the new role (the first 90 days) asks for no study hours.
* Work already done (a replanned book: the profile's `done`) is left out: finished work is
  dropped, with the action-plan steps that only restate it, and nothing waits for it; work partly
  done takes the rest of its hours. The job search runs in calendar weeks, so it is dropped only
  once finished (the interviews with the applications), never shortened. Phases and skills with
  no work left have no span: the book numbers the phases that remain from 1.

Order
* Phases run in order: a phase's work starts once all the work of the phase before is done (in
  the same week if hours are left). Work starts only once everything it comes after is done.
* Within a phase, the action plan comes first ("this week", then "this month", then "next 90
  days"; in each, its own small steps before the work it restates), then the rest in the page's
  order. Two things run at a time: a week's hours are split evenly between the two pieces of work
  under way (or next in line); one that needs less hands the rest on. Work of an hour or less is
  done whole, in one week, when another piece of work can use the hours left that week.
* What the page says to do this week or this month lands in that horizon (week 1; weeks 1-4).
  Its steps of their own are spread over the horizon's weeks (this month's over weeks 2-4) and
  the work its steps start is begun by the horizon's last week; once its week comes, such work
  takes the week's hours before other work, and when they are too few it shares them evenly.

Calendar-bound work: the job search, the same rule on every page
* Applications begin the week after the rest of their phase's work is done and run for the page's
  weeks (where the page gives no pace: its job-search phase's weeks). Paced, they go at the
  page's top rate, or as many as the week's hours allow; unpaced, at an even share of their hours
  a week.
* Interviews run from the week after the first application for the interview loop's weeks (where
  the page gives none: INTERVIEW_WEEKS). They take up to what the baseline leaves after the
  applications' weekly hours (12.5 - 15 x 0.5 = 5 hours for the AI PM page). A week with fewer
  hours than both need shares them in that proportion (applications in whole ones).
* Work that comes after the applications (weighing and negotiating the offers the loop brings)
  is done the week after the interview loop, in the hours that week has.
* The new role starts after NOTICE_WEEKS working weeks of notice (no study) after the week the
  offer is settled; its phase runs the page's weeks, its tasks spread evenly over them, the last
  in the last week.

Dates
* An action-plan step that restates roadmap work is dated when that work reaches the point the step
  names: its start, its finish, or a share of its hours.
* A skill is in focus from the first to the last week of the study and project work that builds
  it (not the job search's, not the new role's). Within a phase, work on Nice-to-have skills comes
  after the rest of the same part of the plan.
* Milestones: the end of each phase (the week its last work is done), the first application, the
  start in the new role, and the planned finish. Each has one date: the first day of its week for
  a start (the first application, the new role), else the last day of its week.

Warnings (the plan is still made)
* Ready for the new role sooner than the page's realistic minimum: the fastest move it reports, or
  else its roadmap before the new role at the top of its hours range.
* Longer than two years (104 weeks); or else, fewer hours a week than the page's range.
* Fewer applications a week than the page's lower rate.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from workbook.content import LEARNING_KINDS, ActionItem, Applications, Pathway, SkillToLearn
from workbook.content import Work as Content
from workbook.profile import MIN_FREE_DAYS, Profile, free_days, per_week, week_start

QUARTERS = 4  # hours are planned in quarter hours
TARGET_LEVEL = {"critical": 3, "important": 3, "nice-to-have": 2}
UNRATED_LEVEL = 1
LEVEL_STEP = 0.5  # each level below or above 1 adds or removes half the seed's effort
REVIEW_SHARE = 0.25
REQUIRED_FLOOR = 0.5
SIZE_WEIGHT = {"small": 1, "medium": 2, "large": 4}
STEP_HOURS = 1.0
WHOLE = 4  # quarter hours: an hour's work or less is done in one sitting, not split over weeks
APPLICATION_HOURS = 0.5
STREAMS = 2
TOO_LONG_WEEKS = 104
MAX_PLAN_WEEKS = 520
HORIZONS = ("this_week", "this_month", "next_90_days")
HORIZON_LABELS = {
    "this_week": "This week",
    "this_month": "This month",
    "next_90_days": "Next 90 days",
}
HORIZON_WEEKS = {"this_week": 1, "this_month": 4, "next_90_days": 13}  # the last week each covers
EARLY_HORIZONS = ("this_week", "this_month")  # their own steps are done within these weeks
INTERVIEWS_ID = "interviews"
INTERVIEW_WEEKS = 6  # the interview loop where the page gives none (the essay's longest loop)
NOTICE_WEEKS = 2  # between the settled offer and the new role: the usual notice to leave a job
STARTS = ("first-application", "new-role")  # milestones dated by the first day of their week
ONSITES_PER_APPLICATIONS = (11, 23)  # the essay: 23 applications, 11 onsites, 4 offers


class PlanTooLong(ValueError):
    """The profile's hours make the plan longer than a workbook can sensibly hold."""


@dataclass(frozen=True)
class Item:
    """One piece of work with the hours it takes this person."""

    id: str
    kind: str  # study | project | network | job-search | on-the-job | review
    title: str
    hours: float  # in total; a recurring item: over all its weeks
    phase_id: str
    base_hours: float = 0.0  # at the level the page assumes, before the person's ratings
    after: tuple[str, ...] = ()
    recurring: bool = False
    skill_id: str | None = None
    worksheets: tuple[str, ...] = ()  # the sheets it is written on
    required: bool = False
    derived: str | None = None  # how the hours were set when the seed does not state them
    horizon: str | None = None  # an action-plan step: which part of the plan it comes from
    marks: tuple[str, ...] = ()  # an action-plan step dated by this roadmap work

    @property
    def step(self) -> bool:
        return self.horizon is not None


@dataclass(frozen=True)
class Work:
    """An item's share of one week."""

    item_id: str
    hours: float
    due: bool  # finished (a step: reached) this week
    count: int | None = None  # applications: how many this week


@dataclass(frozen=True)
class Week:
    start: dt.date
    number: int | None  # working-week number, None for a week off
    hours_available: float = 0.0
    work: tuple[Work, ...] = ()
    phase_ids: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()  # skills in focus
    first_day: dt.date | None = None  # the start date, in the first week

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def off(self) -> bool:
        return self.number is None

    @property
    def hours_planned(self) -> float:
        return sum(w.hours for w in self.work)


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
    span: Span  # from the first to the last week of study work that builds it
    phase_id: str  # the phase whose work starts it
    hours: float
    review: bool  # already at its target: review only


@dataclass(frozen=True)
class Milestone:
    id: str
    name: str
    week: int
    date: dt.date  # the one date every page prints for it


@dataclass(frozen=True)
class Plan:
    pathway_id: str
    requested_start: dt.date
    hours_per_week: float
    baseline_hours: float
    weeks: tuple[Week, ...]
    items: tuple[Item, ...]
    phases: tuple[PhaseSpan, ...]
    tracks: tuple[SkillTrack, ...]
    milestones: tuple[Milestone, ...]
    warnings: tuple[str, ...]
    applications: int  # planned in total
    ready_week: int  # the last working week before the new role
    notice: tuple[int, ...] = ()  # working weeks of notice at the current job, no study

    @property
    def start(self) -> dt.date:
        return self.weeks[0].first_day or self.weeks[0].start

    @property
    def finish(self) -> dt.date:
        return self.weeks[-1].end

    @property
    def working_weeks(self) -> tuple[Week, ...]:
        return tuple(w for w in self.weeks if not w.off)

    def week(self, number: int) -> Week:
        return self.working_weeks[number - 1]

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    def due_week(self, item_id: str) -> int:
        """The working week an item is done (a recurring one: its last week)."""
        return max(w.number for w in self.working_weeks for x in w.work if x.item_id == item_id)

    def first_week(self, item_id: str) -> int:
        return min(w.number for w in self.working_weeks for x in w.work if x.item_id == item_id)

    def phase_span(self, phase_id: str) -> PhaseSpan:
        return next(p for p in self.phases if p.phase_id == phase_id)

    def milestone(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)


def target_level(skill: SkillToLearn) -> int:
    return TARGET_LEVEL[skill.priority]


def rating_factor(level: int | None, target: int) -> float | None:
    """How much of the seed's effort a skill's work takes at this level; None: review only."""
    level = UNRATED_LEVEL if level is None else level
    if level >= target:
        return None
    return 1 + (UNRATED_LEVEL - level) * LEVEL_STEP


def expected_interviews(applications: int) -> int:
    """Interviews to plan room for: 11 in 23 applications reached an onsite in the essay."""
    reached, sent = ONSITES_PER_APPLICATIONS
    return math.ceil(applications * reached / sent)


def spread(count: int, first: int, last: int) -> list[int]:
    """Place `count` items evenly over weeks first..last, the last item in the last week."""
    length = last - first + 1
    return [first + max(0, math.floor((i + 1) * length / count) - 1) for i in range(count)]


def units(hours: float) -> int:
    return max(1, math.ceil(hours * QUARTERS - 1e-9))


def make_plan(pathway: Pathway, profile: Profile) -> Plan:
    baseline = pathway.hours_per_week.midpoint
    items = _items(pathway, profile, baseline)
    schedule = _Schedule(pathway, profile, items, baseline)
    schedule.run()
    return schedule.plan()


# -- items: the content's work with this person's hours --------------------------------------


def _items(pathway: Pathway, profile: Profile, baseline: float) -> dict[str, Item]:
    skills = {s.id: s for s in pathway.skills_to_learn}
    ranks = _horizon_ranks(pathway)
    base = _base_hours(pathway, baseline)
    items: dict[str, Item] = {}
    phase_of = pathway.phase_of
    for work in pathway.all_work:
        hours, derived = base[work.id]
        kind = work.kind
        required = isinstance(work, Content) and work.required
        if work.skill is not None and kind != "on-the-job":
            skill = skills[work.skill]
            factor = rating_factor(profile.level(skill.id), target_level(skill))
            if factor is None and not required:
                kind, factor = "review", REVIEW_SHARE
            elif required:
                factor = max(factor or 0, REQUIRED_FLOOR)
            hours *= factor
        if work.applications is None:  # the rest of work partly done (calendar work: whole)
            hours *= 1 - min(profile.done.get(work.id, 0.0), 1)
        hours = units(hours) / QUARTERS if hours else 0.0  # planned in whole quarter hours
        items[work.id] = Item(
            id=work.id,
            kind=kind,
            title=work.text,
            hours=hours,
            phase_id=phase_of[work.id],
            base_hours=base[work.id][0],
            after=tuple(work.after),
            recurring=work.applications is not None,
            skill_id=work.skill,
            worksheets=tuple(work.worksheets),
            required=required,
            derived=derived,
            horizon=ranks.get(work.id, (None, None))[1] if isinstance(work, ActionItem) else None,
        )
    for horizon in HORIZONS:
        for step in getattr(pathway.action_plan, horizon):
            if step.marks:
                marked = items[step.marks[0]]
                items[step.id] = Item(
                    id=step.id,
                    kind=marked.kind,
                    title=step.text,
                    hours=0.0,
                    phase_id=marked.phase_id,
                    after=tuple(step.marks),
                    worksheets=tuple(step.worksheets),
                    derived=f"counted in: {', '.join(items[m].title for m in step.marks)}",
                    horizon=horizon,
                    marks=tuple(step.marks),
                )
    applying = next((w for w in pathway.all_work if w.applications is not None), None)
    if applying is not None:
        items[INTERVIEWS_ID] = Item(
            id=INTERVIEWS_ID,
            kind="job-search",
            title="Interviews: screens, the onsite loop and preparing for each round",
            hours=0.0,
            phase_id=phase_of[applying.id],
            after=(applying.id,),
            recurring=True,
            worksheets=tuple(  # the rounds are tracked, and each is prepared from the bank
                w.id for w in pathway.worksheets if w.kind in ("interview-tracker", "story-bank")
            ),
            derived=_loop_source(applying.applications),
        )
    return _remaining(items, profile.done)


def _remaining(items: dict[str, Item], done: dict[str, float]) -> dict[str, Item]:
    """The items without the finished ones (and the steps that only restate them); nothing
    waits for finished work."""
    finished = {item_id for item_id, share in done.items() if share >= 1}
    if any(items[i].recurring for i in finished if i in items):  # the applications
        finished.add(INTERVIEWS_ID)
    if not finished:
        return items
    kept = {}
    for key, item in items.items():
        marks = tuple(m for m in item.marks if m not in finished)
        if key not in finished and (marks or not item.marks):
            after = tuple(a for a in item.after if a not in finished)
            kept[key] = replace(item, after=after, marks=marks)
    return kept


def interview_weeks(apps: Applications) -> int:
    return apps.interview_weeks or INTERVIEW_WEEKS


def _loop_source(apps: Applications) -> str:
    if apps.interview_weeks:
        return f"the interview loop: {apps.source}"
    return f"the interview loop: the page gives none, so the plan allows {INTERVIEW_WEEKS} weeks"


def _paced(work) -> Applications | None:
    apps = getattr(work, "applications", None)
    return apps if apps is not None and apps.paced else None


def _horizon_ranks(pathway: Pathway) -> dict[str, tuple[int, str]]:
    """Work id → (rank, horizon) of the earliest action-plan step that is it or marks it."""
    ranks: dict[str, tuple[int, str]] = {}
    for rank, horizon in enumerate(HORIZONS):
        for step in getattr(pathway.action_plan, horizon):
            for work_id in [step.id, *step.marks]:
                ranks.setdefault(work_id, (rank, horizon))
    return ranks


def _base_hours(pathway: Pathway, baseline: float) -> dict[str, tuple[float, str | None]]:
    """Work id → (hours at the level the page assumes, how they were derived or None)."""
    found: dict[str, tuple[float, str | None]] = {}
    for number, phase in enumerate(pathway.roadmap, 1):
        members = [w for w in pathway.all_work if pathway.phase_of[w.id] == phase.id]
        budget = phase.weeks * baseline
        shared = []
        for work in members:
            apps = _paced(work)
            if work.kind == "on-the-job":
                found[work.id] = (0.0, "work in the new role: no study hours")
            elif isinstance(work, ActionItem) and work.applications is None:
                found[work.id] = (STEP_HOURS, "an action-plan step of its own: 1 hour")
            elif isinstance(work, Content) and work.hours is not None:
                found[work.id] = (work.hours, None)
            elif apps is not None:
                low, high = apps.per_week
                hours = high * apps.weeks * APPLICATION_HOURS
                found[work.id] = (
                    hours,
                    f"30 minutes an application, {high} a week (the page's {low}-{high}) "
                    f"for {apps.weeks} weeks",
                )
            else:
                shared.append(work)
        rest = budget - sum(found[w.id][0] for w in members if w not in shared)
        sizes = [w.size if isinstance(w, Content) else "medium" for w in shared]  # a step: medium
        weights = [SIZE_WEIGHT[size] for size in sizes]
        for work, size, weight, quarters in zip(
            shared, sizes, weights, _shares(round(max(rest, 0) * QUARTERS), weights), strict=True
        ):
            found[work.id] = (
                quarters / QUARTERS,
                f"{size}: {weight} of {sum(weights)} shares of the {max(rest, 0):g} h "
                f"left in phase {number}",
            )
    return found


def _shares(total: int, weights: list[int]) -> list[int]:
    """`total` quarter hours shared by weight in whole quarters summing to the total, with at
    least one quarter each (a phase whose steps take all its hours still plans its work)."""
    if not weights:
        return []
    exact = [total * w / sum(weights) for w in weights]
    given = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda n: (given[n] - exact[n], n))
    for n in by_remainder[: max(total - sum(given), 0)]:
        given[n] += 1
    return [max(quarters, 1) for quarters in given]  # all work takes some time, however little


# -- the calendar ---------------------------------------------------------------------------


def _calendar(profile: Profile) -> Iterator[tuple[dt.date, int]]:
    """(first day, capacity in quarter hours or -1 for a week off) of each week, from the first
    working week."""
    first = week_start(profile.start_date, profile.week_starts)
    started = False
    for _ in range(MAX_PLAN_WEEKS + 60):
        free = free_days(first, profile.start_date, profile.weeks_off)
        if free >= MIN_FREE_DAYS:
            started = True
            yield first, math.floor(profile.hours_per_week * QUARTERS * free / 7 + 1e-9)
        elif started:
            yield first, -1
        first += dt.timedelta(days=7)
    raise PlanTooLong("the time off leaves no working week")


# -- the scheduler ---------------------------------------------------------------------------


@dataclass
class _WeekBuilder:
    start: dt.date
    number: int | None
    capacity: int  # quarter hours
    left: int
    work: dict[str, list] = field(default_factory=dict)  # item id → [units, due, count]

    def give(self, item_id: str, amount: int, due: bool = False, count: int | None = None):
        entry = self.work.setdefault(item_id, [0, False, None])
        entry[0] += amount
        entry[1] = entry[1] or due
        if count is not None:
            entry[2] = count
        self.left -= amount


class _Schedule:
    def __init__(self, pathway: Pathway, profile: Profile, items: dict[str, Item], baseline):
        self.pathway, self.profile, self.items, self.baseline = pathway, profile, items, baseline
        self.calendar = _calendar(profile)
        self.weeks: list[_WeekBuilder] = []
        self.remaining = {i.id: units(i.hours) for i in items.values() if i.hours > 0}
        self.done: set[str] = set()
        self.warnings: list[str] = []
        self.applications = 0
        self.ready_week = 0
        self.spans: dict[str, Span] = {}  # phases whose span is set by the calendar
        self.notice: list[int] = []  # working weeks of notice before the new role
        self.starts = {  # work a step of this week or this month begins → its horizon's last week
            work_id: HORIZON_WEEKS[horizon]
            for horizon in EARLY_HORIZONS
            for step in getattr(pathway.action_plan, horizon)
            if step.at == "start"
            for work_id in step.marks
        }
        self.slots = {}  # a step of its own of this week or this month → the week it is done by
        first = 1
        for horizon in EARLY_HORIZONS:
            steps = getattr(pathway.action_plan, horizon)
            own = [s.id for s in steps if not s.marks and s.id in items]
            last = HORIZON_WEEKS[horizon]
            self.slots.update(zip(own, spread(len(own), first, last), strict=True))
            first = last + 1

    # calendar cursor

    def next_week(self) -> _WeekBuilder:
        while True:
            try:
                first, capacity = next(self.calendar)
            except StopIteration:  # pragma: no cover - _calendar raises first
                raise PlanTooLong("the plan does not end") from None
            if len(self.weeks) >= MAX_PLAN_WEEKS:
                raise PlanTooLong(
                    f"at {per_week(self.profile.hours_per_week)} the plan would run over "
                    f"{MAX_PLAN_WEEKS} weeks ({MAX_PLAN_WEEKS // 52} years); "
                    "plan more hours a week"
                )
            number = None if capacity < 0 else sum(w.number is not None for w in self.weeks) + 1
            week = _WeekBuilder(first, number, max(capacity, 0), max(capacity, 0))
            self.weeks.append(week)
            if number is not None:
                return week

    def current(self) -> _WeekBuilder:
        """The working week being filled; a new one when the last is full."""
        if not self.weeks or self.weeks[-1].left <= 0 or self.weeks[-1].number is None:
            return self.next_week()
        return self.weeks[-1]

    # phases

    def run(self) -> None:
        for phase in self.pathway.roadmap:
            members = [i for i in self.items.values() if i.phase_id == phase.id and not i.marks]
            if phase.kind == "on-the-job":
                self.ready_week = self.weeks_done()
                self.on_the_job(phase, members)
                continue
            paced = [i for i in members if i.recurring]
            rest = [i for i in members if not i.recurring]
            offers = [i for i in rest if set(i.after) & {p.id for p in paced}]
            self.effort([i for i in rest if i not in offers])
            if paced:
                self.job_search(paced[0], phase)
                self.settle(offers)
            else:
                self.effort(offers)
        if not self.ready_week:
            self.ready_week = self.weeks_done()

    def weeks_done(self) -> int:
        return sum(w.number is not None for w in self.weeks)

    def effort(self, members: list[Item]) -> None:
        """Fill working weeks with the phase's work, two at a time, in order."""
        order = self.priority(members)
        pending = [i for i in order if i.id in self.remaining]
        under_way: list[str] = []
        while pending:
            week = self.current()
            for item_id in self.early_steps(week, pending):
                if item_id in self.done:  # a step done in its own week, begun or not
                    pending = [i for i in pending if i.id != item_id]
                    if item_id in under_way:
                        under_way.remove(item_id)
                elif item_id not in under_way:
                    under_way.append(item_id)
            ready = [
                i.id
                for i in pending
                if i.id not in under_way and all(d in self.done for d in i.after)
            ]
            if week.left <= 0 or not pending:
                continue
            fits = [i for i in ready if self.remaining[i] > WHOLE or self.remaining[i] <= week.left]
            streams = (under_way + (fits or ready))[:STREAMS]
            gives = _split(week.left, [self.remaining[s] for s in streams])
            if not any(gives):  # cannot be (each stream needs hours, the week has some); were
                # it so, the loop would run forever: a batch's worker would hang, not report it
                raise RuntimeError(f"no hours placed in week {week.number}: {streams}")
            for item_id, amount in zip(streams, gives, strict=True):
                if amount == 0:
                    continue
                self.remaining[item_id] -= amount
                finished = self.remaining[item_id] == 0
                week.give(item_id, amount, due=finished)
                if item_id not in under_way:
                    under_way.append(item_id)
                if finished:
                    self.done.add(item_id)
                    under_way.remove(item_id)
                    pending = [i for i in pending if i.id != item_id]
        for item in members:
            self.done.add(item.id)

    def early_steps(self, week: _WeekBuilder, pending: list[Item]) -> list[str]:
        """What the page says to do this week or this month, given the week's hours before
        other work once its week comes: its own steps whole, the work its steps start begun
        (a quarter hour); when the week has too few hours they share them evenly. Returns the
        work given hours."""
        early = [(i, self.slots[i.id], self.remaining[i.id]) for i in pending if i.id in self.slots]
        early += [
            (i, self.starts[i.id], 1)
            for i in pending
            if i.id in self.starts and self.remaining[i.id] == units(i.hours)
        ]
        due = [
            (item, need)
            for item, slot, need in early
            if slot <= week.number and all(d in self.done for d in item.after)
        ]
        if sum(need for _, need in due) > week.left:
            count, left = len(due), week.left
            due = [(item, left // count + (n < left % count)) for n, (item, _) in enumerate(due)]
        for item, amount in due:
            self.remaining[item.id] -= amount
            if item.step:  # a step of its own is done in the time the week gives it
                self.remaining[item.id] = 0
            finished = self.remaining[item.id] == 0
            week.give(item.id, amount, due=finished)
            if finished:
                self.done.add(item.id)
        return [item.id for item, _ in due]

    def priority(self, members: list[Item]) -> list[Item]:
        ranks = _horizon_ranks(self.pathway)
        position = {item.id: n for n, item in enumerate(members)}
        optional = {s.id for s in self.pathway.skills_to_learn if s.priority == "nice-to-have"}
        return sorted(
            members,
            key=lambda i: (
                ranks.get(i.id, (len(HORIZONS),))[0],
                not i.step,
                i.skill_id in optional,
                position[i.id],
            ),
        )

    def job_search(self, item: Item, phase) -> None:
        """Applications for the page's weeks, then the interview loop, in calendar weeks."""
        apps = next(w for w in self.pathway.all_work if w.id == item.id).applications
        weeks = apps.weeks or phase.weeks
        loop = interview_weeks(apps)
        each = round(APPLICATION_HOURS * QUARTERS)
        if apps.paced:
            low, high = apps.per_week
            rate = high * each
        else:
            low = high = None
            rate = math.ceil(units(item.hours) / weeks)
        interview_cap = max(0, round(self.baseline * QUARTERS) - rate)
        short = []
        for offset in range(max(weeks, 1 + loop)):
            week = self.next_week()
            applying, interviewing = offset < weeks, 1 <= offset <= loop
            share = week.left
            if applying and interviewing and week.left < rate + interview_cap:
                least = min(week.left, each if apps.paced else 1)  # an application at least
                share = max(week.left * rate // (rate + interview_cap), least)
            if applying and apps.paced:
                count = min(high, share // each)
                if count < low:
                    short.append(count)
                self.applications += count
                week.give(item.id, count * each, due=offset == weeks - 1, count=count)
            elif applying:
                week.give(item.id, min(rate, share), due=offset == weeks - 1)
            if interviewing:
                week.give(INTERVIEWS_ID, min(week.left, interview_cap), due=offset == loop)
            week.left = 0
        self.done.update((item.id, INTERVIEWS_ID))
        if short:
            self.warnings.append(
                f"At {per_week(self.profile.hours_per_week)} there is room for as few as "
                f"{min(short)} application{'' if min(short) == 1 else 's'} a week, fewer than "
                f"the {low}-{high} a week "
                "the page advises."
            )

    def settle(self, offers: list[Item]) -> None:
        """The offers are weighed and negotiated the week after the loop, in the hours it has."""
        if not offers:
            return
        week = self.next_week()
        gives = _split(week.left, [self.remaining.get(i.id, 0) for i in offers])
        for item, amount in zip(offers, gives, strict=True):
            week.give(item.id, amount, due=True)
            self.remaining[item.id] = 0
            self.done.add(item.id)
        week.left = 0

    def on_the_job(self, phase, members: list[Item]) -> None:
        for _ in range(NOTICE_WEEKS):  # notice at the current job: no study target
            week = self.next_week()
            week.left = week.capacity = 0
            self.notice.append(week.number)
        first = self.weeks_done() + 1
        weeks = [self.next_week() for _ in range(phase.weeks)]
        self.spans[phase.id] = Span(first, first + phase.weeks - 1)
        tasks = [i for i in members if not i.recurring]
        for week in weeks:
            week.left = week.capacity = 0  # no study target in the new role
        due = spread(len(tasks), first, first + phase.weeks - 1)
        for item, number in zip(tasks, due, strict=True):
            weeks[number - first].give(item.id, 0, due=True)
            self.done.add(item.id)

    # the result

    def plan(self) -> Plan:
        weeks = self.built_weeks()
        return _assemble(self, weeks)

    def built_weeks(self) -> list[_WeekBuilder]:
        """The calendar, with the action plan's steps dated where their work reaches them."""
        progress = _progress(self.weeks)
        for item in self.items.values():
            if not item.marks:
                continue
            at = self.step_point(item.id)
            number = max(
                _reached(progress, marked, self.items[marked], at) for marked in item.marks
            )
            next(w for w in self.weeks if w.number == number).give(item.id, 0, due=True)
        return self.weeks

    def step_point(self, step_id: str):
        return next(s for s in self.pathway.action_plan.items if s.id == step_id).at


def _split(left: int, needs: list[int]) -> list[int]:
    """Share `left` quarter hours between the streams, in their order: larger work evenly, an
    hour's work or less whole if it fits beside them, none beyond its need."""
    small = [need <= WHOLE for need in needs]
    give = [0 if s else min(need, left // len(needs)) for s, need in zip(small, needs, strict=True)]
    free = left - sum(give)
    for n, need in enumerate(needs):
        if small[n] and need <= free:
            give[n], free = need, free - need
    for n, need in enumerate(needs):
        extra = min(need - give[n], free) if not small[n] else 0
        give[n], free = give[n] + extra, free - extra
    if not any(give):  # only small work left, none of it fits: start the first
        give[0] = min(needs[0], left)
    return give


def _progress(weeks: list[_WeekBuilder]) -> dict[str, list[tuple[int, int, bool]]]:
    """Item id → [(week number, quarter hours, due)] in calendar order."""
    found: dict[str, list[tuple[int, int, bool]]] = {}
    for week in weeks:
        for item_id, (amount, due, _count) in week.work.items():
            found.setdefault(item_id, []).append((week.number, amount, due))
    return found


def _reached(progress, item_id: str, item: Item, at) -> int:
    """The week an item's work reaches `at`: 'start', 'finish' or a share of its hours."""
    record = progress[item_id]
    if at == "start":
        return record[0][0]
    if at == "finish" or item.hours == 0:
        return record[-1][0]
    total = sum(amount for _, amount, _ in record)
    done = 0
    for number, amount, _due in record:
        done += amount
        if done >= at * total - 1e-9:
            return number
    return record[-1][0]  # pragma: no cover - the loop always reaches the total


# -- assembling the plan ---------------------------------------------------------------------


def _assemble(schedule: _Schedule, built: list[_WeekBuilder]) -> Plan:
    pathway, profile, items = schedule.pathway, schedule.profile, schedule.items
    planned = {}  # calendar-bound work (the job search, early steps) takes what it is given
    for week in built:
        for item_id, (amount, _due, _count) in week.work.items():
            planned[item_id] = planned.get(item_id, 0) + amount
    items = {
        key: replace(item, hours=planned[key] / QUARTERS)
        if key in planned and not item.marks
        else item
        for key, item in items.items()
    }
    phases = _phase_spans(pathway, items, built, schedule.spans)
    tracks = _tracks(pathway, profile, items, built)
    weeks = _weeks(built, phases, tracks, profile)
    plan = Plan(
        pathway_id=pathway.id,
        requested_start=profile.start_date,
        hours_per_week=profile.hours_per_week,
        baseline_hours=schedule.baseline,
        weeks=tuple(weeks),
        items=tuple(items.values()),
        phases=phases,
        tracks=tracks,
        milestones=(),
        warnings=(),
        applications=schedule.applications,
        ready_week=schedule.ready_week,
        notice=tuple(schedule.notice),
    )
    return _with_milestones_and_warnings(plan, pathway, schedule.warnings, bool(profile.done))


def _weeks(built, phases, tracks, profile) -> list[Week]:
    weeks = []
    for week in built:
        if week.number is None:
            weeks.append(Week(week.start, None))
            continue
        number = week.number
        starts_within = week.start < profile.start_date <= week.start + dt.timedelta(days=6)
        weeks.append(
            Week(
                start=week.start,
                number=number,
                hours_available=week.capacity / QUARTERS,
                work=tuple(
                    Work(item_id, amount / QUARTERS, due, count)
                    for item_id, (amount, due, count) in week.work.items()
                ),
                phase_ids=tuple(p.phase_id for p in phases if _within(number, p.span)),
                skills=tuple(t.skill_id for t in tracks if _within(number, t.span)),
                first_day=profile.start_date if starts_within else None,
            )
        )
    return weeks


def _within(number: int, span: Span) -> bool:
    return span.first <= number <= span.last


def _phase_spans(pathway, items, built, fixed: dict[str, Span]) -> tuple[PhaseSpan, ...]:
    spans = []
    for phase in pathway.roadmap:
        members = {i.id for i in items.values() if i.phase_id == phase.id and not i.marks}
        numbers = [w.number for w in built if w.number is not None and members & set(w.work)]
        if not numbers and phase.id not in fixed:  # all its work is done (a replanned book)
            continue
        spans.append(
            PhaseSpan(
                phase.id,
                phase.name,
                phase.kind,
                fixed.get(phase.id) or Span(min(numbers), max(numbers)),
                sum(items[i].hours for i in members),
            )
        )
    return tuple(spans)


def _tracks(pathway, profile, items, built) -> tuple[SkillTrack, ...]:
    order = {phase.id: n for n, phase in enumerate(pathway.roadmap)}
    tracks = []
    for skill in pathway.skills_to_learn:
        members = {
            i.id
            for i in items.values()
            if i.skill_id == skill.id
            and not i.step
            and (i.kind in LEARNING_KINDS or i.kind == "review")
        }
        numbers = [w.number for w in built if w.number is not None and members & set(w.work)]
        if not numbers:  # all its work is done (a replanned book)
            continue
        first = next(w for w in built if w.number == min(numbers))
        tracks.append(
            SkillTrack(
                skill_id=skill.id,
                name=skill.name,
                priority=skill.priority,
                current=profile.level(skill.id),
                target=target_level(skill),
                seed_weeks=skill.weeks,
                span=Span(min(numbers), max(numbers)),
                phase_id=min((items[i].phase_id for i in members & set(first.work)), key=order.get),
                hours=sum(items[i].hours for i in members),
                review=rating_factor(profile.level(skill.id), target_level(skill)) is None,
            )
        )
    return tuple(tracks)


def _with_milestones_and_warnings(
    plan: Plan, pathway: Pathway, warnings: list[str], resumed: bool
) -> Plan:
    marks = [
        (f"end-{span.phase_id}", f"End of {span.name}", span.span.last)
        for span in plan.phases
        if span.kind != "on-the-job"
    ]
    applying = next((i for i in plan.items if i.recurring and _applies(pathway, i.id)), None)
    if applying is not None:
        marks.append(("first-application", "First application", plan.first_week(applying.id)))
    new_role = next((p for p in plan.phases if p.kind == "on-the-job"), None)
    if new_role is not None:
        marks.append(("new-role", "Start in your new role", new_role.span.first))
    marks.append(("finish", "Planned finish", len(plan.working_weeks)))
    milestones = sorted(
        (Milestone(key, name, week, _milestone_date(plan, key, week)) for key, name, week in marks),
        key=lambda m: m.week,
    )
    return Plan(
        **{
            **plan.__dict__,
            "milestones": tuple(milestones),
            "warnings": tuple(_pace_warnings(plan, pathway, resumed) + warnings),
        }
    )


def _milestone_date(plan: Plan, milestone_id: str, number: int) -> dt.date:
    """A start falls on the first day of its week (the start date in the first week), the rest
    on the last day of theirs."""
    week = plan.week(number)
    return (week.first_day or week.start) if milestone_id in STARTS else week.end


def _applies(pathway: Pathway, item_id: str) -> bool:
    work = next((w for w in pathway.all_work if w.id == item_id), None)
    return work is not None and work.applications is not None


def realistic_minimum(pathway: Pathway) -> tuple[int, str]:
    """The fewest weeks to the new role the page treats as realistic, and where that comes from."""
    if pathway.fastest is not None:
        return round(pathway.fastest.months * 52 / 12), pathway.fastest.source
    seed = sum(p.weeks for p in pathway.roadmap if p.kind != "on-the-job")
    top = pathway.hours_per_week.max
    weeks = math.ceil(seed * pathway.hours_per_week.midpoint / top - 1e-9)
    return weeks, f"the page's {seed} weeks before the new role at its top rate of {top:g} hours"


def _pace_warnings(plan: Plan, pathway: Pathway, resumed: bool) -> list[str]:
    """Warnings on the pace (a replanned book's remaining work is not held to the minimum)."""
    hours = per_week(plan.hours_per_week)
    found = []
    minimum, source = realistic_minimum(pathway)
    ready = plan.weeks.index(plan.week(plan.ready_week)) + 1
    if ready < minimum and not resumed:
        found.append(
            f"At {hours} you are ready for the new role in {ready} weeks, sooner than the "
            f"{minimum} weeks the page treats as realistic ({source}). Courses, practice and "
            "hiring take calendar time too: treat these dates as the earliest possible."
        )
    low, high = pathway.hours_per_week.min, pathway.hours_per_week.max
    if len(plan.weeks) > TOO_LONG_WEEKS:
        found.append(
            f"At {hours} the plan runs {len(plan.weeks)} weeks ({len(plan.weeks) / 52:.1f} "
            f"years), longer than two years; the page plans for {low:g}-{high:g} hours a week."
        )
    elif plan.hours_per_week < low:
        timeline = pathway.summary.timeline
        found.append(
            f"At {hours}, below the {low:g}-{high:g} the page plans for, you are ready for the "
            f"new role in {ready} weeks (about {ready * 12 / 52:.0f} months)"
            + (f"; the page's timeline is {timeline}." if timeline else ".")
        )
    return found
