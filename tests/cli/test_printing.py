"""--duplex / --imposition booklet / --signature (and in batch --edition, --ink): what is
written, said and refused."""

from __future__ import annotations

import csv
import json

import pypdf
import pytest
from click.testing import CliRunner

from conftest import AI_PM
from workbook.cli import main

SHORT = ["--weeks", "1-2"]
FOLD_AND_STAPLE = "print double-sided, flip on short edge, fold in the middle, staple on the fold"


def generate(tmp_path, *args: str):
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        f"name: Ada Example\npathway: {AI_PM}\nstart_date: 2027-01-04\nhours_per_week: 12\n",
        encoding="utf-8",
    )
    out = tmp_path / "book.pdf"
    command = ["generate", "--profile", str(profile), "--out", str(out), *SHORT, *args]
    return CliRunner().invoke(main, command), out


def test_a_booklet_is_written_with_a_hint_on_how_to_print_it(tmp_path):
    result, out = generate(tmp_path, "--imposition", "booklet", "--paper", "a4")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    hint, warning = result.stderr.strip().splitlines()
    assert hint == f"hint: {FOLD_AND_STAPLE}"
    assert warning.startswith("warning: ") and "too many to fold and staple" in warning
    sheet = pypdf.PdfReader(out).pages[0].mediabox
    assert (round(sheet.width), round(sheet.height)) == (842, 595)


def test_signatures_say_how_to_bind_them(tmp_path):
    result, _ = generate(tmp_path, "--imposition", "booklet", "--signature", "4")
    assert result.exit_code == 0, result.output
    assert "fold each signature of 4 sheets" in result.stderr
    assert "warning" not in result.stderr


def test_duplex_prints_no_hint(tmp_path):
    result, out = generate(tmp_path, "--duplex")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert len(pypdf.PdfReader(out).pages) % 2 == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--signature", "4"], "--signature: 4: makes a booklet's signatures"),
        (["--duplex", "--paper", "kindle-scribe"], "--duplex: is for printed paper"),
        (["--imposition", "booklet", "--paper", "remarkable"], "--imposition: is for printed"),
    ],
)
def test_bad_combinations_get_one_clear_message(tmp_path, args, words):
    result, out = generate(tmp_path, *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0]
    assert not out.exists()


def test_a_signature_of_no_sheets_is_refused(tmp_path):
    result, _ = generate(tmp_path, "--imposition", "booklet", "--signature", "0")
    assert result.exit_code == 2
    assert "--signature" in result.stderr


def batch(tmp_path, *args: str):
    """`batch` over two people at 80 h a week (short plans), with the given printing flags."""
    roster = tmp_path / "cohort.csv"
    roster.write_text(
        "name,pathway,start_date,hours_per_week,paper\n"
        f"Ada,{AI_PM},2027-01-04,80,a5\nBo,{AI_PM},2027-01-04,80,letter\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ("--out", str(out), "--quiet", "--workers", "1", *args)  # built in this process
    result = CliRunner().invoke(main, ["batch", str(roster), *args])
    return result, out


def test_batch_prints_every_row_as_a_booklet_and_merges_the_sheets_by_their_paper(tmp_path):
    result, out = batch(tmp_path, "--imposition", "booklet", "--signature", "4", "--merge")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("hint: ") and "fold each signature of 4 sheets" in result.stderr
    books = sorted(out.glob("*.pdf"))
    for book in [b for b in books if not b.name.startswith(("cohort", "facilitator"))]:
        sheet = pypdf.PdfReader(book).pages[0].mediabox
        assert sheet.width > sheet.height  # landscape sheets, two pages a side
    a4 = pypdf.PdfReader(out / "cohort-print-a4.pdf")  # the A5 book's sheets are A4
    letter = pypdf.PdfReader(out / "cohort-print-letter.pdf")
    assert "Ada" in a4.pages[0].extract_text() and "Bo" in letter.pages[0].extract_text()
    assert {
        tuple(sorted((round(p.mediabox.width), round(p.mediabox.height)))) for p in a4.pages
    } == {(595, 842)}


def test_batch_builds_duplex_fillable_low_ink_books_for_every_row(tmp_path):
    result, out = batch(tmp_path, "--duplex", "--edition", "fillable", "--ink", "low")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((out / "manifest.csv").read_text(encoding="utf-8").splitlines()))
    for row in rows:
        reader = pypdf.PdfReader(out / row["file"])
        assert len(reader.pages) % 2 == 0
        assert reader.trailer["/Root"]["/AcroForm"]["/Fields"]  # form fields
        kept = json.loads(reader.metadata["/Keywords"])["options"]
        assert (kept["duplex"], kept["edition"], kept["ink"]) == (True, "fillable", "low")


def test_batch_refuses_a_signature_without_a_booklet_before_building(tmp_path):
    result, out = batch(tmp_path, "--signature", "4")
    assert result.exit_code == 2
    assert "--signature: 4: makes a booklet's signatures" in result.stderr
    assert not out.exists()
