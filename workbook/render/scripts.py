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


def paragraph_level(text: str) -> int:
    """The paragraph's level: 1 (right to left) when `text` has strong letters and all of them run
    right to left, else 0, the direction of the document.

    For a text of right-to-left letters this is rule P2/P3 (its first strong letter): a Hebrew or
    Arabic name reads from its own start, with a final full stop, a leading number or an opening
    bracket where its reader expects them. A text that also holds left-to-right letters is set in
    the document's direction instead (rule HL1 allows it): there it is a line of this English
    book, as the footer "name · from → to" is, which P3 would turn around after a right-to-left
    name (the roles first, a cut line's "…" at its far left, its text layer reordered).
    """
    strong = {
        "R" if kind == "AL" else kind
        for kind in map(unicodedata.bidirectional, text)
        if kind in ("L", "R", "AL")
    }
    return 1 if strong == {"R"} else 0


def levels(text: str) -> list[int]:
    """Unicode bidi embedding level of each character of `text`, one paragraph at
    `paragraph_level`: even levels run left to right, odd levels right to left.

    python-bidi's reference algorithm (the pure-Python one, which exposes the levels) resolves
    the weak and neutral types; it predates the paired-bracket rule N0, added here between them.
    The joiners it sets aside keep the level of the character before them.
    """
    from bidi import algorithm as uba

    base = paragraph_level(text)
    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = base, "LR"[base]
    uba.get_embedding_levels(text, storage)
    chars = list(storage["chars"])
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    for run in storage["runs"]:
        start = run["start"]
        _resolve_brackets(storage["chars"][start : start + run["length"]], run["sor"])
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    found = [char["level"] for char in chars]
    for index, char in enumerate(text):
        if char in JOINERS:
            found[index] = found[index - 1] if index else base
    return _reset_trailing_space(text, found, base)


@lru_cache(maxsize=1)
def brackets() -> dict[str, str]:
    """Bidi_Paired_Bracket: each opening bracket → its closing one, and each closing → opening.

    Derived as Unicode's BidiBrackets.txt is: A and B pair when A is an opening punctuation (Ps)
    and B a closing one (Pe), both Other Neutral and Bidi_Mirrored, and B is A's mirror glyph.
    Guillemets (U+00AB, U+2039 and their mirrors) are quotation marks, not brackets: N0 leaves
    them alone.
    """
    from bidi.mirror import MIRRORED

    found = {
        opening: closing
        for opening, closing in (*MIRRORED.items(), *NEWER_BRACKETS)
        if unicodedata.category(opening) == "Ps"
        and unicodedata.category(closing) == "Pe"
        and unicodedata.bidirectional(opening) == unicodedata.bidirectional(closing) == "ON"
        and unicodedata.mirrored(opening)
        and unicodedata.mirrored(closing)
    }
    return found | {closing: opening for opening, closing in found.items()}


# Pairs newer than python-bidi's mirroring table (Unicode 14).
NEWER_BRACKETS = (
    ("\u2e55", "\u2e56"),
    ("\u2e57", "\u2e58"),
    ("\u2e59", "\u2e5a"),
    ("\u2e5b", "\u2e5c"),
)
BRACKET_DEPTH = 63  # rule BD16: deeper nesting pairs nothing more
STRONG = {"L": "L", "R": "R", "EN": "R", "AN": "R"}  # numbers count as right to left in N0, N1


def _resolve_brackets(chars: list[dict], sor: str) -> None:
    """Rule N0: a bracket pair takes the direction of the text inside it, so that "(" and ")"
    stay around the words they enclose whichever way those run. `chars` is one level run after
    the weak rules: python-bidi's dicts, with the current type ("type") and the original ("orig").
    """
    if not chars:
        return
    embedding = "LR"[chars[0]["level"] % 2]
    for opening, closing in _bracket_pairs(chars):
        inside = {STRONG.get(chars[index]["type"]) for index in range(opening + 1, closing)}
        if embedding in inside:
            direction = embedding
        elif inside - {None}:  # only the other direction inside: that of the text before (N0 c)
            before = (STRONG.get(chars[index]["type"]) for index in range(opening - 1, -1, -1))
            direction = next((kind for kind in before if kind), sor)
        else:
            continue  # nothing strong inside: the brackets stay neutral for N1 and N2
        for index in (opening, closing):
            chars[index]["type"] = direction
            index += 1
            while index < len(chars) and chars[index]["orig"] == "NSM":  # marks on a bracket
                chars[index]["type"] = direction
                index += 1


def _bracket_pairs(chars: list[dict]) -> list[tuple[int, int]]:
    """Rule BD16: the positions of matching bracket pairs, in the order they open."""
    pairs = brackets()
    stack: list[tuple[str, int]] = []  # (the closing bracket awaited, where it opened)
    found = []
    for index, char in enumerate(chars):
        if char["type"] != "ON" or char["ch"] not in pairs:
            continue
        if unicodedata.category(char["ch"]) == "Ps":
            if len(stack) == BRACKET_DEPTH:
                break
            stack.append((pairs[char["ch"]], index))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == char["ch"]:
                found.append((stack[depth][1], index))
                del stack[depth:]
                break
    return sorted(found)


def _reset_trailing_space(text: str, found: list[int], base: int) -> list[int]:
    """Rule L1: spaces at the end of the line take the paragraph's level."""
    index = len(text)
    while index and unicodedata.bidirectional(text[index - 1]) in ("WS", "BN"):
        index -= 1
        found[index] = base
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

    pairs = brackets()
    return "".join(MIRRORED.get(char) or pairs.get(char, char) for char in reversed(text))
