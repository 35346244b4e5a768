"""Plan + pathway → which weeks call for each worksheet, tool and review, and the index at the back.

A sheet is called for in every working week that holds work of a task or step naming it; its
heading says so ("Used in weeks 5, 9–12"), each run linked to the first of its weekly pages.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from workbook.layout.context import Context, sheet_key
from workbook.layout.review import printed_reviews, review_key
from workbook.plan import Plan
from workbook.render.document import book_section
from workbook.render.flowables import Deferred, Para

INDEX_SHARES = (0.5, 0.14, 0.36)  # title, page, weeks


def weeks_calling(plan: Plan, sheet_id: str) -> list[int]:
    """The working weeks that hold work of an item naming the sheet, in order."""
    items = {item.id for item in plan.items if sheet_id in item.worksheets}
    return [w.number for w in plan.working_weeks if any(x.item_id in items for x in w.work)]


def used_in(ctx: Context, sheet_id: str) -> list[Flowable]:
    """The line under a sheet's heading that names the weeks calling for it (none: nothing)."""
    numbers = weeks_calling(ctx.plan, sheet_id)
    if not numbers:
        return []
    return [Para(f"Used in {ctx.weeks_ref(numbers)}.", ctx.styles.small)]


@book_section("index")
def index(ctx: Context) -> list[Flowable]:
    """Every sheet and review with its page and the weeks that call for it."""
    header = [ctx.cell(h, bold=True) for h in ("Worksheet or tool", "Page", "Used in")]
    rows = [header]
    for sheet in ctx.pathway.worksheets:
        numbers = weeks_calling(ctx.plan, sheet.id)
        used = ctx.weeks_ref(numbers) if numbers else ""
        rows.append(_row(ctx, sheet_key(sheet.id), sheet.title, used))
    for number, span in printed_reviews(ctx):
        weeks = f"after {ctx.weeks_ref([span.span.last])}"
        rows.append(_row(ctx, review_key(span.phase_id), f"Review {number}: {span.name}", weeks))
    widths = ctx.shares(rows, *INDEX_SHARES)
    return [*ctx.section("index", "Index of worksheets and tools"), ctx.table(rows, widths)]


def _row(ctx: Context, key: str, title: str, used: str) -> list[Flowable]:
    link = ctx.link(key, ctx.safe(title))
    return [
        Para(link, ctx.styles.cell),
        Deferred(lambda: ctx.page_ref(key), ctx.styles.cell),
        Para(used, ctx.styles.cell),
    ]
