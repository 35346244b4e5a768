"""Workbook building blocks → ReportLab flowables: headings, checkboxes, ruled writing space."""

from __future__ import annotations

import functools
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import IndexingFlowable

from workbook.render import formfields
from workbook.render.theme import (
    CELL_PAD_LEFT,
    CELL_PAD_RIGHT,
    CHECKBOX,
    INK,
    MUTED,
    RULE,
    SHADE,
    WRITING_LINE,
)


class Para(Paragraph):
    """A Paragraph whose markup is parsed once per process for each markup and style.

    A workbook repeats its text (prompts, headings, cells, each person's copy of the same content)
    and ReportLab parses markup afresh for every Paragraph; the parse is a pure function of the
    markup and the style, and a Paragraph only reads the fragments it is given (its split pieces
    are made from fragments too), so each distinct pair is parsed once and its fragments shared.
    """

    def _setup(self, text, style, bulletText, frags, cleaner):
        self.shared = frags is None and bulletText is None
        if self.shared:
            text, style, frags = _parsed(text, style)
        super()._setup(text, style, bulletText, frags, cleaner)

    def breakLines(self, width):
        """Lines broken once per process for each parse and width (the same text is measured
        again on every layout pass, in every measuring of a page, and in every person's book).

        Breaking text of several fragments (bold, links) also turns the paragraph's fragments
        into a list of words, which splitting and drawing read: a found entry restores it too.
        """
        if not self.shared:
            return super().breakLines(width)
        key = (id(self.frags), tuple(width))
        found = _BROKEN.get(key)
        if found is not None and found[0] is self.frags:  # the entry holds its frags: ids stay
            _BROKEN.move_to_end(key)
            self.frags = found[2]
            return found[1]
        frags = self.frags
        lines = super().breakLines(width)
        _BROKEN[key] = (frags, lines, self.frags)
        if len(_BROKEN) > BROKEN_KEPT:
            _BROKEN.popitem(last=False)
        return lines


BROKEN_KEPT = 4096  # broken paragraphs kept, the least recently used dropped first
_BROKEN: OrderedDict[tuple, tuple] = OrderedDict()


@functools.lru_cache(maxsize=4096)  # a long book has ~2,300 pairs; each ~3.5 KB held
def _parsed(markup: str, style: ParagraphStyle) -> tuple[str, ParagraphStyle, list]:
    paragraph = Paragraph(markup, style)
    return paragraph.text, paragraph.style, paragraph.frags  # the text as ReportLab cleaned it


class Heading(Para):
    """A heading that the document turns into a bookmark and, if `toc`, a contents entry; a
    section's (level 0 in the contents) also into a side tab on a tablet's pages, labelled `tab`
    (else its outline's words)."""

    def __init__(
        self,
        markup: str,
        style: ParagraphStyle,
        *,
        key: str,
        outline: str,
        level: int = 0,
        toc: bool = True,
        tab: str | None = None,
    ):
        super().__init__(markup, style)
        self.key = key
        self.outline = outline
        self.level = level
        self.toc = toc
        self.tab = tab or outline


class PageMap(IndexingFlowable):
    """Where each bookmarked heading landed in the last layout pass, for "→ p. N" references.

    ReportLab's multiBuild lays the story out again until every indexing flowable is satisfied,
    so a reference that moves a page break is corrected on the next pass. It is never satisfied
    by the first pass, which a story holding it may therefore only sketch (see document.py).
    """

    def __init__(self):
        super().__init__()
        self.pages: dict[str, int] = {}
        self._current: dict[str, int] = {}
        self._stable = False
        self._passes = 0

    def notify(self, kind, stuff):
        if kind == "Bookmark":
            key, page = stuff
            self._current[key] = page

    def beforeBuild(self):
        self._current = {}

    def afterBuild(self):
        self._passes += 1
        self._stable = self._passes > 1 and self._current == self.pages
        self.pages = self._current

    def isSatisfied(self):
        return self._stable

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        pass


class CheckItem(Flowable):
    """An empty box to tick with a pen, then the item's text wrapped beside it.

    `markup` may be a function, called at each layout pass, when the text holds page references.
    With a `field` name (the fillable edition), the box is also a checkbox a viewer ticks.
    """

    def __init__(
        self, markup: str | Callable[[], str], style: ParagraphStyle, field: str | None = None
    ):
        super().__init__()
        self.markup = markup
        self.style = style
        self.field = field
        self.indent = CHECKBOX + 2.2 * 3

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        markup = self.markup() if callable(self.markup) else self.markup
        self.para = Para(markup, self.style)
        _, height = self.para.wrap(avail_width - self.indent, avail_height)
        self.height = max(height, CHECKBOX + 2) + self.style.spaceAfter
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        top = self.height - self.style.spaceAfter
        box_y = top - self.style.leading + (self.style.leading - CHECKBOX) / 2 - 1
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.8)
        canvas.rect(0, box_y, CHECKBOX, CHECKBOX, stroke=1, fill=0)
        if self.field:
            formfields.checkbox(canvas, self.field, 0, box_y, CHECKBOX)
        self.para.drawOn(canvas, self.indent, top - self.para.height)


class WritingLines(Flowable):
    """`count` ruled lines for handwriting, or as many as fit when `fill` is set; with a `field`
    name, also a text field over them."""

    def __init__(
        self, count: int = 3, fill: bool = False, minimum: int = 2, field: str | None = None
    ):
        super().__init__()
        self.count = count
        self.fill = fill
        self.minimum = minimum
        self.field = field

    def wrap(self, avail_width, avail_height):
        lines = self.count
        if self.fill:
            lines = max(self.minimum, int((avail_height - 2) // WRITING_LINE))
        self.width, self.height = avail_width, lines * WRITING_LINE
        return self.width, self.height

    def draw(self):
        lines = round(self.height / WRITING_LINE)
        ruled(self.canv, 0, self.height, self.width, lines, self.field)


def ruled(
    canvas, x: float, top: float, width: float, lines: int, field: str | None, framed: bool = True
) -> None:
    """`lines` ruled writing lines under `top`. With a `field` name (the fillable edition), a
    text field over them; over several lines the rules give way to a frame (none if `framed` is
    off: the area has a border of its own), since a viewer spaces typed lines by the font's size
    and its text would run through the rules."""
    bottom = top - lines * WRITING_LINE
    if field and lines > 1:
        if framed:
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.rect(x, bottom, width, top - bottom, stroke=1, fill=0)
    else:

        def rules():
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            for i in range(lines):
                canvas.line(0, i * WRITING_LINE, width, i * WRITING_LINE)

        reused(canvas, "ruled", (width, lines), x, bottom, width, top - bottom, rules)
    if field:
        formfields.text(canvas, field, x, bottom, width, top - bottom, lines=lines)


Marks = Callable[[], None]  # draws on the canvas it closes over


def reused(
    canvas, kind: str, key: tuple, x: float, y: float, width: float, height: float, marks: Marks
) -> None:
    """Repeated page furniture: `marks` draws it (from 0, 0 up to `width`, `height`) once per file,
    as a form XObject named by its `kind` and `key`, which every page then places at `x`, `y`.
    `key` must hold all that the marks depend on. The form's box reaches a point past the marks'
    area, so that the lines on its edges are drawn whole."""
    name = f"{kind}-{hashlib.sha256(repr(key).encode()).hexdigest()[:12]}"
    canvas.saveState()
    canvas.translate(x, y)
    if not canvas.hasForm(name):
        canvas.beginForm(name, -1, -1, width + 1, height + 1)
        marks()
        canvas.endForm()
    canvas.doForm(name)
    canvas.restoreState()


class PromptedLines(Flowable):
    """A prompt with ruled lines filling the rest of the page under it, never parted: when the
    prompt and its first `minimum` lines do not fit, all of it moves on to the next page."""

    GAP = 2  # points between the prompt and its first line

    def __init__(self, prompt: Paragraph, minimum: int = 4, field: str | None = None):
        super().__init__()
        self.prompt = prompt
        self.minimum = minimum
        self.field = field

    def wrap(self, avail_width, avail_height):
        _, self.prompt_height = self.prompt.wrap(avail_width, avail_height)
        room = avail_height - self.prompt_height - self.GAP - 2
        self.lines = max(self.minimum, int(room // WRITING_LINE))
        self.width = avail_width
        self.height = self.prompt_height + self.GAP + self.lines * WRITING_LINE
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return []  # one block: it moves to the next page rather than strand the prompt

    def draw(self):
        canvas = self.canv
        self.prompt.drawOn(canvas, 0, self.height - self.prompt_height)
        ruled(canvas, 0, self.lines * WRITING_LINE, self.width, self.lines, self.field)


class Grid(Flowable):
    """An area for sketching: a dot grid (flows, wireframes, notes) or a square grid (process maps,
    system diagrams), `height` points high or filling the rest of the frame when `fill` is set.

    The pitch is 5 mm, so that handwriting spans two cells and a 7 mm line is never needed here;
    the pattern is centred so its margins match on both sides.
    """

    PITCH = 5 * mm
    DOT = 0.45  # radius, points: visible in grayscale without fighting the pen

    def __init__(self, kind: str = "dots", height: float = 0.0, fill: bool = False):
        super().__init__()
        if kind not in ("dots", "squares"):
            raise ValueError(f"a grid is 'dots' or 'squares', not {kind!r}")
        self.kind = kind
        self.fixed = height
        self.fill = fill

    def wrap(self, avail_width, avail_height):
        height = avail_height - 2 if self.fill else self.fixed
        rows = max(1, int(height // self.PITCH))
        self.width, self.height = avail_width, rows * self.PITCH
        return self.width, self.height

    def columns_and_rows(self) -> tuple[int, int, float]:
        """Whole cells across and down, and the left offset that centres them."""
        columns = int(self.width // self.PITCH)
        return columns, round(self.height / self.PITCH), (self.width - columns * self.PITCH) / 2

    def draw(self):
        """The pattern is drawn once per size and reused on every page."""
        columns, rows, left = self.columns_and_rows()
        marks = functools.partial(self._pattern, columns, rows, left)
        key = (self.kind, columns, rows, left)
        reused(self.canv, "grid", key, 0, 0, self.width, self.height, marks)

    def _pattern(self, columns: int, rows: int, left: float) -> None:
        canvas = self.canv
        xs = [left + i * self.PITCH for i in range(columns + 1)]
        ys = [j * self.PITCH for j in range(rows + 1)]
        if self.kind == "dots":  # a dot is a zero-length stroke with a round cap
            canvas.setStrokeColor(MUTED)
            canvas.setLineWidth(2 * self.DOT)
            canvas.setLineCap(1)
            canvas.lines([(x, y, x, y) for x in xs for y in ys])
            return
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.3)
        canvas.grid(xs, ys)


class LabelledBoxes(Flowable):
    """A row of equal boxes, each with a small label above it (e.g. hours per day); with `fields`
    (a name for each box), each box is also a text field."""

    def __init__(
        self,
        labels: list[str],
        font: str,
        height: float = WRITING_LINE * 1.1,
        fields: list[str] | None = None,
    ):
        super().__init__()
        self.labels = labels
        self.font = font
        self.box_height = height
        self.fields = fields

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, self.box_height + 11
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        step = self.width / len(self.labels)
        key = (self.font, *self.labels, self.width, self.height)
        marks = functools.partial(self._boxes, step)
        reused(canvas, "boxes", key, 0, 0, self.width, self.height, marks)
        for i, field in enumerate(self.fields or []):
            formfields.text(canvas, field, i * step + 1, 0, step - 4, self.box_height)

    def _boxes(self, step: float) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.6)
        for i, label in enumerate(self.labels):
            x = i * step
            canvas.setFillColor(MUTED)
            canvas.setFont(self.font, 7.5)
            canvas.drawString(x + 2, self.box_height + 3, label)
            canvas.setStrokeColor(INK)
            canvas.rect(x + 1, 0, step - 4, self.box_height, stroke=1, fill=0)


class Blank(Flowable):
    """An empty table cell to write in, `height` high; with a `field` name, a text field over
    it and the cell's padding (`pad` points above and below)."""

    def __init__(self, height: float, field: str | None = None, pad: float = 2):
        super().__init__()
        self.fixed = height
        self.field = field
        self.pad = pad

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, self.fixed
        return self.width, self.height

    def draw(self):
        if self.field:
            height = self.height + 2 * self.pad
            formfields.text(self.canv, self.field, 0, -self.pad, self.width, height)


class WritingBox(Flowable):
    """A bordered box: a title, an optional prompt and example, then ruled lines to write on; at
    least half a line's pitch clear between the last line and the border under it."""

    PAD = 5
    FOOT = WRITING_LINE / 2

    def __init__(self, parts: list[Paragraph], lines: int, field: str | None = None):
        super().__init__()
        self.parts = parts
        self.lines = lines
        self.field = field
        self.min_height = 0.0  # set to line up boxes that stand side by side

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        inner = avail_width - 2 * self.PAD
        text = sum(part.wrap(inner, avail_height)[1] + 1 for part in self.parts)
        self.height = max(self.PAD + text + self.lines * WRITING_LINE + self.FOOT, self.min_height)
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.8)
        canvas.roundRect(0, 0, self.width, self.height, 3, stroke=1, fill=0)
        y = self.height - self.PAD
        for part in self.parts:
            y -= part.height
            part.drawOn(canvas, self.PAD, y)
            y -= 1
        lines = int((y - self.FOOT + 0.01) // WRITING_LINE)
        ruled(canvas, self.PAD, y, self.width - 2 * self.PAD, lines, self.field, framed=False)


class Fields(Flowable):
    """Write-in fields side by side: a small label over a line; as many to a row as leave every
    label room over its line (all on one row on letter and A4, fewer on a narrow page)."""

    ROW = WRITING_LINE + 9
    GAP = 8  # between one field's line and the next
    SIZE = 7.5

    def __init__(self, labels: list[str], font: str, fields: list[str] | None = None):
        super().__init__()
        self.labels = labels
        self.font = font
        self.fields = fields  # a form field's name for each label (the fillable edition)

    def wrap(self, avail_width, avail_height):
        widest = max(stringWidth(label, self.font, self.SIZE) for label in self.labels)
        count = len(self.labels)
        self.per_row = next(
            (n for n in range(count, 1, -1) if widest <= avail_width / n - self.GAP), 1
        )
        self.width, self.height = avail_width, -(-count // self.per_row) * self.ROW
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        step = self.width / self.per_row
        for index, label in enumerate(self.labels):
            row, column = divmod(index, self.per_row)
            x, top = column * step, self.height - row * self.ROW
            canvas.setFillColor(MUTED)
            canvas.setFont(self.font, self.SIZE)
            canvas.drawString(x, top - 8, label)
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(0.5)
            canvas.line(x, top - self.ROW + 1, x + step - self.GAP, top - self.ROW + 1)
            if self.fields:
                height = self.ROW - 10
                formfields.text(
                    canvas, self.fields[index], x, top - self.ROW + 1.5, step - self.GAP, height
                )


class KeepWithFirstRows(KeepTogether):
    """keepWithNext for headings before a table: the heading stays with the table's first rows.

    ReportLab's own KeepTogether moves a heading and its whole table to the next page when the
    table does not fit, leaving a gap; this splits the table instead when the heading, the
    header row and at least MIN_ROWS rows fit where they are.
    """

    MIN_ROWS = 2

    def split(self, aW, aH):
        *lead, last = self._content
        if lead and isinstance(last, Table):
            # the frame took the first one's space before off aH already
            lead_height = (
                sum(f.wrap(aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in lead)
                - lead[0].getSpaceBefore()
            )
            parts = last.split(aW, aH - lead_height)
            if parts and len(parts[0]._cellvalues) >= last.repeatRows + self.MIN_ROWS:
                return [*lead, *parts]
        return super().split(aW, aH)


def ruled_table(
    rows: list[list], widths: list[float], font: str, header: bool = True, extra: tuple = ()
) -> Table:
    """The workbook's one table look: hairlines between rows, a shaded header row that repeats
    on every page, and the given font everywhere (never ReportLab's default Helvetica)."""
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_LEFT),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_RIGHT),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ]
    table.setStyle(TableStyle([*commands, *extra]))
    return table


class Deferred(Flowable):
    """A short paragraph whose markup is made at each layout pass, when it refers to pages."""

    def __init__(self, markup: Callable[[], str], style: ParagraphStyle):
        super().__init__()
        self.markup = markup
        self.style = style
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def wrap(self, avail_width, avail_height):
        self.para = Para(self.markup(), self.style)
        self.width, self.height = self.para.wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self):
        self.para.drawOn(self.canv, 0, 0)


class Part(NamedTuple):
    """A block of a sheet that stays on one page: `make(extra)` gives its flowables with `extra`
    points more room to write in (whole lines or rows of it), `share` its claim on a page's
    leftover room (0: it keeps its size); a part that `ends` its page has nothing after it there
    (a grid that takes the rest of its page)."""

    make: Callable[[float], list[Flowable]]
    share: float
    ends: bool = False

    def after(self, lead: list[Flowable]) -> Part:
        """This part with `lead` (a heading, fields) above it, on the same page."""
        return self._replace(make=lambda extra: [*lead, *self.make(extra)])


def lines_in(extra: float) -> int:
    """Whole writing lines in `extra` points."""
    return int(extra // WRITING_LINE)


def spread(extra: float, shares: list[float]) -> list[float]:
    """`extra` points shared out in proportion to `shares`."""
    total = sum(shares)
    return [extra * share / total if total else 0.0 for share in shares]


class FilledPages(Flowable):
    """Parts laid out on as few pages as hold them, balanced so that no page carries a sliver,
    each page's writing room then stretched to its foot by the parts' shares.

    `page` is a whole frame's height, for the pages after the first: the first page has what is
    left where the parts begin. A part taller than a page is printed as it is, on its own.

    The parts' heights are measured once per layout pass: `wrap` measures, the `split` that
    follows it reuses them, and the rest left for the next page inherits its share. (A new pass
    wraps the story's own FilledPages afresh, as page references in the parts may have moved.)
    """

    def __init__(self, parts: list[Part], page: float, measured: tuple[float, list[float]] = ()):
        super().__init__()
        self.parts = parts
        self.page = page
        self.measured = measured

    def _heights(self, width: float) -> list[float]:
        if not self.measured or self.measured[0] != width:
            self.measured = (width, [_height(part.make(0), width) for part in self.parts])
        return self.measured[1]

    def _rest(self, start: int, heights: list[float], width: float) -> list[Flowable]:
        if start >= len(self.parts):
            return []
        return [FilledPages(self.parts[start:], self.page, (width, heights[start:]))]

    def wrap(self, avail_width, avail_height):
        self.measured = ()  # a first wrap in this pass measures afresh
        heights = self._heights(avail_width)
        self.width = avail_width
        self.content = []
        if avail_height > self.page + 1:  # measured, not laid out: a heading keeps with part 1
            self.height = heights[0]
        elif sum(heights) <= avail_height:
            self.content = _stretched(self.parts, heights, avail_width, avail_height)
            self.height = _height(self.content, avail_width)
        else:
            self.height = sum(heights)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        heights = self._heights(avail_width)
        if heights[0] > self.page:  # cannot fit any page: printed as it is, from a page's top
            if avail_height < self.page - 1:
                return []
            return [*self.parts[0].make(0), *self._rest(1, heights, avail_width)]
        count = _first_page(heights, [p.ends for p in self.parts], avail_height, self.page)
        if count == 0:
            return []
        page = _stretched(self.parts[:count], heights[:count], avail_width, avail_height)
        rest = self._rest(count, heights, avail_width)
        return [*page, *([PageBreak(), *rest] if rest else [])]  # the rest as shared out

    def draw(self):
        y, after = self.height, 0.0
        for flowable in self.content:
            _, height = flowable.wrap(self.width, self.height)
            y -= _gap(flowable, after) + height
            flowable.drawOn(self.canv, 0, y)
            after = flowable.getSpaceAfter()
            y -= after


def _height(flowables: list[Flowable], width: float) -> float:
    """The height the flowables take stacked in a frame, whose space between two flowables is
    the larger of the one's space after and the other's space before."""
    total = after = 0.0
    for flowable in flowables:
        total += _gap(flowable, after) + flowable.wrap(width, 1e6)[1]
        after = flowable.getSpaceAfter()
        total += after
    return total


def _gap(flowable: Flowable, after: float) -> float:
    """The space a frame leaves above `flowable` beyond the `after` of the one above it."""
    return max(flowable.getSpaceBefore() - after, 0.0)


def _stretched(
    parts: list[Part], heights: list[float], width: float, room: float
) -> list[Flowable]:
    """The parts' flowables with the room left under them shared out by their shares; what
    rounding to whole lines leaves over then goes to one part after another while it fits.
    Each part is made and measured once per distinct room it is tried with."""
    tried: dict[tuple[int, float], tuple[list[Flowable], float]] = {}

    def make(index: int, more: float) -> tuple[list[Flowable], float]:
        key = (index, max(0.0, more))
        if key not in tried:
            block = parts[index].make(key[1])
            tried[key] = block, _height(block, width)
        return tried[key]

    def over(mores: list[float]) -> float:
        return sum(make(i, more)[1] for i, more in enumerate(mores)) - (room - 1)

    shares = [p.share for p in parts]
    mores = spread(room - 1 - sum(heights), shares)
    for _ in range(20):  # rounding up may overshoot: shrink the shares until all fits
        excess = over(mores)
        if excess <= 0:
            break
        mores = [
            max(0.0, more - (excess + 1) * share)
            for more, share in zip(mores, spread(1.0, shares), strict=True)
        ]
    else:
        mores = [0.0] * len(parts)
    for index, part in enumerate(parts):
        if not part.share:
            continue
        trial = [*mores]
        trial[index] += -over(mores)
        if over(trial) <= 0:
            mores = trial
    return [f for i, more in enumerate(mores) for f in make(i, more)[0]]


def _first_page(heights: list[float], ends: list[bool], first: float, page: float) -> int:
    """How many parts go on the first page: the fewest pages in all, and among those the layout
    whose fullest page is least full, so that the parts are shared out evenly."""

    @functools.cache
    def best(start: int, room: float) -> tuple[int, float, int]:
        """(pages, fullest page's share of its room, parts on this page) for heights[start:]."""
        if start == len(heights):
            return 0, 0.0, 0
        options = []
        used = 0.0
        for end in range(start + 1, len(heights) + 1):
            used += heights[end - 1]
            if used > room:
                break
            pages, fullest, _ = best(end, page)
            options.append((pages + 1, max(fullest, used / room), end - start))
            if ends[end - 1]:
                break
        if not options and room < page:  # not even one part fits here: start on the next page
            pages, fullest, _ = best(start, page)
            return pages + 1, fullest, 0
        if not options:  # taller than a page: on one of its own, as it is
            pages, fullest, _ = best(start + 1, page)
            return pages + 1, 1.0, 1
        return min(options)

    return best(0, first)[2]
