"""Duplex printing → where sections break, and the notes pages that stand in for blank pages.

Printed on both sides, a book opens on a right-hand (odd) page, so every section starts on one:
when a section ends on a right-hand page, a notes page fills the left-hand page before the next.
The book ends on a left-hand page, and a booklet on a multiple of four pages (each sheet carries
four), filled with notes pages too: no page of a printed book is blank by accident.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak
from reportlab.platypus.flowables import DocPara

from workbook.layout.context import Context
from workbook.render.document import Section
from workbook.render.flowables import Grid

SIDES = 2  # pages on a sheet printed on both sides
BOOKLET_SIDES = 4  # pages on a sheet folded in two


class ByPage(DocPara):
    """Flowables chosen, at each layout pass, from the number of the page this one lands on."""

    def __init__(self, choose: Callable[[int], list[Flowable]]):
        Flowable.__init__(self)
        self.choose = choose

    def wrap(self, avail_width, avail_height):
        self.add_content(*self.choose(self.canv.getPageNumber()))
        return 0, 0


def notes_page(ctx: Context) -> list[Flowable]:
    """A page of its own that says what it is for: a heading and a dot grid to the foot."""
    return [
        NextPageTemplate("body"),
        PageBreak(),
        ctx.para("Notes", ctx.styles.h1),
        Grid("dots", fill=True),
    ]


def bind(ctx: Context, sections: list[Section], duplex: bool, sides: int) -> list[Flowable]:
    """The sections as one story, from the context's page map: each starts a new page in its
    template (a right-hand page in duplex), those with nothing to show left out; in duplex, notes
    pages then fill the last sheet of `sides` pages."""
    story: list[Flowable] = [ctx.pages]
    for section in (s for s in sections if s.content):
        if len(story) > 1:
            story += section_break(ctx, section.template, duplex)
        story += section.content
    return story + (padding(ctx, sides) if duplex else [])


def section_break(ctx: Context, template: str, duplex: bool) -> list[Flowable]:
    """A new page in `template` for the next section; in duplex, a right-hand page."""
    turn = [NextPageTemplate(template), PageBreak()]
    if not duplex:
        return turn
    return [ByPage(lambda page: [*notes_page(ctx), *turn] if page % 2 else turn)]


def padding(ctx: Context, sides: int) -> list[Flowable]:
    """Notes pages after the last page, up to a whole number of sheets of `sides` pages."""
    return [ByPage(lambda page: [part for _ in range(-page % sides) for part in notes_page(ctx)])]
