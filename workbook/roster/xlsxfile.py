"""An Excel roster → its header and rows of cells, refused before parsing when beyond the caps."""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path

from workbook.errors import InputError, Problem
from workbook.messages import clip
from workbook.roster.cells import MESSAGE_CHARS, Cells, Head, clean_text

MAX_SHEET_ROWS = 100_000  # data rows in a sheet: the largest cohort the README plans for
MAX_COLUMNS = 500  # columns read from a sheet: 8 fields, skills of every pathway, the rest
MAX_CELLS = 3_000_000  # cells a sheet holds, empty ones written out included: 100,000 rows of 30
MAX_XLSX_MEMBERS = 1_000  # files inside an .xlsx (Excel writes about a dozen)
MAX_XLSX_BYTES = 256 * 2**20  # all of them unpacked: about 400,000 rows of 16 columns
MAX_SHARED_STRINGS = 32 * 2**20  # openpyxl holds the shared strings in memory, whole
MAX_RATIO = 100  # unpacked/packed for a member over 1 MiB; Excel's own sheets pack 10-20 fold


def excel_rows(path: Path, sheet: str | None) -> Iterator[Head | Cells]:
    _check_xlsx(path)
    try:
        book, counted = _open_book(path, sheet)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _excel_error(path, exc) from None
    try:
        yield from _sheet_rows(path, book, sheet, counted)
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet shows only while it is read
        raise _excel_error(path, exc) from None
    finally:
        book.close()


def _open_book(path: Path, sheet: str | None):
    """openpyxl's read-only workbook, and the sheet part counted (see _count_cells) before the
    shared strings are read: a million of them take openpyxl some 15 s, a refusal a second."""
    from openpyxl.reader.excel import ExcelReader  # here: a CSV roster does not pay for it

    class Reader(ExcelReader):
        counted: str | None = None

        def read_strings(self) -> None:  # openpyxl reads them first: here, at the end of
            pass  # read_workbook, once the sheets' parts are known and the chosen one counted

        def read_workbook(self) -> None:
            super().read_workbook()
            self.counted = _sheet_part(self.parser.find_sheets(), self.valid_files, sheet)
            if self.counted is not None:
                _count_cells(path, self.counted)
            ExcelReader.read_strings(self)

    reader = Reader(path, read_only=True, data_only=True, keep_links=False)
    reader.read()
    return reader.wb, reader.counted


def _sheet_part(sheets, parts: list[str], name: str | None) -> str | None:
    """The part holding the sheet called `name`, else the first worksheet, as openpyxl picks."""
    for info, rel in sheets:
        usable = rel.target in parts and "chartsheet" not in rel.Type
        if usable and (name is None or info.name == name):
            return rel.target
    return None


def _sheet_rows(path: Path, book, sheet: str | None, counted: str | None) -> Iterator[Head | Cells]:
    from openpyxl.utils import get_column_letter

    if sheet is not None and sheet not in book.sheetnames:
        names = ", ".join(book.sheetnames)
        raise InputError([Problem(str(path), "--sheet", f"no sheet {sheet!r}; sheets: {names}")])
    worksheet = book[sheet] if sheet else book.worksheets[0]
    part = getattr(worksheet, "_worksheet_path", None)
    if part is not None and part != counted:  # openpyxl picked another part than expected
        _count_cells(path, part)
    worksheet.reset_dimensions()  # its <dimension> may claim a million rows: read what is there
    rows = worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
    header = next(rows, None)
    names = [clean_text(str(h).strip())[0] if h is not None else "" for h in header or ()]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise InputError.single(str(path), "the sheet is empty")
    if len(names) > MAX_COLUMNS:
        raise InputError.single(str(path), f"has more than {MAX_COLUMNS} columns")
    yield Head(names, book.epoch)
    letters = [get_column_letter(i) for i in range(1, MAX_COLUMNS + 2)]
    keys = [name or f"(column {letter})" for name, letter in zip_longest(names, letters)]
    width, head_keys, cells = len(names), keys[: len(names)], 0
    for number, values in enumerate(rows, start=2):
        if number > MAX_SHEET_ROWS + 1:  # rows the sheet leaves out: openpyxl yields them empty
            raise _too_many_rows(path)
        filled = len(values) - values.count(None)  # count() runs in C: most cells are empty
        if not filled:
            continue
        cells += filled
        if cells > MAX_CELLS:  # counted before reading too; this holds whatever a part is like
            raise _too_many_cells(path)
        if width - values[:width].count(None) == filled:  # the usual row: only headed columns
            yield Cells(number, {k: v for k, v in zip(head_keys, values) if v is not None})  # noqa: B905
        else:
            yield Cells(number, {k: v for k, v in zip(keys, values, strict=False) if v is not None})


_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]{0,31}):)?worksheet[\s/>]")
_TAG_ENDS = (b" ", b">", b"/", b"\t", b"\n", b"\r")  # what may follow an element's name


def _count_cells(path: Path, part: str) -> None:
    """Refuse a sheet of more rows or cells than the caps before parsing any: count its <row>
    and <c> tags in the unpacked bytes with bytes.count, stopping as soon as a cap is passed.
    Counting a 190 MB sheet takes under a second where parsing it takes minutes. A tag inside
    a comment counts too, so a count is never less than what openpyxl reads (the reading loop
    holds the caps as well, for a part whose elements use more than one namespace prefix)."""
    rows = cells = 0
    with zipfile.ZipFile(path) as archive, archive.open(part.lstrip("/")) as handle:
        chunk = handle.read(1 << 20)
        found = _ROOT.search(chunk)
        prefix = found.group(1) + b":" if found and found.group(1) else b""
        row_tags = [b"<" + prefix + b"row" + end for end in _TAG_ENDS]
        cell_tags = [b"<" + prefix + b"c" + end for end in _TAG_ENDS]
        keep = len(row_tags[0]) - 1  # a tag cut at the end of a chunk is found in the next
        tail = b""
        while chunk:
            data = tail + chunk
            rows += sum(map(data.count, row_tags)) - sum(map(tail.count, row_tags))
            cells += sum(map(data.count, cell_tags)) - sum(map(tail.count, cell_tags))
            if rows > MAX_SHEET_ROWS + 1:
                raise _too_many_rows(path)
            if cells > MAX_CELLS:
                raise _too_many_cells(path)
            tail = data[-keep:]
            chunk = handle.read(1 << 20)


def _too_many_rows(path: Path) -> InputError:
    message = f"has more than {MAX_SHEET_ROWS:,} rows; split it, or save it as CSV"
    return InputError.single(str(path), message)


def _too_many_cells(path: Path) -> InputError:
    message = (
        f"has more than {MAX_CELLS:,} cells (rows times the columns they fill); delete the "
        "columns a roster does not need, or split it"
    )
    return InputError.single(str(path), message)


def _check_xlsx(path: Path) -> None:
    """Refuse a workbook that would unpack beyond the caps, or that declares a DTD (entities),
    before openpyxl parses anything: sizes come from the zip's directory, which zipfile enforces
    while it unpacks."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_sizes(path, members)
            for member in members:  # every part: openpyxl parses a part whatever its name
                with archive.open(member) as handle:
                    _check_prolog(path, member.filename, handle.read(1 << 16))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise _excel_error(path, exc) from None


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    refuse = _size_problem(members)
    if refuse:
        raise InputError.single(str(path), f"is refused: it {refuse}")


def _size_problem(members: list[zipfile.ZipInfo]) -> str:
    if len(members) > MAX_XLSX_MEMBERS:
        return f"holds {len(members):,} files, more than {MAX_XLSX_MEMBERS:,}"
    total = sum(member.file_size for member in members)
    if total > MAX_XLSX_BYTES:
        return f"unpacks to {_size(total)}, more than the {_size(MAX_XLSX_BYTES)} allowed"
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 2**20 and ratio > MAX_RATIO:
            return f"has a part ({member.filename}) that inflates {ratio:,.0f} fold"
        if member.filename.endswith("sharedStrings.xml") and member.file_size > MAX_SHARED_STRINGS:
            return f"has {_size(member.file_size)} of text, more than {_size(MAX_SHARED_STRINGS)}"
    return ""


_PROLOG = re.compile(r"\A\ufeff?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_ENCODING = re.compile(r"""\A\ufeff?<\?xml[^>]*?encoding\s*=\s*["']([^"']*)""")


def _check_prolog(path: Path, member: str, head: bytes) -> None:
    """An XML part must start with its root element: no DTD, so no entities to expand or fetch."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", "ignore")
    elif head[:2] in (b"<\x00", b"\x00<"):
        text = head.decode("utf-16-le" if head[0] else "utf-16-be", "ignore")
    else:
        text = head.decode("utf-8", "ignore")
    declared = _ENCODING.match(text)
    if declared and declared.group(1).lower().replace("-", "") not in ("utf8", "utf16"):
        reason = f"declares the text encoding {declared.group(1)!r}"
    elif text[_PROLOG.match(text).end() :].startswith("<!"):
        reason = "declares a DTD (entities), which a roster never needs"
    elif _PROLOG.match(text).end() == len(text) and len(head) == 1 << 16:
        reason = "starts with over 64 KB of comments"
    else:
        return
    raise InputError.single(str(path), f"is refused: its part {member} {reason}")


def _excel_error(path: Path, exc: Exception) -> InputError:
    reason = str(exc).strip() or type(exc).__name__
    if type(exc).__name__ in ("DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden"):
        reason = "it declares a DTD (entities), which a roster never needs"
    elif isinstance(exc, zipfile.BadZipFile):
        reason = "it is not an .xlsx workbook (not a zip archive)"
    return InputError.single(str(path), f"cannot be read as Excel: {clip(reason, MESSAGE_CHARS)}")


def _size(count: int) -> str:
    return f"{count / 2**30:.1f} GiB" if count >= 2**30 else f"{count / 2**20:.0f} MiB"
