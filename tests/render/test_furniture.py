"""Repeated page furniture (hours boxes, ruled writing lines, sketch grids) is drawn once per
file as a form XObject, and every page that shows it places that one form."""

from __future__ import annotations

import re
from collections import Counter

from conftest import AI_PM, build


def placed(pdf, page: int) -> list[str]:
    """The form XObjects that page `page` (1-based) places, in order."""
    content = pdf.reader.pages[page - 1].get_contents().get_data()
    return [name.decode() for name in re.findall(rb"/FormXob\.([\w.-]+) Do", content)]


def test_every_weekly_page_places_the_one_hours_grid_and_shared_ruled_lines(library):
    pdf = build(library, pathway=AI_PM)
    weeks = [page for _, title, page in pdf.outline() if title.startswith("Week ")]
    grids = {name for page in weeks for name in placed(pdf, page) if name.startswith("boxes-")}
    assert len(grids) == 1  # the same seven days and total on every week's page
    ruled = [name for page in weeks for name in placed(pdf, page) if name.startswith("ruled-")]
    assert len(ruled) >= 3 * len(weeks) > len(set(ruled))  # each size stored once, placed often


def test_a_form_is_stored_once_however_often_it_is_placed(library):
    pdf = build(library, pathway=AI_PM)
    pages = range(1, len(pdf.reader.pages) + 1)
    names = Counter(name for page in pages for name in placed(pdf, page))
    stored = {
        reference.idnum
        for page in pdf.reader.pages
        for reference in page["/Resources"].get("/XObject", {}).values()
    }
    assert len(stored) == len(names)  # one object for each form, whatever pages place it
    assert sum(names.values()) > 3 * len(names)
