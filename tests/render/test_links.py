"""Every internal link leads where its words say: a page number to that page, a heading's words
to the page that carries them (contents, index, reviews, weeks, sheets)."""

from __future__ import annotations

import re

import pytest

from conftest import AI_PM, PATHWAY_IDS, example_profile, normalise
from workbook.plan import make_plan


def links(pdf) -> list[tuple[int, str, int]]:
    """(page, the words under the link, the page it leads to), 1-based, for every link."""
    found = []
    for number, page in enumerate(pdf.reader.pages, 1):
        annots = [a.get_object() for a in page.get("/Annots", [])]
        annots = [a for a in annots if a.get("/Dest") is not None]
        if not annots:
            continue
        runs = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text))

        page.extract_text(visitor_text=visit)
        for annot in annots:
            x0, y0, x1, y1 = (float(c) for c in annot["/Rect"])
            words = "".join(
                t for x, y, t in runs if x0 - 1 <= x <= x1 + 1 and y0 - 2 <= y <= y1 + 2
            )
            target = pdf.reader.get_page_number(annot["/Dest"][0].get_object()) + 1
            found.append((number, normalise(words).strip(" ."), target))
    return found


def check(pdf) -> int:
    checked = 0
    for page, words, target in links(pdf):
        words = words.split(" · ")[0]  # a run of text may go on past its link, after a " · "
        reference = re.search(r"p\. (\d+)", words)
        week = re.match(r"weeks? (\d+)", words)  # a timeline bar's caption: its first week's page
        if reference:
            assert int(reference.group(1)) == target, (page, words, target)
        elif week:
            heading = f"week {week.group(1)} ·"
            assert heading in normalise(pdf.pages[target - 1]).lower(), (page, words, target)
        elif re.search(r"[A-Za-z]{3}", words):
            lead = re.split(r"[:·(]", words)[0].strip(" ←→").lower()
            assert lead in normalise(pdf.pages[target - 1]).lower(), (page, words, target)
        else:
            continue
        checked += 1
    return checked


def test_every_link_of_the_example_book_leads_where_it_says(example_pdf):
    assert check(example_pdf) > 40


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_every_link_of_each_pathways_book_leads_where_it_says(short_books, pathway_id):
    assert check(short_books[pathway_id]) > 10


def test_a_weekly_page_links_to_the_weeks_either_side_and_the_timeline(example_pdf):
    pages = {title.split(" · ")[0]: page for _, title, page in example_pdf.outline()}
    week, timeline = pages["Week 2"], example_pdf.page_of("Your timeline")
    assert {pages["Week 1"], pages["Week 3"], timeline} <= set(example_pdf.links(week))
    first = pages["Week 1"]
    assert pages["Week 2"] in example_pdf.links(first)
    assert "← week" not in normalise(example_pdf.pages[first - 1])  # no week before the first


def annotations(pdf, page: int) -> list[tuple[str, int]]:
    """(contents, target page) of each link on `page`."""
    found = []
    for annot in pdf.reader.pages[page - 1].get("/Annots", []):
        annot = annot.get_object()
        if annot.get("/Dest") is not None:
            target = pdf.reader.get_page_number(annot["/Dest"][0].get_object()) + 1
            found.append((str(annot.get("/Contents", "")), target))
    return found


def week_links(pdf, page: int) -> list[tuple[int, int]]:
    """(week, target page) of each link on `page` that a timeline bar or milestone makes."""
    found = [(re.fullmatch(r"week (\d+)", contents), t) for contents, t in annotations(pdf, page)]
    return [(int(label.group(1)), target) for label, target in found if label]


def test_timeline_bars_and_milestones_link_to_their_weeks_pages(library, example_pdf):
    profile = example_profile()
    plan = make_plan(library.pathways[profile.pathway], profile)
    weeks = {
        int(title.split(" ")[1]): page
        for _, title, page in example_pdf.outline()
        if re.match(r"Week \d+ ·", title)
    }
    timeline = example_pdf.page_of("Your timeline")
    found = week_links(example_pdf, timeline)
    assert found and all(target == weeks[week] for week, target in found)
    linked = {week for week, _ in found}
    assert {phase.span.first for phase in plan.phases} <= linked  # each phase's bar
    assert {track.span.first for track in plan.tracks} <= linked  # each skill's bar
    assert {milestone.week for milestone in plan.milestones} <= linked
    key = [target for contents, target in annotations(example_pdf, timeline) if not contents]
    assert key == [weeks[milestone.week] for milestone in plan.milestones]  # the key's weeks


def test_the_timeline_links_only_the_weeks_the_book_prints(short_books):
    pdf = short_books[AI_PM]
    found = week_links(pdf, pdf.page_of("Your timeline"))
    assert {week for week, _ in found} == {1}  # every bar that starts in week 1; none later
