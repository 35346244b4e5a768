"""A cohort's rows and plans → the facilitator pack and the print shop's separator sheets.

The facilitator pack counts people per pathway, groups planned finish dates by month, shows which
skills most people lack as a heat map (darker cells hold more people), and lists rows in error.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from workbook.content import Pathway
from workbook.layout.context import fit_columns
from workbook.render.flowables import Heading, Para, ruled_table
from workbook.render.fonts import FontSet
from workbook.render.theme import Geometry, Styles

GAP_COLUMNS = ("0", "1", "2", "3", "not rated")
ERRORS_LISTED = 200  # rows in error printed in the pack; the CSV beside it lists them all


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters: a rejected row's 10,000-character name must still fit a cell."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Listed:
    """The first rows of a kind (in error, or built with a note) and how many there were."""

    first: list = field(default_factory=list)
    count: int = 0

    def add(self, entry) -> None:
        self.count += 1
        if len(self.first) < ERRORS_LISTED:
            self.first.append(entry)


@dataclass
class Cohort:
    """What the facilitator pack shows of a run, counted as its rows go by: counts, and the first
    rows listed, never every row, so that memory stays flat however long the roster."""

    produced: int = 0
    per_pathway: Counter = field(default_factory=Counter)
    finish_months: Counter = field(default_factory=Counter)  # (year, month) → people
    gaps: dict[str, dict[str, Counter]] = field(default_factory=dict)  # pathway → skill → gaps
    noted: Listed = field(default_factory=Listed)
    errors: Listed = field(default_factory=Listed)

    def add_person(self, line: dict) -> None:
        """One person built: a facilitator.csv line (pathway, finish, a gap:SKILL per skill)."""
        self.produced += 1
        self.per_pathway[line["pathway"]] += 1
        finish = dt.date.fromisoformat(line["finish"])
        self.finish_months[finish.year, finish.month] += 1
        skills = self.gaps.setdefault(line["pathway"], {})
        for key, gap in line.items():
            if key.startswith("gap:"):
                column = "not rated" if gap == "" else str(min(3, gap))
                skills.setdefault(key[4:], Counter())[column] += 1


class Sheet:
    """The few helpers the cohort pages need: safe paragraphs and plain tables."""

    def __init__(self, fonts: FontSet, styles: Styles, geometry: Geometry):
        self.fonts, self.styles, self.geometry = fonts, styles, geometry

    def para(self, text: str, style=None) -> Para:
        return Para(self.fonts.markup(text), style or self.styles.cell)

    def table(self, rows: list[list], design: tuple[float | None, ...], shades=()) -> Table:
        """A plain table; its columns as `fit_columns` makes them from `design`."""
        cells = [[self.para(str(c)) if isinstance(c, str) else c for c in row] for row in rows]
        widths = fit_columns(self.geometry.frame_width, cells, design, self.fonts)
        return ruled_table(cells, widths, self.fonts.regular, extra=tuple(shades))


def separator(sheet: Sheet, entry, pathway: Pathway) -> list[Flowable]:
    """A sheet that starts one person's workbook in the print stack, easy to find and split;
    `entry` is the person's manifest entry (row, id, name, pages)."""
    styles = sheet.styles
    pages = entry.pages
    return [
        Spacer(0, sheet.geometry.frame_height * 0.3),
        sheet.para(f"Row {entry.row}" + (f" · id {entry.id}" if entry.id else ""), styles.label),
        sheet.para(entry.name, styles.title),
        sheet.para(f"{pathway.from_role} → {pathway.to_role} · {pages} pages", styles.subtitle),
    ]


def facilitator_pack(sheet: Sheet, cohort: Cohort, pathways: dict[str, Pathway]) -> list[Flowable]:
    """Overview, finish dates, skills heat maps, then the rows built with a note (a date read
    from a number, a look-alike name, boxes) and the rows in error."""
    styles = sheet.styles
    errors = cohort.errors.count
    flowables: list[Flowable] = [
        Heading(
            sheet.fonts.markup("Cohort overview"),
            styles.h1,
            key="overview",
            outline="Cohort overview",
            toc=False,
        ),
        sheet.para(f"{cohort.produced} workbooks produced, {errors} rows in error.", styles.body),
        sheet.para("People per pathway", styles.h2),
        _per_pathway(sheet, cohort.per_pathway, pathways),
        sheet.para("Planned finish, by month", styles.h2),
        _finish_by_month(sheet, cohort.finish_months),
    ]
    for pathway_id in sorted(cohort.per_pathway):
        flowables += [
            Spacer(0, 6),
            sheet.para(f"Skills gaps · {pathways[pathway_id].to_role}", styles.h2),
            sheet.para(
                "How many people stand how far below each target (darker = more people).",
                styles.small,
            ),
            _heat_map(sheet, cohort, pathways[pathway_id]),
        ]
    if cohort.noted.count:
        flowables += _rows_listed(
            sheet, "Rows built with a note", "Note", cohort.noted, "with a note"
        )
    if errors:
        flowables += _rows_listed(sheet, "Rows in error", "Problem", cohort.errors, "in error")
    else:
        flowables += [Spacer(0, 6), sheet.para("Rows in error", styles.h2)]
        flowables.append(sheet.para("None.", styles.body))
    return flowables


def _rows_listed(sheet: Sheet, title: str, column: str, listed: Listed, kind: str) -> list:
    """The first rows of a kind, by row, name and message; the CSV beside the pack has them all."""
    rows = [["Row", "Name", column]]
    rows += [[str(e.row), shorten(e.name, 80), shorten(e.message, 400)] for e in listed.first]
    flowables = [
        Spacer(0, 6),
        sheet.para(title, sheet.styles.h2),
        sheet.table(rows, (14 * mm, 45 * mm, None)),
    ]
    if listed.count > len(listed.first):
        rest = f"{listed.count - len(listed.first)} more rows {kind} are listed in facilitator.csv."
        flowables.append(sheet.para(rest, sheet.styles.body))
    return flowables


def _per_pathway(sheet: Sheet, counts: Counter, pathways: dict[str, Pathway]) -> Table:
    rows = [["Pathway", "People"]]
    rows += [
        [f"{pathways[pid].from_role} → {pathways[pid].to_role}", str(n)]
        for pid, n in sorted(counts.items())
    ]
    return sheet.table(rows, (None, 30 * mm))


def _finish_by_month(sheet: Sheet, months: Counter) -> Table:
    rows = [["Month", "People finishing"]]
    for (year, month), count in sorted(months.items()):
        rows.append([f"{dt.date(year, month, 1):%B %Y}", str(count)])
    return sheet.table(rows, (None, 40 * mm))


def _heat_map(sheet: Sheet, cohort: Cohort, pathway: Pathway) -> Table:
    """Per skill to learn, how many people sit at each gap (0-3) below its target, or have not
    rated it."""
    rows: list[list] = [
        ["Skill to learn", *[f"gap {c}" if c.isdigit() else c for c in GAP_COLUMNS]]
    ]
    shades = []
    total = cohort.per_pathway[pathway.id]
    gaps = cohort.gaps[pathway.id]
    for index, skill in enumerate(pathway.skills_to_learn, start=1):
        counts = gaps[skill.id]
        rows.append([skill.name, *[str(counts.get(c, 0)) for c in GAP_COLUMNS]])
        for column, key in enumerate(GAP_COLUMNS, start=1):
            share = counts.get(key, 0) / total if total else 0
            tone = 1 - 0.45 * share  # grey, never so dark that the black number is lost
            cell = (column, index)
            shades.append(("BACKGROUND", cell, cell, colors.Color(tone, tone, tone)))
    return sheet.table(rows, (None, *[22 * mm] * 5), shades)
