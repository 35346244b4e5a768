"""Replanning: the work ticked as done is dropped, work partly done keeps the rest of its hours,
new ratings replace the old, and the plan's rules still hold for what is left."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from test_plan_properties import (
    LIBRARY,
    SETTINGS,
    plan_of,
    profiles,
    test_every_item_is_due_once_and_never_before_what_it_comes_after,
    test_nothing_falls_in_a_week_off_and_no_week_asks_too_much,
)

from conftest import FILLABLE, build, fill, make_profile
from workbook import fieldnames
from workbook.cli import main
from workbook.errors import InputError
from workbook.plan import make_plan
from workbook.profile import Profile, work_ids
from workbook.progress import Filled
from workbook.replan import changes, next_week, replanned

START = dt.date(2027, 6, 7)


def filled(profile: Profile, fields: dict[str, str]) -> Filled:
    pathway = LIBRARY.pathways[profile.pathway]
    plan = make_plan(pathway, profile)
    return Filled(Path("book.pdf"), profile, pathway, {}, plan, fields, ())


def ticked_on_due_weeks(plan, items) -> dict[str, str]:
    return {fieldnames.week_item(plan.due_week(i.id), i.id): "/Yes" for i in items}


def first_phase(plan):
    return [i for i in plan.items if i.phase_id == plan.phases[0].phase_id]


def replan(book: Filled):
    record = book.progress(START)
    return record, replanned(book, record, START)


def test_finished_work_is_dropped_and_the_first_phase_left_is_numbered_1(library):
    book = filled(make_profile(), {})
    book = filled(book.profile, ticked_on_due_weeks(book.plan, first_phase(book.plan)))
    _record, profile = replan(book)
    assert set(profile.done) == {i.id for i in first_phase(book.plan)} - {"interviews"}
    assert set(profile.done.values()) == {1.0}
    plan = make_plan(book.pathway, profile)
    assert not set(profile.done) & {i.id for i in plan.items}
    assert [p.phase_id for p in plan.phases] == [p.phase_id for p in book.plan.phases[1:]]
    assert plan.start == START and len(plan.working_weeks) < len(book.plan.working_weeks)
    roadmap = build(library, FILLABLE, **json.loads(profile.model_dump_json(by_alias=True)))
    text = roadmap.section_text("Your roadmap", "Reality check")
    assert f"Phase 1 · {book.plan.phases[1].name}" in text
    assert book.plan.phases[0].name not in text


def test_work_partly_done_keeps_the_rest_of_its_hours():
    book = filled(make_profile(), {})
    plan = book.plan
    item = next(i for i in plan.items if plan.first_week(i.id) < plan.due_week(i.id) - 1)
    first = plan.first_week(item.id)
    book = filled(book.profile, {fieldnames.week_item(first, item.id): "/Yes"})
    _record, profile = replan(book)
    spent = sum(w.hours for w in plan.week(first).work if w.item_id == item.id)
    assert profile.done == {item.id: round(spent / item.hours, 4)}
    left = make_plan(book.pathway, profile).item(item.id).hours
    assert left == pytest.approx(item.hours - spent, abs=0.25)


def test_shares_of_work_add_up_over_replans():
    book = filled(make_profile(), {})
    item = next(i for i in book.plan.items if not i.recurring and i.hours >= 4)
    book = filled(make_profile(done={item.id: 0.5}), {})
    half = book.plan.item(item.id)
    weeks = [w for w in book.plan.working_weeks if any(x.item_id == item.id for x in w.work)]
    fields = {}
    spent = 0.0
    for week in weeks[:-1]:
        share = sum(x.hours for x in week.work if x.item_id == item.id)
        if spent + share > half.hours / 2:
            break
        fields[fieldnames.week_item(week.number, item.id)] = "/Yes"
        spent += share
    if not fields:
        pytest.skip("the work is done in one week")
    _record, profile = replan(filled(book.profile, fields))
    assert profile.done[item.id] == round(0.5 + 0.5 * spent / half.hours, 4)


def test_new_ratings_replace_the_levels_and_change_the_hours():
    book = filled(make_profile(skills={"ai-ml-concepts": 1, "pm-fundamentals": 2}), {})
    fields = {
        fieldnames.review_rating(1, "ai-ml-concepts"): "/4",
        fieldnames.matrix_rating(1, "user-research"): "0",
    }
    record, profile = replan(filled(book.profile, fields))
    assert profile.skills == {"ai-ml-concepts": 4, "pm-fundamentals": 2, "user-research": 0}
    plan = make_plan(book.pathway, profile)
    builds = [i for i in book.plan.items if i.skill_id == "ai-ml-concepts" and i.kind == "study"]
    assert builds and all(plan.item(i.id).kind == "review" for i in builds if not i.required)
    lines = changes(book, record, profile, plan)
    assert any("AI/ML" in line and "1 → 4" in line for line in lines)
    assert any(line.startswith("planned finish: ") for line in lines)


def test_time_off_ended_before_the_new_start_is_left_out():
    breaks = [
        {"from": "2027-03-01", "to": "2027-03-07"},
        {"from": "2027-07-05", "to": "2027-07-11"},
    ]
    _record, profile = replan(filled(make_profile(weeks_off=breaks), {}))
    assert [o.start for o in profile.weeks_off] == [dt.date(2027, 7, 5)]


def test_a_book_with_everything_ticked_has_nothing_to_replan():
    book = filled(make_profile(), {})
    book = filled(book.profile, ticked_on_due_weeks(book.plan, book.plan.items))
    with pytest.raises(InputError, match="nothing left to plan"):
        replan(book)


def test_the_default_start_is_the_first_day_of_next_week():
    assert next_week(dt.date(2027, 6, 2)) == dt.date(2027, 6, 7)  # a Wednesday
    assert next_week(dt.date(2027, 6, 7)) == dt.date(2027, 6, 14)  # a Monday: the next one
    assert next_week(dt.date(2027, 6, 2), "sunday") == dt.date(2027, 6, 6)
    assert next_week(dt.date(2027, 6, 6), "sunday") == dt.date(2027, 6, 13)  # a Sunday


@pytest.mark.parametrize(
    ("done", "message"),
    [
        ({"no-such-work": 1}, "is not a piece of work or an action-plan step"),
        ({"ai-for-everyone": 0}, "must be more than 0"),
        ({"ai-for-everyone": 1.5}, "at most 1"),
        ({"ai-for-everyone": "all"}, "the share of the work done"),
    ],
)
def test_work_done_is_checked_against_the_pathway(tmp_path, library, done, message):
    from workbook.profile import load_profile

    path = tmp_path / "me.yaml"
    path.write_text(
        json.dumps(make_profile().model_dump(mode="json") | {"done": done}), encoding="utf-8"
    )
    with pytest.raises(InputError, match=message):
        load_profile(path, library.pathways)


# -- the plan's rules hold for what is left --------------------------------------------------


@st.composite
def replanned_profiles(draw):
    profile = draw(profiles())
    ids = work_ids(LIBRARY.pathways[profile.pathway])
    done = draw(st.dictionaries(st.sampled_from(ids), st.sampled_from([1.0, 0.75, 0.5, 0.25])))
    return profile.model_copy(update={"done": done})


@SETTINGS
@given(replanned_profiles())
def test_a_replanned_profile_keeps_the_plan_rules(profile):
    test_every_item_is_due_once_and_never_before_what_it_comes_after.hypothesis.inner_test(profile)
    test_nothing_falls_in_a_week_off_and_no_week_asks_too_much.hypothesis.inner_test(profile)
    planned = {i.id for i in plan_of(profile).items}
    assert not planned & {i for i, share in profile.done.items() if share == 1}


# -- the command -----------------------------------------------------------------------------


def test_generate_replan_from_a_filled_book_says_what_changed_and_rebuilds(library, tmp_path):
    profile = make_profile()
    plan = make_plan(library.pathways[profile.pathway], profile)
    week1 = [i for i in plan.items if plan.due_week(i.id) == 1]
    values = ticked_on_due_weeks(plan, week1)
    values[fieldnames.matrix_rating(1, "ai-ml-concepts")] = "3"
    book = tmp_path / "filled.pdf"
    book.write_bytes(fill(build(library, FILLABLE).data, values))
    out = tmp_path / "new.pdf"
    args = ["--replan-from", str(book), "--start", "2027-03-01", "--weeks", "1-2"]
    result = CliRunner().invoke(main, ["generate", *args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"replan: {len(week1)} finished, dropped: " in result.stderr
    assert "AI/ML Concepts not rated → 3" in result.stderr
    kept = json.loads(pypdf.PdfReader(out).metadata["/Keywords"])
    assert set(kept["profile"]["done"]) == {i.id for i in week1}
    glance = pypdf.PdfReader(out).pages[2].extract_text()  # says it is the rest of a plan
    assert f"{len(week1)} pieces of work done in your earlier workbook" in " ".join(glance.split())
    assert (
        kept["profile"]["start_date"] == "2027-03-01" and kept["options"]["edition"] == "fillable"
    )
    again = tmp_path / "again.pdf"
    rebuilt = CliRunner().invoke(main, ["generate", "--from-pdf", str(out), "--out", str(again)])
    assert rebuilt.exit_code == 0 and again.read_bytes() == out.read_bytes()


def test_start_without_replan_from_and_replan_with_a_profile_are_refused(tmp_path):
    alone = CliRunner().invoke(main, ["generate", "--start", "2027-03-01", "--out", str(tmp_path)])
    assert alone.exit_code == 2 and "pass --replan-from with it" in alone.stderr
    both = CliRunner().invoke(
        main, ["generate", "--replan-from", "a.pdf", "--profile", "b.yaml", "--out", str(tmp_path)]
    )
    assert both.exit_code == 2 and "not both" in both.stderr
