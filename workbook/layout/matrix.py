"""Pathway + profile + plan → the skills gap matrix: levels now, targets, gaps and re-rating boxes.

Levels run 0-4 and are drawn as four circles, filled up to the level, so they read in grayscale.
A skill the profile does not rate gets five tick boxes (0-4) to rate it by hand. One empty box per
phase end lets the person re-rate every skill at each checkpoint, so the page is used again.

Both tables share one landscape page: in the workbook's table type if they fit, else in a type a
point smaller with tighter rows. If neither fits, the skills you bring start the next page whole,
so no table leaves a few rows on a page of their own.

On a page too narrow for the re-rating boxes beside the levels (a tablet's, an A5 sheet's), the
boxes move to a table of their own, every skill's under the checkpoints, after the two tables.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from workbook import fieldnames
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.plan import UNRATED_LEVEL
from workbook.render import formfields
from workbook.render.document import book_section
from workbook.render.flowables import ruled_table
from workbook.render.theme import INK, MUTED, Styles

LEVELS = 4
CIRCLE = 2.6 * mm
DIGIT_SIZE = 6.5
DIGIT_GAP = 2.0  # clear space between the top of a digit and the box above it
BOX_GAP = 1.2 * mm  # between two tick boxes, so each reads as its own
LEVEL_COLUMN = 24 * mm  # holds five tick boxes and their gaps
BOX_COLUMN = 13 * mm  # a re-rating box's column
NAMES = 60 * mm  # the least the skill and resource columns share before the boxes move
TIGHT_ROWS = (("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2))


@dataclass(frozen=True)
class Type:
    """The cell styles and row padding of the matrix's tables."""

    cell: ParagraphStyle
    bold: ParagraphStyle
    small: ParagraphStyle
    rows: tuple = ()  # ruled_table's extra commands


def types(ctx: Context) -> tuple[Type, ...]:
    """The workbook's table type, then one a point smaller with tighter rows."""
    return _types(ctx.styles)


@functools.cache  # per Styles, which are made once per process: shared parses stay shared
def _types(styles: Styles) -> tuple[Type, ...]:
    def smaller(style: ParagraphStyle) -> ParagraphStyle:
        return ParagraphStyle(
            f"{style.name}-tight", style, fontSize=style.fontSize - 1, leading=style.leading - 2
        )

    normal = Type(styles.cell, styles.cell_bold, styles.small)
    return (
        normal,
        Type(*(smaller(s) for s in (normal.cell, normal.bold, normal.small)), TIGHT_ROWS),
    )


@dataclass(frozen=True)
class ScaleLayout:
    """Heights in a level cell, from the digits' baseline (0) up."""

    marks: float  # the bottom of the boxes or circles
    height: float


def scale_layout(cap_height: float) -> ScaleLayout:
    """A font's cap height (in em; digits stand as tall) → boxes clear of the digits under them."""
    marks = cap_height * DIGIT_SIZE + DIGIT_GAP
    return ScaleLayout(marks, marks + CIRCLE + 1)


@book_section("matrix", "landscape")
def matrix(ctx: Context) -> list[Flowable]:
    legend = "Levels: " + "; ".join(
        f"{i} {level.name}: {level.meaning}" for i, level in enumerate(ctx.text.skill_levels)
    )
    legend += f". * Not rated yet: the plan assumes level {UNRATED_LEVEL}."
    head = [*ctx.section("matrix", "Skills gap matrix"), ctx.para(legend, ctx.styles.legend)]
    frame = ctx.geometry.landscape
    for type_ in types(ctx):
        tables = _tables(ctx, type_)
        body = [*head, *tables[0], *[f for table in tables[1:] for f in [Spacer(0, 6), *table]]]
        if height(body, frame.frame_width) <= frame.frame_height:
            return body
    learn, *rest = _tables(ctx, types(ctx)[0])  # too tall either way: the workbook's type
    return [*head, *learn, *[f for table in rest for f in [Spacer(0, 6), KeepTogether(table)]]]


def _tables(ctx: Context, type_: Type) -> list[list[Flowable]]:
    """Each table under its subheading; on a narrow page the re-rating table after them."""
    boxes = len(_checkpoints(ctx))
    boxes = boxes if beside(ctx.geometry.landscape.frame_width, boxes) else 0
    tables = [
        [ctx.subheading("matrix-learn", "Skills to learn"), _learn_table(ctx, type_, boxes)],
        [ctx.subheading("matrix-bring", "Skills you bring"), _bring_table(ctx, type_, boxes)],
    ]
    if not boxes:
        rerate = ctx.subheading("matrix-rerate", "Re-rate at each phase end")
        tables.append([rerate, _rerate_table(ctx, type_)])
    return tables


def beside(width: float, checkpoints: int) -> bool:
    """Whether the re-rating boxes fit beside the levels on a page `width` wide."""
    return _names(width, checkpoints) >= NAMES


def height(flowables: list[Flowable], width: float) -> float:
    """How tall the flowables stand one under another, their spaces included."""
    return sum(f.wrap(width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def _checkpoints(ctx: Context) -> list[str]:
    return [
        f"End P{number}\n{dates.short(ctx.plan.week(span.span.last).end)[:-5]}"
        for number, span in enumerate(ctx.plan.phases, 1)
    ]


def _table(ctx: Context, type_: Type, rows: list[list], widths: list[float]) -> Table:
    return ruled_table(rows, widths, ctx.fonts.regular, extra=type_.rows)


def _learn_table(ctx: Context, type_: Type, boxes: int) -> Table:
    plan, checkpoints = ctx.plan, _checkpoints(ctx)[:boxes]
    skills = {s.id: s for s in ctx.pathway.skills_to_learn}
    header = ["Skill", "Priority", "Now", "Target", "Gap", "Planned"]
    header += ["Main resource"] if boxes else []  # else the resource goes under the skill
    rows = [[ctx.para(h, type_.bold) for h in header + checkpoints]]
    for track in plan.tracks:
        skill = skills[track.skill_id]
        if track.current is None:  # the plan assumes the level the pages assume
            gap = f"{max(0, track.target - UNRATED_LEVEL)}*"
        else:
            gap = str(max(0, track.target - track.current))
        planned = dates.week_range(track.span.first, track.span.last)
        planned += f", {dates.hours(track.hours)}" + (" review" if track.review else "")
        name = ctx.para(skill.name, type_.bold)
        resource = ctx.pathway.resource(skill.resources[0]).name if skill.resources else ""
        rows.append(
            [
                name if boxes else [name, ctx.para(resource, type_.small)],
                ctx.para(skill.priority_label, type_.cell),
                LevelScale(track.current, ctx),
                LevelScale(track.target, ctx),
                ctx.para(gap, type_.cell),
                ctx.para(planned, type_.cell),
                *([ctx.para(resource, type_.cell)] if boxes else []),
                *_boxes(ctx, track.skill_id, len(checkpoints)),
            ]
        )
    return _table(ctx, type_, rows, learn_widths(ctx.geometry.landscape.frame_width, boxes))


def _bring_table(ctx: Context, type_: Type, boxes: int) -> Table:
    checkpoints = _checkpoints(ctx)[:boxes]
    rows = [[ctx.para(h, type_.bold) for h in ["Skill", "How it applies", "Now", *checkpoints]]]
    for skill in ctx.pathway.transferable_skills:
        rows.append(
            [
                ctx.para(skill.name, type_.bold),
                ctx.para(skill.applies, type_.small),
                LevelScale(ctx.profile.level(skill.id), ctx),
                *_boxes(ctx, skill.id, len(checkpoints)),
            ]
        )
    return _table(ctx, type_, rows, bring_widths(ctx.geometry.landscape.frame_width, boxes))


def _rerate_table(ctx: Context, type_: Type) -> Table:
    """Every skill, to learn and brought, with a box per checkpoint."""
    checkpoints = _checkpoints(ctx)
    rows = [[ctx.para(h, type_.bold) for h in ["Skill", *checkpoints]]]
    skills = [*ctx.pathway.skills_to_learn, *ctx.pathway.transferable_skills]
    rows += [[ctx.para(s.name, type_.bold), *_boxes(ctx, s.id, len(checkpoints))] for s in skills]
    width = ctx.geometry.landscape.frame_width
    boxes = [BOX_COLUMN] * len(checkpoints)
    return _table(ctx, type_, rows, [width - sum(boxes), *boxes])


def _boxes(ctx: Context, skill_id: str, count: int) -> list[Flowable]:
    """A skill's re-rating boxes, one for the end of each of the first `count` phases."""
    return [
        RatingBox(ctx.field(fieldnames.matrix_rating(phase, skill_id)))
        for phase in range(1, count + 1)
    ]


def learn_widths(width: float, checkpoints: int) -> list[float]:
    """Skill, priority, now, target, gap, planned, main resource, then a box per checkpoint."""
    rest = _names(width, checkpoints)
    if not checkpoints:  # the main resource stands under the skill
        return [rest, *LEARN_FIXED]
    return [rest * 0.45, *LEARN_FIXED, rest * 0.55, *[BOX_COLUMN] * checkpoints]


LEARN_FIXED = (18 * mm, LEVEL_COLUMN, 19 * mm, 9 * mm, 30 * mm)  # priority, now ... planned


def _names(width: float, checkpoints: int) -> float:
    """What the skill and main resource columns share on a page `width` wide."""
    return width - sum(LEARN_FIXED) - BOX_COLUMN * checkpoints


def bring_widths(width: float, checkpoints: int) -> list[float]:
    """Skill, how it applies, now, then a box per checkpoint."""
    boxes = [BOX_COLUMN] * checkpoints
    rest = width - LEVEL_COLUMN - sum(boxes)
    return [rest * 0.25, rest * 0.75, LEVEL_COLUMN, *boxes]


class LevelScale(Flowable):
    """A level as four circles filled up to it, or five boxes (0-4) to tick when unrated."""

    def __init__(self, level: int | None, ctx: Context, field: str | None = None):
        super().__init__()
        self.level = level
        self.field = field  # the unrated scale's radio group in the fillable edition
        self.font = ctx.fonts.regular
        self.layout = scale_layout(pdfmetrics.getFont(self.font).face.capHeight / 1000)

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, self.layout.height
        return self.width, self.height

    def draw(self):
        canvas, y = self.canv, self.layout.marks
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.7)
        if self.level is None:
            for value in range(LEVELS + 1):
                x = value * (CIRCLE + BOX_GAP)
                canvas.rect(x, y, CIRCLE, CIRCLE, stroke=1, fill=0)
                if self.field:
                    formfields.radio(canvas, self.field, str(value), x, y, CIRCLE)
                canvas.setFillColor(MUTED)
                canvas.setFont(self.font, DIGIT_SIZE)
                canvas.drawCentredString(x + CIRCLE / 2, 0, str(value))
            return
        canvas.setFillColor(INK)
        for value in range(1, LEVELS + 1):
            x = (value - 1) * (CIRCLE + 1.6) + CIRCLE / 2
            canvas.circle(x, y + CIRCLE / 2, CIRCLE / 2, stroke=1, fill=int(value <= self.level))
        canvas.setFont(self.font, 7)
        canvas.drawString(LEVELS * (CIRCLE + 1.6) + 1, y, str(self.level))


class RatingBox(Flowable):
    """An empty box in which to write a level (0-4) at a checkpoint; with a `field` name, also
    a text field."""

    def __init__(self, field: str | None = None):
        super().__init__()
        self.field = field

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, CIRCLE + 8
        return self.width, self.height

    def draw(self):
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.7)
        self.canv.rect(0, 1, 7 * mm, self.height - 2, stroke=1, fill=0)
        if self.field:
            formfields.text(self.canv, self.field, 0, 1, 7 * mm, self.height - 2)
