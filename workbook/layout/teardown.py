"""Pathway + playbook → product teardown worksheets: one per named product, then blank ones.

The sheet opens with what this role looks for in a teardown (the pathway's focus). Every
teardown starts on a new page and is a two-page spread: the playbook's prompts followed by the
pathway's own, each in a box with ruled lines for handwriting, two boxes to a row.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from workbook.content import Example, Worksheet
from workbook.layout.context import Context, sheet_key
from workbook.render.flowables import Fields, Heading, WritingBox

LINES = 4
KEEP_AND_IMPROVE = "keep-and-improve"


def teardowns(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    flowables: list[Flowable] = [ctx.para(ctx.pathway.teardown.focus, ctx.styles.prompt)]
    fields = ctx.text.sheets["teardown"].fields
    boxes = prompts(ctx)
    for number, product in enumerate([*sheet.products, *[""] * sheet.copies], 1):
        title = f"Teardown {number}: {product or '________________'}"
        outline = f"Teardown {number}: {product or 'your choice'}"
        key = f"{sheet_key(sheet.id)}-{number}"
        heading = Heading(
            ctx.safe(title), ctx.styles.h3, key=key, outline=outline, level=2, toc=False
        )
        flowables += [PageBreak()] if number > 1 else []
        flowables += [
            heading,
            Fields([ctx.fonts.plain(f) for f in fields], ctx.fonts.regular),
            _grid(ctx, [_box(ctx, prompt) for prompt in boxes]),
        ]
    return flowables


def prompts(ctx: Context) -> list[Example]:
    return [*ctx.playbook.teardown_prompts, *ctx.pathway.teardown.prompts]


def _box(ctx: Context, prompt: Example) -> WritingBox:
    parts = [
        ctx.para(prompt.title, ctx.styles.cell_bold),
        ctx.para(prompt.prompt, ctx.styles.hint),
    ]
    lines = 6 if prompt.id == KEEP_AND_IMPROVE else LINES
    return WritingBox(parts, lines)


def _grid(ctx: Context, boxes: list[WritingBox]) -> Table:
    """Boxes two to a row; a row may move to the next page but never splits."""
    half = ctx.geometry.frame_width / 2
    rows = []
    for i in range(0, len(boxes), 2):
        pair = boxes[i : i + 2]
        tallest = max(box.wrap(half - 2 * mm, ctx.geometry.frame_height)[1] for box in pair)
        for box in pair:
            box.min_height = tallest
        rows.append(pair + [""] * (2 - len(pair)))
    table = Table(rows, colWidths=[half, half], hAlign="LEFT")
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
