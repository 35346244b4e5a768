"""A rendered book → the sheets of a saddle-stitched booklet, or of signatures (qpdf, through
pikepdf: each page becomes a form XObject that its sheet places, scaled, without copying or
rewriting its drawing).

A booklet's page is half its sheet: a letter book is laid out on half-letter pages imposed two to
a side of landscape letter, an A4 or A5 book on A5 pages imposed on landscape A4. Its pages are
laid out at that size rather than shrunk, so that writing lines keep their spacing on paper.

A signature of n sheets holds 4n pages. Sheet k (from 0) of a signature of pages 1..4n carries
pages 4n-2k and 2k+1 on its front, 2k+2 and 4n-2k-1 on its back: printed double-sided, flipped
on the short edge, and folded in the middle, the sheets nest in reading order. With no signature
size the whole book is one signature.
"""

from __future__ import annotations

import io

import pikepdf
from reportlab.lib.units import mm

from workbook.compact import page_count, page_size
from workbook.options import Options
from workbook.paper import PRESETS
from workbook.printing import BOOKLET_SIDES
from workbook.render.theme import Geometry

SHEETS = {"letter": "letter", "a4": "a4", "a5": "a4"}  # the book's paper → its sheet
HALF_SHEET_MARGIN = PRESETS["a5"].margin  # millimetres: a booklet page is an A5 page, or nearly
STAPLED_SHEETS = 20  # about as many sheets of office paper as fold flat and take a staple
SIGNATURE_SHEETS = 8  # the signature size suggested for a thicker book: 32 pages, folded flat


def printed_on(paper: str, options: Options) -> str:
    """The paper a book of `paper` is printed on: its own, or its booklet's sheets."""
    return SHEETS[paper] if options.imposition else paper


def sheet_size(paper: str) -> tuple[float, float]:
    """The landscape sheet a booklet of `paper` is printed on, in points."""
    width, height = PRESETS[SHEETS[paper]].size
    return height, width


def page_geometry(paper: str) -> Geometry:
    """A booklet's page: half its sheet, portrait."""
    width, height = sheet_size(paper)
    return Geometry(width / 2, height, HALF_SHEET_MARGIN * mm)


def order(pages: int, signature: int | None = None) -> list[tuple[int, int]]:
    """(left, right) source page indices (from 0) for each sheet side, front then back."""
    if pages % BOOKLET_SIDES:
        raise ValueError(f"a booklet has a multiple of {BOOKLET_SIDES} pages, not {pages}")
    size = BOOKLET_SIDES * signature if signature else pages
    sides: list[tuple[int, int]] = []
    for first in range(0, pages, size):
        last = min(first + size, pages) - 1
        for k in range((last - first + 1) // BOOKLET_SIDES):
            sides.append((last - 2 * k, first + 2 * k))
            sides.append((first + 2 * k + 1, last - 2 * k - 1))
    return sides


def impose(pdf: bytes, sheet: tuple[float, float], signature: int | None = None) -> bytes:
    """The book's pages two to a side of `sheet` (landscape), in `order`, each fitted to its half
    and centred; a landscape page is turned a quarter to the left, its top at the left edge."""
    width, height = sheet
    with pikepdf.open(io.BytesIO(pdf)) as book, pikepdf.new() as sheets:
        sheets.docinfo = sheets.copy_foreign(book.docinfo)
        forms = [sheets.copy_foreign(page.as_form_xobject()) for page in book.pages]
        sizes = [page_size(page) for page in book.pages]
        for pair in order(len(forms), signature):
            side = sheets.add_blank_page(page_size=(width, height))
            drawing = []
            for slot, index in enumerate(pair):
                name = pikepdf.Name(f"/Page{slot + 1}")
                side.add_resource(forms[index], pikepdf.Name.XObject, name)
                matrix = _placed(sizes[index], slot * width / 2, width / 2, height)
                drawing.append(f"q {' '.join(f'{n:.6g}' for n in matrix)} cm {name} Do Q")
            side.obj.Contents = sheets.make_stream(" ".join(drawing).encode())
        buffer = io.BytesIO()
        sheets.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _placed(
    size: tuple[float, float], left: float, width: float, height: float
) -> tuple[float, ...]:
    """The matrix that draws a page of `size` into the half of a side from `left`, `width` wide,
    fitted and centred; a landscape page turned so its top is at the left edge."""
    page_width, page_height = size
    turned = page_width > page_height
    if turned:
        page_width, page_height = page_height, page_width
    scale = min(width / page_width, height / page_height)
    x = left + (width - page_width * scale) / 2
    y = (height - page_height * scale) / 2
    if turned:  # (u, v) → (x + scale * (h - v), y + scale * u), h the page's own height
        return 0, scale, -scale, 0, x + scale * page_width, y
    return scale, 0, 0, scale, x, y


def sheets(pdf: bytes) -> int:
    """How many sheets an imposed book is printed on (two sides each)."""
    return page_count(pdf) // 2


def too_thick(count: int, signature: int | None) -> str | None:
    """A warning when a booklet of `count` sheets is too thick to fold and staple as one."""
    if signature or count <= STAPLED_SHEETS:
        return None
    return (
        f"{count} sheets are too many to fold and staple as one booklet; "
        f"--signature {SIGNATURE_SHEETS} makes signatures of {SIGNATURE_SHEETS} sheets to sew or "
        "glue"
    )


def hint(signature: int | None) -> str:
    """One line on how to print and bind what `impose` made."""
    if signature:
        return (
            "print double-sided, flip on short edge; fold each signature of "
            f"{signature} sheet{'s' if signature > 1 else ''} in the middle, stack them in order, "
            "and sew or glue the spine"
        )
    return "print double-sided, flip on short edge, fold in the middle, staple on the fold"
