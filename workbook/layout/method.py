"""Plan → "How this plan was made": the rules with this person's figures, and every item's hours."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from workbook.layout import dates
from workbook.layout.context import Context
from workbook.plan import (
    HORIZON_WEEKS,
    INTERVIEWS_ID,
    MIN_FREE_DAYS,
    REQUIRED_FLOOR,
    REVIEW_SHARE,
    SIZE_WEIGHT,
    STREAMS,
    Item,
    expected_interviews,
    rating_factor,
)
from workbook.profile import per_week
from workbook.render.document import book_section
from workbook.render.flowables import Para

CHANGE_IT = (
    "Disagree with a figure? Change your hours, ratings or time off in your profile and build "
    "the workbook again: the whole plan follows."
)


@book_section("method")
def method(ctx: Context) -> list[Flowable]:
    flowables = [*ctx.section("method", "How this plan was made")]
    for rule in _rules(ctx):
        label, _, text = rule.partition(". ")
        flowables.append(
            Para(f"<b>{ctx.safe(label)}.</b> {ctx.safe(text)}", ctx.styles.bullet, bulletText="•")
        )
    flowables.append(ctx.para(CHANGE_IT, ctx.styles.prompt))
    flowables += [
        Spacer(0, 6),
        ctx.subheading("method-hours", "The hours for each piece of work"),
        ctx.para(
            "Hours at the level the page assumes, then yours after your ratings. "
            "* marks hours the page does not state, set by the rule beside them.",
            ctx.styles.small,
        ),
        _hours_table(ctx),
    ]
    return flowables


def _week(ctx: Context) -> str:
    """'Monday to Sunday', or 'Sunday to Saturday'."""
    names = dates.day_names(ctx.profile.week_starts, "%A")
    return f"{names[0]} to {names[-1]}"


def _rules(ctx: Context) -> list[str]:
    plan, pathway = ctx.plan, ctx.pathway
    hours = pathway.hours_per_week
    off = len(plan.weeks) - len(plan.working_weeks)
    full = max(w.hours_available for w in plan.working_weeks)
    short = sum(1 for w in plan.working_weeks if 0 < w.hours_available < full)
    sizes = ", ".join(f"{size} {weight}" for size, weight in SIZE_WEIGHT.items())
    rules = [
        f"Pace. The page plans for {hours.min:g}-{hours.max:g} hours a week; its roadmap weeks "
        f"are taken at the midpoint, {plan.baseline_hours:g} hours. You plan "
        f"{per_week(plan.hours_per_week)}.",
        f"Calendar. Weeks run {_week(ctx)}. A week with {MIN_FREE_DAYS} or more days free "
        "of time off is a working week, its hours in proportion to its free days; a week with "
        f"fewer is off. Your plan has {dates.weeks(len(plan.working_weeks), 'working')}, "
        f"{dates.weeks(off)} off and {short} shorter week{'s' if short != 1 else ''}.",
        "Effort. Where the page states an effort it is kept. A step of the action plan that is "
        "work of its own takes 1 hour"
        + ("; an application takes 30 minutes" if plan.applications else "")
        + ". The rest of each "
        f"phase's hours at {plan.baseline_hours:g} a week is shared by its work by size ({sizes} "
        f"shares), so at {plan.baseline_hours:g} hours a week each study phase keeps the page's "
        "weeks.",
        f"Ratings. A skill you do not rate counts as level 1. Below its target, work on it "
        f"takes {rating_factor(0, 3):g}x its hours at level 0, {rating_factor(1, 3):g}x at "
        f"level 1 and {rating_factor(2, 3):g}x at level 2; at or above the target it becomes a "
        f"review at {REVIEW_SHARE:g}x. A certification or exam the page names stays, at "
        f"{REQUIRED_FLOOR:g}x or more.",
        f"Order. Phases run in order, the action plan's steps first, {STREAMS} pieces of work at "
        "a time; nothing starts before the work it builds on is done. What the action plan says "
        f"to do this week or this month lands in week {HORIZON_WEEKS['this_week']} or by week "
        f"{HORIZON_WEEKS['this_month']}, before other work; with few hours its own steps share "
        "them.",
    ]
    if any(i.id == INTERVIEWS_ID for i in plan.items):
        rules.append(_job_search(plan))
    return rules


def _job_search(plan) -> str:
    loop = plan.due_week(INTERVIEWS_ID) - plan.first_week(INTERVIEWS_ID) + 1
    text = "Job search. It runs in calendar weeks, the same way on every pathway: applications "
    text += "over the weeks of the page's job-search phase, once the rest of that phase is done"
    if plan.applications:
        text += (
            f", {plan.applications} in all, with room in the tracker for "
            f"{expected_interviews(plan.applications)} interviews (11 of 23 applications reached "
            "an onsite in the essay)"
        )
    text += (
        f"; interviews for {dates.weeks(loop)} from the week after your first application, with "
        "time beside the applications every week; then the offers are weighed and negotiated, "
        "in the week after the last interview."
    )
    if plan.notice:
        text += (
            f" Your new role starts after {dates.weeks(len(plan.notice))} of notice at your "
            "current job; neither asks for study hours."
        )
    return text


def _hours_table(ctx: Context):
    plan = ctx.plan
    header = ["Work", "Phase", "Page level", "Yours", "How the page-level hours were set"]
    rows = [[ctx.cell(h, bold=True) for h in header]]
    order = {p.phase_id: n for n, p in enumerate(plan.phases)}
    listed = [i for i in plan.items if i.kind != "on-the-job" and not i.marks]
    listed.sort(key=lambda i: (order[i.phase_id], plan.first_week(i.id), plan.due_week(i.id)))
    for item in listed:
        rows.append(
            [
                ctx.cell(item.title),
                ctx.cell(str(ctx.phase_number(item.phase_id))),
                ctx.cell(_base(item)),
                ctx.cell(_yours(item)),
                ctx.para(item.derived or "stated on the page", ctx.styles.small),
            ]
        )
    return ctx.table(rows, ctx.shares(rows, 0.38, 0.08, 0.11, 0.11, 0.32))


def _base(item: Item) -> str:
    if item.recurring:
        return "by week"
    return dates.hours(item.base_hours) + (" *" if item.derived else "")


def _yours(item: Item) -> str:
    text = dates.hours(item.hours)
    return f"{text} review" if item.kind == "review" else text
