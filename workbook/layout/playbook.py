"""The essay's playbook → its pages in the book of the move it is about: who the move suits, its
key figures, the shifts, the mistakes to avoid, a side project that counts and the essay's numbers.

Every other book leaves the section out: the essay speaks of the engineer-to-AI-PM move alone.
"""

from __future__ import annotations

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from workbook import fieldnames
from workbook.content import Funnel
from workbook.layout.context import Context
from workbook.render.document import book_section
from workbook.render.flowables import PromptedLines
from workbook.render.theme import RULE, SHADE, Styles

FUNNEL_BAR = 0.55  # share of the frame the widest funnel bar takes; its label fills the rest


@book_section("playbook")
def playbook(ctx: Context) -> list[Flowable]:
    if ctx.pathway.id != ctx.playbook.pathway:
        return []
    return [
        *ctx.section("playbook", "The engineer-to-PM playbook"),
        ctx.para(f"From the essay “{ctx.playbook.title}”.", ctx.styles.hint),
        *_who(ctx),
        *_shifts(ctx),
        *_mistakes(ctx),
        *_side_project(ctx),
        *_numbers(ctx),
    ]


def _who(ctx: Context) -> list[Flowable]:
    flowables: list[Flowable] = [
        ctx.subheading("playbook-who", "Is this move for you?"),
        ctx.para(ctx.playbook.who_it_is_for),
    ]
    keys = [f for f in ctx.playbook.figures if f.key]
    if keys:
        width = ctx.geometry.frame_width / len(keys)
        cards = [[ctx.para(f.figure, ctx.styles.figure), ctx.cell(f.meaning)] for f in keys]
        flowables += [Spacer(0, 4), _cards(ctx, cards, width)]
    return [*flowables, Spacer(0, 8), *_funnel(ctx, ctx.playbook.funnel)]


def _cards(ctx: Context, cells: list[list[Flowable]], width: float) -> Table:
    """Figures side by side, each in a shaded card."""
    return _table(
        ctx,
        [cells],
        [width] * len(cells),
        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
        ("LINEAFTER", (0, 0), (-2, -1), 4, "white"),  # a gutter between cards
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
    )


def _table(ctx: Context, rows: list[list], widths: list[float] | None, *commands) -> Table:
    """A table of flowables drawn without rules, in the book's font (never Helvetica)."""
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    font = ("FONTNAME", (0, 0), (-1, -1), ctx.fonts.regular)
    table.setStyle(TableStyle([font, ("VALIGN", (0, 0), (-1, -1), "TOP"), *commands]))
    return table


def funnel_widths(counts: list[int], width: float) -> list[float]:
    """Each step's bar, in proportion to the first (widest) step, never thinner than 1 pt."""
    return [max(1.0, width * count / counts[0]) for count in counts]


def _funnel(ctx: Context, funnel: Funnel) -> list[Flowable]:
    """The funnel as bars whose length is the share of candidates left at each step."""
    bar_area = ctx.geometry.frame_width * FUNNEL_BAR
    widths = funnel_widths([s.count for s in funnel.steps], bar_area)
    rows = [
        [Bar(width, str(step.count), ctx.fonts.bold, ctx.styles), ctx.cell(step.label)]
        for step, width in zip(funnel.steps, widths, strict=True)
    ]
    table = _table(
        ctx,
        rows,
        [bar_area + 6, ctx.geometry.frame_width - bar_area - 6],
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    )
    note = [ctx.para(funnel.note, ctx.styles.small)] if funnel.note else []
    return [KeepTogether([ctx.para(funnel.title, ctx.styles.h3), table, Spacer(0, 3), *note])]


class Bar(Flowable):
    """A bar with its count printed at its left end (digits only), or after it when too short."""

    HEIGHT = 14

    def __init__(self, length: float, count: str, font: str, styles: Styles):
        super().__init__()
        self.length, self.count, self.font, self.styles = length, count, font, styles

    def wrap(self, avail_width, avail_height):
        return self.length, self.HEIGHT

    def draw(self):
        canvas, palette = self.canv, self.styles.palette
        palette.figure.rect(canvas, 0, 0, self.length, self.HEIGHT)
        canvas.setFont(self.font, 9)
        inside = canvas.stringWidth(self.count, self.font, 9) + 8 <= self.length
        canvas.setFillColor(palette.on_bar if inside else self.styles.accent)
        canvas.drawString(4 if inside else self.length + 3, 4, self.count)


def _shifts(ctx: Context) -> list[Flowable]:
    rows = [[ctx.cell("Not this…", bold=True), ctx.cell("…but this", bold=True)]]
    rows += [[ctx.cell(s.was), ctx.cell(s.now)] for s in ctx.playbook.shifts]
    return [
        ctx.subheading("playbook-shifts", "The shifts the move asks for"),
        ctx.table(rows, ctx.shares(rows, 0.4, 0.6)),
    ]


def _mistakes(ctx: Context) -> list[Flowable]:
    flowables: list[Flowable] = [ctx.subheading("playbook-mistakes", "Mistakes to avoid")]
    for number, mistake in enumerate(ctx.playbook.mistakes, 1):
        rows = [
            [ctx.cell("Bad", bold=True), ctx.cell("Good", bold=True)],
            [ctx.cell(mistake.bad), ctx.cell(mistake.good)],
        ]
        flowables += ctx.blocks(
            ctx.para(f"{number}. {mistake.title}", ctx.styles.h3),
            [
                [
                    ctx.table(rows, ctx.shares(rows, 0.5, 0.5)),
                    ctx.para(mistake.lesson, ctx.styles.prompt),
                ]
            ],
        )
    return flowables


def _numbers(ctx: Context) -> list[Flowable]:
    if not ctx.playbook.figures:
        return []
    rows = [[ctx.cell("Figure", bold=True), ctx.cell("What it stands for", bold=True)]]
    rows += [[ctx.cell(f.figure, bold=True), ctx.cell(f.meaning)] for f in ctx.playbook.figures]
    return [
        ctx.subheading("playbook-numbers", "The essay in numbers"),
        ctx.table(rows, ctx.shares(rows, 0.3, 0.7)),
    ]


def _side_project(ctx: Context) -> list[Flowable]:
    project = ctx.playbook.side_project
    flowables: list[Flowable] = [
        ctx.subheading("playbook-side-project", "A side project that counts"),
        ctx.para(project.advice),
        *[ctx.check(s, field=fieldnames.project_step(n)) for n, s in enumerate(project.steps, 1)],
    ]
    if project.example:
        flowables.append(_boxed(ctx, ctx.para(project.example, ctx.styles.small)))
    flowables += [Spacer(0, 6), ctx.prompt(project.prompt, fieldnames.notes("side-project"))]
    return [CondPageBreak(_height(ctx, flowables)), *flowables]


def _height(ctx: Context, flowables: list[Flowable]) -> float:
    """The height the flowables take at their least (a prompt with its first lines), so that
    they start a new page together unless all of it fits where they are."""
    width, height = ctx.geometry.frame_width, ctx.geometry.frame_height
    return sum(
        f.wrap(width, 0)[1] if isinstance(f, PromptedLines) else f.wrap(width, height)[1]
        for f in flowables
    ) + sum(f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def _boxed(ctx: Context, paragraph: Paragraph) -> Table:
    """A worked example, set off on a shaded ground with a rule at its left."""
    return _table(
        ctx,
        [[paragraph]],
        None,
        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
        ("LINEBEFORE", (0, 0), (0, -1), 2, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    )
