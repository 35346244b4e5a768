"""A centre's content pack is trusted less: what is too big is refused, what validates lays out."""

from __future__ import annotations

import copy
import types
import typing
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from conftest import AI_PM, make_profile
from workbook import content
from workbook.build import build_workbook
from workbook.cli import main
from workbook.content import Pathway, Playbook, WorkbookText, bundled_content_dir, load_library
from workbook.options import Options

BUNDLED = bundled_content_dir()


class NoAliases(yaml.SafeDumper):
    """Writes a shared value out twice: content files may not hold aliases."""

    def ignore_aliases(self, data):
        return True


def bundled(name: str) -> dict:
    return yaml.safe_load((BUNDLED / name).read_text(encoding="utf-8"))


def write_pack(folder: Path, pathway: dict, **shared: dict) -> Path:
    """A content folder: the pathway, and playbook.yaml / workbook.yaml when given."""
    (folder / "pathways").mkdir(parents=True)
    files = {f"pathways/{AI_PM}.yaml": pathway, **{f"{k}.yaml": v for k, v in shared.items()}}
    for name, data in files.items():
        text = yaml.dump(data, Dumper=NoAliases, sort_keys=False, allow_unicode=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def validate_pack(folder: Path):
    return CliRunner().invoke(main, ["pathways", "validate", str(folder / "pathways")])


# -- what cannot be laid out is refused by `pathways validate` ---------------------------------


def one_week_phases(data: dict) -> None:
    first = data["roadmap"][0]
    data["roadmap"] = [
        {**copy.deepcopy(first), "id": f"p{n}", "weeks": 1, "tasks": [{"id": f"t{n}", "text": "x"}]}
        for n in range(400)
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (one_week_phases, "roadmap: has 400 items; at most 8"),
        (
            lambda d: d["roadmap"][0].update(name="P" * 5000),
            "roadmap[0].name: is 5,000 characters long; at most 120",
        ),
        (
            lambda d: d["roadmap"][1]["tasks"][0].update(text="word " * 4000),
            "roadmap[1].tasks[0].text: is 20,000 characters long; at most 500",
        ),
        (
            lambda d: d["roadmap"][0]["tasks"].extend(
                {"id": f"more-{n}", "text": "x"} for n in range(12)
            ),
            "roadmap[0].tasks: has 16 items; at most 12",
        ),
        (
            lambda d: d["transferable_skills"].extend(
                {"id": f"s{n}", "name": "S", "applies": "A"} for n in range(8)
            ),
            "transferable_skills: has 13 items; at most 12",
        ),
        (
            lambda d: d["roadmap"][0].update(weeks=100),
            "roadmap: the phases add up to 132 weeks; at most 104 (two years)",
        ),
        (
            lambda d: d["roadmap"][0]["tasks"][0].update(id="Big-Task"),
            "roadmap[0].tasks[0].id: must be an id: lowercase letters and digits",
        ),
        (
            lambda d: d["roadmap"][0]["tasks"][0].update(text="Read \u202etxt.exe"),
            "roadmap[0].tasks[0].text: contains an invisible formatting character, U+202E",
        ),
        (
            lambda d: d["roadmap"][0]["tasks"][1].update(required="yes"),
            "roadmap[0].tasks[1].required: must be true or false, not 'yes'",
        ),
        (
            lambda d: d["roadmap"][0].update(weeks="0xC"),
            "roadmap[0].weeks: must be a whole number written with digits, such as 6, not '0xC'",
        ),
    ],
    ids=[
        "400 phases",
        "long phase name",
        "long task",
        "tasks",
        "skills",
        "weeks",
        "id",
        "bidi",
        "yes",
        "hex",
    ],
)
def test_a_pack_beyond_the_caps_is_refused_by_validate(tmp_path, change, message):
    data = bundled(f"pathways/{AI_PM}.yaml")
    change(data)
    folder = write_pack(tmp_path, data)
    result = validate_pack(folder)
    assert result.exit_code == 2 and "Traceback" not in result.output
    path = folder / "pathways" / f"{AI_PM}.yaml"
    assert any(
        line.startswith(f"error: {path}:") and message in line
        for line in result.stderr.splitlines()
    ), result.stderr


def test_the_bundled_pathways_validate(tmp_path):
    result = CliRunner().invoke(main, ["pathways", "validate", str(BUNDLED / "pathways")])
    assert result.exit_code == 0 and result.stdout.count("ok: ") == 4


# -- what validates lays out -------------------------------------------------------------------


def wide(length: int) -> str:
    """Text of W, the widest letter, in words of 12: wider than a narrow column, so split too."""
    return ("W" * 12 + " ") * (length // 13) + "W" * (length % 13)


def widest(annotation, metadata, value):
    """`value` with every text longer than an id at its cap, in wide words."""
    if isinstance(value, str):
        cap = next((m.max_length for m in metadata if getattr(m, "max_length", None)), None)
        return wide(cap) if cap and cap > content.MAX_ID else value
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {k: widest_field(annotation, k, v) for k, v in value.items()}
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return widest(args[0], args[1:], value)
    if origin in (typing.Union, types.UnionType):
        return widest(_branch(args, value), (), value)
    if origin is list:
        return [widest(args[0], (), item) for item in value]
    if origin is dict:
        return {key: widest(args[1], (), item) for key, item in value.items()}
    return value


def widest_field(model: type[BaseModel], name: str, value):
    field = model.model_fields[name]
    return widest(field.annotation, field.metadata, value)


def _branch(args: tuple, value):
    """The member of a union that `value` belongs to (a model for a mapping, else a text)."""
    models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
    if isinstance(value, dict) and models:
        return models[0]
    texts = [a for a in args if typing.get_origin(a) is typing.Annotated]
    return texts[0] if texts and isinstance(value, str) else type(None)


def _renamed(task: dict, new_id: str) -> dict:
    drop = {"after", "applications", "worksheets", "required", "hours", "hours_from"}
    return {**{k: v for k, v in task.items() if k not in drop}, "id": new_id}


def grown(pathway: dict) -> dict:
    """The page-shaping counts at their caps: phases, tasks in a phase, skills of each kind."""
    extra = []
    for n in range(content.MAX_PHASES - len(pathway["roadmap"])):
        phase = copy.deepcopy(pathway["roadmap"][0])
        tasks = [_renamed(t, f"extra-{n}-{i}") for i, t in enumerate(phase["tasks"])]
        extra.append({**phase, "id": f"extra-{n}", "weeks": 6, "tasks": tasks})
    pathway["roadmap"] = extra + pathway["roadmap"]
    for p, phase in enumerate(pathway["roadmap"]):
        base = phase["tasks"]
        while len(phase["tasks"]) < content.MAX_TASKS:
            phase["tasks"].append(
                _renamed(base[len(phase["tasks"]) % len(base)], f"more-{p}-{len(phase['tasks'])}")
            )
    first = pathway["roadmap"][0]["id"]
    for n in range(content.MAX_SKILLS - len(pathway["skills_to_learn"])):
        skill = {k: v for k, v in pathway["skills_to_learn"][n].items() if k != "study"}
        study = {"id": f"skill-{n}-study", "text": skill["name"], "phase": first}
        pathway["skills_to_learn"].append({**skill, "id": f"skill-{n}", "study": study})
    for n in range(content.MAX_SKILLS - len(pathway["transferable_skills"])):
        pathway["transferable_skills"].append({**pathway["transferable_skills"][0], "id": f"t-{n}"})
    return pathway


def grown_shared(playbook: dict, text: dict) -> tuple[dict, dict]:
    stages = playbook["interviews"]["stages"]
    stages += [copy.deepcopy(stages[0]) for _ in range(content.MAX_STAGES - len(stages))]
    for kind, sheet in text["sheets"].items():
        for key in ("intro", "fields", "prompts", "columns"):
            if key == "columns" and kind in content.SHEET_COLUMNS:
                continue  # a table drawn with a fixed number of columns
            if sheet.get(key):
                sheet[key] += [sheet[key][0]] * (content.MAX_SHEET_ITEMS - len(sheet[key]))
    return playbook, text


def test_a_pack_at_every_cap_lays_out(tmp_path):
    """Every text at its cap, in the widest letter, with the page-shaping counts at theirs."""
    pathway = widest(Pathway, (), grown(bundled(f"pathways/{AI_PM}.yaml")))
    for n, resource in enumerate(pathway["resources"]):  # each resource once: titles differ
        resource["title"] = resource["title"][:-3] + f"{n:03}"
    playbook, text = grown_shared(bundled("playbook.yaml"), bundled("workbook.yaml"))
    folder = write_pack(
        tmp_path,
        pathway,
        playbook=widest(Playbook, (), playbook),
        workbook=widest(WorkbookText, (), text),
    )
    library = load_library(folder)
    assert len(library.pathways[AI_PM].roadmap) == content.MAX_PHASES
    assert library.pathways[AI_PM].roadmap[0].name == wide(content.MAX_LABEL)
    person = make_profile(name=wide(200), email="W" * 242 + "@example.com", hours_per_week=40)
    pdf = build_workbook(library, library.pathways[AI_PM], person, Options(weeks=(1, 1)))
    assert pdf.startswith(b"%PDF")
