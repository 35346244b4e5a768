"""Fonts: what the bundled ones cover, what a Latin book costs, and every unusable font named."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from struct import pack_into, unpack, unpack_from
from types import SimpleNamespace
from xml.sax.saxutils import escape

import fontpkg_fira_sans
import pytest
import reportlab
from click.testing import CliRunner
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from workbook.cli import main
from workbook.errors import InputError
from workbook.render.fonts import (
    BUNDLED,
    FIRA_FILES,
    TRIAL,
    bundled_path,
    load_fonts,
    read_font,
)
from workbook.render.shaping import ShapingFont

FIRA = Path(fontpkg_fira_sans.ROOT) / "files" / "FiraSans-Regular.ttf"
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
VERA_FACES = sorted(VERA.parent.glob("Vera*.ttf"))  # Vera Bold's directory has a wrong checksum
DEBIAN = sorted(Path("/usr/share/fonts").glob("*/*/*.ttf"))  # whatever this system has
LATIN = [
    "Zoë Øster-Łukasiewicz, Ærøskøbing, Şükrü Çağlar, Dvořák, Đorđe, Grzegorz Brzęczyszczykiewicz",
    "Nguyễn Văn Anh, Trần Thị Bảo Ngọc, Phạm Hồng Đức, Lê Quỳnh Hương, Võ Ưng Ẩn",
    "Γιώργος Παπαδόπουλος, Ελένη Ξυδάκη, Дмитрий Иванов, Олена Шевченко, Ёлка Щукина",
    "Backend Developer → AI Product Manager – “quotes” … • · — 12½ h",
]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def folder(tmp_path: Path, files: dict[str, bytes]) -> Path:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name, data in files.items():
        (fonts / name).write_bytes(data)
    return fonts


def refusal(fonts: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_fonts(fonts)
    return str(caught.value)


@pytest.mark.parametrize("text", LATIN)
def test_fira_sans_prints_latin_greek_cyrillic_and_vietnamese_by_itself(text):
    fonts = load_fonts()
    assert fonts.missing(text) == "" and fonts.markup(text) == escape(text)


def test_latin_text_loads_no_fallback_font_and_no_bidi():
    script = (
        "import sys\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "from workbook.render.fonts import load_fonts\n"
        f"fonts = load_fonts(); [fonts.markup(t) for t in {LATIN!r}]\n"
        "print(sorted(pdfmetrics.getRegisteredFontNames()), 'bidi' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    names = "['Workbook-bold', 'Workbook-bold-italic', 'Workbook-italic', 'Workbook-regular']"
    assert run.stdout.strip() == f"{names} False"


LETTERS = {"arabic": "م", "hebrew": "ש", "devanagari": "क", "thai": "ก", "cjk": "王さ김"}
SCRIPTS = [script for script, *_ in BUNDLED]


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_bundled_fallback_is_truetype_whose_default_is_regular(script):
    data = bundled_path(script).read_bytes()
    if data[:4] == b"ttcf":  # a collection: its first face is the one used
        data = data[unpack(">L", data[12:16])[0] :]
    assert data[:4] == b"\x00\x01\x00\x00"  # TrueType outlines: ReportLab can embed them
    assert axis_defaults(data).get(b"wght", 400) == 400  # what gets embedded is the Regular
    assert load_fonts().missing(LETTERS[script]) == ""


def axis_defaults(data: bytes) -> dict[bytes, float]:
    """A variable font's default instance (its fvar table): axis tag → value."""
    records = (12 + 16 * i for i in range(unpack(">H", data[4:6])[0]))
    tables = {data[r : r + 4]: unpack(">L", data[r + 8 : r + 12])[0] for r in records}
    if b"fvar" not in tables:
        return {}
    start = tables[b"fvar"]
    _, _, offset, _, count, size = unpack(">6H", data[start : start + 12])
    axes = (start + offset + size * i for i in range(count))
    return {data[a : a + 4]: unpack(">l", data[a + 8 : a + 12])[0] / 65536 for a in axes}


def test_missing_names_the_characters_no_font_can_print(tmp_path):
    assert load_fonts().missing("አበበ Abebe ∃ አ 王") == "አበ∃"
    assert load_fonts().missing("Ada\u200d Lovelace") == ""
    centre = folder(tmp_path, {"vera.ttf": VERA.read_bytes()})
    assert load_fonts(centre).missing("Ada ∃ Example") == ""


def test_font_names_match_in_any_case(tmp_path):
    fonts = load_fonts(folder(tmp_path, {"REGULAR.TTF": VERA.read_bytes()}))
    assert "∃" not in fonts.missing("∃")  # Vera replaced Fira Sans as the family
    assert fonts.digest


@pytest.mark.parametrize(
    ("files", "says"),
    [
        ({"broken.ttf": FIRA.read_bytes()[:5_000]}, "broken.ttf: is cut short or damaged"),
        ({"broken.ttf": FIRA.read_bytes()[:400_000]}, "broken.ttf: is cut short or damaged"),
        ({"notes.ttf": b"hello, I am text\n"}, "notes.ttf: is not a TrueType font"),
        ({"logo.ttf": PNG}, "logo.ttf: is not a TrueType font"),
        ({"empty.ttf": b""}, "empty.ttf: is empty"),
        ({"cjk.ttf": b"OTTO" + bytes(64)}, "cjk.ttf: is an OpenType font with PostScript (CFF)"),
        ({"cjk.otf": FIRA.read_bytes()}, "cjk.otf: cannot be used: only TrueType .ttf"),
        ({"bold.ttf": FIRA.read_bytes()}, "has bold.ttf but no regular.ttf"),
        ({"README.md": b"# my fonts"}, "has no .ttf font in it"),
        ({}, "has no .ttf font in it"),
    ],
)
def test_an_unusable_font_folder_is_refused_with_one_message_naming_the_file(tmp_path, files, says):
    assert says in refusal(folder(tmp_path, files))


def test_two_files_for_one_face_are_refused(tmp_path):
    fonts = folder(tmp_path, {"Regular.ttf": FIRA.read_bytes(), "regular.ttf": VERA.read_bytes()})
    if len(list(fonts.iterdir())) < 2:
        pytest.skip("this file system ignores case")
    assert "are both the regular face" in refusal(fonts)


def test_a_folder_a_broken_link_or_a_fifo_named_ttf_is_refused(tmp_path):
    fonts = folder(tmp_path, {})
    (fonts / "folder.ttf").mkdir()
    (fonts / "link.ttf").symlink_to(tmp_path / "nowhere.ttf")
    os.mkfifo(fonts / "pipe.ttf")  # reading it would wait forever
    message = refusal(fonts)
    assert "folder.ttf: is a folder" in message
    assert "link.ttf: is a link to nothing" in message
    assert "pipe.ttf: is not a regular file" in message


def test_a_huge_font_is_refused_before_it_is_read(tmp_path):
    fonts = folder(tmp_path, {})
    with (fonts / "huge.ttf").open("wb") as sparse:
        sparse.truncate(3 * 2**30)  # 3 GiB of hole: nothing is allocated
    start = time.perf_counter()
    assert "huge.ttf: is 3,072 MiB; a font may be at most 64 MiB" in refusal(fonts)
    assert time.perf_counter() - start < 1


def test_the_cli_reports_a_broken_font_and_exits_2(tmp_path):
    fonts = folder(tmp_path, {"regular.ttf": FIRA.read_bytes()[:5_000]})
    out = tmp_path / "book.pdf"
    result = CliRunner().invoke(main, ["generate", "--fonts", str(fonts), "--out", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert f"error: {fonts / 'regular.ttf'}: is cut short or damaged" in result.stderr
    assert "Traceback" not in result.output


def test_a_centre_fallback_is_used_for_what_the_family_lacks(tmp_path):
    fonts = load_fonts(folder(tmp_path, {"zz-vera.ttf": VERA.read_bytes()}))
    assert fonts.markup("Ada ∃") == f'Ada <font face="{fonts.fallbacks[0].name}">∃</font>'


# Damaged fonts: refused with one message naming the file, at once, whatever the damage.


class TooSlow(BaseException):
    """A check still running at its deadline (no `except Exception` in the code under test eats
    it, so a font that would hang ReportLab fails the test instead of hanging the suite)."""


@contextmanager
def deadline(seconds: float):
    def expire(signum, frame):
        raise TooSlow(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def damaged(seed: int, count: int = 2_000, data: bytes | None = None) -> bytes:
    """Fira Sans with `count` random bytes after the first 500 overwritten, its size kept."""
    chance = random.Random(seed)
    font = bytearray(data or FIRA.read_bytes())
    for _ in range(count):
        font[chance.randrange(500, len(font))] = chance.randrange(256)
    return bytes(font)


def tables(data: bytes) -> dict[str, tuple[int, int, int]]:
    """tag → (where its directory record is, its offset, its length)."""
    records = range(12, 12 + 16 * unpack_from(">H", data, 4)[0], 16)
    return {
        data[r : r + 4].decode("latin-1"): (r, *unpack_from(">LL", data, r + 8)) for r in records
    }


def checksum(table: bytes) -> int:
    table += bytes(-len(table) % 4)
    return sum(unpack(f">{len(table) // 4}L", table)) & 0xFFFFFFFF


def with_checksums(data: bytes) -> bytes:
    """The font with every table's checksum made to match, as a crafted font would have them."""
    font = bytearray(data)
    for tag, (record, offset, length) in tables(data).items():
        if offset + length <= len(font):
            if tag == "head":
                font[offset + 8 : offset + 12] = bytes(4)
            pack_into(">L", font, record + 4, checksum(bytes(font[offset : offset + length])))
    return bytes(font)


def edited(tag: str, at: int, fmt: str, *values, data: bytes | None = None) -> bytes:
    """Fira Sans with `values` packed at `at` in its `tag` table."""
    font = bytearray(data or FIRA.read_bytes())
    pack_into(fmt, font, tables(font)[tag][1] + at, *values)
    return bytes(font)


def regular(tmp_path: Path, data: bytes) -> Path:
    return folder(tmp_path, {"regular.ttf": data}) / "regular.ttf"


@pytest.mark.parametrize("seed", range(1, 12))
def test_a_randomly_damaged_font_fails_its_checksums_at_once(tmp_path, seed):
    path = regular(tmp_path, damaged(seed))
    start = time.perf_counter()
    with deadline(10):
        message = refusal(path.parent)
    assert time.perf_counter() - start < 1  # seed 7 kept ReportLab busy for minutes
    assert message.startswith(f"{path}: is damaged: ") and "fail their checksums (" in message


def test_a_table_that_fails_its_checksum_is_named(tmp_path):
    font = bytearray(FIRA.read_bytes())
    font[tables(font)["cmap"][1] + 100] ^= 0xFF
    path = regular(tmp_path, bytes(font))
    assert refusal(path.parent) == (
        f"{path}: is damaged: its 'cmap' table fails its checksum; copy or download the font again"
    )


def test_the_cli_names_a_damaged_font_and_exits_2(tmp_path):
    path = regular(tmp_path, damaged(7))
    out = tmp_path / "book.pdf"
    with deadline(20):
        result = CliRunner().invoke(main, ["generate", "--fonts", str(path.parent), "--out", out])
    assert result.exit_code == 2 and not out.exists()
    assert f"error: {path}: is damaged: 11 of its 18 tables fail their checksums" in result.stderr
    assert "Traceback" not in result.output


def fira_cmap() -> tuple[int, int]:
    """Where Fira's Unicode character map (format 4) is in its cmap table, and its segments."""
    cmap = tables(FIRA.read_bytes())["cmap"][1]
    data = FIRA.read_bytes()
    at = unpack_from(">L", data, cmap + 4 + 8 * 2 + 4)[0]  # the (3, 1) record, the one read
    assert unpack_from(">H", data, cmap + at)[0] == 4
    return at, unpack_from(">H", data, cmap + at + 6)[0] // 2


def test_a_character_map_built_to_hang_is_refused_unread(tmp_path):
    at, segments = fira_cmap()
    starts = at + 16 + 2 * segments
    path = regular(
        tmp_path, with_checksums(edited("cmap", starts, f">{segments}H", *[0] * segments))
    )
    with deadline(10):  # ReportLab would walk each range from 0, millions of characters
        message = refusal(path.parent)
    assert message.startswith(f"{path}: is damaged: its character map (cmap) lists ")


def test_a_character_map_naming_glyphs_the_font_lacks_is_refused(tmp_path):
    at, segments = fira_cmap()
    deltas = at + 16 + 4 * segments  # glyph = character + delta, for the first segment
    path = regular(tmp_path, with_checksums(edited("cmap", deltas, ">h", 30_000)))
    assert f"{path}: is damaged: its character map (cmap) names glyphs" in refusal(path.parent)


def first_composite(data: bytes) -> int:
    """Where Fira's first composite glyph (an accented letter) starts in its glyph table."""
    _, loca, _ = tables(data)["loca"]
    glyphs = unpack_from(">H", data, tables(data)["maxp"][1] + 4)[0]
    positions = unpack_from(f">{glyphs + 1}L", data, loca)  # Fira's loca has long offsets
    glyf = tables(data)["glyf"][1]
    return next(
        p for p, q in pairwise(positions) if q > p and unpack_from(">h", data, glyf + p)[0] < 0
    )


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            lambda: edited("glyf", first_composite(FIRA.read_bytes()) + 12, ">H", 0xFFFF),
            "is damaged: a glyph in its glyph table (glyf) is broken",
        ),
        (lambda: edited("loca", 400, ">L", 0xFFFFFF), "its glyph index (loca) is out of order"),
        (lambda: edited("OS/2", 8, ">H", 0x0002), "has a licence that does not allow embedding"),
        (lambda: edited("post", 0, ">H", 9), "is cut short or damaged: it cannot be read as a"),
        (lambda: edited("head", 50, ">h", 7), "its glyph index (loca) has an unknown format"),
    ],
    ids=["composite", "loca", "licence", "post", "head"],
)
def test_a_font_whose_checksums_match_its_damage_is_still_refused(tmp_path, change, says):
    path = regular(tmp_path, with_checksums(change()))
    message = refusal(path.parent)
    assert message.startswith(f"{path}: ") and says in message


@pytest.mark.parametrize("seed", range(20))
def test_damage_that_passes_every_check_still_embeds_every_character(tmp_path, seed):
    """Crafted damage (checksums made to match): refused with a message, or it prints."""
    path = regular(tmp_path, with_checksums(damaged(seed, count=30)))
    with deadline(30):
        try:
            fonts = load_fonts(path.parent)
        except InputError as exc:
            assert str(exc).startswith(f"{path}: ")
            return
        font = pdfmetrics.getFont(fonts.regular)
        printable = [code for code in font.face.charToGlyph if 32 <= code < 0xF0000]
        text = "".join(chr(code) for code in sorted(printable) if chr(code).isprintable())
        canvas = Canvas(io.BytesIO(), invariant=1)
        canvas.setFont(fonts.regular, 8)
        for line in range(0, len(text), 100):
            canvas.drawString(0, 0, text[line : line + 100])
        canvas.drawString(0, 0, fonts.markup("محمد (أبو علي) Ada"))
        canvas.save()


LEGITIMATE = [
    *(Path(fontpkg_fira_sans.ROOT) / "files" / name for name in FIRA_FILES.values()),
    *(bundled_path(script) for script in SCRIPTS if bundled_path(script).suffix == ".ttf"),
    *VERA_FACES,
    *DEBIAN,
]


@pytest.mark.parametrize("path", LEGITIMATE, ids=[path.name for path in LEGITIMATE])
def test_legitimate_fonts_pass_every_check(path):
    assert read_font(path) == path.read_bytes()


def test_the_trial_leaves_no_font_behind(tmp_path):
    fonts = load_fonts(folder(tmp_path, {"regular.ttf": FIRA.read_bytes()}))
    assert TRIAL not in pdfmetrics.getRegisteredFontNames()
    assert isinstance(pdfmetrics.getFont(fonts.regular), ShapingFont)


def test_a_shaped_glyph_out_of_range_draws_the_missing_glyph():
    """A damaged layout table can name a glyph the font lacks, or move one 40,000 units away."""
    font = load_fonts()._font_for("م").font
    glyph = SimpleNamespace(codepoint=70_000, cluster=0)
    far = SimpleNamespace(x_offset=40_000, y_offset=-40_000, x_advance=40_000)
    near = SimpleNamespace(x_offset=0, y_offset=0, x_advance=500)
    code = ord(font._draw([(glyph, near), (glyph, far)], "م", rtl=True))
    assert font.face.charToGlyph[code] > 0 and font.actual[code] == "م"
