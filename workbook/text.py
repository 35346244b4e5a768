"""Text and numbers as typed → kept as written, or refused naming what would not print or read."""

from __future__ import annotations

import unicodedata
from typing import Any

from workbook.messages import shown

JOINERS = {"\u200c", "\u200d"}  # ZWNJ, ZWJ
# Letters and symbols that print as nothing (Hangul fillers, the braille blank, a grapheme joiner,
# Khmer inherent vowels): a name made of them would print blank, so they are refused.
BLANKS = {"\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u2800", "\u3164", "\uffa0"}
PLAIN_SPACES = {" ", "\u00a0"}  # other spaces (en, thin, ideographic…) become a plain space
_KINDS = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Co": "a private-use character",
    "Cs": "a lone surrogate (half a character)",
    "Cn": "a non-character or unassigned code point",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}


def describe(char: str) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)', with what kind of character it is."""
    name = unicodedata.name(char, "")
    kind = _KINDS.get(unicodedata.category(char), "a character")
    if char in BLANKS:
        kind = "a character that prints as nothing"
    if char in JOINERS:
        kind = "a joiner that is not between two letters or symbols"
    return f"{kind}, U+{ord(char):04X}" + (f" ({name})" if name else "")


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNPS" and char not in BLANKS


def _joinable(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMNPS"


def _allowed(text: str, index: int, newlines: bool) -> bool:
    char = text[index]
    if char in BLANKS:
        return False
    if _joinable(char) or unicodedata.category(char) == "Zs" or (newlines and char == "\n"):
        return True
    if char in JOINERS:  # ZWJ/ZWNJ shape Persian and Indic words and emoji: keep them there
        return (
            0 < index < len(text) - 1 and _joinable(text[index - 1]) and _joinable(text[index + 1])
        )
    return False


def printable(text: str, newlines: bool = False) -> str:
    """Text NFC-normalised, or ValueError naming the first character that would not print.

    The rule: letters, marks, digits, punctuation, symbols and spaces of every script are kept
    (and newlines where `newlines`); ZWJ and ZWNJ only between two of those (Persian and Indic
    names, emoji sequences); spaces of every width become a plain space. Refused: characters
    that print as nothing (BLANKS), controls (NUL, ESC, DEL, C1, tabs), invisible formatting
    characters (bidi marks, overrides and isolates, U+2060, U+FEFF, soft hyphen), private-use
    characters, lone surrogates, non-characters and line/paragraph separators.
    """
    text = "".join(
        " " if unicodedata.category(c) == "Zs" and c not in PLAIN_SPACES else c
        for c in unicodedata.normalize("NFC", text)
    )
    if text and not any(_visible(char) for char in text):
        raise ValueError("has no visible characters")
    for index in range(len(text)):
        if not _allowed(text, index, newlines):
            where = f"character {index + 1}" if len(text) > 1 else "its only character"
            raise ValueError(f"contains {describe(text[index])} at {where}; remove it")
    return text


def whole_number(value: Any) -> Any:
    """A before-validator: whole numbers are written as digits, not text or true/false."""
    return _digits(value, "a whole number written with digits, such as 6, not")


def plain_number(value: Any) -> Any:
    """A before-validator: numbers are written as digits, not text or true/false."""
    return _digits(value, "a number written with digits, such as 12 or 7.5; not")


def _digits(value: Any, wanted: str) -> Any:
    if isinstance(value, bool | str):
        raise ValueError(f"must be {wanted} {shown(value)}")
    return value
