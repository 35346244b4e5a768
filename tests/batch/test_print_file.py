"""The cohort's print file: each workbook's pages copied whole, its links and bookmarks pointing
at its own pages in the merged file, the file packed into object streams."""

from __future__ import annotations

import pikepdf

from conftest import Pdf
from workbook.post import merge


def test_each_book_keeps_its_links_and_bookmarks_on_its_own_pages(short_books, tmp_path):
    books, ranges, first = [], [], 0
    for number, book in enumerate(list(short_books.values())[:2]):
        path = tmp_path / f"book-{number}.pdf"
        path.write_bytes(book.data)
        books.append((path, f"Person {number}"))
        count = len(book.reader.pages)
        first += 2  # the separator and its blank back
        ranges.append(range(first + 1, first + count + 1))  # 1-based pages of the book
        first += count + count % 2
    separators = pikepdf.new()
    for _ in books:
        separators.add_blank_page()
    [written] = merge(books, list(separators.pages), tmp_path / "print.pdf")
    [again] = merge(books, list(separators.pages), tmp_path / "again.pdf")
    assert again.read_bytes() == written.read_bytes()
    merged = Pdf(written.read_bytes())
    assert merged.data.startswith(b"%PDF-1.5") and b"/ObjStm" in merged.data
    assert len(merged.reader.pages) == first
    for pages in ranges:
        targets = [target for page in pages for target in merged.links(page)]
        assert len(targets) > 20 and set(targets) <= set(pages)
    people = [(title, page) for level, title, page in merged.outline() if level == 0]
    assert people == [("Person 0", ranges[0][0]), ("Person 1", ranges[1][0])]
    covers = [page for level, title, page in merged.outline() if title == "Cover"]
    assert covers == [ranges[0][0], ranges[1][0]]
    for level, _, page in merged.outline():
        assert level == 0 or any(page in pages for pages in ranges)
