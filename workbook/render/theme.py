"""Paper + fonts → page geometry, colours and paragraph styles (one place for the look)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from workbook.options import Ink
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
SHADE = colors.Color(0.93, 0.93, 0.93)  # grounds: lighter than LIGHTEST, so kept in low ink
ACCENT = colors.Color(0.09, 0.24, 0.42)
LINK = "#173d6b"  # links in running text: dark enough to read in grayscale

LIGHTEST = 0.9  # in low ink no area is filled darker than this grey level (10 % grey)


def accent_colour(hex_colour: str | None) -> colors.Color:
    """A brand's accent (`#rrggbb`), or the theme's own."""
    return colors.HexColor(hex_colour) if hex_colour else ACCENT


@dataclass(frozen=True)
class Geometry:
    """A page's size and margin, in points; `turns` when its wide pages are turned sideways.

    A tablet's page keeps a column `tabs` wide for its side tabs at the edge on the side of the
    reader's writing `hand`, which the pen reaches without crossing the page; the margin there is
    wider by as much, and the frame is that much narrower.
    """

    width: float
    height: float
    margin: float = 18 * mm
    turns: bool = True
    tabs: float = 0
    hand: str = "right"  # or "left"

    @property
    def frame_width(self) -> float:
        return self.width - 2 * self.margin - self.tabs

    @property
    def left(self) -> float:
        """The frame's left edge."""
        return self.margin + (self.tabs if self.hand == "left" else 0)

    @property
    def tab_column(self) -> float:
        """The left edge of the column of side tabs."""
        return 0 if self.hand == "left" else self.width - self.tabs

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


def geometry(paper: str, hand: str = "right") -> Geometry:
    preset = PRESETS[paper]
    width, height = preset.size
    return Geometry(
        width, height, preset.margin * mm, turns=not preset.tablet, tabs=preset.tabs * mm, hand=hand
    )


@dataclass(frozen=True)
class Fill:
    """How a mark with an area is drawn: its ground (None: left blank), its outline (None: none)
    and a hatching over the ground, one way or both (`cross`)."""

    ground: colors.Color | None
    outline: colors.Color | None = INK
    width: float = 0.5  # the outline's
    hatch: colors.Color | None = None
    step: float = 3  # from one hatch line to the next
    cross: bool = False

    def rect(self, canvas, x: float, y: float, width: float, height: float) -> None:
        self._colours(canvas)
        canvas.rect(x, y, width, height, stroke=self._stroke, fill=self._fill)
        if self.hatch is not None:
            hatch(canvas, x, y, width, height, self.hatch, self.step, self.cross)

    def path(self, canvas, path) -> None:
        """A small closed shape (a milestone's diamond): ground and outline, never hatched."""
        self._colours(canvas)
        canvas.drawPath(path, stroke=self._stroke, fill=self._fill)

    def _colours(self, canvas) -> None:
        if self.ground is not None:
            canvas.setFillColor(self.ground)
        if self.outline is not None:
            canvas.setStrokeColor(self.outline)
            canvas.setLineWidth(self.width)

    @property
    def _stroke(self) -> int:
        return int(self.outline is not None)

    @property
    def _fill(self) -> int:
        return int(self.ground is not None)


def hatch(canvas, x, y, width, height, colour, step, cross: bool = False) -> None:
    """Diagonal lines clipped to a rectangle (crossed both ways with `cross`): a pattern that
    survives grayscale printing and takes little ink."""
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(x, y, width, height)
    canvas.clipPath(path, stroke=0, fill=0)
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.4)
    offset = -height
    while offset < width:
        canvas.line(x + offset, y, x + offset + height, y + height)
        if cross:
            canvas.line(x + offset, y + height, x + offset + height, y)
        offset += step
    canvas.restoreState()


@dataclass(frozen=True)
class Palette:
    """Every filled mark of the book, by what it stands for, in one ink. In the normal ink, solid
    tones; in low ink, outlines, hatching and grounds no darker than LIGHTEST, each kind still
    told apart by its pattern (the legends draw the same marks)."""

    bar: Fill  # a timeline phase
    tracks: dict[str, Fill]  # a skill track, by priority
    marker: Fill  # a milestone's diamond
    figure: Fill  # a bar of a chart of numbers (the playbook's funnel)
    on_bar: colors.Color  # text printed on a bar or a figure's bar


def palette(ink: Ink, accent: colors.Color) -> Palette:
    if ink == "low":
        return Palette(
            bar=Fill(SHADE, accent, 1.2),
            tracks={
                "critical": Fill(colors.white, hatch=INK, step=4, cross=True),
                "important": Fill(colors.white, hatch=MUTED),
                "nice-to-have": Fill(colors.white),
            },
            marker=Fill(colors.white, INK, 1),
            figure=Fill(SHADE, accent, 1),
            on_bar=INK,
        )
    return Palette(
        bar=Fill(accent),
        tracks={
            "critical": Fill(colors.Color(0.45, 0.45, 0.45)),
            "important": Fill(colors.Color(0.8, 0.8, 0.8), hatch=MUTED),
            "nice-to-have": Fill(colors.white),
        },
        marker=Fill(INK, None),
        figure=Fill(accent, None),
        on_bar=colors.white,
    )


def styles(fonts: FontSet, accent: str | None = None, ink: Ink = "normal") -> Styles:
    """The styles for a font set, a brand's accent (`#rrggbb`) and an ink, made once per process:
    paragraphs' parses and line breaks are kept per style (flowables.Para), so every book of
    the same look, in a cohort or a test run, shares them. Styles are never changed once made."""
    return _styles(fonts, accent, ink)


@functools.cache  # called with every argument, so that one look is one entry
def _styles(fonts: FontSet, accent: str | None, ink: Ink) -> Styles:
    return Styles(fonts, accent_colour(accent), ink)


class Styles:
    """The paragraph styles for a font set and the palette of filled marks (see `styles`)."""

    def __init__(self, fonts: FontSet, accent: colors.Color = ACCENT, ink: Ink = "normal"):
        self.accent = accent  # the one colour: headings, the cover title, bars (a brand's own)
        self.palette = palette(ink, accent)
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
