"""Plan → the weekly checklists: a page per working week, the section's introduction on the
first, and after the last week of each phase its review and a notes page (layout/review.py).

A weekly page lists the week's work, the skills in focus and the action plan's steps, always at
full size: a list too long for one page goes on over the next ("Week N (continued)"). The last
page of the week ends with its foot: the hours row, the week's win and blocker and the top three
for the week ahead, then reflection lines to the bottom of the page. `page_count` says how many
pages the section takes, by the same rule the layout follows.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from workbook import fieldnames
from workbook.content import PRIORITY_LABELS
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.layout.review import (
    NOTES_PAGES,
    SLACK,
    ending,
    phase_end,
    printed_reviews,
    review_key,
    review_pages,
)
from workbook.plan import HORIZON_LABELS, Item, Week, Work
from workbook.render.document import book_section
from workbook.render.flowables import Deferred, Heading, LabelledBoxes, WritingLines
from workbook.render.theme import WRITING_LINE

REFLECTION_LINES = 2  # at least, under the reflection prompt
BREAKS_LISTED = 6  # weeks off named on the first page; the timeline shows them all


@book_section("weekly")
def weekly(ctx: Context) -> list[Flowable]:
    flowables: list[Flowable] = []
    for week, previous, top in _printed(ctx):
        flowables += _week_pages(ctx, week, previous, top)
        for number, span in ending(ctx, week.number):
            flowables += phase_end(ctx, number, span)
    return flowables


def page_count(ctx: Context) -> int:
    """The pages of the section: each printed week's pages, and the end of each printed phase."""
    weeks = sum(len(_split(ctx, *printed)) for printed in _printed(ctx))
    ends = sum(review_pages(ctx, n, span) + NOTES_PAGES for n, span in printed_reviews(ctx))
    return weeks + ends


def _printed(ctx: Context) -> Iterator[tuple[Week, Week | None, list[Flowable]]]:
    """Each printed working week, the week before it, and what its first page starts with: the
    section's heading and introduction for the first, nothing for the others."""
    top = [*ctx.section("weekly", "Weekly checklists"), *_introduction(ctx)]
    previous: Week | None = None
    for week in ctx.plan.weeks:
        if not week.off and ctx.printed(week.number):
            yield week, previous, top
            top = []
        previous = week


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


def _week_pages(
    ctx: Context, week: Week, previous: Week | None, top: list[Flowable]
) -> list[Flowable]:
    """The week's pages: its list at full size over as many as it needs, the foot on the last."""
    flowables: list[Flowable] = []
    for n, body in enumerate(_split(ctx, week, previous, top)):
        flowables += [*(top if n == 0 and top else [PageBreak()]), _heading(ctx, week, n), *body]
    reflection = ctx.field(fieldnames.week_reflection(week.number))
    lines = WritingLines(fill=True, minimum=REFLECTION_LINES, field=reflection)
    return [*flowables, *_foot(ctx, week), lines]


def _split(
    ctx: Context, week: Week, previous: Week | None, top: list[Flowable]
) -> list[list[Flowable]]:
    """The week's list, page by page: what fits under each page's heading, a subheading kept
    with the line after it; the last page also holds the foot and its first reflection lines.
    When the foot needs a page of its own, the end of the list (back to its last subheading, as
    far as fits) moves there with it, so that no page holds the foot alone."""
    frame = ctx.geometry.frame_height

    def room(page: int) -> float:
        return frame - ctx.height([*(top if page == 0 else []), _heading(ctx, week, page)]) - SLACK

    foot = ctx.height(_foot(ctx, week)) + REFLECTION_LINES * WRITING_LINE
    pages: list[list[list[Flowable]]] = [[]]
    left = room(0)
    for block in _blocks(ctx, week, previous):
        need = ctx.height(block)
        if need > left and pages[-1]:
            pages.append([])
            left = room(len(pages) - 1)
        pages[-1].append(block)
        left -= need
    if left < foot:
        last, moved = pages[-1], []
        spare = room(len(pages)) - foot
        while len(last) > 1 and ctx.height(last[-1]) <= spare and not _opens_list(ctx, moved):
            spare -= ctx.height(last[-1])
            moved.insert(0, last.pop())
        pages.append(moved)
    return [[f for block in page for f in block] for page in pages]


def _opens_list(ctx: Context, blocks: list[list[Flowable]]) -> bool:
    """Whether the first of the blocks starts a list with its subheading."""
    return bool(blocks) and getattr(blocks[0][0], "style", None) is ctx.styles.h3


def _heading(ctx: Context, week: Week, page: int) -> Paragraph:
    """The week's heading (bookmarked) on its first page, "Week N (continued)" on the others."""
    if page:
        return ctx.para(f"Week {week.number} (continued)", ctx.styles.h2)
    span = dates.span(week.first_day or week.start, week.end)
    title = f"Week {week.number} · {span}"
    return Heading(
        ctx.safe(title), ctx.styles.h2, key=f"week-{week.number}", outline=title, level=1, toc=False
    )


def _blocks(ctx: Context, week: Week, previous: Week | None) -> list[list[Flowable]]:
    """The week's list as blocks that stay on one page: the phase line (and a welcome back),
    then each line of work, skills and steps, each list's subheading with its first line."""
    first = [_phase_line(ctx, week)]
    if previous is not None and previous.off:
        first.append(ctx.para("Welcome back from your break.", ctx.styles.small))
    blocks = [first]
    for part in (_steps(ctx, week), _work(ctx, week), _skills(ctx, week)):  # steps start work
        if part:
            blocks += [part[:2], *([line] for line in part[2:])]
    return blocks


def _foot(ctx: Context, week: Week) -> list[Flowable]:
    """The hours row, the weekly plan ritual and the reflection prompt (its lines follow)."""
    prompts = [*ctx.pathway.reflection_prompts, *ctx.text.reflection_prompts]
    return [
        Spacer(0, 4),
        ctx.para(_hours_label(ctx, week), ctx.styles.label),
        LabelledBoxes(days(ctx), ctx.fonts.regular, fields=_hours_fields(ctx, week)),
        Spacer(0, 4),
        _ritual(ctx, week),
        ctx.para("Reflection", ctx.styles.label),
        ctx.para(prompts[(week.number - 1) % len(prompts)], ctx.styles.prompt),
    ]


def days(ctx: Context) -> list[str]:
    """The hours boxes' labels: the days from the first of the week, then the week's total."""
    return [*dates.day_names(ctx.profile.week_starts), "Total"]


def _hours_fields(ctx: Context, week: Week) -> list[str] | None:
    """The hours boxes' form fields, named by the day (or total) each box is for."""
    if not ctx.fillable:
        return None
    return [fieldnames.week_hours(week.number, day.lower()) for day in days(ctx)]


def _ritual(ctx: Context, week: Week) -> Table:
    """The top three for the week ahead beside one win and one blocker."""
    label = ctx.styles.label

    def lines(count: int, part: str) -> WritingLines:
        return WritingLines(count, field=ctx.field(fieldnames.week_plan(week.number, part)))

    top_three, win, blocker = fieldnames.PLAN_PARTS
    ahead = [ctx.para("Top three for the week ahead", label), lines(3, top_three)]
    looking_back = [
        ctx.para("One win this week", label),
        lines(1, win),
        ctx.para("One blocker, and who or what could clear it", label),
        lines(1, blocker),
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
    if week.number in ctx.plan.notice:
        return "Hours on your plan this week (no study target while you work your notice)"
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
    if week.number in ctx.plan.notice:
        position = ctx.plan.notice.index(week.number) + 1
        notice = f"Notice at your current job · week {position} of {len(ctx.plan.notice)}"
        parts.append((ctx.safe(notice), None))
    hours = ""
    if not _in_new_role(ctx, week) and week.number not in ctx.plan.notice:
        hours = ctx.safe(
            f" · {dates.hours(week.hours_planned)} planned of the "
            f"{dates.hours(week.hours_available)} you have this week"
        )

    def markup() -> str:
        phases = [text + (f" · review {ctx.page_ref(key)}" if key else "") for text, key in parts]
        return " · ".join(phases) + hours + "<br/>" + _navigation(ctx, week)

    return Deferred(markup, ctx.styles.small)


def _navigation(ctx: Context, week: Week) -> str:
    """Links to the weeks either side (where this book prints them) and back to the timeline,
    for a reader on a screen or a tablet."""
    links = []
    if ctx.printed(week.number - 1) and week.number > 1:
        links.append(ctx.link(f"week-{week.number - 1}", f"← week {week.number - 1}"))
    if ctx.printed(week.number + 1) and week.number < len(ctx.plan.working_weeks):
        links.append(ctx.link(f"week-{week.number + 1}", f"week {week.number + 1} →"))
    return " · ".join([*links, f"timeline {ctx.page_ref('timeline')}"])


def _work(ctx: Context, week: Week) -> list[Flowable]:
    work = [w for w in week.work if not ctx.plan.item(w.item_id).step]
    if _in_new_role(ctx, week):
        work += _under_way_at_work(ctx, week)
    if not work and week.work:  # only the action plan's steps: they are listed above
        return []
    notice = week.number in ctx.plan.notice
    heading = "Your notice" if notice else "This week's work"
    flowables: list[Flowable] = [ctx.para(heading, ctx.styles.h3)]
    for entry in work:
        item = ctx.plan.item(entry.item_id)
        field = fieldnames.week_item(week.number, item.id)
        note = _note(ctx, item, entry)
        flowables.append(ctx.check(item.title, note, sheets=item.worksheets, field=field))
    if notice:
        new_role = ctx.plan.milestone("new-role")
        flowables.append(
            ctx.para(
                "You are working your notice: no study is planned. Hand over your work well; "
                f"your new role starts on {dates.weekday(new_role.date)}."
            )
        )
    elif not work:
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
        field = fieldnames.week_item(week.number, step.id)
        flowables.append(ctx.check(step.title, note, sheets=step.worksheets, field=field))
    return flowables
