"""Plan → the weekly checklists: an introduction, then exactly one page per working week."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Spacer

from workbook.content import PRIORITY_LABELS
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.plan import HORIZON_LABELS, Item, Week, Work
from workbook.render.flowables import Heading, LabelledBoxes, WritingLines

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Total")
REFLECTION_SPACE = 70 * mm  # kept free at the foot of every week for the hours log and notes


def weekly(ctx: Context) -> list[Flowable]:
    flowables = [*ctx.section("weekly", "Weekly checklists"), *_introduction(ctx)]
    previous: Week | None = None
    for week in ctx.plan.weeks:
        if not week.off and ctx.printed(week.number):
            flowables += _week_page(ctx, week, previous)
        previous = week
    return flowables


def _introduction(ctx: Context) -> list[Flowable]:
    plan = ctx.plan
    total = len(plan.working_weeks)
    text = (
        f"Your plan has {dates.weeks(total, 'working')} at {plan.hours_per_week:g} hours a week. "
        "Each page lists the work planned that week with its hours, marks what is due, names the "
        "skills in focus and any action-plan steps, and leaves a row to log your hours and room "
        "to reflect."
    )
    if ctx.weeks is not None:
        first, last = ctx.weeks
        text += f" This copy holds the pages for weeks {first}–{last} only."
    flowables = [ctx.para(text)]
    breaks = [week for week in plan.weeks if week.off]
    if breaks:
        flowables.append(ctx.subheading("weekly-breaks", "Weeks off"))
        flowables += [
            ctx.bullet(f"{dates.span(week.start, week.end)}: no work planned") for week in breaks
        ]
    return flowables


def _week_page(ctx: Context, week: Week, previous: Week | None) -> list[Flowable]:
    span = dates.span(week.first_day or week.start, week.end)
    title = f"Week {week.number} · {span}"
    heading = Heading(
        ctx.safe(title), ctx.styles.h2, key=f"week-{week.number}", outline=title, level=1, toc=False
    )
    body = [_phase_line(ctx, week)]
    if previous is not None and previous.off:
        body.append(ctx.para("Welcome back from your break.", ctx.styles.small))
    body += _work(ctx, week) + _skills(ctx, week) + _steps(ctx, week)
    height = ctx.geometry.frame_height - REFLECTION_SPACE - 30
    prompts = ctx.text.reflection_prompts
    prompt = prompts[(week.number - 1) % len(prompts)]
    return [
        PageBreak(),
        heading,
        KeepInFrame(ctx.geometry.frame_width, height, body, mode="shrink"),
        Spacer(0, 4),
        ctx.para(_hours_label(ctx, week), ctx.styles.label),
        LabelledBoxes(list(DAYS), ctx.fonts.regular),
        Spacer(0, 6),
        ctx.para("Reflection", ctx.styles.label),
        ctx.para(prompt, ctx.styles.prompt),
        WritingLines(fill=True, minimum=3),
    ]


def _hours_label(ctx: Context, week: Week) -> str:
    if _in_new_role(ctx, week):
        return "Hours on your plan this week (no study target in the new role)"
    return f"Hours this week (planned {dates.hours(week.hours_planned)})"


def _in_new_role(ctx: Context, week: Week) -> bool:
    return any(ctx.plan.phase_span(p).kind == "on-the-job" for p in week.phase_ids)


def _phase_line(ctx: Context, week: Week) -> Flowable:
    parts = []
    for phase_id in week.phase_ids:
        span = ctx.plan.phase_span(phase_id)
        position = week.number - span.span.first + 1
        parts.append(
            f"Phase {ctx.phase_number(phase_id)} of {len(ctx.plan.phases)} · {span.name} · "
            f"week {position} of {span.span.weeks}"
        )
    if not _in_new_role(ctx, week):
        parts.append(
            f"{dates.hours(week.hours_planned)} planned of the "
            f"{dates.hours(week.hours_available)} you have this week"
        )
    return ctx.para(" · ".join(parts), ctx.styles.small)


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
            note += f" · {skill.resources[0]}"
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
