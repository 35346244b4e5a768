"""Worksheets written section by section: the forms, the PRD, the decision memo, interview notes.

A form kind (content.FORM_KINDS: design brief, case study, runbook, ADR, ...) is only words: its
sections come from content/workbook.yaml and then from the pathway's sheet, each with a prompt,
the pathway's own worked example if it has one, and room to write or draw: ruled lines, a table,
or a dot or square grid. The PRD and the memo take their sections from the essay's playbook and
print its worked examples only on a sheet marked `essay_examples` (the AI PM's move). Nothing is
shrunk to fit: a section that does not fit moves whole to the next page, so every writing line
keeps the theme's pitch.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from workbook.content import Example, FormSection, Worksheet
from workbook.layout.context import Context, sheet_key
from workbook.layout.tables import blank_rows
from workbook.render.flowables import Fields, Grid, Heading, WritingBox, WritingLines
from workbook.render.theme import WRITING_LINE

PRD_LINES = 5
# The memo fits one page at 3 lines a section; with the essay's examples it runs onto a second,
# so each section gets the room that fills two.
MEMO_LINES = {False: 3, True: 5}
GRID_MIN = 100 * mm  # a grid that fills its page starts on a new one when less is left


def form(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    sections = [*ctx.text.sheets[sheet.kind].sections, *sheet.sections]
    flowables: list[Flowable] = []
    for copy in range(sheet.copies):
        flowables += _copy_start(ctx, sheet, copy) + _fields(ctx, sheet.kind)
        flowables += [part for section in sections for part in _form_section(ctx, section)]
    return flowables


def prd(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    sections = [*ctx.playbook.prd_sections, *ctx.pathway.prd.prompts]
    flowables: list[Flowable] = []
    for copy in range(sheet.copies):
        flowables += _copy_start(ctx, sheet, copy)
        flowables += [ctx.para(ctx.pathway.prd.focus, ctx.styles.prompt), *_fields(ctx, "prd")]
        flowables += [
            KeepTogether(_section(ctx, section, sheet, WritingLines(PRD_LINES)))
            for section in sections
        ]
    return flowables


def decision_memo(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    lines = MEMO_LINES[sheet.essay_examples]
    flowables: list[Flowable] = []
    for copy in range(sheet.copies):
        flowables += _copy_start(ctx, sheet, copy) + _fields(ctx, "decision-memo")
        flowables += [
            KeepTogether(_section(ctx, section, sheet, WritingLines(lines)))
            for section in ctx.playbook.decision_memo
        ]
    return flowables


def interview_notes(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    words = ctx.text.sheets["interview-notes"]
    flowables: list[Flowable] = []
    for number in range(1, sheet.copies + 1):
        boxes = [WritingBox([ctx.para(p, ctx.styles.cell_bold)], 2) for p in words.prompts]
        block = [
            ctx.para(f"Interview {number}", ctx.styles.h3),
            *_fields(ctx, "interview-notes"),
            *[item for box in boxes for item in (box, Spacer(0, 2))],
        ]
        flowables.append(KeepTogether(block))
    return flowables


def _copy_start(ctx: Context, sheet: Worksheet, copy: int) -> list[Flowable]:
    """Nothing for the first copy (the section printed the sheet's heading); a page of its own,
    under a bookmarked heading, for each further copy."""
    if copy == 0:
        return []
    title = f"{sheet.title} ({copy + 1})"
    key = f"{sheet_key(sheet.id)}-{copy + 1}"
    heading = Heading(ctx.safe(title), ctx.styles.h2, key=key, outline=title, level=1, toc=False)
    return [PageBreak(), heading]


def _fields(ctx: Context, kind: str) -> list[Flowable]:
    labels = ctx.text.sheets[kind].fields
    return [Fields([ctx.fonts.plain(f) for f in labels], ctx.fonts.regular)] if labels else []


def _form_section(ctx: Context, section: FormSection) -> list[Flowable]:
    if section.space == "lines" and section.columns:
        width = ctx.geometry.frame_width / len(section.columns)
        space = blank_rows(ctx, section.columns, section.lines, [width] * len(section.columns))
    elif section.space == "lines":
        space = WritingLines(section.lines)
    else:
        space = Grid(section.space, section.lines * WRITING_LINE, fill=section.fill)
    parts = _section(ctx, section, None, space)
    if section.fill:  # the grid takes the rest of the page, so give it most of one
        return [CondPageBreak(GRID_MIN), *parts]
    return [KeepTogether(parts)]


def _section(
    ctx: Context, section: Example, sheet: Worksheet | None, space: Flowable
) -> list[Flowable]:
    """Title, prompt, the worked example a sheet may print, then the room to answer in.

    A form's own sections carry only their pathway's examples (`sheet` is None); the playbook's
    sections are the essay's, printed on the essay's own move alone.
    """
    parts = [ctx.para(section.title, ctx.styles.h3), ctx.para(section.prompt, ctx.styles.hint)]
    if section.example and (sheet is None or sheet.essay_examples):
        parts.append(ctx.para(f"Example: {section.example}", ctx.styles.small))
    return [*parts, space]
