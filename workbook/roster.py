"""A roster file (CSV, Excel or YAML) → one checked row per person: a profile, or its problems."""

# Header matching ignores case, spaces, underscores and hyphens; `--map "Full Name=name"` renames
# a system's own headers first. Optional columns: id, email, paper, weeks_off
# (`2027-02-15..2027-02-21; 2027-04-05..2027-04-09`) and one `skill:<skill id>` column per skill.
# Empty cells count as absent. Values given on the command line (such as --paper) apply to every
# row that does not set its own. No row is dropped silently: a line that cannot be read is a row
# with a problem, and a roster that cannot be split into rows at all is an InputError.

from __future__ import annotations

import codecs
import csv
import datetime as dt
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import zip_longest
from pathlib import Path
from types import NoneType
from typing import IO, Any

from pydantic import ValidationError

from workbook.content import Pathway
from workbook.errors import InputError, Problem
from workbook.profile import EARLIEST_START, LATEST_START, Profile, pathway_problems
from workbook.yamlfile import field_path, message_of, read_yaml, shown

log = logging.getLogger("workbook")
NOT_A_MAPPING = "(not a mapping)"
FIELDS = ("id", "name", "pathway", "start_date", "hours_per_week", "email", "paper", "weeks_off")
REQUIRED = ("name", "pathway", "start_date", "hours_per_week")
SKILL_PREFIX = "skill:"

# Caps. A cell over csv's own default limit is a problem of its row; csv's limit is raised above
# everything a row may hold, so that csv never stops reading half-way through a file.
MAX_CELL = 131_072  # characters in one cell
MAX_LINE = 1_048_576  # characters in one line of a CSV
MAX_ROW_LINES = 32  # lines one CSV row may span (cells holding line breaks, such as addresses)
MAX_SHEET_ROWS = 100_000  # data rows in a sheet: the largest cohort the README plans for
MAX_COLUMNS = 500  # columns read from a sheet: 8 fields, skills of every pathway, the rest
MAX_XLSX_MEMBERS = 1_000  # files inside an .xlsx (Excel writes about a dozen)
MAX_XLSX_BYTES = 256 * 2**20  # all of them unpacked: about 400,000 rows of 16 columns
MAX_SHARED_STRINGS = 32 * 2**20  # openpyxl holds the shared strings in memory, whole
MAX_RATIO = 100  # unpacked/packed for a member over 1 MiB; Excel's own sheets pack 10-20 fold
MESSAGE_CHARS = 300  # a message echoing a huge value is cut, so that it still fits a page
SHOWN_CHARS = 40  # a value quoted inside a message


@dataclass(frozen=True, slots=True)
class Row:
    """One roster row: its number as a person counts (the header is row 1), and its result.

    `notes` are warnings that do not stop the row (a look-alike of another row, a date read from
    a number); `values` keeps a rejected row's fields, so that --only can still select it.
    """

    number: int
    id: str
    name: str
    profile: Profile | None = None
    pathway: Pathway | None = None
    problems: tuple[Problem, ...] = ()
    values: dict[str, Any] = field(default_factory=dict, compare=False)
    notes: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.profile is not None

    @property
    def message(self) -> str:
        """The problems (or else the notes) as one line for a manifest, which has its own row
        column: 'start_date: holds a time; hours_per_week: must be more than 0'."""
        return "; ".join(_without_row(p) for p in self.problems or self.notes)

    def value(self, name: str) -> str:
        """A field's value as text, for filtering: from the checked profile, else the raw cells."""
        key = header_key(name)
        if key == "id":
            return self.id
        if key.startswith(SKILL_PREFIX):
            skills = self.profile.skills if self.profile else self.values.get("skills", {})
            level = skills.get(key[len(SKILL_PREFIX) :]) if isinstance(skills, dict) else None
            return "" if level is None else str(level)
        found = next((f for f in FIELDS if header_key(f) == key), "")
        if self.profile is not None:
            value = getattr(self.profile, found, None)
        else:
            value = self.values.get(found)
        return "" if value is None else str(value)


def _without_row(problem: Problem) -> str:
    """'row 5 (line 6), name: …' → 'line 6, name: …'; the row number goes, a line stays."""
    found = re.fullmatch(r"row \d+(?: \(line (\d+)\))?(?:, (.*))?", problem.where, re.S)
    if found is None:
        return f"{problem.where}: {problem.message}" if problem.where else problem.message
    parts = [f"line {found.group(1)}" if found.group(1) else "", found.group(2) or ""]
    where = ", ".join(part for part in parts if part)
    return f"{where}: {problem.message}" if where else problem.message


@dataclass(frozen=True)
class Head:
    """What a reader knows before the rows: the header (None for YAML) and an Excel date epoch."""

    names: list[str] | None
    epoch: dt.datetime | None = None


@dataclass(frozen=True)
class Cells:
    """One data row as read. `whole` is False when its cells cannot be trusted (a broken quote,
    a ragged row): then only its reading problems are reported."""

    number: int
    values: dict[str, Any]
    problems: tuple[Problem, ...] = ()
    whole: bool = True


def read_rows(path: Path, sheet: str | None = None) -> tuple[Head, Iterator[Cells]]:
    """The header, and the data rows one at a time; InputError when the file cannot be read."""
    if not path.exists():
        raise InputError([Problem(str(path), "", "file not found")])
    if not path.is_file():
        raise InputError([Problem(str(path), "", "is not a regular file")])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        items = _excel_rows(path, sheet)
    elif suffix in (".yaml", ".yml"):
        items = _yaml_rows(path)
    else:
        items = _csv_rows(path)
    head = next(items)
    return head, items


# --- CSV ---------------------------------------------------------------------------------------


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


def _csv_rows(path: Path) -> Iterator[Head | Cells]:
    # raised so that csv never stops half-way on a long cell: _Checker._safe reports it by row
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
        raise InputError([Problem(str(path), "", problem)])
    text = first[1] or ""  # None: a first line too long to be a header
    delimiter = max(",;\t", key=text.count)
    try:
        names = next(csv.reader([text], delimiter=delimiter, strict=True), [])
    except csv.Error:
        message = "has a quote that is not closed in its header (line 1), so it cannot be read"
        raise InputError([Problem(str(path), "", message)]) from None
    if len(names) < 2:
        raise InputError([Problem(str(path), "", "has no header row with the roster's columns")])
    return [_clean_text(n.strip())[0][:MESSAGE_CHARS] for n in names], delimiter


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


# --- Excel -------------------------------------------------------------------------------------


def _excel_rows(path: Path, sheet: str | None) -> Iterator[Head | Cells]:
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
    names = [_clean_text(str(h).strip())[0] if h is not None else "" for h in header or ()]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise InputError([Problem(str(path), "", "the sheet is empty")])
    if len(names) > MAX_COLUMNS:
        raise InputError([Problem(str(path), "", f"has more than {MAX_COLUMNS} columns")])
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
    return InputError([Problem(str(path), "", message)])


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
        raise InputError([Problem(str(path), "", f"is refused: it {refuse}")])


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
    raise InputError([Problem(str(path), "", f"is refused: its part {member} {reason}")])


def _excel_error(path: Path, exc: Exception) -> InputError:
    reason = str(exc).strip() or type(exc).__name__
    if type(exc).__name__ in ("DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden"):
        reason = "it declares a DTD (entities), which a roster never needs"
    elif isinstance(exc, zipfile.BadZipFile):
        reason = "it is not an .xlsx workbook (not a zip archive)"
    return InputError([Problem(str(path), "", f"cannot be read as Excel: {_short(reason)}")])


def _size(count: int) -> str:
    return f"{count / 2**30:.1f} GiB" if count >= 2**30 else f"{count / 2**20:.0f} MiB"


# --- YAML --------------------------------------------------------------------------------------


def _yaml_rows(path: Path) -> Iterator[Head | Cells]:
    data, _ = read_yaml(path)
    if not isinstance(data, list):
        raise InputError([Problem(str(path), "", "must be a list of profiles")])
    yield Head(None)
    for number, item in enumerate(data, start=1):  # the Nth profile in the list is row N
        yield Cells(number, item if isinstance(item, dict) else {NOT_A_MAPPING: item})


# --- headers and fields ------------------------------------------------------------------------


def field_known(name: str) -> bool:
    """A name --only may filter on: a roster field or a skill column."""
    return header_key(name) in {header_key(f) for f in FIELDS} or name.startswith(SKILL_PREFIX)


def header_key(header: str) -> str:
    """'Start Date' / 'start-date' / 'START_DATE' → 'startdate'; 'Skill: AI-Ethics' keeps the id."""
    text = str(header).strip()
    if text.lower().replace(" ", "").startswith(SKILL_PREFIX):
        return SKILL_PREFIX + text.split(":", 1)[1].strip().lower()
    return re.sub(r"[\s_\-]+", "", text.lower())


def parse_mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    """('Full Name=name', ...) → {'fullname': 'name'}; InputError on a malformed pair."""
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise InputError([Problem("--map", pair, "must be written 'Their header=our field'")])
        mapping[header_key(source)] = target.strip()
    return mapping


def parse_weeks_off(text: str) -> list[dict[str, str]] | str:
    """'2027-02-15..2027-02-21; 2027-04-05..2027-04-09' → [{from, to}, ...]; bad text is kept."""
    spans = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        start, sep, end = part.partition("..")
        if not sep:
            return text
        spans.append({"from": start.strip(), "to": end.strip()})
    return spans


def _check_headers(path: Path, names: list[str], mapping, defaults) -> None:
    """A sheet's header row: required columns present, none twice; unused columns reported once."""
    headers = [h for h in names if h]
    keys = [header_key(mapping.get(header_key(h), h)) for h in headers]
    twice = sorted({h for h, k in zip(headers, keys, strict=True) if keys.count(k) > 1})
    if twice:
        message = f"has a column twice: {', '.join(map(_cut, twice))}"
        raise InputError([Problem(str(path), "", message)])
    missing = [name for name in REQUIRED if header_key(name) not in {*keys, *defaults}]
    if missing:
        have = ", ".join(shown(h) for h in headers[:20])
        message = f"has no column for {', '.join(missing)} (its headers: {have}); use --map"
        raise InputError([Problem(str(path), "", message)])
    fields = {header_key(f) for f in FIELDS}
    for header, key in zip(headers, keys, strict=True):
        if key not in fields and not key.startswith(SKILL_PREFIX):
            log.warning("%s: column %s is not a roster field; it is ignored", path, shown(header))


# --- checking rows -----------------------------------------------------------------------------


class _Checker:
    """Checks rows one at a time. What is the same for every row (which field a header names,
    the pathways) is worked out once, so that 100,000 rows take seconds."""

    def __init__(self, source: str, pathways, mapping, defaults, head: Head, warnings: _Warnings):
        self.source, self.pathways, self.warnings = source, pathways, warnings
        self.mapping, self.defaults = mapping, defaults
        # a YAML roster is typed like a profile: an unknown key is an error, text is no number
        self.head, self.strict = head, head.names is None
        self.fields: dict[Any, str | None] = {}
        self.known = {header_key(f): f for f in FIELDS}
        self.unheaded = False
        self.words: dict[tuple, tuple[str, str]] = {}

    def field_of(self, header: Any) -> str | None:
        """'Start Date' → 'start_date', 'Skill: AI-Ethics' → 'skill:ai-ethics', else None."""
        if header not in self.fields:
            key = header_key(self.mapping.get(header_key(header), header))
            if key.startswith(SKILL_PREFIX) or (key == "skills" and self.strict):
                self.fields[header] = key
            else:
                self.fields[header] = self.known.get(key)
        return self.fields[header]

    def check(self, cells: Cells) -> Row:
        place = f"row {cells.number}"
        if not cells.whole:
            return self._rejected(cells.number, self._by_field(cells.values), cells.problems)
        if NOT_A_MAPPING in cells.values:
            problem = Problem(self.source, place, "must be a mapping of profile fields (name: ...)")
            return Row(cells.number, "", "", problems=(problem,))
        problems: list[Problem] = []
        notes: list[Problem] = []
        data = self._data(cells, place, problems, notes)
        row_id = data.pop("id", "")
        profile = self._validate(data, place, problems)
        if problems or profile is None:
            return self._rejected(cells.number, {**data, "id": row_id}, problems, notes)
        pathway = self.pathways[profile.pathway]
        return Row(cells.number, row_id, profile.name, profile, pathway, notes=tuple(notes))

    def _by_field(self, values: dict[Any, Any]) -> dict[str, Any]:
        """Cells under their headers → under their field names (skills in one mapping)."""
        fields: dict[str, Any] = {}
        for header, value in values.items():
            name = self.field_of(header)
            if name is not None and name.startswith(SKILL_PREFIX):
                fields.setdefault("skills", {})[name[len(SKILL_PREFIX) :]] = value
            elif name is not None:
                fields[name] = value
        return fields

    def _rejected(self, number, fields, problems, notes=()) -> Row:
        """A row with problems, keeping its fields for --only."""
        row_id, name = _display(fields.get("id")), _display(fields.get("name"))
        return Row(number, row_id, name, None, None, tuple(problems), fields, tuple(notes))

    def _data(self, cells: Cells, place: str, problems: list, notes: list) -> dict[str, Any]:
        """A row's cells → profile fields, with the problems of single cells."""
        data: dict[str, Any] = {}
        skills: dict[str, Any] = {}
        fields = self.fields
        for header, value in cells.values.items():
            name = fields[header] if header in fields else self.field_of(header)
            if type(value) is not str or not value.isascii() or len(value) > MAX_CELL:
                value = self._safe(value, _label(name, header), place, problems)  # rare cells
            if value is None or (type(value) is str and not (value := value.strip())):
                continue
            if name is None:
                self._unknown(header, place, problems, cells.number)
            elif name.startswith(SKILL_PREFIX):
                skills[name[len(SKILL_PREFIX) :]] = value
            elif name == "skills" and isinstance(value, dict):  # a YAML roster's own mapping
                skills.update(value)
            else:
                data[name] = value
        for key, value in self.defaults.items():
            data.setdefault(key, value)
        if skills:
            data["skills"] = skills
        self._cell_values(data, place, problems, notes)
        return data

    def _safe(self, raw: Any, label: Any, place: str, problems: list) -> Any:
        """A cell safe to keep and to write; what was wrong with it is a problem."""
        value, bad = _clean(raw)
        too_long = isinstance(value, str) and len(value) > MAX_CELL
        if bad or too_long:
            where = f"{place}, {_cut(_clean_text(str(label))[0])}"
            message = f"is longer than {MAX_CELL:,} characters" if too_long else _SURROGATE_MESSAGE
            problems.append(Problem(self.source, where, message))
            value = value[:MESSAGE_CHARS] if too_long else value
        return value

    def _unknown(self, header: Any, place: str, problems: list, number: int) -> None:
        if self.strict:
            problems.append(Problem(self.source, place, f"unknown field {shown(str(header))}"))
        elif str(header).startswith("(column ") and not self.unheaded:
            self.unheaded = True  # reported once, as an ignored named column is
            log.warning(
                "%s: %s has no header but holds values (first in row %d); they are ignored",
                self.source,
                str(header)[1:-1],
                number,
            )

    def _cell_values(self, data: dict, place: str, problems: list, notes: list) -> None:
        """Cells that need reading before the profile is checked: numbers, dates, weeks off."""

        def refuse(name: str, message: str) -> None:
            problems.append(Problem(self.source, f"{place}, {name}", message))

        if "id" in data:
            data["id"] = _id_text(data["id"])
        if not self.strict:  # a sheet's cells are text: numbers are read from them
            self._numbers(data, refuse)
        if isinstance(data.get("weeks_off"), str):
            data["weeks_off"] = parse_weeks_off(data["weeks_off"])
            if isinstance(data["weeks_off"], str):
                refuse("weeks_off", "must be written FROM..TO; FROM..TO with dates")
                del data["weeks_off"]
        self._start_date(data, f"{place}, start_date", problems, notes)

    def _numbers(self, data: dict, refuse) -> None:
        if "hours_per_week" in data:
            hours, message = _number(data.pop("hours_per_week"), "a number of hours", "12 or 7.5")
            if message:
                refuse("hours_per_week", message)
            else:
                data["hours_per_week"] = hours
        skills = data.get("skills") if isinstance(data.get("skills"), dict) else {}
        for skill, level in list(skills.items()):
            skills[skill], message = _number(level, "a level from 0 to 4", "2")
            if message:
                refuse(f"skills.{_cut(str(skill))}", message)
                del skills[skill]

    def _start_date(self, data: dict, where: str, problems: list, notes: list) -> None:
        start = data.get("start_date")
        if isinstance(start, dt.datetime):  # Excel keeps dates as date-times
            if start.time() != dt.time():
                problems.append(Problem(self.source, where, "holds a time; give the date only"))
            data["start_date"] = start.date()
        elif self.head.epoch is not None and (day := _serial_date(start, self.head.epoch)):
            data["start_date"] = day
            message = (
                f"was the number {start:g}, read as the Excel date {day.isoformat()} "
                "(format the column as dates to avoid this note)"
            )
            notes.append(Problem(self.source, where, message))
            self.warnings.add("had a date written as a number", notes[-1])

    def _validate(self, data: dict, place: str, problems: list) -> Profile | None:
        """The profile, or None; pydantic's problems (in this tool's words) and the pathway's."""
        profile = None
        flagged = {p.where for p in problems}
        try:
            profile = Profile.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                path, message = self._words(err)
                where = f"{place}, {path}"
                if where not in flagged:
                    flagged.add(where)
                    problems.append(Problem(self.source, where, message))
        if f"{place}, pathway" in flagged:
            return profile
        skills = data.get("skills") if isinstance(data.get("skills"), dict) else {}
        for loc, message in pathway_problems(data.get("pathway"), skills, self.pathways):
            where = f"{place}, {_cut(field_path(loc))}"
            if where not in flagged:
                problems.append(Problem(self.source, where, _short(message)))
        return profile

    def _words(self, err: dict) -> tuple[str, str]:
        """One pydantic error → (field path, message in this tool's words). Rows that are wrong
        are often wrong alike, so the same wrong value in the same place is worded once."""
        value = err.get("input")
        if isinstance(value, str | int | float | NoneType) and len(str(value)) <= SHOWN_CHARS:
            key = (err["type"], err["loc"], type(value), value)
            if key not in self.words:
                if len(self.words) > 10_000:  # bounded, whatever a roster varies
                    self.words.clear()
                self.words[key] = _worded(err)
            return self.words[key]
        return _worded(err)


def _worded(err: dict) -> tuple[str, str]:
    path = _cut(field_path(tuple(p for p in err["loc"] if not _is_union_tag(p))))
    if err["type"] == "value_error":  # this tool's own validators speak for themselves
        return path, _short(err["msg"].removeprefix("Value error, "))
    return path, _short(message_of(err))


def _is_union_tag(part: int | str) -> bool:
    # pydantic inserts type names such as 'function-after[...]' into locations of unions
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "float"})


def _label(name: str | None, header: Any) -> str:
    """How a problem names a cell: by its field ('skills.ai-ethics'), else by its header."""
    if name is not None and name.startswith(SKILL_PREFIX):
        return f"skills.{name[len(SKILL_PREFIX) :]}"
    return name or str(header)


def _id_text(value: Any) -> str:
    """An id cell as text: Excel's 1001.0 is the id 1001."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}[.,]\d{3}")


def _number(value: Any, what: str, example: str) -> tuple[Any, str]:
    """A text cell → (the number it holds, ''), or (value, why it is refused). Only a plain
    number is read: '7.5' and '7,5' (a decimal comma) are; '1,000', '1_0' and '0xC' are not."""
    if not isinstance(value, str):
        return value, ""  # a number from Excel; the profile checks it
    text = value.strip()
    if text.isdigit() and text.isascii():  # the usual cell, read without the checks below
        return int(text), ""
    if not _PLAIN_NUMBER.fullmatch(text):
        return value, f"must be {what} written with digits, such as {example}, not {shown(text)}"
    if _THOUSANDS.fullmatch(text):  # 1,000 or 1.000: a thousand, or one with three decimals?
        as_decimal = float(text.replace(",", "."))
        return value, (
            f"{shown(text)} is unclear: write {re.sub('[.,]', '', text)} "
            f"or {as_decimal:g}, without a thousands separator"
        )
    if "." in text or "," in text:
        return float(text.replace(",", ".")), ""
    return int(text), ""


def _serial_date(value: Any, epoch: dt.datetime) -> dt.date | None:
    """A whole number that Excel would show as a date in the years a plan may start, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    from openpyxl.utils.datetime import from_excel

    try:
        day = from_excel(value, epoch).date()
    except (OverflowError, ValueError):
        return None
    return day if EARLIEST_START <= day <= LATEST_START else None


# --- messages ---------------------------------------------------------------------------------


def _short(message: str) -> str:
    return message if len(message) <= MESSAGE_CHARS else message[: MESSAGE_CHARS - 1] + "…"


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _display(value: Any) -> str:
    """A rejected row's id or name, as the manifest shows it: text, at most 200 characters."""
    text = _clean(value)[0] if isinstance(value, str) else ("" if value is None else str(value))
    return text if len(text) <= 200 else text[:199] + "…"


# --- text that is safe to write ----------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_MESSAGE = (
    "holds an unpaired surrogate (half of a UTF-16 pair, not a character); "
    "it is shown as \ufffd: type the value again"
)


def _clean_text(text: str) -> tuple[str, bool]:
    """Text that UTF-8 can write: a surrogate pair becomes its character, a lone half U+FFFD.
    True when a lone half was replaced."""
    if text.isascii() or not _SURROGATE.search(text):
        return text, False
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return fixed, fixed.count("\ufffd") > text.count("\ufffd")


def _clean(value: Any, depth: int = 0) -> tuple[Any, bool]:
    """A cell (or a YAML value, with what it holds) with every text made safe to write."""
    if type(value) is str:
        return _clean_text(value)
    if depth > 8 or not isinstance(value, dict | list):
        return value, False
    if isinstance(value, list):
        items = [_clean(v, depth + 1) for v in value]
        return [v for v, _ in items], any(bad for _, bad in items)
    pairs = [(_clean(k, depth + 1), _clean(v, depth + 1)) for k, v in value.items()]
    cleaned = {k: v for (k, _), (v, _) in pairs}
    return cleaned, any(kb or vb for (_, kb), (_, vb) in pairs)


# --- duplicates --------------------------------------------------------------------------------


class _Duplicates:
    """Rows seen so far, by a hash of their cells and of their name's look: memory per row is
    two small ints, whatever the row holds."""

    def __init__(self, source: str, warnings: _Warnings):
        self.source, self.warnings = source, warnings
        self.rows: dict[int, int] = {}
        self.names: dict[int, int] = {}

    def note(self, row: Row, values: dict[str, Any]) -> Row:
        """The row, with a note when it repeats an earlier row or its name looks like one."""
        exact = self.rows.setdefault(_cells_hash(values), row.number)
        look = name_look(row.name)
        alike = self.names.setdefault(hash(look), row.number) if look else row.number
        if exact != row.number:
            note = Problem(self.source, f"row {row.number}", f"repeats row {exact} exactly")
        elif alike != row.number:
            message = f"{shown(row.name)} looks like the name in row {alike}"
            note = Problem(self.source, f"row {row.number}, name", message)
        else:
            return row
        self.warnings.add("repeat or look like an earlier row", note)
        return replace(row, notes=(*row.notes, note))


def _cells_hash(values: dict[str, Any]) -> int:
    """The same for two rows with the same cells."""
    try:
        return hash(tuple(values.items()))
    except TypeError:  # a YAML row's lists and mappings: compared as written
        return hash(repr(sorted(values.items(), key=lambda item: str(item[0]))))


def name_look(name: str) -> str:
    """How a name looks, for finding look-alikes: case-folded, NFKC, letters and digits only."""
    if name.isascii():
        return re.sub(r"[^0-9a-z]+", "", name.lower())
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LMN")


class _Warnings:
    """Warnings for the log: the first few of each kind in full, then how many more there were
    (every row keeps its own in its notes)."""

    SHOWN = 10

    def __init__(self, source: str):
        self.source = source
        self.counts: dict[str, int] = {}

    def add(self, kind: str, note: Problem) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] <= self.SHOWN:
            log.warning("%s", note)

    def close(self) -> None:
        for kind, count in self.counts.items():
            if count > self.SHOWN:
                log.warning("%s: %d more rows %s", self.source, count - self.SHOWN, kind)


# --- the roster --------------------------------------------------------------------------------


def iter_roster(
    path: Path,
    pathways: dict[str, Pathway],
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    defaults: dict[str, Any] | None = None,
) -> Iterator[Row]:
    """Every row of the roster, checked, one at a time (memory stays flat in the number of rows).

    Only an unreadable roster raises InputError. Warnings (a look-alike or a repeated row, a date
    read from a number) are logged and kept in each row's `notes`.
    """
    mapping, defaults = mapping or {}, defaults or {}
    head, rows = read_rows(path, sheet)
    if head.names is not None:
        _check_headers(path, head.names, mapping, defaults)
    warnings = _Warnings(str(path))
    checker = _Checker(str(path), pathways, mapping, defaults, head, warnings)
    duplicates = _Duplicates(str(path), warnings)
    count = 0
    for cells in rows:
        count += 1
        yield duplicates.note(checker.check(cells), cells.values)
    warnings.close()
    if not count:
        raise InputError([Problem(str(path), "", "has no data rows")])


def load_roster(
    path: Path,
    pathways: dict[str, Pathway],
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    defaults: dict[str, Any] | None = None,
) -> list[Row]:
    """Every row of the roster, checked; only an unreadable roster raises InputError."""
    return list(iter_roster(path, pathways, sheet=sheet, mapping=mapping, defaults=defaults))
