"""A row of cells → a checked Row: cells named and read, the profile validated, problems worded."""

from __future__ import annotations

import datetime as dt
import logging
from types import NoneType
from typing import Any

from pydantic import ValidationError

from workbook.errors import Problem
from workbook.messages import MAX_SHOWN, clip, field_path, is_union_tag, message_of, shown
from workbook.profile import Profile, pathway_problems
from workbook.roster.cells import (
    MAX_CELL,
    MESSAGE_CHARS,
    NOT_A_MAPPING,
    SURROGATE_MESSAGE,
    Cells,
    Head,
    clean,
    clean_text,
)
from workbook.roster.fields import FIELDS, SKILL_PREFIX, header_key
from workbook.roster.notes import Warnings
from workbook.roster.row import Row
from workbook.roster.values import (
    digits_problem,
    id_text,
    parse_weeks_off,
    read_number,
    sheet_date,
)

log = logging.getLogger("workbook.roster")


class Checker:
    """Checks rows one at a time. What is the same for every row (which field a header names,
    the pathways) is worked out once, so that 100,000 rows take seconds."""

    def __init__(self, source: str, pathways, mapping, defaults, head: Head, warnings: Warnings):
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
        value, bad = clean(raw)
        too_long = isinstance(value, str) and len(value) > MAX_CELL
        if bad or too_long:
            where = f"{place}, {clip(clean_text(str(label))[0])}"
            message = f"is longer than {MAX_CELL:,} characters" if too_long else SURROGATE_MESSAGE
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
            data["id"] = id_text(data["id"])
        self._numbers(data, refuse)
        if isinstance(data.get("weeks_off"), str):
            data["weeks_off"] = parse_weeks_off(data["weeks_off"])
            if isinstance(data["weeks_off"], str):
                refuse("weeks_off", "must be written FROM..TO; FROM..TO with dates")
                del data["weeks_off"]
        self._start_date(data, f"{place}, start_date", problems, notes)

    def _numbers(self, data: dict, refuse) -> None:
        """A sheet's cells are text: numbers are read from them. A YAML roster's numbers are
        typed already; its text is refused by the profile, unless it is a number written with
        other digits than 0-9 or too long for YAML to read, which is said here."""
        read = _digits_only if self.strict else read_number
        if "hours_per_week" in data:
            hours = data.pop("hours_per_week")
            hours, message = read(hours, "a number of hours", "12 or 7.5")
            if message:
                refuse("hours_per_week", message)
            else:
                data["hours_per_week"] = hours
        skills = data.get("skills") if isinstance(data.get("skills"), dict) else {}
        for skill, level in list(skills.items()):
            skills[skill], message = read(level, "a level from 0 to 4", "2")
            if message:
                refuse(f"skills.{clip(str(skill))}", message)
                del skills[skill]

    def _start_date(self, data: dict, where: str, problems: list, notes: list) -> None:
        if "start_date" not in data:
            return
        start = data["start_date"]
        if self.head.epoch is None:  # CSV text, or a YAML date: the profile checks it
            if isinstance(start, dt.datetime):  # a YAML date with a time
                if start.time() != dt.time():
                    problems.append(Problem(self.source, where, "holds a time; give the date only"))
                data["start_date"] = start.date()
            return
        data["start_date"], message, note = sheet_date(start, self.head.epoch)
        if message:
            problems.append(Problem(self.source, where, message))
        if note:
            notes.append(Problem(self.source, where, note))
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
            where = f"{place}, {clip(field_path(loc))}"
            if where not in flagged:
                problems.append(Problem(self.source, where, clip(message, MESSAGE_CHARS)))
        return profile

    def _words(self, err: dict) -> tuple[str, str]:
        """One pydantic error → (field path, message in this tool's words). Rows that are wrong
        are often wrong alike, so the same wrong value in the same place is worded once."""
        value = err.get("input")
        if isinstance(value, str | int | float | NoneType) and len(str(value)) <= MAX_SHOWN:
            key = (err["type"], err["loc"], type(value), value)
            if key not in self.words:
                if len(self.words) > 10_000:  # bounded, whatever a roster varies
                    self.words.clear()
                self.words[key] = _worded(err, sheet=not self.strict)
            return self.words[key]
        return _worded(err, sheet=not self.strict)


def _digits_only(value: Any, what: str, example: str) -> tuple[Any, str]:
    """A YAML value: (value, why it is refused) for text that is a number in other digits
    than 0-9, or longer than YAML reads as a number; anything else goes on to the profile."""
    if isinstance(value, str) and (message := digits_problem(value, what, example)):
        return value, message
    return value, ""


_FIELD_WORDS = {"skills": "a level from 0 to 4", "hours_per_week": "a number of hours"}


def _worded(err: dict, sheet: bool) -> tuple[str, str]:
    """Pydantic's error in this tool's words, fitting the input: a sheet's cell is a number or
    text as Excel holds it (no YAML quotes to advise), and no wording of the library's shows."""
    loc = tuple(p for p in err["loc"] if not is_union_tag(p))
    path, kind, value = clip(field_path(loc)), err["type"], err.get("input")
    if kind == "int_parsing_size":  # a number too large for a whole number, such as 1e308
        what = _FIELD_WORDS.get(str(loc[0]) if loc else "", "a whole number")
        return path, f"must be {what}, not {shown(value)}"
    if sheet and kind == "string_type":  # a number, date or TRUE/FALSE in a text column
        return path, f"must be text, not {_cell_shown(value)}"
    message = message_of(err)
    if message == err["msg"] and kind not in ("value_error", "assertion_error"):
        message = f"is not a value this field takes: {shown(value)}"  # no wording of our own
    return path, clip(message, MESSAGE_CHARS)


def _cell_shown(value: Any) -> str:
    """A spreadsheet cell's value as a message quotes it: 'the number 12', 'TRUE'."""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        return f"the number {shown(value)}"
    if isinstance(value, dt.date | dt.time):
        return f"the {'time' if isinstance(value, dt.time) else 'date'} {shown(value)}"
    return shown(value)


def _label(name: str | None, header: Any) -> str:
    """How a problem names a cell: by its field ('skills.ai-ethics'), else by its header."""
    if name is not None and name.startswith(SKILL_PREFIX):
        return f"skills.{name[len(SKILL_PREFIX) :]}"
    return name or str(header)


def _display(value: Any) -> str:
    """A rejected row's id or name, as the manifest shows it: text, at most 200 characters."""
    text = clean(value)[0] if isinstance(value, str) else ("" if value is None else str(value))
    return clip(text, 200)
