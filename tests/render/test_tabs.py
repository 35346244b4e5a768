"""A tablet's book has side tabs on every body page, one per section of its contents, each a link
to the section's first page, the page's own section marked; left-handed, they and their wide
margin are on the left. Paper has none."""

from __future__ import annotations

import json

import pypdf
import pytest
from click.testing import CliRunner

from conftest import AI_PM, PATHWAY_IDS, SHORT, build, make_profile
from workbook.build import SECTIONS, build_workbook, context, plan_for
from workbook.cli import main
from workbook.content import WorkbookText, bundled_content_dir, load_model
from workbook.errors import InputError
from workbook.options import Options
from workbook.paper import PRESETS
from workbook.render.flowables import Heading
from workbook.render.theme import geometry

TABLETS = ["remarkable", "remarkable-pro"]  # the smaller and the larger tablet page
LEFT = Options(weeks=SHORT.weeks, hand="left")


def tabs(pdf, number: int, paper: str, hand: str = "right") -> list[tuple[str, float, int]]:
    """(label, left edge, target page) of each link in the side tabs' column of page `number`,
    from the top of the page down."""
    page = geometry(paper, hand)
    found = []
    for annot in pdf.reader.pages[number - 1].get("/Annots", []):
        annot = annot.get_object()
        x0, y0, x1, _y1 = (float(c) for c in annot["/Rect"])
        if page.tab_column - 0.5 <= x0 and x1 <= page.tab_column + page.tabs + 0.5:
            target = pdf.reader.get_page_number(annot["/Dest"][0].get_object()) + 1
            found.append((-y0, str(annot["/Contents"]), x0, target))
    return [(label, x0, target) for _, label, x0, target in sorted(found)]


def sections(pdf) -> list[tuple[str, int]]:
    """(title, first page) of each section in the contents (the cover is none)."""
    return [(title, page) for level, title, page in pdf.outline() if level == 0][1:]


def marked(pdf, number: int, paper: str) -> list[str]:
    """The bold text in the tabs' column of page `number`: the label of the marked tab."""
    page = geometry(paper)
    found = []

    def visit(text, cm, tm, font, size):
        bold = font and "Bold" in font["/BaseFont"]
        if text.strip() and bold and tm[4] * cm[0] + cm[4] >= page.tab_column:
            found.append(text.strip())

    pdf.reader.pages[number - 1].extract_text(visitor_text=visit)
    return found


def book(library, paper: str, options: Options = SHORT):
    """A tablet's short book (each preset's pathway as test_presets builds it, so shared)."""
    pathway = PATHWAY_IDS[list(PRESETS).index(paper) % len(PATHWAY_IDS)]
    return build(library, options, paper=paper, pathway=pathway)


@pytest.mark.parametrize("paper", TABLETS)
def test_every_body_page_has_a_tab_for_each_section_linked_to_its_first_page(library, paper):
    pdf = book(library, paper)
    contents = sections(pdf)
    labels = {library.text.tabs[key] for key in library.text.tabs}
    assert tabs(pdf, 1, paper) == []  # the cover has none
    for number in range(2, len(pdf.pages) + 1):
        found = tabs(pdf, number, paper)
        assert [target for _, _, target in found] == [page for _, page in contents], number
        assert {label for label, _, _ in found} <= labels  # each section has its own label


def headings(library, pathway_id: str) -> list[tuple[str, str]]:
    """(key, title) of each section's heading, as the book's sections make them."""
    profile = make_profile(pathway=pathway_id, paper="remarkable")
    pathway = library.pathways[pathway_id]
    ctx = context(library, pathway, profile, SHORT, plan_for(pathway, profile))
    return [
        (flowable.key, flowable.outline)
        for section in SECTIONS
        for flowable in section(ctx).content
        if isinstance(flowable, Heading) and flowable.level == 0 and flowable.toc
    ]


def test_each_tab_bears_its_sections_label_from_the_content(library):
    pdf = book(library, "remarkable")
    pathway_id = PATHWAY_IDS[list(PRESETS).index("remarkable") % len(PATHWAY_IDS)]
    expected = [(library.text.tabs[k], pdf.page_of(t)) for k, t in headings(library, pathway_id)]
    assert [(label, target) for label, _, target in tabs(pdf, 3, "remarkable")] == expected
    assert len(expected) == len(sections(pdf)) >= 14


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_the_content_labels_every_section_of_every_pathway(library, pathway_id):
    """A section without a label would show its title, cut short."""
    found = headings(library, pathway_id)
    assert len(found) >= 14 and {key for key, _ in found} <= set(library.text.tabs)


@pytest.mark.parametrize("paper", TABLETS)
def test_each_page_marks_the_tab_of_its_own_section(library, paper):
    pdf = book(library, paper)
    by_page = {target: label for label, _, target in tabs(pdf, 2, paper)}
    current = None
    for number in range(2, len(pdf.pages) + 1):
        current = by_page.get(number, current)
        assert marked(pdf, number, paper) == [current], number


def test_paper_books_have_no_tabs_and_keep_their_frame(short_books):
    pdf = short_books[AI_PM]
    page = geometry("letter")
    width = float(pdf.reader.pages[2].mediabox.width)
    assert page.frame_width == width - 2 * page.margin
    for number in range(1, len(pdf.pages) + 1):
        for annot in pdf.reader.pages[number - 1].get("/Annots", []):
            assert float(annot.get_object()["/Rect"][2]) <= width - page.margin + 1


def text_left(pdf, number: int, paper: str, hand: str) -> float:
    """The left edge of the leftmost text on a page, outside the tabs' column."""
    page = geometry(paper, hand)
    found = []

    def visit(text, cm, tm, font, size):
        x = tm[4] * cm[0] + cm[4]
        if text.strip() and not page.tab_column <= x <= page.tab_column + page.tabs:
            found.append(x)

    pdf.reader.pages[number - 1].extract_text(visitor_text=visit)
    return min(found)


def test_left_handed_puts_the_tabs_and_the_wide_margin_on_the_left(library):
    paper = "remarkable-pro"
    right, left = book(library, paper), book(library, paper, LEFT)
    page = geometry(paper)
    width = float(left.reader.pages[0].mediabox.width)
    assert len(left.pages) == len(right.pages)  # the frame moves; it keeps its width
    for number in (2, len(left.pages)):
        found = tabs(left, number, paper, "left")
        assert [t for _, _, t in found] == [t for _, _, t in tabs(right, number, paper)]
        assert all(x0 < width / 2 for _, x0, _ in found)
        assert all(x0 > width / 2 for _, x0, _ in tabs(right, number, paper))
        assert text_left(right, number, paper, "right") == pytest.approx(page.margin, abs=1)
        shifted = text_left(left, number, paper, "left")
        assert shifted == pytest.approx(page.margin + page.tabs, abs=1)


def test_left_handed_on_paper_is_refused_with_a_reason(library):
    profile = make_profile(paper="a4")
    with pytest.raises(InputError) as raised:
        build_workbook(library, library.pathways[AI_PM], profile, LEFT)
    [problem] = raised.value.problems
    assert problem.where == "--left-handed" and "tablet" in problem.message


def test_a_left_handed_book_rebuilds_from_its_pdf(tmp_path):
    profile = tmp_path / "me.yaml"
    profile.write_text(
        f"name: Ada\npathway: {AI_PM}\nstart_date: 2027-01-04\nhours_per_week: 80\n"
        "paper: remarkable\n",
        encoding="utf-8",
    )
    first, again = tmp_path / "book.pdf", tmp_path / "again.pdf"
    runner = CliRunner()
    made = ["generate", "--profile", str(profile), "--weeks", "1-2", "--left-handed"]
    assert runner.invoke(main, [*made, "--out", str(first)]).exit_code == 0
    rebuilt = ["generate", "--from-pdf", str(first), "--out", str(again)]
    assert runner.invoke(main, rebuilt).exit_code == 0
    assert again.read_bytes() == first.read_bytes()
    refused = runner.invoke(main, [*made, "--paper", "letter", "--out", str(tmp_path / "x.pdf")])
    assert refused.exit_code != 0 and "--left-handed" in refused.output
    reader = pypdf.PdfReader(first)
    settings = json.loads(reader.metadata["/Keywords"])
    assert settings["options"]["hand"] == "left"
    settings["options"]["hand"] = "both"  # an edited book
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.add_metadata({"/Keywords": json.dumps(settings)})
    writer.write(tmp_path / "edited.pdf")
    edited = ["generate", "--from-pdf", str(tmp_path / "edited.pdf"), "--out", str(again)]
    result = runner.invoke(main, edited)
    assert result.exit_code != 0 and "options this version cannot read" in result.output


def test_a_tab_label_too_long_is_a_content_error(tmp_path):
    text = (bundled_content_dir() / "workbook.yaml").read_text(encoding="utf-8")
    path = tmp_path / "workbook.yaml"
    path.write_text(text.replace("  weekly: Weeks\n", "  weekly: Weekly checklists\n"), "utf-8")
    with pytest.raises(InputError) as caught:
        load_model(path, WorkbookText, 1_000_000, "content")
    assert "tabs.weekly: is 17 characters long; at most 12" in str(caught.value)
