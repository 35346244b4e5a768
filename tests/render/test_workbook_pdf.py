"""The built PDF read back: text, page count, fonts, bookmarks, safety, determinism."""

from __future__ import annotations

import itertools
import logging
import math
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, LETTER

from conftest import AI_PM, PATHWAY_IDS, WHOLE, build, example_profile, make_profile, normalise
from workbook.build import build_workbook, context
from workbook.layout import dates
from workbook.layout.gantt import WEEKS_PER_PAGE
from workbook.layout.review import NOTES_PAGES, REVIEW_PAGES
from workbook.layout.weekly import page_count
from workbook.options import Options
from workbook.plan import make_plan

SECTIONS = [
    "Cover",
    "Contents",
    "Profile at a glance",
    "How this plan was made",
    "Your timeline",
    "About this pathway",
    "Skills gap matrix",
    "Your roadmap",
    "Reality check",
    "The engineer-to-PM playbook",
    "Your action plan",
    "Weekly checklists",
    "Worksheets",
    "Questions people ask",
    "Resources checklist",
    "About the sources",
    "Index of worksheets and tools",
]


def test_name_and_dates_appear(example_pdf, library):
    plan = make_plan(library.pathways[AI_PM], example_profile())
    assert "Ada Example" in example_pdf.pages[0]
    assert dates.weekday(plan.start) in normalise(example_pdf.pages[0])
    assert dates.weekday(plan.finish) in example_pdf.text


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_every_roadmap_task_appears(library, pathway_id):
    pdf = build(library, pathway=pathway_id)
    for phase in library.pathways[pathway_id].roadmap:
        for task in phase.tasks:
            assert normalise(task.text) in pdf.text, task.text


def test_every_section_has_a_bookmark_in_order(example_pdf):
    top = [title for level, title, _ in example_pdf.outline() if level == 0]
    assert top == SECTIONS


def test_contents_page_numbers_match_the_bookmarks(example_pdf):
    pages = example_pdf.pages[1 : example_pdf.page_of("Profile at a glance") - 1]
    lines = "\n".join(pages).splitlines()  # the contents may run onto a second page
    # each entry extracts as a line of leader dots ending in the page, then the title
    listed = {
        title.strip(): int(dots.split()[-1])
        for dots, title in itertools.pairwise(lines)
        if dots.strip().startswith(".") and dots.split()[-1].isdigit()
    }
    for title in SECTIONS[1:]:
        assert listed[title] == example_pdf.page_of(title), title


def test_one_page_per_working_week(example_pdf, library):
    plan = make_plan(library.pathways[AI_PM], example_profile())
    weeks = [(t, p) for level, t, p in example_pdf.outline() if t.startswith("Week ")]
    assert len(weeks) == len(plan.working_weeks)
    first = example_pdf.page_of("Weekly checklists")
    expected, page = [], first  # the first week shares its page with the section's introduction
    for week in plan.working_weeks:
        expected.append(page)
        ending = sum(phase.span.last == week.number for phase in plan.phases)
        page += 1 + ending * (REVIEW_PAGES + NOTES_PAGES)  # then each phase ending: its review
    assert [p for _, p in weeks] == expected
    pages = page_count(context(library, library.pathways[AI_PM], example_profile(), WHOLE, plan))
    assert example_pdf.page_of("Worksheets") == page == first + pages


def test_page_count_follows_the_plan(library):
    """The weekly pages, the timeline and the plan-sized sheets grow with the plan; nothing else."""

    def weekly_pages(hours):
        profile = make_profile(hours_per_week=hours)
        plan = make_plan(library.pathways[AI_PM], profile)
        return plan, page_count(context(library, library.pathways[AI_PM], profile, WHOLE, plan))

    slow, fast = build(library, WHOLE, hours_per_week=25), build(library, WHOLE, hours_per_week=60)
    sizes = {}
    for hours, pdf in ((25, slow), (60, fast)):
        (plan, weekly), pages = weekly_pages(hours), section_pages(pdf)
        assert pages["Weekly checklists"] == weekly
        assert pages["Your timeline"] == math.ceil(len(plan.weeks) / WEEKS_PER_PAGE)
        sizes[hours] = pages
    assert sizes[25]["Weekly checklists"] - sizes[60]["Weekly checklists"] > 5
    grows = {"Weekly checklists", "Your timeline", "Worksheets"}
    assert {k: v for k, v in sizes[25].items() if k not in grows} == {
        k: v for k, v in sizes[60].items() if k not in grows
    }


def section_pages(pdf) -> dict[str, int]:
    """Top-level section → how many pages it takes."""
    starts = [(title, page) for level, title, page in pdf.outline() if level == 0]
    ends = [page for _, page in starts[1:]] + [len(pdf.reader.pages) + 1]
    return {title: end - page for (title, page), end in zip(starts, ends, strict=True)}


def test_every_font_is_embedded_truetype_and_no_standard_14(example_pdf):
    seen = set()
    for page in example_pdf.reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            seen.add(font["/BaseFont"])
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert seen and not any("Helvetica" in name or "Times" in name for name in seen)
    faces = {name.split("+")[-1] for name in seen}
    assert faces >= {"FiraSans-Regular", "FiraSans-Bold", "FiraSans-Italic"}


@pytest.mark.parametrize(
    "name",
    [
        '<font color="red">Eve</font>',
        '<img src="/etc/passwd"/> & <b>bold</b>',
        "Zoë &amp; O'Brien <br/>",
    ],
)
def test_user_text_prints_literally(library, name):
    pdf = build(library, name=name)
    assert name in normalise(pdf.pages[0])
    assert name in pdf.text


def test_many_scripts_render_without_warnings(library, caplog):
    name = "Zażółć Gęślą · Nguyễn Thị Hương · Αλέξανδρος · Жанна Иванова"
    with caplog.at_level(logging.WARNING, logger="workbook"):
        pdf = build(library, name=name)
    assert name in normalise(pdf.pages[0])
    assert not caplog.records


def test_a_character_no_font_covers_is_named_in_a_warning(library, caplog):
    with caplog.at_level(logging.WARNING, logger="workbook"):
        build(library, name="Abebe አበበ")
    assert any("U+12A0" in r.getMessage() for r in caplog.records)


def test_paper_sizes(library):
    assert build(library, paper="a4").reader.pages[3].mediabox[2:] == pytest.approx(A4, abs=0.01)
    letter = build(library, options=Options(paper="letter"), paper="a4")
    assert letter.reader.pages[3].mediabox[2:] == pytest.approx(LETTER, abs=0.01)


def test_same_inputs_give_identical_bytes(library):
    profile = make_profile(hours_per_week=20)
    pathway = library.pathways[AI_PM]
    first = build_workbook(library, pathway, profile, Options())
    again = build_workbook(library, pathway, profile, Options())
    assert first == again


def test_links_bookmarks_and_pages_are_packed_into_compressed_object_streams(example_pdf):
    data = example_pdf.data
    assert data.startswith(b"%PDF-1.5") and b"/ObjStm" in data
    assert b"/Link" not in data and b"/Outlines" not in data  # none written as plain text
    pages = range(1, len(example_pdf.reader.pages) + 1)
    assert sum(len(example_pdf.links(page)) for page in pages) > 100  # all still read back
    assert len(example_pdf.outline()) > 50


def test_the_document_declares_its_language_and_title(example_pdf):
    root = example_pdf.reader.trailer["/Root"]
    assert root["/Lang"] == "en" and root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert example_pdf.reader.metadata.title.startswith("Study workbook: Backend Developer")


def test_the_settings_are_kept_in_the_pdf(example_pdf):
    keywords = example_pdf.reader.metadata["/Keywords"]
    assert '"hours_per_week": 12.5' in keywords and AI_PM in keywords


def test_a_centre_can_drop_in_fallback_fonts(library, tmp_path, caplog):
    import shutil

    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    shutil.copy(vera, tmp_path / "vera.ttf")  # covers ∃, which Fira Sans lacks
    with caplog.at_level(logging.WARNING, logger="workbook"):
        pdf = build(library, options=Options(fonts_dir=tmp_path), name="Ada ∃ Example")
    assert not caplog.records
    fonts = {
        ref.get_object()["/BaseFont"] for ref in pdf.reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert any("Vera" in name for name in fonts)
    assert "Ada ∃ Example" in normalise(pdf.pages[0])


def test_a_centre_can_replace_the_family(library, tmp_path):
    import shutil

    import reportlab

    shutil.copy(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf", tmp_path / "regular.ttf")
    shutil.copy(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf", tmp_path / "bold.ttf")
    pdf = build(library, options=Options(fonts_dir=tmp_path))
    fonts = {
        ref.get_object()["/BaseFont"].split("+")[-1]
        for ref in pdf.reader.pages[2]["/Resources"]["/Font"].values()
    }
    assert fonts == {"BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold"}


def test_source_date_epoch_sets_the_creation_date(library, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    pdf = build(library, hours_per_week=80)
    assert pdf.reader.metadata["/CreationDate"].startswith("D:2030")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build(library, hours_per_week=80).reader.metadata["/CreationDate"].startswith("D:2000")
