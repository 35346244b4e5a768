"""Paper + fonts → page geometry, colours and paragraph styles (one place for the look)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from workbook.paper import PRESETS
from workbook.render.fonts import FontSet

FOOTER_SPACE = 10 * mm
CELL_PAD_LEFT, CELL_PAD_RIGHT = 3, 5  # a ruled table cell's padding, points
WRITING_LINE = 8 * mm  # ruled-line spacing for handwriting (between college and wide rule)
CHECKBOX = 3.4 * mm

# Greys and one dark accent: every tone stays distinct when printed in black and white.
INK = colors.Color(0.1, 0.1, 0.1)
MUTED = colors.Color(0.38, 0.38, 0.38)
RULE = colors.Color(0.72, 0.72, 0.72)
SHADE = colors.Color(0.93, 0.93, 0.93)
ACCENT = colors.Color(0.09, 0.24, 0.42)
LINK = "#173d6b"  # links in running text: dark enough to read in grayscale


@dataclass(frozen=True)
class Geometry:
    """A page's size and margin, in points; `turns` when its wide pages are turned sideways."""

    width: float
    height: float
    margin: float = 18 * mm
    turns: bool = True

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.margin

    @property
    def frame_height(self) -> float:
        return self.height - 2 * self.margin - FOOTER_SPACE

    @property
    def landscape(self) -> Geometry:
        """The page of the wide sections (timeline, skills gap matrix): sideways on paper, upright
        on a tablet, whose screen would otherwise show it small or make its reader turn it."""
        if not self.turns:
            return self
        return Geometry(self.height, self.width, self.margin)


def geometry(paper: str) -> Geometry:
    preset = PRESETS[paper]
    width, height = preset.size
    return Geometry(width, height, preset.margin * mm, turns=not preset.tablet)


class Styles:
    """The paragraph styles, built once per font set."""

    def __init__(self, fonts: FontSet, accent: colors.Color = ACCENT):
        self.accent = accent  # the one colour: headings, the cover title, bars (a brand's own)
        base = ParagraphStyle(
            "body", fontName=fonts.regular, fontSize=10, leading=14, textColor=INK, spaceAfter=4
        )
        self.body = base
        self.prompt = _derive(base, "prompt", fontName=fonts.italic)
        self.hint = _derive(
            base, "hint", fontName=fonts.italic, fontSize=8, leading=10.5, textColor=MUTED
        )
        self.small = _derive(base, "small", fontSize=8.5, leading=11.5, textColor=MUTED)
        self.legend = _derive(self.small, "legend", keepWithNext=1)
        self.label = _derive(
            base,
            "label",
            fontName=fonts.bold,
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            spaceAfter=2,
        )
        self.title = _derive(
            base,
            "title",
            fontName=fonts.bold,
            fontSize=30,
            leading=36,
            textColor=accent,
            spaceAfter=10,
        )
        self.subtitle = _derive(base, "subtitle", fontSize=15, leading=20, spaceAfter=6)
        self.h1 = _derive(
            base,
            "h1",
            fontName=fonts.bold,
            fontSize=20,
            leading=25,
            textColor=accent,
            spaceAfter=10,
            keepWithNext=1,
        )
        self.h2 = _derive(
            base,
            "h2",
            fontName=fonts.bold,
            fontSize=13,
            leading=17,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        )
        self.h3 = _derive(
            base,
            "h3",
            fontName=fonts.bold,
            fontSize=10.5,
            leading=14,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        )
        self.figure = _derive(  # a key figure printed large
            base, "figure", fontName=fonts.bold, fontSize=22, leading=26, textColor=accent
        )
        self.cell = _derive(base, "cell", fontSize=9, leading=12, spaceAfter=0)
        self.cell_bold = _derive(self.cell, "cell_bold", fontName=fonts.bold)
        self.footer = _derive(base, "footer", fontSize=8, leading=10, textColor=MUTED, spaceAfter=0)
        self.bullet = _derive(
            base, "bullet", leftIndent=11, bulletIndent=1, bulletFontName=fonts.regular
        )
        self.toc = [
            _derive(base, "toc0", fontName=fonts.bold, fontSize=10.5, leading=14, spaceBefore=3),
            _derive(base, "toc1", fontSize=9, leading=11.5, leftIndent=14),
        ]


def _derive(parent: ParagraphStyle, name: str, **changes) -> ParagraphStyle:
    return ParagraphStyle(name, parent=parent, **changes)
