"""Section flowables → PDF bytes: page templates, footer, bookmarks, contents, determinism."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from workbook import __version__
from workbook.render.flowables import Heading, KeepWithFirstRows, Para
from workbook.render.fonts import FontSet
from workbook.render.theme import FOOTER_SPACE, RULE, Geometry, Styles

GUTTER = 0.25  # of the margin, moved from the outer margin to the inner one for binding


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
        gutter = geometry.margin * GUTTER if bound else 0
        turned = geometry.landscape
        self.addPageTemplates(
            [
                SidedTemplate("cover", geometry, gutter, onPage=self._plain_page),
                SidedTemplate("body", geometry, gutter, onPage=self._footer),
                SidedTemplate(
                    "landscape",
                    turned,
                    0,
                    onPage=self._footer,
                    pagesize=(turned.width, turned.height),
                ),
            ]
        )

    def _plain_page(self, canvas, doc) -> None:
        canvas.setFont(self.fonts.regular, 10)

    def _footer(self, canvas, doc) -> None:
        canvas.saveState()
        margin = self.margin
        canvas.setFont(self.fonts.regular, 8)
        y = margin + FOOTER_SPACE / 2 - 4
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        width = canvas._pagesize[0]
        shift = doc.pageTemplate.shift(doc.page)
        left, right = margin + shift, width - margin + shift
        canvas.line(left, y + 12, right, y + 12)
        room = width - 2 * margin - 40  # the page number takes the rest
        size = self.styles.footer.fontSize
        text = self.fonts.fit(self.info.footer, self.fonts.regular, size, room)
        footer = Para(self.fonts.markup(text), self.styles.footer)
        footer.wrap(room, 20)
        if self.bound and doc.page % 2 == 0:  # a left-hand page: the number at its outer edge
            footer.drawOn(canvas, left + 40, y)
            canvas.drawString(left, y + 2, str(doc.page))
        else:
            footer.drawOn(canvas, left, y)
            canvas.drawRightString(right, y + 2, str(doc.page))
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Heading):
            return
        self.notify("Bookmark", (flowable.key, self.page))
        self.canv.bookmarkPage(flowable.key)
        self.canv.addOutlineEntry(flowable.outline, flowable.key, level=flowable.level, closed=True)
        if flowable.toc:
            self.notify("TOCEntry", (flowable.level, flowable.text, self.page, flowable.key))


class SidedTemplate(PageTemplate):
    """A page template whose frame moves `gutter` towards the outer edge: right on a right-hand
    (odd) page, left on a left-hand (even) one."""

    def __init__(self, name: str, geometry: Geometry, gutter: float, **options):
        self.gutter = gutter
        self.sides = [[_frame(geometry, self.shift(page))] for page in (0, 1)]
        super().__init__(name, self.sides[1], **options)

    def shift(self, page: int) -> float:
        """How far the frame of page `page` sits right of where equal margins put it."""
        return self.gutter if page % 2 else -self.gutter

    def beforeDrawPage(self, canvas, doc) -> None:
        self.frames = self.sides[doc.page % 2]


def _frame(geometry: Geometry, shift: float) -> Frame:
    return Frame(
        geometry.margin + shift,
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
    """Lay out the flowables (twice or more, so contents page numbers settle) and return the PDF."""
    buffer = io.BytesIO()
    document = WorkbookDocument(buffer, geometry, fonts, styles, info, bound)
    document.multiBuild(flowables)
    return buffer.getvalue()
