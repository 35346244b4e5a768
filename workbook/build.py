"""Content + profile → plan → sections → PDF bytes: the one pipeline the CLI and batch share."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from workbook import __version__
from workbook.compact import compact
from workbook.content import Library, Pathway, bundled_content_dir, load_library
from workbook.errors import InputError, Problem
from workbook.imposition import impose, page_geometry, sheet_size
from workbook.layout.context import Context
from workbook.layout.cover import contents, cover
from workbook.layout.glance import glance
from workbook.layout.guidance import action_plan, faq, reality_check, resources
from workbook.layout.index import index
from workbook.layout.matrix import matrix
from workbook.layout.method import method
from workbook.layout.pathway import about, sources
from workbook.layout.playbook import playbook
from workbook.layout.roadmap import roadmap
from workbook.layout.timeline import timeline
from workbook.layout.weekly import weekly
from workbook.layout.worksheets import worksheets
from workbook.messages import line_of
from workbook.options import Options
from workbook.paper import PRESETS
from workbook.plan import Plan, PlanTooLong, make_plan
from workbook.printing import BOOKLET_SIDES, SIDES, bind
from workbook.profile import MAX_BYTES as PROFILE_BYTES
from workbook.profile import Profile, load_profile
from workbook.render.document import DocumentInfo, TooLarge, render
from workbook.render.flowables import PageMap
from workbook.render.fonts import load_fonts
from workbook.render.theme import geometry, styles
from workbook.yamlfile import load_yaml

if TYPE_CHECKING:
    from workbook.brand import Brand

# the sections in reading order, each of the context → a Section; each starts on a new page
SECTIONS = (
    cover,
    contents,
    glance,
    method,
    timeline,
    about,
    matrix,
    roadmap,
    reality_check,
    playbook,
    action_plan,
    weekly,
    worksheets,
    faq,
    resources,
    sources,
    index,
)


def load_inputs(profile_path: Path, options: Options) -> tuple[Library, Pathway, Profile]:
    """Read the content and one profile file, checking the profile against its pathway."""
    library = load_library(options.content_dir)
    profile, pathway = load_profile(profile_path, library.pathways)
    return library, pathway, profile


def plan_for(pathway: Pathway, profile: Profile, source: str = "profile") -> Plan:
    """The person's schedule; hours too few for any workbook are an input problem."""
    try:
        return make_plan(pathway, profile)
    except PlanTooLong as exc:
        raise InputError([Problem(source, "hours_per_week", str(exc), _line(source))]) from None


def _line(source: str) -> int | None:
    """The line of hours_per_week in a profile file (a roster row or a model has none)."""
    path = Path(source)
    if not path.is_file():
        return None
    try:
        _data, node, _problems = load_yaml(path, PROFILE_BYTES, "profile")
    except InputError:
        return None
    return line_of(node, ("hours_per_week",))


def context(
    library: Library, pathway: Pathway, profile: Profile, options: Options, plan: Plan
) -> Context:
    """What every section is made from: content, person, plan, fonts and page."""
    fonts = load_fonts(options.fonts_dir)
    paper = options.paper or profile.paper
    return Context(
        pathway,
        profile,
        plan,
        library.playbook,
        library.text,
        fonts,
        styles(fonts, options.brand and options.brand.accent, options.ink),
        page_geometry(paper) if options.imposition else geometry(paper, options.hand),
        PageMap(),
        options.weeks,
        options.brand,
        fillable=options.fillable,
    )


def build_workbook(
    library: Library,
    pathway: Pathway,
    profile: Profile,
    options: Options,
    source: str = "profile",
    plan: Plan | None = None,
) -> bytes:
    plan = plan or plan_for(pathway, profile, source)
    _check_weeks(options, plan, source)
    paper = options.paper or profile.paper
    _check_printing(options, paper, source)
    _check_hand(options, paper, source)
    ctx = context(library, pathway, profile, options, plan)
    sheet = BOOKLET_SIDES if options.imposition else SIDES
    story = bind(ctx, [section(ctx) for section in SECTIONS], options.bound, sheet)
    info = DocumentInfo(
        title=f"Study workbook: {pathway.from_role} to {pathway.to_role}",
        author=profile.name,
        subject=f"{pathway.id}, {plan.start} to {plan.finish}",
        footer=" · ".join(
            [profile.name, f"{pathway.from_role} → {pathway.to_role}"]
            + ([options.brand.footer] if options.brand and options.brand.footer else [])
        ),
        settings=json.dumps(
            {
                "input": input_hash(library, profile, options),
                "profile": _profile_json(profile),
                "options": _options_json(options),
                "content": library.digest,
                "version": __version__,
            },
            sort_keys=True,
        ),
    )
    try:
        pdf = render(story, ctx.geometry, ctx.fonts, ctx.styles, info, options.bound)
    except TooLarge as exc:
        where = str(options.content_dir) if options.content_dir else source
        raise InputError([Problem(where, "", str(exc))]) from None
    if options.imposition:
        pdf = impose(pdf, sheet_size(paper), options.signature)
    return compact(pdf)


def _check_weeks(options: Options, plan: Plan, source: str) -> None:
    if options.weeks is None:
        return
    first, last = options.weeks
    total = len(plan.working_weeks)
    if not 1 <= first <= last <= total:
        message = f"asks for weeks {first}-{last}, but the plan has working weeks 1-{total}"
        raise InputError([Problem(source, "--weeks", message)])


def _check_printing(options: Options, paper: str, source: str) -> None:
    """Printing on both sides is for paper; a booklet's sheets carry no form fields."""
    if options.bound and PRESETS[paper].tablet:
        what = "--imposition" if options.imposition else "--duplex"
        message = f"is for printed paper, not the {paper} tablet: choose --paper letter, a4 or a5"
        raise InputError([Problem(source, what, message)])
    if options.fillable and options.imposition:
        message = "re-lays pages on sheets to fold, dropping form fields: not with a fillable book"
        raise InputError([Problem(source, "--imposition", message)])


def _check_hand(options: Options, paper: str, source: str) -> None:
    """A left hand moves a tablet's side tabs and their wide margin; a printed page has none."""
    if options.hand == "left" and not PRESETS[paper].tablet:
        message = (
            f"puts a tablet's side tabs on the left; {paper} paper has no side tabs, and its "
            "margins are the same on both sides: choose a tablet --paper, or leave it out"
        )
        raise InputError([Problem(source, "--left-handed", message)])


def _profile_json(profile: Profile) -> dict:
    return profile.model_dump(mode="json", by_alias=True)


def _options_json(options: Options) -> dict:
    """The options that shape the book, as `generate --from-pdf` reads them back (a content or
    fonts folder and a brand file are files of their own, given again)."""
    return {
        "paper": options.paper,
        "weeks": list(options.weeks) if options.weeks else None,
        "duplex": options.duplex,
        "imposition": options.imposition,
        "signature": options.signature,
        **({"hand": options.hand} if options.hand == "left" else {}),  # a book's as before
        **({"edition": options.edition} if options.fillable else {}),  # a print book's as before
        **({"ink": options.ink} if options.ink != "normal" else {}),
    }


def input_hash(library: Library, profile: Profile, options: Options) -> str:
    """What the PDF depends on, hashed: profile, options, content and this version of the tool."""
    inputs = {
        "profile": _profile_json(profile),
        "paper": options.paper,
        "weeks": options.weeks,
        **_printing(options),
        **({"brand": brand_digest(options.brand)} if options.brand else {}),
        "fonts": fonts_digest(options.fonts_dir),
        "content": library.digest,
        "version": __version__,
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _printing(options: Options) -> dict:
    """The printing options set (none for a one-sided book, whose hash stays as it was)."""
    printing = {
        "duplex": options.duplex,
        "imposition": options.imposition,
        "signature": options.signature,
        "left-handed": options.hand == "left",
        "fillable": options.fillable,
        "ink": options.ink if options.ink != "normal" else None,
    }
    return {name: value for name, value in printing.items() if value}


def brand_digest(brand: Brand) -> str:
    """A brand as the PDF depends on it (set only when given, so a plain book's hash stays)."""
    fields = [brand.name, brand.accent or "", brand.footer or ""]
    digest = hashlib.sha256(json.dumps(fields).encode())
    digest.update(brand.logo or b"")
    return digest.hexdigest()


def fonts_digest(folder: Path | None) -> str:
    """A centre's own fonts, hashed as they are read and checked (bundled fonts: '')."""
    return "" if folder is None else load_fonts(folder).digest


def example_profile() -> Path:
    return bundled_content_dir() / "example-profile.yaml"
