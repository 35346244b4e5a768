"""Worksheets drawn as tables: the roadmap, resume rewrites, the application log, the interview
tracker, and the blank rows that forms use for their tables.

The application log and the interview tracker are sized from the plan: one row per planned
application, and one per interview the plan expects (workbook.plan.expected_interviews); `copies`
rows when the pathway sets no pace. The application log then runs on to the foot of its last
page, so that no page holds a header and a few rows only.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from workbook import fieldnames
from workbook.content import Interviews, Stage, Worksheet
from workbook.layout.context import Context, sheet_key
from workbook.plan import expected_interviews
from workbook.render.flowables import (
    Blank,
    Fields,
    FilledPages,
    Para,
    Part,
    WritingBox,
    WritingLines,
    lines_in,
)
from workbook.render.theme import WRITING_LINE


def roadmap(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    words = ctx.text.sheets["roadmap"]
    fields = [ctx.fonts.plain(f) for f in words.fields]
    header = [ctx.cell("", bold=True)] + [ctx.cell(c, bold=True) for c in words.columns]
    rows = [header] + [
        [ctx.cell(theme, bold=True)]
        + [
            WritingLines(4, field=ctx.field(fieldnames.sheet_part(sheet.id, 1, f"{theme} {c}")))
            for c in words.columns
        ]
        for theme in words.prompts
    ]
    table = ctx.table(rows, ctx.columns(rows, 28 * mm, *[None] * len(words.columns)))
    return [
        Fields(fields[:1], ctx.fonts.regular, sheet_fields(ctx, sheet.id, 1, fields[:1])),
        Fields(fields[1:], ctx.fonts.regular, sheet_fields(ctx, sheet.id, 1, fields[1:])),
        Spacer(0, 6),
        table,
    ]


def resume(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    """Rows to rewrite in, to the foot of the last page; the essay's before-and-after examples on
    the essay's own move only."""
    words = ctx.text.sheets["resume-rewrites"]
    flowables: list[Flowable] = [ctx.para(line, ctx.styles.small) for line in words.intro]
    if sheet.essay_examples:
        examples = [[ctx.cell(h, bold=True) for h in ("Weak", "Strong", "Why it works")]]
        examples += [
            [ctx.cell(r.weak), ctx.cell(r.strong), ctx.para(r.why, ctx.styles.small)]
            for r in ctx.playbook.resume_rewrites
        ]
        flowables += [
            ctx.para("Examples", ctx.styles.h3),
            ctx.table(examples, ctx.shares(examples, 0.3, 0.4, 0.3)),
            ctx.para("Your rewrites", ctx.styles.h3),
        ]
    header = [ctx.cell(c, bold=True) for c in words.columns]
    widths = ctx.shares([header], 0.45, 0.55)

    def table(count: int, first: int) -> Table:
        def lines(row: int, column: str) -> WritingLines:
            name = fieldnames.table_cell(fieldnames.sheet(sheet.id, 1), first + row, column)
            return WritingLines(RESUME_LINES, field=ctx.field(name))

        rows = [[lines(n, c) for c in words.columns] for n in range(1, count + 1)]
        return ctx.table([header, *rows], widths)

    return [*flowables, WholePages(table, sheet.copies, ctx.geometry.frame_height)]


RESUME_LINES = 3
APPLICATION_SHARES = (0.1, 0.2, 0.2, 0.14, 0.14, 0.22)


def application_log(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    words = ctx.text.sheets["application-log"]
    count = ctx.plan.applications or sheet.copies
    if ctx.plan.applications:
        line = f"Your plan sends {count} applications: one row each"
    else:
        line = f"Room for {count} applications"
    line += ", and spare rows to the foot of the last page."
    widths = ctx.shares([header(ctx, words.columns)], *APPLICATION_SHARES)
    cells = fieldnames.sheet(sheet.id, 1)
    return [
        ctx.para(line, ctx.styles.small),
        WholePages(
            lambda rows, first: blank_rows(ctx, words.columns, rows, widths, cells, first),
            count,
            ctx.geometry.frame_height,
        ),
    ]


def interview_tracker(ctx: Context, sheet: Worksheet) -> list[Flowable]:
    """A row per expected interview and a column per stage; then a box per stage and round to
    prepare in, and in the behavioural rounds a box of its own for the story, pointing to the
    story bank."""
    words = ctx.text.sheets["interview-tracker"]
    loop: Interviews = ctx.pathway.interviews or ctx.playbook.interviews  # content checks which
    count = expected_interviews(ctx.plan.applications) or sheet.copies
    columns = [*words.columns, *[stage.name for stage in loop.stages]]
    widths = ctx.columns([header(ctx, columns)], 38 * mm, *[None] * len(loop.stages))
    parts = [_stage(ctx, sheet, stage) for stage in [*loop.stages, *loop.onsite_rounds]]
    parts[0] = parts[0].after([ctx.para("Preparing for each stage and round", ctx.styles.h3)])
    return [
        ctx.para(loop.overview, ctx.styles.small),
        ctx.para(" ".join(words.intro), ctx.styles.legend),
        blank_rows(ctx, columns, count, widths, fieldnames.sheet(sheet.id, 1)),
        FilledPages(parts, ctx.geometry.frame_height),
    ]


STAGE_LINES = 3


def _stage(ctx: Context, sheet: Worksheet, stage: Stage) -> Part:
    """A stage's box: what it tests and what to practise; a story box beside it in a
    behavioural round, with the story bank's page when the book has one."""
    words = ctx.text.sheets["interview-tracker"]
    title = stage.name + (f" · {stage.duration}" if stage.duration else "")
    parts = [
        ctx.para(title, ctx.styles.cell_bold),
        ctx.para(stage.what_it_tests, ctx.styles.hint),
        *[ctx.para(p, ctx.styles.small) for p in words.prompts],
    ]
    bank = next((s for s in ctx.pathway.worksheets if s.kind == "story-bank"), None)
    story = stage.story and words.story
    field = ctx.field(fieldnames.sheet_part(sheet.id, 1, stage.name))
    story_field = ctx.field(fieldnames.sheet_part(sheet.id, 1, f"{stage.name} story"))

    def make(extra: float) -> list[Flowable]:
        more = lines_in(extra)
        if not story:
            return [WritingBox(parts, STAGE_LINES + more, field), Spacer(0, 4)]
        markup = ctx.safe(words.story) + (f" {ctx.page_ref(sheet_key(bank.id))}" if bank else "")
        prompt = Para(markup, ctx.styles.small)
        return [
            WritingBox(parts, STAGE_LINES + more // 2, field),
            Spacer(0, 2),
            WritingBox([prompt], STAGE_LINES + more - more // 2, story_field),
            Spacer(0, 4),
        ]

    return Part(make, 2.0 if story else 1.0)


def blank_rows(
    ctx: Context,
    columns: list[str],
    count: int,
    widths: list[float],
    cells: str | None = None,
    first: int = 0,
) -> Table:
    """A header of `columns` over `count` empty rows, each one writing line high. In the fillable
    edition each cell is a form field named from `cells` (a prefix, see fieldnames.table_cell),
    its row counted after the `first` rows that come before these."""

    def cell(row: int, column: str) -> Blank:
        name = fieldnames.table_cell(cells, first + row, column) if cells else None
        return Blank(ROW - 7, ctx.field(name), pad=3.5)

    rows = [header(ctx, columns)]
    rows += [[cell(row, column) for column in columns] for row in range(1, count + 1)]
    return ctx.table(rows, widths)


def sheet_fields(ctx: Context, sheet_id: str, copy: int, labels: list[str]) -> list[str] | None:
    """The form fields of a worksheet's labelled write-in lines, in the fillable edition."""
    if not ctx.fillable:
        return None
    return [fieldnames.sheet_part(sheet_id, copy, label) for label in labels]


def header(ctx: Context, columns: list[str]) -> list[Flowable]:
    return [ctx.cell(c, bold=True) for c in columns]


def rows_in(extra: float) -> int:
    """Whole blank rows in `extra` points."""
    return int(extra // ROW)


ROW = WRITING_LINE + 1  # a blank row: the cell's height and the table's padding (3 + 4)


class WholePages(Flowable):
    """A table of at least `rows` blank rows that runs on to the foot of its last page.

    `make(n, first)` builds the table with n rows after the `first` ones. Each page takes as
    many rows as fit under the repeated header; the last page is filled too, so the count is
    rounded up to whole pages.
    `page` is a whole frame's height: more room than that is a measurement, not a page.
    """

    def __init__(self, make: Callable[[int, int], Table], rows: int, page: float, first: int = 0):
        super().__init__()
        self.make = make
        self.rows = rows
        self.page = page
        self.first = first
        self.table: Table | None = None

    def fitting(self, avail_width: float, avail_height: float) -> int:
        """How many rows fit under the header in `avail_height`."""
        one = self.make(1, 0).wrap(avail_width, avail_height)[1]
        row = self.make(2, 0).wrap(avail_width, avail_height)[1] - one
        return max(0, int((avail_height - (one - row)) // row + 1e-6))

    def wrap(self, avail_width, avail_height):
        if avail_height > self.page + 1:  # measured, not laid out: a heading keeps with 2 rows
            self.table = self.make(min(self.rows, 2), self.first)
        else:
            rows = max(self.rows, self.fitting(avail_width, avail_height))
            self.table = self.make(rows, self.first)
        return self.table.wrap(avail_width, avail_height)

    def split(self, avail_width, avail_height):
        fit = self.fitting(avail_width, avail_height)
        if fit == 0:
            return []
        if fit >= self.rows:
            return [self.make(fit, self.first)]
        rest = WholePages(self.make, self.rows - fit, self.page, self.first + fit)
        return [self.make(fit, self.first), rest]

    def draw(self):
        self.table.drawOn(self.canv, 0, 0)
