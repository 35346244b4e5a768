"""A broken content file gets messages naming the file, the field path and the line."""

from __future__ import annotations

import shutil

import pytest
import yaml

from workbook.content import bundled_content_dir, load_library, load_pathway
from workbook.errors import InputError

SOURCE = bundled_content_dir() / "pathways" / "backend-developer-to-ai-product-manager.yaml"


class NoAliases(yaml.SafeDumper):
    """Writes a value shared by two fields out twice: content files may not hold aliases."""

    def ignore_aliases(self, data):
        return True


def write_variant(tmp_path, change, name="backend-developer-to-ai-product-manager"):
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    change(data)
    data["id"] = name
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.dump(data, Dumper=NoAliases, sort_keys=False), encoding="utf-8")
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
    assert any("roadmap[0].weeks: is required" in m for m in messages)
    assert any("transferable_skills[0].colour: is not a known field" in m for m in messages)


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


def task(data, phase: int, index: int) -> dict:
    return data["roadmap"][phase]["tasks"][index]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: task(d, 1, 0).update(after=["nothing-here"]), "names 'nothing-here', which is"),
        (
            lambda d: task(d, 0, 0).update(after=["ai-pm-specialization"]),
            "comes after 'ai-pm-specialization', which is in a later phase (deep-dive)",
        ),
        (
            lambda d: (
                task(d, 1, 1).update(after=["teachable-machine"]),
                task(d, 1, 2).update(after=["model-metrics"]),
            ),
            "'after' goes round in a circle",
        ),
        (lambda d: task(d, 0, 1).pop("hours_from"), "hours and hours_from are given together"),
        (
            lambda d: d["action_plan"]["this_week"][0].update(kind="study"),
            "a step either marks roadmap work (marks) or is its own (kind)",
        ),
        (
            lambda d: d["skills_to_learn"][5].pop("study"),
            "skill 'ai-ethics' is built by no study or project task and has no study",
        ),
        (
            lambda d: task(d, 2, 3).update(
                kind="job-search", applications=task(d, 3, 3)["applications"]
            ),
            "at most one paced applications task, in the job-search phase",
        ),
        (lambda d: task(d, 4, 0).update(kind="study"), "on-the-job tasks belong in the on-the-job"),
        (lambda d: d["roadmap"].reverse(), "phases run study first, then one job-search"),
    ],
)
def test_schedule_links_are_checked_with_a_clear_message(tmp_path, change, expected):
    messages = problems(write_variant(tmp_path, change))
    assert any(expected in m for m in messages), messages


def test_a_worksheet_table_keeps_its_columns(tmp_path):
    data = yaml.safe_load((bundled_content_dir() / "workbook.yaml").read_text(encoding="utf-8"))
    data["sheets"]["application-log"]["columns"].pop()
    (tmp_path / "workbook.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (tmp_path / "pathways").mkdir()
    write_variant(tmp_path / "pathways", lambda d: None)
    with pytest.raises(InputError) as caught:
        load_library(tmp_path)
    messages = [str(p) for p in caught.value.problems]
    assert any(
        "sheets.application-log.columns: the table has 6 columns, not 5" in m for m in messages
    )


def content_folder(tmp_path, change=lambda d: None):
    (tmp_path / "pathways").mkdir()
    write_variant(tmp_path / "pathways", change)
    return tmp_path


def test_validate_checks_a_content_folder_as_generate_reads_it(tmp_path):
    from click.testing import CliRunner

    from workbook.cli import main

    folder = content_folder(tmp_path)
    (folder / "playbook.yaml").write_text("a: &x [1]\nb: *x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["pathways", "validate", str(folder)])
    assert result.exit_code == 2 and "playbook.yaml" in result.stderr
    assert f"ok: {folder / 'pathways'}" in result.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["pathways", "validate", str(empty)])
    assert result.exit_code == 2 and "holds no pathway files" in result.stderr


def test_a_huge_shared_file_is_refused_without_being_read(tmp_path):
    folder = content_folder(tmp_path)
    with (folder / "playbook.yaml").open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: 3 GiB that take no disk and must not be read
    with pytest.raises(InputError) as caught:
        load_library(folder)
    assert "playbook.yaml" in str(caught.value) and "at most" in str(caught.value)


def test_a_pipe_for_a_shared_file_is_an_error_not_a_fallback(tmp_path):
    import os

    folder = content_folder(tmp_path)
    os.mkfifo(folder / "workbook.yaml")
    with pytest.raises(InputError) as caught:
        load_library(folder)
    assert "is a pipe" in str(caught.value)


def test_very_wide_text_wraps_rather_than_fail(tmp_path):
    from click.testing import CliRunner

    from workbook.cli import main

    folder = content_folder(tmp_path, lambda d: d["roadmap"][0].update(name="\ufdfd" * 120))
    out = tmp_path / "book.pdf"
    args = ["generate", "--content", str(folder), "--out", str(out), "--weeks", "1-2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def test_text_that_cannot_fit_a_page_is_one_message(tmp_path, monkeypatch):
    """Validation caps lengths and columns fit the frame, but a glyph can be wider than a page:
    ReportLab's report of it becomes one message naming the content, and nothing is written."""
    from click.testing import CliRunner
    from reportlab.platypus.doctemplate import LayoutError

    from workbook.cli import main
    from workbook.render.document import WorkbookDocument

    def too_large(*args, **kwargs):
        raise LayoutError("Flowable <Table> too large on page 6 in frame of template 'body'")

    monkeypatch.setattr(WorkbookDocument, "multiBuild", too_large)
    folder = content_folder(tmp_path)
    out = tmp_path / "book.pdf"
    args = ["generate", "--content", str(folder), "--out", str(out), "--weeks", "1-2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert f"error: {folder}: holds text that cannot fit on page 6" in result.stderr
    assert not out.exists()


def test_every_broken_link_of_a_pathway_is_reported_at_once(tmp_path):
    def change(data):
        task(data, 0, 0).update(skill="juggling")
        task(data, 1, 0).update(after=["nothing-here"])
        task(data, 1, 1).update(worksheets=["no-such-sheet"])

    messages = problems(write_variant(tmp_path, change))
    for expected in ("unknown skill 'juggling'", "'nothing-here'", "worksheet 'no-such-sheet'"):
        assert sum(expected in m for m in messages) == 1, (expected, messages)
