"""A CSV roster → its header and rows of cells, read a bounded line at a time."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from workbook.errors import InputError, Problem
from workbook.roster.cells import MESSAGE_CHARS, Cells, Head, clean_text

# A cell over csv's own default limit is a problem of its row; csv's limit is raised above
# everything a row may hold, so that csv never stops reading half-way through a file.
MAX_LINE = 1_048_576  # characters in one line of a CSV
MAX_ROW_LINES = 32  # lines one CSV row may span (cells holding line breaks, such as addresses)


class _Lines:
    """A CSV file's lines, numbered and decoded one at a time; lines can be given back."""

    def __init__(self, handle: IO[str], path: Path):
        self.handle, self.path, self.count = handle, path, 0
        self.back: list[tuple[int, str | None]] = []

    def take(self) -> tuple[int, str | None] | None:
        """(line number, text), text None for a line over the cap; None at the end."""
        if self.back:
            return self.back.pop()
        try:
            text = self.handle.readline(MAX_LINE + 1)
            if len(text) > MAX_LINE and not text.endswith(("\n", "\r")):
                while (rest := self.handle.readline(MAX_LINE)) and not rest.endswith(("\n", "\r")):
                    pass  # the rest of a line too long to keep
                text = None
        except UnicodeDecodeError:
            raise _not_utf8(self.path) from None
        if text == "":
            return None
        self.count += 1
        return self.count, text

    def give_back(self, lines: list[tuple[int, str | None]]) -> None:
        self.back.extend(reversed(lines))


def _not_utf8(path: Path) -> InputError:
    """The first line holding bytes that are not UTF-8 (read again only when decoding failed)."""
    decoder, line = codecs.getincrementaldecoder("utf-8")(), 1
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                # exc.object is this chunk, after any partial character left from the last one
                line += exc.object[: exc.start].count(b"\n")
                message = f"is not UTF-8 text: {exc.reason}; save it as CSV UTF-8"
                return InputError([Problem(str(path), "", message, line)])
            line += chunk.count(b"\n")
    return InputError([Problem(str(path), "", "is not UTF-8 text; save it as CSV UTF-8", line)])


def csv_rows(path: Path) -> Iterator[Head | Cells]:
    # raised so that csv never stops half-way on a long cell: Checker._safe reports it by row
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE * MAX_ROW_LINES))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = _Lines(handle, path)
        names, delimiter = _csv_header(lines, path)
        yield Head(names)
        keys = _column_keys(names)
        number = 1
        while (record := _record(lines, delimiter, len(names))) is not None:
            number += 1  # a blank line is a row, as in a spreadsheet, so rows keep their numbers
            cells = _csv_cells(record, keys, number, str(path))
            if cells is not None:
                yield cells


def _csv_header(lines: _Lines, path: Path) -> tuple[list[str], str]:
    first = lines.take()
    if first is None or (first[1] is not None and not first[1].strip()):
        while first is not None and first[1] is not None and not first[1].strip():
            first = lines.take()  # blank lines: an empty file, or a header not on line 1
        problem = "is empty" if first is None else "has no header row on its first line"
        raise InputError.single(str(path), problem)
    text = first[1] or ""  # None: a first line too long to be a header
    delimiter = max(",;\t", key=text.count)
    try:
        names = next(csv.reader([text], delimiter=delimiter, strict=True), [])
    except csv.Error:
        message = "has a quote that is not closed in its header (line 1), so it cannot be read"
        raise InputError.single(str(path), message) from None
    if len(names) < 2:
        raise InputError.single(str(path), "has no header row with the roster's columns")
    return [clean_text(n.strip())[0][:MESSAGE_CHARS] for n in names], delimiter


@dataclass(frozen=True)
class _Record:
    """One CSV row as split: its first line, its cells, or why it could not be split."""

    line: int
    cells: list[str]
    problem: str = ""


def _record(lines: _Lines, delimiter: str, width: int) -> _Record | None:
    """The next row. A quote left open swallows no row: when the lines after it look like rows
    of their own (or it is not closed within MAX_ROW_LINES), its line becomes a row with a
    problem, and reading goes on with the next line."""
    first = lines.take()
    if first is None:
        return None
    number, text = first
    if text is None:
        return _Record(number, [], f"is longer than {MAX_LINE:,} characters, so it is not read")
    if '"' not in text:  # no quoting: the cells are the text between separators, as csv reads it
        return _Record(number, text.rstrip("\r\n").split(delimiter) if text.strip() else [])
    taken = [first]

    def more() -> Iterator[str]:
        yield text
        while len(taken) < MAX_ROW_LINES and (item := lines.take()) is not None:
            if item[1] is None or _looks_like_row(item[1], delimiter, width):
                lines.give_back([item])
                return
            taken.append(item)
            yield item[1]

    try:
        cells = next(csv.reader(more(), delimiter=delimiter, strict=True), [])
    except csv.Error as exc:
        lines.give_back(taken[1:])
        return _Record(number, _loose_cells(text, delimiter), _quote_problem(str(exc)))
    if len(taken) > 1 and len(cells) != width:
        lines.give_back(taken[1:])
        return _Record(number, _loose_cells(text, delimiter), _quote_problem(""))
    return _Record(number, cells)


def _looks_like_row(text: str, delimiter: str, width: int) -> bool:
    """A line that is a whole row by itself: balanced quotes and the header's number of cells."""
    if text.count('"') % 2:
        return False
    try:
        return len(next(csv.reader([text], delimiter=delimiter, strict=True), [])) == width
    except csv.Error:
        return False


def _loose_cells(text: str, delimiter: str) -> list[str]:
    """A broken line's cells, split without quoting, only to show whose row it is."""
    return [cell.strip().strip('"') for cell in text.rstrip("\r\n").split(delimiter)]


def _quote_problem(reason: str) -> str:
    if "expected after" in reason:
        return (
            "has a quote in the middle of a cell; put quotes around the whole cell "
            'and double any quote inside it ("")'
        )
    return (
        "has a quote that is not closed on its line; the lines after it are read as rows "
        "of their own. Close the quote, or double a quote that is part of the text"
    )


def _csv_cells(record: _Record, keys: list[str], number: int, source: str) -> Cells | None:
    where = f"row {number}" if number == record.line else f"row {number} (line {record.line})"
    if not record.problem and not any(cell.strip() for cell in record.cells):
        return None  # a blank line
    values = dict(zip(keys, record.cells, strict=False))
    problems = [Problem(source, where, record.problem)] if record.problem else []
    extra = record.cells[len(keys) :]
    if not problems and (len(record.cells) < len(keys) or any(c.strip() for c in extra)):
        problems.append(Problem(source, where, _ragged(len(record.cells), len(keys))))
    if problems:
        return Cells(number, _shortened(values), tuple(problems), whole=False)
    return Cells(number, values)


def _ragged(cells: int, columns: int) -> str:
    if cells > columns:
        return (
            f"has {cells} cells, more cells than the header has columns ({columns}); "
            "put quotes around any value that holds the separator"
        )
    return (
        f"has {cells} cells, fewer than the header's {columns} columns; "
        "check for a missing separator or a line break inside a cell"
    )


def _column_keys(names: list[str]) -> list[str]:
    """Header names, with a column that has none named by its position."""
    return [name or f"(column {index})" for index, name in enumerate(names, start=1)]


def _shortened(values: dict[str, Any]) -> dict[str, Any]:
    """A rejected row's cells, each short enough to show."""
    return {k: v[:MESSAGE_CHARS] if isinstance(v, str) else v for k, v in values.items()}
