"""Form fields of the fillable edition, laid over what the print edition draws.

Each field is transparent and borderless: the page looks as it does in print (the box to tick,
the ruled lines), and a PDF viewer or a tablet's form tool fills it in. Coordinates are the
drawing flowable's own, so a field sits exactly on the box or lines drawn under it.

Field text is set in Helvetica, one of the PDF standard fonts every viewer carries: a viewer
draws what the person types with the font named in the field, and an embedded subset of the
book's own font would lack most of the glyphs they might type. This is the one place the book
uses a font it does not embed.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfbase.acroform import AcroForm
from reportlab.pdfgen.canvas import Canvas

from workbook.render.theme import INK

FONT = "Helvetica"
CLEAR = colors.transparent


# A tick box's look over the box the page draws: no border, no fill, a dark tick.
TICK = {"buttonStyle": "check", "borderWidth": 0, "fillColor": CLEAR, "textColor": INK}


def checkbox(canvas: Canvas, name: str, x: float, y: float, size: float) -> None:
    x, y, size, _ = _placed(canvas, x, y, size, size)
    _form(canvas).checkbox(name=name, x=x, y=y, size=size, fieldFlags="", **TICK)


def radio(canvas: Canvas, name: str, value: str, x: float, y: float, size: float) -> None:
    """One choice of the radio group `name`; ticking another choice clears it."""
    x, y, size, _ = _placed(canvas, x, y, size, size)
    place = {"x": x, "y": y, "size": size}
    _form(canvas).radio(name=name, value=value, shape="square", fieldFlags="radio", **place, **TICK)


def text(
    canvas: Canvas,
    name: str,
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    lines: int = 1,
) -> None:
    """A text field over `lines` ruled lines (several: it wraps and scrolls)."""
    x, y, width, height = _placed(canvas, x, y, width, height)
    size = 11 if lines > 1 else min(11, max(6, height * 0.6))
    _form(canvas).textfield(
        name=name,
        x=x,
        y=y,
        width=width,
        height=height,
        borderWidth=0,
        fillColor=CLEAR,
        textColor=INK,
        fontName=FONT,
        fontSize=size,
        maxlen=0,
        fieldFlags="multiline" if lines > 1 else "",
    )


def _placed(canvas: Canvas, x: float, y: float, width: float, height: float) -> tuple[float, ...]:
    """A rectangle in the flowable's coordinates → on the page (a fitted table may be shrunk)."""
    left, bottom = canvas.absolutePosition(x, y)
    right, top = canvas.absolutePosition(x + width, y + height)
    # to a hundredth of a point, so that fields of one size share one appearance
    return round(left, 2), round(bottom, 2), round(right - left, 2), round(top - bottom, 2)


class _Form(AcroForm):
    """ReportLab's form, with one font object per font: its own writes the field font again for
    every text field (about 2,000 copies of Helvetica in a long book)."""

    def makeFont(self, fontName):
        name = self.formFontNames[fontName or FONT]
        if name not in self.fonts:
            return super().makeFont(fontName)
        return self.fonts[name], name


def _form(canvas: Canvas) -> AcroForm:
    """The canvas's form, made as a _Form the first time (where `canvas.acroForm` would make
    ReportLab's own: the document catalog holds it)."""
    if not hasattr(canvas, "AcroForm"):
        canvas.AcroForm = _Form(canvas)
        canvas._doc._catalog.AcroForm = canvas.AcroForm
    return canvas.AcroForm
