"""A workbook PDF → the profile and options it was built from, to build the same book again.

Every workbook keeps, in its keywords, the profile (as validated), the printing options, the
content's digest and the tool's version. Reading them back goes through the PDF guards (strict,
size-capped), and the profile is checked again exactly as a profile file is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from workbook.content import Library, Pathway
from workbook.errors import InputError, Problem
from workbook.inputfiles import read_pdf
from workbook.messages import problems_from
from workbook.options import INKS
from workbook.paper import PAPER_NAMES
from workbook.profile import Profile, pathway_problems

if TYPE_CHECKING:
    from pypdf import PdfReader

NOT_A_WORKBOOK = "is not a workbook made by this tool: it holds no workbook settings"


def settings_of(path: Path, reader: PdfReader | None = None) -> dict:
    """The settings a workbook PDF keeps in its keywords (`reader`: the PDF, already read)."""
    reader = reader or read_pdf(path)
    try:
        settings = json.loads((reader.metadata or {}).get("/Keywords", ""))
    except (TypeError, ValueError):
        raise InputError.single(str(path), NOT_A_WORKBOOK) from None
    if not isinstance(settings, dict) or not isinstance(settings.get("profile"), dict):
        raise InputError.single(str(path), NOT_A_WORKBOOK)
    return settings


def rebuilt(
    path: Path, library: Library, reader: PdfReader | None = None
) -> tuple[Profile, Pathway, dict, list[str]]:
    """(profile, pathway, the options it was built with, warnings) from a workbook PDF."""
    settings = settings_of(path, reader)
    source = str(path)
    try:
        profile = Profile.model_validate(settings["profile"])
    except ValidationError as exc:
        raise InputError(problems_from(exc, source, None)) from None
    found = pathway_problems(profile.pathway, profile.skills, library.pathways, profile.done)
    if found:
        raise InputError([Problem(source, ".".join(loc), text) for loc, text in found])
    options = settings.get("options") or {}
    if not _readable(options):
        raise InputError.single(source, "holds printing options this version cannot read")
    warnings = []
    if settings.get("content") not in (None, library.digest):
        warnings.append(
            f"{source} was made from other content than this tool's; the book is rebuilt from "
            "this content, so its tasks or hours may differ"
        )
    return profile, library.pathways[profile.pathway], options, warnings


def _readable(options: object) -> bool:
    """Whether kept options are what `build._options_json` writes (a PDF may have been edited)."""
    if not isinstance(options, dict):
        return False
    weeks, signature = options.get("weeks"), options.get("signature")
    pair = isinstance(weeks, list) and len(weeks) == 2 and all(_count(w) for w in weeks)
    return (
        options.get("paper") in (None, *PAPER_NAMES)
        and options.get("imposition") in (None, "booklet")
        and options.get("edition") in (None, "print", "fillable")
        and options.get("hand") in (None, "right", "left")
        and options.get("ink", "normal") in INKS
        and isinstance(options.get("duplex", False), bool)
        and (weeks is None or pair)
        and (signature is None or _count(signature))
    )


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1
