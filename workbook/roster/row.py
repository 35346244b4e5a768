"""One checked roster row → its profile or its problems, its notes, and its values for --only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from workbook.content import Pathway
from workbook.errors import Problem
from workbook.profile import Profile
from workbook.roster.fields import FIELDS, SKILL_PREFIX, header_key


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
