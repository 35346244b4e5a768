"""Pathway + profile + plan → the skills gap matrix: levels now, targets, gaps and re-rating boxes.

Levels run 0-4 and are drawn as four circles, filled up to the level, so they read in grayscale.
A skill the profile does not rate gets five tick boxes (0-4) to rate it by hand. One empty box per
phase end lets the person re-rate every skill at each checkpoint, so the page is used again.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Spacer

from workbook.layout import dates
from workbook.layout.context import Context
from workbook.plan import UNRATED_LEVEL
from workbook.render.theme import INK, MUTED

LEVELS = 4
CIRCLE = 2.6 * mm
DIGIT_SIZE = 6.5
DIGIT_GAP = 2.0  # clear space between the top of a digit and the box above it
BOX_GAP = 1.2 * mm  # between two tick boxes, so each reads as its own
LEVEL_COLUMN = 24 * mm  # holds five tick boxes and their gaps
BOX_COLUMN = 13 * mm  # a re-rating box's column


@dataclass(frozen=True)
class ScaleLayout:
    """Heights in a level cell, from the digits' baseline (0) up."""

    marks: float  # the bottom of the boxes or circles
    height: float


def scale_layout(cap_height: float) -> ScaleLayout:
    """A font's cap height (in em; digits stand as tall) → boxes clear of the digits under them."""
    marks = cap_height * DIGIT_SIZE + DIGIT_GAP
    return ScaleLayout(marks, marks + CIRCLE + 1)


def matrix(ctx: Context) -> list[Flowable]:
    legend = "Levels: " + "; ".join(
        f"{i} {level.name}: {level.meaning}" for i, level in enumerate(ctx.text.skill_levels)
    )
    legend += f". * Not rated yet: the plan assumes level {UNRATED_LEVEL}."
    return [
        *ctx.section("matrix", "Skills gap matrix"),
        ctx.para(legend, ctx.styles.legend),
        *_learn_table(ctx, ctx.subheading("matrix-learn", "Skills to learn")),
        Spacer(0, 6),
        *_bring_table(ctx, ctx.subheading("matrix-bring", "Skills you bring")),
    ]


def _checkpoints(ctx: Context) -> list[str]:
    return [
        f"End P{number}\n{dates.short(ctx.plan.week(span.span.last).end)[:-5]}"
        for number, span in enumerate(ctx.plan.phases, 1)
    ]


def _learn_table(ctx: Context, heading: Flowable) -> list[Flowable]:
    plan, checkpoints = ctx.plan, _checkpoints(ctx)
    skills = {s.id: s for s in ctx.pathway.skills_to_learn}
    header = ["Skill", "Priority", "Now", "Target", "Gap", "Planned", "Main resource"]
    rows = [[ctx.cell(h, bold=True) for h in header + checkpoints]]
    for track in plan.tracks:
        skill = skills[track.skill_id]
        if track.current is None:  # the plan assumes the level the pages assume
            gap = f"{max(0, track.target - UNRATED_LEVEL)}*"
        else:
            gap = str(max(0, track.target - track.current))
        planned = dates.week_range(track.span.first, track.span.last)
        planned += f", {dates.hours(track.hours)}" + (" review" if track.review else "")
        rows.append(
            [
                ctx.cell(skill.name, bold=True),
                ctx.cell(skill.priority_label),
                LevelScale(track.current, ctx),
                LevelScale(track.target, ctx),
                ctx.cell(gap),
                ctx.cell(planned),
                ctx.cell(ctx.pathway.resource(skill.resources[0]).name if skill.resources else ""),
                *[RatingBox() for _ in checkpoints],
            ]
        )
    widths = learn_widths(ctx.geometry.landscape.frame_width, len(checkpoints))
    return [heading, ctx.table(rows, widths)]


def _bring_table(ctx: Context, heading: Flowable) -> list[Flowable]:
    checkpoints = _checkpoints(ctx)
    rows = [[ctx.cell(h, bold=True) for h in ["Skill", "How it applies", "Now", *checkpoints]]]
    for skill in ctx.pathway.transferable_skills:
        rows.append(
            [
                ctx.cell(skill.name, bold=True),
                ctx.para(skill.applies, ctx.styles.small),
                LevelScale(ctx.profile.level(skill.id), ctx),
                *[RatingBox() for _ in checkpoints],
            ]
        )
    widths = bring_widths(ctx.geometry.landscape.frame_width, len(checkpoints))
    return [heading, ctx.table(rows, widths)]


def learn_widths(width: float, checkpoints: int) -> list[float]:
    """Skill, priority, now, target, gap, planned, main resource, then a box per checkpoint."""
    fixed = [18 * mm, LEVEL_COLUMN, 19 * mm, 9 * mm, 30 * mm]
    boxes = [BOX_COLUMN] * checkpoints
    rest = width - sum(fixed) - sum(boxes)
    return [rest * 0.45, *fixed, rest * 0.55, *boxes]


def bring_widths(width: float, checkpoints: int) -> list[float]:
    """Skill, how it applies, now, then a box per checkpoint."""
    boxes = [BOX_COLUMN] * checkpoints
    rest = width - LEVEL_COLUMN - sum(boxes)
    return [rest * 0.25, rest * 0.75, LEVEL_COLUMN, *boxes]


class LevelScale(Flowable):
    """A level as four circles filled up to it, or five boxes (0-4) to tick when unrated."""

    def __init__(self, level: int | None, ctx: Context):
        super().__init__()
        self.level = level
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
    """An empty box in which to write a level (0-4) at a checkpoint."""

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, CIRCLE + 8
        return self.width, self.height

    def draw(self):
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.7)
        self.canv.rect(0, 1, 7 * mm, self.height - 2, stroke=1, fill=0)
