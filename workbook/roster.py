"""A roster file (CSV, Excel or YAML) → one profile (or the problems with it) per row.

Header matching ignores case, spaces, underscores and hyphens; `--map "Full Name=name"` renames a
system's own headers first. Optional columns: id, email, paper, weeks_off
(`2027-02-15..2027-02-21; 2027-04-05..2027-04-09`) and one `skill:<skill id>` column per skill.
Empty cells count as absent. Values given on the command line (such as --paper) apply to every
row that does not set its own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from workbook.content import Pathway
from workbook.errors import InputError, Problem
from workbook.profile import Profile, pathway_problems
from workbook.yamlfile import field_path, problems_from, read_yaml

log = logging.getLogger("workbook")
EXTRA = "(extra cells)"  # where csv puts the cells of a row longer than its header
NOT_A_MAPPING = "(not a mapping)"
FIELDS = ("id", "name", "pathway", "start_date", "hours_per_week", "email", "paper", "weeks_off")
SKILL_PREFIX = "skill:"


@dataclass(frozen=True)
class Row:
    """One roster row: its number as a person counts (the header is row 1), and its result."""

    number: int
    id: str
    name: str
    profile: Profile | None = None
    pathway: Pathway | None = None
    problems: tuple[Problem, ...] = ()
    values: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        return self.profile is not None

    def value(self, name: str) -> str:
        """A field's value as text, for filtering: from the checked profile, else the raw cells."""
        if name == "id":
            return self.id
        if self.profile is not None and name in Profile.model_fields:
            return str(getattr(self.profile, name))
        key = header_key(name)
        return next((str(v) for h, v in self.values.items() if header_key(h) == key), "")


def read_rows(path: Path, sheet: str | None = None) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {header: value}) for every data row; InputError when the file cannot be read."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError([Problem(str(path), "", "file not found")])
    if suffix in (".xlsx", ".xlsm"):
        return _excel_rows(path, sheet)
    if suffix in (".yaml", ".yml"):
        return _yaml_rows(path)
    return _csv_rows(path)


def _csv_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(str(path), "", f"is not UTF-8 text: {exc.reason}")]) from None
    if not text.strip():
        raise InputError([Problem(str(path), "", "is empty")])
    first_line = text.splitlines()[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames or len(reader.fieldnames) < 2:
        raise InputError([Problem(str(path), "", "has no header row with the roster's columns")])
    rows = [(number, row) for number, row in enumerate(reader, start=2) if any(row.values())]
    return [
        (number, {EXTRA if k is None else k: v for k, v in row.items()}) for number, row in rows
    ]


def _excel_rows(path: Path, sheet: str | None) -> list[tuple[int, dict[str, Any]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError([Problem(str(path), "", f"cannot be read as Excel: {exc}")]) from None
    if sheet is not None and sheet not in book.sheetnames:
        names = ", ".join(book.sheetnames)
        raise InputError([Problem(str(path), "--sheet", f"no sheet {sheet!r}; sheets: {names}")])
    rows = (book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise InputError([Problem(str(path), "", "the sheet is empty")])
    names = [str(h).strip() if h is not None else "" for h in header]
    found = []
    for number, values in enumerate(rows, start=2):
        if any(v not in (None, "") for v in values):
            found.append((number, dict(zip(names, values, strict=False))))
    book.close()
    return found


def _yaml_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    data, _ = read_yaml(path)
    if not isinstance(data, list):
        raise InputError([Problem(str(path), "", "must be a list of profiles")])
    # the Nth profile in the list is row N
    return [
        (number, item if isinstance(item, dict) else {NOT_A_MAPPING: item})
        for number, item in enumerate(data, start=1)
    ]


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


def to_profile_data(
    values: dict[str, Any], mapping: dict[str, str], defaults: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """A row's cells → (profile fields, names of cells that are not fields).

    Headers are matched loosely, blanks dropped, `skill:<id>` columns and `weeks_off` text parsed.
    """
    known = {header_key(f): f for f in FIELDS}
    data: dict[str, Any] = {}
    skills: dict[str, Any] = {}
    unknown = []
    for header, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        key = header_key(mapping.get(header_key(header), header))
        if key.startswith(SKILL_PREFIX):
            skills[key[len(SKILL_PREFIX) :]] = _number(value)
        elif key == "skills" and isinstance(value, dict):  # a YAML roster's own mapping
            skills.update(value)
        elif key in known:
            data[known[key]] = value.strip() if isinstance(value, str) else value
        else:
            unknown.append(str(header))
    for name, value in defaults.items():
        data.setdefault(name, value)
    if skills:
        data["skills"] = skills
    if isinstance(data.get("weeks_off"), str):
        data["weeks_off"] = parse_weeks_off(data["weeks_off"])
    if "hours_per_week" in data:
        data["hours_per_week"] = _number(data["hours_per_week"])
    if "id" in data:
        data["id"] = str(data["id"])
    return data, unknown


def parse_weeks_off(text: str) -> list[dict[str, str]] | str:
    """'2027-02-15..2027-02-21; 2027-04-05..2027-04-09' → [{from, to}, ...]; bad text is kept."""
    spans = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        start, sep, end = part.partition("..")
        if not sep:
            return text
        spans.append({"from": start.strip(), "to": end.strip()})
    return spans


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value.replace(",", ".")) if "." in value or "," in value else int(value)
        except ValueError:
            return value
    return value


def check_row(
    number: int,
    values: dict[str, Any],
    source: str,
    pathways: dict[str, Pathway],
    mapping: dict[str, str],
    defaults: dict[str, Any],
    strict: bool,
) -> Row:
    """One row → a Row holding its profile, or every problem with it (naming row and column).

    `strict` (a YAML roster) makes unknown keys errors; a sheet's extra columns were reported once.
    """
    place = f"row {number}"
    if NOT_A_MAPPING in values:
        problem = Problem(source, place, "must be a mapping of profile fields (name: ..., ...)")
        return Row(number, "", "", problems=(problem,), values=values)
    data, unknown = to_profile_data(values, mapping, defaults)
    raw_id, name = str(data.pop("id", "") or ""), str(data.get("name", "") or "")
    problems = _cell_problems(data, unknown if strict else [], values, source, place)
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        profile = None
        problems += [
            Problem(source, f"{place}, {p.where}", p.message) for p in problems_from(exc, source)
        ]
    flagged = {p.where for p in problems}
    for loc, message in pathway_problems(data.get("pathway"), data.get("skills", {}), pathways):
        where = f"{place}, {field_path(loc)}"
        if where not in flagged and f"{place}, pathway" not in flagged:
            problems.append(Problem(source, where, message))
    if problems or profile is None:
        return Row(number, raw_id, name, problems=tuple(problems), values=values)
    return Row(number, raw_id, name, profile, pathways[profile.pathway], values=values)


def _cell_problems(data, unknown, values, source, place) -> list[Problem]:
    problems = [Problem(source, place, f"unknown field {h!r}") for h in unknown]
    if EXTRA in values:
        problems.append(
            Problem(
                source,
                place,
                "has more cells than the header has columns; "
                "quote any value that holds the separator",
            )
        )
    if isinstance(data.get("weeks_off"), str):
        problems.append(
            Problem(source, f"{place}, weeks_off", "must be written FROM..TO; FROM..TO with dates")
        )
        data.pop("weeks_off")
    start = data.get("start_date")
    if isinstance(start, dt.datetime):  # Excel keeps dates as date-times
        if start.time() != dt.time():
            problems.append(Problem(source, f"{place}, start_date", "holds a time; give a date"))
        data["start_date"] = start.date()
    return problems


REQUIRED = ("name", "pathway", "start_date", "hours_per_week")


def _check_headers(path: Path, rows, mapping, defaults) -> None:
    """A sheet's header row: required columns present, none twice; unused columns reported once."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return
    headers = [h for h in rows[0][1] if h != EXTRA]
    keys = [header_key(mapping.get(header_key(h), h)) for h in headers]
    twice = sorted({h for h, k in zip(headers, keys, strict=True) if keys.count(k) > 1})
    if twice:
        raise InputError([Problem(str(path), "", f"has a column twice: {', '.join(twice)}")])
    missing = [name for name in REQUIRED if header_key(name) not in {*keys, *defaults}]
    if missing:
        have = ", ".join(str(h) for h in headers)
        message = f"has no column for {', '.join(missing)} (its headers: {have}); use --map"
        raise InputError([Problem(str(path), "", message)])
    fields = {header_key(f) for f in FIELDS}
    for header, key in zip(headers, keys, strict=True):
        if key not in fields and not key.startswith(SKILL_PREFIX):
            log.warning("%s: column %r is not a roster field; it is ignored", path, header)


def load_roster(
    path: Path,
    pathways: dict[str, Pathway],
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    defaults: dict[str, Any] | None = None,
) -> list[Row]:
    """Every row of the roster, checked; only an unreadable roster raises InputError."""
    rows = read_rows(path, sheet)
    if not rows:
        raise InputError([Problem(str(path), "", "has no data rows")])
    _check_headers(path, rows, mapping or {}, defaults or {})
    strict = path.suffix.lower() in (".yaml", ".yml")
    return [
        check_row(number, values, str(path), pathways, mapping or {}, defaults or {}, strict)
        for number, values in rows
    ]
