"""Unicode facts for printing: which characters are invisible, which need shaping, visual order."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from workbook.text import JOINERS

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties): formatting marks that are never
# drawn. Printed as glyphs they show as boxes or stray marks; bidi overrides among them could also
# make a name read backwards, so order comes from the letters alone.
IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
# Zero-width (non-)joiners choose joined or separate forms in Arabic and Indic scripts, so they go
# to the shaper with their neighbours, which draws nothing for them.

# Scripts whose letters change shape with their neighbours (Arabic joining, Indic conjuncts,
# Thai marks) or run right to left: set in a fallback font and shaped by HarfBuzz.
COMPLEX = (
    (0x0590, 0x0DFF),  # Hebrew, Arabic, Syriac, Thaana, N'Ko, … Devanagari to Sinhala
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x109F),  # Tibetan, Myanmar
    (0x1780, 0x18AF),  # Khmer, Mongolian
    (0x1CD0, 0x1CFF),  # Vedic extensions
    (0xA8E0, 0xA8FF),  # Devanagari extended
    (0xFB1D, 0xFDFF),  # Hebrew and Arabic presentation forms
    (0xFE70, 0xFEFE),  # Arabic presentation forms B
)
RTL_CLASSES = frozenset(("R", "AL", "AN"))
NEUTRAL_CLASSES = frozenset(("WS", "ON", "CS", "ES", "ET", "B", "S"))


def within(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


@lru_cache(maxsize=65536)  # bounded: hostile text may hold any character
def invisible(char: str) -> bool:
    """Whether `char` is never drawn: a control, a format mark, a surrogate or a non-character."""
    if char in "\n\t":
        return False
    code = ord(char)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
    category = unicodedata.category(char)
    return noncharacter or category in ("Cc", "Cs") or within(code, IGNORABLE)


@lru_cache(maxsize=65536)
def complex_script(char: str) -> bool:
    """Whether `char` needs shaping or right-to-left order (see COMPLEX)."""
    return within(ord(char), COMPLEX) or unicodedata.bidirectional(char) in ("R", "AL")


def neutral(char: str) -> bool:
    """Spaces and punctuation: they take the direction and font of the letters around them."""
    return unicodedata.bidirectional(char) in NEUTRAL_CLASSES


def right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in RTL_CLASSES for char in text)


def levels(text: str) -> list[int]:
    """Unicode bidi embedding level of each character of a left-to-right paragraph (0 or more).

    python-bidi's reference algorithm (the pure-Python one, which exposes the levels) resolves
    them; the joiners it sets aside keep the level of the character before them.
    """
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = 0, "L"
    uba.get_embedding_levels(text, storage)
    chars = list(storage["chars"])
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    found = [char["level"] for char in chars]
    for index, char in enumerate(text):
        if char in JOINERS:
            found[index] = found[index - 1] if index else 0
    return _reset_trailing_space(text, found)


def _reset_trailing_space(text: str, found: list[int]) -> list[int]:
    """Rule L1: spaces at the end of the line take the paragraph's level."""
    index = len(text)
    while index and unicodedata.bidirectional(text[index - 1]) in ("WS", "BN"):
        index -= 1
        found[index] = 0
    return found


def visual_order(run_levels: list[int]) -> list[int]:
    """Rule L2: the indexes of runs (each of one level) in the order they appear on the line."""
    order = list(range(len(run_levels)))
    odd = [level for level in run_levels if level % 2]
    if not odd:
        return order
    for level in range(max(run_levels), min(odd) - 1, -1):
        start = 0
        while start < len(order):
            if run_levels[order[start]] < level:
                start += 1
                continue
            end = start
            while end < len(order) and run_levels[order[end]] >= level:
                end += 1
            order[start:end] = reversed(order[start:end])
            start = end
    return order


def mirrored(text: str) -> str:
    """Text of a right-to-left run in visual order, brackets mirrored ("(" shows as ")")."""
    from bidi.mirror import MIRRORED

    return "".join(MIRRORED.get(char, char) for char in reversed(text))
