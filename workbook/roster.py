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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from workbook.content import Pathway
from workbook.errors import InputError, Problem
from workbook.profile import Profile, pathway_problems
from workbook.yamlfile import field_path, problems_from, read_yaml

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
    return [(number, dict(row)) for number, row in enumerate(reader, start=2) if any(row.values())]


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
    data, node = read_yaml(path)
    if not isinstance(data, list):
        raise InputError([Problem(str(path), "", "must be a list of profiles")])
    rows = []
    for index, item in enumerate(data):
        line = node.value[index].start_mark.line + 1 if node is not None else index + 1
        rows.append((line, item if isinstance(item, dict) else {"_": item}))
    return rows


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
) -> dict[str, Any]:
    """A row's cells → profile fields: headers matched, blanks dropped, weeks off, skills parsed."""
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
    if isinstance(data.get("start_date"), dt.datetime):
        data["start_date"] = data["start_date"].date()  # Excel stores dates as datetimes
    if "hours_per_week" in data:
        data["hours_per_week"] = _number(data["hours_per_week"])
    if "id" in data:
        data["id"] = str(data["id"])
    if unknown:
        data["_unknown"] = unknown
    return data


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
) -> Row:
    """One row → a Row holding its profile, or every problem with it (naming row and column)."""
    data = to_profile_data(values, mapping, defaults)
    unknown = data.pop("_unknown", [])
    raw_id = str(data.pop("id", "") or "")
    name = str(data.get("name", "") or "")
    place = f"row {number}"
    problems = [Problem(source, place, f"unknown column {h!r}") for h in unknown]
    if isinstance(data.get("weeks_off"), str):
        problems.append(
            Problem(source, f"{place}, weeks_off", "must be written FROM..TO; FROM..TO with dates")
        )
        data.pop("weeks_off")
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        for problem in problems_from(exc, source):
            problems.append(Problem(source, f"{place}, {problem.where}", problem.message))
        return Row(number, raw_id, name, problems=tuple(problems), values=values)
    for loc, message in pathway_problems(profile, pathways):
        problems.append(Problem(source, f"{place}, {field_path(loc)}", message))
    if problems:
        return Row(number, raw_id, name, problems=tuple(problems), values=values)
    return Row(number, raw_id, name, profile, pathways[profile.pathway], values=values)


REQUIRED = ("name", "pathway", "start_date", "hours_per_week")


def _require_columns(path, rows, mapping, defaults) -> None:
    """A CSV or sheet without a required column cannot be a roster: say which, and what it has."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return
    headers = rows[0][1].keys()
    present = {header_key(mapping.get(header_key(h), h)) for h in headers} | set(defaults)
    missing = [name for name in REQUIRED if header_key(name) not in present]
    if missing:
        have = ", ".join(str(h) for h in headers)
        message = f"has no column for {', '.join(missing)} (its headers: {have}); use --map"
        raise InputError([Problem(str(path), "", message)])


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
    _require_columns(path, rows, mapping or {}, defaults or {})
    return [
        check_row(number, values, str(path), pathways, mapping or {}, defaults or {})
        for number, values in rows
    ]
