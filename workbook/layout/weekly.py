"""Plan → the weekly checklists: an introduction, then exactly one page per working week."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Spacer

from workbook.content import PRIORITY_LABELS
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.plan import Week
from workbook.render.flowables import Heading, LabelledBoxes, WritingLines

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Total")
REFLECTION_SPACE = 70 * mm  # kept free at the foot of every week for the hours log and notes


def weekly(ctx: Context) -> list[Flowable]:
    flowables = [*ctx.section("weekly", "Weekly checklists"), *_introduction(ctx)]
    previous: Week | None = None
    for week in ctx.plan.weeks:
        if not week.off:
            flowables += _week_page(ctx, week, previous)
        previous = week
    return flowables


def _introduction(ctx: Context) -> list[Flowable]:
    plan = ctx.plan
    flowables = [
        ctx.para(
            f"Your plan has {dates.weeks(len(plan.working_weeks), 'working')} at "
            f"{plan.hours_per_week:g} hours a week. Each page lists the tasks due that week, "
            "the skills you are studying, any action-plan steps, a row to log your hours and "
            "room to reflect."
        ),
    ]
    breaks = [week for week in plan.weeks if week.off]
    if breaks:
        flowables.append(ctx.subheading("weekly-breaks", "Weeks off"))
        flowables += [
            ctx.bullet(f"{dates.span(week.start, week.end)}: no work planned") for week in breaks
        ]
    return flowables


def _week_page(ctx: Context, week: Week, previous: Week | None) -> list[Flowable]:
    span = dates.span(week.start, week.end)
    title = f"Week {week.number} · {span}"
    heading = Heading(
        ctx.safe(title), ctx.styles.h2, key=f"week-{week.number}", outline=title, level=1, toc=False
    )
    body = [_phase_line(ctx, week)]
    if previous is not None and previous.off:
        body.append(ctx.para("Welcome back from your break.", ctx.styles.small))
    body += _tasks(ctx, week) + _tracks(ctx, week) + _actions(ctx, week)
    height = ctx.geometry.frame_height - REFLECTION_SPACE - 30
    prompts = ctx.text.reflection_prompts
    prompt = prompts[(week.number - 1) % len(prompts)]
    return [
        PageBreak(),
        heading,
        KeepInFrame(ctx.geometry.frame_width, height, body, mode="shrink"),
        Spacer(0, 4),
        ctx.para(f"Hours this week (target {ctx.plan.hours_per_week:g} h)", ctx.styles.label),
        LabelledBoxes(list(DAYS), ctx.fonts.regular),
        Spacer(0, 6),
        ctx.para("Reflection", ctx.styles.label),
        ctx.para(prompt, ctx.styles.prompt),
        WritingLines(fill=True, minimum=3),
    ]


def _phase_line(ctx: Context, week: Week) -> Flowable:
    span = next(p for p in ctx.plan.phases if p.phase_id == week.phase_id)
    number = ctx.phase_number(week.phase_id)
    position = week.number - span.span.first + 1
    return ctx.para(
        f"Phase {number} of {len(ctx.plan.phases)} · {span.name} · "
        f"week {position} of {span.span.weeks} in this phase",
        ctx.styles.small,
    )


def _tasks(ctx: Context, week: Week) -> list[Flowable]:
    flowables: list[Flowable] = [ctx.para("Tasks due this week", ctx.styles.h3)]
    for task in week.tasks:
        note = "review: you already rate this skill at its target" if task.review else ""
        flowables.append(ctx.check(task.text, note, sheet=task.worksheet))
    if not week.tasks:
        upcoming = next(
            (t for t in ctx.plan.tasks if t.phase_id == week.phase_id and t.week > week.number),
            None,
        )
        if upcoming is not None:
            flowables.append(
                ctx.para(
                    f"Nothing falls due this week. Keep working towards: {upcoming.text} "
                    f"(due week {upcoming.week})."
                )
            )
        else:
            flowables.append(ctx.para("Nothing falls due this week: consolidate and catch up."))
    return flowables


def _tracks(ctx: Context, week: Week) -> list[Flowable]:
    if not week.tracks:
        return []
    flowables: list[Flowable] = [ctx.para("Skills you are studying", ctx.styles.h3)]
    skills = {s.id: s for s in ctx.pathway.skills_to_learn}
    for track in ctx.plan.tracks:
        if track.skill_id not in week.tracks or track.span is None:
            continue
        skill = skills[track.skill_id]
        position = week.number - track.span.first + 1
        note = f"{PRIORITY_LABELS[skill.priority]} · week {position} of {track.span.weeks}"
        if skill.resources:
            note += f" · {skill.resources[0]}"
        flowables.append(ctx.check(skill.name, note))
    return flowables


def _actions(ctx: Context, week: Week) -> list[Flowable]:
    if not week.actions:
        return []
    flowables: list[Flowable] = [ctx.para("From your action plan", ctx.styles.h3)]
    flowables += [
        ctx.check(action.text, action.label.lower(), sheet=action.worksheet)
        for action in week.actions
    ]
    return flowables
