"""The timeline section's flowables measured without a PDF: each chart page fits its page, and no
milestone key entry wraps."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, PageBreak, Table

from conftest import PATHWAY_IDS, make_profile
from workbook import build
from workbook.layout.context import Context
from workbook.layout.timeline import Gantt, timeline
from workbook.options import Options
from workbook.plan import make_plan
from workbook.render.fonts import load_fonts
from workbook.render.theme import Styles

FONTS = load_fonts()
STYLES = Styles(FONTS)  # the same styles build.context makes
CANVAS = Canvas(io.BytesIO())  # measuring only: nothing is drawn


def context(library, paper: str, **changes) -> Context:
    profile = make_profile(**changes)
    pathway = library.pathways[profile.pathway]
    plan = make_plan(pathway, profile)
    return build.context(library, pathway, profile, Options(paper=paper), plan)


def pages(flowables) -> list[list]:
    found = [[]]
    for flowable in flowables:
        if isinstance(flowable, PageBreak):
            found.append([])
        else:
            found[-1].append(flowable)
    return found


def height(flowables, width: float) -> float:
    total = 0.0
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            total += height(flowable._content, width)
            continue
        total += flowable.wrapOn(CANVAS, width, 10_000)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def key_tables(flowables) -> list[Table]:
    return [
        part
        for flowable in flowables
        if isinstance(flowable, KeepTogether)
        for part in flowable._content
        if isinstance(part, Table)
    ]


CHARTS = [
    (pathway, paper, hours)
    for pathway in PATHWAY_IDS
    for paper in ("a4", "letter")
    for hours in (1, 3.5, 12.5, 60)
]


@pytest.mark.parametrize(("pathway", "paper", "hours"), CHARTS)
def test_each_chart_page_fits_its_page_with_its_key(library, pathway, paper, hours):
    ctx = context(library, paper, pathway=pathway, hours_per_week=hours)
    frame = ctx.geometry.landscape
    chart_pages = pages(timeline(ctx).content)
    assert len(chart_pages) == len(
        [f for page in chart_pages for f in page if isinstance(f, Gantt)]
    )
    for page in chart_pages:
        assert height(page, frame.frame_width) <= frame.frame_height


@pytest.mark.parametrize(("pathway", "paper", "hours"), CHARTS)
def test_no_milestone_key_entry_wraps(library, pathway, paper, hours):
    ctx = context(library, paper, pathway=pathway, hours_per_week=hours)
    flowables = timeline(ctx).content
    tables = key_tables(flowables)
    keyed = sum(len(f.page.milestones) for f in flowables if isinstance(f, Gantt))
    assert keyed == len(ctx.plan.milestones)
    one_line = STYLES.cell.leading + 3 + 4  # ruled_table's top and bottom padding
    for table in tables:
        table.wrapOn(CANVAS, ctx.geometry.landscape.frame_width, 10_000)
        assert all(row == pytest.approx(one_line) for row in table._rowHeights)
