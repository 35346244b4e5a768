"""Any profile that validates gives a PDF that opens, with the pages its plan predicts, and any
text in it prints literally (hypothesis)."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PATHWAY_IDS, Pdf, make_profile, normalise
from workbook.build import build_workbook, context
from workbook.content import load_library
from workbook.layout.gantt import WEEKS_PER_PAGE
from workbook.layout.weekly import page_count
from workbook.options import Options
from workbook.plan import make_plan

LIBRARY = load_library()
# letters, digits, punctuation and the characters of markup, in the scripts the bundled fonts hold
TEXT = st.text(
    alphabet=st.characters(
        min_codepoint=0x20, max_codepoint=0x24F, exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")
    )
    | st.sampled_from("<>&\"';/=#"),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip())


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pathway=st.sampled_from(PATHWAY_IDS),
    name=TEXT,
    hours=st.integers(min_value=120, max_value=320).map(lambda quarters: quarters / 4),
    start=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2030, 12, 31)),
    level=st.integers(min_value=0, max_value=4),
)
def test_a_valid_profile_gives_the_book_its_plan_predicts(pathway, name, hours, start, level):
    skill = LIBRARY.pathways[pathway].skills_to_learn[0].id
    profile = make_profile(
        pathway=pathway, name=name, hours_per_week=hours, start_date=start, skills={skill: level}
    )
    pdf = Pdf(build_workbook(LIBRARY, LIBRARY.pathways[pathway], profile, Options()))
    plan = make_plan(LIBRARY.pathways[pathway], profile)
    weeks = [title for _, title, _ in pdf.outline() if title.startswith("Week ")]
    assert len(weeks) == len(plan.working_weeks)
    first = pdf.page_of("Your timeline")
    assert pdf.page_of("About this pathway") - first == math.ceil(len(plan.weeks) / WEEKS_PER_PAGE)
    weekly = pdf.page_of("Worksheets") - pdf.page_of("Weekly checklists")
    ctx = context(LIBRARY, LIBRARY.pathways[pathway], profile, Options(), plan)
    assert weekly == page_count(ctx)  # each week's pages, and each phase's review and notes
    cover = "".join(pdf.pages[0].split())
    assert "".join(normalise(profile.name).split()) in cover
