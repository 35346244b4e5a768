"""--brand on the command line: one book or every row of a batch carries the centre's brand."""

from __future__ import annotations

import csv
import json

import pypdf
from click.testing import CliRunner
from PIL import Image
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str

from conftest import AI_PM
from workbook.cli import main
from workbook.render.theme import ACCENT

ACCENT_RGB = " ".join(fp_str(c) for c in ACCENT.rgb()) + " rg"

FOOTER = "Northside Careers · careers@northside.example"


def brand_file(folder, accent="#7a1f3d"):
    Image.new("RGB", (1200, 400), (122, 31, 61)).save(folder / "logo.png")
    path = folder / "brand.yaml"
    path.write_text(
        f'name: Northside Careers\nlogo: logo.png\naccent: "{accent}"\nfooter: {FOOTER}\n',
        encoding="utf-8",
    )
    return path


def profile(folder):
    path = folder / "me.yaml"
    text = f"name: Ada\npathway: {AI_PM}\nstart_date: 2027-01-04\nhours_per_week: 80\n"
    path.write_text(text, encoding="utf-8")
    return path


def generate(tmp_path, *extra: str):
    out = tmp_path / "book.pdf"
    args = ["generate", "--profile", str(profile(tmp_path)), "--out", str(out), "--weeks", "1-1"]
    result = CliRunner().invoke(main, [*args, *extra])
    return result, out


def keywords(path) -> dict:
    return json.loads(pypdf.PdfReader(path).metadata["/Keywords"])


def test_a_branded_book_prints_the_centres_footer_on_every_body_page(tmp_path):
    plain, out = generate(tmp_path)
    assert plain.exit_code == 0, plain.output
    unbranded = keywords(out)["input"]
    result, out = generate(tmp_path, "--brand", str(brand_file(tmp_path)))
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    pages = reader.pages
    assert all(FOOTER in page.extract_text() for page in pages[1:])
    assert keywords(out)["input"] != unbranded  # a rebuild or --resume sees the brand
    assert "Northside Careers" in pages[0].extract_text()
    images = {
        ref.idnum
        for page in pages
        for ref in page["/Resources"].get("/XObject", {}).values()
        if ref.get_object()["/Subtype"] == "/Image"
    }
    assert len(images) == 1  # the logo, embedded once
    accent = " ".join(fp_str(c) for c in HexColor("#7a1f3d").rgb()) + " rg"
    assert accent.encode() in pages[0].get_contents().get_data()  # the cover title
    assert ACCENT_RGB.encode() not in pages[0].get_contents().get_data()


def test_a_bad_brand_file_is_one_message_and_exit_2(tmp_path):
    result, out = generate(tmp_path, "--brand", str(brand_file(tmp_path, accent="#ffee00")))
    assert result.exit_code == 2 and not out.exists()
    assert "brand.yaml:3: accent: #ffee00 prints as a light grey" in result.output
    assert "Traceback" not in result.output
    missing, _ = generate(tmp_path, "--brand", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2 and "nope.yaml: file not found" in missing.output


def test_every_row_of_a_batch_carries_the_brand(tmp_path):
    roster = tmp_path / "cohort.csv"
    with roster.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "pathway", "start_date", "hours_per_week"])
        writer.writerows([["Ada", AI_PM, "2027-01-04", "80"], ["Bo", AI_PM, "2027-01-04", "80"]])
    out = tmp_path / "out"
    args = ["batch", str(roster), "--out", str(out), "--workers", "1", "--quiet"]
    result = CliRunner().invoke(main, [*args, "--brand", str(brand_file(tmp_path))])
    assert result.exit_code == 0, result.output
    books = sorted(out.glob("*.pdf"))
    books = [book for book in books if not book.name.startswith("facilitator")]
    assert len(books) == 2
    for book in books:
        assert FOOTER in pypdf.PdfReader(book).pages[2].extract_text()
