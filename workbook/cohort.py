"""Batch results → what a career centre hands on: manifest, facilitator pack, print file, ZIP.

A run's entries go to a Ledger, a temporary file, as they are made; each pack then reads them back
one at a time, so memory stays flat however many rows the roster has.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import NamedTuple, TextIO

import pikepdf
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from workbook.batch import Entry
from workbook.content import Library
from workbook.files import atomic_file, write_atomic
from workbook.layout.cohort import Cohort, Sheet, facilitator_pack, separator
from workbook.options import Options
from workbook.plan import make_plan
from workbook.render.document import DocumentInfo, render
from workbook.render.fonts import load_fonts
from workbook.render.theme import geometry, styles
from workbook.roster import Row

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Record(NamedTuple):
    """One manifest entry, with what the packs need of its row: its facilitator.csv line (a
    person's, or a row in error's), and for a workbook built, its paper and pathway; `checked` is
    False for a row that failed its check."""

    entry: Entry
    line: dict | None
    paper: str | None
    pathway: str | None
    checked: bool


class Ledger:
    """A run's records in roster order, in a temporary file (JSON lines, ASCII), with the counts
    and facilitator.csv's columns (every key a line has, in the order met)."""

    def __init__(self, folder: Path) -> None:
        """The file has no name, in `folder` (the output folder, where the run has room)."""
        self.file = tempfile.TemporaryFile("w+b", dir=folder)  # noqa: SIM115 - see __exit__
        self.count = self.failed = 0
        self.columns: dict[str, None] = {}
        self.unplanned: Exception | None = None  # a plan that failed: the facilitator packs' loss

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()

    def add(self, row: Row, entry: Entry) -> None:
        self.count += 1
        paper = pathway = line = None
        if entry.status == "ok":
            paper, pathway = row.profile.paper, row.profile.pathway
            try:
                line = _person_line(row, entry.message)
            except Exception as exc:  # a bug in one plan costs the facilitator packs, no more
                self.unplanned = self.unplanned or exc
        else:
            self.failed += 1
            line = {k: getattr(entry, k) for k in ("row", "id", "name", "status", "message")}
        self.columns.update(dict.fromkeys(line or ()))
        record = [list(vars(entry).values()), line, paper, pathway, row.ok]
        self.file.write(json.dumps(record).encode("ascii") + b"\n")

    def __iter__(self) -> Iterator[Record]:
        self.file.seek(0)
        for text in self.file:
            entry, *rest = json.loads(text)
            yield Record(Entry(*entry), *rest)

    def entries(self) -> Iterator[Entry]:
        return (record.entry for record in self)


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading quote, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: Path, columns: Iterable[str], lines: Iterable[dict]) -> None:
    with _text_file(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns) or ["row"], restval="")
        writer.writeheader()
        for line in lines:
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
    columns = [f.name for f in fields(Entry)] if ledger.count else []
    write_csv(out / "manifest.csv", columns, (vars(e) for e in ledger.entries()))


def write_manifest_json(ledger: Ledger, out: Path) -> None:
    """A JSON list of the entries, laid out as json.dumps(indent=2) lays out the whole list."""
    with _text_file(out / "manifest.json") as handle:
        handle.write("[")
        for number, entry in enumerate(ledger.entries()):
            text = json.dumps(vars(entry), indent=2, ensure_ascii=False)  # data, kept exact
            handle.write((",\n" if number else "\n") + "  " + text.replace("\n", "\n  "))
        handle.write("\n]\n" if ledger.count else "]\n")


def _sheet(options: Options) -> Sheet:
    fonts = load_fonts(options.fonts_dir)
    return Sheet(fonts, styles(fonts), geometry(options.paper or "letter"))


def _document(sheet: Sheet, flowables: list[Flowable], title: str) -> bytes:
    info = DocumentInfo(title=title, author="workbook", subject=title, footer=title, settings="{}")
    return render(flowables, sheet.geometry, sheet.fonts, sheet.styles, info)


def write_facilitator_csv(ledger: Ledger, out: Path) -> None:
    """facilitator.csv: every person's dates, hours and gaps, and every row in error, by row."""
    if ledger.unplanned is not None:
        raise ledger.unplanned
    lines = (record.line for record in ledger if record.line is not None)
    write_csv(out / "facilitator.csv", ledger.columns, lines)


def write_facilitator_pdf(ledger: Ledger, library: Library, out: Path, options: Options) -> None:
    """facilitator.pdf: overview, finish dates, skills heat maps, rows with notes or in error."""
    if ledger.unplanned is not None:
        raise ledger.unplanned
    cohort = Cohort()
    for entry, line, *_ in ledger:
        if entry.status == "error":
            cohort.errors.add(entry)
            continue
        cohort.add_person(line)
        if entry.message:
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
    order = [record._replace(line=None) for record in ledger if record.entry.status == "ok"]
    if sort == "name":
        order.sort(key=lambda r: (r.entry.name.casefold(), r.entry.row))
    return order


def separator_pages(group: list[Record], library: Library, options: Options) -> pikepdf.Pdf:
    """A separator page per person of `group`, who are printed on one paper, in their order (the
    pages are used while the Pdf is open)."""
    sheet = _sheet(Options(paper=group[0].paper, fonts_dir=options.fonts_dir))
    flowables: list[Flowable] = []
    for index, record in enumerate(group):
        if index:
            flowables.append(PageBreak())
        flowables += separator(sheet, record.entry, library.pathways[record.pathway])
    return pikepdf.open(io.BytesIO(_document(sheet, flowables, "Separator sheets")))
