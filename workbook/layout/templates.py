"""Playbook + pathway → the PRD template (several pages) and the one-page decision memo.

Each section has its one-line prompt, a short worked example drawn from the essay, and ruled
space to write in. A pathway leans the PRD its own way with a focus line and sections of its own.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepInFrame, KeepTogether, PageBreak

from workbook.content import Example, Worksheet
from workbook.layout.context import Context, sheet_key
from workbook.render.flowables import Fields, Heading, WritingLines

PRD_LINES = 5
MEMO_LINES = 3


def prd(ctx: Context) -> list[Flowable]:
    flowables = ctx.section("prd", "PRD template")
    sections = [*ctx.playbook.prd_sections, *ctx.pathway.prd.prompts]
    for copy, sheet in enumerate(_sheets(ctx, "prd")):
        if copy:
            flowables.append(PageBreak())
        flowables += [
            _sheet_heading(ctx, sheet, copy),
            ctx.para(sheet.purpose, ctx.styles.small),
            ctx.para(ctx.pathway.prd.focus, ctx.styles.prompt),
            _fields(ctx, "prd"),
        ]
        flowables += [KeepTogether(_section(ctx, section, PRD_LINES)) for section in sections]
    return flowables


def decision_memo(ctx: Context) -> list[Flowable]:
    flowables = ctx.section("memo", "Decision memo")
    for copy, sheet in enumerate(_sheets(ctx, "decision-memo")):
        if copy:
            flowables.append(PageBreak())
        body = [ctx.para(sheet.purpose, ctx.styles.small), _fields(ctx, "decision-memo")]
        for section in ctx.playbook.decision_memo:
            body += _section(ctx, section, MEMO_LINES)
        height = ctx.geometry.frame_height - (60 if copy == 0 else 30)
        flowables += [
            _sheet_heading(ctx, sheet, copy),
            KeepInFrame(ctx.geometry.frame_width, height, body, mode="shrink"),
        ]
    return flowables


def _sheets(ctx: Context, kind: str) -> list[Worksheet]:
    """Every copy of every worksheet of this kind, in content order."""
    return [
        sheet for sheet in ctx.pathway.worksheets if sheet.kind == kind for _ in range(sheet.copies)
    ]


def _sheet_heading(ctx: Context, sheet: Worksheet, copy: int) -> Heading:
    key = sheet_key(sheet.id) if copy == 0 else f"{sheet_key(sheet.id)}-{copy + 1}"
    title = sheet.title if copy == 0 else f"{sheet.title} ({copy + 1})"
    return Heading(ctx.safe(title), ctx.styles.h2, key=key, outline=title, level=1, toc=copy == 0)


def _fields(ctx: Context, kind: str) -> Fields:
    return Fields([ctx.fonts.plain(f) for f in ctx.text.sheets[kind].fields], ctx.fonts.regular)


def _section(ctx: Context, section: Example, lines: int) -> list[Flowable]:
    parts = [ctx.para(section.title, ctx.styles.h3), ctx.para(section.prompt, ctx.styles.hint)]
    if section.example:
        parts.append(ctx.para(f"Example: {section.example}", ctx.styles.small))
    return [*parts, WritingLines(lines)]
