"""Pathway + playbook → product teardown worksheets: one per named product, then blank ones.

The sheet opens with what this role looks for in a teardown (the pathway's focus). Every
teardown starts on a new page: the pathway's own prompts (after the playbook's, which are the AI
PM's, on a sheet marked `essay_examples`), each in a box
with ruled lines for handwriting, two boxes to a row; the rows are shared out evenly over as few
pages as hold them, and their boxes grow to the foot of each page.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from workbook import fieldnames
from workbook.content import Example, Worksheet
from workbook.layout.context import Context, sheet_key
from workbook.layout.tables import sheet_fields
from workbook.render.flowables import Fields, FilledPages, Heading, Part, WritingBox, lines_in

LINES = 3
KEEP_AND_IMPROVE = "keep-and-improve"


def teardowns(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    flowables: list[Flowable] = [ctx.para(ctx.pathway.teardown.focus, ctx.styles.prompt)]
    fields = ctx.text.sheets["teardown"].fields
    boxes = prompts(ctx, sheet)
    for number, product in enumerate([*sheet.products, *[""] * sheet.copies], 1):
        title = f"Teardown {number}: {product or '________________'}"
        outline = f"Teardown {number}: {product or 'your choice'}"
        key = f"{sheet_key(sheet.id)}-{number}"
        heading = Heading(
            ctx.safe(title), ctx.styles.h3, key=key, outline=outline, level=2, toc=False
        )
        rows = [_row(ctx, sheet, number, boxes[i : i + 2]) for i in range(0, len(boxes), 2)]
        labels = [ctx.fonts.plain(f) for f in fields]
        names = sheet_fields(ctx, sheet.id, number, labels)
        rows[0] = rows[0].after([Fields(labels, ctx.fonts.regular, names)])
        flowables += [PageBreak()] if number > 1 else []
        flowables += [heading, FilledPages(rows, ctx.geometry.frame_height)]
    return flowables


def prompts(ctx: Context, sheet: Worksheet) -> list[Example]:
    essay = ctx.playbook.teardown_prompts if sheet.essay_examples else []
    return [*essay, *ctx.pathway.teardown.prompts]


def _lines(prompt: Example) -> int:
    return 6 if prompt.id == KEEP_AND_IMPROVE else LINES


def _row(ctx: Context, sheet: Worksheet, number: int, pair: list[Example]) -> Part:
    """Two boxes side by side, as tall as the taller; they grow by whole lines together."""

    def make(extra: float) -> list[Flowable]:
        boxes = [
            WritingBox(
                [ctx.para(p.title, ctx.styles.cell_bold), ctx.para(p.prompt, ctx.styles.hint)],
                _lines(p) + lines_in(extra),
                ctx.field(fieldnames.sheet_part(sheet.id, number, p.id)),
            )
            for p in pair
        ]
        return [_table(ctx, boxes)]

    return Part(make, 1.0)


def _table(ctx: Context, boxes: list[WritingBox]) -> Table:
    """One row of two boxes of equal height."""
    half = ctx.geometry.frame_width / 2
    tallest = max(box.wrap(half - 2 * mm, ctx.geometry.frame_height)[1] for box in boxes)
    for box in boxes:
        box.min_height = tallest
    table = Table([boxes + [""] * (2 - len(boxes))], colWidths=[half, half], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 2 * mm),
                ("LEFTPADDING", (1, 0), (1, -1), 2 * mm),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
                ("FONTNAME", (0, 0), (-1, -1), ctx.fonts.regular),
            ]
        )
    )
    return table
