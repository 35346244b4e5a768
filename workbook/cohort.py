"""Batch results → what a career centre hands on: manifest, facilitator pack, print file, ZIP."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pypdf
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from workbook.batch import Entry, as_dicts
from workbook.content import Library
from workbook.files import write_atomic
from workbook.layout.cohort import Person, Sheet, facilitator_pack, separator
from workbook.options import Options
from workbook.plan import make_plan
from workbook.render.document import DocumentInfo, render
from workbook.render.fonts import load_fonts
from workbook.render.theme import Styles, geometry
from workbook.roster import Row

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading quote, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: Path, rows: list[dict]) -> None:
    buffer = io.StringIO(newline="")
    columns = list(dict.fromkeys(key for row in rows for key in row)) or ["row"]
    writer = csv.DictWriter(buffer, fieldnames=columns, restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    write_atomic(path, _utf8(buffer.getvalue()))


def _utf8(text: str) -> bytes:
    """A lone surrogate from a roster cannot be encoded: it becomes U+FFFD, never a crash."""
    return text.encode("utf-8", errors="replace")


def write_manifest_csv(entries: list[Entry], out: Path) -> None:
    write_csv(out / "manifest.csv", as_dicts(entries))


def write_manifest_json(entries: list[Entry], out: Path) -> None:
    text = json.dumps(as_dicts(entries), indent=2, ensure_ascii=False) + "\n"  # data, kept exact
    write_atomic(out / "manifest.json", _utf8(text))


def _sheet(options: Options) -> Sheet:
    fonts = load_fonts(options.fonts_dir)
    return Sheet(fonts, Styles(fonts), geometry(options.paper or "letter"))


def _document(sheet: Sheet, flowables: list[Flowable], title: str) -> bytes:
    info = DocumentInfo(title=title, author="workbook", subject=title, footer=title, settings="{}")
    return render(flowables, sheet.geometry, sheet.fonts, sheet.styles, info)


def people(rows: list[Row], entries: list[Entry]) -> list[Person]:
    produced = {e.row for e in entries if e.status == "ok"}
    return [Person(r, make_plan(r.pathway, r.profile)) for r in rows if r.number in produced]


def write_facilitator_csv(rows: list[Row], entries: list[Entry], out: Path) -> None:
    """facilitator.csv: every person's dates, hours and gaps, and every row in error."""
    messages = {e.row: e.message for e in entries}
    lines = [_person_line(p, messages[p.row.number]) for p in people(rows, entries)]
    lines += [
        {"row": e.row, "id": e.id, "name": e.name, "status": "error", "message": e.message}
        for e in entries
        if e.status == "error"
    ]
    write_csv(out / "facilitator.csv", sorted(lines, key=lambda line: line["row"]))


def write_facilitator_pdf(
    rows: list[Row], entries: list[Entry], library: Library, out: Path, options: Options
) -> None:
    """facilitator.pdf: overview, finish dates, skills heat maps, rows with notes or in error."""
    sheet = _sheet(options)
    errors = [e for e in entries if e.status == "error"]
    built = [e for e in entries if e.status == "ok"]
    pack = facilitator_pack(sheet, people(rows, entries), errors, library.pathways, built)
    document = _document(sheet, [NextPageTemplate("body"), *pack], "Facilitator pack")
    write_atomic(out / "facilitator.pdf", document)


def _person_line(person: Person, message: str) -> dict:
    profile, plan = person.row.profile, person.plan
    line = {
        "row": person.row.number,
        "id": person.row.id,
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


def separator_pages(
    order: list[Row], entries: dict[int, Entry], options: Options
) -> list[pypdf.PageObject]:
    """One separator page per person, in print order, each on that person's paper."""
    pages: dict[int, pypdf.PageObject] = {}
    for paper in ("letter", "a4"):
        group = [row for row in order if row.profile.paper == paper]
        if not group:
            continue
        sheet = _sheet(Options(paper=paper, fonts_dir=options.fonts_dir))
        flowables: list[Flowable] = []
        for index, row in enumerate(group):
            if index:
                flowables.append(PageBreak())
            flowables += separator(sheet, row, row.pathway, entries[row.number].pages)
        reader = pypdf.PdfReader(io.BytesIO(_document(sheet, flowables, "Separator sheets")))
        pages.update(zip((row.number for row in group), reader.pages, strict=True))
    return [pages[row.number] for row in order]
