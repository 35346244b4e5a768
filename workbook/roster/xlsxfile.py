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
MAX_XLSX_MEMBERS = 1_000  # files inside an .xlsx (Excel writes about a dozen)
MAX_XLSX_BYTES = 256 * 2**20  # all of them unpacked: about 400,000 rows of 16 columns
MAX_SHARED_STRINGS = 32 * 2**20  # openpyxl holds the shared strings in memory, whole
MAX_RATIO = 100  # unpacked/packed for a member over 1 MiB; Excel's own sheets pack 10-20 fold


def excel_rows(path: Path, sheet: str | None) -> Iterator[Head | Cells]:
    _check_xlsx(path)
    import openpyxl  # imported here: a CSV roster does not pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _excel_error(path, exc) from None
    try:
        yield from _sheet_rows(path, book, sheet)
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet shows only while it is read
        raise _excel_error(path, exc) from None
    finally:
        book.close()


def _sheet_rows(path: Path, book, sheet: str | None) -> Iterator[Head | Cells]:
    from openpyxl.utils import get_column_letter

    if sheet is not None and sheet not in book.sheetnames:
        names = ", ".join(book.sheetnames)
        raise InputError([Problem(str(path), "--sheet", f"no sheet {sheet!r}; sheets: {names}")])
    worksheet = book[sheet] if sheet else book.worksheets[0]
    _count_rows(path, getattr(worksheet, "_worksheet_path", None))
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
    for number, values in enumerate(rows, start=2):
        if number > MAX_SHEET_ROWS + 1:  # rows the sheet leaves out: openpyxl yields them empty
            raise _too_many_rows(path)
        if values.count(None) < len(values):  # count() runs in C: most rows are mostly empty
            yield Cells(number, {k: v for k, v in zip(keys, values, strict=False) if v is not None})


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?row[\s/>]")
_ROW_TAG_BYTES = 22  # the longest text _ROW_TAG matches


def _count_rows(path: Path, member: str | None) -> None:
    """Refuse a sheet of more rows than the cap before parsing any: count its <row> tags, which
    takes a fraction of a second where parsing a million rows takes minutes."""
    if member is None:  # an openpyxl without the attribute: the cap still stops the reading
        return
    count, carry = 0, b""
    with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            data = carry + chunk
            limit = len(data) - _ROW_TAG_BYTES  # a tag starting later may be cut: next chunk
            count += sum(1 for tag in _ROW_TAG.finditer(data) if tag.start() < limit)
            carry = data[max(limit, 0) :]
            if count > MAX_SHEET_ROWS + 1:
                raise _too_many_rows(path)
    if count + len(_ROW_TAG.findall(carry)) > MAX_SHEET_ROWS + 1:
        raise _too_many_rows(path)


def _too_many_rows(path: Path) -> InputError:
    message = f"has more than {MAX_SHEET_ROWS:,} rows; split it, or save it as CSV"
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
