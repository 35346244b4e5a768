"""Rows as checked → notes on repeated and look-alike rows, and the log's warnings, capped."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from workbook.errors import Problem
from workbook.messages import shown

if TYPE_CHECKING:
    from workbook.roster.row import Row

log = logging.getLogger("workbook")


class Duplicates:
    """Rows seen so far, by a hash of their cells and of their name's look: memory per row is
    two small ints, whatever the row holds."""

    def __init__(self, source: str, warnings: Warnings):
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


class Warnings:
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
