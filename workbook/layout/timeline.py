"""Plan → the Gantt-style timeline: phases, skill tracks, milestones and weeks off on the calendar.

Drawn in grey tones and patterns only, so it reads the same printed in black and white: phases are
solid dark bars; skill tracks are thinner bars whose fill tells the priority (Critical solid mid
grey, Important hatched light grey, Nice to have outlined); weeks off are hatched columns;
milestones are numbered diamonds keyed in a table under the first chart. A plan longer than a
year continues on further pages, each with its own month header and row labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from workbook.content import PRIORITY_LABELS
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.plan import Plan, SkillTrack, Span
from workbook.render.flowables import Heading
from workbook.render.theme import ACCENT, INK, MUTED, RULE

WEEKS_PER_PAGE = 53  # a little over 12 months on one page
LABEL_WIDTH = 72 * mm
HEADER = 26
PHASE_ROW = 21
TRACK_ROW = 15
MILESTONE_ROW = 20
TRACK_FILL = {"critical": colors.Color(0.45, 0.45, 0.45), "important": colors.Color(0.8, 0.8, 0.8)}


@dataclass(frozen=True)
class Row:
    label: str
    span: Span
    kind: str  # "phase" or a priority


def timeline(ctx: Context) -> list[Flowable]:
    plan = ctx.plan
    chunks = [
        plan.weeks[start : start + WEEKS_PER_PAGE]
        for start in range(0, len(plan.weeks), WEEKS_PER_PAGE)
    ]
    rows = _rows(ctx)
    width = ctx.geometry.landscape.frame_width
    flowables: list[Flowable] = [*ctx.section("timeline", "Your timeline")]
    for number, chunk in enumerate(chunks, 1):
        first, last = plan.weeks.index(chunk[0]), plan.weeks.index(chunk[-1])
        if number > 1:
            title = f"Your timeline, continued: {dates.span(chunk[0].start, chunk[-1].end)}"
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
        flowables += [Gantt(ctx, rows, first, last, width), Spacer(0, 6), Legend(ctx)]
        if number == 1:  # the key sits under the first chart, where the plan begins
            flowables += [Spacer(0, 8), KeepTogether(_milestone_key(ctx))]
        if number < len(chunks):
            flowables.append(PageBreak())
    return flowables


def _rows(ctx: Context) -> list[Row]:
    """Each phase, then the skill tracks that its work starts."""
    plan = ctx.plan
    rows: list[Row] = []
    for number, phase in enumerate(plan.phases, 1):
        rows.append(Row(f"{number}  {phase.name}", phase.span, "phase"))
        rows += [_track_row(t) for t in plan.tracks if t.phase_id == phase.phase_id]
    return rows


def _track_row(track: SkillTrack) -> Row:
    label = f"{track.name} (review)" if track.review else track.name
    return Row(label, track.span, track.priority)


def _milestone_key(ctx: Context) -> list[Flowable]:
    """The numbered milestones, two to a row so that the key stays on the chart's page."""
    cells = []
    for number, milestone in enumerate(ctx.plan.milestones, 1):
        week = ctx.plan.week(milestone.week)
        cells.append(
            [
                ctx.cell(str(number), bold=True),
                ctx.cell(milestone.name),
                ctx.cell(f"week {milestone.week} · {dates.short(week.end)}"),
            ]
        )
    if len(cells) % 2:
        cells.append(["", "", ""])
    rows = [left + right for left, right in zip(cells[::2], cells[1::2], strict=True)]
    half = ctx.geometry.landscape.frame_width / 2
    widths = [6 * mm, half - 40 * mm, 34 * mm] * 2
    return [ctx.para("Milestones", ctx.styles.h3), ctx.table(rows, widths, header=False)]


class Gantt(Flowable):
    """One page of the chart: calendar weeks first..last (indices into plan.weeks)."""

    def __init__(self, ctx: Context, rows: list[Row], first: int, last: int, width: float):
        super().__init__()
        self.ctx, self.rows, self.first, self.last = ctx, rows, first, last
        self.width = width
        self.column = (width - LABEL_WIDTH) / (last - first + 1)
        body = sum(PHASE_ROW if row.kind == "phase" else TRACK_ROW for row in rows)
        self.height = HEADER + body + MILESTONE_ROW

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    # -- geometry -------------------------------------------------------------------------

    @property
    def plan(self) -> Plan:
        return self.ctx.plan

    def x(self, calendar_index: int) -> float:
        return LABEL_WIDTH + (calendar_index - self.first) * self.column

    def columns(self, span: Span) -> tuple[int, int] | None:
        """The calendar columns a working-week span covers on this page, if any."""
        first = self.plan.weeks.index(self.plan.week(span.first))
        last = self.plan.weeks.index(self.plan.week(span.last))
        if last < self.first or first > self.last:
            return None
        return max(first, self.first), min(last, self.last)

    # -- drawing --------------------------------------------------------------------------

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        top = self.height - HEADER
        self._header(canvas, top)
        self._weeks_off(canvas, 0, top)
        y = top
        for index, row in enumerate(self.rows):
            height = PHASE_ROW if row.kind == "phase" else TRACK_ROW
            y -= height
            if index % 2 == 0:
                canvas.setFillColor(colors.Color(0.965, 0.965, 0.965))
                canvas.rect(0, y, LABEL_WIDTH, height, stroke=0, fill=1)
            self._row(canvas, row, y, height)
        self._start_line(canvas, top)
        self._milestones(canvas, y - MILESTONE_ROW)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(LABEL_WIDTH, 0, LABEL_WIDTH, self.height)
        canvas.restoreState()

    def _header(self, canvas, top: float) -> None:
        fonts = self.ctx.fonts
        widest = canvas.stringWidth(str(len(self.plan.working_weeks)), fonts.regular, 6.5) + 2
        step = next(n for n in (1, 2, 4, 8, 13) if n * self.column >= widest)
        starts = self.month_starts()
        for position, index in enumerate(starts):
            x = self.x(index)
            room = (
                self.x(starts[position + 1]) - x if position + 1 < len(starts) else self.width - x
            )
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(x, 0, x, top + HEADER - 2)
            label = self.month_label(canvas, index, first=position == 0, room=room - 3)
            canvas.setFillColor(INK)
            canvas.setFont(fonts.bold, 7.5)
            canvas.drawString(x + 2, top + 14, label)
        for index in range(self.first, self.last + 1):
            week = self.plan.weeks[index]
            if week.number is not None and (week.number - 1) % step == 0:
                canvas.setFillColor(MUTED)
                canvas.setFont(fonts.regular, 6.5)
                canvas.drawCentredString(self.x(index) + self.column / 2, top + 3, str(week.number))
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.regular, 6.5)
        canvas.drawString(0, top + 3, "plan week")
        canvas.drawString(0, top + 14, "month")

    def month_starts(self) -> list[int]:
        """The columns on this page where a new month begins (the first column always does)."""
        starts, previous = [], None
        for index in range(self.first, self.last + 1):
            start = self.plan.weeks[index].start
            if (start.year, start.month) != previous:
                starts.append(index)
                previous = (start.year, start.month)
        return starts

    def month_label(self, canvas, index: int, first: bool, room: float) -> str:
        """'Jan 2028' where a year starts or the page begins, else 'Feb'; shorter, or none,
        when the month has too few columns for it."""
        start = self.plan.weeks[index].start
        wanted = f"{start:%b %Y}" if first or start.month == 1 else f"{start:%b}"
        for label in (wanted, f"{start:%b}", ""):
            if canvas.stringWidth(label, self.ctx.fonts.bold, 7.5) <= room:
                return label
        return ""

    def _row(self, canvas, row: Row, y: float, height: float) -> None:
        fonts = self.ctx.fonts
        phase = row.kind == "phase"
        font, size = (fonts.bold, 8) if phase else (fonts.regular, 7.5)
        indent = 0 if phase else 10
        label = fonts.fit(row.label, font, size, LABEL_WIDTH - indent - 6)
        canvas.setFillColor(INK)
        canvas.setFont(font, size)
        canvas.drawString(indent, y + height / 2 - size * 0.35, label)
        columns = self.columns(row.span)
        if columns is None:
            return
        bar = 11 if phase else 7
        by = y + (height - bar) / 2
        segments = self.segments(*columns)
        for first, last in segments:
            x0, x1 = self.x(first), self.x(last) + self.column
            if phase:
                _bar(canvas, x0, by, x1 - x0, bar, ACCENT, INK)
            else:
                _track_bar(canvas, row.kind, x0, by, x1 - x0, bar)
        if phase:
            first, last = max(segments, key=lambda seg: seg[1] - seg[0])
            x0, x1 = self.x(first), self.x(last) + self.column
            text = dates.week_range(row.span.first, row.span.last)
            if canvas.stringWidth(text, fonts.regular, 7) < x1 - x0 - 4:
                canvas.setFillColor(colors.white)
                canvas.setFont(fonts.regular, 7)
                canvas.drawString(x0 + 2, by + 2.5, text)

    def segments(self, first: int, last: int) -> list[tuple[int, int]]:
        """Runs of working weeks between two calendar columns: a bar breaks at a week off."""
        runs: list[tuple[int, int]] = []
        start = None
        for index in range(first, last + 2):
            working = index <= last and not self.plan.weeks[index].off
            if working and start is None:
                start = index
            elif not working and start is not None:
                runs.append((start, index - 1))
                start = None
        return runs

    def _weeks_off(self, canvas, bottom: float, top: float) -> None:
        for index in range(self.first, self.last + 1):
            if self.plan.weeks[index].off:
                x = self.x(index)
                _hatch(canvas, x, bottom, self.column, top - bottom, RULE, 4)
                canvas.setFillColor(MUTED)
                canvas.setFont(self.ctx.fonts.regular, 6)
                canvas.drawCentredString(x + self.column / 2, top + 3, "off")

    def _start_line(self, canvas, top: float) -> None:
        if self.first != 0:
            return
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.2)
        canvas.setDash(3, 2)
        x = self.x(0)
        canvas.line(x, 0, x, top)
        canvas.setDash()

    def _milestones(self, canvas, y: float) -> None:
        by_week: dict[int, list[int]] = {}
        for number, milestone in enumerate(self.plan.milestones, 1):
            by_week.setdefault(milestone.week, []).append(number)
        fonts = self.ctx.fonts
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.regular, 7)
        key = "key below" if self.first == 0 else "key on the first chart page"
        canvas.drawString(0, y + MILESTONE_ROW / 2 - 2.5, f"Milestones ({key})")
        for week, numbers in by_week.items():
            index = self.plan.weeks.index(self.plan.week(week))
            if not self.first <= index <= self.last:
                continue
            x = self.x(index) + self.column
            cy = y + MILESTONE_ROW / 2 + 2
            _diamond(canvas, x, cy, 4)
            canvas.setFillColor(INK)
            canvas.setFont(fonts.bold, 6.5)
            canvas.drawCentredString(x, cy - 12, ",".join(str(n) for n in numbers))


class Legend(Flowable):
    """Swatches for every mark on the chart."""

    def __init__(self, ctx: Context):
        super().__init__()
        self.ctx = ctx

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, 12
        return self.width, self.height

    def draw(self):
        canvas, fonts = self.canv, self.ctx.fonts
        x = 0.0
        entries = [("Phase", lambda cx: _bar(canvas, cx, 2, 16, 8, ACCENT, INK))]
        for priority in ("critical", "important", "nice-to-have"):
            entries.append(
                (
                    f"{PRIORITY_LABELS[priority]} skill",
                    lambda cx, p=priority: _track_bar(canvas, p, cx, 3, 16, 6),
                )
            )
        if any(week.off for week in self.ctx.plan.weeks):
            entries.append(("Week off", lambda cx: _hatch(canvas, cx, 0, 16, 10, MUTED, 3)))
        entries.append(("Milestone", lambda cx: _diamond(canvas, cx + 8, 5, 4)))
        entries.append(
            (f"Start, {dates.short(self.ctx.plan.start)}", lambda cx: _start(canvas, cx))
        )
        for label, swatch in entries:
            swatch(x)
            canvas.setFillColor(INK)
            canvas.setFont(fonts.regular, 7.5)
            canvas.drawString(x + 20, 2.5, label)
            x += 28 + canvas.stringWidth(label, fonts.regular, 7.5)


def _bar(canvas, x, y, width, height, fill, stroke) -> None:
    canvas.setFillColor(fill)
    canvas.setStrokeColor(stroke)
    canvas.setLineWidth(0.5)
    canvas.rect(x, y, width, height, stroke=1, fill=1)


def _track_bar(canvas, priority: str, x, y, width, height) -> None:
    if priority == "nice-to-have":
        _bar(canvas, x, y, width, height, colors.white, INK)
        return
    _bar(canvas, x, y, width, height, TRACK_FILL[priority], INK)
    if priority == "important":
        _hatch(canvas, x, y, width, height, MUTED, 3)


def _hatch(canvas, x, y, width, height, colour, step) -> None:
    """Diagonal lines clipped to a rectangle: a pattern that survives grayscale printing."""
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(x, y, width, height)
    canvas.clipPath(path, stroke=0, fill=0)
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.4)
    offset = -height
    while offset < width:
        canvas.line(x + offset, y, x + offset + height, y + height)
        offset += step
    canvas.restoreState()


def _start(canvas, x) -> None:
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1.2)
    canvas.setDash(3, 2)
    canvas.line(x + 8, 0, x + 8, 10)
    canvas.setDash()


def _diamond(canvas, x, y, size) -> None:
    path = canvas.beginPath()
    path.moveTo(x, y + size)
    path.lineTo(x + size, y)
    path.lineTo(x, y - size)
    path.lineTo(x - size, y)
    path.close()
    canvas.setFillColor(INK)
    canvas.drawPath(path, stroke=0, fill=1)
