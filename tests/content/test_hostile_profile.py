"""Hostile profile values: no silent coercion, names printed as typed or refused with a reason."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import AI_PM, make_profile
from workbook.errors import InputError
from workbook.messages import validate
from workbook.profile import Profile, load_profile

FIELDS = {
    "name": "name: Ada",
    "pathway": f"pathway: {AI_PM}",
    "start_date": "start_date: 2027-01-04",
    "hours_per_week": "hours_per_week: 10",
}


def load(tmp_path, library, *lines: str):
    fields = dict(FIELDS)
    for line in lines:
        fields[line.split(":")[0]] = line
    path = tmp_path / "profile.yaml"
    path.write_text("\n".join(fields.values()) + "\n", encoding="utf-8")
    return load_profile(path, library.pathways)[0]


def refused(tmp_path, library, *lines: str) -> list:
    with pytest.raises(InputError) as caught:
        load(tmp_path, library, *lines)
    return caught.value.problems


# -- YAML 1.1 surprises are refused, saying what was written -----------------------------------


@pytest.mark.parametrize(
    "written", ["1:10", "0xC", "1_0", "010", "0o14", "1e1", "1e-300", "yes", "on", "no", "~"]
)
def test_hours_not_written_as_a_plain_number_are_refused(tmp_path, library, written):
    [problem] = refused(tmp_path, library, f"hours_per_week: {written}")
    assert (problem.where, problem.line) == ("hours_per_week", 4)
    expected = "nothing" if written == "~" else repr(written)
    assert problem.message.startswith("must be a number of hours written with digits")
    assert problem.message.endswith(f"not {expected}")


@pytest.mark.parametrize("written", ["true", "yes", "'2'", "2.5", "0x2"])
def test_a_skill_level_must_be_a_digit(tmp_path, library, written):
    [problem] = refused(tmp_path, library, f"skills: {{ai-ethics: {written}}}")
    assert (problem.where, problem.line) == ("skills.ai-ethics", 5)
    assert written.strip("'") in problem.message


def test_words_yaml_1_1_would_turn_into_booleans_stay_words(tmp_path, library):
    profile = load(tmp_path, library, "name: no", "paper: A4")
    assert profile.name == "no" and profile.paper == "a4"
    [problem] = refused(tmp_path, library, "paper: on")
    assert problem.message.startswith("must be 'letter', 'a4'")
    assert problem.message.endswith("'boox-note-air', not 'on'")


def test_plain_numbers_still_read_as_numbers(tmp_path, library):
    assert load(tmp_path, library, "hours_per_week: 7.5").hours_per_week == 7.5
    assert load(tmp_path, library, "hours_per_week: 1.2e+1").hours_per_week == 12


# -- hours and time off ------------------------------------------------------------------------


def test_hours_below_a_quarter_hour_say_so_without_a_huge_number(tmp_path, library):
    [problem] = refused(tmp_path, library, "hours_per_week: 1.0e-300")
    assert (problem.where, problem.line) == ("hours_per_week", 4)
    assert problem.message == (
        "must be at least 0.25 (a quarter hour: plans are made in quarter hours), not 1e-300"
    )
    assert load(tmp_path, library, "hours_per_week: 0.25").hours_per_week == 0.25


def test_time_off_covering_the_whole_plan_blames_the_time_off(tmp_path, library):
    [problem] = refused(tmp_path, library, "weeks_off: [{from: 2027-01-01, to: 2099-12-31}]")
    assert (problem.where, problem.line) == ("weeks_off", 5)
    assert problem.message.startswith("the time off leaves no working week")


def test_time_off_of_more_than_two_years_blames_the_time_off(tmp_path, library):
    [problem] = refused(tmp_path, library, "weeks_off: [{from: 2027-03-01, to: 2037-12-31}]")
    assert problem.where == "weeks_off" and "adds up to 3,959 days" in problem.message


def test_overlapping_time_off_is_counted_once(tmp_path, library):
    spans = "[{from: 2027-03-01, to: 2028-12-31}, {from: 2027-06-01, to: 2028-06-30}]"
    assert len(load(tmp_path, library, f"weeks_off: {spans}").weeks_off) == 2


# -- names and other free text -----------------------------------------------------------------

UNSAFE = {
    "NUL": "\x00",
    "ESC": "\x1b",
    "DEL": "\x7f",
    "C1 CSI": "\x9b",
    "tab": "\t",
    "newline": "\n",
    "LRE": "\u202a",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "PDI": "\u2069",
    "word joiner": "\u2060",
    "BOM": "\ufeff",
    "zero-width space": "\u200b",
    "non-character": "\ufdd0",
    "non-character FFFE": "\ufffe",
    "private use": "\ue000",
    "lone surrogate": "\ud800",
    "line separator": "\u2028",
}


def problems_of(**changes) -> list:
    data = {"name": "Ada", "pathway": AI_PM, "start_date": "2027-01-04", "hours_per_week": 9}
    with pytest.raises(InputError) as caught:
        validate({**data, **changes}, Profile, "roster.csv")
    return caught.value.problems


@pytest.mark.parametrize("char", UNSAFE.values(), ids=UNSAFE.keys())
def test_invisible_or_unsafe_characters_in_a_name_are_refused_by_code(char):
    [problem] = problems_of(name=f"Ada{char}Lovelace")
    assert problem.where == "name" and char not in problem.message
    if char == "\ud800":  # refused by the string check itself, before the character rule
        assert problem.message == "contains a lone surrogate (half a character); remove it"
    else:
        assert f"U+{ord(char):04X}" in problem.message
        assert problem.message.endswith("at character 4; remove it")


@pytest.mark.parametrize("char", ["\u202e", "\x1b", "\ufeff"])
def test_the_same_rule_holds_for_an_email(char):
    [problem] = problems_of(email=f"ada{char}@example.com")
    assert problem.where == "email" and f"U+{ord(char):04X}" in problem.message


KEPT = {
    "Arabic": "ليلى الأحمد",
    "Hebrew": "נועה כהן",
    "Persian with ZWNJ": "می\u200cخواهم",  # noqa: RUF001 - Persian letters, meant
    "Devanagari with ZWJ": "क्\u200dष",
    "Devanagari with virama": "अनिरुद्ध",
    "Thai": "สมชาย ใจดี",
    "CJK": "王小明",
    "Greek": "Ελένη",
    "Cyrillic": "Анна Петрова",
    "Vietnamese": "Nguyễn Thị Minh Khai",
    "emoji ZWJ sequence": "Sam \U0001f469\u200d\U0001f4bb",
    "no-break space": "Jean\u00a0Dupont",
}


@pytest.mark.parametrize("name", KEPT.values(), ids=KEPT.keys())
def test_names_in_every_script_are_kept(name):
    assert make_profile(name=name).name == unicodedata.normalize("NFC", name)


def test_names_are_nfc_normalised():
    decomposed = "Zoe\u0308 Bru\u0308ck"
    assert make_profile(name=decomposed).name == "Zoë Brück"


@pytest.mark.parametrize(
    "name", ["\u200dAda", "Ada\u200c", "Ada \u200d Lovelace", "A\u200d\u200dB"]
)
def test_a_joiner_that_joins_nothing_is_refused(name):
    [problem] = problems_of(name=name)
    assert "a joiner that is not between two letters or symbols" in problem.message


@pytest.mark.parametrize("name", ["\u200b\u200d\u2060", "\u202e", "\u0301"])
def test_a_name_with_nothing_visible_is_refused(tmp_path, library, name):
    escaped = name.encode("unicode_escape").decode()
    [problem] = refused(tmp_path, library, f'name: "{escaped}"')
    assert (problem.where, problem.message) == ("name", "has no visible characters")


@pytest.mark.parametrize(
    ("field", "cap"), [("name", 200), ("email", 254), ("pathway", 100)], ids=str
)
def test_ten_thousand_characters_are_refused_with_their_count(tmp_path, library, field, cap):
    value = "a" * 9_988 + "@example.com" if field == "email" else "A" * 10_000
    [problem] = refused(tmp_path, library, f"{field}: {value}")
    assert problem.where == field
    assert problem.message == f"is 10,000 characters long; at most {cap}"


def test_an_unknown_pathway_is_quoted_short(tmp_path, library):
    [problem] = refused(tmp_path, library, "pathway: " + "x" * 90)
    assert "'xxxxxxxxx" in problem.message and "(90 characters)" in problem.message
    assert len(problem.message) < 400


def test_messages_are_in_the_tools_words(tmp_path, library):
    problems = refused(
        tmp_path,
        library,
        "name: ''",
        "pathway: [a]",
        "start_date: 2027-01-04 10:00:00",
        "hours_per_week: 81",
        "email: x",
        "skills: {ai-ethics: 5}",
        "colour: blue",
    )
    assert {p.where: p.message for p in problems} == {
        "name": "must not be empty",
        "pathway": "must be text, not a list",
        "start_date": "must be a date written YYYY-MM-DD, without a time; not 2027-01-04 10:00:00",
        "hours_per_week": "must be at most 80, not 81",
        "email": "must be an email address such as ada@example.com, not 'x'",
        "skills.ai-ethics": "must be at most 4, not 5",
        "colour": "is not a known field (check its spelling)",
    }
