"""Command line → the pipeline in build.py; input problems → one line each on stderr, exit 2."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from workbook import __version__
from workbook.build import build_workbook, example_profile, load_inputs
from workbook.content import PRIORITY_LABELS, load_library, load_pathway
from workbook.errors import InputError, Problem
from workbook.files import slug, write_atomic
from workbook.options import Options

log = logging.getLogger("workbook")

PAPER = click.Choice(["letter", "a4"], case_sensitive=False)
EXISTING_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


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
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(path_type=Path),
    help="Profile YAML. Default: the bundled example profile.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="A .pdf file to write, or a folder to write it into.",
)
@click.option("--paper", type=PAPER, help="Paper size; overrides the profile's.")
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
def generate(
    profile_path: Path | None,
    out: Path,
    paper: str | None,
    content_dir: Path | None,
    fonts_dir: Path | None,
) -> None:
    """Generate one personalized workbook PDF and print the path written."""
    options = Options(
        paper=paper.lower() if paper else None, content_dir=content_dir, fonts_dir=fonts_dir
    )
    source = profile_path or example_profile()
    try:
        library, pathway, profile = load_inputs(source, options)
        pdf = build_workbook(library, pathway, profile, options, source=str(source))
    except InputError as exc:
        raise Failed(exc.problems) from None
    target = out if out.suffix.lower() == ".pdf" else out / f"{slug(profile.name)}-{pathway.id}.pdf"
    write_atomic(target, pdf)
    click.echo(str(target))


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
    """Check pathway YAML files (or folders of them); print one line per problem."""
    problems: list[Problem] = []
    for path in paths:
        files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for file in files:
            try:
                load_pathway(file)
            except InputError as exc:
                problems.extend(exc.problems)
            else:
                click.echo(f"ok: {file}")
    if problems:
        raise Failed(problems)


def _library(content_dir: Path | None):
    try:
        return load_library(content_dir)
    except InputError as exc:
        raise Failed(exc.problems) from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
