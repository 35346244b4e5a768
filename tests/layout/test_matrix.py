"""The skills gap matrix as numbers: tick boxes clear of their digits, columns that fit the page,
both tables on one page or the second moved whole."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from conftest import PATHWAY_IDS, build, normalise
from workbook.content import MAX_PHASES
from workbook.layout import matrix
from workbook.layout.gantt import CELL_PADDING
from workbook.layout.matrix import BOX_GAP, CIRCLE, DIGIT_SIZE, LEVEL_COLUMN, LEVELS
from workbook.render.fonts import load_fonts
from workbook.render.theme import geometry

FONTS = load_fonts()
ARCHITECT, DESIGNER = PATHWAY_IDS[0], PATHWAY_IDS[2]


def cap_height() -> float:
    return pdfmetrics.getFont(FONTS.regular).face.capHeight / 1000


def test_the_digits_under_the_tick_boxes_stand_clear_of_them():
    layout = matrix.scale_layout(cap_height())
    digit_top = cap_height() * DIGIT_SIZE  # digits stand on the baseline, y = 0
    assert layout.marks - digit_top >= 1.5  # points of white between a digit and its box
    assert layout.height >= layout.marks + CIRCLE


def test_the_tick_boxes_stand_apart_and_fit_their_column():
    boxes = (LEVELS + 1) * CIRCLE + LEVELS * BOX_GAP
    assert 1 * mm <= BOX_GAP
    assert boxes <= LEVEL_COLUMN - CELL_PADDING


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("phases", [1, 5, MAX_PHASES])
def test_matrix_columns_fill_the_landscape_frame(paper, phases):
    width = geometry(paper).landscape.frame_width
    for widths in (matrix.learn_widths(width, phases), matrix.bring_widths(width, phases)):
        assert sum(widths) == pytest.approx(width)
        assert min(widths) >= 9 * mm  # the narrowest column, the gap, holds "2*"


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_the_matrix_fills_one_page_or_moves_the_skills_you_bring_whole(library, pathway_id, paper):
    pdf = build(library, pathway=pathway_id, paper=paper)
    first, roadmap = pdf.page_of("Skills gap matrix"), pdf.page_of("Your roadmap")
    bring = pdf.page_of("Skills you bring")
    text = normalise(pdf.pages[bring - 1])
    for skill in library.pathways[pathway_id].transferable_skills:
        assert normalise(skill.name) in text, skill.name  # the table is whole on one page
    assert roadmap - first <= 2
    if roadmap - first == 2:  # too tall for one page even in the smaller type
        assert bring == first + 1
        assert "Skills you bring" not in normalise(pdf.pages[first - 1])


@pytest.mark.parametrize(
    "pathway_id, paper",
    [(DESIGNER, "letter"), (DESIGNER, "a4"), (ARCHITECT, "a4"), (ARCHITECT, "letter")],
)
def test_a_matrix_a_little_too_tall_fits_one_page_in_the_smaller_type(library, pathway_id, paper):
    pdf = build(library, pathway=pathway_id, paper=paper)
    assert pdf.page_of("Your roadmap") - pdf.page_of("Skills gap matrix") == 1
