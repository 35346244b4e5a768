"""Profiles: every field validated, skills checked against the pathway, problems named."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from conftest import AI_PM, make_profile
from workbook.errors import InputError
from workbook.profile import load_profile


def test_the_bundled_example_profile_is_valid(library):
    from workbook.build import example_profile

    profile, pathway = load_profile(example_profile(), library.pathways)
    assert pathway.id == AI_PM == profile.pathway


@pytest.mark.parametrize(
    ("yaml_text", "field", "words"),
    [
        ("start_date: 2027-02-30", "start_date", "not a real date"),
        ("start_date: next monday", "start_date", "YYYY-MM-DD"),
        ("hours_per_week: 0", "hours_per_week", "at least 0.25 (a quarter hour"),
        ("hours_per_week: 81", "hours_per_week", "must be at most 80, not 81"),
        ("name: '  '", "name", "must not be empty"),
        ("paper: legal", "paper", "'letter', 'a4', 'a5', 'remarkable'"),
        ("skills: {pm-fundamentals: 5}", "skills.pm-fundamentals", "must be at most 4, not 5"),
        ("weeks_off: [{from: 2027-03-10, to: 2027-03-01}]", "weeks_off[0].to", "before"),
        ("email: not-an-email", "email", "must be an email address"),
    ],
)
def test_bad_fields_are_named(tmp_path, library, yaml_text, field, words):
    path = tmp_path / "profile.yaml"
    key = yaml_text.split(":")[0]
    base = {
        "name": "name: Ada",
        "pathway": f"pathway: {AI_PM}",
        "start_date": "start_date: 2027-01-04",
        "hours_per_week": "hours_per_week: 10",
    }
    base[key] = yaml_text
    path.write_text("\n".join(base.values()) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(path, library.pathways)
    [problem] = caught.value.problems
    assert problem.where == field
    assert words in problem.message
    assert problem.line is not None


def test_missing_fields_are_all_listed(tmp_path, library):
    path = tmp_path / "profile.yaml"
    path.write_text("name: Ada\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(path, library.pathways)
    assert [p.where for p in caught.value.problems] == ["pathway", "start_date", "hours_per_week"]


def write(tmp_path, text: str):
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_skill_lists_the_valid_ones_with_its_line(tmp_path, library):
    path = write(
        tmp_path,
        f"name: Ada\npathway: {AI_PM}\nstart_date: 2027-01-04\nhours_per_week: 9\n"
        "skills:\n  ai-ethics: 1\n  juggling: 2\n",
    )
    with pytest.raises(InputError) as caught:
        load_profile(path, library.pathways)
    [problem] = caught.value.problems
    assert (problem.where, problem.line) == ("skills.juggling", 7)
    assert "api-development" in problem.message and "ai-ethics" in problem.message


def test_unknown_pathway_lists_the_known_ones(tmp_path, library):
    path = write(
        tmp_path, "name: Ada\npathway: astronaut\nstart_date: 2027-01-04\nhours_per_week: 9\n"
    )
    with pytest.raises(InputError) as caught:
        load_profile(path, library.pathways)
    [problem] = caught.value.problems
    assert (problem.where, problem.line) == ("pathway", 2) and AI_PM in problem.message


def test_dates_and_paper_are_normalised():
    profile = make_profile(start_date="2027-01-06", paper="A4")
    assert profile.start_date == dt.date(2027, 1, 6) and profile.paper == "a4"


@pytest.mark.parametrize("blank", ["\u3164", "\uffa0", "\u2800", "\u115f\u1160"])
def test_a_name_that_would_print_blank_is_refused(blank):
    with pytest.raises(ValidationError, match="has no visible characters"):
        make_profile(name=blank)
    with pytest.raises(ValidationError, match="prints as nothing"):
        make_profile(name=f"Ada{blank[0]}Lee")


def test_spaces_of_every_width_become_plain_spaces():
    assert make_profile(name="Ada\u2002Lee\u3000Kim").name == "Ada Lee Kim"
