"""Pathway + plan → the learner's own tools: the interview story bank, the networking tracker and
the salary negotiation sheet (the portfolio brief is a form kind, drawn by layout/forms.py).

Their words come from content/workbook.yaml (`sheets`); the story bank's questions and the pay
ranges come from the pathway's sheet, so that each book asks only what its own seed supports.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from workbook import fieldnames
from workbook.content import Worksheet
from workbook.layout.context import Context, sheet_key
from workbook.layout.forms import form
from workbook.layout.tables import WholePages, blank_rows, header
from workbook.render.flowables import Heading

QUESTION_SHARES = (0.22, 0.63, 0.15)  # topic, question, story number
NETWORK_SHARES = (0.24, 0.2, 0.1, 0.26, 0.2)
NETWORK_ROWS = 20  # at least; the table runs on to the foot of its last page
PAY_SHARES = (0.3, 0.25, 0.45)


def story_bank(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    """The pathway's question bank, then a page per story in STAR form."""
    words = ctx.text.sheets["story-bank"]
    rows = [[ctx.cell(c, bold=True) for c in words.columns]]
    rows += [
        [ctx.cell(q.topic), ctx.cell(f"{n}. {q.text}"), ctx.cell("")]
        for n, q in enumerate(sheet.questions, 1)
    ]
    widths = ctx.shares(rows, *QUESTION_SHARES)
    flowables: list[Flowable] = [ctx.para(line, ctx.styles.small) for line in words.intro]
    flowables.append(ctx.table(rows, widths))
    one = sheet.model_copy(update={"copies": 1})
    for number in range(1, sheet.copies + 1):
        title, key = f"Story {number}", f"{sheet_key(sheet.id)}-{number}"
        heading = Heading(title, ctx.styles.h2, key=key, outline=title, level=2, toc=False)
        flowables += [PageBreak(), heading, *form(ctx, one, first=number)]
    return flowables


def networking(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    """A row per person met, to the foot of the last page."""
    words = ctx.text.sheets["networking"]
    widths = ctx.shares([header(ctx, words.columns)], *NETWORK_SHARES)
    rows = max(sheet.copies, NETWORK_ROWS)
    cells = fieldnames.sheet(sheet.id, 1)
    return [
        *[ctx.para(line, ctx.styles.small) for line in words.intro],
        WholePages(
            lambda count, first: blank_rows(ctx, words.columns, count, widths, cells, first),
            rows,
            ctx.geometry.frame_height,
        ),
    ]


def salary(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    """What the seed says the move pays, then the negotiation written out as a form."""
    flowables: list[Flowable] = [ctx.para("What the page says", ctx.styles.h3)]
    if sheet.change:
        flowables.append(ctx.para(sheet.change))
    if sheet.pay:
        rows = [[ctx.cell(h, bold=True) for h in ("Role", "Pay", "Where the page says it")]]
        rows += [
            [ctx.cell(pay.role, bold=True), ctx.cell(pay.range), ctx.cell(pay.source)]
            for pay in sheet.pay
        ]
        widths = ctx.shares(rows, *PAY_SHARES)
        flowables.append(ctx.table(rows, widths))
    else:
        flowables.append(
            ctx.para("The page gives no pay ranges for this role: your research below is the base.")
        )
    return [*flowables, Spacer(0, 4), *form(ctx, sheet)]
