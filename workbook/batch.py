"""A checked roster → one workbook per valid row, built in parallel, plus the cohort's manifest.

Workers (local processes, or a Dask cluster) only turn a profile into PDF bytes; this process
names, writes (atomically), counts and records every file, so a batch killed at any moment leaves
no partial PDF under a final name. Each PDF carries the hash of its inputs, so `--resume` skips a
row whose file already matches and the rerun's output is identical to an uninterrupted run.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import json
import os
import re
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import pypdf

from workbook.build import build_workbook, input_hash
from workbook.content import load_library
from workbook.errors import InputError
from workbook.files import slug, write_atomic
from workbook.options import Options
from workbook.profile import Profile
from workbook.render.fonts import load_fonts
from workbook.roster import Row

CHUNK = 4  # rows sent to a worker at a time: small enough for a smooth progress bar
# The cohort's own files; no person's workbook may take one of these names.
PRINT_FILES = re.compile(r"cohort-print(-part\d+)?\.pdf", re.IGNORECASE)
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


def file_names(rows: list[Row]) -> dict[int, str]:
    """`<id or row number>-<slug of the name>.pdf` for every row, unique within the roster.

    Named from the whole roster, so a row keeps its file name whatever --only or --preview
    select. Names are compared without case, as Windows and macOS do.
    """
    names: dict[int, str] = {}
    taken: set[str] = set()
    for row in rows:
        base = f"{slug(row.id, '') or row.number}-{slug(row.name, 'person')}"
        stem, extra = base, 1
        while stem.lower() in taken or TOOL_FILES.fullmatch(f"{stem}.pdf"):
            # a repeated id or name, or one of the cohort's own files: the row number keeps it apart
            stem = f"{base}-row{row.number}" + (f"-{extra}" if extra > 1 else "")
            extra += 1
        taken.add(stem.lower())
        names[row.number] = f"{stem}.pdf"
    return names


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
    rows: list[Row],
    names: dict[int, str],
    out: Path,
    options: Options,
    *,
    workers: int,
    resume: bool = False,
    scheduler: str | None = None,
    progress: Callable[[Entry], None] = lambda entry: None,
) -> list[Entry]:
    """Build every valid row into `out` under its name; return manifest entries in roster order."""
    library = load_library(options.content_dir)
    _remove_stale(out, set(names.values()))
    entries: dict[int, Entry] = {}
    jobs: list[Job] = []
    stamps = {row.number: input_hash(library, row.profile, options) for row in rows if row.ok}
    for row in rows:
        if not row.ok:
            entries[row.number] = _error(row)
            progress(entries[row.number])
            continue
        target = out / names[row.number]
        if resume and _stamp(target) == stamps[row.number]:
            entries[row.number] = _entry(row, target, target.read_bytes(), stamps[row.number])
            progress(entries[row.number])
            continue
        jobs.append(Job(row.number, row.profile.model_dump(mode="json", by_alias=True), options))
    by_number = {row.number: row for row in rows}
    for number, pdf, message in _execute(jobs, workers, scheduler):
        row = by_number[number]
        if pdf is None:
            entries[number] = _error(row, message)
        else:
            entries[number] = _written(row, out / names[number], pdf, stamps[number], message)
        progress(entries[number])
    return [entries[row.number] for row in rows]


def _remove_stale(out: Path, names: set[str]) -> None:
    """Temporary files a run killed mid-write left beside a person's file or a cohort file."""
    for path in out.glob(".*.tmp"):
        written = path.name[1:].rsplit(".", 2)[0]  # '.NAME.random.tmp' → NAME
        if written in names or TOOL_FILES.fullmatch(written):
            path.unlink(missing_ok=True)


def _written(row: Row, target: Path, pdf: bytes, stamp: str, note: str = "") -> Entry:
    """Write one workbook; a file that cannot be written is that row's problem, not the batch's."""
    try:
        write_atomic(target, pdf)
    except OSError as exc:
        return _error(row, f"{target.name}: cannot be written: {exc.strerror or exc}")
    return _entry(row, target, pdf, stamp, note)


def _execute(
    jobs: list[Job], workers: int, scheduler: str | None
) -> Iterator[tuple[int, bytes | None, str]]:
    if not jobs:
        return iter(())
    if scheduler:
        return _on_dask(jobs, scheduler)
    if workers <= 1:
        return map(build_job, jobs)
    return _on_processes(jobs, workers)


def _die_with_parent() -> None:
    """On Linux, ask the kernel to end this worker when the batch process dies (even by SIGKILL),
    instead of leaving it waiting for work forever. Elsewhere the pool's own shutdown applies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _on_processes(jobs: list[Job], workers: int) -> Iterator[tuple[int, bytes | None, str]]:
    workers = min(workers, len(jobs))  # no idle processes for a small roster
    with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent) as pool:
        yield from pool.map(build_job, jobs, chunksize=CHUNK)


def _on_dask(jobs: list[Job], scheduler: str) -> Iterator[tuple[int, bytes | None, str]]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError.single("--scheduler", "needs Dask: pip install 'workbook[dask]'") from None
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, ValueError, TypeError) as exc:
        raise InputError.single("--scheduler", f"cannot reach {scheduler}: {exc}") from None
    with client:
        futures = client.map(build_job, jobs, pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()


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
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
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


def as_dicts(entries: Iterable[Entry]) -> list[dict]:
    return [asdict(entry) for entry in entries]
