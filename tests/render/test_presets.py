"""Every page preset builds a whole book whose text stays on its pages, at the preset's size."""

from __future__ import annotations

import functools
import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from conftest import PATHWAY_IDS, SHORT, WHOLE, build
from workbook.layout.review import SHRINK_MOST
from workbook.paper import PRESETS
from workbook.render.theme import geometry

TOLERANCE = 2  # points: a glyph's box may stand this far past the margin (accents, italics)
SMALLEST = min(PRESETS.values(), key=lambda preset: preset.width * preset.height).name


def outside(data: bytes, paper: str) -> list[tuple[int, str]]:
    """(page, text) for each run of text whose box leaves the page's margins (a tablet's side
    tabs stand in their own column, which widens the margin on their side, and stay in it)."""
    page = geometry(paper)
    margin = page.margin - TOLERANCE
    left_margin = page.left - TOLERANCE
    right_margin = page.width - page.left - page.frame_width - TOLERANCE
    tabs = page.tab_column, page.tab_column + page.tabs
    found = []
    document = pdfium.PdfDocument(data)
    for number in range(len(document)):
        width, height = document[number].get_size()
        text = document[number].get_textpage()
        for index in range(text.count_rects()):
            left, bottom, right, top = text.get_rect(index)
            beside = left < left_margin or right > width - right_margin
            in_tabs = tabs[0] <= left < right <= tabs[1]
            if bottom < margin or top > height - margin or (beside and not in_tabs):
                found.append((number + 1, text.get_text_bounded(left, bottom, right, top)))
    return found


@functools.cache  # a letter book's sizes are compared with several presets' books
def type_sizes(data: bytes) -> set[float]:
    """Every size text prints at, in points on the page (a shrunk table's type is smaller):
    each character's font size scaled by its matrix, as pdfium places it."""
    found = set()
    matrix = pdfium_c.FS_MATRIX()
    for page in pdfium.PdfDocument(data):
        text = page.get_textpage()
        for index in range(text.count_chars()):
            if chr(pdfium_c.FPDFText_GetUnicode(text, index)).strip():
                pdfium_c.FPDFText_GetMatrix(text, index, matrix)
                size = pdfium_c.FPDFText_GetFontSize(text, index)
                found.add(round(size * math.hypot(matrix.a, matrix.b), 1))
    return found


def shrunk(sizes: set[float], letter: set[float]) -> set[float]:
    """The sizes that are not letter's, nor at most SHRINK_MOST smaller (a review's tables)."""
    return {s for s in sizes if not any(SHRINK_MOST * t - 0.05 <= s <= t for t in letter)}


def sections(pdf) -> list[str]:
    return [title for level, title, _ in pdf.outline() if level == 0]


def sizes(pdf, paper: str) -> set[tuple[int, int]]:
    return {
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in pdf.reader.pages
    }


def expected_sizes(paper: str) -> set[tuple[int, int]]:
    """The preset's page, and turned sideways on paper; a tablet shows every page upright."""
    width, height = (round(side) for side in PRESETS[paper].size)
    return {(width, height)} if PRESETS[paper].tablet else {(width, height), (height, width)}


CASES = [(paper, PATHWAY_IDS[n % len(PATHWAY_IDS)]) for n, paper in enumerate(PRESETS)]


@pytest.mark.parametrize(("paper", "pathway"), CASES)
def test_every_preset_builds_a_book_whose_text_stays_inside_its_margins(library, paper, pathway):
    pdf = build(library, SHORT, paper=paper, pathway=pathway)
    assert sizes(pdf, paper) == expected_sizes(paper)
    assert outside(pdf.data, paper) == []
    letter = build(library, SHORT, pathway=pathway)  # a profile's paper is letter unless set
    assert shrunk(type_sizes(pdf.data), type_sizes(letter.data)) == set()
    assert sections(pdf) == sections(letter)  # the same book, every section in it
    assert pdf.page_of("Profile at a glance") - pdf.page_of("Contents") == 1  # one page


def test_the_whole_book_on_the_smallest_preset_stays_inside_its_margins(library):
    pdf = build(library, WHOLE, paper=SMALLEST, hours_per_week=30)  # every kind of page, briskly
    assert sizes(pdf, SMALLEST) == expected_sizes(SMALLEST)
    assert outside(pdf.data, SMALLEST) == []
    letter = build(library, SHORT, paper="letter")
    assert shrunk(type_sizes(pdf.data), type_sizes(letter.data)) == set()
    assert pdf.page_of("How this plan was made") - pdf.page_of("Profile at a glance") <= 3
