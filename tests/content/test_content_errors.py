"""A broken content file gets messages naming the file, the field path and the line."""

from __future__ import annotations

import shutil

import pytest
import yaml

from workbook.content import bundled_content_dir, load_library, load_pathway
from workbook.errors import InputError

SOURCE = bundled_content_dir() / "pathways" / "backend-developer-to-ai-product-manager.yaml"


def write_variant(tmp_path, change, name="backend-developer-to-ai-product-manager"):
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    change(data)
    data["id"] = name
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems(path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_pathway(path)
    return [str(p) for p in caught.value.problems]


def test_bad_priority_names_file_field_and_line(tmp_path):
    path = write_variant(tmp_path, lambda d: d["skills_to_learn"][2].update(priority="urgent"))
    [message] = problems(path)
    line = next(
        n for n, text in enumerate(path.read_text().splitlines(), 1) if "priority: urgent" in text
    )
    assert message.startswith(f"{path}:{line}: skills_to_learn[2].priority:")
    assert "'critical', 'important' or 'nice-to-have'" in message


def test_every_problem_is_reported_at_once(tmp_path):
    def change(data):
        del data["roadmap"][0]["weeks"]
        data["transferable_skills"][0]["colour"] = "blue"

    messages = problems(write_variant(tmp_path, change))
    assert any("roadmap[0].weeks: Field required" in m for m in messages)
    assert any(
        "transferable_skills[0].colour: Extra inputs are not permitted" in m for m in messages
    )


def test_a_task_must_name_a_real_skill(tmp_path):
    path = write_variant(tmp_path, lambda d: d["roadmap"][0]["tasks"][0].update(skill="juggling"))
    [message] = problems(path)
    assert "unknown skill 'juggling'" in message and "pm-fundamentals" in message


def test_the_id_must_match_the_file_name(tmp_path):
    path = write_variant(tmp_path, lambda d: None)
    renamed = path.with_name("elsewhere.yaml")
    shutil.move(path, renamed)
    [message] = problems(renamed)
    assert "id: is 'backend-developer-to-ai-product-manager'" in message


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    [message] = problems(path)
    assert message.startswith(f"{path}:") and "not valid YAML" in message


def test_derived_notes_must_name_real_fields(tmp_path):
    def change(data):
        data["summary"]["derived"] = {"popularity": "made up"}

    [message] = problems(write_variant(tmp_path, change))
    assert "summary: derived names unknown field(s): popularity" in message


def test_a_new_pathway_is_a_dropped_in_file(tmp_path):
    def change(data):
        data["to_role"] = "AI Evangelist"

    write_variant(tmp_path, change, name="backend-developer-to-ai-evangelist")
    library = load_library(tmp_path)
    assert list(library.pathways) == ["backend-developer-to-ai-evangelist"]
    assert library.playbook.prd_sections  # shared files fall back to the bundle
