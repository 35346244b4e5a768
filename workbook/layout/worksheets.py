"""Pathway + playbook + plan → the worksheets the tasks call for, each starting on a new page.

Which worksheets a workbook gets, and how many copies, is decided by the pathway's content; the
words on them come from content/workbook.yaml and the playbook. The application log and the
interview tracker are sized from the plan: one row per planned application, and one per
interview the plan expects (workbook.plan.expected_interviews); `copies` rows when the pathway
sets no pace.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from workbook.content import Worksheet
from workbook.layout.context import Context, sheet_key
from workbook.plan import expected_interviews
from workbook.render.flowables import Fields, Heading, WritingBox, WritingLines
from workbook.render.theme import WRITING_LINE


def worksheets(ctx: Context) -> list[Flowable]:
    sheets = [sheet for sheet in ctx.pathway.worksheets if sheet.kind in DRAW]
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
        )
        flowables += [heading, ctx.para(sheet.purpose, ctx.styles.small)]
        flowables += DRAW[sheet.kind](ctx, sheet)
    return flowables


def _interview_notes(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    words = ctx.text.sheets["interview-notes"]
    flowables: list[Flowable] = []
    for number in range(1, sheet.copies + 1):
        boxes = [WritingBox([ctx.para(p, ctx.styles.cell_bold)], 2) for p in words.prompts]
        block = [
            ctx.para(f"Interview {number}", ctx.styles.h3),
            Fields([ctx.fonts.plain(f) for f in words.fields], ctx.fonts.regular),
            *[item for box in boxes for item in (box, Spacer(0, 2))],
        ]
        flowables.append(KeepTogether(block))
    return flowables


def _roadmap(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    words = ctx.text.sheets["roadmap"]
    fields = [ctx.fonts.plain(f) for f in words.fields]
    header = [ctx.cell("", bold=True)] + [ctx.cell(c, bold=True) for c in words.columns]
    rows = [header] + [
        [ctx.cell(theme, bold=True)] + [WritingLines(4) for _ in words.columns]
        for theme in words.prompts
    ]
    width = ctx.geometry.frame_width
    column = (width - 28 * mm) / len(words.columns)
    table = ctx.table(rows, [28 * mm] + [column] * len(words.columns))
    return [
        Fields(fields[:1], ctx.fonts.regular),
        Fields(fields[1:], ctx.fonts.regular),
        Spacer(0, 6),
        table,
    ]


def _resume(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    words = ctx.text.sheets["resume-rewrites"]
    width = ctx.geometry.frame_width
    examples = [[ctx.cell(h, bold=True) for h in ("Weak", "Strong", "Why it works")]]
    examples += [
        [ctx.cell(r.weak), ctx.cell(r.strong), ctx.para(r.why, ctx.styles.small)]
        for r in ctx.playbook.resume_rewrites
    ]
    rows = [[ctx.cell(c, bold=True) for c in words.columns]]
    rows += [[WritingLines(3), WritingLines(3)] for _ in range(sheet.copies)]
    return [
        ctx.para("Examples", ctx.styles.h3),
        ctx.table(examples, [width * 0.3, width * 0.4, width * 0.3]),
        ctx.para("Your rewrites", ctx.styles.h3),
        ctx.table(rows, [width * 0.45, width * 0.55]),
    ]


def _applications(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    words = ctx.text.sheets["application-log"]
    count = ctx.plan.applications or sheet.copies
    if ctx.plan.applications:
        ctx_line = f"Your plan sends {count} applications: one row each."
    else:
        ctx_line = f"Room for {count} applications."
    width = ctx.geometry.frame_width
    shares = (0.1, 0.2, 0.2, 0.14, 0.14, 0.22)
    rows = [[ctx.cell(c, bold=True) for c in words.columns]]
    rows += [[_Blank() for _ in words.columns] for _ in range(count)]
    return [
        ctx.para(ctx_line, ctx.styles.small),
        ctx.table(rows, [width * share for share in shares]),
    ]


def _interview_tracker(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    words = ctx.text.sheets["interview-tracker"]
    interviews = ctx.playbook.interviews
    stages = [stage.name for stage in interviews.stages]
    width = ctx.geometry.frame_width
    first = 38 * mm
    column = (width - first) / len(stages)
    rows = [[ctx.cell(c, bold=True) for c in [*words.columns, *stages]]]
    count = expected_interviews(ctx.plan.applications) or sheet.copies
    rows += [[_Blank() for _ in range(len(stages) + 1)] for _ in range(count)]
    flowables: list[Flowable] = [
        ctx.para(interviews.overview, ctx.styles.small),
        ctx.para(" ".join(words.intro), ctx.styles.legend),
        ctx.table(rows, [first] + [column] * len(stages)),
        ctx.para("Preparing for each stage and round", ctx.styles.h3),
    ]
    for stage in [*interviews.stages, *interviews.onsite_rounds]:
        title = stage.name + (f" · {stage.duration}" if stage.duration else "")
        parts = [
            ctx.para(title, ctx.styles.cell_bold),
            ctx.para(stage.what_it_tests, ctx.styles.hint),
        ]
        parts += [ctx.para(p, ctx.styles.small) for p in words.prompts]
        flowables += [WritingBox(parts, 4), Spacer(0, 4)]
    return flowables


class _Blank(Flowable):
    """An empty table cell one writing line high."""

    def wrap(self, avail_width, avail_height):
        return avail_width, WRITING_LINE - 6

    def draw(self):
        pass


DRAW = {
    "interview-notes": _interview_notes,
    "roadmap": _roadmap,
    "resume-rewrites": _resume,
    "application-log": _applications,
    "interview-tracker": _interview_tracker,
}
