"""Pathway and playbook YAML → validated, typed content models (no people, no pages)."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal, get_args

import pydantic
import pydantic_core
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from workbook.errors import InputError, Problem
from workbook.files import write_atomic
from workbook.inputfiles import read_bytes
from workbook.messages import shown
from workbook.text import plain_number, printable, whole_number
from workbook.yamlfile import load_model

# A centre's own content folder is trusted less than the bundled one: every count and length is
# capped, at about twice what the bundled pathways use, so that what validates can be laid out.
MAX_BYTES = 1_000_000  # one content file (bundled: at most 28 KB)
MAX_ID = 60
MAX_LABEL = 120  # a name or title: one line (bundled: at most 70)
MAX_RESOURCE = 200  # a course or a book: printed in a narrow column too (bundled: at most 82)
MAX_TEXT = 500  # a task, a resource, a question: a few lines (bundled: at most 275)
MAX_PARAGRAPH = 2000  # an answer, an overview, a note (bundled: at most 880)
MAX_BOXED = 1000  # a paragraph inside a writing box, which cannot break (bundled: 499)
MAX_PHASES = 8  # bundled: 5; the skills matrix has a column per phase
MAX_TASKS = 12  # in one phase (bundled: 4)
MAX_SKILLS = 12  # of each kind (bundled: 6)
MAX_STAGES = 8  # interview stages: the tracker has a column each (bundled: 5)
MAX_SHEET_ITEMS = 8  # a worksheet's fields, prompts or columns, drawn on one page (bundled: 6)
MAX_ITEMS = 20  # any other list (bundled: at most 12)
MAX_RESOURCES = 100  # a reading list runs on over pages (bundled: 5)
MAX_LONG_LIST = 60  # the playbook's figures and shifts, the reflection prompts (bundled: 31)
MAX_TAB = 12  # a section's side tab on a tablet page: a word or two (bundled: at most 10)
MAX_ROADMAP_WEEKS = 104  # two years at the page's hours (bundled: at most 38)


def _id(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        raise ValueError(
            f"must be an id: lowercase letters and digits joined by hyphens, such as "
            f"'ai-ethics'; not {shown(value)}"
        )
    return value


def _paragraph(value: str) -> str:
    return printable(value, newlines=True)


def text_type(limit: int, check=_paragraph):
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=limit),
        AfterValidator(check),
    ]


Label = text_type(MAX_LABEL, printable)
Title = text_type(MAX_RESOURCE, printable)
Text = text_type(MAX_TEXT)
Paragraph = text_type(MAX_PARAGRAPH)
Boxed = text_type(MAX_BOXED)
Tab = text_type(MAX_TAB, printable)
Id = Annotated[str, StringConstraints(max_length=MAX_ID), AfterValidator(_id)]
Key = Annotated[str, StringConstraints(max_length=MAX_ID)]
Whole = Annotated[int, BeforeValidator(whole_number)]
Number = Annotated[float, BeforeValidator(plain_number)]
Flag = Annotated[bool, Field(strict=True)]  # true or false, not yes/no/on/1
Priority = Literal["critical", "important", "nice-to-have"]
PRIORITY_LABELS: dict[str, str] = {
    "critical": "Critical",
    "important": "Important",
    "nice-to-have": "Nice to have",
}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Derivable(Model):
    """A record some of whose values the seed lacks; `derived` says how each was obtained."""

    derived: dict[Key, Text] = Field(default={}, max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _derived_names_real_fields(self):
        unknown = sorted(set(self.derived) - set(type(self).model_fields) - {"derived"})
        if unknown:
            raise ValueError(f"derived names unknown field(s): {', '.join(unknown)}")
        return self

    def is_derived(self, field: str) -> bool:
        return field in self.derived


class Summary(Derivable):
    difficulty: Text | None = None
    timeline: Text | None = None
    salary_change: Text | None = None
    demand: Text | None = None


class Hours(Derivable):
    """The weekly study hours the pathway's timeline assumes."""

    min: Number = Field(gt=0, le=80)
    max: Number = Field(gt=0, le=80)

    @property
    def midpoint(self) -> float:
        return (self.min + self.max) / 2


class TransferableSkill(Model):
    id: Id
    name: Label
    applies: Text


ItemKind = Literal["study", "project", "network", "job-search", "on-the-job"]
LEARNING_KINDS = ("study", "project")  # the work that builds a skill (job search does not)
Size = Literal["small", "medium", "large"]


class Applications(Model):
    """Applications sent week after week: the seed's pace and how many weeks it lasts."""

    per_week: tuple[Whole, Whole] | None = None  # the seed's range, e.g. (10, 15)
    weeks: Whole | None = Field(default=None, gt=0, le=52)
    interview_weeks: Whole | None = Field(default=None, gt=0, le=26)  # the loop after applying
    source: Text | None = None  # where the pace and the interview loop come from

    @model_validator(mode="after")
    def _pace_complete(self):
        if (self.per_week is None) != (self.weeks is None):
            raise ValueError("per_week and weeks are given together or not at all")
        if self.per_week is not None and not 0 < self.per_week[0] <= self.per_week[1]:
            raise ValueError("per_week must be a range such as [10, 15]")
        if self.per_week is not None and self.source is None:
            raise ValueError("source must say where the pace comes from")
        return self

    @property
    def paced(self) -> bool:
        return self.per_week is not None


class Work(Model):
    """Something to do: its kind, the effort it takes and what it must come after.

    `hours` is set only where the seed states the effort (`hours_from` quotes where); otherwise
    the plan derives it by the rules in workbook/plan.py, using `size`.
    """

    id: Id
    text: Text
    kind: ItemKind = "study"
    size: Size = "medium"
    hours: Number | None = Field(default=None, gt=0, le=500)
    hours_from: Text | None = None
    after: list[Id] = Field(default=[], max_length=MAX_ITEMS)
    skill: Id | None = None
    worksheets: list[Id] = Field(default=[], max_length=MAX_ITEMS)  # the sheets it is written on
    required: Flag = False  # a certification or exam the seed names: never skipped
    resources: list[Id] = Field(default=[], max_length=MAX_ITEMS)  # what the work uses
    applications: Applications | None = None

    @model_validator(mode="after")
    def _effort_sourced(self):
        if (self.hours is None) != (self.hours_from is None):
            raise ValueError("hours and hours_from are given together (hours only from the seed)")
        if self.applications is not None and self.kind != "job-search":
            raise ValueError("applications are only for job-search work")
        if self.id in self.after:
            raise ValueError("cannot come after itself")
        return self


class Task(Work):
    """A roadmap task, done in its phase."""


class Study(Work):
    """The part of a skill's 'how' that no roadmap task schedules, studied in `phase`."""

    phase: Id


# Words that say what form a resource takes rather than which one it is: "the 'X' course" and
# "X (specialization)" are the same resource as X.
FORM_WORDS = frozenset({"a", "an", "the", "book", "course", "specialization", "specialisation"})
ResourceKind = Literal[
    "book",
    "course",
    "certificate",
    "video",
    "tool",
    "docs",
    "examples",
    "articles",
    "community",
    "event",
    "practice",
    "job board",
]


class Resource(Model):
    """A course, book, tool or community, listed once and named by its id wherever it is used.

    Two entries are the same resource when their titles and providers match once case, accents,
    punctuation and form words are set aside, or when their addresses match.
    """

    id: Id
    title: Title
    kind: ResourceKind
    author: Label | None = None  # a book's author, a course's teacher
    provider: Label | None = None  # where it is offered: Coursera, IDEO U, LinkedIn Learning
    url: Label | None = None

    @property
    def name(self) -> str:
        """How the resource is printed: the title, quoted when an author follows, and where."""
        name = f"\u2018{self.title}\u2019 by {self.author}" if self.author else self.title
        return name + (f" ({self.provider})" if self.provider else "")

    @property
    def identities(self) -> list[tuple[str, ...]]:
        found = [("title", _plain_words(self.title), _plain_words(self.provider or ""))]
        if self.url:
            address = re.sub(r"^[a-z]+://(www\.)?", "", self.url.casefold())
            found.append(("url", address.rstrip("/")))
        return found


def _plain_words(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    words = re.sub(r"[^\w]+", " ", "".join(c for c in folded if not unicodedata.combining(c)))
    return " ".join(w for w in words.split() if w not in FORM_WORDS)


class SkillToLearn(Derivable):
    id: Id
    name: Label
    priority: Priority
    weeks: Whole = Field(gt=0, le=104)
    how: Text
    resources: list[Id] = Field(default=[], max_length=MAX_RESOURCES)  # ids in `resources:`
    study: Study | None = None  # the part of `how` that no roadmap task schedules

    @model_validator(mode="before")
    @classmethod
    def _study_builds_this_skill(cls, value):
        study = value.get("study") if isinstance(value, dict) else None
        if isinstance(study, dict) and "skill" not in study:
            value = {**value, "study": {**study, "skill": value.get("id")}}
        return value

    @property
    def priority_label(self) -> str:
        return PRIORITY_LABELS[self.priority]


class ActionItem(Model):
    """A first step from the page's action plan.

    A step that restates roadmap work `marks` it and is dated when that work reaches `at`
    (its start, its finish, or a share of its hours, e.g. 0.33 for the first of three courses).
    A step of its own is a small piece of work in `phase` (default: the first phase).
    """

    id: Id
    text: Text
    worksheets: list[Id] = Field(default=[], max_length=MAX_ITEMS)
    marks: list[Id] = Field(default=[], max_length=MAX_ITEMS)
    at: Literal["start", "finish"] | Annotated[Number, Field(gt=0, lt=1)] = "finish"
    kind: ItemKind | None = None
    skill: Id | None = None
    after: list[Id] = Field(default=[], max_length=MAX_ITEMS)
    phase: Id | None = None
    applications: Applications | None = None

    @model_validator(mode="after")
    def _marks_or_own_work(self):
        if bool(self.marks) == (self.kind is not None):
            raise ValueError("a step either marks roadmap work (marks) or is its own (kind)")
        if self.marks and (self.after or self.phase or self.skill or self.applications):
            raise ValueError("a step that marks roadmap work takes its timing from that work")
        return self


PhaseKind = Literal["study", "job-search", "on-the-job"]


class Phase(Model):
    id: Id
    name: Label
    weeks: Whole = Field(gt=0, le=104)
    kind: PhaseKind = "study"
    summary: Text
    tasks: list[Task] = Field(min_length=1, max_length=MAX_TASKS)
    resources: list[Id] = Field(default=[], max_length=MAX_RESOURCES)  # ids in `resources:`


class RealityCheck(Model):
    love: list[Text] = Field(min_length=1, max_length=MAX_ITEMS)
    miss: list[Text] = Field(min_length=1, max_length=MAX_ITEMS)
    challenges: list[Text] = Field(min_length=1, max_length=MAX_ITEMS)


class ActionPlan(Model):
    this_week: list[ActionItem] = Field(min_length=1, max_length=MAX_ITEMS)
    this_month: list[ActionItem] = Field(min_length=1, max_length=MAX_ITEMS)
    next_90_days: list[ActionItem] = Field(min_length=1, max_length=MAX_ITEMS)

    @property
    def items(self) -> list[ActionItem]:
        return self.this_week + self.this_month + self.next_90_days


class FaqItem(Derivable):
    question: Text
    answer: Paragraph


class Example(Model):
    """A prompt with a short worked example, used by templates and worksheets."""

    id: Id
    title: Label
    prompt: Text
    example: Paragraph | None = None


# Worksheets whose pages are a list of sections (workbook.yaml's words for the kind, then the
# sheet's own), each with its prompt and its space: drawn by one drawer (layout/forms.py).
FORM_KINDS = (
    "design-brief",
    "case-study",
    "usability-test",
    "sketches",
    "project-brief",
    "runbook",
    "post-mortem",
    "sla-kpi",
    "process-map",
    "architecture-doc",
    "adr",
    "system-design",
    "business-case",
    "portfolio-brief",
)
# The learner's own tools, used for months (layout/tools.py): a story bank, a networking tracker
# and a salary negotiation sheet (the portfolio brief is a form kind).
TOOL_KINDS = ("story-bank", "networking", "salary")
# The kinds drawn each by its own drawer (layout/worksheets.py), then the form and tool kinds.
OWN_KINDS = (
    "teardown",
    "prd",
    "decision-memo",
    "interview-notes",
    "resume-rewrites",
    "application-log",
    "interview-tracker",
    "roadmap",
)
WorksheetKind = Literal[OWN_KINDS + FORM_KINDS + TOOL_KINDS]  # type: ignore[valid-type]
Space = Literal["lines", "dots", "squares"]


class FormSection(Example):
    """A part of a worksheet: its prompt, an optional worked example and room to answer in.

    `lines` is the number of writing lines, the rows of a table when `columns` are given, or a
    grid's height in writing lines; a grid with `fill` takes the rest of its page.
    """

    space: Space = "lines"
    lines: Whole = Field(default=4, ge=1, le=30)
    fill: Flag = False
    columns: list[Label] = Field(default=[], max_length=MAX_SHEET_ITEMS)

    @model_validator(mode="after")
    def _space_fits(self):
        if self.columns and self.space != "lines":
            raise ValueError("columns are for a table of lines, not for a grid")
        if self.fill and self.space == "lines":
            raise ValueError("fill is for a grid (space: dots or squares)")
        return self


class Question(Model):
    """An interview question for the story bank, under the topic (or round) it belongs to."""

    topic: Label
    text: Text


class Pay(Model):
    """A pay range as the seed states it, for the salary negotiation sheet."""

    role: Label
    range: Label
    source: Text  # where the seed says it


class Worksheet(Model):
    """A page (or pages) where a task's written artifact is made; kinds are drawn in layout/."""

    id: Id
    kind: WorksheetKind
    title: Label
    purpose: Text
    # teardown: one pre-titled sheet per product
    products: list[Label] = Field(default=[], max_length=MAX_ITEMS)
    copies: Whole = Field(default=1, ge=0, le=40)  # blank sheets, interviews or table rows
    sections: list[FormSection] = Field(default=[], max_length=MAX_ITEMS)  # a form's own parts
    # the essay's worked examples (PRD, memo, resume) and interview loop belong to the AI PM's
    # move; a sheet prints them only when its pathway is that move
    essay_examples: Flag = False
    # story-bank: the questions to bank stories for (copies: the story pages)
    questions: list[Question] = Field(default=[], max_length=MAX_ITEMS)
    # salary: the seed's pay ranges and the change it states (none: research them yourself)
    pay: list[Pay] = Field(default=[], max_length=MAX_SHEET_ITEMS)
    change: Text | None = None

    @model_validator(mode="after")
    def _fields_fit_the_kind(self):
        if self.products and self.kind != "teardown":
            raise ValueError("products are only for teardown worksheets")
        if bool(self.questions) != (self.kind == "story-bank"):
            raise ValueError("a story-bank worksheet needs questions, and only it takes them")
        if (self.pay or self.change) and self.kind != "salary":
            raise ValueError("pay and change are only for salary worksheets")
        if self.kind == "teardown" and not self.products and not self.copies:
            raise ValueError("a teardown worksheet needs products or blank copies")
        if self.sections and self.kind not in FORM_KINDS:
            raise ValueError(
                f"sections are only for the form kinds ({', '.join(FORM_KINDS)}), not {self.kind!r}"
            )
        return self


class Tailoring(Model):
    """How a pathway bends a shared template: what to look for, and prompts of its own."""

    focus: Paragraph
    prompts: list[Example] = Field(default=[], max_length=MAX_ITEMS)


class Fastest(Model):
    """The quickest move the seed calls realistic, with the words it says it in."""

    months: Number = Field(gt=0, le=60)
    source: Text


class Stage(Model):
    name: Label
    duration: Label | None = None
    what_it_tests: Boxed
    story: Flag = False  # a behavioural round: the tracker asks for a story here, and only here


class Interviews(Model):
    """An interview loop: the stages an application passes (the tracker's columns) and the rounds
    to prepare for."""

    overview: Paragraph
    stages: list[Stage] = Field(min_length=1, max_length=MAX_STAGES)
    onsite_rounds: list[Stage] = Field(min_length=1, max_length=MAX_ITEMS)


class Pathway(Model):
    id: Id
    title: Label
    from_role: Label
    to_role: Label
    source: Text
    summary: Summary
    hours_per_week: Hours
    overview: list[Paragraph] = Field(min_length=1, max_length=MAX_ITEMS)
    transferable_skills: list[TransferableSkill] = Field(min_length=1, max_length=MAX_SKILLS)
    skills_to_learn: list[SkillToLearn] = Field(min_length=1, max_length=MAX_SKILLS)
    roadmap: list[Phase] = Field(min_length=1, max_length=MAX_PHASES)
    reality_check: RealityCheck
    action_plan: ActionPlan
    faq: list[FaqItem] = Field(default=[], max_length=MAX_ITEMS)
    notes: list[Paragraph] = Field(default=[], max_length=MAX_ITEMS)
    # weekly reflection prompts about the target role, printed in turn with the shared ones
    reflection_prompts: list[Text] = Field(min_length=1, max_length=MAX_ITEMS)
    teardown: Tailoring | None = None  # for a teardown worksheet
    prd: Tailoring | None = None  # for a prd worksheet
    interviews: Interviews | None = None  # the pathway's own loop, for an interview tracker
    worksheets: list[Worksheet] = Field(min_length=1, max_length=MAX_ITEMS)
    resources: list[Resource] = Field(default=[], max_length=MAX_RESOURCES)  # each one once

    fastest: Fastest | None = None

    @field_validator("roadmap")
    @classmethod
    def _roadmap_fits_two_years(cls, roadmap: list[Phase]) -> list[Phase]:
        weeks = sum(phase.weeks for phase in roadmap)
        if weeks > MAX_ROADMAP_WEEKS:
            raise ValueError(
                f"the phases add up to {weeks} weeks; at most {MAX_ROADMAP_WEEKS} (two years)"
            )
        return roadmap

    @model_validator(mode="after")
    def _ids_unique_and_links_resolve(self):
        """Every problem of the schedule's links at once, one line each."""
        found = _caught(_check_phase_order, self.roadmap)
        checks = (self._unique_ids, self._links, self._skills_built, self._one_pace, self._sheets)
        checks += (self._resources_once,)
        for check in checks:
            found += check()
        if not found:  # a cycle is only worth looking for once every link holds
            found += _caught(_check_acyclic, {w.id: w.after for w in self.all_work})
        if found:
            raise ValueError("\n".join(found))
        return self

    def _unique_ids(self) -> list[str]:
        ids = {
            "skill id": self.skill_ids,
            "phase id": [p.id for p in self.roadmap],
            "work id": [w.id for w in self.work] + [a.id for a in self.action_plan.items],
            "worksheet id": [w.id for w in self.worksheets],
        }
        return [m for what, values in ids.items() for m in _caught(_require_unique, what, values)]

    def _links(self) -> list[str]:
        learnable = {s.id for s in self.skills_to_learn}
        sheets = {w.id for w in self.worksheets}
        phase_of = self.phase_of
        order = {p.id: n for n, p in enumerate(self.roadmap)}
        found = []
        for item in [*self.work, *self.action_plan.items]:
            where = f"{item.id!r}"
            if item.skill is not None and item.skill not in learnable:
                found.append(
                    f"{where} names unknown skill {item.skill!r}; "
                    f"skills to learn are: {', '.join(sorted(learnable))}"
                )
            found += [
                f"{where} names worksheet {sheet!r}, which is not defined; "
                f"worksheets are: {', '.join(sorted(sheets))}"
                for sheet in item.worksheets
                if sheet not in sheets
            ]
            found += _caught(_require_unique, f"{where}: worksheet", item.worksheets)
            unknown = [o for o in [*item.after, *getattr(item, "marks", [])] if o not in phase_of]
            found += [f"{where} names {other!r}, which is no task or study" for other in unknown]
            home = _caught(self.home_phase, item)
            if home or unknown:
                found += home
                continue
            found += [
                f"{where} comes after {other!r}, which is in a later phase ({phase_of[other]})"
                for other in item.after
                if order[phase_of[other]] > order[self.home_phase(item)]
            ]
        return found

    def _sheets(self) -> list[str]:
        """What a worksheet kind draws on besides its own words."""
        needs = {"teardown": self.teardown, "prd": self.prd}
        found = [
            f"worksheet {sheet.id!r} is a {sheet.kind} worksheet and needs the pathway's "
            f"{sheet.kind}: section"
            for sheet in self.worksheets
            if sheet.kind in needs and needs[sheet.kind] is None
        ]
        kinds = {sheet.kind for sheet in self.worksheets}
        found += [
            f"{kind}: is set but no worksheet is a {kind} worksheet; remove it or add the sheet"
            for kind, section in needs.items()
            if section is not None and kind not in kinds
        ]
        found += [
            f"worksheet {sheet.id!r} tracks interviews: it needs the pathway's interviews: "
            "(its own loop), or essay_examples: true for the essay's AI PM loop"
            for sheet in self.worksheets
            if sheet.kind == "interview-tracker"
            and self.interviews is None
            and not sheet.essay_examples
        ]
        return found

    def _resources_once(self) -> list[str]:
        """Each resource is one entry, named by its id; no entry stands unused."""
        found = _caught(_require_unique, "resource id", [r.id for r in self.resources])
        first: dict[tuple[str, ...], Resource] = {}
        for resource in self.resources:
            for identity in resource.identities:
                same = first.setdefault(identity, resource)
                if same is not resource:
                    found.append(
                        f"resources {same.id!r} and {resource.id!r} are the same resource "
                        f"({'address' if identity[0] == 'url' else 'title and provider'}: "
                        f"{same.name!r}); keep one entry and name it by its id wherever it is used"
                    )
        known = {r.id for r in self.resources}
        users = [(f"phase {p.id!r}", p.resources) for p in self.roadmap]
        users += [(f"skill {s.id!r}", s.resources) for s in self.skills_to_learn]
        users += [(f"{w.id!r}", w.resources) for w in self.work]
        found += [
            f"{who} names resource {name!r}, which is not in resources: "
            f"({', '.join(sorted(known)) or 'none'})"
            for who, names in users
            for name in names
            if name not in known
        ]
        named = {name for _, names in users for name in names}
        found += [
            f"resource {r.id!r} is named by no phase, skill or task"
            for r in self.resources
            if r.id not in named
        ]
        return found

    def resource(self, resource_id: str) -> Resource:
        return next(r for r in self.resources if r.id == resource_id)

    def resource_names(self, resource_ids: list[str]) -> list[str]:
        return [self.resource(r).name for r in resource_ids]

    def _skills_built(self) -> list[str]:
        built = {w.skill for w in self.work if w.kind in LEARNING_KINDS}
        return [
            f"skill {skill.id!r} is built by no study or project task and has no study"
            for skill in self.skills_to_learn
            if skill.id not in built
        ]

    def _one_pace(self) -> list[str]:
        paced = [w for w in self.all_work if w.applications is not None and w.applications.paced]
        homes = {self.phase_of.get(w.id) for w in paced}
        kinds = {p.kind for p in self.roadmap if p.id in homes}
        if len(paced) > 1 or kinds - {"job-search"}:
            return ["at most one paced applications task, in the job-search phase"]
        return []

    @property
    def work(self) -> list[Task | Study]:
        """Every roadmap task and every skill's own study."""
        tasks: list[Task | Study] = [t for p in self.roadmap for t in p.tasks]
        return tasks + [s.study for s in self.skills_to_learn if s.study is not None]

    @property
    def all_work(self) -> list[Work | ActionItem]:
        """Tasks, studies and the action-plan steps that are work of their own."""
        return [*self.work, *(a for a in self.action_plan.items if a.kind is not None)]

    @property
    def phase_of(self) -> dict[str, str]:
        """Work id → the id of the phase it is done in."""
        found = {t.id: p.id for p in self.roadmap for t in p.tasks}
        found |= {s.study.id: s.study.phase for s in self.skills_to_learn if s.study is not None}
        found |= {a.id: self.home_phase(a) for a in self.action_plan.items if a.kind is not None}
        return found

    def home_phase(self, item) -> str:
        """The phase an item belongs to (a step of its own: its phase, or the first)."""
        if isinstance(item, Task):
            return next(p.id for p in self.roadmap if item in p.tasks)
        if isinstance(item, Study):
            self.phase(item.phase)
            return item.phase
        if item.marks:
            return self.phase_of[item.marks[0]]
        return item.phase or self.roadmap[0].id

    def phase(self, phase_id: str) -> Phase:
        found = next((p for p in self.roadmap if p.id == phase_id), None)
        if found is None:
            raise ValueError(
                f"unknown phase {phase_id!r}; phases are: {', '.join(p.id for p in self.roadmap)}"
            )
        return found

    def worksheet(self, sheet_id: str) -> Worksheet:
        return next(w for w in self.worksheets if w.id == sheet_id)

    @property
    def skill_ids(self) -> list[str]:
        return [s.id for s in self.transferable_skills] + [s.id for s in self.skills_to_learn]


def _caught(check, *args) -> list[str]:
    """A check that raises ValueError → its message as a list (empty when it passes)."""
    try:
        check(*args)
    except (ValueError, KeyError) as exc:
        return [str(exc.args[0]) if exc.args else str(exc)]
    return []


def _check_phase_order(roadmap: list[Phase]) -> None:
    """Study phases, then at most one job-search phase, then at most one on-the-job phase."""
    kinds = [p.kind for p in roadmap]
    rank = {"study": 0, "job-search": 1, "on-the-job": 2}
    if kinds != sorted(kinds, key=rank.get) or kinds.count("job-search") > 1:
        raise ValueError("phases run study first, then one job-search, then one on-the-job phase")
    if kinds.count("on-the-job") > 1:
        raise ValueError("only one phase can be on the job")
    for phase in roadmap:
        for task in phase.tasks:
            if (task.kind == "on-the-job") != (phase.kind == "on-the-job"):
                raise ValueError(
                    f"task {task.id!r}: on-the-job tasks belong in the on-the-job phase, "
                    "and only they"
                )


def _check_acyclic(after: dict[str, list[str]]) -> None:
    state: dict[str, int] = {}

    def visit(node: str, path: tuple[str, ...]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            raise ValueError(f"'after' goes round in a circle: {' → '.join((*path, node))}")
        state[node] = 1
        for other in after.get(node, []):
            visit(other, (*path, node))
        state[node] = 2

    for node in sorted(after):
        visit(node, ())


def _require_unique(what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value!r} appears more than once")
        seen.add(value)


class Rewrite(Model):
    weak: Text
    strong: Text
    why: Text


class Mistake(Model):
    title: Label
    bad: Text
    good: Text
    lesson: Text


class Figure(Model):
    figure: Label
    meaning: Text
    key: Flag = False  # printed large where the playbook opens


class Shift(Model):
    """One of the essay's "not X, but Y": what the engineer leaves behind and takes on."""

    was: Label
    now: Label


class FunnelStep(Model):
    count: Whole = Field(gt=0, le=1_000_000)
    label: Label


class Funnel(Model):
    """How many candidates were left at each step, e.g. applied → onsite → offer."""

    title: Text
    steps: list[FunnelStep] = Field(min_length=2, max_length=MAX_SHEET_ITEMS)
    note: Text | None = None

    @field_validator("steps")
    @classmethod
    def _narrowing(cls, steps: list[FunnelStep]) -> list[FunnelStep]:
        counts = [step.count for step in steps]
        if counts != sorted(counts, reverse=True):
            raise ValueError(f"each step keeps at most as many as the one before, not {counts}")
        return steps


class SideProject(Model):
    """The essay's advice on a side project that counts as product evidence."""

    advice: Paragraph
    steps: list[Text] = Field(min_length=1, max_length=MAX_SHEET_ITEMS)
    example: Paragraph | None = None
    prompt: Label  # heads the lines where the reader writes their own narrow problem


class Playbook(Model):
    """The shared essay: what the templates, worksheets and interview pages draw on."""

    source: Text
    title: Label
    pathway: Id  # the move the essay is about: only its book prints the playbook and the FAQ
    who_it_is_for: Paragraph
    shifts: list[Shift] = Field(min_length=1, max_length=MAX_LONG_LIST)
    funnel: Funnel
    side_project: SideProject
    prd_sections: list[Example] = Field(min_length=1, max_length=MAX_ITEMS)
    decision_memo: list[Example] = Field(min_length=1, max_length=MAX_ITEMS)
    teardown_prompts: list[Example] = Field(min_length=1, max_length=MAX_ITEMS)
    resume_rewrites: list[Rewrite] = Field(min_length=1, max_length=MAX_ITEMS)
    interviews: Interviews
    mistakes: list[Mistake] = Field(min_length=1, max_length=MAX_ITEMS)
    faq: list[FaqItem] = Field(min_length=1, max_length=MAX_ITEMS)
    figures: list[Figure] = Field(default=[], max_length=MAX_LONG_LIST)


def bundled_content_dir() -> Path:
    """The content that ships with the package (a source checkout falls back to ./content)."""
    packaged = Path(str(files("workbook"))) / "content_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "content"


def load_pathway(path: Path) -> Pathway:
    pathway = load_model(path, Pathway, MAX_BYTES, "content")
    if pathway.id != path.stem:
        raise InputError(
            [Problem(str(path), "id", f"is {pathway.id!r} but the file is named {path.name!r}")]
        )
    return pathway


def _pathway_files(content_dir: Path) -> list[Path]:
    """The pathway files of a content folder (its pathways/ subfolder, or the folder itself)."""
    folder = content_dir / "pathways" if (content_dir / "pathways").is_dir() else content_dir
    return sorted(folder.glob("*.yaml"))


def load_pathways(content_dir: Path) -> dict[str, Pathway]:
    """Every pathway in a content folder."""
    paths = _pathway_files(content_dir)
    if not paths:
        raise InputError([Problem(str(content_dir), "", "holds no pathway files (*.yaml)")])
    problems: list[Problem] = []
    pathways: dict[str, Pathway] = {}
    for path in paths:
        try:
            pathway = load_pathway(path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        pathways[pathway.id] = pathway
    if problems:
        raise InputError(problems)
    return pathways


class Level(Model):
    name: Label
    meaning: Text


class SheetText(Model):
    """A worksheet kind's own words: write-in fields, writing-box prompts, table columns."""

    intro: list[Text] = Field(default=[], max_length=MAX_SHEET_ITEMS)
    fields: list[Label] = Field(default=[], max_length=MAX_SHEET_ITEMS)
    prompts: list[Label] = Field(default=[], max_length=MAX_SHEET_ITEMS)  # some in a narrow column
    columns: list[Label] = Field(default=[], max_length=MAX_SHEET_ITEMS)
    sections: list[FormSection] = Field(default=[], max_length=MAX_ITEMS)  # a form kind's parts
    story: Label | None = None  # the interview tracker's prompt for a behavioural round


# worksheet tables drawn with a fixed number of columns (layout/worksheets.py)
SHEET_COLUMNS = {
    "application-log": 6,
    "resume-rewrites": 2,
    "interview-tracker": 1,
    "story-bank": 3,
    "networking": 5,
}


class WorkbookText(Model):
    """The workbook's own words: skill levels, reflection prompts, section purposes and tabs."""

    skill_levels: list[Level] = Field(min_length=5, max_length=5)
    reflection_prompts: list[Text] = Field(min_length=1, max_length=MAX_LONG_LIST)
    starting_prompt: Text
    reality_prompt: Text
    faq_prompt: Text  # the writing room that ends the questions people ask
    section_intros: dict[Key, Text] = Field(max_length=MAX_LONG_LIST)
    # a side tab's label per section (a tablet's book); one without shows its title, cut short
    tabs: dict[Key, Tab] = Field(default={}, max_length=MAX_LONG_LIST)
    sheets: dict[WorksheetKind, SheetText]

    @model_validator(mode="after")
    def _every_kind_has_words(self):
        missing = [kind for kind in get_args(WorksheetKind) if kind not in self.sheets]
        if missing:
            raise ValueError(
                f"sheets: no words for worksheet kind(s) {', '.join(missing)}; every kind needs "
                "an entry, even an empty one ({})"
            )
        return self

    @model_validator(mode="after")
    def _tables_have_their_columns(self):
        for kind, count in SHEET_COLUMNS.items():
            columns = self.sheets[kind].columns if kind in self.sheets else []
            if len(columns) != count:
                raise ValueError(
                    f"sheets.{kind}.columns: the table has {count} columns, not {len(columns)}"
                )
        return self


@dataclass(frozen=True)
class Library:
    """Everything a workbook is made from, apart from the person."""

    pathways: dict[str, Pathway]
    playbook: Playbook
    text: WorkbookText
    digest: str  # of every file read, so that a changed content folder changes the output


def check_folder(folder: Path) -> tuple[list[Path], list[Problem]]:
    """A content folder's files, each checked: its pathways and its own shared files."""
    files = _pathway_files(folder)
    if not files:
        return [], [Problem(str(folder), "", "holds no pathway files (*.yaml)")]
    checks: list[tuple[Path, type[Model] | None]] = [(path, None) for path in files]
    checks += [
        (folder / name, model)
        for name, model in (("playbook.yaml", Playbook), ("workbook.yaml", WorkbookText))
        if os.path.lexists(folder / name) and files[0].parent != folder
    ]
    ok, problems = [], []
    for path, model in checks:
        try:
            load_pathway(path) if model is None else load_model(path, model, MAX_BYTES, "content")
        except InputError as exc:
            problems.extend(exc.problems)
        else:
            ok.append(path)
    return ok, problems


@cache
def load_library(content_dir: Path | None = None) -> Library:
    """The pathways of `content_dir` (default: bundled); shared files from it or else the bundle.

    Content validated before is taken from the cache (`LibraryCache`) when every file is as it
    was then; content that fails is read afresh each time, so every problem is reported as read.
    """
    bundled = bundled_content_dir()
    folder = content_dir or bundled

    def shared(name: str) -> Path:
        """The folder's own file when it has one (of any kind: a pipe there is an error, not a
        reason to fall back), else the bundled one."""
        own = folder / name
        return own if os.path.lexists(own) else bundled / name

    files = [*_pathway_files(folder), shared("playbook.yaml"), shared("workbook.yaml")]
    store = LibraryCache.open()
    try:
        before = _digest(files) if store else None
    except InputError:  # a file that cannot be read: reading the content below says so
        before = None
    found = store.get(before) if store and before else None
    if found is not None:
        return found
    library = Library(
        pathways=load_pathways(folder),
        playbook=load_model(shared("playbook.yaml"), Playbook, MAX_BYTES, "content"),
        text=load_model(shared("workbook.yaml"), WorkbookText, MAX_BYTES, "content"),
        digest=_digest(files),
    )
    if store and library.digest == before:  # no file changed while it was read
        store.put(library)
    return library


def _digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:  # names too, so that moving text between files changes the digest
        data = read_bytes(path, MAX_BYTES, "content")  # capped: never a 3 GiB read to hash
        digest.update(f"{path.name}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


NO_CACHE = "WORKBOOK_NO_CACHE"  # set to 1: content is read and validated afresh every time
CACHE_ENTRIES = 8  # content folders kept; each entry is about 170 KB
# the modules whose code decides what content validates to: a change in any is a new cache
VALIDATING = (
    "workbook",
    "workbook.content",
    "workbook.errors",
    "workbook.inputfiles",
    "workbook.messages",
    "workbook.text",
    "workbook.yamldialect",
    "workbook.yamlfile",
)


@dataclass(frozen=True)
class LibraryCache:
    """Validated content kept between runs, so that a run need not parse and validate the YAML
    again (about 0.5 s): one pickled `Library` per content digest.

    An entry is named by the content's digest (every file's name and bytes) and by this code (the
    source of `VALIDATING` and the versions of Python, pydantic and PyYAML), so changed content
    or another version of the tool never meets an old entry. An entry that cannot be read is
    ignored and written again; content that fails validation is never stored.

    Pickle runs code as it loads, so entries live only in a folder of this user's that no one
    else may enter ($XDG_CACHE_HOME/workbook or ~/.cache/workbook, made with mode 0700), and an
    entry is read only when it is a regular file of this user's: whoever can write there could
    already run code as the user. Where the folder is not so (another owner, group or other
    permissions, a system without user ids such as Windows), or NO_CACHE is set, nothing is kept.
    """

    folder: Path
    code: str

    @classmethod
    def open(cls) -> LibraryCache | None:
        if os.environ.get(NO_CACHE, "") not in ("", "0") or not hasattr(os, "getuid"):
            return None
        base = os.environ.get("XDG_CACHE_HOME", "")
        try:
            folder = (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "workbook"
            if not folder.is_absolute():  # no home folder ('~' left as it is)
                return None
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = folder.lstat()
            code = _code_digest()
        except (OSError, RuntimeError):  # no home, a read-only disk, unreadable source
            return None
        private = stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o077
        return cls(folder, code) if private and info.st_uid == os.getuid() else None

    def _path(self, digest: str) -> Path:
        name = hashlib.sha256(f"{self.code}{digest}".encode()).hexdigest()
        return self.folder / f"{name}.pickle"

    def get(self, digest: str) -> Library | None:
        try:
            fd = os.open(self._path(digest), os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
                    return None
                found = pickle.load(handle)
        except Exception:  # missing, damaged or of classes this code no longer has
            return None
        return found if isinstance(found, Library) and found.digest == digest else None

    def put(self, library: Library) -> None:
        path = self._path(library.digest)
        try:
            write_atomic(path, pickle.dumps(library, pickle.HIGHEST_PROTOCOL))
            others = [p for p in self.folder.glob("*.pickle") if p != path]
            others.sort(key=lambda p: p.stat().st_mtime_ns)
            for old in others[: max(0, len(others) + 1 - CACHE_ENTRIES)]:  # the oldest beyond it
                old.unlink(missing_ok=True)
        except (OSError, pickle.PicklingError):  # a full disk, or an entry removed meanwhile
            pass


@cache
def _code_digest() -> str:
    """This code and the libraries that validate content, as far as validated content goes."""
    digest = hashlib.sha256(
        f"{sys.version}\0{pydantic.VERSION}\0{pydantic_core.__version__}\0{yaml.__version__}".encode()
    )
    for name in VALIDATING:
        digest.update(Path(sys.modules[name].__file__ or "").read_bytes())
    return digest.hexdigest()
