"""Keys met so far in a roster (a hash of each row, of its name, of its id; its file name), kept in
a temporary SQLite file rather than in memory, so that memory stays flat however many rows."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any, TypeVar

from workbook.errors import InputError, Problem

BLOCK = 500  # rows taken at a time
QUERY = 500  # keys asked for in one statement, well under SQLite's limit of bound values
T = TypeVar("T")


def blocks(items: Iterable[T], size: int = BLOCK) -> Iterator[list[T]]:
    """The items in lists of `size` (the last one shorter)."""
    items = iter(items)
    return iter(lambda: list(islice(items, size)), [])


@contextmanager
def _scratch() -> Iterator[None]:
    """SQLite's failures (a full or read-only temporary folder) as one message, not a traceback."""
    try:
        yield
    except sqlite3.Error as exc:
        message = f"cannot hold the roster's scratch file ({exc}); free space there or set TMPDIR"
        raise InputError([Problem(tempfile.gettempdir(), "", message)]) from None


class Seen:
    """A dict's `setdefault`, on disk. `load` asks for a block of keys in one go and `save` stores
    the block's new ones in one go, so a row costs a few microseconds; a key not loaded first is
    looked up alone, which is slower but as correct."""

    def __init__(self) -> None:
        with _scratch():
            self.db = sqlite3.connect("")  # "": a private temporary file, deleted when closed
            self.db.execute("PRAGMA journal_mode = OFF")  # scratch data: nothing to roll back
            self.db.execute("CREATE TABLE seen (key PRIMARY KEY, value) WITHOUT ROWID")
        self.known: dict[Any, Any] = {}  # this block's keys: their stored values
        self.asked: set[Any] = set()
        self.new: dict[Any, Any] = {}

    def load(self, keys: Iterable[Any]) -> None:
        asked = list(dict.fromkeys(key for key in keys if key not in self.asked))
        self.asked.update(asked)
        for start in range(0, len(asked), QUERY):
            part = asked[start : start + QUERY]
            marks = ", ".join("?" * len(part))
            query = f"SELECT key, value FROM seen WHERE key IN ({marks})"
            with _scratch():
                self.known.update(self.db.execute(query, part))

    def setdefault(self, key: Any, value: Any) -> Any:
        """The value stored for `key` by an earlier call; else `value`, now stored."""
        if key not in self.asked:
            self.load([key])
        if key not in self.known:
            self.known[key] = self.new[key] = value
        return self.known[key]

    def save(self) -> None:
        with _scratch():
            self.db.executemany("INSERT INTO seen VALUES (?, ?)", self.new.items())
        self.known.clear()
        self.asked.clear()
        self.new.clear()

    def close(self) -> None:
        self.db.close()
