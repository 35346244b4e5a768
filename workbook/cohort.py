"""Batch results → what a career centre hands on: manifest, facilitator pack, print file, ZIP.

A run's entries go to a Ledger, a temporary file, as they are made; each pack then reads them back
one at a time, so memory stays flat however many rows the roster has.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import NamedTuple, TextIO

import pypdf
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from workbook.batch import Entry
from workbook.content import Library
from workbook.files import atomic_file, write_atomic
from workbook.layout.cohort import Cohort, Sheet, facilitator_pack, separator
from workbook.options import Options
from workbook.plan import make_plan
from workbook.render.document import DocumentInfo, render
from workbook.render.fonts import load_fonts
from workbook.render.theme import Styles, geometry
from workbook.roster import Row

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Record(NamedTuple):
    """One manifest entry, with what the packs need of its row: for a workbook built, its paper,
    pathway and facilitator.csv line; `checked` is False for a row that failed its check."""

    entry: Entry
    paper: str | None
    pathway: str | None
    person: dict | None
    checked: bool


class Ledger:
    """A run's records in roster order, in a temporary file (JSON lines, ASCII)."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+b")  # noqa: SIM115 - closed by close()
        self.unplanned: Exception | None = None  # a plan that failed: the facilitator packs' loss

    def add(self, row: Row, entry: Entry) -> None:
        paper = pathway = person = None
        if entry.status == "ok":
            paper, pathway = row.profile.paper, row.profile.pathway
            try:
                person = _person_line(row, entry.message)
            except Exception as exc:  # a bug in one plan costs the facilitator packs, no more
                self.unplanned = self.unplanned or exc
        record = [asdict(entry), paper, pathway, person, row.ok]
        self.file.write(json.dumps(record).encode("ascii") + b"\n")

    def __iter__(self) -> Iterator[Record]:
        self.file.seek(0)
        for line in self.file:
            entry, *rest = json.loads(line)
            yield Record(Entry(**entry), *rest)

    def entries(self) -> Iterator[Entry]:
        return (record.entry for record in self)

    def people(self) -> Iterator[dict]:
        """facilitator.csv's line of every person whose workbook was built."""
        if self.unplanned is not None:
            raise self.unplanned
        return (record.person for record in self if record.person is not None)

    def close(self) -> None:
        self.file.close()


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading quote, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: Path, lines: Callable[[], Iterable[dict]]) -> None:
    """The lines as CSV, with a column for every key any line has, in the order met: `lines` is
    called twice, for the columns and then for the lines, so that none is held in memory."""
    columns = list(dict.fromkeys(key for line in lines() for key in line)) or ["row"]
    with _text_file(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        for line in lines():
            writer.writerow({k: spreadsheet_safe(v) for k, v in line.items()})


@contextmanager
def _text_file(path: Path) -> Iterator[TextIO]:
    """UTF-8 text written atomically; a lone surrogate from a roster becomes '?', never a crash."""
    with atomic_file(path) as binary:
        handle = io.TextIOWrapper(binary, encoding="utf-8", errors="replace", newline="")
        yield handle
        handle.flush()
        handle.detach()


def write_manifest_csv(ledger: Ledger, out: Path) -> None:
    write_csv(out / "manifest.csv", lambda: (asdict(e) for e in ledger.entries()))


def write_manifest_json(ledger: Ledger, out: Path) -> None:
    """A JSON list of the entries, laid out as json.dumps(indent=2) lays out the whole list."""
    with _text_file(out / "manifest.json") as handle:
        handle.write("[")
        empty = True
        for entry in ledger.entries():
            text = json.dumps(asdict(entry), indent=2, ensure_ascii=False)  # data, kept exact
            handle.write(("\n" if empty else ",\n") + "  " + text.replace("\n", "\n  "))
            empty = False
        handle.write("]\n" if empty else "\n]\n")


def _sheet(options: Options) -> Sheet:
    fonts = load_fonts(options.fonts_dir)
    return Sheet(fonts, Styles(fonts), geometry(options.paper or "letter"))


def _document(sheet: Sheet, flowables: list[Flowable], title: str) -> bytes:
    info = DocumentInfo(title=title, author="workbook", subject=title, footer=title, settings="{}")
    return render(flowables, sheet.geometry, sheet.fonts, sheet.styles, info)


def write_facilitator_csv(ledger: Ledger, out: Path) -> None:
    """facilitator.csv: every person's dates, hours and gaps, and every row in error, by row."""
    write_csv(out / "facilitator.csv", lambda: _facilitator_lines(ledger))


def _facilitator_lines(ledger: Ledger) -> Iterator[dict]:
    if ledger.unplanned is not None:
        raise ledger.unplanned
    for record in ledger:
        entry = record.entry
        if record.person is not None:
            yield record.person
        elif entry.status == "error":
            yield {
                "row": entry.row,
                "id": entry.id,
                "name": entry.name,
                "status": "error",
                "message": entry.message,
            }


def write_facilitator_pdf(ledger: Ledger, library: Library, out: Path, options: Options) -> None:
    """facilitator.pdf: overview, finish dates, skills heat maps, rows with notes or in error."""
    cohort = Cohort()
    for person in ledger.people():
        cohort.add_person(person)
    for entry in ledger.entries():
        if entry.status == "error":
            cohort.errors.add(entry)
        elif entry.message:
            cohort.noted.add(entry)
    sheet = _sheet(options)
    pack = facilitator_pack(sheet, cohort, library.pathways)
    document = _document(sheet, [NextPageTemplate("body"), *pack], "Facilitator pack")
    write_atomic(out / "facilitator.pdf", document)


def _person_line(row: Row, message: str) -> dict:
    profile, plan = row.profile, make_plan(row.pathway, row.profile)
    line = {
        "row": row.number,
        "id": row.id,
        "name": profile.name,
        "status": "ok",
        "message": message,
        "pathway": profile.pathway,
        "start": plan.start.isoformat(),
        "finish": plan.finish.isoformat(),
        "working_weeks": len(plan.working_weeks),
        "hours_per_week": profile.hours_per_week,
    }
    for track in plan.tracks:
        line[f"gap:{track.skill_id}"] = (
            "" if track.current is None else max(0, track.target - track.current)
        )
    return line


def printed(ledger: Ledger, sort: str) -> list[Record]:
    """The records of the workbooks built, in the print file's order (roster, or name)."""
    order = [record for record in ledger if record.entry.status == "ok"]
    if sort == "name":
        order.sort(key=lambda r: (r.entry.name.casefold(), r.entry.row))
    return order


def separator_pages(
    order: list[Record], library: Library, options: Options
) -> list[pypdf.PageObject]:
    """One separator page per person, in print order, each on that person's paper."""
    pages: dict[int, pypdf.PageObject] = {}
    for paper in ("letter", "a4"):
        group = [record for record in order if record.paper == paper]
        if not group:
            continue
        sheet = _sheet(Options(paper=paper, fonts_dir=options.fonts_dir))
        flowables: list[Flowable] = []
        for index, record in enumerate(group):
            if index:
                flowables.append(PageBreak())
            flowables += separator(sheet, record.entry, library.pathways[record.pathway])
        reader = pypdf.PdfReader(io.BytesIO(_document(sheet, flowables, "Separator sheets")))
        pages.update(zip((record.entry.row for record in group), reader.pages, strict=True))
    return [pages[record.entry.row] for record in order]
