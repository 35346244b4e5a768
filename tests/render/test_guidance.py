"""Guidance pages: prompts kept with their lines, the essay's playbook, the resources checklist."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from conftest import Pdf, build
from workbook.render.flowables import PromptedLines
from workbook.render.fonts import load_fonts
from workbook.render.theme import WRITING_LINE, Styles

DESIGNER = "backend-developer-to-ai-product-designer"
PROMPT = "Before you begin: why this move, and why now? " * 3
FRAME = 600.0  # points of frame height in the small test document


def ruled_lines(page) -> int:
    """Ruled lines drawn on a page: ReportLab strokes each as 'x y m x y l S'."""
    return len(re.findall(rb" l S\b", page.get_contents().get_data()))


def lay_out(room: float) -> list[tuple[str, int]]:
    """A page with only `room` points left, then a prompt: (text, ruled lines) per page."""
    styles = Styles(load_fonts())
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=(400, FRAME + 72), leftMargin=36, rightMargin=36, topMargin=36
    )
    doc.bottomMargin = 36
    story = [Spacer(0, FRAME - 12 - room), PromptedLines(Paragraph(PROMPT, styles.prompt))]
    doc.build(story)
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    return [(page.extract_text() or "", ruled_lines(page)) for page in reader.pages]


@pytest.mark.parametrize("room", [0, 20, 40, 60, 80, 100, 120, 160, 240])
def test_a_prompt_never_stands_without_its_first_lines(room):
    pages = lay_out(room)
    prompt_page = next(i for i, (text, _) in enumerate(pages) if "Before you begin" in text)
    assert pages[prompt_page][1] >= 4  # the prompt's page holds at least its first four lines
    assert all(lines == 0 for _, lines in pages[prompt_page + 1 :])  # none strayed overleaf


def test_prompted_lines_fill_the_room_they_are_given():
    styles = Styles(load_fonts())
    block = PromptedLines(Paragraph(PROMPT, styles.prompt))
    for room in (160.0, 300.0, 555.5):
        _, height = block.wrap(328, room)
        assert height <= room < height + WRITING_LINE + PromptedLines.GAP + 2
        room_for_lines = room - block.prompt_height - PromptedLines.GAP - 2
        assert block.lines == int(room_for_lines // WRITING_LINE)
    _, height = block.wrap(328, 30.0)  # too little room: it asks for its minimum, so it moves
    assert block.lines == 4 and height > 30.0
    assert block.split(328, 30.0) == []


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_starting_prompt_keeps_its_lines_in_the_designer_book(library, paper):
    pdf: Pdf = build(library, pathway=DESIGNER, paper=paper)
    page = next(n for n, text in enumerate(pdf.pages, 1) if "Before you begin" in text)
    assert pdf.page_of("How this plan was made") == page + 1  # no page of lines alone between
