"""Finished workbook PDFs → the print shop's merged file(s) and the distribution ZIP (pypdf).

In the merged file every workbook starts on a right-hand page: a separator sheet bearing the
person's name comes first (with a blank back), and a blank page follows any workbook with an odd
number of pages. Each workbook's bookmarks sit under the person's name. Landscape pages are turned
a quarter to the left (their top at the binding edge, as in a bound book), so every page of the
file has the same orientation for the printer. With `max_pages`, a new part starts before a
person who would overflow it, so a workbook is never split between files.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

import pypdf

from workbook.files import atomic_file

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # ZIP entries get one date, so the archive is reproducible
QUARTER_LEFT = 270  # degrees clockwise: a landscape page's top turned to the left edge


def merge(
    books: Iterable[tuple[Path, str]],
    separators: list[pypdf.PageObject],
    target: Path,
    max_pages: int | None = None,
) -> list[Path]:
    """Merge the (workbook, person's name) in order, separator i before book i; return the files
    written."""
    parts: list[Path] = []
    writer, pages = pypdf.PdfWriter(), 0
    for separator, (book, name) in zip(separators, books, strict=True):
        reader = pypdf.PdfReader(book)
        size = 2 + _even(len(reader.pages))
        if max_pages and pages and pages + size > max_pages:
            parts.append(_write(writer, target, len(parts) + 1, numbered=True))
            writer, pages = pypdf.PdfWriter(), 0
        writer.add_page(separator)
        _blank(writer, separator)
        first = len(writer.pages)
        writer.append(reader, outline_item=name)
        for page in writer.pages[first:]:
            if page.mediabox.width > page.mediabox.height:
                page.rotate(QUARTER_LEFT)
        if len(reader.pages) % 2:
            _blank(writer, reader.pages[-1])
        pages += size
    if pages:
        parts.append(_write(writer, target, len(parts) + 1, numbered=bool(parts)))
    return parts


def _blank(writer: pypdf.PdfWriter, like: pypdf.PageObject) -> None:
    width, height = sorted((like.mediabox.width, like.mediabox.height))  # upright, as printed
    writer.add_blank_page(width=width, height=height)


def _even(count: int) -> int:
    return count + count % 2


def _write(writer: pypdf.PdfWriter, target: Path, number: int, *, numbered: bool) -> Path:
    path = (
        target.with_name(f"{target.stem}-part{number:02d}{target.suffix}") if numbered else target
    )
    with atomic_file(path) as handle:
        writer.write(handle)
    return path


def zip_files(files: Iterable[Path], target: Path) -> None:
    """The given files, flat, in a ZIP whose bytes depend only on their names and contents."""
    with atomic_file(target) as handle, zipfile.ZipFile(handle, "w") as archive:
        for path in sorted(files, key=lambda p: p.name):  # one file in memory at a time
            info = zipfile.ZipInfo(path.name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
