"""Finished workbook PDFs → the print shop's merged file(s) (qpdf, through pikepdf) and the
distribution ZIP.

In the merged file every workbook starts on a right-hand page: a separator sheet bearing the
person's name comes first (with a blank back), and a blank page follows any workbook with an odd
number of pages. Each workbook's bookmarks sit under the person's name. Landscape pages are turned
a quarter to the left (their top at the binding edge, as in a bound book), so every page of the
file has the same orientation for the printer. With `max_pages`, a new part starts before a
person who would overflow it, so a workbook is never split between files.

qpdf copies each book's pages as they are, with the links between them, and packs the file into
object streams as `compact` packs a book: the print file is about the sum of the books' sizes.
A book's bytes are held until its part is written (qpdf reads the pages' streams then).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pikepdf

from workbook.compact import page_size
from workbook.files import atomic_file

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # ZIP entries get one date, so the archive is reproducible
QUARTER_LEFT = 270  # degrees clockwise: a landscape page's top turned to the left edge


def merge(
    books: Iterable[tuple[Path, str]],
    separators: list[pikepdf.Page],
    target: Path,
    max_pages: int | None = None,
) -> list[Path]:
    """Merge the (workbook, person's name) in order, separator i before book i; return the files
    written."""
    parts: list[Path] = []
    part = _Part()
    for separator, (book, name) in zip(separators, books, strict=True):
        source = pikepdf.open(io.BytesIO(book.read_bytes()))
        size = 2 + _even(len(source.pages))
        if max_pages and part.pages and part.pages + size > max_pages:
            parts.append(part.write(target, len(parts) + 1, numbered=True))
            part = _Part()
        part.add(separator, source, name)
    if part.pages:
        parts.append(part.write(target, len(parts) + 1, numbered=bool(parts)))
    return parts


class _Part:
    """One print file being put together: its pages, and each person's bookmarks.

    Pages are added to the page tree directly: pikepdf's page list finds its place in the whole
    tree on every insertion, which makes a cohort's merge quadratic in its pages."""

    def __init__(self):
        self.pdf = pikepdf.new()
        self.tree = self.pdf.Root.Pages
        self.pages = 0
        self.sources: list[pikepdf.Pdf] = []  # open until written: qpdf copies streams then
        self.people: list[tuple[str, pikepdf.Object, list[pikepdf.OutlineItem]]] = []

    def add(self, separator: pikepdf.Page, source: pikepdf.Pdf, name: str) -> None:
        self._page(separator)
        self._blank(separator)
        copies = {page.objgen: self._page(page, turned=_wide(page)) for page in source.pages}
        if len(source.pages) % 2:
            self._blank(source.pages[-1])
        with source.open_outline() as outline:
            bookmarks = _bookmarks(outline.root, copies)
        self.people.append((name, next(iter(copies.values())), bookmarks))
        self.sources.append(source)

    def _page(self, page: pikepdf.Page, turned: bool = False) -> pikepdf.Object:
        """A copy of `page` at the end; links to pages of its file copied later lead to them."""
        copied = self.pdf.copy_foreign(page.obj)
        copied.MediaBox = pikepdf.Array(list(page.mediabox))  # its own, were it inherited
        if turned:
            copied.Rotate = (int(copied.get("/Rotate", 0)) + QUARTER_LEFT) % 360
        self._append(copied)
        return copied

    def _blank(self, like: pikepdf.Page) -> None:
        width, height = sorted(page_size(like))  # upright, as printed
        box = pikepdf.Array([0, 0, width, height])
        self._append(
            self.pdf.make_indirect(
                pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=box, Resources={})
            )
        )

    def _append(self, page: pikepdf.Object) -> None:
        page.Parent = self.tree
        self.tree.Kids.append(page)
        self.pages += 1
        self.tree.Count = self.pages

    def write(self, target: Path, number: int, *, numbered: bool) -> Path:
        path = (
            target.with_name(f"{target.stem}-part{number:02d}{target.suffix}")
            if numbered
            else target
        )
        with self.pdf.open_outline() as outline:
            for name, first, bookmarks in self.people:
                person = pikepdf.OutlineItem(name, _at(first))
                person.children.extend(bookmarks)
                outline.root.append(person)
        with atomic_file(path) as handle:
            self.pdf.save(
                handle,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
                deterministic_id=True,
            )
        for source in self.sources:
            source.close()
        return path


def _bookmarks(items, copies: dict[tuple[int, int], pikepdf.Object]) -> list[pikepdf.OutlineItem]:
    """A book's bookmarks, each pointing at its page's copy in the print file."""
    copied = []
    for item in items:
        bookmark = pikepdf.OutlineItem(item.title, _at(copies[item.destination[0].objgen]))
        bookmark.is_closed = item.is_closed
        bookmark.children.extend(_bookmarks(item.children, copies))
        copied.append(bookmark)
    return copied


def _at(page: pikepdf.Object) -> pikepdf.Array:
    """A destination showing the whole of `page` (given as a page, not a page number, which
    pikepdf would look up in the whole file for every bookmark)."""
    return pikepdf.Array([page, pikepdf.Name.Fit])


def _wide(page: pikepdf.Page) -> bool:
    width, height = page_size(page)
    return width > height


def _even(count: int) -> int:
    return count + count % 2


def zip_files(files: Iterable[Path], target: Path) -> None:
    """The given files, flat, in a ZIP whose bytes depend only on their names and contents."""
    with atomic_file(target) as handle, zipfile.ZipFile(handle, "w") as archive:
        for path in sorted(files, key=lambda p: p.name):  # one file in memory at a time
            info = zipfile.ZipInfo(path.name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
