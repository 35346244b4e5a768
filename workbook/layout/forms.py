"""Worksheets written section by section: the forms, the PRD, the decision memo, interview notes.

A form kind (content.FORM_KINDS: design brief, case study, runbook, ADR, ...) is only words: its
sections come from content/workbook.yaml and then from the pathway's sheet, each with a prompt,
the pathway's own worked example if it has one, and room to write or draw: ruled lines, a table,
or a dot or square grid. The PRD and the memo take their sections from the essay's playbook and
print its worked examples only on a sheet marked `essay_examples` (the AI PM's move). Nothing is
shrunk to fit: the sections are shared out evenly over as few pages as hold them, and each page's
writing room then grows to its foot (FilledPages), every line at the theme's pitch.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from workbook import fieldnames
from workbook.content import Example, FormSection, Worksheet
from workbook.layout.context import Context, sheet_key
from workbook.layout.tables import blank_rows, rows_in, sheet_fields
from workbook.render.flowables import (
    Fields,
    FilledPages,
    Grid,
    Heading,
    Part,
    WritingBox,
    WritingLines,
    lines_in,
)
from workbook.render.theme import WRITING_LINE

PRD_LINES = 5
INTERVIEW_LINES = 2  # each interview box's lines at least
MEMO_LINES = 3  # the memo fits one page at 3 lines a section, then fills it
GRID_MIN = 100 * mm  # a grid that fills its page starts on a new one when less is left
FILL_SHARE = 1000.0  # a grid that fills its page takes all but a sliver of the room left


def form(ctx: Context, sheet: Worksheet, first: int = 1) -> list[Flowable]:
    """The sheet's copies, numbered from `first` (their form fields' names)."""
    sections = [*ctx.text.sheets[sheet.kind].sections, *sheet.sections]
    flowables: list[Flowable] = []
    for copy in range(sheet.copies):
        parts = [_form_part(ctx, section, sheet, first + copy) for section in sections]
        parts[0] = parts[0].after(_fields(ctx, sheet.kind, sheet, first + copy))
        flowables += [*_copy_start(ctx, sheet, copy), pages(ctx, parts)]
    return flowables


def prd(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    sections = [*ctx.playbook.prd_sections, *ctx.pathway.prd.prompts]
    flowables: list[Flowable] = []
    for copy in range(sheet.copies):
        parts = [_lines_part(ctx, s, sheet, PRD_LINES, copy + 1) for s in sections]
        fields = _fields(ctx, "prd", sheet, copy + 1)
        lead = [ctx.para(ctx.pathway.prd.focus, ctx.styles.prompt), *fields]
        parts[0] = parts[0].after(lead)
        flowables += [*_copy_start(ctx, sheet, copy), pages(ctx, parts)]
    return flowables


def decision_memo(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    flowables: list[Flowable] = []
    for copy in range(sheet.copies):
        parts = [
            _lines_part(ctx, s, sheet, MEMO_LINES, copy + 1) for s in ctx.playbook.decision_memo
        ]
        parts[0] = parts[0].after(_fields(ctx, "decision-memo", sheet, copy + 1))
        flowables += [*_copy_start(ctx, sheet, copy), pages(ctx, parts)]
    return flowables


def interview_notes(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    """One part per interview, its boxes sharing the room its page leaves: two interviews to a
    page where two fit, else one with boxes to the foot of the page."""
    words = ctx.text.sheets["interview-notes"]

    def interview(number: int) -> Part:
        def make(extra: float) -> list[Flowable]:
            more, over = divmod(lines_in(extra), len(words.prompts))  # the first boxes take over
            boxes = [
                WritingBox(
                    [ctx.para(p, ctx.styles.cell_bold)],
                    2 + more + (n < over),
                    ctx.field(fieldnames.sheet_part(sheet.id, number, p)),
                )
                for n, p in enumerate(words.prompts)
            ]
            return [
                ctx.para(f"Interview {number}", ctx.styles.h3),
                *_fields(ctx, "interview-notes", sheet, number),
                *[item for box in boxes for item in (box, Spacer(0, 2))],
            ]

        return Part(make, 1.0)

    return [pages(ctx, [interview(number) for number in range(1, sheet.copies + 1)])]


def pages(ctx: Context, parts: list[Part]) -> FilledPages:
    """Parts on balanced pages of this book's frame, each page filled to its foot."""
    return FilledPages(parts, ctx.geometry.frame_height)


def _copy_start(ctx: Context, sheet: Worksheet, copy: int) -> list[Flowable]:
    """Nothing for the first copy (the section printed the sheet's heading); a page of its own,
    under a bookmarked heading, for each further copy."""
    if copy == 0:
        return []
    title = f"{sheet.title} ({copy + 1})"
    key = f"{sheet_key(sheet.id)}-{copy + 1}"
    heading = Heading(ctx.safe(title), ctx.styles.h2, key=key, outline=title, level=1, toc=False)
    return [PageBreak(), heading]


def _fields(ctx: Context, kind: str, sheet: Worksheet, copy: int) -> list[Flowable]:
    labels = [ctx.fonts.plain(f) for f in ctx.text.sheets[kind].fields]
    if not labels:
        return []
    return [Fields(labels, ctx.fonts.regular, sheet_fields(ctx, sheet.id, copy, labels))]


def _form_part(ctx: Context, section: FormSection, sheet: Worksheet, copy: int) -> Part:
    """A form's section with its room: ruled lines, a table of blank rows or a grid, growing by
    its own size's share of what its page leaves; a grid with `fill` takes the rest of its page."""
    width = ctx.geometry.frame_width
    name = fieldnames.sheet_part(sheet.id, copy, section.title)

    def space(extra: float) -> Flowable:
        if section.space == "lines" and section.columns:
            widths = [width / len(section.columns)] * len(section.columns)
            rows = section.lines + rows_in(extra)
            return blank_rows(ctx, section.columns, rows, widths, name)
        if section.space == "lines":
            return WritingLines(section.lines + lines_in(extra), field=ctx.field(name))
        height = section.lines * WRITING_LINE
        return Grid(section.space, (max(GRID_MIN, height) if section.fill else height) + extra)

    share = FILL_SHARE if section.fill else float(section.lines)
    return Part(lambda extra: _section(ctx, section, None, space(extra)), share, section.fill)


def _lines_part(ctx: Context, section: Example, sheet: Worksheet, lines: int, copy: int) -> Part:
    field = ctx.field(fieldnames.sheet_part(sheet.id, copy, section.title))
    return Part(
        lambda extra: _section(
            ctx, section, sheet, WritingLines(lines + lines_in(extra), field=field)
        ),
        float(lines),
    )


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
