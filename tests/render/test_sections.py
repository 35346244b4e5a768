"""The signature sections read back from the PDF: timeline, matrix, teardowns, templates, sheets."""

from __future__ import annotations

import re

import pytest

from conftest import AI_PM, PATHWAY_IDS, WHOLE, Books, build, make_profile, normalise
from workbook.content import FORM_KINDS
from workbook.plan import make_plan

WEEKS_OFF = [{"from": "2027-04-05", "to": "2027-04-11"}, {"from": "2027-08-09", "to": "2027-08-22"}]


@pytest.fixture
def books(short_books):
    return short_books  # the sections under test do not depend on how many weekly pages print


@pytest.fixture(scope="module")
def whole_books(library):
    """Every weekly page, on a brisk plan (fewer weeks to lay out, every kind of week)."""
    return Books(library, WHOLE, hours_per_week=30)


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_every_phase_is_named_on_the_timeline(books, library, pathway_id):
    pdf = books[pathway_id]
    text = pdf.section_text("Your timeline", "About this pathway")
    for number, phase in enumerate(library.pathways[pathway_id].roadmap, 1):
        assert f"{number} {normalise(phase.name)}"[:40] in text, phase.name
    assert "Milestone" in text
    assert "Week off" not in text  # these plans have no time off: no legend for it


def test_the_timeline_keys_weeks_off_when_there_are_some(example_pdf):
    text = example_pdf.section_text("Your timeline", "About this pathway")
    assert "Week off" in text


def test_a_long_plan_continues_the_timeline_over_pages(library):
    pdf = build(library, hours_per_week=1)
    pages = [t for _, t, _ in pdf.outline() if t.startswith("Your timeline, continued")]
    assert len(pages) >= 5  # about six years at 53 weeks a page
    first = pdf.page_of("Your timeline")
    for index, title in enumerate(pages, 1):
        assert pdf.page_of(title) == first + index
        assert "1 Foundation: Product Management" in normalise(pdf.pages[first + index - 1])


def test_one_hour_a_week_is_worded_in_the_singular(library):
    pdf = build(library, hours_per_week=1)
    cover = normalise(pdf.pages[0])
    glance = pdf.section_text("Profile at a glance", "Your timeline")
    assert "working weeks at 1 hour a week" in cover
    assert "1 hour a week (the pathway assumes" in glance
    assert "1 hours a week" not in cover + glance
    assert "12.5 hours a week" in normalise(build(library).pages[0])


def test_a_short_plan_fits_one_timeline_page(library):
    pdf = build(library, hours_per_week=80)
    assert not [t for _, t, _ in pdf.outline() if t.startswith("Your timeline, continued")]
    assert pdf.page_of("About this pathway") == pdf.page_of("Your timeline") + 1


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_source_notes_stand_at_the_back_and_starred_values_point_to_them(
    books, library, pathway_id
):
    pdf, pathway = books[pathway_id], library.pathways[pathway_id]
    assert pathway.notes  # every seed leaves something to explain
    notes = pdf.section_text("About the sources", "Index of worksheets and tools")
    for note in pathway.notes:
        assert normalise(note)[:60] in notes, note
    assert pdf.page_of("About the sources") > pdf.page_of("Resources checklist")
    about = pdf.section_text("About this pathway", "Skills gap matrix")
    starred = any(
        record.derived
        for record in [pathway.summary, pathway.hours_per_week, *pathway.skills_to_learn]
    )
    pointer = f"see About the sources → p. {pdf.page_of('About the sources')}"
    assert (pointer in about) == starred
    assert normalise(pathway.notes[0])[:60] not in about


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_every_skill_is_in_the_matrix(books, library, pathway_id):
    pdf = books[pathway_id]
    text = pdf.section_text("Skills gap matrix", "Your roadmap")
    pathway = library.pathways[pathway_id]
    for skill in [*pathway.transferable_skills, *pathway.skills_to_learn]:
        assert normalise(skill.name) in text, skill.name
    for number in range(1, len(pathway.roadmap) + 1):
        assert f"End P{number}" in text  # a re-rating column for each phase end
    assert f"End P{len(pathway.roadmap) + 1}" not in text


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_as_many_teardowns_as_the_content_asks(books, library, pathway_id):
    pdf = books[pathway_id]
    sheets = [s for s in library.pathways[pathway_id].worksheets if s.kind == "teardown"]
    wanted = sum(len(s.products) + s.copies for s in sheets)
    teardowns = [t for _, t, _ in pdf.outline() if re.match(r"Teardown \d+:", t)]
    assert len(teardowns) == wanted
    for sheet in sheets:
        for product in sheet.products:
            assert any(t.endswith(f": {product}") for t in teardowns)


def test_teardowns_use_the_playbook_and_the_pathway_prompts(books, library):
    pdf = books[AI_PM]
    text = pdf.section_text("Product teardowns", "Mock PRD")
    pathway = library.pathways[AI_PM]
    for prompt in [*library.playbook.teardown_prompts, *pathway.teardown.prompts]:
        assert normalise(prompt.title) in text, prompt.title


@pytest.mark.parametrize("pathway_id", [p for p in PATHWAY_IDS if p != AI_PM])
def test_other_books_carry_none_of_the_ai_pm_teardown_or_reflection_prompts(
    whole_books, library, pathway_id
):
    pdf, pathway = whole_books[pathway_id], library.pathways[pathway_id]
    ai_pm = library.pathways[AI_PM]
    for prompt in [*library.playbook.teardown_prompts, *ai_pm.teardown.prompts]:
        assert normalise(prompt.prompt) not in pdf.text, prompt.id
    for question in ai_pm.reflection_prompts:
        assert normalise(question) not in pdf.text, question
    for prompt in pathway.teardown.prompts if pathway.teardown else []:
        assert normalise(prompt.title) in pdf.text, prompt.title
    for question in pathway.reflection_prompts:  # the whole book has enough weeks to show each
        assert normalise(question) in pdf.text, question


def test_the_ai_pm_prd_has_every_section_over_several_pages(books, library):
    pdf = books[AI_PM]
    text = pdf.section_text("Mock PRD", "Product concept proposal")
    pathway = library.pathways[AI_PM]
    for section in [*library.playbook.prd_sections, *pathway.prd.prompts]:
        assert normalise(section.title) in text, section.title
    assert pdf.page_of("Product concept proposal") - pdf.page_of("Mock PRD") >= 3


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_every_form_prints_each_of_its_sections(books, library, pathway_id):
    pdf = books[pathway_id]
    sheets = library.pathways[pathway_id].worksheets
    text = pdf.section_text("Worksheets", "Questions people ask")
    for sheet in sheets:
        if sheet.kind in FORM_KINDS:
            for section in [*library.text.sheets[sheet.kind].sections, *sheet.sections]:
                assert normalise(section.title) in text, (sheet.id, section.title)


def sheet_page(pdf, sheet) -> int:
    return pdf.page_of(sheet.title)


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_task_references_point_at_their_worksheet(whole_books, library, pathway_id):
    pdf = whole_books[pathway_id]
    pathway = library.pathways[pathway_id]
    plan = make_plan(pathway, make_profile(pathway=pathway_id, hours_per_week=30))
    week_pages = {int(t.split()[1]): p for _, t, p in pdf.outline() if t.startswith("Week ")}
    checked = 0
    for item in plan.items:
        if not item.worksheets:
            continue
        wanted = [sheet_page(pdf, pathway.worksheet(sheet)) for sheet in item.worksheets]
        page = week_pages[plan.due_week(item.id)]  # the page of the week it is due
        text = normalise(pdf.pages[page - 1])
        start = text.find(normalise(item.title))
        assert start >= 0, item.title
        found = [int(n) for n in re.findall(r"→ p\. (\d+)", text[start : start + 400])]
        assert found[: len(wanted)] == wanted, item.title
        assert set(wanted) <= set(pdf.links(page)), item.title  # and live links
        checked += 1
    assert checked


def test_the_application_log_has_a_row_per_planned_application(books, library):
    pdf = books[AI_PM]
    text = pdf.section_text("Application log", "Interview preparation")
    assert "Your plan sends 90 applications: one row each" in text


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize(
    "changes",
    [{"pathway": p} for p in PATHWAY_IDS]
    + [{"pathway": PATHWAY_IDS[1], "name": "王小明", "email": "wang@example.com"}]
    + [{"pathway": PATHWAY_IDS[1], "hours_per_week": 40, "weeks_off": WEEKS_OFF}],
)
def test_the_skills_on_the_glance_page_stay_whole_under_their_heading(library, paper, changes):
    pdf = build(library, paper=paper, **changes)
    page = normalise(pdf.pages[pdf.page_of("Your skills") - 1])
    for track in make_plan(library.pathways[changes["pathway"]], make_profile(**changes)).tracks:
        assert normalise(track.name) in page, track.name
