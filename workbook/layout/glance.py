"""Profile + plan → "Profile at a glance": the person, the schedule, key dates and skill levels."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from workbook import fieldnames
from workbook.content import PRIORITY_LABELS
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.profile import per_week
from workbook.render.document import book_section


@book_section("glance")
def glance(ctx: Context) -> list[Flowable]:
    return [
        *ctx.section("glance", "Profile at a glance"),
        *_warnings(ctx),
        _facts(ctx),
        ctx.subheading("glance-phases", "Your phases"),
        _phases(ctx),
        KeepTogether([ctx.subheading("glance-dates", "Key dates"), _milestones(ctx)]),
        KeepTogether([ctx.subheading("glance-skills", "Your skills"), *_skills(ctx)]),
        Spacer(0, 8),
        ctx.prompt(ctx.text.starting_prompt, fieldnames.notes("glance")),
    ]


def _warnings(ctx: Context) -> list[Flowable]:
    """What a coach would point out about the pace, with the figures; the plan is still made."""
    if not ctx.plan.warnings:
        return []
    notes = [ctx.para("Check your pace", ctx.styles.h3)]
    notes += [ctx.bullet(warning) for warning in ctx.plan.warnings]
    return [KeepTogether(notes), Spacer(0, 4)]


def _replanned(done: dict[str, float]) -> str:
    """What a replanned book's earlier workbooks recorded as done ('' for a first book)."""
    if not done:
        return ""
    finished = sum(share >= 1 for share in done.values())
    parts = [f"{finished} {'piece' if finished == 1 else 'pieces'} of work done"]
    if len(done) > finished:
        parts.append(f"{len(done) - finished} partly done")
    return " and ".join(parts) + " in your earlier workbook: this plan is for the rest"


def _facts(ctx: Context):
    profile, plan, pathway = ctx.profile, ctx.plan, ctx.pathway
    off_weeks = len(plan.weeks) - len(plan.working_weeks)
    facts = [
        ("Name", profile.name),
        ("Email", profile.email or ""),
        ("Pathway", f"{pathway.from_role} → {pathway.to_role}"),
        ("Start", dates.weekday(plan.start)),
        ("Planned finish", dates.weekday(plan.finish)),
        (
            "Study time",
            f"{per_week(profile.hours_per_week)} (the pathway assumes {plan.baseline_hours:g})",
        ),
        (
            "Length",
            dates.weeks(len(plan.working_weeks), "working")
            + (f" plus {dates.weeks(off_weeks)} off" if off_weeks else ""),
        ),
    ]
    facts += [("Time off", dates.span(off.start, off.end)) for off in profile.weeks_off]
    facts.append(("Replanned", _replanned(profile.done)))
    rows = [[ctx.cell(k, bold=True), ctx.cell(v)] for k, v in facts if v]
    return ctx.table(rows, ctx.columns(rows, 38 * mm, None), header=False)


def _phases(ctx: Context):
    rows = [[ctx.cell(h, bold=True) for h in ("#", "Phase", "Weeks", "Dates", "Hours")]]
    for number, span in enumerate(ctx.plan.phases, start=1):
        first, last = ctx.plan.week(span.span.first), ctx.plan.week(span.span.last)
        hours = "at work" if span.kind == "on-the-job" else dates.hours(span.hours)
        rows.append(
            [
                ctx.cell(str(number)),
                ctx.cell(span.name),
                ctx.cell(f"{span.span.first}–{span.span.last}"),
                ctx.cell(dates.span(first.start, last.end)),
                ctx.cell(hours),
            ]
        )
    return ctx.table(rows, ctx.columns(rows, 8 * mm, None, 20 * mm, 53 * mm, 18 * mm))


def _milestones(ctx: Context):
    rows = [
        [ctx.cell("Milestone", bold=True), ctx.cell("Week", bold=True), ctx.cell("Date", bold=True)]
    ]
    for milestone in ctx.plan.milestones:
        rows.append(
            [
                ctx.cell(milestone.name),
                ctx.cell(str(milestone.week)),
                ctx.cell(dates.weekday(milestone.date)),
            ]
        )
    return ctx.table(rows, ctx.columns(rows, None, 15 * mm, 60 * mm))


def _skills(ctx: Context):
    levels = ctx.text.skill_levels
    rows = [
        [
            ctx.cell(h, bold=True)
            for h in ("Skill to learn", "Priority", "You", "Target", "In your plan")
        ]
    ]
    for track in ctx.plan.tracks:
        current = "not rated" if track.current is None else _level(levels, track.current)
        planned = dates.week_range(track.span.first, track.span.last)
        planned += f", {dates.hours(track.hours)}" + (" of review" if track.review else "")
        rows.append(
            [
                ctx.cell(track.name),
                ctx.cell(PRIORITY_LABELS[track.priority]),
                ctx.cell(current),
                ctx.cell(_level(levels, track.target)),
                ctx.cell(planned),
            ]
        )
    legend = "Levels: " + "; ".join(
        f"{i} {level.name}: {level.meaning}" for i, level in enumerate(levels)
    )
    return [  # kept whole under their heading: the legend first, then the table
        ctx.para(legend, ctx.styles.legend),
        ctx.table(rows, ctx.columns(rows, None, 24 * mm, 24 * mm, 24 * mm, 48 * mm)),
    ]


def _level(levels, number: int) -> str:
    return f"{number} {levels[number].name}"
