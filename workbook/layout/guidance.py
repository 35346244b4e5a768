"""Pathway + plan → the guidance sections: reality check, action plan, FAQ and resources."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from workbook.layout import dates
from workbook.layout.context import Context
from workbook.plan import ACTION_LABELS
from workbook.render.flowables import WritingLines

REALITY = (
    ("love", "What you'll love"),
    ("miss", "What you might miss"),
    ("challenges", "Biggest challenges"),
)


def reality_check(ctx: Context) -> list[Flowable]:
    flowables = ctx.section("reality_check", "Reality check")
    for field, title in REALITY:
        items = [ctx.bullet(item) for item in getattr(ctx.pathway.reality_check, field)]
        flowables.append(KeepTogether([ctx.subheading(f"reality-{field}", title), *items]))
    flowables += [
        Spacer(0, 8),
        ctx.para(ctx.text.reality_prompt, ctx.styles.prompt),
        WritingLines(fill=True, minimum=4),
    ]
    return flowables


def action_plan(ctx: Context) -> list[Flowable]:
    flowables = ctx.section("action_plan", "Your action plan")
    placed = [(week, action) for week in ctx.plan.working_weeks for action in week.actions]
    for horizon, title in ACTION_LABELS.items():
        items = [
            ctx.check(
                action.text,
                f"week {week.number}, {dates.span(week.start, week.end)}",
                sheet=action.worksheet,
            )
            for week, action in placed
            if action.horizon == horizon
        ]
        flowables.append(KeepTogether([ctx.subheading(f"action-{horizon}", title), *items]))
    return flowables


def faq(ctx: Context) -> list[Flowable]:
    flowables = ctx.section("faq", "Questions people ask")
    for item in ctx.pathway.faq:
        notes = [ctx.para(f"Note: {why}", ctx.styles.small) for why in item.derived.values()]
        flowables += ctx.blocks(
            ctx.para(item.question, ctx.styles.h3), [[ctx.para(item.answer), *notes]]
        )
    return flowables


def resources(ctx: Context) -> list[Flowable]:
    """Every named resource once, grouped where the pathway first names it."""
    flowables = ctx.section("resources", "Resources checklist")
    seen: set[str] = set()
    groups = [(f"Phase {n} · {p.name}", p.resources) for n, p in enumerate(ctx.pathway.roadmap, 1)]
    groups += [(f"Skill · {s.name}", s.resources) for s in ctx.pathway.skills_to_learn]
    for title, items in groups:
        fresh = [item for item in items if item.casefold() not in seen]
        seen.update(item.casefold() for item in fresh)
        if fresh:
            checks = [ctx.check(item) for item in fresh]
            flowables.append(KeepTogether([ctx.para(title, ctx.styles.h3), *checks]))
    return flowables
