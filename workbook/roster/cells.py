"""A roster row as read → its header and cells, with every text in them made safe to write."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from workbook.errors import Problem

NOT_A_MAPPING = "(not a mapping)"
MAX_CELL = 131_072  # characters in one cell
MESSAGE_CHARS = 300  # a message echoing a huge value is cut, so that it still fits a page


@dataclass(frozen=True)
class Head:
    """What a reader knows before the rows: the header (None for YAML) and an Excel date epoch."""

    names: list[str] | None
    epoch: dt.datetime | None = None


@dataclass(frozen=True)
class Cells:
    """One data row as read. `whole` is False when its cells cannot be trusted (a broken quote,
    a ragged row): then only its reading problems are reported."""

    number: int
    values: dict[str, Any]
    problems: tuple[Problem, ...] = ()
    whole: bool = True


_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_MESSAGE = (
    "holds an unpaired surrogate (half of a UTF-16 pair, not a character); "
    "it is shown as \ufffd: type the value again"
)


def clean_text(text: str) -> tuple[str, bool]:
    """Text that UTF-8 can write: a surrogate pair becomes its character, a lone half U+FFFD.
    True when a lone half was replaced."""
    if text.isascii() or not _SURROGATE.search(text):
        return text, False
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return fixed, fixed.count("\ufffd") > text.count("\ufffd")


def clean(value: Any, depth: int = 0) -> tuple[Any, bool]:
    """A cell (or a YAML value, with what it holds) with every text made safe to write."""
    if type(value) is str:
        return clean_text(value)
    if depth > 8 or not isinstance(value, dict | list):
        return value, False
    if isinstance(value, list):
        items = [clean(v, depth + 1) for v in value]
        return [v for v, _ in items], any(bad for _, bad in items)
    pairs = [(clean(k, depth + 1), clean(v, depth + 1)) for k, v in value.items()]
    cleaned = {k: v for (k, _), (v, _) in pairs}
    return cleaned, any(kb or vb for (_, kb), (_, vb) in pairs)
