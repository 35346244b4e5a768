"""Pathway + plan → the guidance sections: reality check, action plan, FAQ and resources."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from workbook import fieldnames
from workbook.content import FaqItem, Resource
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.plan import HORIZON_LABELS, HORIZON_WEEKS, Item
from workbook.render.document import book_section
from workbook.render.flowables import FilledPages, Part

REALITY = (
    ("love", "What you'll love"),
    ("miss", "What you might miss"),
    ("challenges", "Biggest challenges"),
)


@book_section("reality_check")
def reality_check(ctx: Context) -> list[Flowable]:
    flowables = ctx.section("reality_check", "Reality check")
    for field, title in REALITY:
        items = [ctx.bullet(item) for item in getattr(ctx.pathway.reality_check, field)]
        flowables.append(KeepTogether([ctx.subheading(f"reality-{field}", title), *items]))
    flowables += [
        Spacer(0, 8),
        ctx.prompt(ctx.text.reality_prompt, fieldnames.notes("reality-check")),
    ]
    return flowables


@book_section("action_plan")
def action_plan(ctx: Context) -> list[Flowable]:
    plan = ctx.plan
    flowables = ctx.section("action_plan", "Your action plan")
    steps = [item for item in plan.items if item.step]  # a replanned book: the steps left
    listed = enumerate(s.id for s in ctx.pathway.action_plan.items)
    order = {i: (plan.due_week(i), n) for n, i in listed if i in {s.id for s in steps}}
    for horizon, title in HORIZON_LABELS.items():
        items = []
        for step in sorted((s for s in steps if s.horizon == horizon), key=lambda s: order[s.id]):
            week = plan.week(plan.due_week(step.id))
            note = f"week {week.number}, {dates.span(week.start, week.end)}"
            if step.hours:
                note += f" · {dates.hours(step.hours)}"
            if week.number > HORIZON_WEEKS[horizon]:
                note += " · " + _why_later(ctx, step)
            field = fieldnames.action_step(step.id)
            items.append(ctx.check(step.title, note, sheets=step.worksheets, field=field))
        if items:
            flowables.append(KeepTogether([ctx.subheading(f"action-{horizon}", title), *items]))
    return flowables


def _why_later(ctx: Context, step: Item) -> str:
    """Why a step falls after its heading: the roadmap work it waits for, in its phase."""
    work = ctx.plan.item(step.marks[-1]) if step.marks else step
    what = f"it comes with “{_short(work.title)}”" if step.marks else "it waits for earlier work"
    return f"later than its heading: {what} (phase {ctx.phase_number(work.phase_id)})"


def _short(title: str, words: int = 6) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


@book_section("faq")
def faq(ctx: Context) -> list[Flowable]:
    """The pathway's questions (and the essay's, in its own book), then room to the foot of the
    last page for the reader's own, so that a last question never ends on a near-empty page."""
    flowables = ctx.section("faq", "Questions people ask")
    flowables += _questions(ctx, ctx.pathway.faq)
    if ctx.pathway.id == ctx.playbook.pathway:
        flowables += [
            ctx.subheading("faq-essay", "From the essay on the move"),
            *_questions(ctx, ctx.playbook.faq),
        ]
    return [*flowables, Spacer(0, 8), ctx.prompt(ctx.text.faq_prompt, fieldnames.notes("faq"))]


def _questions(ctx: Context, items: list[FaqItem]) -> list[Flowable]:
    flowables: list[Flowable] = []
    for item in items:
        notes = [ctx.para(f"Note: {why}", ctx.styles.small) for why in item.derived.values()]
        flowables += ctx.blocks(
            ctx.para(item.question, ctx.styles.h3), [[ctx.para(item.answer), *notes]]
        )
    return flowables


@book_section("resources")
def resources(ctx: Context) -> list[Flowable]:
    """Every resource once, under the phase that first names or uses it (else its skill), with
    the work that uses it: its first week, linked to that week's page. The list is shared out
    evenly over its pages, so that its last items never stand alone on a page."""
    flowables = ctx.section("resources", "Resources checklist")
    pathway, phase_of = ctx.pathway, ctx.pathway.phase_of
    used = [(phase_of[w.id], name) for w in pathway.work for name in w.resources]
    planned = {span.phase_id for span in ctx.plan.phases}  # a replanned book: the phases left
    groups = [
        (f"Phase {n} · {p.name}", [*p.resources, *(name for at, name in used if at == p.id)])
        for n, p in enumerate((p for p in pathway.roadmap if p.id in planned), 1)
    ]
    groups += [(f"Skill · {s.name}", s.resources) for s in pathway.skills_to_learn]
    seen: set[str] = set()
    parts: list[Part] = []
    for title, names in groups:
        fresh = [name for name in dict.fromkeys(names) if name not in seen]
        seen.update(fresh)
        checks = [_resource(ctx, pathway.resource(name)) for name in fresh]
        if checks:
            checks[0] = checks[0].after([ctx.para(title, ctx.styles.h3)])
        parts += checks
    return [*flowables, FilledPages(parts, ctx.geometry.frame_height)] if parts else flowables


def _resource(ctx: Context, resource: Resource) -> Part:
    """A resource's tick box, its kind, and the weeks in which the work that uses it starts, each
    linked to its weekly page; the work is named there."""
    planned = {item.id for item in ctx.plan.items}
    weeks = sorted(
        {
            ctx.plan.first_week(w.id)
            for w in ctx.pathway.work
            if resource.id in w.resources and w.id in planned
        }
    )
    refs = tuple((f"week {n}", f"week-{n}" if ctx.printed(n) else None) for n in weeks)
    note = resource.kind + (" · used in" if refs else "")
    field = fieldnames.resource(resource.id)
    return Part(lambda extra: [ctx.check(resource.name, note, refs=refs, field=field)], 0)
