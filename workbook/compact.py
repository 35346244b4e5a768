"""A finished PDF → the same PDF packed smaller, its page count and its pages' sizes (qpdf,
through pikepdf).

ReportLab writes every object as plain text, and only streams (page contents, fonts) are
compressed. A workbook holds hundreds of links (contents, page references, the timeline, a
tablet's tabs), bookmarks and, in the fillable edition, thousands of fields: a third of its
bytes. qpdf packs those objects into compressed object streams (PDF 1.5) and writes a compressed
cross-reference stream; the pages, links, bookmarks and fields stay as they were. The file's ID
is made from its content, so the same book still gives the same bytes.
"""

from __future__ import annotations

import io

import pikepdf


def compact(pdf: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        packed = io.BytesIO()
        document.save(
            packed,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,  # streams are compressed already
            deterministic_id=True,
        )
    return packed.getvalue()


def page_count(pdf: bytes) -> int:
    """The pages of a finished PDF: qpdf finds them in a few milliseconds, where pypdf, reading
    the object streams in Python, takes about 75 ms for a typical book (a cohort counts every
    book in its one batch process)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def page_size(page: pikepdf.Page) -> tuple[float, float]:
    """A page's width and height in points, from its media box (its own or inherited)."""
    left, bottom, right, top = (float(n) for n in page.mediabox)
    return right - left, top - bottom
