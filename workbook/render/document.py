"""Section flowables → PDF bytes: page templates, footer, bookmarks, contents, determinism."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from workbook import __version__
from workbook.render.flowables import Heading, KeepWithFirstRows, PageMap, Para, reused
from workbook.render.fonts import FontSet
from workbook.render.theme import FOOTER_SPACE, INK, RULE, Fill, Geometry, Styles

GUTTER = 0.25  # of the margin, moved from the outer margin to the inner one for binding
TAB_SIZE = 6.5  # points: a side tab's label
TAB_PAD = 0.6 * mm  # a tab's label keeps this clear of its sides
TAB_GAP = 1 * mm  # between two tabs
TAB_TALLEST = 20 * mm  # a tab's height at most, in a book of few sections
TAB_ROUND = 1.5 * mm  # the radius of a tab's corners
TAB = Fill(None, RULE, 0.6)  # a tab not marked: outlined


Template = Literal["cover", "body", "landscape"]  # the page templates WorkbookDocument defines


@dataclass(frozen=True)
class Section:
    """A section of the book: the key of its heading, the page template it starts on, and its
    flowables (none: the section has nothing to show for this pathway, and is left out)."""

    key: str
    template: Template
    content: list[Flowable]


def book_section(key: str, template: Template = "body"):
    """Makes a layout function of the context, returning flowables, one returning a Section."""

    def wrap(make: Callable[..., list[Flowable]]) -> Callable[..., Section]:
        @functools.wraps(make)
        def section(ctx) -> Section:
            return Section(key, template, make(ctx))

        return section

    return wrap


class TooLarge(ValueError):
    """Something in the book cannot fit any page; its message says where, in plain words."""


@dataclass(frozen=True)
class DocumentInfo:
    """What the PDF says about itself, and what the footer prints on every body page."""

    title: str
    author: str
    subject: str
    footer: str  # plain text, shortened to one line when printed
    settings: str  # the settings the book was built from, kept in its metadata


class WorkbookDocument(BaseDocTemplate):
    """Cover, portrait and landscape page templates; headings become bookmarks and contents.

    With `bound` (a book printed on both sides), the portrait pages' margins mirror: the inner
    margin, at the spine, is wider by a gutter taken from the outer one, and the page number sits
    at the outer edge. The frame keeps its width, so the pages' layout does not change. A
    landscape page turns its long side to the spine, so its margins stay as they are.

    A page whose geometry keeps a column for side tabs (a tablet's) gets a tab for every section
    in the contents, each a link to the section's first page, the page's own section marked. The
    sections are those the previous layout pass found: the last pass only ends once the headings'
    pages, and so the sections, are what the pass before found.
    """

    def __init__(
        self,
        buffer,
        geometry: Geometry,
        fonts: FontSet,
        styles: Styles,
        info: DocumentInfo,
        bound: bool = False,
    ):
        super().__init__(
            buffer,
            pagesize=(geometry.width, geometry.height),
            leftMargin=geometry.margin,
            rightMargin=geometry.margin,
            topMargin=geometry.margin,
            bottomMargin=geometry.margin + FOOTER_SPACE,
            title=info.title,
            author=info.author,
            subject=info.subject,
            creator=f"workbook {__version__}",
            producer=f"workbook {__version__}",
            keywords=info.settings,
            invariant=1,
            lang="en",  # screen readers and e-readers pick the right voice and hyphenation
            displayDocTitle=1,
            initialFontName=fonts.regular,
            pageCompression=1,
        )
        self.fonts = fonts
        self.styles = styles
        self.info = info
        self.margin = geometry.margin
        self.keepTogetherClass = KeepWithFirstRows
        self.bound = bound
        self.sections: list[tuple[str, str]] = []  # (key, tab label), from the last pass
        self.found: list[tuple[str, str]] = []  # ... and as this pass finds them
        self.footers: dict[float, Para] = {}  # the footer's line, by the room it has
        tabs = {"onPageEnd": self._tabs} if geometry.tabs else {}
        gutter = geometry.margin * GUTTER if bound else 0
        turned = geometry.landscape
        self.addPageTemplates(
            [
                SidedTemplate("cover", geometry, gutter, onPage=self._plain_page),
                SidedTemplate("body", geometry, gutter, onPage=self._footer, **tabs),
                SidedTemplate(
                    "landscape",
                    turned,
                    0,
                    onPage=self._footer,
                    **tabs,
                    pagesize=(turned.width, turned.height),
                ),
            ]
        )

    def _plain_page(self, canvas, doc) -> None:
        canvas.setFont(self.fonts.regular, 10)

    def handle_documentBegin(self) -> None:
        """A layout pass begins: the sections the last one found become the tabs. In a story
        with a PageMap the first pass only finds where every heading lands (PageMap is never
        satisfied by it, so its pages are thrown away): it places flowables without drawing."""
        self.sections, self.found = self.found, []
        self.passes = getattr(self, "passes", 0) + 1
        self.canv.sketch = self.passes == 1 and self.sketch_first
        super().handle_documentBegin()

    def _footer(self, canvas, doc) -> None:
        if canvas.sketch:  # a page that is thrown away
            return
        canvas.saveState()
        canvas.setFont(self.fonts.regular, 8)
        y = self.margin + FOOTER_SPACE / 2 - 4
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        geometry = doc.pageTemplate.geometry
        left = geometry.left + doc.pageTemplate.shift(doc.page)
        right = left + geometry.frame_width
        canvas.line(left, y + 12, right, y + 12)
        footer = self._footer_line(geometry.frame_width - 40)  # the page number takes the rest
        if self.bound and doc.page % 2 == 0:  # a left-hand page: the number at its outer edge
            footer.drawOn(canvas, left + 40, y)
            canvas.drawString(left, y + 2, str(doc.page))
        else:
            footer.drawOn(canvas, left, y)
            canvas.drawRightString(right, y + 2, str(doc.page))
        canvas.restoreState()

    def _footer_line(self, room: float) -> Para:
        """The footer's line, fitted to `room` once: it is the same on every page that wide."""
        if room not in self.footers:
            size = self.styles.footer.fontSize
            text = self.fonts.fit(self.info.footer, self.fonts.regular, size, room)
            self.footers[room] = Para(self.fonts.markup(text), self.styles.footer)
            self.footers[room].wrap(room, 20)
        return self.footers[room]

    def _tabs(self, canvas, doc) -> None:
        """Every section's tab, drawn once as a form, each linked to its section; the tab of the
        section this page belongs to (the last one begun) drawn over it as the palette draws a
        filled bar (dark in the normal ink, light and outlined in low ink)."""
        if not self.sections:  # the first layout pass: the sections are not known yet
            return
        geometry = doc.pageTemplate.geometry
        places = _tab_places(geometry, len(self.sections))

        def tabs():
            for (_key, label), place in zip(self.sections, places, strict=True):
                self._tab(canvas, geometry, place, label, TAB, INK, self.fonts.regular)

        look = (tuple(self.sections), geometry, self.fonts.regular)
        reused(canvas, "tabs", look, 0, 0, geometry.width, geometry.height, tabs)
        current = self.found[-1][0] if self.found else None
        palette = self.styles.palette
        for (key, label), place in zip(self.sections, places, strict=True):
            canvas.linkAbsolute(label, key, Rect=place)
            if key == current:
                self._tab(
                    canvas, geometry, place, label, palette.bar, palette.on_bar, self.fonts.bold
                )

    def _tab(self, canvas, geometry, place, label, fill: Fill, colour, font) -> None:
        """One tab: a box whose outer corners run off the page's edge, its label centred."""
        x0, y0, x1, y1 = place
        left = x0 if geometry.hand == "right" else x0 - TAB_ROUND
        canvas.saveState()
        path = canvas.beginPath()
        path.roundRect(left, y0, x1 - x0 + TAB_ROUND, y1 - y0, TAB_ROUND)
        fill.path(canvas, path)
        text = self.fonts.fit(label, font, TAB_SIZE, x1 - x0 - 2 * TAB_PAD)
        canvas.setFillColor(colour)
        canvas.setFont(font, TAB_SIZE)
        canvas.drawCentredString((x0 + x1) / 2, (y0 + y1) / 2 - TAB_SIZE * 0.35, text)
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Heading):
            return
        self.notify("Bookmark", (flowable.key, self.page))
        if flowable.level == 0 and flowable.toc:
            self.found.append((flowable.key, flowable.tab))
        self.canv.bookmarkPage(flowable.key)
        self.canv.addOutlineEntry(flowable.outline, flowable.key, level=flowable.level, closed=True)
        if flowable.toc:
            self.notify("TOCEntry", (flowable.level, flowable.text, self.page, flowable.key))


class SidedTemplate(PageTemplate):
    """A page template whose frame moves `gutter` towards the outer edge: right on a right-hand
    (odd) page, left on a left-hand (even) one."""

    def __init__(self, name: str, geometry: Geometry, gutter: float, **options):
        self.geometry = geometry
        self.gutter = gutter
        self.sides = [[_frame(geometry, self.shift(page))] for page in (0, 1)]
        super().__init__(name, self.sides[1], **options)

    def shift(self, page: int) -> float:
        """How far the frame of page `page` sits right of where equal margins put it."""
        return self.gutter if page % 2 else -self.gutter

    def beforeDrawPage(self, canvas, doc) -> None:
        self.frames = self.sides[doc.page % 2]


def _tab_places(geometry: Geometry, count: int) -> list[tuple[float, float, float, float]]:
    """(x0, y0, x1, y1) of `count` tabs, from the top margin down, filling the column's height
    between the margins (each no taller than TAB_TALLEST)."""
    x0 = geometry.tab_column
    top, bottom = geometry.height - geometry.margin, geometry.margin
    pitch = min(TAB_TALLEST, (top - bottom) / count)
    return [
        (x0, top - (i + 1) * pitch + TAB_GAP / 2, x0 + geometry.tabs, top - i * pitch - TAB_GAP / 2)
        for i in range(count)
    ]


class SketchingFrame(Frame):
    """A frame that, on a canvas marked `sketch`, places flowables without drawing them: the
    pages of a pass that only finds where things land are not kept."""

    def _add(self, flowable, canv, trySplit=0):
        if not getattr(canv, "sketch", False):
            return super()._add(flowable, canv, trySplit)
        flowable.drawOn = _placed_only  # for this placement only
        try:
            return super()._add(flowable, canv, trySplit)
        finally:
            del flowable.drawOn

    add = _add  # the name the document calls (Frame binds it to its own _add)


def _placed_only(*args, **kwargs) -> None:
    pass


def _frame(geometry: Geometry, shift: float) -> Frame:
    return SketchingFrame(
        geometry.left + shift,
        geometry.margin + FOOTER_SPACE,
        geometry.frame_width,
        geometry.frame_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def render(
    flowables: list[Flowable],
    geometry: Geometry,
    fonts: FontSet,
    styles: Styles,
    info: DocumentInfo,
    bound: bool = False,
) -> bytes:
    """Lay out the flowables (twice or more, so contents page numbers settle) and return the PDF;
    TooLarge when something cannot fit a page."""
    buffer = io.BytesIO()
    document = WorkbookDocument(buffer, geometry, fonts, styles, info, bound)
    document.sketch_first = any(isinstance(flowable, PageMap) for flowable in flowables)
    try:
        document.multiBuild(flowables)
    except LayoutError as exc:  # validation caps lengths, but a glyph can be very wide
        raise TooLarge(_too_large(exc)) from None
    return buffer.getvalue()


def _too_large(exc: LayoutError) -> str:
    """ReportLab's report of a flowable too large for the page → where, in plain words."""
    page = re.search(r"too large on page (\d+)", str(exc))
    where = f" on page {page.group(1)}" if page else ""
    return (
        f"holds text that cannot fit{where}: a name or task too long, or in letters too wide; "
        "shorten the longest texts"
    )
