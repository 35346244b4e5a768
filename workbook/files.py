"""Output names and atomic writes: a crash never leaves a half-written file under a final name."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from anyascii import anyascii

from workbook.errors import InputError, Problem

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


def reason(exc: OSError) -> str:
    """What the system said, without the temporary file names it mentions."""
    return exc.strerror or str(exc)


def run_inputs(path: Path, content_dir: Path | None, brand_path: Path | None) -> list[Path]:
    """The files a run reads: its profile or roster, a content folder's files, a brand file."""
    content = [p for p in content_dir.rglob("*") if p.is_file()] if content_dir else []
    return [path, *content, *([brand_path] if brand_path else [])]


def refuse_to_overwrite(inputs: list[Path], outputs: Iterable[Path]) -> None:
    """An output that is one of the inputs (or a link to one) would destroy it: an InputError
    before anything is written. A folder is resolved once, so that a million outputs take a
    second."""
    read = {path.resolve() for path in inputs}
    folders: dict[Path, Path] = {}
    for path in outputs:
        if path.is_symlink() or path.name in ("", ".", ".."):
            target = path.resolve()
        else:
            if path.parent not in folders:
                folders[path.parent] = path.parent.resolve()
            target = folders[path.parent] / path.name
        if target in read:
            problem = Problem(str(path), "", "is an input of this run; write the output elsewhere")
            raise InputError([problem])
