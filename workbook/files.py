"""Output names and atomic writes: a crash never leaves a half-written file under a final name."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from anyascii import anyascii

SLUG_CHARS = 40  # so that `<id>-<name>-row<number>-<n>.pdf` stays within about 100 bytes


def slug(text: str, fallback: str = "workbook", limit: int = SLUG_CHARS) -> str:
    """Any text → a short lowercase ASCII part of a file name, safe on Windows, macOS and Linux.

    Letters are transliterated before anything is dropped ('Zoë Øster' → 'zoe-oster', 'ß' →
    'ss', 'Ł' → 'l', '李' → 'li'); invisible characters (controls, bidi marks, zero-width
    joiners) go first, so they never join or split words. The result holds only a-z, 0-9 and
    single hyphens, at most `limit` of them. Callers join it to another part with a hyphen, so
    a whole name is never a device name such as CON or NUL.
    """
    visible = "".join(
        ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch)[0] != "C"
    )
    name = ""
    for word in re.findall(r"[a-z0-9]+", anyascii(visible).lower()):
        room = limit - len(name) - (1 if name else 0)
        if room < min(len(word), 3):  # no room for the word, or for a useful part of it
            break
        name = f"{name}-{word[:room]}" if name else word[:room]
    return name or fallback


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place."""
    with atomic_file(path) as handle:
        handle.write(data)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: it appears under its name only once complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; outputs are ordinary
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
