"""Names in every script: right to left, Arabic joined, Indic and Thai shaped, no stray marks."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdf
import pytest
from PIL import ImageOps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate

from conftest import SHORT, make_profile
from workbook.build import build_workbook
from workbook.render.fonts import load_fonts

ARABIC = "فاطمة الزهراء"
HEBREW = "דוד כהן"
CJK = {"chinese": "王小明", "japanese": "さくら 山田", "korean": "김민수"}
ETHIOPIC = "አበበ ቢቂላ"  # no configured font has Ethiopic
SHAPED = {
    "arabic": "محمد عبد الله",
    "hebrew": HEBREW,
    "devanagari": "अनुराग शर्मा",
    "thai": "สมชาย ใจดี",
    "thai marks": "ปิ่น",
    "mixed": "Ada محمد Lovelace",
}


def style() -> ParagraphStyle:
    return ParagraphStyle("name", fontName=load_fonts().regular, fontSize=14, leading=20)


def drawn(text: str) -> list[tuple[str, int, str]]:
    """(font, glyph, the characters it stands for) of each drawn character, left to right."""
    found = []
    for frag in Paragraph(load_fonts().markup(text), style()).frags:
        font = pdfmetrics.getFont(frag.fontName)
        for char in frag.text:
            glyph = font.face.charToGlyph.get(ord(char), 0)
            found.append((frag.fontName, glyph, getattr(font, "actual", {}).get(ord(char), char)))
    return found


def pdf(*texts: str) -> bytes:
    """A one-page PDF with one paragraph per text, built the way the workbook builds."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, invariant=1)
    document.build([Paragraph(load_fonts().markup(text), style()) for text in texts])
    return buffer.getvalue()


def text_layer(data: bytes) -> list[str]:
    return pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().splitlines()


def test_hebrew_prints_right_to_left():
    assert "".join(text for _, _, text in drawn(HEBREW)) == HEBREW[::-1]


def test_arabic_prints_right_to_left_with_its_letters_joined():
    glyphs = drawn("محمد")
    assert "".join(text for _, _, text in glyphs) == "دمحم"
    font = pdfmetrics.getFont(glyphs[0][0])
    alone = [font.face.charToGlyph[ord(letter)] for letter in "دمحم"]
    assert all(glyph != single for (_, glyph, _), single in zip(glyphs, alone, strict=True))


def test_a_left_to_right_line_keeps_its_order_around_a_right_to_left_name():
    texts = [text for _, _, text in drawn("Ada محمد Lovelace")]
    assert "".join(texts) == "Ada " + "محمد"[::-1] + " Lovelace"


@pytest.mark.parametrize("case", SHAPED)
def test_the_text_layer_reads_in_typing_order(case):
    assert text_layer(pdf(SHAPED[case]))[0].strip() == SHAPED[case]


@pytest.mark.parametrize("language", CJK)
def test_chinese_japanese_and_korean_print_in_the_cjk_fallback(language):
    for font, glyph, text in drawn(CJK[language]):
        if text != " ":
            assert font.endswith("-cjk") and glyph, text
    assert text_layer(pdf(CJK[language]))[0].strip() == CJK[language]


def test_a_name_no_font_has_prints_as_boxes_but_reads_as_typed():
    assert text_layer(pdf(f"{ETHIOPIC} Abebe"))[0].strip() == f"{ETHIOPIC} Abebe"


def test_names_print_in_their_script_on_the_cover_the_glance_page_and_every_footer(library):
    for name in (ARABIC, HEBREW, CJK["chinese"]):
        profile = make_profile(name=name)
        book = build_workbook(library, library.pathways[profile.pathway], profile, SHORT)
        pages = pypdf.PdfReader(io.BytesIO(book)).pages
        cover, glance, last = (pages[i].extract_text() for i in (0, 2, -1))
        assert name in cover and f"Name\n{name}\n" in glance and f"{name} · " in last


def test_shaped_output_is_the_same_whatever_was_printed_before():
    first = pdf(ARABIC, HEBREW, SHAPED["devanagari"])
    pdf("عمر خالد", "ليلى", "רות", "प्रिया", "ณัฐ")  # other names add glyphs to the shared fonts
    assert pdf(ARABIC, HEBREW, SHAPED["devanagari"]) == first


@pytest.mark.parametrize(
    "mark",
    ["\u200d", "\u200c", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u2066", "\ufe0f"],
)
def test_invisible_marks_never_print(mark):
    assert load_fonts().markup(f"Ada{mark}Lovelace") == "AdaLovelace"


def test_a_joiner_inside_arabic_shapes_and_prints_nothing():
    glyphs = drawn("محمد\u200d")
    assert "\u200d" not in "".join(text for _, _, text in glyphs)
    assert text_layer(pdf("محمد\u200d"))[0].strip() == "محمد"


def test_bidi_overrides_cannot_turn_a_name_around():
    assert load_fonts().markup("\u202eevil") == "evil"


def test_text_prints_in_composed_form():
    assert load_fonts().markup("Ade\u0301le") == "Adéle"


def test_a_long_right_to_left_name_still_lays_out():
    paragraph = Paragraph(load_fonts().markup("محمد" * 2_000), style())
    assert paragraph.wrap(400, 100_000)[1] > 0


def test_the_footer_cut_measures_shaped_text():
    fonts = load_fonts()
    cut = fonts.fit(f"{ARABIC} · " * 20, fonts.regular, 8, 200)
    assert cut.endswith("…") and fonts.width(cut, fonts.regular, 8) <= 200
    assert cut.startswith(ARABIC)


def test_a_missing_character_is_warned_about_with_the_fix(caplog):
    fonts = replace(load_fonts(), reported=set())
    fonts.markup(ETHIOPIC)
    (record,) = caplog.records
    message = record.getMessage()
    assert "'አ' (U+12A0" in message and "'ላ' (U+120B" in message and "--fonts" in message


def test_pdfium_places_a_hebrew_name_right_to_left():
    pdfium = pytest.importorskip("pypdfium2")
    page = pdfium.PdfDocument(pdf(HEBREW))[0]
    text = page.get_textpage()
    left = {text.get_text_range(i, 1): text.get_charbox(i)[0] for i in range(text.count_chars())}
    vav, kaf, final_nun = "\u05d5", "\u05db", "\u05df"  # 2nd, 5th and last letters of HEBREW
    assert left[final_nun] < left[kaf] < left[vav]  # the first letter is on the right


def test_pdfium_sees_arabic_letters_joined_into_one_stroke():
    pdfium = pytest.importorskip("pypdfium2")
    page = pdfium.PdfDocument(pdf("محمد"))[0].render(scale=3).to_pil().convert("L")
    image = page.crop(ImageOps.invert(page).getbbox())
    assert ink_shapes(image) == 1  # four letters drawn apart would be four shapes


def ink_shapes(image) -> int:
    """Connected areas of dark pixels in a grayscale image."""
    width, height = image.size
    dark = {(x, y) for y in range(height) for x in range(width) if image.getpixel((x, y)) < 128}
    shapes = 0
    while dark:
        shapes += 1
        todo = [dark.pop()]
        while todo:
            x, y = todo.pop()
            for near in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if near in dark:
                    dark.remove(near)
                    todo.append(near)
    return shapes
