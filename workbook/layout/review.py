"""Plan → the end of each phase: a review over two facing pages, and a dot-grid page for notes.

The review re-rates every skill to learn (0-4), sets each piece of the phase's work and the phase
total, as planned, beside the hours actually spent, and asks what slipped, why, and what to change.
It follows the last weekly page of its phase. So that the review's two pages face each other, it
starts on a left-hand (even) page: when the phase ends on a left-hand page, the notes page comes
first. Either way the three pages take the same room, so page numbers do not depend on the order.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, PageBreak
from reportlab.platypus.flowables import DocIf

from workbook import fieldnames
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.layout.matrix import LEVEL_COLUMN, LevelScale
from workbook.plan import PhaseSpan
from workbook.render.flowables import Blank, Deferred, Grid, WritingLines
from workbook.render.theme import WRITING_LINE

REVIEW_PAGES = 2
NOTES_PAGES = 1
SLACK = 6 * mm  # for the spacing the frame adds between flowables
HOURS_SHARES = (0.6, 0.14, 0.13, 0.13)  # work, planned, actual, difference
SHRINK_MOST = 0.95  # the tables shrink to fit their page at most this much (a long phase's)
# (title, prompt, lines at least): the first ends the left-hand page, the others the right-hand
# one; the last of each page fills it. On a small page the tables fill the left-hand page and all
# three prompts share the right-hand one.
WENT_WELL = ("What went well", "The work, habits and help that worked: keep them.", 3)
PROMPTS = (
    (
        "What slipped, and why",
        "Each task that took longer than planned or did not happen, and the real reason: "
        "time, difficulty, motivation, or something outside your control.",
        6,
    ),
    (
        "What to change",
        "For the next phase: what you will drop, move, ask for help with or do differently, "
        "and whether your weekly hours still hold.",
        5,
    ),
)


def review_key(phase_id: str) -> str:
    return f"review-{phase_id}"


def notes_key(phase_id: str) -> str:
    return f"notes-{phase_id}"


def printed_reviews(ctx: Context) -> list[tuple[int, PhaseSpan]]:
    """(review number, phase) for every phase whose last week this book prints."""
    return [(n, span) for n, span in enumerate(ctx.plan.phases, 1) if ctx.printed(span.span.last)]


def ending(ctx: Context, week: int) -> list[tuple[int, PhaseSpan]]:
    """The reviews that follow working week `week`'s page."""
    return [(n, span) for n, span in printed_reviews(ctx) if span.span.last == week]


def phase_end(ctx: Context, number: int, span: PhaseSpan) -> list[Flowable]:
    """The review's pages and the notes page, the review starting on a left-hand page."""
    pages, notes = _review(ctx, number, span), _notes(ctx, number, span)
    review = [part for n, page in enumerate(pages) for part in [*([PageBreak()] * (n > 0)), *page]]
    return [PageBreak(), OnLeftPage([*review, PageBreak(), *notes], [*notes, PageBreak(), *review])]


class OnLeftPage(DocIf):
    """One block when it starts a left-hand (even) page, the other on a right-hand page."""

    def __init__(self, left: list[Flowable], right: list[Flowable]):
        super().__init__("", left, right)

    def funcWrap(self, avail_width, avail_height):
        return self.canv.getPageNumber() % 2 == 0


def review_pages(ctx: Context, number: int, span: PhaseSpan) -> int:
    """How many pages the review of phase `number` takes: REVIEW_PAGES, or one more on a small
    page where its tables do not fit one."""
    return len(_review(ctx, number, span))


def _review(ctx: Context, number: int, span: PhaseSpan) -> list[list[Flowable]]:
    """The review's pages: its tables, then its prompts, the last filling its page.

    The tables shrink to fit their page at most to SHRINK_MOST; a page too small for both tables
    and the first prompt gives them the whole page, and one too small for both tables even then
    gives them a page each."""
    title = f"Review {number} · end of {span.name}"
    heading = ctx.subheading(review_key(span.phase_id), title)
    weeks = list(range(span.span.first, span.span.last + 1))
    first, last = ctx.plan.week(span.span.first), ctx.plan.week(span.span.last)
    line = (
        f"Phase {number} of {len(ctx.plan.phases)} · {ctx.safe(dates.span(first.start, last.end))}"
        f" · the weekly pages of {ctx.weeks_ref(weeks)}"
    )
    top = [
        heading,
        Deferred(lambda: f"{line} · skills gap matrix {ctx.page_ref('matrix')}", ctx.styles.small),
    ]
    hours, skills = _hours(ctx, number, span), _skills(ctx, number)
    went_well = _prompt(ctx, number, *WENT_WELL, fill=True)
    page = ctx.geometry.frame_height - ctx.height(top) - SLACK
    room = page - ctx.height(went_well[:-1]) - WENT_WELL[2] * WRITING_LINE
    width = ctx.geometry.frame_width

    def fitted(tables: list[Flowable], room: float) -> Flowable:
        return KeepInFrame(width, room, tables, mode="shrink")

    def prompts(listed) -> list[Flowable]:
        final = len(listed) - 1
        return [
            part
            for n, words in enumerate(listed)
            for part in _prompt(ctx, number, *words, fill=n == final)
        ]

    tall = ctx.height([*hours, *skills]) * SHRINK_MOST
    if tall <= room:
        return [[*top, fitted([*hours, *skills], room), *went_well], prompts(PROMPTS)]
    if tall <= page:  # a small page: the tables fill the first, the prompts share the second
        return [[*top, fitted([*hours, *skills], page)], prompts([WENT_WELL, *PROMPTS])]
    return [[*top, fitted(hours, page)], [*skills, *went_well], prompts(PROMPTS)]


def _hours(ctx: Context, number: int, span: PhaseSpan) -> list[Flowable]:
    """Each piece of the phase's work and the phase total, planned beside actual."""
    at_work = span.kind == "on-the-job"
    header = ["Work in this phase", "Planned", "Actual", "Difference"]
    rows = [[ctx.cell(h, bold=True) for h in header]]

    def actual(key: str) -> Flowable | str:
        return (
            Blank(ctx.styles.cell.leading, fieldnames.review_hours(number, key))
            if ctx.fillable
            else ""
        )

    for item in ctx.plan.items:
        if item.phase_id == span.phase_id and not item.marks:
            planned = "at work" if at_work else dates.hours(item.hours)
            rows.append([ctx.cell(item.title), ctx.cell(planned), actual(item.id), ""])
    total = "no study target" if at_work else dates.hours(span.hours)
    rows.append(
        [ctx.cell("Phase total", bold=True), ctx.cell(total, bold=True), actual("total"), ""]
    )
    widths = ctx.shares(rows, *HOURS_SHARES)
    hint = "Add up the hours rows of the phase's weekly pages; note each task's share you recall."
    return [
        ctx.para("Hours: planned and actual", ctx.styles.h3),
        ctx.para(hint, ctx.styles.hint),
        ctx.table(rows, widths),
    ]


def _skills(ctx: Context, number: int) -> list[Flowable]:
    """Every skill to learn: its target, the rating you began with, and a scale to tick now."""
    levels = " · ".join(f"{n} {level.name}" for n, level in enumerate(ctx.text.skill_levels))
    header = ["Skill", "Target", "When you began", "Now (tick one)"]
    rows = [[ctx.cell(h, bold=True) for h in header]]
    for track in ctx.plan.tracks:
        rated = track.current is not None
        began = LevelScale(track.current, ctx) if rated else ctx.cell("not rated")
        rows.append(
            [
                ctx.cell(track.name),
                LevelScale(track.target, ctx),
                began,
                LevelScale(None, ctx, ctx.field(fieldnames.review_rating(number, track.skill_id))),
            ]
        )
    scale = LEVEL_COLUMN + 4 * mm
    widths = [ctx.geometry.frame_width - 3 * scale, scale, scale, scale]
    return [
        ctx.para("Re-rate your skills", ctx.styles.h3),
        ctx.para(f"Levels: {levels}.", ctx.styles.hint),
        ctx.table(rows, widths),
    ]


def _prompt(
    ctx: Context, number: int, title: str, prompt: str, lines: int, fill: bool
) -> list[Flowable]:
    """A question, its hint and its lines; with `fill`, the lines run to the foot of the page."""
    field = ctx.field(fieldnames.review_prompt(number, title))
    return [
        ctx.para(title, ctx.styles.h3),
        ctx.para(prompt, ctx.styles.hint),
        WritingLines(lines, fill=fill, minimum=lines, field=field),
    ]


def _notes(ctx: Context, number: int, span: PhaseSpan) -> list[Flowable]:
    title = f"Notes · phase {number}"
    heading = ctx.subheading(notes_key(span.phase_id), title)
    return [heading, Grid("dots", fill=True)]
