"""Names typed in decomposed form (a letter, then its marks) print as composed letters."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import build

DECOMPOSED = {
    "ring": "A\u030angstro\u0308m",  # Ångström as A + ring, o + diaeresis
    "stacked": "Vi\u0323\u0302t Nguye\u0302\u0303n",  # ị̂: i + dot below + circumflex
}


@pytest.mark.parametrize("name", DECOMPOSED.values(), ids=DECOMPOSED.keys())
def test_a_decomposed_name_prints_composed(library, name):
    composed = unicodedata.normalize("NFC", name)
    assert composed != name
    pdf = build(library, name=name)
    cover = unicodedata.normalize("NFC", pdf.pages[0])  # extraction may split a glyph's marks
    assert composed in cover
    assert name not in pdf.pages[0]  # the marks were not drawn as separate glyphs
