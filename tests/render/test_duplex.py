"""Printing on both sides (--duplex) and booklets (--imposition booklet, --signature)."""

from __future__ import annotations

import io
import re

import pypdf
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from conftest import build
from workbook.imposition import STAPLED_SHEETS, impose, order, too_thick
from workbook.options import Options
from workbook.render.document import DocumentInfo, WorkbookDocument
from workbook.render.fonts import load_fonts
from workbook.render.theme import Styles, geometry

DUPLEX = Options(weeks=(1, 8), duplex=True)  # the first phase ends, so its review is printed
BOOKLET = Options(weeks=(1, 2), imposition="booklet")
FOOTER = "Ada Example · "
PAGE_NUMBER = re.compile(r"^\d+$")


def _words(page: pypdf.PageObject) -> list[tuple[str, float]]:
    """Each piece of text on the page and the x where it starts on the page, in points."""
    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4]))

    page.extract_text(visitor_text=visit)
    return found


def _page_number_x(page: pypdf.PageObject) -> float:
    return next(x for text, x in _words(page) if PAGE_NUMBER.match(text))


# duplex


def test_every_section_starts_on_a_right_hand_page(library):
    book = build(library, DUPLEX)
    sections = [(title, page) for level, title, page in book.outline() if level == 0]
    assert len(sections) > 10
    assert [(title, page) for title, page in sections if page % 2 == 0] == []
    assert len(book.pages) % 2 == 0


def test_the_phase_review_faces_itself_across_a_spread(library):
    book = build(library, DUPLEX)
    reviews = [page for _, title, page in book.outline() if title.startswith("Review ")]
    assert reviews and all(page % 2 == 0 for page in reviews)


def test_no_page_is_blank_a_page_left_over_is_for_notes(library):
    book = build(library, DUPLEX)
    plain = build(library, Options(weeks=DUPLEX.weeks))
    notes = 0
    for number, text in enumerate(book.pages, 1):
        lines = [line for line in text.splitlines() if line.strip()]
        body = [line for line in lines if FOOTER not in line and line != str(number)]
        assert body, f"page {number} is blank"
        notes += body[0] == "Notes"
    assert notes == len(book.pages) - len(plain.pages) > 0


def _templates(bound: bool) -> dict:
    fonts = load_fonts(None)
    info = DocumentInfo("title", "author", "subject", "footer", "{}")
    document = WorkbookDocument(
        io.BytesIO(), geometry("letter"), fonts, Styles(fonts), info, bound=bound
    )
    return {template.id: template for template in document.pageTemplates}


@pytest.mark.parametrize("name", ["cover", "body"])
def test_inner_and_outer_margins_mirror(name):
    page = geometry("letter")
    right, left = (_templates(True)[name].sides[side][0] for side in (1, 0))
    inner_right, inner_left = right._x1, page.width - left._x1 - left._width
    assert inner_right == pytest.approx(inner_left)
    assert inner_right > page.margin > left._x1  # the inner margin wider, the outer narrower
    assert right._width == left._width == page.frame_width


def test_a_one_sided_book_keeps_equal_margins():
    margin = geometry("letter").margin
    for template in _templates(False).values():
        assert [side[0]._x1 for side in template.sides] == [margin, margin]


def test_page_numbers_sit_at_the_outer_edge_only_in_duplex(library):
    duplex = build(library, DUPLEX).reader.pages
    plain = build(library, Options(weeks=DUPLEX.weeks)).reader.pages
    width = float(duplex[2].mediabox.width)
    assert _page_number_x(duplex[2]) > width / 2 > _page_number_x(duplex[3])  # pages 3 and 4
    assert _page_number_x(plain[2]) == pytest.approx(_page_number_x(plain[3]), abs=6)


# booklet


def _stamped(count: int, landscape: tuple[int, ...] = ()) -> bytes:
    """A PDF of `count` letter pages, each saying 'P<number>'; those in `landscape` turned."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=1)
    for number in range(1, count + 1):
        size = letter[::-1] if number in landscape else letter
        canvas.setPageSize(size)
        canvas.drawString(size[0] / 2 - 10, size[1] / 2, f"P{number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _halves(pdf: bytes) -> list[tuple[int, int]]:
    """(left, right) stamped page numbers on each sheet side, read from where pdfium draws each
    character (the pages are placed as forms, whose placement pypdf's text positions ignore)."""
    sides = []
    document = pdfium.PdfDocument(pdf)
    for page in document:
        middle = page.get_width() / 2
        text = page.get_textpage()
        halves: tuple[list[str], list[str]] = ([], [])
        for index in range(text.count_chars()):
            left, _, right, _ = text.get_charbox(index)
            halves[(left + right) / 2 >= middle].append(text.get_text_range(index, 1))
        stamps = [re.findall(r"P(\d+)", "".join(half)) for half in halves]
        assert [len(found) for found in stamps] == [1, 1]
        sides.append((int(stamps[0][0]), int(stamps[1][0])))
    return sides


def test_a_booklet_puts_the_pages_where_a_folded_stack_reads_in_order():
    pdf = impose(_stamped(8, landscape=(3,)), letter[::-1])
    assert _halves(pdf) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    sheet = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == letter[::-1]


def test_signatures_are_booklets_one_after_another():
    pdf = impose(_stamped(12), letter[::-1], signature=2)
    first = [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert _halves(pdf) == [*first, (12, 9), (10, 11)]


def test_the_order_is_front_then_back_of_each_sheet():
    assert order(4) == [(3, 0), (1, 2)]
    assert order(8, signature=1) == [(3, 0), (1, 2), (7, 4), (5, 6)]
    assert order(8, signature=5) == order(8)
    with pytest.raises(ValueError):
        order(6)


@pytest.mark.parametrize(
    ("paper", "sheet"), [("letter", (792, 612)), ("a4", (842, 595)), ("a5", (842, 595))]
)
def test_a_booklet_is_printed_on_landscape_letter_or_a4(library, paper, sheet):
    book = build(library, BOOKLET, paper=paper)
    assert len(book.pages) % 2 == 0
    sizes = {(round(p.mediabox.width), round(p.mediabox.height)) for p in book.reader.pages}
    assert sizes == {sheet}


def test_a_booklet_has_no_empty_half(library):
    book = build(library, BOOKLET)
    footers = [text.count(FOOTER) for text in book.pages]
    assert footers[0] == 1  # the back page and the cover, which has no footer
    assert all(count == 2 for count in footers[1:])


def test_imposing_is_the_same_every_time():
    """The layout's own determinism is tested on whole books; imposing adds none of its own."""
    pages = _stamped(12, landscape=(5,))
    assert impose(pages, letter[::-1], signature=2) == impose(pages, letter[::-1], signature=2)


def test_a_booklet_too_thick_to_staple_is_told_to_use_signatures():
    assert too_thick(STAPLED_SHEETS, None) is None
    assert too_thick(STAPLED_SHEETS + 1, 4) is None
    warning = too_thick(STAPLED_SHEETS + 1, None)
    assert warning.startswith(f"{STAPLED_SHEETS + 1} sheets") and "--signature" in warning
