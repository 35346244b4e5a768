"""A cohort's rows and plans → the facilitator pack and the print shop's separator sheets.

The facilitator pack counts people per pathway, groups planned finish dates by month, shows which
skills most people lack as a heat map (darker cells hold more people), and lists rows in error.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from workbook.content import Pathway
from workbook.plan import Plan
from workbook.render.flowables import Heading, ruled_table
from workbook.render.fonts import FontSet
from workbook.render.theme import Geometry, Styles
from workbook.roster import Row

GAP_COLUMNS = ("0", "1", "2", "3", "not rated")
ERRORS_LISTED = 200  # rows in error printed in the pack; the CSV beside it lists them all


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters: a rejected row's 10,000-character name must still fit a cell."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Person:
    row: Row
    plan: Plan


class Sheet:
    """The few helpers the cohort pages need: safe paragraphs and plain tables."""

    def __init__(self, fonts: FontSet, styles: Styles, geometry: Geometry):
        self.fonts, self.styles, self.geometry = fonts, styles, geometry

    def para(self, text: str, style=None) -> Paragraph:
        return Paragraph(self.fonts.markup(text), style or self.styles.cell)

    def table(self, rows: list[list], widths: list[float], shades=()) -> Table:
        cells = [[self.para(str(c)) if isinstance(c, str) else c for c in row] for row in rows]
        return ruled_table(cells, widths, self.fonts.regular, extra=tuple(shades))


def separator(sheet: Sheet, row: Row, pathway: Pathway, pages: int) -> list[Flowable]:
    """A sheet that starts one person's workbook in the print stack, easy to find and split."""
    styles = sheet.styles
    return [
        Spacer(0, sheet.geometry.frame_height * 0.3),
        sheet.para(f"Row {row.number}" + (f" · id {row.id}" if row.id else ""), styles.label),
        sheet.para(row.name, styles.title),
        sheet.para(f"{pathway.from_role} → {pathway.to_role} · {pages} pages", styles.subtitle),
    ]


def facilitator_pack(
    sheet: Sheet,
    people: list[Person],
    errors: list,
    pathways: dict[str, Pathway],
    notes: list = (),
) -> list[Flowable]:
    """`errors` are the manifest's error entries (row, name, message); `notes` its ok entries,
    of which those with a message (a date read from a number, a look-alike name, boxes) are
    listed."""
    styles = sheet.styles
    flowables: list[Flowable] = [
        Heading(
            sheet.fonts.markup("Cohort overview"),
            styles.h1,
            key="overview",
            outline="Cohort overview",
            toc=False,
        ),
        sheet.para(f"{len(people)} workbooks produced, {len(errors)} rows in error.", styles.body),
        sheet.para("People per pathway", styles.h2),
        _per_pathway(sheet, people, pathways),
        sheet.para("Planned finish, by month", styles.h2),
        _finish_by_month(sheet, people),
    ]
    for pathway_id in sorted({p.row.profile.pathway for p in people}):
        group = [p for p in people if p.row.profile.pathway == pathway_id]
        flowables += [
            Spacer(0, 6),
            sheet.para(f"Skills gaps · {pathways[pathway_id].to_role}", styles.h2),
            sheet.para(
                "How many people stand how far below each target (darker = more people).",
                styles.small,
            ),
            _heat_map(sheet, group, pathways[pathway_id]),
        ]
    noted = [e for e in notes if e.message]
    if noted:
        flowables += _rows_listed(sheet, "Rows built with a note", "Note", noted, "with a note")
    if errors:
        flowables += _rows_listed(sheet, "Rows in error", "Problem", errors, "in error")
    else:
        flowables += [Spacer(0, 6), sheet.para("Rows in error", styles.h2)]
        flowables.append(sheet.para("None.", styles.body))
    return flowables


def _rows_listed(sheet: Sheet, title: str, column: str, entries: list, kind: str) -> list:
    """The first rows of a kind, by row, name and message; the CSV beside the pack has them all."""
    shown = entries[:ERRORS_LISTED]
    rows = [["Row", "Name", column]]
    rows += [[str(e.row), shorten(e.name, 80), shorten(e.message, 400)] for e in shown]
    width = sheet.geometry.frame_width
    flowables = [
        Spacer(0, 6),
        sheet.para(title, sheet.styles.h2),
        sheet.table(rows, [14 * mm, 45 * mm, width - 59 * mm]),
    ]
    if len(entries) > len(shown):
        rest = f"{len(entries) - len(shown)} more rows {kind} are listed in facilitator.csv."
        flowables.append(sheet.para(rest, sheet.styles.body))
    return flowables


def _per_pathway(sheet: Sheet, people: list[Person], pathways: dict[str, Pathway]) -> Table:
    counts = Counter(p.row.profile.pathway for p in people)
    rows = [["Pathway", "People"]]
    rows += [
        [f"{pathways[pid].from_role} → {pathways[pid].to_role}", str(n)]
        for pid, n in sorted(counts.items())
    ]
    width = sheet.geometry.frame_width
    return sheet.table(rows, [width - 30 * mm, 30 * mm])


def _finish_by_month(sheet: Sheet, people: list[Person]) -> Table:
    months = Counter((p.plan.finish.year, p.plan.finish.month) for p in people)
    rows = [["Month", "People finishing"]]
    for (year, month), count in sorted(months.items()):
        rows.append([f"{dt.date(year, month, 1):%B %Y}", str(count)])
    width = sheet.geometry.frame_width
    return sheet.table(rows, [width - 40 * mm, 40 * mm])


def gap_counts(people: list[Person], skill_id: str) -> Counter:
    """How many people sit at each gap (0-3) below a skill's target, or have not rated it."""
    counts: Counter = Counter()
    for person in people:
        track = next(t for t in person.plan.tracks if t.skill_id == skill_id)
        if track.current is None:
            counts["not rated"] += 1
        else:
            counts[str(min(3, max(0, track.target - track.current)))] += 1
    return counts


def _heat_map(sheet: Sheet, people: list[Person], pathway: Pathway) -> Table:
    rows: list[list] = [
        ["Skill to learn", *[f"gap {c}" if c.isdigit() else c for c in GAP_COLUMNS]]
    ]
    shades = []
    total = len(people)
    for index, skill in enumerate(pathway.skills_to_learn, start=1):
        counts = gap_counts(people, skill.id)
        rows.append([skill.name, *[str(counts.get(c, 0)) for c in GAP_COLUMNS]])
        for column, key in enumerate(GAP_COLUMNS, start=1):
            share = counts.get(key, 0) / total if total else 0
            tone = 1 - 0.45 * share  # grey, never so dark that the black number is lost
            cell = (column, index)
            shades.append(("BACKGROUND", cell, cell, colors.Color(tone, tone, tone)))
    width = sheet.geometry.frame_width
    return sheet.table(rows, [width - 5 * 22 * mm] + [22 * mm] * 5, shades)
