"""Worksheets: one registry for every kind, each pathway's own set, and sheets sized in numbers."""

from __future__ import annotations

import io
from typing import get_args

import pytest
from pydantic import ValidationError
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepInFrame, KeepTogether, Paragraph

from conftest import AI_PM, PATHWAY_IDS, build, make_profile, normalise
from workbook.content import FORM_KINDS, Pathway, WorkbookText, WorksheetKind, bundled_content_dir
from workbook.errors import InputError
from workbook.layout.context import Context
from workbook.layout.forms import GRID_MIN, decision_memo, form
from workbook.layout.tables import STAGE_LINES, WholePages, blank_rows
from workbook.layout.worksheets import DRAW
from workbook.plan import make_plan
from workbook.render.flowables import FilledPages, Grid, PageMap, WritingBox, WritingLines
from workbook.render.fonts import load_fonts
from workbook.render.theme import WRITING_LINE, Styles, geometry
from workbook.yamlfile import load_model

DESIGNER = "backend-developer-to-ai-product-designer"
OPERATIONS = "backend-developer-to-ai-operations-manager"
ARCHITECT = "backend-developer-to-ai-architect"

# words of the essay's AI PM loop, PRD and examples that no other pathway's book may print
PM_ONLY = (
    "Saying you want PM to escape coding",
    "universal AI assistant",
    "Product sense",
    "Mock PRD",
    "fraud",
    "A/B",
    "50%",
    "$18M",
    "2M events/sec",
    "Guardrails and business impact",
    "Experiment design",
)


@pytest.fixture
def books(short_books):
    return short_books


def context(library, pathway_id: str = AI_PM, paper: str = "a4") -> Context:
    profile = make_profile(pathway=pathway_id)
    pathway = library.pathways[pathway_id]
    fonts = load_fonts(None)
    return Context(
        pathway,
        profile,
        make_plan(pathway, profile),
        library.playbook,
        library.text,
        fonts,
        Styles(fonts),
        geometry(paper),
        PageMap(),
    )


def flatten(flowables):
    for flowable in flowables:
        yield flowable
        if isinstance(flowable, KeepTogether):
            yield from flatten(flowable._content)
        if isinstance(flowable, FilledPages):  # its parts at their least size
            yield from flatten([f for part in flowable.parts for f in part.make(0)])


# -- one registry --------------------------------------------------------------------------


def test_every_worksheet_kind_has_a_drawer_and_its_words(library):
    kinds = get_args(WorksheetKind)
    missing = [kind for kind in kinds if kind not in DRAW]
    assert not missing, f"worksheet kinds without a drawer in layout/worksheets.py DRAW: {missing}"
    unknown = [kind for kind in DRAW if kind not in kinds]
    assert not unknown, f"DRAW has kinds that content.WorksheetKind does not declare: {unknown}"
    wordless = [kind for kind in kinds if kind not in library.text.sheets]
    assert not wordless, f"worksheet kinds without words in content/workbook.yaml: {wordless}"


def test_a_kind_without_words_is_a_content_error(tmp_path):
    text = (bundled_content_dir() / "workbook.yaml").read_text(encoding="utf-8")
    cut, end = text.index("  runbook:\n"), text.index("  post-mortem:\n")
    path = tmp_path / "workbook.yaml"
    path.write_text(text[:cut] + text[end:], encoding="utf-8")  # the bundled words less one kind
    with pytest.raises(InputError) as caught:
        load_model(path, WorkbookText, 1_000_000, "content")
    assert "no words for worksheet kind(s) runbook" in str(caught.value)


@pytest.mark.parametrize("kind", FORM_KINDS)
def test_every_form_kind_has_sections_where_it_is_used(library, kind):
    for pathway in library.pathways.values():
        for sheet in pathway.worksheets:
            if sheet.kind == kind:
                assert [*library.text.sheets[kind].sections, *sheet.sections], sheet.id


# -- each pathway its own set ----------------------------------------------------------------

SETS = {
    DESIGNER: {"design-brief", "case-study", "usability-test", "sketches"},
    OPERATIONS: {"runbook", "post-mortem", "sla-kpi", "process-map", "project-brief"},
    ARCHITECT: {"adr", "system-design", "architecture-doc", "business-case", "interview-tracker"},
    AI_PM: {"prd", "decision-memo", "roadmap", "interview-tracker", "application-log"},
}


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_each_pathway_has_the_sheets_its_seed_asks_for(library, pathway_id):
    kinds = {sheet.kind for sheet in library.pathways[pathway_id].worksheets}
    assert SETS[pathway_id] <= kinds


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_every_sheet_is_called_for_by_a_task_or_step(library, pathway_id):
    pathway = library.pathways[pathway_id]
    items = [*pathway.work, *pathway.action_plan.items]
    called = {sheet for item in items for sheet in item.worksheets}
    new = {sheet.id for sheet in pathway.worksheets if sheet.kind in FORM_KINDS}
    assert new <= called, f"sheets no task calls for: {sorted(new - called)}"


@pytest.mark.parametrize("pathway_id", [DESIGNER, OPERATIONS, ARCHITECT])
def test_other_books_carry_no_ai_pm_material(books, pathway_id):
    text = books[pathway_id].section_text("Worksheets", "Questions people ask")
    for words in PM_ONLY:
        assert words not in text, words
    assert "Example: Roll the new ranking out" not in text  # the essay's memo examples
    assert "Weak Strong Why it works" not in text  # the essay's resume examples


def test_the_ai_pm_book_keeps_the_essays_examples(books, library):
    text = books[AI_PM].section_text("Worksheets", "Questions people ask")
    assert "Example: Roll the new ranking out to half of traffic" in text
    assert "Weak Strong Why it works" in text
    assert "universal AI assistant" in text


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_no_sheet_heading_is_printed_twice(books, pathway_id):
    titles = [t for _, t, _ in books[pathway_id].outline()]
    assert len(titles) == len(set(titles))
    assert titles.count("Decision memo") <= 1


def test_the_designers_main_flow_is_a_dot_grid(library):
    ctx = context(library, DESIGNER)
    sheet = ctx.pathway.worksheet("design-brief")
    grids = [f for f in flatten(form(ctx, sheet)) if isinstance(f, Grid)]
    assert [g.kind for g in grids] == ["dots"]
    assert grids[0].fixed >= GRID_MIN  # at least GRID_MIN, then the rest of its page
    (pages,) = [f for f in form(ctx, sheet) if isinstance(f, FilledPages)]
    assert [part.ends for part in pages.parts].count(True) == 1


@pytest.mark.parametrize(
    ("pathway_id", "sheet_id", "kind"),
    [
        (DESIGNER, "sketches", "dots"),
        (OPERATIONS, "process-map", "squares"),
        (ARCHITECT, "system-design", "squares"),
        (ARCHITECT, "architecture-doc", "squares"),
    ],
)
def test_sketching_sheets_have_their_grid(library, pathway_id, sheet_id, kind):
    ctx = context(library, pathway_id)
    sheet = ctx.pathway.worksheet(sheet_id)
    grids = [f for f in flatten(form(ctx, sheet)) if isinstance(f, Grid)]
    assert grids and {g.kind for g in grids} == {kind}
    for grid in grids:
        _, height = grid.wrap(ctx.geometry.frame_width, ctx.geometry.frame_height / 2)
        assert height >= 90 * mm  # room to draw, not a few lines


def test_the_runbook_has_room_to_write(library):
    ctx = context(library, OPERATIONS)
    flowables = list(flatten(form(ctx, ctx.pathway.worksheet("runbook"))))
    lines = sum(f.count for f in flowables if isinstance(f, WritingLines))
    assert lines >= 15


def test_the_architect_tracks_system_design_rounds(books):
    text = books[ARCHITECT].section_text("Interview preparation tracker", "Questions people ask")
    assert "System design: an AI system end to end" in text
    assert "Pramp" in text


@pytest.mark.parametrize("pathway_id", [ARCHITECT, AI_PM])
def test_the_story_prompt_is_in_the_behavioural_rounds_only(books, library, pathway_id):
    pathway = library.pathways[pathway_id]
    loop = pathway.interviews or library.playbook.interviews
    stories = [s for s in [*loop.stages, *loop.onsite_rounds] if s.story]
    text = books[pathway_id].section_text(
        pathway.worksheet("interview-prep").title, "Questions people ask"
    )
    assert text.count("Your story for this round") == len(stories) == 1
    before = text.partition("Your story for this round")[0]
    names = [normalise(s.name) for s in [*loop.stages, *loop.onsite_rounds]]
    assert max(names, key=before.rfind) == normalise(stories[0].name)  # under the story round


@pytest.mark.parametrize("pathway_id", [ARCHITECT, AI_PM])
def test_the_story_box_points_to_the_story_bank_and_has_its_own_lines(books, library, pathway_id):
    pathway = library.pathways[pathway_id]
    pdf = books[pathway_id]
    bank = next(s for s in pathway.worksheets if s.kind == "story-bank")
    page = next(p for p in pdf.pages if "Your story for this round" in p)
    after = normalise(page.partition("Your story for this round")[2])
    assert f"→ p. {pdf.page_of(bank.title)}" in after.partition("result)")[2][:12]
    ctx = context(library, pathway_id)
    sheet = pathway.worksheet("interview-prep")
    boxes = [f for f in flatten(DRAW["interview-tracker"](ctx, sheet)) if isinstance(f, WritingBox)]
    story = [b for b in boxes if "Your story" in b.parts[0].getPlainText()]
    assert len(story) == 1 and story[0].lines >= STAGE_LINES  # not a share of the stage's box


# -- sized in numbers --------------------------------------------------------------------------


def test_the_application_log_fills_its_last_page(library):
    ctx = context(library)
    widths = [ctx.geometry.frame_width / 6] * 6
    columns = ["Date", "Company", "Role", "Source", "Status", "Next step"]
    log = WholePages(
        lambda rows, first: blank_rows(ctx, columns, rows, widths), 46, ctx.geometry.frame_height
    )
    page = ctx.geometry.frame_height
    per_page = log.fitting(ctx.geometry.frame_width, page)
    first, rest = log.split(ctx.geometry.frame_width, page - 40 * mm)
    assert len(first._cellvalues) - 1 == log.fitting(ctx.geometry.frame_width, page - 40 * mm)
    rows = len(first._cellvalues) - 1
    while isinstance(rest, WholePages):
        parts = rest.split(ctx.geometry.frame_width, page)
        rows += len(parts[0]._cellvalues) - 1
        rest = parts[1] if len(parts) > 1 else None
    assert rows >= 46
    assert (rows - log.fitting(ctx.geometry.frame_width, page - 40 * mm)) % per_page == 0
    assert per_page > 20  # whole pages of rows, never a header and 4 rows


def test_the_application_log_says_it_rounds_up(books):
    text = books[AI_PM].section_text("Application log", "Interview preparation")
    assert "spare rows to the foot of the last page" in text


@pytest.mark.parametrize("essay", [False, True])
def test_the_decision_memo_keeps_the_writing_pitch(library, essay):
    ctx = context(library)
    sheet = ctx.pathway.worksheet("decision-memo").model_copy(update={"essay_examples": essay})
    flowables = list(flatten(decision_memo(ctx, sheet)))
    assert not [f for f in flowables if isinstance(f, KeepInFrame)]  # nothing shrunk
    lines = [f for f in flowables if isinstance(f, WritingLines)]
    assert lines
    for line in lines:
        _, height = line.wrap(ctx.geometry.frame_width, ctx.geometry.frame_height)
        assert height / line.count >= 7 * mm


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_memo_with_the_essay_takes_two_pages(library, paper):
    pdf = build(library, pathway=AI_PM, paper=paper)
    sheets = library.pathways[AI_PM].worksheets
    memo = next(s for s in sheets if s.kind == "decision-memo")
    after = sheets[sheets.index(memo) + 1]
    assert pdf.page_of(after.title) - pdf.page_of(memo.title) == 2


# -- what a sheet needs is checked with the content ------------------------------------------


def broken(library, pathway_id: str, change) -> str:
    data = library.pathways[pathway_id].model_dump(mode="json", exclude_none=True)
    change(data)
    with pytest.raises(ValidationError) as caught:
        Pathway.model_validate(data)
    return str(caught.value)


def test_a_tracker_without_a_loop_is_refused(library):
    message = broken(library, ARCHITECT, lambda data: data.pop("interviews"))
    assert "worksheet 'interview-prep' tracks interviews: it needs the pathway's interviews" in (
        message
    )


def test_a_teardown_sheet_needs_the_pathways_teardown(library):
    designer = "backend-developer-to-ai-product-designer"
    message = broken(library, designer, lambda data: data.pop("teardown"))
    assert "worksheet 'teardowns' is a teardown worksheet and needs the pathway's teardown" in (
        message
    )


def test_a_teardown_section_without_its_sheet_is_refused(library):
    def change(data):
        data["worksheets"] = [s for s in data["worksheets"] if s["kind"] != "teardown"]

    designer = "backend-developer-to-ai-product-designer"
    assert "teardown: is set but no worksheet is a teardown worksheet" in (
        broken(library, designer, change)
    )


def test_sections_belong_to_form_kinds_only(library):
    def change(data):
        tracker = next(s for s in data["worksheets"] if s["kind"] == "interview-tracker")
        tracker["sections"] = [{"id": "extra", "title": "Extra", "prompt": "Write."}]

    assert "sections are only for the form kinds" in broken(library, ARCHITECT, change)


def test_a_grid_takes_no_columns(library):
    def change(data):
        sheet = next(s for s in data["worksheets"] if s["kind"] == "architecture-doc")
        sheet["sections"][1]["columns"] = ["A", "B"]

    assert "columns are for a table of lines, not for a grid" in broken(library, ARCHITECT, change)


class _Lines(Canvas):
    """A canvas that records the y of each line drawn on it, moved as the canvas is translated
    (repeated lines are drawn once, in a form placed where they belong)."""

    def __init__(self):
        super().__init__(io.BytesIO())
        self.ys: list[float] = []
        self.origins = [0.0]

    def saveState(self):
        self.origins.append(self.origins[-1])
        super().saveState()

    def restoreState(self):
        self.origins.pop()
        super().restoreState()

    def translate(self, dx, dy):
        self.origins[-1] += dy
        super().translate(dx, dy)

    def line(self, x1, y1, x2, y2):
        self.ys.append(self.origins[-1] + y1)
        super().line(x1, y1, x2, y2)


@pytest.mark.parametrize("lines, min_height", [(1, 0), (3, 0), (4, 0), (3, 150.0), (2, 171.3)])
def test_a_writing_box_keeps_half_a_line_clear_under_its_last_line(lines, min_height):
    styles = Styles(load_fonts())
    box = WritingBox([Paragraph("Title", styles.cell_bold)], lines)
    box.min_height = min_height
    box.wrap(300, 1000)
    box.canv = _Lines()
    box.draw()
    assert len(box.canv.ys) >= lines
    assert min(box.canv.ys) >= WRITING_LINE / 2 - 0.01  # above the bottom border, at y = 0
