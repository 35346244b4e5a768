"""A roster → a cohort's workbooks, manifest and packs: the whole of a batch run, with no command
line in it, so that the CLI, a web page or an API run a cohort the same way.

The sequence: read the roster once to count and check the rows (their problems are logged), build
the chosen rows (a second reading), then write the manifest, the facilitator pack and, if asked,
the print file and the ZIP. Problems with the run itself (a roster that cannot be read, an output
folder that cannot be written) raise InputError; a row or a pack that fails is counted in the
result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import Literal

from workbook.batch import (
    PRINT_FILES,
    Entry,
    default_workers,
    file_names,
    leftovers,
    remove_leftovers,
)
from workbook.batch import run as run_batch
from workbook.cohort import (
    Ledger,
    printed,
    separator_pages,
    write_facilitator_csv,
    write_facilitator_pdf,
    write_manifest_csv,
    write_manifest_json,
)
from workbook.content import Library, load_library
from workbook.errors import InputError, Problem
from workbook.files import reason, refuse_to_overwrite, run_inputs
from workbook.imposition import printed_on
from workbook.options import Options
from workbook.paper import PAPER_NAMES
from workbook.post import merge as merge_pdfs
from workbook.post import zip_files
from workbook.render.fonts import load_fonts
from workbook.roster import FIELDS, Row, field_known, iter_roster, parse_mapping

log = logging.getLogger("workbook")

FACILITATOR_PACK = ("facilitator.pdf", "facilitator.csv")
MANIFESTS = ("manifest.csv", "manifest.json")

# given the number of rows to build, a context giving the call to make as each row is done
Progress = Callable[[int], AbstractContextManager[Callable[[Entry], None]]]


@dataclass(frozen=True)
class BatchOptions:
    """Everything a cohort run takes besides its roster."""

    out: Path  # the folder for the workbooks, manifest and packs
    books: Options = field(default_factory=Options)  # its paper: for rows that set none
    brand_file: Path | None = None  # the file books.brand was read from: no output replaces it
    sheet: str | None = None  # Excel: the sheet to read (None: the first)
    mapping: tuple[str, ...] = ()  # 'THEIR HEADER=field' renamings of the roster's columns
    only: tuple[str, ...] = ()  # 'FIELD=VALUE': keep only rows with these values
    preview: int | None = None  # build only this roster row, and write no manifest or pack
    check: bool = False  # check every chosen row and write nothing
    merge: bool = False  # also the print file(s), cohort-print*.pdf
    sort: Literal["roster", "name"] = "roster"  # the print file's order
    max_pages: int | None = None  # split the print file into parts of at most this many pages
    zip: bool = False  # also cohort.zip: the PDFs, manifest and packs
    workers: int | None = None  # processes building workbooks (None: one per CPU)
    scheduler: str | None = None  # a Dask scheduler's address, instead of local processes
    resume: bool = False  # skip rows whose PDF already matches its inputs


@dataclass(frozen=True)
class BatchResult:
    """What a run did: counts of the chosen rows, the cohort's own files, what failed."""

    rows: int  # the rows chosen (all of them, unless --only or --preview)
    built: int  # of those, workbooks written or already up to date (0 when checking)
    failed: int  # of those, rows with problems or whose build failed
    files: tuple[Path, ...] = ()  # the manifests, packs, print files and ZIP written
    unmade: tuple[str, ...] = ()  # the packs that could not be made, by name
    preview: Path | None = None  # the previewed row's workbook (None if it failed)


def run_cohort(roster: Path, options: BatchOptions, progress: Progress) -> BatchResult:
    """Build the roster's chosen rows into options.out, with the manifest and the packs."""
    books, out = options.books, options.out
    library = load_library(books.content_dir)
    load_fonts(books.fonts_dir)  # a broken font folder is one message, not a failure in every row
    defaults = {"paper": books.paper} if books.paper else {}
    reading = {"sheet": options.sheet, "mapping": parse_mapping(options.mapping)}
    reading["defaults"] = defaults
    chosen = _chooser(options.only, options.preview)

    def named() -> Iterator[tuple[Row, str]]:  # every row, read afresh, with its file name
        return file_names(iter_roster(roster, library.pathways, **reading))

    if options.check:  # one row at a time: memory stays flat however long the roster
        return _check_only(iter_roster(roster, library.pathways, **reading), chosen, options)
    if out.exists() and not out.is_dir():
        message = "is a file, not a folder; give a folder for --out"
        raise InputError([Problem(str(out), "", message)])
    # a first reading: the rows' problems, the counts, and no output that is an input
    survey, temporary = Survey(), leftovers(out)
    outputs = survey.read(named(), chosen, set(temporary.values()))
    written = chain(MANIFESTS, FACILITATOR_PACK, ["cohort.zip"], outputs)
    inputs = run_inputs(roster, books.content_dir, options.brand_file)
    refuse_to_overwrite(inputs, (out / name for name in written))
    if options.preview is not None and not survey.rows:
        raise _no_such_row(options.preview)
    # the run's paper has filled the rows without one; each row now uses its own
    row_options = replace(books, paper=None)
    with _writing(out):
        out.mkdir(parents=True, exist_ok=True)
        with Ledger(out) as ledger:
            remove_leftovers(temporary, survey.stale)
            # the second reading builds; its warnings were given by the first
            rows = ((row, name) for row, name in named() if chosen(row))
            workers = min(options.workers or default_workers(), survey.builds)
            with progress(survey.rows) as tick, _unlogged("workbook.roster"):
                for row, entry in run_batch(
                    rows,
                    out,
                    row_options,
                    workers=workers,
                    resume=options.resume,
                    scheduler=options.scheduler,
                    progress=tick,
                ):
                    ledger.add(row, entry)
            for entry, *_, checked in ledger:
                if entry.status == "error" and checked:  # failed in the build
                    log.error("%s: row %d: %s", roster, entry.row, entry.message)
            built = survey.rows - ledger.failed
            if options.preview is not None:  # a look before the run: the cohort's files stay
                first = next(ledger.entries())
                shown = out / first.file if first.file else None  # a row in error has no file
                return BatchResult(survey.rows, built, ledger.failed, preview=shown)
            files, unmade = _make_packs(_packs(ledger, library, options, row_options), out)
            return BatchResult(survey.rows, built, ledger.failed, files, unmade)


def _packs(
    ledger: Ledger, library: Library, options: BatchOptions, row_options: Options
) -> list[tuple]:
    """The cohort's packs to make: (label, the file it writes or None when it returns the files
    it writes, make)."""
    out, books = options.out, options.books
    packs: list[tuple[str, str | None, Callable[[], object]]] = [
        ("manifest.csv", "manifest.csv", lambda: write_manifest_csv(ledger, out)),
        ("manifest.json", "manifest.json", lambda: write_manifest_json(ledger, out)),
        ("facilitator table", "facilitator.csv", lambda: write_facilitator_csv(ledger, out)),
        (
            "facilitator pack",
            "facilitator.pdf",
            lambda: write_facilitator_pdf(ledger, library, out, books),
        ),
    ]
    if options.merge:
        printing = (ledger, library, out, row_options, options.sort, options.max_pages)
        packs.append(("print file", None, lambda: _merge(*printing)))
    if options.zip:
        packs.append(("ZIP", "cohort.zip", lambda: _zip(ledger, out)))
    return packs


class Survey:
    """What a first reading of the roster finds: how many rows are chosen and how many of those
    are to be built, and which file names have a temporary file left by a killed run."""

    def __init__(self) -> None:
        self.rows = self.builds = 0
        self.stale: set[str] = set()

    def read(self, named: Iterator[tuple[Row, str]], chosen, temporary: set[str]) -> Iterator[str]:
        """Each row's file name, counting the chosen rows and reporting their problems."""
        for row, name in named:
            if name in temporary:
                self.stale.add(name)
            if chosen(row):
                self.rows += 1
                self.builds += row.ok
                _report(row)
            yield name


@contextmanager
def _writing(out: Path):
    """An OSError meanwhile (the folder cannot be made, the disk is full) → one InputError."""
    try:
        yield
    except OSError as exc:
        raise InputError([Problem(str(out), "", f"cannot be written: {reason(exc)}")]) from None


@contextmanager
def _unlogged(name: str):
    """No log records from the logger `name` meanwhile."""
    logger = logging.getLogger(name)
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = False


def _make_packs(packs: list[tuple], out: Path) -> tuple[tuple[Path, ...], tuple[str, ...]]:
    """Make each pack; one that fails is reported and the others still made. The files written
    and the labels of the packs not made."""
    files: list[Path] = []
    unmade: list[str] = []
    for label, name, make in packs:
        try:
            made = make()
        except InputError:
            raise
        except OSError as exc:
            log.error("the %s could not be written: %s", label, reason(exc))
            unmade.append(label)
        except Exception as exc:  # a pack must never cost the others
            log.error("the %s could not be made: %s", label, f"{type(exc).__name__}: {exc}")
            unmade.append(label)
        else:
            files += made if name is None else [out / name]
    return tuple(files), tuple(unmade)


def _zip(ledger: Ledger, out: Path) -> None:
    pdfs = [out / e.file for e in ledger.entries() if e.status == "ok"]
    packs = [out / name for name in (*MANIFESTS, *FACILITATOR_PACK)]
    zip_files([*pdfs, *(path for path in packs if path.is_file())], out / "cohort.zip")


def _chooser(only: tuple[str, ...], preview: int | None) -> Callable[[Row], bool]:
    """Whether --only and --preview keep a row."""
    conditions = []
    for condition in only:
        name, sep, value = condition.partition("=")
        if not sep or not field_known(name.strip()):
            message = f"must be written FIELD=VALUE with one of: {', '.join(FIELDS)}"
            raise InputError([Problem("--only", condition, message)])
        conditions.append((name.strip(), value.strip()))

    def chosen(row: Row) -> bool:
        return preview in (None, row.number) and all(row.value(f) == v for f, v in conditions)

    return chosen


def _report(row: Row) -> None:
    for problem in row.problems:
        log.error("%s", problem)


def _check_only(rows: Iterable[Row], chosen: Callable[[Row], bool], options: BatchOptions):
    """Every chosen row's problems logged; the counts."""
    good = bad = 0
    for row in filter(chosen, rows):
        if row.ok:
            good += 1
        else:
            bad += 1
            _report(row)
    if options.preview is not None and not good + bad:
        raise _no_such_row(options.preview)
    return BatchResult(good + bad, 0, bad)


def _no_such_row(preview: int) -> InputError:
    return InputError([Problem("--preview", str(preview), "no roster row has that number")])


def _merge(ledger: Ledger, library: Library, out: Path, options: Options, sort, max_pages):
    """The print file(s), one per paper size; the files written."""
    order = [r._replace(paper=printed_on(r.paper, options)) for r in printed(ledger, sort)]
    for old in out.iterdir():  # an earlier run's parts would mislead; people's files stay
        if PRINT_FILES.fullmatch(old.name):
            old.unlink()
    if max_pages:
        for record in order:
            size = 2 + record.entry.pages + record.entry.pages % 2
            if size > max_pages:
                log.warning(
                    "row %d's workbook takes %d pages, more than --max-pages %d: "
                    "it gets a part of its own",
                    record.entry.row,
                    size,
                    max_pages,
                )
    papers = [paper for paper in PAPER_NAMES if any(r.paper == paper for r in order)]
    written: list[Path] = []
    for paper in papers:  # one print file per paper size; its name says which when several
        group = [record for record in order if record.paper == paper]
        target = out / ("cohort-print.pdf" if len(papers) == 1 else f"cohort-print-{paper}.pdf")
        books = [(out / record.entry.file, record.entry.name) for record in group]
        with separator_pages(group, library, options) as separators:
            for part in merge_pdfs(books, list(separators.pages), target, max_pages):
                log.info("print file: %s", part)
                written.append(part)
    return written
