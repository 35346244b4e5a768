"""Pathway + plan → "Your roadmap": each phase with its dates, its work, due weeks and resources."""

from __future__ import annotations

from reportlab.platypus import Flowable

from workbook import fieldnames
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.plan import Item
from workbook.render.document import book_section

PHASE_KINDS = {
    "study": "study phase",
    "job-search": "getting ready to apply",
    "on-the-job": "in your new role: its length does not depend on study hours",
}
CALENDAR = "job search: applications and interviews run in calendar weeks"


@book_section("roadmap")
def roadmap(ctx: Context) -> list[Flowable]:
    flowables = ctx.section("roadmap", "Your roadmap")
    planned = {span.phase_id for span in ctx.plan.phases}  # a replanned book: the phases left
    for number, phase in enumerate((p for p in ctx.pathway.roadmap if p.id in planned), 1):
        span = ctx.plan.phase_span(phase.id)
        first, last = ctx.plan.week(span.span.first), ctx.plan.week(span.span.last)
        heading = ctx.subheading(f"phase-{phase.id}", f"Phase {number} · {phase.name}")
        members = [i for i in ctx.plan.items if i.phase_id == phase.id]
        hours = "" if phase.kind == "on-the-job" else f" · {dates.hours(span.hours)}"
        steps = sum(i.hours for i in members if i.step)
        if steps:
            hours += f" (with {dates.hours(steps)} of action-plan steps)"
        kind = CALENDAR if any(i.recurring for i in members) else PHASE_KINDS[phase.kind]
        intro = [
            ctx.para(
                f"Weeks {span.span.first}–{span.span.last} · "
                f"{dates.span(first.start, last.end)}{hours} · {kind}",
                ctx.styles.small,
            ),
            ctx.para(phase.summary),
        ]
        work = sorted(
            (i for i in members if not i.step),
            key=lambda i: (ctx.plan.due_week(i.id), ctx.plan.first_week(i.id)),
        )
        blocks = [[_work(ctx, item)] for item in work]
        blocks[0] = intro + blocks[0]
        if phase.resources:
            names = ctx.pathway.resource_names(phase.resources)
            blocks[-1].append(ctx.para("Resources: " + "; ".join(names), ctx.styles.small))
        flowables += ctx.blocks(heading, blocks)
    return flowables


def _work(ctx: Context, item: Item) -> Flowable:
    plan = ctx.plan
    if item.recurring:
        first, last = plan.first_week(item.id), plan.due_week(item.id)
        when = dates.span(plan.week(first).start, plan.week(last).end)
        note = f"{dates.week_range(first, last)}, {when}"
    else:
        week = plan.week(plan.due_week(item.id))
        note = f"due week {week.number}, {dates.span(week.start, week.end)}"
    if item.kind != "on-the-job":
        note += f" · {dates.hours(item.hours)}"
    if item.kind == "review":
        note += " · review: you already rate this skill at its target"
    field = fieldnames.roadmap_item(item.id)
    return ctx.check(item.title, note, sheets=item.worksheets, field=field)
