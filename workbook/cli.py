"""Command line → the pipeline in build.py; input problems → one line each on stderr, exit 2."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbook import __version__
from workbook.errors import InputError, Problem
from workbook.files import reason, refuse_to_overwrite, run_inputs, slug, write_atomic
from workbook.options import INKS, Options
from workbook.paper import PAPER_NAMES

if TYPE_CHECKING:
    from workbook.plan import Plan

# Each command imports what it uses (ReportLab, pypdf, pydantic, the batch machinery) when it
# runs, so that --help and --version answer at once; tests/cli checks that this module is light.

log = logging.getLogger("workbook")

PAPER = click.Choice(PAPER_NAMES, case_sensitive=False)
EXISTING_DIR = click.Path(exists=True, file_okay=False, path_type=Path)
BRAND = click.option(
    "--brand",
    "brand_path",
    type=click.Path(path_type=Path),
    help="A career centre's brand file: name, logo, accent colour, footer (see the README).",
)
PRINTING_FLAGS = [
    click.option(
        "--duplex",
        is_flag=True,
        help="For printing on both sides: sections start on right-hand pages, margins mirror.",
    ),
    click.option(
        "--imposition",
        type=click.Choice(["booklet"]),
        help="Sheets to fold into a saddle-stitched booklet, two pages a side (implies --duplex).",
    ),
    click.option(
        "--signature",
        type=click.IntRange(min=1),
        metavar="SHEETS",
        help="With --imposition booklet: signatures of this many sheets, for a thick book.",
    ),
    click.option(
        "--edition",
        type=click.Choice(["print", "fillable"]),
        help="fillable: form fields to tick and type in on a screen or tablet (default: print).",
    ),
    click.option(
        "--ink",
        type=click.Choice(INKS),
        help="low: outlines and light tones instead of filled areas, for cheap printing.",
    ),
]


def printing_flags(command):
    """The printing flags, the same in `generate` and `batch`."""
    for flag in reversed(PRINTING_FLAGS):
        command = flag(command)
    return command


PROFILE = click.option(
    "--profile",
    "profile_path",
    type=click.Path(path_type=Path),
    help="Profile YAML. Default: the bundled example profile.",
)


class Failed(click.ClickException):
    """Bad input: every problem on its own line, exit code 2, no traceback."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    def show(self, file=None) -> None:
        for problem in self.problems:
            click.echo(f"error: {problem}", err=True)


class _Handler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname.lower()}: {record.getMessage()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="workbook")
def main() -> None:
    """Personalized, printable study workbooks for career changers."""
    if not log.handlers:
        log.addHandler(_Handler())
        log.setLevel(logging.INFO)


@main.command()
@PROFILE
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="A .pdf file to write, or a folder to write it into.",
)
@click.option(
    "--paper", type=PAPER, help="Paper or e-ink tablet (see the README); overrides the profile's."
)
@click.option(
    "--content",
    "content_dir",
    type=EXISTING_DIR,
    help="A folder of pathway YAML files to use instead of the bundled ones.",
)
@click.option(
    "--fonts",
    "fonts_dir",
    type=EXISTING_DIR,
    help="A folder with your own TTF fonts (see fonts/README.md).",
)
@click.option(
    "--weeks",
    metavar="FROM-TO",
    help="Print the weekly pages of these working weeks only, e.g. 1-26; the rest is unchanged.",
)
@printing_flags
@click.option(
    "--left-handed",
    is_flag=True,
    help="On a tablet: the side tabs and their wide margin on the left, by your writing hand.",
)
@BRAND
@click.option(
    "--from-pdf",
    "from_pdf",
    type=click.Path(path_type=Path),
    help="Rebuild a workbook from the profile and options kept in it (other flags override).",
)
@click.option(
    "--replan-from",
    "replan_from",
    type=click.Path(path_type=Path),
    help="A filled-in fillable workbook: a fresh book for the work left, with your new ratings.",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="With --replan-from: the new book's start, YYYY-MM-DD. Default: next week's first day.",
)
def generate(
    profile_path: Path | None,
    out: Path,
    paper: str | None,
    content_dir: Path | None,
    fonts_dir: Path | None,
    weeks: str | None,
    duplex: bool,
    imposition: str | None,
    signature: int | None,
    edition: str | None,
    ink: str | None,
    left_handed: bool,
    brand_path: Path | None,
    from_pdf: Path | None,
    replan_from: Path | None,
    start: dt.datetime | None,
) -> None:
    """Generate one personalized workbook PDF and print the path written."""
    from workbook.build import build_workbook, example_profile, load_inputs, plan_for
    from workbook.content import load_library
    from workbook.imposition import hint, sheets, too_thick
    from workbook.rebuild import rebuilt

    given = {
        "paper": paper.lower() if paper else None,
        "weeks": _week_range(weeks),
        "duplex": duplex,
        "imposition": imposition,
        "signature": signature,
        "edition": edition,
        "ink": ink,
        "hand": "left" if left_handed else None,
    }
    if sum(map(bool, (from_pdf, profile_path, replan_from))) > 1:
        message = "give a profile to build, a workbook to rebuild or one to replan, not both"
        raise Failed([Problem("--from-pdf" if from_pdf else "--replan-from", "", message)])
    if start and not replan_from:
        message = "sets a replanned book's start: pass --replan-from with it"
        raise Failed([Problem("--start", f"{start:%Y-%m-%d}", message)])
    source = from_pdf or replan_from or profile_path or example_profile()
    try:
        if from_pdf or replan_from:
            library = load_library(content_dir)
            if replan_from:
                profile, pathway, kept = _replanned(replan_from, library, start)
            else:
                profile, pathway, kept, warnings = rebuilt(from_pdf, library)
                for warning in warnings:
                    log.warning(warning)
            given = {**kept, "weeks": tuple(kept.get("weeks") or ()) or None} | {
                name: value for name, value in given.items() if value
            }
        else:
            library, pathway, profile = load_inputs(source, Options(content_dir=content_dir))
        options = _options(given, brand_path, content_dir=content_dir, fonts_dir=fonts_dir)
        target = (
            out if out.suffix.lower() == ".pdf" else out / f"{slug(profile.name)}-{pathway.id}.pdf"
        )
        refuse_to_overwrite(run_inputs(source, content_dir, brand_path), [target])
        _writable(target, out)
        plan = plan_for(pathway, profile, str(source))
        _warn(plan)
        pdf = build_workbook(library, pathway, profile, options, str(source), plan)
    except InputError as exc:
        raise Failed(exc.problems) from None
    try:
        write_atomic(target, pdf)
    except OSError as exc:
        raise Failed([Problem(str(target), "", f"cannot be written: {reason(exc)}")]) from None
    click.echo(str(target))
    if options.imposition:
        click.echo(f"hint: {hint(options.signature)}", err=True)
        warning = too_thick(sheets(pdf), options.signature)
        if warning:
            log.warning(warning)


def _replanned(path: Path, library, start: dt.datetime | None):
    """(profile, pathway, options) of a fresh book for a filled-in workbook's remaining work
    (its --weeks are not kept: the new plan's weeks are others); says what changed."""
    from workbook.build import plan_for
    from workbook.progress import read_workbook
    from workbook.replan import changes, next_week, replanned

    filled = read_workbook(path, library)
    for warning in filled.warnings:
        log.warning(warning)
    record = filled.progress(dt.date.today())
    begins = start.date() if start else next_week(dt.date.today(), filled.profile.week_starts)
    profile = replanned(filled, record, begins)
    plan = plan_for(filled.pathway, profile, str(path))
    for line in changes(filled, record, profile, plan):
        click.echo(f"replan: {line}", err=True)
    return profile, filled.pathway, {**filled.options, "weeks": None}


def _options(given: dict, brand_path: Path | None, **folders) -> Options:
    """The flags given (None: not given) → the books' Options, with the brand file's brand; an
    InputError for a signature without a booklet or a bad brand file."""
    if given["signature"] and not given["imposition"]:
        message = "makes a booklet's signatures: pass --imposition booklet with it"
        raise InputError([Problem("--signature", str(given["signature"]), message)])
    chosen = {name: value for name, value in given.items() if value is not None}
    return _branded(Options(**folders, **chosen), brand_path)


def _week_range(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    first, sep, last = text.partition("-")
    if not (sep and first.strip().isdigit() and last.strip().isdigit()):
        raise Failed([Problem("--weeks", text, "must be written FROM-TO, e.g. 1-26")])
    return int(first), int(last)


def _warn(plan: Plan) -> None:
    from workbook.plan import TOO_LONG_WEEKS

    for warning in plan.warnings:
        log.warning(warning)
    if len(plan.weeks) > TOO_LONG_WEEKS:
        log.warning("to print part of the weekly pages, pass --weeks FROM-TO (e.g. --weeks 1-26)")


@main.command("plan")
@PROFILE
@click.option(
    "--format",
    "form",
    type=click.Choice(["table", "json", "ics"]),
    default="table",
    show_default=True,
    help="A week-by-week table, a JSON document or an iCalendar file.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option("--content", "content_dir", type=EXISTING_DIR, help="A folder of pathway files.")
def plan_command(
    profile_path: Path | None, form: str, out: Path | None, content_dir: Path | None
) -> None:
    """Show the personal schedule without making a PDF."""
    from workbook.build import example_profile, load_inputs, plan_for
    from workbook.export import plan_ics, plan_json, plan_table

    source = profile_path or example_profile()
    try:
        _library, pathway, profile = load_inputs(source, Options(content_dir=content_dir))
        plan = plan_for(pathway, profile, str(source))
    except InputError as exc:
        raise Failed(exc.problems) from None
    if form == "ics":
        data = plan_ics(plan, profile.name)
    elif form == "json":
        data = (json.dumps(plan_json(plan), indent=2, ensure_ascii=False) + "\n").encode()
    else:
        data = plan_table(plan).encode()
    if out is None:
        if form == "table":
            for warning in plan.warnings:
                log.warning(warning)
        click.echo(data, nl=False)
        return
    _warn(plan)
    try:
        refuse_to_overwrite(run_inputs(source, content_dir, None), [out])
    except InputError as exc:
        raise Failed(exc.problems) from None
    _writable(out, out)
    try:
        write_atomic(out, data)
    except OSError as exc:
        raise Failed([Problem(str(out), "", f"cannot be written: {reason(exc)}")]) from None
    click.echo(str(out))


@main.command("progress")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date to measure against the plan, YYYY-MM-DD. Default: today.",
)
@click.option("--csv", "as_csv", is_flag=True, help="One CSV row per workbook.")
@click.option("--json", "as_json", is_flag=True, help="A JSON list, one entry per workbook.")
@click.option("--content", "content_dir", type=EXISTING_DIR, help="A folder of pathway files.")
def progress_command(
    files: tuple[Path, ...],
    as_of: dt.datetime | None,
    as_csv: bool,
    as_json: bool,
    content_dir: Path | None,
) -> None:
    """Read filled-in fillable workbooks: items done per week and phase, hours logged, the
    latest ratings, and weeks behind (+) or ahead (-) of the plan.

    Exit code 0 when every file is read, 2 when some could not be (the others are reported).
    """
    import csv
    import io

    from workbook.cohort import spreadsheet_safe
    from workbook.progress import CSV_COLUMNS, csv_row, read_workbook, report, table

    if as_csv and as_json:
        raise Failed([Problem("--csv", "", "choose --csv or --json, not both")])
    library = _library(content_dir)
    day = as_of.date() if as_of else dt.date.today()
    found, failed = [], 0
    for path in files:
        try:
            filled = read_workbook(path, library)
        except InputError as exc:
            failed += 1
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
            continue
        for warning in filled.warnings:
            log.warning(warning)
        found.append((filled, filled.progress(day)))
    if as_json:
        click.echo(json.dumps([report(*each) for each in found], indent=2, ensure_ascii=False))
    elif as_csv:
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in (csv_row(*each) for each in found):
            writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
        click.echo(text.getvalue(), nl=False)
    elif found:
        click.echo("\n\n".join(table(*each) for each in found))
    sys.exit(2 if failed else 0)


@main.command()
@click.argument("roster", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the workbooks, manifest and packs.",
)
@click.option("--sheet", help="Excel: the sheet to read (default: the first).")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="'THEIR HEADER=field'",
    help="Rename a column of your system's export, e.g. --map 'Full Name=name'.",
)
@click.option(
    "--only",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Keep only rows whose field has this value, e.g. --only pathway=ID.",
)
@click.option("--paper", type=PAPER, help="Paper for rows that do not set their own.")
@click.option("--content", "content_dir", type=EXISTING_DIR, help="A folder of pathway files.")
@click.option("--fonts", "fonts_dir", type=EXISTING_DIR, help="A folder with your own TTF fonts.")
@click.option(
    "--check", is_flag=True, help="Check every row and report all problems; write nothing."
)
@click.option("--preview", type=int, metavar="ROW", help="Build only this row (its row number).")
@click.option("--merge", is_flag=True, help="Also write cohort-print.pdf for the print shop.")
@click.option(
    "--sort",
    type=click.Choice(["roster", "name"]),
    default="roster",
    show_default=True,
    help="Order of the merged print file.",
)
@click.option("--max-pages", type=click.IntRange(min=10), help="Split the print file into parts.")
@click.option(
    "--zip", "make_zip", is_flag=True, help="Also write cohort.zip: PDFs, manifest, packs."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    show_default="number of CPUs",
    help="Processes building workbooks in parallel.",
)
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Run on a Dask cluster instead.")
@click.option("--resume", is_flag=True, help="Skip rows whose PDF already matches its inputs.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@printing_flags
@BRAND
def batch(
    roster: Path,
    out: Path,
    sheet,
    mapping,
    only,
    paper,
    content_dir,
    fonts_dir,
    check,
    preview,
    merge,
    sort,
    max_pages,
    make_zip,
    workers,
    scheduler,
    resume,
    quiet,
    duplex,
    imposition,
    signature,
    edition,
    ink,
    brand_path,
) -> None:
    """Build one workbook per roster row (CSV, Excel or YAML), with a manifest.

    Exit code 0 when every row is produced, 1 when some rows failed (the others are produced),
    2 when the roster itself cannot be read.
    """
    from workbook.cohortrun import BatchOptions, run_cohort

    if quiet:
        log.setLevel(logging.WARNING)
    given = {"paper": paper.lower() if paper else None, "duplex": duplex}
    given |= {"imposition": imposition, "signature": signature, "edition": edition, "ink": ink}
    try:
        books = _options(given, brand_path, content_dir=content_dir, fonts_dir=fonts_dir)
        options = BatchOptions(
            out=out,
            books=books,
            brand_file=brand_path,
            sheet=sheet,
            mapping=mapping,
            only=only,
            preview=preview,
            check=check,
            merge=merge,
            sort=sort,
            max_pages=max_pages,
            zip=make_zip,
            workers=workers,
            scheduler=scheduler,
            resume=resume,
        )
        result = run_cohort(roster, options, lambda total: _progress(total, quiet))
    except InputError as exc:
        raise Failed(exc.problems) from None
    if check:
        click.echo(
            f"{result.rows - result.failed} rows ok, {result.failed} with problems", err=True
        )
        sys.exit(1 if result.failed else 0)
    if preview is not None:
        click.echo(str(result.preview or ""))
        sys.exit(0 if result.preview else 1)
    if not quiet:
        click.echo(
            f"{result.built} workbooks written to {out}, {result.failed} rows failed", err=True
        )
    if options.books.imposition and result.built:
        from workbook.imposition import hint

        click.echo(f"hint: {hint(options.books.signature)}", err=True)
    sys.exit(1 if result.failed or result.unmade else 0)


def _writable(target: Path, given: Path) -> None:
    """An output name that something else already holds gets one plain message up front."""
    if given.exists() and not given.is_dir() and given.suffix.lower() != ".pdf" and given != target:
        raise Failed([Problem(str(given), "", "is a file; give a folder, or a name ending .pdf")])
    if target.exists() and not target.is_file():
        kind = "a folder" if target.is_dir() else "not a regular file"
        raise Failed([Problem(str(target), "", f"is {kind}; give another output name")])


def _branded(options: Options, brand_path: Path | None) -> Options:
    """The options with the brand file's brand, read and checked (an InputError if it is bad)."""
    if brand_path is None:
        return options
    from workbook.brand import load_brand  # Pillow only when a brand is given

    return replace(options, brand=load_brand(brand_path))


@contextmanager
def _progress(total: int, quiet: bool):
    """A progress bar on stderr with counts, failures and time left; nothing when quiet."""
    if quiet:
        yield lambda entry: None
        return
    failed = 0

    def label(entry):
        return f"{failed} failed" if entry is not None else ""

    with click.progressbar(
        length=total,
        label="Workbooks",
        file=sys.stderr,
        show_pos=True,
        show_eta=True,
        item_show_func=label,
    ) as bar:

        def tick(entry) -> None:
            nonlocal failed
            failed += entry.status == "error"
            bar.update(1, entry)

        yield tick


@main.group()
def pathways() -> None:
    """List, show and validate career pathways."""


@pathways.command("list")
@click.option("--content", "content_dir", type=EXISTING_DIR, help="A folder of pathway files.")
def list_pathways(content_dir: Path | None) -> None:
    """List the available pathways: id, roles and roadmap length."""
    for pathway in _library(content_dir).pathways.values():
        weeks = sum(phase.weeks for phase in pathway.roadmap)
        click.echo(f"{pathway.id}\t{pathway.from_role} → {pathway.to_role}\t{weeks} weeks")


@pathways.command("show")
@click.argument("pathway_id")
@click.option("--content", "content_dir", type=EXISTING_DIR, help="A folder of pathway files.")
def show_pathway(pathway_id: str, content_dir: Path | None) -> None:
    """Show one pathway's summary, skills and roadmap."""
    from workbook.content import PRIORITY_LABELS

    known = _library(content_dir).pathways
    pathway = known.get(pathway_id)
    if pathway is None:
        raise Failed(
            [
                Problem(
                    "pathways show",
                    "ID",
                    f"unknown pathway {pathway_id!r}; known: {', '.join(known)}",
                )
            ]
        )
    summary = pathway.summary
    click.echo(f"{pathway.title}  ({pathway.id})")
    for label, value in (
        ("Difficulty", summary.difficulty),
        ("Timeline", summary.timeline),
        ("Salary change", summary.salary_change),
    ):
        click.echo(f"  {label}: {value or 'not stated'}")
    click.echo(f"  Hours a week: {pathway.hours_per_week.min:g}-{pathway.hours_per_week.max:g}")
    click.echo("Skills you bring:")
    for skill in pathway.transferable_skills:
        click.echo(f"  {skill.id}: {skill.name}")
    click.echo("Skills to learn:")
    for skill in pathway.skills_to_learn:
        click.echo(
            f"  {skill.id}: {skill.name} ({PRIORITY_LABELS[skill.priority]}, {skill.weeks} weeks)"
        )
    click.echo("Roadmap:")
    for number, phase in enumerate(pathway.roadmap, 1):
        click.echo(f"  {number}. {phase.name} ({phase.weeks} weeks, {len(phase.tasks)} tasks)")


@pathways.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check pathway YAML files, or content folders (with their playbook and workbook files);
    print one line per problem."""
    from workbook.content import check_folder, load_pathway

    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            checked, found = check_folder(path)
            problems += found
        else:
            try:
                load_pathway(path)
                checked = [path]
            except InputError as exc:
                problems += exc.problems
                checked = []
        for file in checked:
            click.echo(f"ok: {file}")
    if problems:
        raise Failed(problems)


def _library(content_dir: Path | None):
    from workbook.content import load_library

    try:
        return load_library(content_dir)
    except InputError as exc:
        raise Failed(exc.problems) from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
