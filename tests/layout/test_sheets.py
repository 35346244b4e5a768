"""Worksheet pages as numbers: every page of a sheet's parts is filled to near its foot."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from reportlab.platypus import Spacer

from conftest import PATHWAY_IDS
from workbook.layout.worksheets import DRAW
from workbook.render.flowables import FilledPages, Part, _height

sys.path.insert(0, str(Path(__file__).parent.parent / "render"))
from test_worksheets import context


def pages_used(pages: FilledPages, width: float, first: float) -> list[float]:
    """The share of its room that each page of `pages` fills, the first page starting `first`
    points from the foot."""
    used, room, rest = [], first, pages
    while rest is not None:
        if _height([part for p in rest.parts for part in p.make(0)], width) <= room:
            rest.wrap(width, room)
            used.append(rest.height / room)
            break
        parts = rest.split(width, room)
        assert parts, "a fresh page holds at least one part"
        *page, tail = parts
        used.append(_height(page, width) / room)
        rest, room = tail, rest.page
    return used


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_every_page_of_a_sheet_is_filled_to_its_foot(library, pathway_id, paper):
    ctx = context(library, pathway_id, paper)
    width, height = ctx.geometry.frame_width, ctx.geometry.frame_height
    checked = 0
    for sheet in ctx.pathway.worksheets:
        for flowable in DRAW[sheet.kind](ctx, sheet):
            if isinstance(flowable, FilledPages):
                for share in pages_used(flowable, width, height * 0.8):
                    assert share >= 0.85, (sheet.id, share)
                checked += 1
    assert checked


def test_a_part_taller_than_a_page_starts_at_the_top_of_one():
    tall = Part(lambda extra: [Spacer(0, 300), Spacer(0, 300)], 1.0)
    pages = FilledPages([tall], 500)
    assert pages.split(400, 200) == []  # mid-page: it moves on rather than split badly
    assert len(pages.split(400, 500)) == 2  # at a page's top: printed as it is
