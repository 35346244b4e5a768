"""Finished workbook PDFs → the print shop's merged file(s) and the distribution ZIP (pypdf).

In the merged file every workbook starts on a right-hand page: a separator sheet bearing the
person's name comes first (with a blank back), and a blank page follows any workbook with an odd
number of pages. With `max_pages`, a new part starts before a person who would overflow it, so a
workbook is never split between files.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

import pypdf

from workbook.files import atomic_file

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # ZIP entries get one date, so the archive is reproducible


def merge(
    books: Iterable[Path],
    separators: list[pypdf.PageObject],
    target: Path,
    max_pages: int | None = None,
) -> list[Path]:
    """Merge the workbooks in order, separator i before book i; return the files written."""
    parts: list[Path] = []
    writer, pages = pypdf.PdfWriter(), 0
    for separator, book in zip(separators, books, strict=True):
        reader = pypdf.PdfReader(book)
        size = 2 + _even(len(reader.pages))
        if max_pages and pages and pages + size > max_pages:
            parts.append(_write(writer, target, len(parts) + 1, numbered=True))
            writer, pages = pypdf.PdfWriter(), 0
        writer.add_page(separator)
        _blank(writer, separator)
        writer.append(reader)
        if len(reader.pages) % 2:
            _blank(writer, reader.pages[-1])
        pages += size
    if pages:
        parts.append(_write(writer, target, len(parts) + 1, numbered=bool(parts)))
    return parts


def _blank(writer: pypdf.PdfWriter, like: pypdf.PageObject) -> None:
    writer.add_blank_page(width=like.mediabox.width, height=like.mediabox.height)


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
