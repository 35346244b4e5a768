"""A checked roster → one workbook per valid row, built in parallel, plus the cohort's manifest.

Workers (local processes, or a Dask cluster) only turn a profile into PDF bytes; this process
names, writes (atomically), counts and records every file, so a batch killed at any moment leaves
no partial PDF under a final name. Each PDF carries the hash of its inputs, so `--resume` skips a
row whose file already matches and the rerun's output is identical to an uninterrupted run.
Rows stream through: each is named as it comes, at most a window of them is in flight, and what
must be remembered of earlier rows is kept on disk, so memory stays flat in the number of rows.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import signal
import sys
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pypdf

from workbook.build import build_workbook, input_hash
from workbook.compact import page_count
from workbook.content import load_library
from workbook.errors import InputError
from workbook.files import slug, write_atomic
from workbook.options import Options
from workbook.paper import PAPER_NAMES
from workbook.profile import Profile
from workbook.render.fonts import load_fonts
from workbook.roster import Row
from workbook.roster.seen import Seen, blocks

CHUNK = 4  # rows in flight per local worker: enough to keep it busy, few to hold in memory
WINDOW = 64  # rows in flight on a Dask cluster
# The cohort's own files; no person's workbook may take one of these names.
PRINT_FILES = re.compile(
    rf"cohort-print(-({'|'.join(map(re.escape, PAPER_NAMES))}))?(-part\d+)?\.pdf", re.IGNORECASE
)
TOOL_FILES = re.compile(
    rf"manifest\.(csv|json)|facilitator\.(pdf|csv)|cohort\.zip|{PRINT_FILES.pattern}",
    re.IGNORECASE,
)
PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


@dataclass(frozen=True)
class Job:
    """What a worker needs to build one workbook (plain data, cheap to send to a process)."""

    row: int
    profile: dict
    options: Options


@dataclass(frozen=True)
class Entry:
    """One manifest line."""

    row: int
    id: str
    name: str
    file: str
    pages: int
    bytes: int
    sha256: str
    status: str
    message: str
    input_hash: str


def file_names(rows: Iterable[Row]) -> Iterator[tuple[Row, str]]:
    """Each row with its file name, `<id or row number>-<slug of the name>.pdf`, unique within
    the roster.

    A row's name depends only on the rows before it, and every row is named, so a row keeps its
    file name whatever --only or --preview select. Names are compared without case, as Windows
    and macOS do; the names taken are kept on disk, a block of rows at a time.
    """
    taken = Seen()
    try:
        for block in blocks(rows):
            bases = [
                f"{slug(row.id, '') or row.number}-{slug(row.name, 'person')}" for row in block
            ]
            taken.load(base.lower() for base in bases)
            for row, base in zip(block, bases, strict=True):
                stem, extra = base, 1
                while (
                    TOOL_FILES.fullmatch(f"{stem}.pdf")
                    or taken.setdefault(stem.lower(), row.number) != row.number
                ):
                    # a repeated id or name, or one of the cohort's own files: the row number
                    # keeps it apart
                    stem = f"{base}-row{row.number}" + (f"-{extra}" if extra > 1 else "")
                    extra += 1
                yield row, f"{stem}.pdf"
            taken.save()
    finally:
        taken.close()


def build_job(job: Job) -> tuple[int, bytes | None, str]:
    """Worker side: profile → PDF bytes and a note (a name some characters of which no font
    holds), or no bytes and the reason it failed (never an exception, so that one bad row cannot
    stop the others). Content and fonts load once per worker process."""
    try:
        library = load_library(job.options.content_dir)
        profile = Profile.model_validate(job.profile)
        pathway = library.pathways[profile.pathway]
        pdf = build_workbook(library, pathway, profile, job.options)
        fonts = load_fonts(job.options.fonts_dir)
        notes = [
            f"{field}: {boxes!r} print as boxes; add a font that has them with --fonts"
            for field, text in (("name", profile.name), ("email", profile.email or ""))
            if (boxes := fonts.missing(text))
        ]
        return job.row, pdf, "; ".join(notes)
    except InputError as exc:
        return job.row, None, "; ".join(f"{p.where}: {p.message}" for p in exc.problems)
    except Exception as exc:  # a bug must not sink the cohort: report it on its row
        return job.row, None, f"could not be built: {type(exc).__name__}: {exc}"


def run(
    rows: Iterable[tuple[Row, str]],
    out: Path,
    options: Options,
    *,
    workers: int,
    resume: bool = False,
    scheduler: str | None = None,
    progress: Callable[[Entry], None] = lambda entry: None,
) -> Iterator[tuple[Row, Entry]]:
    """Build every valid row into `out` under its name; yield each row with its manifest entry,
    in roster order. Rows are taken as they come and at most a window of them is in flight, so
    memory stays flat in the number of rows."""
    library = load_library(options.content_dir)
    waiting: deque[tuple[Row, Path, str, Entry | Future]] = deque()
    with _builder(workers, scheduler) as (submit, window):
        for row, name in rows:
            waiting.append(_start(row, out / name, library, options, resume, submit))
            while waiting and (len(waiting) > window or _ready(waiting[0][3])):
                yield _finish(*waiting.popleft(), progress)
        while waiting:
            yield _finish(*waiting.popleft(), progress)


def _start(row: Row, target: Path, library, options: Options, resume: bool, submit) -> tuple:
    """A row's entry if it is known now (a row in error, a file that already matches), else its
    build under way."""
    if not row.ok:
        return row, target, "", _error(row)
    stamp = input_hash(library, row.profile, options)
    if resume and _stamp(target) == stamp:
        return row, target, stamp, _entry(row, target, target.read_bytes(), stamp)
    profile = row.profile.model_dump(mode="json", by_alias=True)
    return row, target, stamp, submit(Job(row.number, profile, options))


def _ready(outcome: Entry | Future) -> bool:
    return isinstance(outcome, Entry) or outcome.done()


def _finish(row: Row, target: Path, stamp: str, outcome: Entry | Future, progress):
    if isinstance(outcome, Entry):
        entry = outcome
    else:
        _, pdf, message = outcome.result()
        entry = _error(row, message) if pdf is None else _written(row, target, pdf, stamp, message)
    progress(entry)
    return row, entry


def leftovers(out: Path) -> dict[Path, str]:
    """Temporary files a killed run left in `out`, each with the name it was writing
    ('.NAME.random.tmp' → NAME)."""
    if not out.is_dir():
        return {}
    return {path: path.name[1:].rsplit(".", 2)[0] for path in out.glob(".*.tmp")}


def remove_leftovers(temporary: dict[Path, str], names: Container[str]) -> None:
    """Those that were writing a person's file (one of `names`) or one of the cohort's files."""
    for path, written in temporary.items():
        if written in names or TOOL_FILES.fullmatch(written):
            path.unlink(missing_ok=True)


def _written(row: Row, target: Path, pdf: bytes, stamp: str, note: str = "") -> Entry:
    """Write one workbook; a file that cannot be written is that row's problem, not the batch's."""
    try:
        write_atomic(target, pdf)
    except OSError as exc:
        return _error(row, f"{target.name}: cannot be written: {exc.strerror or exc}")
    return _entry(row, target, pdf, stamp, note)


@contextmanager
def _builder(workers: int, scheduler: str | None) -> Iterator[tuple[Callable, int]]:
    """A function that starts a build and returns its future, and how many rows may be in
    flight: in this process, on local processes, or on a Dask cluster."""
    if scheduler:
        with _dask_client(scheduler) as client:
            yield partial(client.submit, build_job, pure=False), WINDOW
    elif workers > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent) as pool:
            yield partial(pool.submit, build_job), workers * CHUNK
    else:
        yield _built_now, 1


def _built_now(job: Job) -> Future:
    future: Future = Future()
    future.set_result(build_job(job))
    return future


def _die_with_parent() -> None:
    """On Linux, ask the kernel to end this worker when the batch process dies (even by SIGKILL),
    instead of leaving it waiting for work forever. Elsewhere the pool's own shutdown applies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _dask_client(scheduler: str):
    try:
        from distributed import Client
    except ImportError:
        raise InputError.single("--scheduler", "needs Dask: pip install 'workbook[dask]'") from None
    try:
        return Client(scheduler, timeout="20s")
    except (OSError, ValueError, TypeError) as exc:
        raise InputError.single("--scheduler", f"cannot reach {scheduler}: {exc}") from None


def _stamp(path: Path) -> str | None:
    """The input hash a previous run stored in the PDF, if the file is there and readable."""
    try:
        keywords = pypdf.PdfReader(path).metadata.get("/Keywords", "")
        return json.loads(keywords).get("input")
    except (OSError, ValueError, AttributeError, pypdf.errors.PyPdfError):
        return None


def _entry(row: Row, target: Path, pdf: bytes, stamp: str, note: str = "") -> Entry:
    """A workbook written; the row's notes (a date read from a number, a look-alike, a name
    printed partly as boxes) go with it."""
    pages = page_count(pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    return Entry(
        row.number,
        row.id,
        row.name,
        target.name,
        pages,
        len(pdf),
        digest,
        "ok",
        "; ".join(filter(None, [row.message, note])),
        stamp,
    )


def _error(row: Row, message: str = "") -> Entry:
    return Entry(row.number, row.id, row.name, "", 0, 0, "", "error", message or row.message, "")


def default_workers() -> int:
    return os.cpu_count() or 1
