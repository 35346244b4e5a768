"""The tools a learner uses for months: the weekly plan ritual, phase-end reviews and notes pages,
the story bank, networking tracker, portfolio brief and salary sheet, and the links between them."""

from __future__ import annotations

import itertools

import pytest

from conftest import AI_PM, PATHWAY_IDS, build, example_profile, make_profile, normalise
from workbook.content import TOOL_KINDS, load_library
from workbook.layout.context import Context, runs
from workbook.layout.forms import form
from workbook.layout.index import weeks_calling
from workbook.options import Options
from workbook.plan import make_plan
from workbook.render.flowables import Grid, PageMap, WritingLines
from workbook.render.fonts import load_fonts
from workbook.render.theme import Styles, geometry

DESIGNER = "backend-developer-to-ai-product-designer"
OPERATIONS = "backend-developer-to-ai-operations-manager"
ARCHITECT = "backend-developer-to-ai-architect"
KINDS = (*TOOL_KINDS, "portfolio-brief")


def context(pathway_id: str = AI_PM, paper: str = "a4", **changes) -> Context:
    library = load_library()
    profile = make_profile(pathway=pathway_id, **changes)
    pathway = library.pathways[pathway_id]
    fonts = load_fonts(None)
    plan = make_plan(pathway, profile)
    args = (library.playbook, library.text, fonts, Styles(fonts), geometry(paper), PageMap())
    return Context(pathway, profile, plan, *args)


def sheet_of(pathway, kind):
    return next(sheet for sheet in pathway.worksheets if sheet.kind == kind)


# -- every pathway has its tools, each called for by its plan ----------------------------------


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_every_pathway_has_the_four_tools_each_called_for_by_a_task_or_step(library, pathway_id):
    pathway = library.pathways[pathway_id]
    plan = make_plan(pathway, make_profile(pathway=pathway_id))
    for kind in KINDS:
        sheet = sheet_of(pathway, kind)
        assert weeks_calling(plan, sheet.id), f"{kind}: no task or step of the plan calls for it"


def test_the_architects_questions_include_system_design(library):
    topics = [q.topic for q in sheet_of(library.pathways[ARCHITECT], "story-bank").questions]
    assert topics.count("System design") >= 3


def test_the_designers_questions_include_portfolio_and_critique(library):
    topics = {q.topic for q in sheet_of(library.pathways[DESIGNER], "story-bank").questions}
    assert {"Portfolio review", "Design critique"} <= topics


@pytest.mark.parametrize("pathway_id", [DESIGNER, OPERATIONS, ARCHITECT])
def test_no_other_book_borrows_the_ai_pm_questions(library, pathway_id):
    pm = {q.text for q in sheet_of(library.pathways[AI_PM], "story-bank").questions}
    own = sheet_of(library.pathways[pathway_id], "story-bank").questions
    assert not pm & {q.text for q in own}
    text = " ".join(q.text + q.topic for q in own).lower()
    for words in ("product sense", "fraud", "hallucination", "pm "):
        assert words not in text, words


@pytest.mark.parametrize(
    ("pathway_id", "ranges"),
    [
        (ARCHITECT, ["$180k-$350k", "$85k-$140k"]),
        (OPERATIONS, ["$90,000 to $150,000", "$85,000 to $140,000"]),
        (DESIGNER, ["$110,000-$130,000"]),
        (AI_PM, ["The page gives no pay ranges for this role"]),
    ],
)
def test_the_salary_sheet_prints_the_seeds_ranges(library, pathway_id, ranges):
    pathway = library.pathways[pathway_id]
    plan = make_plan(pathway, make_profile(pathway=pathway_id, hours_per_week=40))
    weeks = (1, plan.phases[0].span.last)  # the first phase's pages and its review
    pdf = build(library, Options(weeks=weeks), pathway=pathway_id, hours_per_week=40)
    titles = [t for _, t, _ in pdf.outline()]
    assert sum(t.startswith("Review ") for t in titles) == 1
    stories = [p for _, t, p in pdf.outline() if t.startswith("Story ")]
    assert len(stories) == sheet_of(pathway, "story-bank").copies
    assert all(b - a == 1 for a, b in itertools.pairwise(stories))  # a page each
    assert "Index of worksheets and tools" in titles
    sheets = pathway.worksheets
    salary = sheet_of(pathway, "salary")
    after = sheets[sheets.index(salary) + 1].title if salary is not sheets[-1] else None
    text = pdf.section_text(salary.title, after or "Questions people ask")
    for words in [*ranges, "Walk-away point", "Counter script", "Your research"]:
        assert words in text, words


def test_each_story_part_has_its_own_writing_space():
    ctx = context()
    sheet = sheet_of(ctx.pathway, "story-bank").model_copy(update={"copies": 1})
    parts = ["Situation", "Task", "Action", "Result"]
    found, title = [], None
    for flowable in _flat(form(ctx, sheet)):
        if hasattr(flowable, "getPlainText") and flowable.getPlainText() in parts:
            title = flowable.getPlainText()
        elif isinstance(flowable, WritingLines) and title:
            found.append((title, flowable.count))
            title = None
    assert [t for t, _ in found] == parts
    assert all(count >= 3 for _, count in found)


def _flat(flowables):
    for flowable in flowables:
        yield flowable
        yield from _flat(getattr(flowable, "_content", []))
        yield from _flat([f for part in getattr(flowable, "parts", []) for f in part.make(0)])


def test_the_portfolio_brief_asks_for_the_six_parts(library):
    titles = [s.title for s in library.text.sheets["portfolio-brief"].sections]
    assert titles == ["Problem", "Users", "Data", "Scope", "Deliverable", "Done when"]
    architect = sheet_of(library.pathways[ARCHITECT], "portfolio-brief")
    assert [s.space for s in architect.sections] == ["squares"]


# -- the weekly section: its pages, the ritual, reviews and notes ------------------------------


def test_the_introduction_is_on_the_first_weekly_page(example_pdf):
    first = next(p for _, t, p in example_pdf.outline() if t.startswith("Week 1 "))
    assert example_pdf.page_of("Weekly checklists") == first
    text = normalise(example_pdf.pages[first - 1])
    assert "Weeks off, with no work and no page: 1–7 Mar 2027" in text


def test_each_weekly_page_holds_the_plan_ritual(example_pdf):
    page = next(p for _, t, p in example_pdf.outline() if t.startswith("Week 5 "))
    text = normalise(example_pdf.pages[page - 1])
    for words in ("Top three for the week ahead", "One win this week", "One blocker", "Reflection"):
        assert words in text, words
    assert "Hours this week (planned" in text


def test_each_phase_ends_with_a_review_spread_and_a_notes_page(example_pdf, library):
    plan = make_plan(library.pathways[AI_PM], example_profile())
    outline = [(t, p) for _, t, p in example_pdf.outline()]
    pages = dict(outline)
    for number, phase in enumerate(plan.phases, 1):
        review = next(p for t, p in outline if t.startswith(f"Review {number} · "))
        notes = pages[f"Notes · phase {number}"]
        last_week = next(p for t, p in outline if t.startswith(f"Week {phase.span.last} "))
        assert review % 2 == 0, "the review starts on a left-hand page: its two pages face"
        assert {review, review + 1, notes} == {last_week + 1, last_week + 2, last_week + 3}
        text = normalise(example_pdf.pages[review - 1] + example_pdf.pages[review])
        for words in ("Hours: planned and actual", "Re-rate your skills", "What slipped, and why"):
            assert words in text, words
        if phase.kind != "on-the-job":
            assert normalise(f"Phase total {phase.hours:g}") in text.replace("\u00a0", " ")


def test_weekly_pages_link_to_their_review_and_reviews_to_their_weeks(example_pdf, library):
    plan = make_plan(library.pathways[AI_PM], example_profile())
    phase = plan.phases[1]
    outline = [(t, p) for _, t, p in example_pdf.outline()]
    review = next(p for t, p in outline if t.startswith("Review 2 · "))
    week = next(p for t, p in outline if t.startswith(f"Week {phase.span.first} "))
    assert review in example_pdf.links(week)
    assert week in example_pdf.links(review)


def test_sheets_and_the_index_link_the_weeks_that_call_for_them(example_pdf, library):
    plan = make_plan(library.pathways[AI_PM], example_profile())
    pathway = library.pathways[AI_PM]
    outline = [(t, p) for _, t, p in example_pdf.outline()]
    index = example_pdf.page_of("Index of worksheets and tools")
    index_text = normalise(example_pdf.pages[index - 1])
    for sheet in pathway.worksheets:
        page = example_pdf.page_of(sheet.title)
        first = weeks_calling(plan, sheet.id)[0]
        week = next(p for t, p in outline if t.startswith(f"Week {first} "))
        assert week in example_pdf.links(page), sheet.title
        assert normalise(sheet.title) in index_text
        assert page in example_pdf.links(index)
    assert normalise(example_pdf.pages[example_pdf.page_of("Networking tracker") - 1]).count(
        "Used in week"
    )


def test_runs_of_weeks_are_joined():
    assert runs([1, 2, 3, 7, 9, 10]) == [(1, 3), (7, 7), (9, 10)]
    assert runs([]) == []


def test_the_notes_page_is_a_dot_grid(library):
    from workbook.layout.review import _notes

    ctx = context()
    grid = next(f for f in _notes(ctx, 1, ctx.plan.phases[0]) if isinstance(f, Grid))
    assert grid.kind == "dots" and grid.fill


def test_many_weeks_off_leave_the_first_weekly_page_one_page(library):
    import datetime as dt

    mondays = [dt.date(2027, 2, 1) + dt.timedelta(weeks=2 * n) for n in range(20)]
    off = [{"from": day, "to": day + dt.timedelta(days=6)} for day in mondays]
    pdf = build(library, Options(weeks=(1, 2)), weeks_off=off)
    first = pdf.page_of("Weekly checklists")
    weeks = [p for _, t, p in pdf.outline() if t.startswith("Week ")]
    assert weeks == [first, first + 1]
    assert "and 14 more, shown on your timeline" in normalise(pdf.pages[first - 1])


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ({"kind": "story-bank"}, "a story-bank worksheet needs questions"),
        ({"kind": "networking", "questions": [{"topic": "T", "text": "Q?"}]}, "only it takes"),
        ({"kind": "networking", "change": "+5%"}, "pay and change are only for salary"),
    ],
)
def test_a_tool_sheet_with_the_wrong_fields_is_a_content_error(sheet, message):
    from pydantic import ValidationError

    from workbook.content import Worksheet

    with pytest.raises(ValidationError, match=message):
        Worksheet.model_validate({"id": "x", "title": "X", "purpose": "P", **sheet})
