"""Plan + chart width → the Gantt chart's geometry in points: pages, columns, bars, labels, keys.

Pure: no ReportLab canvas, no fonts; text is measured by the `Measure` passed in, so tests can
assert every position as a number. `timeline.py` draws what this module computes.
Coordinates are a page chart's own: x from the left edge of the row labels, y up from its bottom.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.units import mm

from workbook.layout import dates
from workbook.plan import Plan, Span
from workbook.render.theme import CELL_PAD_LEFT, CELL_PAD_RIGHT

# (text, bold, size) → width in points
Measure = Callable[[str, bool, float], float]

WEEKS_PER_PAGE = 53  # at most: a little over 12 months on one page
LABEL_WIDTH = 72 * mm  # at most; on a narrow page LABEL_SHARE of its width
LABEL_SHARE = 0.4
NARROWEST_WEEK = 3.2 * mm  # a narrower page holds fewer weeks rather than thinner ones
HEADER = 26
PHASE_ROW = 21
TRACK_ROW = 15
MILESTONE_ROW = 20
PHASE_BAR = 11
TRACK_BAR = 7
MONTH_SIZE = 7.5  # bold
WEEK_SIZE = 6.5
OFF_SIZE = 6
CAPTION_SIZE = 7
TEXT_INSET = 2  # a month label starts this far right of its gridline
LABEL_GAP = 3  # at least this between one month label and the next gridline
INITIAL_CLEARANCE = 1  # a month's initial, centred in its narrow column, keeps this off each line
WEEK_BASELINE = 3  # above the rows: the plan-week numbers (and weeks off) stand here
WEEK_BAND = 11  # ... in a band this tall, which gridlines leave clear
MONTH_BASELINE = 14
OFF_CLEARANCE = 2  # a weeks-off label keeps this far inside its block
WEEK_STEPS = (1, 2, 4, 8, 13)  # every nth week number is printed, the smallest n that fits


@dataclass(frozen=True)
class Row:
    label: str
    span: Span
    kind: str  # "phase" or a priority


@dataclass(frozen=True)
class Text:
    x: float  # left edge (months) or centre (week numbers, weeks off, milestone numbers)
    text: str


@dataclass(frozen=True)
class Off:
    """A run of consecutive weeks off: one hatched block, one label."""

    x0: float
    x1: float
    label: Text


@dataclass(frozen=True)
class Bars:
    row: Row
    y: float  # bottom of the row
    height: float
    bars: tuple[tuple[float, float], ...]  # (x0, x1) of each run of working weeks
    caption: Text | None  # a phase's "weeks 1–8", inside its longest bar when it fits


@dataclass(frozen=True)
class Mark:
    """A milestone diamond at the end of its week, with the numbers of the milestones there."""

    x: float
    numbers: tuple[int, ...]
    week: int  # the working week the milestones complete, whose page the diamond links to


@dataclass(frozen=True)
class Columns:
    """Calendar weeks first..last (indices into plan.weeks), each `width` wide."""

    first: int
    last: int
    width: float
    label: float  # the row labels' width, left of the first week

    def x(self, index: int) -> float:
        return self.label + (index - self.first) * self.width

    @property
    def right(self) -> float:
        return self.x(self.last + 1)


@dataclass(frozen=True)
class GanttPage:
    columns: Columns
    width: float
    height: float
    gridlines: tuple[float, ...]  # where each month begins
    months: tuple[Text, ...]
    weeks: tuple[Text, ...]  # plan-week numbers, centred on their columns
    off: tuple[Off, ...]
    rows: tuple[Bars, ...]
    marks: tuple[Mark, ...]
    start: float | None  # the dashed start line, on the page where the plan begins
    milestones: tuple[int, ...]  # the numbers of the milestones on this page, for its key

    @property
    def top(self) -> float:
        """The top of the rows, under the month and week header."""
        return self.height - HEADER

    @property
    def gridline_runs(self) -> tuple[tuple[float, float], ...]:
        """(y0, y1) of each stretch of a gridline: through the rows and the month band, clear of
        the week numbers, which may be wider than their column."""
        return (0, self.top), (self.top + WEEK_BAND, self.height - 2)


def label_width(width: float) -> float:
    """The row labels' width on a chart `width` wide."""
    return min(LABEL_WIDTH, LABEL_SHARE * width)


def weeks_per_page(width: float) -> int:
    """The most weeks a chart `width` wide shows on a page, each at least NARROWEST_WEEK."""
    return min(WEEKS_PER_PAGE, int((width - label_width(width)) // NARROWEST_WEEK))


def page_ranges(count: int, most: int = WEEKS_PER_PAGE) -> list[tuple[int, int]]:
    """`count` calendar weeks → (first, last) per page: as few pages as hold them, the weeks
    shared out evenly (earlier pages take the odd ones), so no page is left nearly empty."""
    pages = math.ceil(count / most)
    size, extra = divmod(count, pages)
    ranges, first = [], 0
    for page in range(pages):
        last = first + size + (page < extra) - 1
        ranges.append((first, last))
        first = last + 1
    return ranges


def rows(plan: Plan) -> list[Row]:
    """Each phase, then the skill tracks that its work starts."""
    found: list[Row] = []
    for number, phase in enumerate(plan.phases, 1):
        found.append(Row(f"{number}  {phase.name}", phase.span, "phase"))
        found += [
            Row(f"{t.name} (review)" if t.review else t.name, t.span, t.priority)
            for t in plan.tracks
            if t.phase_id == phase.phase_id
        ]
    return found


def gantt_pages(plan: Plan, width: float, measure: Measure) -> list[GanttPage]:
    """The chart's pages; every page has the same column width, the widest page's."""
    ranges = page_ranges(len(plan.weeks), weeks_per_page(width))
    widest = max(last - first + 1 for first, last in ranges)
    label = label_width(width)
    column = (width - label) / widest
    return [
        _page(plan, Columns(first, last, column, label), width, measure) for first, last in ranges
    ]


def _page(plan: Plan, columns: Columns, width: float, measure: Measure) -> GanttPage:
    chart_rows = rows(plan)
    height = HEADER + sum(_height(row) for row in chart_rows) + MILESTONE_ROW
    starts = _month_starts(plan, columns)
    marks = _marks(plan, columns)
    return GanttPage(
        columns=columns,
        width=width,
        height=height,
        gridlines=tuple(columns.x(i) for i in starts),
        months=_months(plan, columns, starts, measure),
        weeks=_week_numbers(plan, columns, measure),
        off=_off(plan, columns, measure),
        rows=_bars(plan, columns, chart_rows, height - HEADER, measure),
        marks=marks,
        start=columns.x(0) if columns.first == 0 else None,
        milestones=tuple(n for mark in marks for n in mark.numbers),
    )


def _height(row: Row) -> float:
    return PHASE_ROW if row.kind == "phase" else TRACK_ROW


def _month_starts(plan: Plan, columns: Columns) -> list[int]:
    """The columns where a new month begins (the page's first column always does)."""
    starts, previous = [], None
    for index in range(columns.first, columns.last + 1):
        start = plan.weeks[index].start
        if (start.year, start.month) != previous:
            starts.append(index)
            previous = (start.year, start.month)
    return starts


def _months(plan: Plan, columns: Columns, starts: list[int], measure: Measure) -> tuple[Text, ...]:
    """A label for every month, partial ones at either edge too: 'May 2028', 'Jun', or 'J'
    centred in a month a single narrow column wide. The year goes on the page's first label
    that can hold it and on each January (or, when January is too narrow, the next month)."""
    labels, year_due = [], True
    for position, index in enumerate(starts):
        line = columns.x(index)
        following = starts[position + 1 : position + 2]
        end = columns.x(following[0]) if following else columns.right
        start = plan.weeks[index].start
        year_due = year_due or start.month == 1
        wanted = [f"{start:%b %Y}"] if year_due else []
        label = next(
            (text for text in (*wanted, f"{start:%b}") if _fits(text, end - line, measure)), None
        )
        if label is not None:
            labels.append(Text(line + TEXT_INSET, label))
            year_due = year_due and label not in wanted
            continue
        initial = f"{start:%b}"[0]
        width = measure(initial, True, MONTH_SIZE)
        if width <= end - line - 2 * INITIAL_CLEARANCE:
            labels.append(Text(line + (end - line - width) / 2, initial))
    return tuple(labels)


def _fits(label: str, room: float, measure: Measure) -> bool:
    return measure(label, True, MONTH_SIZE) <= room - TEXT_INSET - LABEL_GAP


def _week_numbers(plan: Plan, columns: Columns, measure: Measure) -> tuple[Text, ...]:
    widest = measure(str(len(plan.working_weeks)), False, WEEK_SIZE) + 2
    step = next((n for n in WEEK_STEPS if n * columns.width >= widest), WEEK_STEPS[-1])
    return tuple(
        Text(columns.x(index) + columns.width / 2, str(week.number))
        for index, week in enumerate(plan.weeks[columns.first : columns.last + 1], columns.first)
        if week.number is not None and (week.number - 1) % step == 0
    )


def _off(plan: Plan, columns: Columns, measure: Measure) -> tuple[Off, ...]:
    """Consecutive weeks off merged into one block with one label: '3 weeks off', or 'off'."""
    blocks = []
    for first, last in _runs(plan, columns.first, columns.last, off=True):
        x0, x1 = columns.x(first), columns.x(last + 1)
        count = last - first + 1
        label = f"{dates.weeks(count)} off" if count > 1 else "off"
        if measure(label, False, OFF_SIZE) > x1 - x0 - 2 * OFF_CLEARANCE:
            label = "off"
        blocks.append(Off(x0, x1, Text((x0 + x1) / 2, label)))
    return tuple(blocks)


def _runs(plan: Plan, first: int, last: int, off: bool) -> list[tuple[int, int]]:
    """Runs of consecutive columns between first and last that are weeks off (or working)."""
    runs: list[tuple[int, int]] = []
    start = None
    for index in range(first, last + 2):
        inside = index <= last and plan.weeks[index].off == off
        if inside and start is None:
            start = index
        elif not inside and start is not None:
            runs.append((start, index - 1))
            start = None
    return runs


def _bars(plan: Plan, columns: Columns, chart_rows: list[Row], top: float, measure: Measure):
    """Each row from the top down: a bar per run of working weeks that its span covers here."""
    found, y = [], top
    for row in chart_rows:
        height = _height(row)
        y -= height
        covered = _covered(plan, columns, row.span)
        runs = _runs(plan, *covered, off=False) if covered else []
        bars = tuple((columns.x(first), columns.x(last + 1)) for first, last in runs)
        found.append(Bars(row, y, height, bars, _caption(row, bars, measure)))
    return tuple(found)


def _covered(plan: Plan, columns: Columns, span: Span) -> tuple[int, int] | None:
    """The calendar columns a working-week span covers on this page, if any."""
    first, last = _column(plan, span.first), _column(plan, span.last)
    if last < columns.first or first > columns.last:
        return None
    return max(first, columns.first), min(last, columns.last)


def _column(plan: Plan, number: int) -> int:
    return plan.weeks.index(plan.week(number))


def _caption(row: Row, bars: tuple[tuple[float, float], ...], measure: Measure) -> Text | None:
    if row.kind != "phase" or not bars:
        return None
    x0, x1 = max(bars, key=lambda bar: bar[1] - bar[0])
    text = dates.week_range(row.span.first, row.span.last)
    if measure(text, False, CAPTION_SIZE) >= x1 - x0 - 4:
        return None
    return Text(x0 + 2, text)


def _marks(plan: Plan, columns: Columns) -> tuple[Mark, ...]:
    """A diamond at the end of each week on this page that completes milestones."""
    by_column: dict[int, list[int]] = {}
    for number, milestone in enumerate(plan.milestones, 1):
        index = _column(plan, milestone.week)
        if columns.first <= index <= columns.last:
            by_column.setdefault(index, []).append(number)
    return tuple(
        Mark(columns.x(i + 1), tuple(n), plan.milestones[n[0] - 1].week)
        for i, n in sorted(by_column.items())
    )


# -- the milestone key under each chart -------------------------------------------------------

KEY_NUMBER = 6 * mm
CELL_PADDING = CELL_PAD_LEFT + CELL_PAD_RIGHT


def key_widths(entries: list[tuple[str, str]], width: float, measure: Measure, size: float):
    """(name, when) entries → column widths for a key whose entries never wrap: two entries to
    a row when the longest fits in half the width, else one. Widths of one entry: number, name,
    when; a row repeats them."""
    when = max(measure(w, False, size) for _, w in entries) + CELL_PADDING
    name = max(measure(n, False, size) for n, _ in entries) + CELL_PADDING
    for per_row in (2, 1):
        share = width / per_row
        if KEY_NUMBER + name + when <= share:
            return [KEY_NUMBER, share - KEY_NUMBER - when, when] * per_row
    return [KEY_NUMBER, width - KEY_NUMBER - when, when]
