"""The names of a fillable workbook's form fields: one place, read by the layout that draws the
fields and by `workbook progress` / `--replan-from` that read them back.

Names are stable and meaningful, and the same for the same plan: the part of the book, then what
the field holds, e.g. `week-07.item.pm-cert`, `week-07.hours.tue`, `review-2.rating.ai-ml`.
"""

from __future__ import annotations

import re

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # by weekday(), Monday first
PLAN_PARTS = ("top-three", "win", "blocker")  # the weekly plan ritual's three boxes


def week(number: int) -> str:
    """A working week's prefix: two digits, three past week 99 (`week-07`, `week-112`)."""
    return f"week-{number:02d}"


def week_item(number: int, item_id: str) -> str:
    return f"{week(number)}.item.{item_id}"


def week_hours(number: int, day: str) -> str:
    """`day` is one of DAY_KEYS, or `total`."""
    return f"{week(number)}.hours.{day}"


def week_plan(number: int, part: str) -> str:
    return f"{week(number)}.plan.{part}"


def week_reflection(number: int) -> str:
    return f"{week(number)}.reflection"


def review_rating(phase: int, skill_id: str) -> str:
    """A phase review's re-rating of a skill (`phase` as printed, from 1): a radio group."""
    return f"review-{phase}.rating.{skill_id}"


def review_hours(phase: int, item_id: str) -> str:
    """The actual hours a phase review records for one piece of its work, or `total`."""
    return f"review-{phase}.hours.{item_id}"


def review_prompt(phase: int, prompt: str) -> str:
    return f"review-{phase}.{slug(prompt)}"


def matrix_rating(phase: int, skill_id: str) -> str:
    """A re-rating box of the skills gap matrix, at the end of phase `phase`."""
    return f"matrix.p{phase}.{skill_id}"


def action_step(step_id: str) -> str:
    return f"action.{step_id}"


def resource(resource_id: str) -> str:
    return f"resource.{resource_id}"


def roadmap_item(item_id: str) -> str:
    return f"roadmap.{item_id}"


def project_step(number: int) -> str:
    """A step of the essay's side project (from 1)."""
    return f"side-project.step-{number}"


def notes(section: str) -> str:
    """The writing lines that close a section (its own prompt above them)."""
    return f"{section}.notes"


def sheet(sheet_id: str, copy: int) -> str:
    """A worksheet's copy (from 1): the prefix of its fields."""
    return f"{sheet_id}.{copy}"


def sheet_part(sheet_id: str, copy: int, part: str) -> str:
    """A worksheet's writing area: the sheet, its copy and the part's title."""
    return f"{sheet(sheet_id, copy)}.{slug(part)}"


def table_cell(prefix: str, row: int, column: str) -> str:
    """A cell of a table of blank rows: its row (from 1) and column heading, after `prefix`."""
    return f"{prefix}.row-{row}.{slug(column)}"


def slug(text: str) -> str:
    """Lowercase words joined by hyphens, for a field name made from a printed title."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "field"
