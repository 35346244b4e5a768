"""Profile + plan → the cover page and the contents page."""

from __future__ import annotations

import io

from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from workbook.brand import LOGO_MM
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.plan import MIN_FREE_DAYS
from workbook.profile import per_week
from workbook.render.document import book_section
from workbook.render.flowables import Heading


@book_section("cover", "cover")
def cover(ctx: Context) -> list[Flowable]:
    plan, pathway, styles = ctx.plan, ctx.pathway, ctx.styles
    working = len(plan.working_weeks)
    facts = [
        ("Start", dates.weekday(plan.start)),
        ("Planned finish", dates.weekday(plan.finish)),
        ("Plan", f"{dates.weeks(working, 'working')} at {per_week(plan.hours_per_week)}"),
    ]
    new_role = plan.milestone("new-role")
    if new_role is not None:
        facts.insert(2, ("New role from", dates.weekday(new_role.date)))
    if plan.start != plan.requested_start:
        facts.insert(
            1,
            (
                "You chose",
                f"{dates.weekday(plan.requested_start)}; the plan starts with the first week "
                f"that has {MIN_FREE_DAYS} or more days free",
            ),
        )
    rows = [[ctx.cell(label, bold=True), ctx.cell(value)] for label, value in facts]
    return [
        *_brand(ctx),
        Spacer(0, ctx.geometry.frame_height * 0.18),
        ctx.para("STUDY WORKBOOK", styles.label),
        Heading(ctx.safe(pathway.to_role), styles.title, key="cover", outline="Cover", toc=False),
        ctx.para(f"From {pathway.from_role} to {pathway.to_role}", styles.subtitle),
        Spacer(0, 14 * mm),
        ctx.para("Prepared for", styles.label),
        ctx.para(ctx.profile.name, styles.subtitle),
        Spacer(0, 8 * mm),
        ctx.table(rows, ctx.columns(rows, 35 * mm, None), header=False),
    ]


def _brand(ctx: Context) -> list[Flowable]:
    """A career centre's logo, fitted to its box, and its name, at the head of the cover."""
    brand = ctx.brand
    if brand is None:
        return []
    parts: list[Flowable] = []
    if brand.logo:
        with PILImage.open(io.BytesIO(brand.logo)) as logo:
            pixels = logo.size
        box = [side * mm for side in LOGO_MM]
        scale = min(box[0] / pixels[0], box[1] / pixels[1])
        image = Image(io.BytesIO(brand.logo), pixels[0] * scale, pixels[1] * scale)
        image.hAlign = "LEFT"
        parts += [image, Spacer(0, 3 * mm)]
    return [*parts, ctx.para(brand.name, ctx.styles.label)]


@book_section("contents")
def contents(ctx: Context) -> list[Flowable]:
    toc = FittedContents(dotsMinLevel=0)
    toc.levelStyles = ctx.styles.toc
    style = [
        ("FONTNAME", (0, 0), (-1, -1), ctx.fonts.regular),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),  # the page numbers end at the frame's edge
    ]
    toc.loose = toc.tableStyle = TableStyle(style)
    tight = [("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    toc.tight = TableStyle([*style, *tight])
    return [*ctx.section("contents", "Contents"), toc]


class FittedContents(TableOfContents):
    """The contents, its rows' padding cut from 3 points to 1 where that keeps it on one page
    (a small page's), rather than leave a line or two for a page of their own."""

    loose: TableStyle
    tight: TableStyle

    def wrap(self, availWidth, availHeight):
        self.tableStyle = self.loose
        width, height = super().wrap(availWidth, availHeight)
        if height > availHeight:
            self.tableStyle = self.tight
            width, height = super().wrap(availWidth, availHeight)
        return width, height
