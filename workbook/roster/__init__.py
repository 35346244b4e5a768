"""A roster file (CSV, Excel or YAML) → one checked row per person: a profile, or its problems."""

# Header matching ignores case, spaces, underscores and hyphens; `--map "Full Name=name"` renames
# a system's own headers first. Optional columns: id, email, paper, week_starts (monday or
# sunday), weeks_off (`2027-02-15..2027-02-21; 2027-04-05..2027-04-09`) and one `skill:<skill id>`
# column per skill.
# Empty cells count as absent. Values given on the command line (such as --paper) apply to every
# row that does not set its own. No row is dropped silently: a line that cannot be read is a row
# with a problem, and a roster that cannot be split into rows at all is an InputError.

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbook.content import Pathway
from workbook.errors import InputError
from workbook.roster.check import Checker
from workbook.roster.fields import FIELDS, check_headers, field_known, header_key, parse_mapping
from workbook.roster.notes import Duplicates, Warnings
from workbook.roster.reader import read_rows
from workbook.roster.row import Row
from workbook.roster.seen import blocks
from workbook.roster.values import parse_weeks_off

__all__ = [
    "FIELDS",
    "Row",
    "field_known",
    "header_key",
    "iter_roster",
    "load_roster",
    "parse_mapping",
    "parse_weeks_off",
]


def iter_roster(
    path: Path,
    pathways: dict[str, Pathway],
    *,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    defaults: dict[str, Any] | None = None,
) -> Iterator[Row]:
    """Every row of the roster, checked, a block at a time: memory stays flat however many rows.

    Only an unreadable roster raises InputError. Warnings (a look-alike or a repeated row, a date
    read from a number) are logged and kept in each row's `notes`.
    """
    mapping, defaults = mapping or {}, defaults or {}
    head, rows = read_rows(path, sheet)
    if head.names is not None:
        check_headers(path, head.names, mapping, defaults)
    warnings = Warnings(str(path))
    checker = Checker(str(path), pathways, mapping, defaults, head, warnings)
    duplicates = Duplicates(str(path), warnings)
    count = 0
    try:
        for block in blocks(rows):
            count += len(block)
            yield from duplicates.note([(checker.check(cells), cells.values) for cells in block])
    finally:
        duplicates.close()
    warnings.close()
    if not count:
        raise InputError.single(str(path), "has no data rows")


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
