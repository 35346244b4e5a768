"""Pathway + plan → "Your roadmap": each phase with its dates, tasks, due weeks and resources."""

from __future__ import annotations

from reportlab.platypus import Flowable

from workbook.layout import dates
from workbook.layout.context import Context
from workbook.plan import PlacedTask

PHASE_KINDS = {
    "study": "study phase",
    "job-search": "job-search phase",
    "on-the-job": "in your new role: its length does not depend on study hours",
}


def roadmap(ctx: Context) -> list[Flowable]:
    due = {(task.phase_id, task.index): task for task in ctx.plan.tasks}
    flowables = ctx.section("roadmap", "Your roadmap")
    for number, (phase, span) in enumerate(
        zip(ctx.pathway.roadmap, ctx.plan.phases, strict=True), 1
    ):
        first, last = ctx.plan.week(span.span.first), ctx.plan.week(span.span.last)
        heading = ctx.subheading(f"phase-{phase.id}", f"Phase {number} · {phase.name}")
        intro = [
            ctx.para(
                f"Weeks {span.span.first}–{span.span.last} · "
                f"{dates.span(first.start, last.end)} · "
                f"{dates.weeks(span.span.weeks, 'working')} · {PHASE_KINDS[phase.kind]}",
                ctx.styles.small,
            ),
            ctx.para(phase.summary),
        ]
        tasks = [
            [_task(ctx, due[(phase.id, index)], task.text)]
            for index, task in enumerate(phase.tasks)
        ]
        tasks[0] = intro + tasks[0]
        if phase.resources:
            tasks[-1].append(ctx.para("Resources: " + "; ".join(phase.resources), ctx.styles.small))
        flowables += ctx.blocks(heading, tasks)
    return flowables


def _task(ctx: Context, placed: PlacedTask, text: str) -> Flowable:
    week = ctx.plan.week(placed.week)
    note = f"due week {placed.week}, {dates.span(week.start, week.end)}"
    if placed.review:
        note += " · review: you already rate this skill at its target"
    return ctx.check(text, note, sheet=placed.worksheet)
