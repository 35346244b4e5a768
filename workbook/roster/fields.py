"""Roster headers → the fields they name: case, spaces and `--map` aside; the header row checked."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from workbook.errors import InputError, Problem
from workbook.messages import clip, shown

log = logging.getLogger("workbook.roster")
FIELDS = (
    "id",
    "name",
    "pathway",
    "start_date",
    "hours_per_week",
    "email",
    "paper",
    "weeks_off",
    "week_starts",
)
REQUIRED = ("name", "pathway", "start_date", "hours_per_week")
SKILL_PREFIX = "skill:"


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
    """('Full Name=name', ...) → {'fullname': 'name'}; InputError on a malformed pair or on a
    field the roster does not have (every such pair is reported at once)."""
    mapping, problems = {}, []
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            problems.append(Problem("--map", pair, "must be written 'Their header=our field'"))
        elif not _is_field(target):
            message = (
                f"{shown(target.strip())} is not a roster field; the fields are "
                f"{', '.join(FIELDS)} and {SKILL_PREFIX}<skill id>"
            )
            problems.append(Problem("--map", pair, message))
        else:
            mapping[header_key(source)] = target.strip()
    if problems:
        raise InputError(problems)
    return mapping


def _is_field(name: str) -> bool:
    """A field a header may be mapped to: a roster field, or a skill column with its id."""
    key = header_key(name)
    if key.startswith(SKILL_PREFIX):
        return bool(key[len(SKILL_PREFIX) :])
    return key in {header_key(f) for f in FIELDS}


def check_headers(path: Path, names: list[str], mapping, defaults) -> None:
    """A sheet's header row: required columns present, none twice; unused columns reported once."""
    headers = [h for h in names if h]
    keys = [header_key(mapping.get(header_key(h), h)) for h in headers]
    twice = sorted({h for h, k in zip(headers, keys, strict=True) if keys.count(k) > 1})
    if twice:
        message = f"has a column twice: {', '.join(map(clip, twice))}"
        raise InputError.single(str(path), message)
    missing = [name for name in REQUIRED if header_key(name) not in {*keys, *defaults}]
    if missing:
        have = ", ".join(shown(h) for h in headers[:20])
        message = f"has no column for {', '.join(missing)} (its headers: {have}); use --map"
        raise InputError.single(str(path), message)
    fields = {header_key(f) for f in FIELDS}
    for header, key in zip(headers, keys, strict=True):
        if key not in fields and not key.startswith(SKILL_PREFIX):
            log.warning("%s: column %s is not a roster field; it is ignored", path, shown(header))
