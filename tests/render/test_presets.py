"""Every page preset builds a whole book whose text stays on its pages, at the preset's size."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from conftest import PATHWAY_IDS, SHORT, WHOLE, build
from workbook.paper import PRESETS
from workbook.render.theme import geometry

TOLERANCE = 2  # points: a glyph's box may stand this far past the margin (accents, italics)
SMALLEST = min(PRESETS.values(), key=lambda preset: preset.width * preset.height).name


def outside(data: bytes, paper: str) -> list[tuple[int, str]]:
    """(page, character) for each character whose box leaves the page's margins."""
    margin = geometry(paper).margin - TOLERANCE
    found = []
    document = pdfium.PdfDocument(data)
    for number in range(len(document)):
        page = document[number]
        width, height = page.get_size()
        text = page.get_textpage()
        for index in range(text.count_chars()):
            char = text.get_text_range(index, 1)
            if not char.strip():
                continue
            left, bottom, right, top = text.get_charbox(index)
            if left < margin or bottom < margin or right > width - margin or top > height - margin:
                found.append((number + 1, char))
    return found


def sizes(pdf, paper: str) -> set[tuple[int, int]]:
    return {
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in pdf.reader.pages
    }


def expected_sizes(paper: str) -> set[tuple[int, int]]:
    width, height = (round(side) for side in PRESETS[paper].size)
    return {(width, height)} if PRESETS[paper].tablet else {(width, height), (height, width)}


CASES = [(paper, PATHWAY_IDS[n % len(PATHWAY_IDS)]) for n, paper in enumerate(PRESETS)]


@pytest.mark.parametrize(("paper", "pathway"), CASES)
def test_every_preset_builds_a_book_whose_text_stays_inside_its_margins(library, paper, pathway):
    pdf = build(library, SHORT, paper=paper, pathway=pathway)
    assert sizes(pdf, paper) == expected_sizes(paper)
    assert outside(pdf.data, paper) == []


@pytest.mark.parametrize("paper", [p for p in PRESETS if PRESETS[p].tablet])
def test_a_tablet_shows_every_page_upright(library, paper):
    pdf = build(library, SHORT, paper=paper)
    width, height = PRESETS[paper].size
    assert sizes(pdf, paper) == {(round(width), round(height))}
    assert "Your timeline" in pdf.text and "Skills gap matrix" in pdf.text


def test_the_whole_book_on_the_smallest_preset_stays_inside_its_margins(library):
    pdf = build(library, WHOLE, paper=SMALLEST)
    assert sizes(pdf, SMALLEST) == expected_sizes(SMALLEST)
    assert outside(pdf.data, SMALLEST) == []
    assert pdf.page_of("How this plan was made") - pdf.page_of("Profile at a glance") <= 3
