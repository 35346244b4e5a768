"""Plan → the Gantt-style timeline: phases, skill tracks, milestones and weeks off on the calendar.

Drawn in grey tones and patterns only, so it reads the same printed in black and white: phases are
solid dark bars; skill tracks are thinner bars whose fill tells the priority (Critical solid mid
grey, Important hatched light grey, Nice to have outlined); weeks off are hatched columns;
milestones are numbered diamonds keyed in a table under each chart that shows them. A plan longer
than a year (than a few months on a tablet's upright page, whose weeks would otherwise be too thin
to read) continues on further pages, each with its own month header and row labels. Where
everything goes is computed in `gantt.py`; this module only draws it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from workbook.content import PRIORITY_LABELS
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.layout.gantt import (
    CAPTION_SIZE,
    MILESTONE_ROW,
    MONTH_BASELINE,
    MONTH_SIZE,
    OFF_SIZE,
    PHASE_BAR,
    TRACK_BAR,
    WEEK_BASELINE,
    WEEK_SIZE,
    Bars,
    GanttPage,
    Measure,
    gantt_pages,
    key_widths,
)
from workbook.render.document import book_section
from workbook.render.flowables import Heading, Para
from workbook.render.fonts import FontSet
from workbook.render.theme import INK, MUTED, RULE, Palette, hatch

STRIPE = Color(0.965, 0.965, 0.965)
TRACK_PRIORITIES = ("critical", "important", "nice-to-have")
LEGEND_SIZE = 7.5
LEGEND_LINE = 15  # from one line of the legend to the next


def measure(fonts: FontSet) -> Measure:
    return lambda text, bold, size: fonts.width(text, fonts.bold if bold else fonts.regular, size)


@book_section("timeline", "landscape")
def timeline(ctx: Context) -> list[Flowable]:
    plan = ctx.plan
    width = ctx.geometry.landscape.frame_width
    pages = gantt_pages(plan, width, measure(ctx.fonts))
    flowables: list[Flowable] = [*ctx.section("timeline", "Your timeline")]
    for number, page in enumerate(pages, 1):
        if number > 1:
            weeks = plan.weeks[page.columns.first], plan.weeks[page.columns.last]
            title = f"Your timeline, continued: {dates.span(weeks[0].start, weeks[1].end)}"
            flowables.append(
                Heading(
                    ctx.safe(title),
                    ctx.styles.h2,
                    key=f"timeline-{number}",
                    outline=title,
                    level=1,
                    toc=False,
                )
            )
        off = any(week.off for week in plan.weeks)
        palette = ctx.styles.palette
        flowables += [
            Gantt(page, ctx.fonts, palette, ctx.printed),
            Spacer(0, 6),
            Legend(ctx.fonts, off, plan.start, palette),
        ]
        if page.milestones:  # each chart keys the milestones it shows
            flowables += [Spacer(0, 8), KeepTogether(_milestone_key(ctx, page.milestones))]
        if number < len(pages):
            flowables.append(PageBreak())
    return flowables


def _milestone_key(ctx: Context, numbers: tuple[int, ...]) -> list[Flowable]:
    """The milestones numbered on one chart, two to a row when they fit without wrapping; each
    one's week linked to its page where the book prints it."""
    entries = []
    for number in numbers:
        milestone = ctx.plan.milestones[number - 1]
        date = dates.short(milestone.date)
        linked = Para(f"{ctx.weeks_ref([milestone.week])} · {ctx.safe(date)}", ctx.styles.cell)
        entries.append((number, milestone.name, f"week {milestone.week} · {date}", linked))
    width = ctx.geometry.landscape.frame_width
    widths = key_widths(
        [(name, when) for _, name, when, _ in entries],
        width,
        measure(ctx.fonts),
        ctx.styles.cell.fontSize,
    )
    per_row = len(widths) // 3
    cells = [
        [ctx.cell(str(number), bold=True), ctx.cell(name), linked]
        for number, name, _, linked in entries
    ]
    cells += [["", "", ""]] * (-len(cells) % per_row)
    rows = [
        [cell for entry in cells[i : i + per_row] for cell in entry]
        for i in range(0, len(cells), per_row)
    ]
    return [ctx.para("Milestones", ctx.styles.h3), ctx.table(rows, widths, header=False)]


class Gantt(Flowable):
    """One page of the chart, drawn from its computed geometry. A phase's or a skill's bar links
    to the weekly page of its first week, a milestone to its week's, where the book prints it."""

    def __init__(
        self, page: GanttPage, fonts: FontSet, palette: Palette, printed: Callable[[int], bool]
    ):
        super().__init__()
        self.page, self.fonts, self.palette, self.printed = page, fonts, palette, printed
        self.width, self.height = page.width, page.height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        canvas, page = self.canv, self.page
        canvas.saveState()
        self._header(canvas)
        weeks_y = page.top + WEEK_BASELINE
        for block in page.off:
            hatch(canvas, block.x0, 0, block.x1 - block.x0, page.top, RULE, 4)
            self._text(block.label.text, OFF_SIZE, MUTED, block.label.x, weeks_y, centre=True)
        for index, row in enumerate(page.rows):
            if index % 2 == 0:
                canvas.setFillColor(STRIPE)
                canvas.rect(0, row.y, page.columns.label, row.height, stroke=0, fill=1)
            self._row(canvas, row)
        if page.start is not None:
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(1.2)
            canvas.setDash(3, 2)
            canvas.line(page.start, 0, page.start, page.top)
            canvas.setDash()
        self._milestones(canvas)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(page.columns.label, 0, page.columns.label, self.height)
        canvas.restoreState()

    def _text(self, text, size, colour, x, y, bold=False, centre=False) -> None:
        canvas = self.canv
        canvas.setFillColor(colour)
        canvas.setFont(self.fonts.bold if bold else self.fonts.regular, size)
        (canvas.drawCentredString if centre else canvas.drawString)(x, y, text)

    def _header(self, canvas) -> None:
        page = self.page
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        for x in page.gridlines:
            for y0, y1 in page.gridline_runs:
                canvas.line(x, y0, x, y1)
        for label in page.months:
            self._text(label.text, MONTH_SIZE, INK, label.x, page.top + MONTH_BASELINE, bold=True)
        for label in page.weeks:
            self._text(label.text, WEEK_SIZE, MUTED, label.x, page.top + WEEK_BASELINE, centre=True)
        self._text("plan week", WEEK_SIZE, MUTED, 0, page.top + WEEK_BASELINE)
        self._text("month", WEEK_SIZE, MUTED, 0, page.top + MONTH_BASELINE)

    def _row(self, canvas, row: Bars) -> None:
        phase = row.row.kind == "phase"
        font, size = (self.fonts.bold, 8) if phase else (self.fonts.regular, 7.5)
        indent = 0 if phase else 10
        label = self.fonts.fit(row.row.label, font, size, self.page.columns.label - indent - 6)
        canvas.setFillColor(INK)
        canvas.setFont(font, size)
        canvas.drawString(indent, row.y + row.height / 2 - size * 0.35, label)
        bar = PHASE_BAR if phase else TRACK_BAR
        by = row.y + (row.height - bar) / 2
        fill = self.palette.bar if phase else self.palette.tracks[row.row.kind]
        for x0, x1 in row.bars:
            fill.rect(canvas, x0, by, x1 - x0, bar)
            self._link(row.row.span.first, (x0, row.y, x1, row.y + row.height))
        if row.caption is not None:
            on_bar = self.palette.on_bar
            self._text(row.caption.text, CAPTION_SIZE, on_bar, row.caption.x, by + 2.5)

    def _milestones(self, canvas) -> None:
        page = self.page
        key = " (key below)" if page.milestones else ""
        self._text(f"Milestones{key}", 7, MUTED, 0, MILESTONE_ROW / 2 - 2.5)
        cy = MILESTONE_ROW / 2 + 2
        for mark in page.marks:
            _diamond(canvas, self.palette, mark.x, cy, 4)
            numbers = ",".join(str(n) for n in mark.numbers)
            half = self.fonts.width(numbers, self.fonts.bold, 6.5) / 2
            x = min(mark.x, page.width - half)  # at the chart's last week, kept on the page
            self._text(numbers, 6.5, INK, x, cy - 12, bold=True, centre=True)
            left, right = min(x - half, mark.x - 5), max(x + half, mark.x + 5)
            self._link(mark.week, (left, 0, right, MILESTONE_ROW))  # the diamond and its numbers

    def _link(self, week: int, rect: tuple[float, float, float, float]) -> None:
        """`rect`, in the chart's coordinates, linked to week `week`'s page if the book has it."""
        if self.printed(week):
            self.canv.linkRect(f"week {week}", f"week-{week}", rect, relative=1)


class Legend(Flowable):
    """Swatches for every mark on the chart."""

    def __init__(self, fonts: FontSet, off: bool, start: dt.date, palette: Palette):
        super().__init__()
        self.fonts, self.off, self.start, self.palette = fonts, off, start, palette

    def labels(self) -> list[str]:
        labels = ["Phase", *[f"{PRIORITY_LABELS[p]} skill" for p in TRACK_PRIORITIES]]
        labels += ["Week off"] if self.off else []
        return [*labels, "Milestone", f"Start, {dates.short(self.start)}"]

    def wrap(self, avail_width, avail_height):
        """Each entry's (x, line): as many on a line as fit the width, the rest on the next."""
        self.places, x, line = [], 0.0, 0
        for label in self.labels():
            wide = 20 + self.fonts.width(label, self.fonts.regular, LEGEND_SIZE)
            if x and x + wide > avail_width:
                x, line = 0.0, line + 1
            self.places.append((x, line))
            x += wide + 8
        self.width, self.height = avail_width, LEGEND_LINE * line + 12
        return self.width, self.height

    def draw(self):
        canvas, fonts, palette = self.canv, self.fonts, self.palette
        entries = [("Phase", lambda cx: palette.bar.rect(canvas, cx, 2, 16, 8))]
        for priority in TRACK_PRIORITIES:
            entries.append(
                (
                    f"{PRIORITY_LABELS[priority]} skill",
                    lambda cx, p=priority: palette.tracks[p].rect(canvas, cx, 3, 16, 6),
                )
            )
        if self.off:
            entries.append(("Week off", lambda cx: hatch(canvas, cx, 0, 16, 10, MUTED, 3)))
        entries.append(("Milestone", lambda cx: _diamond(canvas, palette, cx + 8, 5, 4)))
        entries.append((f"Start, {dates.short(self.start)}", lambda cx: _start(canvas, cx)))
        for (label, swatch), (x, line) in zip(entries, self.places, strict=True):
            canvas.saveState()
            canvas.translate(0, self.height - 12 - line * LEGEND_LINE)
            swatch(x)
            canvas.setFillColor(INK)
            canvas.setFont(fonts.regular, LEGEND_SIZE)
            canvas.drawString(x + 20, 2.5, label)
            canvas.restoreState()


def _start(canvas, x) -> None:
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1.2)
    canvas.setDash(3, 2)
    canvas.line(x + 8, 0, x + 8, 10)
    canvas.setDash()


def _diamond(canvas, palette: Palette, x, y, size) -> None:
    path = canvas.beginPath()
    path.moveTo(x, y + size)
    path.lineTo(x + size, y)
    path.lineTo(x, y - size)
    path.lineTo(x - size, y)
    path.close()
    palette.marker.path(canvas, path)
