"""Section flowables → PDF bytes: page templates, footer, bookmarks, contents, determinism."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from workbook import __version__
from workbook.render.flowables import Heading, KeepWithFirstRows, Para
from workbook.render.fonts import FontSet
from workbook.render.theme import FOOTER_SPACE, RULE, Geometry, Styles


@dataclass(frozen=True)
class DocumentInfo:
    """What the PDF says about itself, and what the footer prints on every body page."""

    title: str
    author: str
    subject: str
    footer: str  # plain text, shortened to one line when printed
    settings: str  # the settings the book was built from, kept in its metadata


class WorkbookDocument(BaseDocTemplate):
    """Cover, portrait and landscape page templates; headings become bookmarks and contents."""

    def __init__(
        self, buffer, geometry: Geometry, fonts: FontSet, styles: Styles, info: DocumentInfo
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
        turned = geometry.landscape
        self.addPageTemplates(
            [
                PageTemplate("cover", [_frame(geometry)], onPage=self._plain_page),
                PageTemplate("body", [_frame(geometry)], onPage=self._footer),
                PageTemplate(
                    "landscape",
                    [_frame(turned)],
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
        canvas.line(margin, y + 12, width - margin, y + 12)
        text = self.fonts.fit(
            self.info.footer,
            self.fonts.regular,
            self.styles.footer.fontSize,
            width - 2 * margin - 40,
        )
        footer = Para(self.fonts.markup(text), self.styles.footer)
        footer.wrap(width - 2 * margin - 40, 20)
        footer.drawOn(canvas, margin, y)
        canvas.drawRightString(width - margin, y + 2, str(doc.page))
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Heading):
            return
        self.notify("Bookmark", (flowable.key, self.page))
        self.canv.bookmarkPage(flowable.key)
        self.canv.addOutlineEntry(flowable.outline, flowable.key, level=flowable.level, closed=True)
        if flowable.toc:
            self.notify("TOCEntry", (flowable.level, flowable.text, self.page, flowable.key))


def _frame(geometry: Geometry) -> Frame:
    return Frame(
        geometry.margin,
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
) -> bytes:
    """Lay out the flowables (twice or more, so contents page numbers settle) and return the PDF."""
    buffer = io.BytesIO()
    document = WorkbookDocument(buffer, geometry, fonts, styles, info)
    document.multiBuild(flowables)
    return buffer.getvalue()
