"""Pathway → the worksheets its tasks call for: one registry of worksheet kinds, and the section.

Which worksheets a workbook gets, and how many copies, is decided by the pathway's content; the
words on them come from content/workbook.yaml (`sheets`), the pathway and, for the AI PM's move
only, the essay. Every sheet starts on a new page under its own heading (bookmarked, so that a
weekly page's "→ p. N" can point at it), followed by its purpose and what its kind draws.

DRAW maps every kind of content.WorksheetKind to its drawer, `(ctx, sheet) → flowables`; a kind
without one fails tests/render/test_worksheets.py. Other modules may add their kinds to it.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, PageBreak

from workbook.content import FORM_KINDS, Worksheet
from workbook.layout.context import Context, sheet_key
from workbook.layout.forms import decision_memo, form, interview_notes, prd
from workbook.layout.index import used_in
from workbook.layout.tables import application_log, interview_tracker, resume, roadmap
from workbook.layout.teardown import teardowns
from workbook.layout.tools import networking, salary, story_bank
from workbook.render.document import book_section
from workbook.render.flowables import Heading

Drawer = Callable[[Context, Worksheet], list[Flowable]]

DRAW: dict[str, Drawer] = {
    "teardown": teardowns,
    "prd": prd,
    "decision-memo": decision_memo,
    "interview-notes": interview_notes,
    "roadmap": roadmap,
    "resume-rewrites": resume,
    "application-log": application_log,
    "interview-tracker": interview_tracker,
    **{kind: form for kind in FORM_KINDS},
    "story-bank": story_bank,
    "networking": networking,
    "salary": salary,
}


@book_section("worksheets")
def worksheets(ctx: Context) -> list[Flowable]:
    sheets = ctx.pathway.worksheets
    if not sheets:
        return []
    flowables = ctx.section("worksheets", "Worksheets")
    for index, sheet in enumerate(sheets):
        if index:
            flowables.append(PageBreak())
        heading = Heading(
            ctx.safe(sheet.title),
            ctx.styles.h2,
            key=sheet_key(sheet.id),
            outline=sheet.title,
            level=1,
            toc=False,  # the index at the back lists every sheet, so the contents stays one page
        )
        flowables += [heading, ctx.para(sheet.purpose, ctx.styles.small), *used_in(ctx, sheet.id)]
        flowables += DRAW[sheet.kind](ctx, sheet)
    return flowables
