"""People's file names: transliterated, one short safe path component, unique however typed."""

from __future__ import annotations

import unicodedata

import pytest

from workbook.batch import file_names
from workbook.files import SLUG_CHARS, slug
from workbook.roster import Row

DEVICES = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zoë Øster", "zoe-oster"),
        ("Große Straße", "grosse-strasse"),
        ("Łukasz Żółć", "lukasz-zolc"),
        ("Þór Ærnes", "thor-aernes"),
        ("李", "li"),
        ("\uff26\uff55\uff4c\uff4c \uff37\uff49\uff44\uff54\uff48", "full-width"),
        ("Zoe\u0308", "zoe"),  # decomposed ë
        ("An\u200bna\u202e Ma\u2060ria", "anna-maria"),  # zero-width, bidi, word joiner
        ("A\x00B\x1bC", "abc"),
        ("\u202e\u200b", "person"),  # nothing visible: the fallback
    ],
)
def test_letters_are_transliterated_before_anything_is_dropped(text, expected):
    assert slug(text, "person") == expected


def test_a_slug_is_short_and_cut_between_words():
    assert slug("Ada " + "y" * 100) == "ada-" + "y" * (SLUG_CHARS - 4)
    assert len(slug("word " * 50)) <= SLUG_CHARS and not slug("word " * 50).endswith("-")


def test_file_names_are_safe_short_and_unique_however_a_name_is_typed(library):
    nfc, nfd = "Zoë Øster", unicodedata.normalize("NFD", "Zoë Øster")
    people = [
        ("", nfc),
        ("", nfd),
        ("", "ZOË ØSTER"),
        ("", "zoe oster"),
        ("CON", "NUL"),
        ("", "COM1"),
        ("lpt9", ""),
        ("../..", "..\\..\\boot.ini"),
        ("x" * 10_000, "y " * 10_000),
        ("\u202e" * 5, "\u200b" * 5),
        ("", "\x00\x1b[31m"),
    ]
    rows = [Row(number, person_id, name) for number, (person_id, name) in enumerate(people, 2)]
    names = [name for _, name in file_names(rows)]
    assert names[0] == "2-zoe-oster.pdf"
    keys = {unicodedata.normalize("NFC", n).casefold() for n in names}
    assert len(keys) == len(rows)
    for name in names:
        stem = name.removesuffix(".pdf")
        assert name.isascii() and name.endswith(".pdf") and len(name.encode()) <= 100
        assert set(stem) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
        assert stem.split(".")[0] not in DEVICES and not stem.startswith(("-", "."))
