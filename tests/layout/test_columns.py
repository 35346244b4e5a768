"""Column widths as numbers: a table's design stands on letter and A4, and on a smaller page its
columns shrink with the frame but never below their longest word; wide sections on tablets."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm

from workbook.layout import gantt, matrix
from workbook.layout.context import NARROWEST_FLEX, fit_columns, share_columns
from workbook.paper import PRESETS
from workbook.render.flowables import Fields, Para
from workbook.render.fonts import load_fonts
from workbook.render.theme import CELL_PAD_LEFT, CELL_PAD_RIGHT, Styles, geometry

FONTS = load_fonts()
STYLES = Styles(FONTS)
PADDING = CELL_PAD_LEFT + CELL_PAD_RIGHT
SMALL = [p for p in PRESETS if p not in ("letter", "a4")]


def cell(text: str) -> Para:
    return Para(FONTS.markup(text), STYLES.cell)


# the glance page's skills table: the design that failed on A5 (its first column went negative)
ROWS = [
    [cell(h) for h in ("Skill to learn", "Priority", "You", "Target", "In your plan")],
    [cell(t) for t in ("Stakeholder Management", "Important", "not rated", "2 working", "x")],
]
DESIGN = (None, 24 * mm, 24 * mm, 24 * mm, 48 * mm)


def longest(column: int) -> float:
    return max(row[column].minWidth() for row in ROWS) + PADDING


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_on_letter_and_a4_the_design_stands_and_the_flexible_column_takes_the_rest(paper):
    width = geometry(paper).frame_width
    widths = fit_columns(width, ROWS, DESIGN, FONTS)
    assert widths[1:] == list(DESIGN[1:])
    assert widths[0] == pytest.approx(width - 120 * mm)


@pytest.mark.parametrize("paper", SMALL)
def test_on_a_smaller_page_no_column_is_narrower_than_its_longest_word(paper):
    width = geometry(paper).frame_width
    widths = fit_columns(width, ROWS, DESIGN, FONTS)
    assert sum(widths) == pytest.approx(width)
    for column, found in enumerate(widths):
        assert found >= longest(column) - 1e-6
    assert widths[0] >= NARROWEST_FLEX * width - 1e-6
    for found, designed in zip(widths[1:], DESIGN[1:], strict=True):
        assert found <= designed  # the designed columns only ever shrink


def test_several_flexible_columns_share_the_rest_equally():
    rows = [[cell("Theme"), cell("a"), cell("b"), cell("c")]]
    widths = fit_columns(124 * mm, rows, (28 * mm, None, None, None), FONTS)
    assert widths[1] == widths[2] == widths[3]
    assert sum(widths) == pytest.approx(124 * mm)


def test_a_column_whose_word_is_wider_than_its_share_gets_the_word():
    rows = [[cell("Difference"), cell("a")]]
    widths = fit_columns(100 * mm, rows, (5 * mm, None), FONTS)
    assert widths[0] == pytest.approx(cell("Difference").minWidth() + PADDING)


@pytest.mark.parametrize("paper", list(PRESETS))
def test_tablets_keep_the_wide_sections_upright_and_paper_turns_them(paper):
    page = geometry(paper)
    turned = (page.landscape.width, page.landscape.height)
    assert turned == (
        (page.width, page.height) if PRESETS[paper].tablet else (page.height, page.width)
    )


@pytest.mark.parametrize("paper", list(PRESETS))
def test_every_timeline_week_is_wide_enough_to_read_and_a_year_fits_letter_and_a4(paper):
    width = geometry(paper).landscape.frame_width
    weeks = gantt.weeks_per_page(width)
    assert (width - gantt.label_width(width)) / weeks >= gantt.NARROWEST_WEEK
    if paper in ("letter", "a4"):
        assert weeks == gantt.WEEKS_PER_PAGE
        assert gantt.label_width(width) == gantt.LABEL_WIDTH
    if PRESETS[paper].tablet:
        assert 20 <= weeks < gantt.WEEKS_PER_PAGE  # a few months a page, not a thin year


@pytest.mark.parametrize("paper", list(PRESETS))
def test_the_rerating_boxes_stand_beside_the_levels_only_where_the_names_keep_room(paper):
    width = geometry(paper).landscape.frame_width
    phases = 5  # every bundled pathway's
    assert matrix.beside(width, phases) == (paper in ("letter", "a4"))
    widths = matrix.learn_widths(width, phases if matrix.beside(width, phases) else 0)
    assert sum(widths) == pytest.approx(width)
    assert widths[0] >= 0.45 * matrix.NAMES - 1e-6


HOURS = [[cell(h) for h in ("Work", "Phase", "Page level", "Yours", "How it was set")]]
HOURS_SHARES = (0.38, 0.08, 0.11, 0.11, 0.32)  # the method page's hours table


@pytest.mark.parametrize("paper", list(PRESETS))
def test_shared_columns_keep_their_shares_where_every_word_fits(paper):
    width = geometry(paper).frame_width
    widths = share_columns(width, HOURS, HOURS_SHARES, FONTS)
    assert sum(widths) == pytest.approx(width)
    least = [HOURS[0][c].minWidth() + PADDING for c in range(len(HOURS_SHARES))]
    if all(share * width >= low for share, low in zip(HOURS_SHARES, least, strict=True)):
        assert widths == [share * width for share in HOURS_SHARES]
    for found, low in zip(widths, least, strict=True):
        assert found >= low - 1e-6


def test_a_shared_column_too_narrow_for_its_word_takes_it_from_the_others():
    widths = share_columns(100 * mm, HOURS, HOURS_SHARES, FONTS)
    phase = HOURS[0][1].minWidth() + PADDING
    assert widths[1] == pytest.approx(phase) and phase > 0.08 * 100 * mm
    assert sum(widths) == pytest.approx(100 * mm)


FIELDS = ["Number and title", "Date", "Status (proposed, accepted, replaced)"]


@pytest.mark.parametrize("paper", list(PRESETS))
def test_write_in_fields_take_fewer_to_a_row_where_their_labels_would_not_fit(paper):
    width = geometry(paper).frame_width
    fields = Fields(FIELDS, FONTS.regular)
    height = fields.wrap(width, 1000)[1]
    step = width / fields.per_row
    for label in FIELDS:
        assert FONTS.width(label, FONTS.regular, Fields.SIZE) <= step - Fields.GAP
    assert height == -(-len(FIELDS) // fields.per_row) * Fields.ROW
    if paper in ("letter", "a4"):
        assert fields.per_row == len(FIELDS)
    if paper == "a5":
        assert fields.per_row < len(FIELDS)
