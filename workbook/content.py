"""Pathway and playbook YAML → validated, typed content models (no people, no pages)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from workbook.errors import InputError, Problem
from workbook.yamlfile import load_model

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Priority = Literal["critical", "important", "nice-to-have"]
PRIORITY_LABELS: dict[str, str] = {
    "critical": "Critical",
    "important": "Important",
    "nice-to-have": "Nice to have",
}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Derivable(Model):
    """A record some of whose values the seed lacks; `derived` says how each was obtained."""

    derived: dict[str, Text] = {}

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

    min: float = Field(gt=0, le=80)
    max: float = Field(gt=0, le=80)

    @property
    def midpoint(self) -> float:
        return (self.min + self.max) / 2


class TransferableSkill(Model):
    id: Id
    name: Text
    applies: Text


class SkillToLearn(Derivable):
    id: Id
    name: Text
    priority: Priority
    weeks: int = Field(gt=0, le=104)
    how: Text
    resources: list[Text] = []

    @property
    def priority_label(self) -> str:
        return PRIORITY_LABELS[self.priority]


class Task(Model):
    text: Text
    skill: Id | None = None
    worksheet: Id | None = None  # the worksheet this task is written on


class ActionItem(Model):
    text: Text
    worksheet: Id | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_text_allowed(cls, value):
        return {"text": value} if isinstance(value, str) else value


PhaseKind = Literal["study", "job-search", "on-the-job"]


class Phase(Model):
    id: Id
    name: Text
    weeks: int = Field(gt=0, le=104)
    kind: PhaseKind = "study"
    summary: Text
    tasks: list[Task] = Field(min_length=1)
    resources: list[Text] = []


class RealityCheck(Model):
    love: list[Text] = Field(min_length=1)
    miss: list[Text] = Field(min_length=1)
    challenges: list[Text] = Field(min_length=1)


class ActionPlan(Model):
    this_week: list[ActionItem] = Field(min_length=1)
    this_month: list[ActionItem] = Field(min_length=1)
    next_90_days: list[ActionItem] = Field(min_length=1)

    @property
    def items(self) -> list[ActionItem]:
        return self.this_week + self.this_month + self.next_90_days


class FaqItem(Derivable):
    question: Text
    answer: Text


class Example(Model):
    """A prompt with a short worked example, used by templates and worksheets."""

    id: Id
    title: Text
    prompt: Text
    example: Text | None = None


WorksheetKind = Literal[
    "teardown",
    "prd",
    "decision-memo",
    "interview-notes",
    "resume-rewrites",
    "application-log",
    "interview-tracker",
    "roadmap",
]


class Worksheet(Model):
    """A page (or pages) where a task's written artifact is made; kinds are drawn in layout/."""

    id: Id
    kind: WorksheetKind
    title: Text
    purpose: Text
    products: list[Text] = []  # teardown: one pre-titled sheet per product
    copies: int = Field(default=1, ge=0, le=40)  # blank sheets, interviews or table rows
    per_week: int | None = Field(default=None, ge=1, le=50)  # application-log rows per week

    @model_validator(mode="after")
    def _fields_fit_the_kind(self):
        if self.products and self.kind != "teardown":
            raise ValueError("products are only for teardown worksheets")
        if self.per_week is not None and self.kind != "application-log":
            raise ValueError("per_week is only for application-log worksheets")
        if self.kind == "teardown" and not self.products and not self.copies:
            raise ValueError("a teardown worksheet needs products or blank copies")
        return self


class Tailoring(Model):
    """How a pathway bends a shared template: what to look for, and prompts of its own."""

    focus: Text
    prompts: list[Example] = []


class Pathway(Model):
    id: Id
    title: Text
    from_role: Text
    to_role: Text
    source: Text
    summary: Summary
    hours_per_week: Hours
    overview: list[Text] = Field(min_length=1)
    transferable_skills: list[TransferableSkill] = Field(min_length=1)
    skills_to_learn: list[SkillToLearn] = Field(min_length=1)
    roadmap: list[Phase] = Field(min_length=1)
    reality_check: RealityCheck
    action_plan: ActionPlan
    faq: list[FaqItem] = []
    notes: list[Text] = []
    teardown: Tailoring
    prd: Tailoring
    worksheets: list[Worksheet] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique_and_links_resolve(self):
        skill_ids = [s.id for s in self.transferable_skills] + [s.id for s in self.skills_to_learn]
        _require_unique("skill id", skill_ids)
        _require_unique("phase id", [p.id for p in self.roadmap])
        learnable = {s.id for s in self.skills_to_learn}
        for phase in self.roadmap:
            for task in phase.tasks:
                if task.skill is not None and task.skill not in learnable:
                    raise ValueError(
                        f"task {task.text!r} in phase {phase.id!r} names unknown skill "
                        f"{task.skill!r}; skills to learn are: {', '.join(sorted(learnable))}"
                    )
        _require_unique("worksheet id", [w.id for w in self.worksheets])
        sheets = {w.id for w in self.worksheets}
        linked = [t.worksheet for p in self.roadmap for t in p.tasks]
        linked += [item.worksheet for item in self.action_plan.items]
        for sheet in linked:
            if sheet is not None and sheet not in sheets:
                raise ValueError(
                    f"worksheet {sheet!r} is named by a task but not defined; "
                    f"worksheets are: {', '.join(sorted(sheets))}"
                )
        return self

    def worksheet(self, sheet_id: str) -> Worksheet:
        return next(w for w in self.worksheets if w.id == sheet_id)

    @property
    def skill_ids(self) -> list[str]:
        return [s.id for s in self.transferable_skills] + [s.id for s in self.skills_to_learn]


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


class Stage(Model):
    name: Text
    duration: Text | None = None
    what_it_tests: Text


class Interviews(Model):
    overview: Text
    stages: list[Stage] = Field(min_length=1)
    onsite_rounds: list[Stage] = Field(min_length=1)


class Mistake(Model):
    title: Text
    bad: Text
    good: Text
    lesson: Text


class Figure(Model):
    figure: Text
    meaning: Text


class Playbook(Model):
    """The shared essay: what the templates, worksheets and interview pages draw on."""

    source: Text
    title: Text
    who_it_is_for: Text
    shifts: list[Text] = Field(min_length=1)
    prd_sections: list[Example] = Field(min_length=1)
    decision_memo: list[Example] = Field(min_length=1)
    teardown_prompts: list[Example] = Field(min_length=1)
    resume_rewrites: list[Rewrite] = Field(min_length=1)
    interviews: Interviews
    mistakes: list[Mistake] = Field(min_length=1)
    faq: list[FaqItem] = Field(min_length=1)
    figures: list[Figure] = []


def bundled_content_dir() -> Path:
    """The content that ships with the package (a source checkout falls back to ./content)."""
    packaged = Path(str(files("workbook"))) / "content_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "content"


def load_pathway(path: Path) -> Pathway:
    pathway = load_model(path, Pathway)
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
    name: Text
    meaning: Text


class SheetText(Model):
    """A worksheet kind's own words: write-in fields, writing-box prompts, table columns."""

    intro: list[Text] = []
    fields: list[Text] = []
    prompts: list[Text] = []
    columns: list[Text] = []


class WorkbookText(Model):
    """The workbook's own words: skill levels, reflection prompts and section purposes."""

    skill_levels: list[Level] = Field(min_length=5, max_length=5)
    reflection_prompts: list[Text] = Field(min_length=1)
    starting_prompt: Text
    reality_prompt: Text
    section_intros: dict[str, Text]
    sheets: dict[WorksheetKind, SheetText]


@dataclass(frozen=True)
class Library:
    """Everything a workbook is made from, apart from the person."""

    pathways: dict[str, Pathway]
    playbook: Playbook
    text: WorkbookText
    digest: str  # of every file read, so that a changed content folder changes the output


@cache
def load_library(content_dir: Path | None = None) -> Library:
    """The pathways of `content_dir` (default: bundled); shared files from it or else the bundle."""
    bundled = bundled_content_dir()
    folder = content_dir or bundled

    def shared(name: str) -> Path:
        return folder / name if (folder / name).is_file() else bundled / name

    pathways = load_pathways(folder)
    files = [*_pathway_files(folder), shared("playbook.yaml"), shared("workbook.yaml")]
    digest = hashlib.sha256()
    for path in files:  # names too, so that moving text between files changes the digest
        digest.update(f"{path.name}\0{path.stat().st_size}\0".encode() + path.read_bytes())
    return Library(
        pathways=pathways,
        playbook=load_model(shared("playbook.yaml"), Playbook),
        text=load_model(shared("workbook.yaml"), WorkbookText),
        digest=digest.hexdigest(),
    )
