"""First and warm builds in this process, through build.py's public functions: time per workbook
and per page, pages, and bytes per workbook.

The content and fonts are loaded before any build is timed (the cold measurements time those).
A book's first build is its first in this process; its warm builds are the ones after it, when
whatever the tool caches is in place.
"""

from __future__ import annotations

import io

import pypdf
from common import PLANS, Sample, profile_data, samples_summary, timed

from workbook.build import build_workbook, load_library, plan_for
from workbook.options import Options
from workbook.profile import Profile
from workbook.render.fonts import load_fonts


def measure(repeats: int, plans: tuple[str, ...] = tuple(PLANS)) -> list[dict]:
    """One record per pathway and plan: first build, `repeats` warm builds, pages, bytes."""
    library = load_library()
    load_fonts()
    records = []
    for pathway in sorted(library.pathways):
        for plan_name in plans:
            profile = Profile.model_validate(profile_data(pathway, plan_name))
            records.append(_book(library, pathway, plan_name, profile, repeats))
    return records


def _book(library, pathway_id: str, plan_name: str, profile: Profile, repeats: int) -> dict:
    pathway = library.pathways[pathway_id]

    def build() -> bytes:
        return build_workbook(library, pathway, profile, Options(), plan=plan_for(pathway, profile))

    first, data = timed(build)
    warm: list[Sample] = [timed(build)[0] for _ in range(repeats)]
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    record = {
        "pathway": pathway_id,
        "plan": plan_name,
        "hours_per_week": PLANS[plan_name],
        "weeks": len(plan_for(pathway, profile).working_weeks),
        "pages": pages,
        "bytes": len(data),
        "first_ms": samples_summary([first], 1000),
    }
    if warm:
        record["warm_ms"] = samples_summary(warm, 1000)
        record["warm_ms_per_page"] = samples_summary(warm, 1000 / pages)
    return record
