"""Guidance pages: prompts kept with their lines, the essay's playbook, the resources checklist."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from conftest import AI_PM, PATHWAY_IDS, Pdf, build, normalise
from workbook.layout.playbook import funnel_widths
from workbook.render.flowables import PromptedLines
from workbook.render.fonts import load_fonts
from workbook.render.theme import WRITING_LINE, Styles

DESIGNER = "backend-developer-to-ai-product-designer"
PROMPT = "Before you begin: why this move, and why now? " * 3
FRAME = 600.0  # points of frame height in the small test document


def ruled_lines(page) -> int:
    """Ruled lines drawn on a page, by itself or in the forms it places: ReportLab strokes each
    as 'x y m x y l S'."""
    forms = page["/Resources"].get("/XObject", {})
    content = page.get_contents().get_data()
    placed = [forms["/" + name.decode()].get_data() for name in re.findall(rb"/(\S+) Do", content)]
    return sum(len(re.findall(rb" l S\b", stream)) for stream in [content, *placed])


def lay_out(room: float) -> list[tuple[str, int]]:
    """A page with only `room` points left, then a prompt: (text, ruled lines) per page."""
    styles = Styles(load_fonts())
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=(400, FRAME + 72), leftMargin=36, rightMargin=36, topMargin=36
    )
    doc.bottomMargin = 36
    story = [Spacer(0, FRAME - 12 - room), PromptedLines(Paragraph(PROMPT, styles.prompt))]
    doc.build(story)
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    return [(page.extract_text() or "", ruled_lines(page)) for page in reader.pages]


@pytest.mark.parametrize("room", [0, 20, 40, 60, 80, 100, 120, 160, 240])
def test_a_prompt_never_stands_without_its_first_lines(room):
    pages = lay_out(room)
    prompt_page = next(i for i, (text, _) in enumerate(pages) if "Before you begin" in text)
    assert pages[prompt_page][1] >= 4  # the prompt's page holds at least its first four lines
    assert all(lines == 0 for _, lines in pages[prompt_page + 1 :])  # none strayed overleaf


def test_prompted_lines_fill_the_room_they_are_given():
    styles = Styles(load_fonts())
    block = PromptedLines(Paragraph(PROMPT, styles.prompt))
    for room in (160.0, 300.0, 555.5):
        _, height = block.wrap(328, room)
        assert height <= room < height + WRITING_LINE + PromptedLines.GAP + 2
        room_for_lines = room - block.prompt_height - PromptedLines.GAP - 2
        assert block.lines == int(room_for_lines // WRITING_LINE)
    _, height = block.wrap(328, 30.0)  # too little room: it asks for its minimum, so it moves
    assert block.lines == 4 and height > 30.0
    assert block.split(328, 30.0) == []


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_starting_prompt_keeps_its_lines_in_the_designer_book(library, paper):
    pdf: Pdf = build(library, pathway=DESIGNER, paper=paper)
    page = next(n for n, text in enumerate(pdf.pages, 1) if "Before you begin" in text)
    assert pdf.page_of("How this plan was made") == page + 1  # no page of lines alone between


# -- the essay's playbook ----------------------------------------------------------------------


@pytest.fixture
def books(short_books):
    return short_books


def essay_texts(playbook) -> list[str]:
    """Every text of the playbook that its own pages and the FAQ print."""
    texts = [playbook.title, playbook.who_it_is_for, playbook.funnel.title, playbook.funnel.note]
    texts += [step.label for step in playbook.funnel.steps]
    texts += [text for shift in playbook.shifts for text in (shift.was, shift.now)]
    texts += [t for m in playbook.mistakes for t in (m.title, m.bad, m.good, m.lesson)]
    texts += [t for f in playbook.figures for t in (f.figure, f.meaning)]
    project = playbook.side_project
    texts += [project.advice, *project.steps, project.example, project.prompt]
    texts += [t for item in playbook.faq for t in (item.question, item.answer)]
    return texts


def test_the_ai_pm_book_prints_the_whole_playbook(books, library):
    pdf = books[AI_PM]
    text = pdf.section_text("The engineer-to-PM playbook", "Your action plan")
    text += pdf.section_text("Questions people ask", "Resources checklist")
    missing = [t for t in essay_texts(library.playbook) if normalise(t) not in text]
    assert not missing


def test_the_playbook_opens_with_its_key_figures_and_the_funnel(books):
    pdf = books[AI_PM]
    first = normalise(pdf.pages[pdf.page_of("Is this move for you?") - 1])
    assert "78%" in first and "2–7 years" in first
    assert "23 applied 11 reached the onsite 4 received an offer" in first  # the funnel, in order


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_side_project_keeps_its_advice_with_its_writing_lines(books, library, paper):
    pdf = books[AI_PM] if paper == "letter" else build(library, paper=paper)
    page = pdf.page_of("A side project that counts")
    text = normalise(pdf.pages[page - 1])
    project = library.playbook.side_project
    assert normalise(project.prompt) in text and normalise(project.steps[-1]) in text
    assert ruled_lines(pdf.reader.pages[page - 1]) >= 4
    assert pdf.page_of("The essay in numbers") == page + 1  # the lines fill the page


@pytest.mark.parametrize("pathway_id", [p for p in PATHWAY_IDS if p != AI_PM])
def test_other_books_carry_none_of_the_essay(books, library, pathway_id):
    pdf = books[pathway_id]
    titles = [title for _, title, _ in pdf.outline()]
    assert (
        "The engineer-to-PM playbook" not in titles and "From the essay on the move" not in titles
    )
    playbook = library.playbook
    for text in [playbook.who_it_is_for, *(item.question for item in playbook.faq)]:
        assert normalise(text)[:60] not in pdf.text
    assert "GPT-4" not in pdf.text and "78%" not in pdf.text


def test_funnel_bars_are_in_proportion_to_the_first_step():
    assert funnel_widths([23, 11, 4], 230.0) == [230.0, 110.0, 40.0]
    assert funnel_widths([1000, 1], 100.0) == [100.0, 1.0]  # a sliver stays visible


# -- the resources checklist -------------------------------------------------------------------


def checklist(pdf: Pdf) -> tuple[int, int]:
    """The first and last page of the resources checklist."""
    top = [(title, page) for level, title, page in pdf.outline() if level == 0]
    at = next(i for i, (title, _) in enumerate(top) if title == "Resources checklist")
    last = top[at + 1][1] - 1 if at + 1 < len(top) else len(pdf.pages)
    return top[at][1], last


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_the_checklist_shows_every_resource_once(books, library, pathway_id):
    pdf = books[pathway_id]
    first, last = checklist(pdf)
    text = normalise(" ".join(pdf.pages[first - 1 : last]))
    counts = {r.name: text.count(normalise(r.name)) for r in library.pathways[pathway_id].resources}
    assert set(counts.values()) == {1}, counts


def test_a_resource_links_to_the_weekly_page_where_its_work_starts(books):
    pdf = books[DESIGNER]
    first, last = checklist(pdf)
    text = normalise(" ".join(pdf.pages[first - 1 : last]))
    week_one = next(page for _, title, page in pdf.outline() if title.startswith("Week 1 "))
    assert re.search(
        r"Figma for Beginners \(YouTube tutorial series\) video · used in week 1 → p\. \d+", text
    )
    assert week_one in [target for page in range(first, last + 1) for target in pdf.links(page)]


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_the_resources_checklist_is_shared_out_evenly_over_its_pages(library, pathway_id, paper):
    pdf = build(library, pathway=pathway_id, paper=paper)
    first, last = pdf.page_of("Resources checklist"), pdf.page_of("About the sources") - 1
    names = [normalise(r.name) for r in library.pathways[pathway_id].resources]
    counts = [sum(n in normalise(pdf.pages[p - 1]) for n in names) for p in range(first, last + 1)]
    assert sum(counts) >= len(names)  # every one is listed
    assert min(counts) >= max(counts) / 2, counts  # no page of the list holds a sliver of it


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_the_questions_end_with_room_for_the_readers_own_to_the_foot_of_the_page(
    library, pathway_id
):
    pdf = build(library, pathway=pathway_id)
    last = pdf.page_of("Resources checklist") - 1
    assert normalise(library.text.faq_prompt)[:60] in normalise(pdf.pages[last - 1])
    assert ruled_lines(pdf.reader.pages[last - 1]) >= PromptedLines(None).minimum
