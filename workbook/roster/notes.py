"""Rows as checked → notes on repeated and look-alike rows, and the log's warnings, capped."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from anyascii import anyascii

from workbook.errors import Problem
from workbook.messages import shown
from workbook.roster.seen import Seen

if TYPE_CHECKING:
    from workbook.roster.row import Row

log = logging.getLogger("workbook.roster")


_FINGERPRINT = 2**16 - 1  # of an id, to tell 'x1' again from 'X1': one int a row with its number


class Duplicates:
    """Rows seen so far, by a hash of their cells, of their name's look and of their id, kept on
    disk (Seen): memory stays flat however many rows. Rows are noted a block at a time."""

    def __init__(self, source: str, warnings: Warnings):
        self.source, self.warnings = source, warnings
        self.rows, self.names = Seen(), Seen()
        self.ids = Seen()  # the id's look → its row and the id's own hash, packed

    def note(self, block: list[tuple[Row, dict[str, Any]]]) -> list[Row]:
        """Each row, with notes when it repeats an earlier row, or else when its name looks like
        an earlier row's or its id is one's (or differs from it only in case or width)."""
        keys = [
            (_cells_hash(values), _name_keys(row.name), _id_keys(row.id)) for row, values in block
        ]
        self.rows.load(cells for cells, _, _ in keys)
        self.names.load(look for _, looks, _ in keys for look in looks)
        self.ids.load(ids[0] for _, _, ids in keys if ids)
        noted = [self._note(row, *row_keys) for (row, _), row_keys in zip(block, keys, strict=True)]
        for seen in (self.rows, self.names, self.ids):
            seen.save()
        return noted

    def close(self) -> None:
        for seen in (self.rows, self.names, self.ids):
            seen.close()

    def _note(self, row: Row, cells: int, looks: list[int], ids: tuple[int, int] | None) -> Row:
        exact = self.rows.setdefault(cells, row.number)
        if exact != row.number:
            message = f"repeats row {exact} exactly"
            return self._noted(row, [Problem(self.source, f"row {row.number}", message)])
        return self._noted(row, [*self._name_note(row, looks), *self._id_note(row, ids)])

    def _name_note(self, row: Row, looks: list[int]) -> list[Problem]:
        alike = min((self.names.setdefault(look, row.number) for look in looks), default=0)
        if alike in (0, row.number):
            return []
        message = f"{shown(row.name)} looks like the name in row {alike}"
        return [Problem(self.source, f"row {row.number}, name", message)]

    def _id_note(self, row: Row, ids: tuple[int, int] | None) -> list[Problem]:
        if ids is None:
            return []
        key, own = ids
        first, first_id = divmod(
            self.ids.setdefault(key, row.number * (_FINGERPRINT + 1) + own), _FINGERPRINT + 1
        )
        if first == row.number:
            return []
        if first_id == own:
            message = f"{shown(row.id)} is also the id of row {first}"
        else:
            message = f"{shown(row.id)} differs from the id of row {first} only in case or width"
        return [Problem(self.source, f"row {row.number}, id", message)]

    def _noted(self, row: Row, notes: list[Problem]) -> Row:
        for note in notes:
            self.warnings.add("repeat or look like an earlier row", note)
        return replace(row, notes=(*row.notes, *notes)) if notes else row


def _name_keys(name: str) -> list[int]:
    return [hash(look) for look in name_looks(name)]


def _id_keys(row_id: str) -> tuple[int, int] | None:
    """The id's look (case and width folded) and a fingerprint of the id as typed."""
    row_id = unicodedata.normalize("NFC", row_id.strip())
    if not row_id:
        return None
    return hash(unicodedata.normalize("NFKC", row_id).casefold()), hash(row_id) & _FINGERPRINT


def _cells_hash(values: dict[str, Any]) -> int:
    """The same for two rows with the same cells, however their text is composed (NFC)."""
    cells = tuple((k, _nfc(v)) for k, v in values.items())
    try:
        return hash(cells)
    except TypeError:  # a YAML row's lists and mappings: compared as written
        return hash(_nfc(repr(sorted(cells, key=lambda item: str(item[0])))))


def _nfc(value: Any) -> Any:
    if type(value) is not str or value.isascii():
        return value
    return unicodedata.normalize("NFC", value)


# Letters that look like Latin ones, which transliteration reads by sound (Cyrillic Es, which
# looks like C, is S; Greek Eta, like H, is I): mapped to the Latin letter they look like.
_HOMOGLYPHS = str.maketrans(
    "АВЕКМНОРСТУХЅІЈаеорсхуѕіјԁԛԝҮһΑΒΕΖΗΙΚΜΝΟΡΤΥΧαικνορυχ",
    "ABEKMHOPCTYXSIJaeopcxysijdqwYhABEZHIKMNOPTYXaikvopux",
)
_ALPHABETS = ("LATIN", "CYRILLIC", "GREEK")  # transliterated letter by letter


def name_looks(name: str) -> set[str]:
    """How a name looks, for finding look-alikes: case-folded, NFKC, letters and digits only,
    with the letters of the Latin, Cyrillic and Greek alphabets transliterated (anyascii, as
    for file names: 'Zoë' looks like 'Zoe', and 'Ann' typed with a Cyrillic A like 'Ann'); and
    a second look where the letters that only look Latin are read as the Latin letter ('Carol'
    typed with a Cyrillic Es, which anyascii reads as S). Other scripts keep their own letters:
    李明 and 黎明 are two names, though both are 'LiMing' in ASCII. Empty for a name with no
    letters or digits."""
    if name.isascii():
        look = re.sub(r"[^0-9a-z]+", "", name.lower())
        return {look} if look else set()
    text = unicodedata.normalize("NFKC", name)
    looks = {_look(text), _look(text.translate(_HOMOGLYPHS))}
    looks.discard("")
    return looks


def _look(text: str) -> str:
    parts = (anyascii(ch) if unicodedata.name(ch, "").startswith(_ALPHABETS) else ch for ch in text)
    folded = unicodedata.normalize("NFKC", "".join(parts).casefold())
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LMN")


class Warnings:
    """Warnings for the log: the first few of each kind in full, then how many more there were
    (every row keeps its own in its notes)."""

    SHOWN = 10

    def __init__(self, source: str):
        self.source = source
        self.counts: dict[str, int] = {}

    def add(self, kind: str, note: Problem) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] <= self.SHOWN:
            log.warning("%s", note)

    def close(self) -> None:
        for kind, count in self.counts.items():
            if count > self.SHOWN:
                log.warning("%s: %d more rows %s", self.source, count - self.SHOWN, kind)
