"""The fillable edition: form fields over the boxes and lines, stable names, read back filled."""

from __future__ import annotations

import dataclasses
import io
from collections import Counter

import pypdf
import pytest

from conftest import AI_PM, FILLABLE, PATHWAY_IDS, build, make_profile
from workbook import fieldnames
from workbook.build import build_workbook
from workbook.errors import InputError
from workbook.plan import make_plan
from workbook.render.theme import CHECKBOX, WRITING_LINE

TICKED = "/Yes"  # the value a viewer saves for a ticked box (ReportLab's on state)


def widgets(pdf) -> list[tuple[int, dict]]:
    """(1-based page, widget annotation) for every form field widget in the book."""
    found = []
    for number, page in enumerate(pdf.reader.pages, 1):
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Widget":
                found.append((number, annot))
    return found


def name_of(annot) -> str:
    return annot.get("/T") or annot["/Parent"].get_object()["/T"]


def size(annot) -> tuple[float, float]:
    left, bottom, right, top = (float(v) for v in annot["/Rect"])
    return right - left, top - bottom


@pytest.fixture(scope="module")
def book(library):
    return build(library, FILLABLE)


@pytest.fixture(scope="module")
def plan(library):
    profile = make_profile()
    return make_plan(library.pathways[profile.pathway], profile)


def test_every_work_entry_of_a_printed_week_has_its_named_checkbox(book, plan):
    fields = book.reader.get_fields()
    for week in plan.working_weeks[:2]:
        for work in week.work:
            name = fieldnames.week_item(week.number, work.item_id)
            assert fields[name]["/FT"] == "/Btn", name
    assert not any(name.startswith("week-03.") for name in fields)  # week 3 is not printed


def test_a_week_has_hours_boxes_for_each_day_and_the_total_and_its_plan_and_reflection(book):
    fields = book.reader.get_fields()
    for day in [*fieldnames.DAY_KEYS, "total"]:
        assert fields[fieldnames.week_hours(1, day)]["/FT"] == "/Tx"
    for part in fieldnames.PLAN_PARTS:
        assert fieldnames.week_plan(2, part) in fields
    assert fieldnames.week_reflection(2) in fields


def test_each_review_rates_every_skill_in_a_radio_group_of_levels_0_to_4(library, plan):
    book = build(library, dataclasses.replace(FILLABLE, weeks=None))
    fields = book.reader.get_fields()
    for number, _ in enumerate(plan.phases, 1):
        for track in plan.tracks:
            group = fields[fieldnames.review_rating(number, track.skill_id)]
            assert group["/FT"] == "/Btn"
            kids = [k.get_object() for k in group.indirect_reference.get_object()["/Kids"]]
            values = sorted(str(v)[1:] for k in kids for v in k["/AP"]["/N"] if v != "/Off")
            assert values == ["0", "1", "2", "3", "4"]


def test_matrix_action_plan_resources_and_worksheets_have_fields(book, library):
    names = set(book.reader.get_fields())
    pathway = library.pathways[AI_PM]
    skill = pathway.skills_to_learn[0].id
    assert fieldnames.matrix_rating(1, skill) in names
    assert {fieldnames.resource(r.id) for r in pathway.resources} <= names
    assert any(name.startswith("action.") for name in names)
    for sheet in pathway.worksheets:
        assert any(name.startswith(f"{sheet.id}.") for name in names), sheet.id


@pytest.mark.parametrize("pathway", PATHWAY_IDS)
def test_field_names_are_unique_and_the_same_for_the_same_plan(library, pathway):
    first = build(library, FILLABLE, pathway=pathway)
    names = Counter(name_of(annot) for _, annot in widgets(first))
    radios = {n for n in names if ".rating." in n and n.startswith("review-")}
    assert all(count == 1 for name, count in names.items() if name not in radios)
    assert all(count == 5 for name, count in names.items() if name in radios)
    profile = make_profile(pathway=pathway)
    again = build_workbook(library, library.pathways[pathway], profile, FILLABLE)
    assert again == first.data


def test_a_checkbox_covers_its_printed_box_and_a_lines_field_its_ruled_lines(book):
    sizes = {name_of(a): size(a) for _, a in widgets(book)}
    width, height = sizes[fieldnames.week_item(1, "everyday-product-notes")]
    assert width == pytest.approx(CHECKBOX, abs=0.01) == height
    width, height = sizes[fieldnames.week_plan(1, "top-three")]
    assert height == pytest.approx(3 * WRITING_LINE, abs=0.01)


def test_the_print_edition_has_no_form(short_books):
    assert "/AcroForm" not in short_books[AI_PM].reader.trailer["/Root"]
    assert not widgets(short_books[AI_PM])


def test_fields_use_helvetica_and_the_page_fonts_stay_embedded(book):
    form = book.reader.trailer["/Root"]["/AcroForm"]
    assert {str(f["/BaseFont"]) for f in form["/DR"]["/Font"].values()} <= {
        "/Helvetica",
        "/ZapfDingbats",
    }
    for page in book.reader.pages:  # the page's own text: embedded TrueType, as in print
        for ref in page["/Resources"]["/Font"].values():
            assert "/FontFile2" in ref.get_object()["/FontDescriptor"].get_object()


def test_a_copy_filled_with_pypdf_reads_back(book):
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(book.data)))
    tick = fieldnames.week_item(1, "everyday-product-notes")
    hours = fieldnames.week_hours(1, "tue")
    for page in writer.pages:
        writer.update_page_form_field_values(
            page, {tick: TICKED, hours: "1.5"}, auto_regenerate=False
        )
    out = io.BytesIO()
    writer.write(out)
    fields = pypdf.PdfReader(io.BytesIO(out.getvalue()), strict=True).get_fields()
    assert fields[tick]["/V"] == TICKED
    assert fields[hours]["/V"] == "1.5"
    assert fields[fieldnames.week_hours(1, "mon")]["/V"] == ""


def test_a_booklet_cannot_be_fillable(library):
    profile = make_profile()
    options = dataclasses.replace(FILLABLE, imposition="booklet")
    with pytest.raises(InputError, match="fillable"):
        build_workbook(library, library.pathways[profile.pathway], profile, options)
