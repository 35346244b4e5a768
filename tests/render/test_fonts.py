"""Fonts: what the bundled ones cover, what a Latin book costs, and every unusable font named."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from struct import unpack
from xml.sax.saxutils import escape

import fontpkg_fira_sans
import pytest
import reportlab
from click.testing import CliRunner

from workbook.cli import main
from workbook.errors import InputError
from workbook.render.fonts import BUNDLED, load_fonts

FIRA = Path(fontpkg_fira_sans.ROOT) / "files" / "FiraSans-Regular.ttf"
VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
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


LETTERS = {"arabic": "م", "hebrew": "ש", "devanagari": "क", "thai": "ก"}


@pytest.mark.parametrize(("script", "package", "blocks"), BUNDLED, ids=[b[0] for b in BUNDLED])
def test_each_bundled_fallback_is_truetype_whose_default_is_regular(script, package, blocks):
    root = Path(__import__(package).ROOT) / "files"
    (path,) = sorted(root.glob("*.ttf"))
    data = path.read_bytes()
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
    assert load_fonts().missing("王小明 Wang ∃ 王") == "王小明∃"
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
