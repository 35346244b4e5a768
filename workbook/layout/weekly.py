"""Plan → the weekly checklists: exactly one page per working week, the section's introduction on
the first, and after the last week of each phase its review and a notes page (layout/review.py).

A weekly page lists the week's work, the skills in focus and the action plan's steps, squeezed to
fit above its foot if it must; the foot keeps its size: the hours row, the week's win and blocker
and the top three for the week ahead, then reflection lines to the bottom of the page.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Spacer, Table

from workbook.content import PRIORITY_LABELS
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.layout.review import (
    NOTES_PAGES,
    REVIEW_PAGES,
    SLACK,
    ending,
    phase_end,
    review_key,
)
from workbook.plan import HORIZON_LABELS, Item, Plan, Week, Work
from workbook.render.flowables import Deferred, Heading, LabelledBoxes, WritingLines
from workbook.render.theme import WRITING_LINE

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Total")
REFLECTION_LINES = 2  # at least, under the reflection prompt
BREAKS_LISTED = 6  # weeks off named on the first page; the timeline shows them all


def weekly(ctx: Context) -> list[Flowable]:
    top = [*ctx.section("weekly", "Weekly checklists"), *_introduction(ctx)]
    flowables: list[Flowable] = []
    previous: Week | None = None
    for week in ctx.plan.weeks:
        if not week.off and ctx.printed(week.number):
            flowables += _week_page(ctx, week, previous, top if not flowables else [])
            for number, span in ending(ctx, week.number):
                flowables += phase_end(ctx, number, span)
        previous = week
    return flowables


def page_count(plan: Plan, weeks: tuple[int, int] | None = None) -> int:
    """The pages of the section: a page per printed week, and the end of each printed phase."""
    first, last = weeks or (1, len(plan.working_weeks))
    ends = [p for p in plan.phases if first <= p.span.last <= last]
    return last - first + 1 + len(ends) * (REVIEW_PAGES + NOTES_PAGES)


def _introduction(ctx: Context) -> list[Flowable]:
    plan = ctx.plan
    total = len(plan.working_weeks)
    pace = f"{plan.hours_per_week:g} {'hour' if plan.hours_per_week == 1 else 'hours'} a week"
    text = f"Your plan has {dates.weeks(total, 'working')} at {pace}."
    if ctx.weeks is not None:
        first, last = ctx.weeks
        text += f" This copy holds the pages for weeks {first}–{last} only."
    breaks = [dates.span(week.start, week.end) for week in plan.weeks if week.off]
    if breaks:
        listed = "; ".join(breaks[:BREAKS_LISTED])
        more = len(breaks) - BREAKS_LISTED
        listed += f"; and {more} more, shown on your timeline" if more > 0 else ""
        text += f" Weeks off, with no work and no page: {listed}."
    return [ctx.para(text, ctx.styles.small)]


def _week_page(
    ctx: Context, week: Week, previous: Week | None, top: list[Flowable]
) -> list[Flowable]:
    span = dates.span(week.first_day or week.start, week.end)
    title = f"Week {week.number} · {span}"
    heading = Heading(
        ctx.safe(title), ctx.styles.h2, key=f"week-{week.number}", outline=title, level=1, toc=False
    )
    body = [_phase_line(ctx, week)]
    if previous is not None and previous.off:
        body.append(ctx.para("Welcome back from your break.", ctx.styles.small))
    body += _work(ctx, week) + _skills(ctx, week) + _steps(ctx, week)
    foot = _foot(ctx, week)
    used = ctx.height([*top, heading, *foot]) + REFLECTION_LINES * WRITING_LINE + SLACK
    room = ctx.geometry.frame_height - used
    return [
        *(top or [PageBreak()]),
        heading,
        KeepInFrame(ctx.geometry.frame_width, room, body, mode="shrink"),
        *foot,
        WritingLines(fill=True, minimum=REFLECTION_LINES),
    ]


def _foot(ctx: Context, week: Week) -> list[Flowable]:
    """The hours row, the weekly plan ritual and the reflection prompt (its lines follow)."""
    prompts = ctx.text.reflection_prompts
    return [
        Spacer(0, 4),
        ctx.para(_hours_label(ctx, week), ctx.styles.label),
        LabelledBoxes(list(DAYS), ctx.fonts.regular),
        Spacer(0, 4),
        _ritual(ctx),
        ctx.para("Reflection", ctx.styles.label),
        ctx.para(prompts[(week.number - 1) % len(prompts)], ctx.styles.prompt),
    ]


def _ritual(ctx: Context) -> Table:
    """The top three for the week ahead beside one win and one blocker."""
    label = ctx.styles.label
    ahead = [ctx.para("Top three for the week ahead", label), WritingLines(3)]
    looking_back = [
        ctx.para("One win this week", label),
        WritingLines(1),
        ctx.para("One blocker, and who or what could clear it", label),
        WritingLines(1),
    ]
    half = ctx.geometry.frame_width / 2
    table = Table([[ahead, looking_back]], colWidths=[half, half])
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), ctx.fonts.regular),  # never ReportLab's Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 4 * mm),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    return table


def _hours_label(ctx: Context, week: Week) -> str:
    if _in_new_role(ctx, week):
        return "Hours on your plan this week (no study target in the new role)"
    return f"Hours this week (planned {dates.hours(week.hours_planned)})"


def _in_new_role(ctx: Context, week: Week) -> bool:
    return any(ctx.plan.phase_span(p).kind == "on-the-job" for p in week.phase_ids)


def _phase_line(ctx: Context, week: Week) -> Flowable:
    """Where the week stands in each phase it is part of, each phase's review linked."""
    parts = []
    for phase_id in week.phase_ids:
        span = ctx.plan.phase_span(phase_id)
        position = week.number - span.span.first + 1
        text = ctx.safe(
            f"Phase {ctx.phase_number(phase_id)} of {len(ctx.plan.phases)} · {span.name} · "
            f"week {position} of {span.span.weeks}"
        )
        review = review_key(phase_id) if ctx.printed(span.span.last) else None
        parts.append((text, review))
    hours = ""
    if not _in_new_role(ctx, week):
        hours = ctx.safe(
            f" · {dates.hours(week.hours_planned)} planned of the "
            f"{dates.hours(week.hours_available)} you have this week"
        )

    def markup() -> str:
        phases = [text + (f" · review {ctx.page_ref(key)}" if key else "") for text, key in parts]
        return " · ".join(phases) + hours

    return Deferred(markup, ctx.styles.small)


def _work(ctx: Context, week: Week) -> list[Flowable]:
    work = [w for w in week.work if not ctx.plan.item(w.item_id).step]
    if _in_new_role(ctx, week):
        work += _under_way_at_work(ctx, week)
    flowables: list[Flowable] = [ctx.para("This week's work", ctx.styles.h3)]
    for entry in work:
        item = ctx.plan.item(entry.item_id)
        flowables.append(ctx.check(item.title, _note(ctx, item, entry), sheet=item.worksheet))
    if not work:
        flowables.append(ctx.para("Nothing is planned this week: catch up or rest."))
    return flowables


def _under_way_at_work(ctx: Context, week: Week) -> list[Work]:
    """In the new role, every task of the phase not yet due is under way, at work."""
    phase = next(p for p in week.phase_ids if ctx.plan.phase_span(p).kind == "on-the-job")
    return [
        Work(item.id, 0, due=False)
        for item in ctx.plan.items
        if item.phase_id == phase and not item.step and ctx.plan.due_week(item.id) > week.number
    ]


def _note(ctx: Context, item: Item, entry: Work) -> str:
    parts = []
    if entry.count is not None:
        parts.append(f"{entry.count} applications")
    if entry.hours:
        parts.append(dates.hours(entry.hours))
    if item.kind == "review":
        parts.append("review: you already rate this skill at its target")
    if item.recurring:
        parts.append("every week" if not entry.due else "last week of it")
    elif entry.due:
        parts.append("due this week")
    else:
        parts.append(f"due week {ctx.plan.due_week(item.id)}")
    return " · ".join(parts)


def _skills(ctx: Context, week: Week) -> list[Flowable]:
    if not week.skills:
        return []
    flowables: list[Flowable] = [ctx.para("Skills in focus", ctx.styles.h3)]
    skills = {s.id: s for s in ctx.pathway.skills_to_learn}
    for track in ctx.plan.tracks:
        if track.skill_id not in week.skills:
            continue
        skill = skills[track.skill_id]
        position = week.number - track.span.first + 1
        note = f"{PRIORITY_LABELS[skill.priority]} · week {position} of {track.span.weeks}"
        if skill.resources:
            note += f" · {ctx.pathway.resource(skill.resources[0]).name}"
        flowables.append(ctx.para(f"{skill.name}: {note}", ctx.styles.small))
    return flowables


def _steps(ctx: Context, week: Week) -> list[Flowable]:
    steps = [(ctx.plan.item(w.item_id), w) for w in week.work if ctx.plan.item(w.item_id).step]
    if not steps:
        return []
    flowables: list[Flowable] = [ctx.para("From your action plan", ctx.styles.h3)]
    for step, entry in steps:
        note = HORIZON_LABELS[step.horizon].lower()
        if entry.hours or not entry.due:
            note += f" · {_note(ctx, step, entry)}"
        flowables.append(ctx.check(step.title, note, sheet=step.worksheet))
    return flowables
