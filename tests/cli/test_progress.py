"""`workbook progress`: a filled-in workbook's fields read back into items done, hours, ratings
and weeks behind or ahead of the plan."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pypdf
import pytest
from click.testing import CliRunner

from conftest import FILLABLE, SHORT, build, fill, make_profile
from workbook import fieldnames
from workbook.cli import main
from workbook.plan import make_plan
from workbook.progress import hours_in, level_in, progress, ticked

TICK = "/Yes"


@pytest.fixture(scope="module")
def plan(library):
    profile = make_profile()
    return make_plan(library.pathways[profile.pathway], profile)


@pytest.fixture(scope="module")
def skills(library):
    return library.pathways[make_profile().pathway].skill_ids


def due_in(plan, *numbers: int) -> dict[str, str]:
    """Every item due in these weeks ticked on its due week's page."""
    return {
        fieldnames.week_item(plan.due_week(item.id), item.id): TICK
        for item in plan.items
        if plan.due_week(item.id) in numbers
    }


def end_of(plan, number: int) -> dt.date:
    """The Monday after working week `number`: that week has ended."""
    return plan.week(number).end + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("1.5", 1.5),
        ("1,5", 1.5),
        ("2h", 2.0),
        (" 3 hours ", 3.0),
        ("90 min", 1.5),
        ("1:30", 1.5),
        ("1h30", 1.5),
        ("", None),
        ("junk", None),
        ("-2", None),
        ("1.5.2", None),
        (None, None),
    ],
)
def test_hours_are_read_leniently_and_junk_is_left_out(text, hours):
    assert hours_in(text) == hours


def test_a_day_over_24_hours_is_left_out_and_the_total_counts_only_without_days(plan, skills):
    week = fieldnames.week_hours
    fields = {week(1, "mon"): "2", week(1, "tue"): "30", week(1, "total"): "40"}
    fields |= {week(2, "total"): "7,5", week(3, "wed"): "x", week(3, "total"): "4"}
    record = progress(plan, fields, end_of(plan, 3), skills)
    assert [w.hours for w in record.weeks[:4]] == [2.0, 7.5, 4.0, None]
    assert record.hours_logged == 13.5


@pytest.mark.parametrize(
    ("value", "on"), [("/Yes", True), ("/On", True), ("/Off", False), ("", False)]
)
def test_a_box_is_ticked_by_any_value_but_off(value, on):
    assert ticked({"x": value}, "x") is on


@pytest.mark.parametrize(
    ("value", "level"), [("/3", 3), ("0", 0), (" 4 ", 4), ("5", None), ("x", None)]
)
def test_a_rating_is_one_digit_from_0_to_4(value, level):
    assert level_in(value) == level


def test_items_done_are_counted_by_week_and_phase(plan, skills):
    record = progress(plan, due_in(plan, 1, 2), end_of(plan, 2), skills)
    week1, week2, week3 = record.weeks[:3]
    assert week1.items_done == week1.items_due > 0 and week2.items_done == week2.items_due > 0
    assert week3.items_done == 0
    assert record.items_done == week1.items_due + week2.items_due
    assert record.items_total == len(plan.items) == sum(w.items_due for w in record.weeks)
    first = record.phases[0]
    assert first.number == 1 and first.phase_id == plan.phases[0].phase_id
    assert first.items_done == record.items_done  # weeks 1-2 are in the first phase
    assert sum(p.items_total for p in record.phases) == len(plan.items)


def test_a_box_ticked_before_the_due_week_is_a_share_not_the_item(plan, skills):
    item = next(i for i in plan.items if plan.first_week(i.id) < plan.due_week(i.id) - 1)
    first = plan.first_week(item.id)
    record = progress(plan, {fieldnames.week_item(first, item.id): TICK}, end_of(plan, 1), skills)
    assert item.id not in record.done
    (found, share), *_ = record.shares
    spent = sum(w.hours for w in plan.week(first).work if w.item_id == item.id)
    assert found == item.id and share == pytest.approx(spent / item.hours)


def test_roadmap_and_action_plan_boxes_count_as_done(plan, skills):
    step = next(i for i in plan.items if i.step)
    task = next(i for i in plan.items if not i.step and plan.due_week(i.id) > 10)
    fields = {fieldnames.action_step(step.id): TICK, fieldnames.roadmap_item(task.id): TICK}
    assert progress(plan, fields, end_of(plan, 1), skills).done == (
        tuple(i.id for i in plan.items if i.id in (step.id, task.id))
    )


def test_weeks_behind_is_positive_when_behind_and_negative_when_ahead(plan, skills):
    on_plan = progress(plan, due_in(plan, 1, 2, 3), end_of(plan, 3), skills)
    assert on_plan.weeks_behind == 0 and on_plan.weeks_elapsed == 3
    behind = progress(plan, due_in(plan, 1), end_of(plan, 4), skills)
    assert behind.weeks_behind == 3
    ahead = progress(plan, due_in(plan, 1, 2, 3, 4, 5, 6), end_of(plan, 2), skills)
    assert ahead.weeks_behind == -4
    before = progress(plan, {}, plan.start, skills)
    assert before.weeks_behind == 0 and before.weeks_elapsed == 0


def test_the_latest_rating_wins_and_a_review_beats_the_matrix_at_the_same_phase(plan, skills):
    fields = {
        fieldnames.review_rating(1, "ai-ml-concepts"): "/2",
        fieldnames.matrix_rating(2, "ai-ml-concepts"): "3",
        fieldnames.review_rating(2, "pm-fundamentals"): "/1",
        fieldnames.matrix_rating(2, "pm-fundamentals"): "4",
        fieldnames.matrix_rating(1, "api-development"): "junk",
    }
    ratings = dict(progress(plan, fields, end_of(plan, 1), skills).ratings)
    assert ratings == {"ai-ml-concepts": 3, "pm-fundamentals": 1}


# -- the command, on a short fillable book filled in with pypdf ------------------------------


def run(*args: str):
    return CliRunner().invoke(main, ["progress", *args])


@pytest.fixture(scope="module")
def files(library, plan, tmp_path_factory):
    """A filled-in copy, a blank copy, a print edition, a foreign and a damaged PDF, a text file."""
    folder = tmp_path_factory.mktemp("progress")
    book = build(library, FILLABLE).data
    values = due_in(plan, 1)
    values |= {fieldnames.week_hours(1, "mon"): "1,5", fieldnames.week_hours(1, "tue"): "2h"}
    values |= {fieldnames.week_hours(2, "total"): "6", fieldnames.week_hours(2, "wed"): "junk"}
    values[fieldnames.matrix_rating(1, "ai-ml-concepts")] = "3"
    found = {"filled": fill(book, values), "blank": book, "print": build(library, SHORT).data}
    foreign = pypdf.PdfWriter()
    foreign.add_blank_page(200, 200)
    buffer = io.BytesIO()
    foreign.write(buffer)
    found["foreign"] = buffer.getvalue()
    found["damaged"] = book[: len(book) // 2]
    paths = {}
    for name, data in found.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    paths["text"] = folder / "notes.txt"
    paths["text"].write_text("not a pdf", encoding="utf-8")
    return {name: str(path) for name, path in paths.items()}


def test_json_lists_each_file_with_its_counts_hours_and_standing(files, plan):
    result = run(files["filled"], files["blank"], "--as-of", end_of(plan, 2).isoformat(), "--json")
    assert result.exit_code == 0, result.output
    filled, blank = json.loads(result.stdout)
    keys = {"file", "name", "items_done", "items_total", "hours_logged", "weeks_behind"}
    assert keys | {"phases", "weeks", "ratings"} <= set(filled)
    week1 = plan.week(1)
    due = sum(plan.due_week(i.id) == 1 for i in plan.items)
    assert filled["file"] == files["filled"] and filled["name"] == "Ada Example"
    assert (filled["items_done"], filled["items_total"]) == (due, len(plan.items))
    assert filled["hours_logged"] == 9.5 and filled["weeks"][1]["hours"] == 6
    assert filled["weeks_behind"] == 1 and blank["weeks_behind"] == 2
    assert filled["ratings"] == {"ai-ml-concepts": 3}
    assert filled["phases"][0]["items_done"] == due and week1.number == 1


def test_the_table_says_who_how_far_and_behind_or_ahead(files, plan):
    result = run(files["filled"], "--as-of", end_of(plan, 2).isoformat())
    assert result.exit_code == 0, result.output
    assert "Ada Example" in result.stdout and "1 week behind" in result.stdout
    assert "9.5 h logged" in result.stdout and "phase 1 " in result.stdout


def test_csv_has_a_row_per_file_and_a_name_that_looks_like_a_formula_stays_text(files, tmp_path):
    reader = pypdf.PdfReader(files["filled"])
    settings = json.loads(reader.metadata["/Keywords"])
    settings["profile"]["name"] = "=HYPERLINK(1)"
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.add_metadata({"/Keywords": json.dumps(settings)})
    renamed = tmp_path / "renamed.pdf"
    with renamed.open("wb") as handle:
        writer.write(handle)
    result = run(files["filled"], str(renamed), "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["name"] for row in rows] == ["Ada Example", "'=HYPERLINK(1)"]
    assert rows[0]["items_total"] and "ai-ml-concepts=3" in rows[0]["ratings"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("print", "was printed without form fields; build it with --edition fillable"),
        ("foreign", "is not a workbook made by this tool"),
        ("damaged", "is a damaged PDF"),
        ("text", "is not a PDF"),
    ],
)
def test_a_file_that_cannot_be_read_is_named_and_the_others_are_still_read(files, name, message):
    result = run(files[name], files["filled"], "--json")
    assert result.exit_code == 2
    assert f"error: {files[name]}: {message}" in result.stderr
    assert [entry["file"] for entry in json.loads(result.stdout)] == [files["filled"]]


def test_csv_and_json_together_are_refused(files):
    result = run(files["filled"], "--csv", "--json")
    assert result.exit_code == 2 and "not both" in result.stderr


def test_a_review_s_hours_are_its_total_else_its_rows_added_up(plan, skills):
    first = [i.id for i in plan.items if i.phase_id == plan.phases[0].phase_id]
    fields = {
        fieldnames.review_hours(1, first[0]): "2,5",
        fieldnames.review_hours(1, first[1]): "200",
        fieldnames.review_hours(1, first[2]): "a lot",
        fieldnames.review_hours(2, first[0]): "9",  # not work of phase 2
        fieldnames.review_hours(3, "total"): "30h",
    }
    phases = progress(plan, fields, end_of(plan, 1), skills).phases
    assert [p.hours_reviewed for p in phases[:4]] == [202.5, None, 30.0, None]
