"""The skills gap matrix as numbers: tick boxes clear of their digits, columns that fit the page."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from workbook.content import MAX_PHASES
from workbook.layout import matrix
from workbook.layout.gantt import CELL_PADDING
from workbook.layout.matrix import BOX_GAP, CIRCLE, DIGIT_SIZE, LEVEL_COLUMN, LEVELS
from workbook.render.fonts import load_fonts
from workbook.render.theme import geometry

FONTS = load_fonts()


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
