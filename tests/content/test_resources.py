"""Resources by identity: one entry each, named by id; duplicates and loose ids are errors."""

from __future__ import annotations

import pytest
import yaml

from conftest import PATHWAY_IDS
from workbook.content import bundled_content_dir, load_pathway
from workbook.errors import InputError

DESIGNER = "backend-developer-to-ai-product-designer"


def variant(tmp_path, change, pathway_id=DESIGNER):
    source = bundled_content_dir() / "pathways" / f"{pathway_id}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / f"{pathway_id}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def problems(path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_pathway(path)
    return [p.message for p in caught.value.problems]


def added(entry: dict):
    """A change that adds a resource entry and names it in the first phase."""

    def change(data):
        data["resources"].append(entry)
        data["roadmap"][0]["resources"].append(entry["id"])

    return change


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_every_resource_is_one_entry_that_something_names(library, pathway_id):
    pathway = library.pathways[pathway_id]
    named = {r for p in pathway.roadmap for r in p.resources}
    named |= {r for s in pathway.skills_to_learn for r in s.resources}
    named |= {r for w in pathway.work for r in w.resources}
    assert named == {r.id for r in pathway.resources}
    titles = [(r.title.casefold(), (r.provider or "").casefold()) for r in pathway.resources]
    assert len(titles) == len(set(titles))


def test_the_designer_has_one_google_ux_certificate_named_by_skill_phase_and_task(library):
    pathway = library.pathways[DESIGNER]
    [entry] = [r for r in pathway.resources if "Google UX" in r.title]
    assert entry.name == "Google UX Design Certificate (Coursera)"
    assert entry.id in pathway.phase("foundation").resources
    assert entry.id in next(s for s in pathway.skills_to_learn if s.id == "ui-design").resources
    assert entry.id in next(w for w in pathway.work if w.id == "google-ux-first-courses").resources


@pytest.mark.parametrize(
    "entry",
    [
        {
            "id": "again",
            "title": "Google UX design certificate",
            "kind": "course",
            "provider": "coursera",
        },
        {
            "id": "again",
            "title": "The 'Google UX Design' certificate",
            "kind": "course",
            "provider": "Coursera.",
        },
    ],
    ids=["case", "quotes and form words"],
)
def test_the_same_title_and_provider_twice_is_an_error(tmp_path, entry):
    [message] = problems(variant(tmp_path, added(entry)))
    assert message.startswith("resources 'google-ux-certificate' and 'again' are the same resource")
    assert "keep one entry and name it by its id" in message


def test_a_book_named_twice_with_and_without_its_form_word_is_an_error(tmp_path):
    entry = {"id": "again", "title": "The Design of Everyday Things (book)", "kind": "book"}
    [message] = problems(variant(tmp_path, added(entry)))
    assert "'design-of-everyday-things' and 'again' are the same resource" in message


def test_the_same_address_is_the_same_resource_whatever_the_title(tmp_path):
    def change(data):
        data["resources"][0]["url"] = "https://www.coursera.org/google-ux/"
        added(
            {
                "id": "again",
                "title": "Other",
                "kind": "course",
                "url": "http://coursera.org/google-ux",
            }
        )(data)

    [message] = problems(variant(tmp_path, change))
    assert "are the same resource (address:" in message


def test_the_same_title_from_another_provider_is_another_resource(library):
    ops = library.pathways["backend-developer-to-ai-operations-manager"]
    itil = [r.name for r in ops.resources if r.title == "ITIL 4 Foundation"]
    assert itil == ["ITIL 4 Foundation (Axelos)", "ITIL 4 Foundation (Udemy)"]


def test_an_unknown_resource_id_is_an_error_that_lists_the_known_ones(tmp_path):
    path = variant(tmp_path, lambda d: d["roadmap"][1]["tasks"][0]["resources"].append("figma-101"))
    [message] = problems(path)
    assert message.startswith("'user-research-specialization' names resource 'figma-101', which")
    assert "ai-for-designers, becoming-a-product-designer" in message


def test_an_entry_nothing_names_is_an_error(tmp_path):
    def change(data):
        data["resources"].append({"id": "orphan", "title": "Orphan", "kind": "book"})

    assert problems(variant(tmp_path, change)) == [
        "resource 'orphan' is named by no phase, skill or task"
    ]


def test_a_resource_needs_a_known_kind(tmp_path):
    [message] = problems(variant(tmp_path, lambda d: d["resources"][0].update(kind="podcast")))
    assert message.startswith("must be 'book', 'course'") and message.endswith("not 'podcast'")
