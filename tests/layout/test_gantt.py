"""The Gantt chart's geometry as numbers: pages of weeks, columns, month labels, weeks off, keys."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest

from conftest import AI_PM, PATHWAY_IDS, make_profile
from workbook.layout import gantt
from workbook.layout.gantt import LABEL_GAP, LABEL_WIDTH, MONTH_SIZE, TEXT_INSET, WEEKS_PER_PAGE
from workbook.layout.timeline import measure
from workbook.plan import make_plan
from workbook.render.fonts import load_fonts
from workbook.render.theme import geometry

FONTS = load_fonts()
MEASURE = measure(FONTS)
DESIGNER = "backend-developer-to-ai-product-designer"
WIDTHS = {paper: geometry(paper).landscape.frame_width for paper in ("a4", "letter")}


def plan_of(library, pathway=AI_PM, **changes):
    return make_plan(library.pathways[pathway], make_profile(pathway=pathway, **changes))


def pages_of(library, paper="a4", **changes):
    return gantt.gantt_pages(plan_of(library, **changes), WIDTHS[paper], MEASURE)


@pytest.mark.parametrize("count", [1, 52, 53, 54, 100, 106, 107, 299])
def test_weeks_are_shared_out_evenly_over_as_few_pages_as_hold_them(count):
    ranges = gantt.page_ranges(count)
    sizes = [last - first + 1 for first, last in ranges]
    assert len(ranges) == math.ceil(count / WEEKS_PER_PAGE)
    assert max(sizes) - min(sizes) <= 1 and max(sizes) <= WEEKS_PER_PAGE
    assert ranges[0][0] == 0 and ranges[-1][1] == count - 1
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(ranges))


def test_a_plan_one_week_over_a_page_gets_two_half_pages_not_a_lone_week():
    assert gantt.page_ranges(54) == [(0, 26), (27, 53)]


@pytest.mark.parametrize("hours", [1, 3.5])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_page_of_a_long_chart_has_the_same_column_width(library, hours, paper):
    pages = pages_of(library, paper, hours_per_week=hours)
    assert len(pages) > 1
    widths = {round(page.columns.width, 6) for page in pages}
    assert len(widths) == 1
    (column,) = widths
    widest = max(page.columns.last - page.columns.first + 1 for page in pages)
    assert column == pytest.approx((WIDTHS[paper] - LABEL_WIDTH) / widest)
    last = pages[-1]
    assert last.columns.last - last.columns.first + 1 >= widest - 1  # no nearly empty page
    for page in pages:
        assert page.columns.right <= WIDTHS[paper] + 1e-6


def test_columns_cover_the_calendar_in_order(library):
    plan = plan_of(library, hours_per_week=1)
    pages = gantt.gantt_pages(plan, WIDTHS["a4"], MEASURE)
    covered = [i for p in pages for i in range(p.columns.first, p.columns.last + 1)]
    assert covered == list(range(len(plan.weeks)))
    page = pages[0]
    assert page.columns.x(page.columns.first) == LABEL_WIDTH
    assert page.start == LABEL_WIDTH and all(p.start is None for p in pages[1:])


def _label_width(label):
    return MEASURE(label.text, True, MONTH_SIZE)


CHARTS = [
    (hours, paper, start)
    for hours in (1, 3.5, 10, 60)
    for paper in ("a4", "letter")
    for start in (dt.date(2027, 1, 4), dt.date(2028, 5, 10), dt.date(2028, 11, 27))
]


@pytest.mark.parametrize(("hours", "paper", "start"), CHARTS)
def test_every_month_is_labelled_without_crowding_and_every_page_shows_its_year(
    library, hours, paper, start
):
    for page in pages_of(library, paper, hours_per_week=hours, start_date=start):
        assert len(page.months) == len(page.gridlines)  # no unlabelled gridline
        ends = [*page.gridlines[1:], page.columns.right]
        for label, line, end in zip(page.months, page.gridlines, ends, strict=True):
            right = label.x + _label_width(label)
            if len(label.text) == 1:  # an initial, centred in a narrow month
                assert label.x >= line + 1 and right <= end - 1 + 1e-6
                assert label.x - line == pytest.approx(end - right)
            else:
                assert label.x == line + TEXT_INSET and right <= end - LABEL_GAP + 1e-6
        years = [label.text for label in page.months if label.text[-4:].isdigit()]
        assert years, [label.text for label in page.months]


def test_a_2028_plan_names_its_year_on_the_first_month_that_can_hold_it(library):
    [page] = pages_of(library, hours_per_week=10, start_date=dt.date(2028, 5, 10))
    assert page.months[0].text == "May 2028"
    years = [label.text for label in page.months[1:] if label.text[-4:].isdigit()]
    assert years == ["Jan 2029"]  # then only where a year begins


def test_each_january_names_its_year(library):
    pages = pages_of(library, hours_per_week=3.5, start_date=dt.date(2027, 6, 7))
    january = [label.text for page in pages for label in page.months if label.text[0] == "J"]
    assert "Jan 2028" in january


def test_a_final_week_in_a_new_month_is_labelled(library):
    """A plan whose last week starts a month: the narrow month at the right edge gets a label."""
    starts = (dt.date(2027, 1, 4) + dt.timedelta(weeks=n) for n in range(60))
    for start in starts:
        plan = plan_of(library, hours_per_week=3.5, start_date=start)
        last, before = plan.weeks[-1].start, plan.weeks[-2].start
        if last.month != before.month:
            break
    else:
        pytest.fail("no start date gives a plan whose last week starts a month")
    page = gantt.gantt_pages(plan, WIDTHS["letter"], MEASURE)[-1]
    assert page.gridlines[-1] == page.columns.x(page.columns.last)
    assert page.months[-1].text in {f"{last:%b}", f"{last:%b}"[0], f"{last:%b %Y}"}


def test_a_partial_first_month_too_narrow_for_its_year_hands_it_on(library):
    """A start in the month's last week: its label is short, the next month carries the year."""
    [page, *_] = pages_of(library, "letter", hours_per_week=1, start_date=dt.date(2028, 1, 24))
    texts = [label.text for label in page.months]
    assert texts[0] in {"Jan", "J"}
    assert texts[1] == "Feb 2028"


def test_weeks_off_in_a_row_are_one_block_with_one_label(library):
    off = [{"from": "2027-03-01", "to": "2027-03-21"}, {"from": "2027-05-03", "to": "2027-05-09"}]
    plan = plan_of(library, DESIGNER, hours_per_week=10, weeks_off=off)
    [page] = gantt.gantt_pages(plan, WIDTHS["a4"], MEASURE)
    assert [b.label.text for b in page.off] == ["3 weeks off", "off"]
    three, one = page.off
    column = page.columns.width
    assert three.x1 - three.x0 == pytest.approx(3 * column)
    assert one.x1 - one.x0 == pytest.approx(column)
    for block in page.off:
        room = block.x1 - block.x0 - 2 * gantt.OFF_CLEARANCE
        assert MEASURE(block.label.text, False, gantt.OFF_SIZE) <= room
        assert block.label.x == pytest.approx((block.x0 + block.x1) / 2)
    numbers = {label.x for label in page.weeks}
    assert not any(block.x0 < x < block.x1 for block in page.off for x in numbers)


def test_bars_break_at_weeks_off_and_stay_in_their_columns(library):
    off = [{"from": "2027-02-01", "to": "2027-02-14"}]
    plan = plan_of(library, hours_per_week=10, weeks_off=off)
    [page, *_] = gantt.gantt_pages(plan, WIDTHS["a4"], MEASURE)
    first_phase = page.rows[0]
    assert first_phase.row.kind == "phase"
    (block,) = page.off
    assert first_phase.bars[0][1] == pytest.approx(block.x0)
    assert first_phase.bars[1][0] == pytest.approx(block.x1)
    for row in page.rows:
        for x0, x1 in row.bars:
            assert LABEL_WIDTH <= x0 < x1 <= page.columns.right + 1e-6


def test_rows_run_top_down_without_gaps(library):
    [page] = pages_of(library, hours_per_week=12.5)
    y = page.top
    for row in page.rows:
        assert row.y == pytest.approx(y - row.height)
        y = row.y
    assert y == pytest.approx(gantt.MILESTONE_ROW)


@pytest.mark.parametrize("hours", [1, 3.5, 12.5])
def test_each_page_keys_exactly_the_milestones_it_shows(library, hours):
    plan = plan_of(library, hours_per_week=hours)
    pages = gantt.gantt_pages(plan, WIDTHS["letter"], MEASURE)
    keyed = [n for page in pages for n in page.milestones]
    assert keyed == list(range(1, len(plan.milestones) + 1))
    for page in pages:
        assert [n for mark in page.marks for n in mark.numbers] == list(page.milestones)
        for mark in page.marks:
            assert page.columns.x(page.columns.first) < mark.x <= page.columns.right + 1e-6
            index = plan.weeks.index(plan.week(plan.milestones[mark.numbers[0] - 1].week))
            assert mark.x == pytest.approx(page.columns.x(index + 1))


@pytest.mark.parametrize("pathway", PATHWAY_IDS)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_milestone_key_entries_never_wrap(library, pathway, paper):
    plan = plan_of(library, pathway=pathway, hours_per_week=12.5)
    entries = [(m.name, f"week {m.week} · 31 Dec 2027") for m in plan.milestones]
    size = 9
    widths = gantt.key_widths(entries, WIDTHS[paper], MEASURE, size)
    assert sum(widths) <= WIDTHS[paper] + 1e-6
    name, when = widths[1], widths[2]
    for entry_name, entry_when in entries:
        assert MEASURE(entry_name, False, size) + gantt.CELL_PADDING <= name
        assert MEASURE(entry_when, False, size) + gantt.CELL_PADDING <= when + 1e-6


def test_a_key_with_long_names_takes_one_entry_a_row():
    width = WIDTHS["letter"]
    short = gantt.key_widths([("Planned finish", "week 9 · 1 Mar 2027")], width, MEASURE, 9)
    assert len(short) == 6
    name = "End of " + "a long phase name " * 4
    long = gantt.key_widths([(name, "week 9 · 1 Mar 2027")], width, MEASURE, 9)
    assert len(long) == 3 and long[1] >= MEASURE(name, False, 9) + gantt.CELL_PADDING


def test_week_numbers_never_collide(library):
    for page in pages_of(library, "letter", hours_per_week=1):
        xs = [label.x for label in page.weeks]
        widest = max(MEASURE(label.text, False, gantt.WEEK_SIZE) for label in page.weeks)
        assert all(b - a >= widest + 2 - 1e-6 for a, b in itertools.pairwise(xs))


def test_gridlines_leave_the_week_numbers_clear(library):
    [page] = pages_of(library, hours_per_week=12.5)
    (low, high), (upper_low, upper_high) = page.gridline_runs
    assert (low, high) == (0, page.top)
    digits_top = gantt.WEEK_BASELINE + gantt.WEEK_SIZE  # a generous top for digits
    assert page.top + digits_top <= upper_low <= page.top + gantt.MONTH_BASELINE
    assert upper_high <= page.height


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_month_labels_of_a_long_chart_stay_inside_the_chart(library, paper):
    """A month one narrow column wide at a page's right edge is named by its whole initial,
    centred in its column, never a label cut off at the chart's edge."""
    weeks_off = [
        {"from": dt.date(2027, 4, 5), "to": dt.date(2027, 4, 11)},
        {"from": dt.date(2027, 8, 9), "to": dt.date(2027, 8, 22)},
    ]
    pages = pages_of(library, paper, pathway=PATHWAY_IDS[1], hours_per_week=1, weeks_off=weeks_off)
    names = [f"{dt.date(2027, month, 1):%b}" for month in range(1, 13)]
    narrowest = min(MEASURE(name, True, MONTH_SIZE) for name in names)
    initials = 0
    for page in pages:
        ends = [*page.gridlines[1:], page.columns.right]
        for label, line, end in zip(page.months, page.gridlines, ends, strict=True):
            assert label.x >= LABEL_WIDTH and label.x + _label_width(label) <= page.width
            if len(label.text) == 1:  # only where no month's name would fit
                initials += 1
                assert end - line - TEXT_INSET - LABEL_GAP < narrowest
    assert initials  # the plan has such months: the test looks at them
