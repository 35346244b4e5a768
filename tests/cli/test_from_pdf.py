"""`generate --from-pdf`: a workbook rebuilt from the profile and options kept inside it."""

from __future__ import annotations

import io
import json

import pypdf
import pytest
from click.testing import CliRunner

from conftest import AI_PM
from workbook.cli import main


def generate(*args: str):
    return CliRunner().invoke(main, ["generate", *args])


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("from-pdf")
    profile = folder / "me.yaml"
    profile.write_text(
        f"name: Ada\npathway: {AI_PM}\nstart_date: 2027-01-04\nhours_per_week: 80\npaper: a4\n",
        encoding="utf-8",
    )
    out = folder / "book.pdf"
    result = generate("--profile", str(profile), "--weeks", "1-2", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_a_book_rebuilds_to_the_same_bytes(book, tmp_path):
    again = tmp_path / "again.pdf"
    assert generate("--from-pdf", str(book), "--out", str(again)).exit_code == 0
    assert again.read_bytes() == book.read_bytes()


def test_a_booklet_keeps_its_settings_through_imposition_and_rebuilds_the_same(book, tmp_path):
    booklet, again = tmp_path / "booklet.pdf", tmp_path / "again.pdf"
    made = generate("--from-pdf", str(book), "--imposition", "booklet", "--out", str(booklet))
    assert made.exit_code == 0, made.output
    assert generate("--from-pdf", str(booklet), "--out", str(again)).exit_code == 0
    assert again.read_bytes() == booklet.read_bytes()


def test_flags_given_again_override_what_the_book_kept(book, tmp_path):
    again = tmp_path / "again.pdf"
    result = generate("--from-pdf", str(book), "--paper", "letter", "--out", str(again))
    assert result.exit_code == 0
    reader = pypdf.PdfReader(again)
    assert [round(v) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    kept = json.loads(reader.metadata["/Keywords"])
    assert kept["options"]["weeks"] == [1, 2] and kept["profile"]["name"] == "Ada"


def edited(book, tmp_path, change) -> str:
    reader = pypdf.PdfReader(book)
    settings = json.loads(reader.metadata["/Keywords"])
    change(settings)
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.add_metadata({"/Keywords": json.dumps(settings)})
    path = tmp_path / "edited.pdf"
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda s: s["options"].update(paper="legal"), "holds printing options this version"),
        (lambda s: s["profile"].update(hours_per_week=0), "hours_per_week"),
        (lambda s: s["profile"].update(pathway="astronaut"), "unknown pathway 'astronaut'"),
        (lambda s: s.pop("profile"), "is not a workbook made by this tool"),
    ],
)
def test_a_book_whose_settings_were_edited_is_refused_clearly(book, tmp_path, change, words):
    result = generate("--from-pdf", edited(book, tmp_path, change), "--out", str(tmp_path))
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output


def test_other_content_is_warned_about_and_the_book_still_built(book, tmp_path):
    path = edited(book, tmp_path, lambda s: s.update(content="0" * 64))
    result = generate("--from-pdf", path, "--out", str(tmp_path / "again.pdf"))
    assert result.exit_code == 0 and "made from other content" in result.output


def test_not_a_pdf_or_a_profile_as_well_is_one_message(book, tmp_path):
    text = tmp_path / "notes.pdf"
    text.write_text("hello", encoding="utf-8")
    result = generate("--from-pdf", str(text), "--out", str(tmp_path))
    assert result.exit_code == 2 and "notes.pdf: is not a PDF" in result.output
    both = generate("--from-pdf", str(book), "--profile", str(book), "--out", str(tmp_path))
    assert both.exit_code == 2 and "not both" in both.output
