"""Pathway → "About this pathway" (summary facts, overview, skills you bring, skills to learn)
and, at the back, "About the sources" (how each value the page does not state was obtained)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from workbook.content import Derivable, Pathway
from workbook.layout import dates
from workbook.layout.context import Context
from workbook.render.document import book_section
from workbook.render.flowables import Deferred

SUMMARY_LABELS = {
    "difficulty": "Difficulty",
    "timeline": "Timeline",
    "salary_change": "Salary change",
    "demand": "Demand",
}
DERIVED_MARK = "*"


@book_section("pathway")
def about(ctx: Context) -> list[Flowable]:
    pathway = ctx.pathway
    flowables = [*ctx.section("pathway", "About this pathway"), _summary(ctx)]
    if _derivations(pathway):
        pointer = f"{DERIVED_MARK} not stated on the source page: see About the sources"
        flowables.append(Deferred(lambda: f"{pointer} {ctx.page_ref('sources')}", ctx.styles.small))
    flowables += ctx.blocks(
        ctx.subheading("pathway-overview", "Overview"),
        [[ctx.para(paragraph)] for paragraph in pathway.overview],
    )
    flowables += ctx.blocks(
        ctx.subheading("pathway-bring", "What you already bring"),
        [
            [ctx.para(skill.name, ctx.styles.h3), ctx.para(skill.applies)]
            for skill in pathway.transferable_skills
        ],
    )
    flowables += ctx.blocks(
        ctx.subheading("pathway-learn", "What you will learn"),
        [_skill(ctx, skill) for skill in pathway.skills_to_learn],
    )
    return flowables


def _summary(ctx: Context):
    summary = ctx.pathway.summary
    rows = []
    for field, label in SUMMARY_LABELS.items():
        value = getattr(summary, field) or "not stated by the source page"
        rows.append([ctx.cell(label, bold=True), ctx.cell(_marked(summary, field, value))])
    hours = ctx.pathway.hours_per_week
    rows.append(
        [
            ctx.cell("Study hours", bold=True),
            ctx.cell(_marked(hours, "min", f"{hours.min:g}-{hours.max:g} hours a week")),
        ]
    )
    return ctx.table(rows, ctx.columns(rows, 35 * mm, None), header=False)


def _marked(record: Derivable, field: str, value: str) -> str:
    return f"{value} {DERIVED_MARK}" if record.is_derived(field) else value


def _skill(ctx: Context, skill) -> list[Flowable]:
    heading = f"{skill.name} · {skill.priority_label} · {dates.weeks(skill.weeks)}"
    if skill.derived:
        heading += f" {DERIVED_MARK}"
    parts = [ctx.para(heading, ctx.styles.h3), ctx.para(skill.how)]
    if skill.resources:
        names = ctx.pathway.resource_names(skill.resources)
        parts.append(ctx.para("Resources: " + "; ".join(names), ctx.styles.small))
    return parts


def _fields_by_reason(record: Derivable) -> dict[str, list[str]]:
    """{reason: [field, ...]} so that one reason shared by several fields prints once."""
    reasons: dict[str, list[str]] = {}
    for field, why in sorted(record.derived.items()):
        reasons.setdefault(why, []).append(field.replace("_", " "))
    return reasons


@book_section("sources")
def sources(ctx: Context) -> list[Flowable]:
    """Where a value is not on the source page, say how it was obtained (never silently).

    Provenance is reference matter, so it stands at the back rather than between the pathway's
    skills and the plan."""
    notes = _derivations(ctx.pathway) + list(ctx.pathway.notes)
    if not notes:
        return []
    return [*ctx.section("sources", "About the sources"), *(ctx.para(note) for note in notes)]


def _derivations(pathway: Pathway) -> list[str]:
    """How each value marked * was obtained, one line per reason."""
    records = [("Summary", pathway.summary), ("Study hours", pathway.hours_per_week)]
    records += [(skill.name, skill) for skill in pathway.skills_to_learn]
    return [
        f"{name}, {' and '.join(fields)}: {why}"
        for name, record in records
        for why, fields in _fields_by_reason(record).items()
    ]
